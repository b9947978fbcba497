/*
 * Rate limits of R-ACC-04, counted in the database so that every server
 * process behind a load balancer sees the same numbers:
 *   - failed logins per login and per client address (login_fail_limit,
 *     login_ip_limit within login_window seconds), then locked out until
 *     the window has passed;
 *   - accounts created per client address (signup_limit per signup_window);
 *   - password recovery (R-ACC-01): codes asked per login and per account
 *     (recovery_limit), codes asked and resets tried per client address
 *     (recovery_ip_limit), within recovery_window seconds;
 *   - claim codes of group registrations tried per account (claim_limit)
 *     and per client address (claim_ip_limit), within recovery_window.
 */
#ifndef SRV_RATELIMIT_H
#define SRV_RATELIMIT_H

#include <time.h>

#include "config.h"
#include "store.h"

/* Sets *wait to 0 when a login attempt may go ahead, else to the seconds left. */
enum store_rc ratelimit_login_check(const struct config *cfg, struct store_conn *c,
				    const char *login, const char *addr, time_t now,
				    unsigned *wait);

/* Sets *wait to 0 when an account may be created from addr, else the seconds left. */
enum store_rc ratelimit_signup_check(const struct config *cfg, struct store_conn *c,
				     const char *addr, time_t now, unsigned *wait);

/*
 * Sets *wait to 0 when one more recovery attempt of this kind
 * (STORE_ATTEMPT_RECOVERY_*, STORE_ATTEMPT_RESET_BY_ADDR or
 * STORE_ATTEMPT_CLAIM_*) may go ahead for key.
 */
enum store_rc ratelimit_recovery_check(const struct config *cfg, struct store_conn *c,
				       enum store_attempt kind, const char *key, time_t now,
				       unsigned *wait);

/* Forget attempts (and recovery and claim codes) that no window can count any more. */
enum store_rc ratelimit_purge(const struct config *cfg, struct store_conn *c, time_t now);

#endif
