/*
 * A key is over its limit when its limit-th most recent attempt is still
 * inside the window; it is free again when that attempt leaves the window.
 */
#include "ratelimit.h"

static enum store_rc ratelimit_wait(struct store_conn *c, enum store_attempt kind,
				    const char *key, unsigned limit, unsigned window,
				    time_t now, unsigned *wait)
{
	time_t at = 0;
	enum store_rc r;

	*wait = 0;
	r = store_attempt_nth_recent(c, kind, key, now - (time_t)window + 1, limit, &at);
	if (r == STORE_NOT_FOUND)
		return STORE_OK;
	if (r != STORE_OK)
		return r;
	*wait = at + (time_t)window > now ? (unsigned)(at + (time_t)window - now) : 1;
	return STORE_OK;
}

enum store_rc ratelimit_login_check(const struct config *cfg, struct store_conn *c,
				    const char *login, const char *addr, time_t now,
				    unsigned *wait)
{
	unsigned by_login = 0, by_addr = 0;
	enum store_rc r;

	r = ratelimit_wait(c, STORE_ATTEMPT_LOGIN_FAIL_BY_LOGIN, login, cfg->login_fail_limit,
			   cfg->login_window, now, &by_login);
	if (r != STORE_OK)
		return r;
	r = ratelimit_wait(c, STORE_ATTEMPT_LOGIN_FAIL_BY_ADDR, addr, cfg->login_ip_limit,
			   cfg->login_window, now, &by_addr);
	if (r != STORE_OK)
		return r;
	*wait = by_login > by_addr ? by_login : by_addr;
	return STORE_OK;
}

enum store_rc ratelimit_signup_check(const struct config *cfg, struct store_conn *c,
				     const char *addr, time_t now, unsigned *wait)
{
	return ratelimit_wait(c, STORE_ATTEMPT_SIGNUP_BY_ADDR, addr, cfg->signup_limit,
			      cfg->signup_window, now, wait);
}

enum store_rc ratelimit_recovery_check(const struct config *cfg, struct store_conn *c,
				       enum store_attempt kind, const char *key, time_t now,
				       unsigned *wait)
{
	unsigned limit = kind == STORE_ATTEMPT_RECOVERY_BY_LOGIN ||
				 kind == STORE_ATTEMPT_RECOVERY_BY_ACCOUNT
			 ? cfg->recovery_limit
			 : kind == STORE_ATTEMPT_CLAIM_BY_ACCOUNT ? cfg->claim_limit
			 : kind == STORE_ATTEMPT_CLAIM_BY_ADDR ? cfg->claim_ip_limit
			 : cfg->recovery_ip_limit;

	return ratelimit_wait(c, kind, key, limit, cfg->recovery_window, now, wait);
}

enum store_rc ratelimit_purge(const struct config *cfg, struct store_conn *c, time_t now)
{
	enum store_rc r = store_attempts_purge(c, now - (time_t)cfg->login_window,
					       now - (time_t)cfg->signup_window);

	if (r == STORE_OK)
		r = store_recovery_attempts_purge(c, now - (time_t)cfg->recovery_window);
	if (r == STORE_OK)
		r = store_recovery_codes_purge(c, now);
	if (r == STORE_OK)
		r = store_claims_purge(c, now);
	return r;
}
