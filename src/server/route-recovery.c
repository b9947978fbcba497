/*
 * Password recovery (R-ACC-01, R-ACC-02):
 *   POST /v1/recovery/request {"login"}: a one-time code goes to the
 *     account's e-mail (login is an e-mail address) or mobile phone (login
 *     is a number), through the outbox; the answer is 202 whether or not
 *     such an account exists.
 *   POST /v1/recovery/reset {"login","code","password","password2"}: the
 *     code sets a new password, ends every session of the account and logs
 *     in (201, as POST /v1/sessions).
 * Site staff issue a code at the desk (route-staff-audit.c) through
 * recovery_code_new() and the same table; the reset takes either kind.
 *
 * A code is 6 (message) or 8 (desk) random digits, valid recovery_ttl
 * seconds, stored only as an argon2id hash, taken (deleted) when used, and
 * void after recovery_attempts wrong tries, which are counted before the
 * check so parallel guesses cannot exceed them. Unknown logins cost the
 * same hashing and get the same answers as known ones.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"
#include "ncre/validate.h"

#include "auth.h"
#include "clock.h"
#include "http.h"
#include "outbox.h"
#include "ratelimit.h"
#include "recovery.h"
#include "routes.h"
#include "sms.h"
#include "store.h"
#include "log.h"

/* At most one code of each kind per account. */
#define RECOVERY_KINDS 2

void recovery_code_new(char *code, size_t digits)
{
	for (size_t i = 0; i < digits; i++)
		code[i] = (char)('0' + randombytes_uniform(10));
	code[digits] = '\0';
}

/* Is login an e-mail address (else a phone number)? */
static bool recovery_is_email(const char *login)
{
	return strchr(login, '@') != NULL;
}

static void recovery_message(const struct server *srv, bool email, const char *to,
			     const char *code, struct outbox_msg *m)
{
	unsigned minutes = (srv->cfg.recovery_ttl + 59) / 60;

	memset(m, 0, sizeof(*m));
	snprintf(m->to, sizeof(m->to), "%s", to);
	if (email) {
		m->channel = OUTBOX_EMAIL;
		snprintf(m->subject, sizeof(m->subject), "NCRE 报名通行证找回密码验证码");
		snprintf(m->text, sizeof(m->text),
			 "您正在找回 NCRE 报名通行证的密码。\r\n"
			 "验证码：%s\r\n"
			 "%u 分钟内有效，只能使用一次。如非本人操作，请忽略本邮件，您的密码不会改变。\r\n"
			 "\r\n"
			 "You asked to reset the password of your NCRE passport.\r\n"
			 "Code: %s\r\n"
			 "Valid for %u minutes, once. If this was not you, ignore this message;"
			 " your password stays as it is.\r\n",
			 code, minutes, code, minutes);
	} else {
		m->channel = OUTBOX_SMS;
		snprintf(m->text, sizeof(m->text),
			 "【NCRE】找回通行证密码的验证码：%s，%u分钟内有效。如非本人操作请忽略。",
			 code, minutes);
	}
}

/* Check and count one rate-limited attempt; *wait > 0 when refused (nothing recorded). */
static enum store_rc recovery_count(struct http_request *req, enum store_attempt kind,
				    const char *key, time_t now, unsigned *wait)
{
	enum store_rc r = ratelimit_recovery_check(&req->srv->cfg, req->db, kind, key, now, wait);

	if (r != STORE_OK || *wait > 0)
		return r;
	return store_recovery_attempt_add(req->db, kind, key, now);
}

/* Read and normalise "login": 0, or -1 after replying 400. */
static int recovery_read_login(struct http_request *req, char *login, size_t len)
{
	const char *in = NULL;
	enum ncre_err e;

	if (route_field_required(req, "login", 254, &in) != 0)
		return -1;
	snprintf(login, len, "%s", in);
	route_login_normalize(login);
	e = recovery_is_email(login) ? ncre_validate_email(login) : ncre_validate_phone(login);
	if (e != NCRE_OK) {
		http_reply_error(req, e, "login");
		return -1;
	}
	return 0;
}

static enum store_rc recovery_account(struct http_request *req, const char *login,
				      struct store_account *acc, bool *known)
{
	enum store_rc r = recovery_is_email(login) ? store_account_by_email(req->db, login, acc)
						    : store_account_by_phone(req->db, login, acc);

	*known = r == STORE_OK;
	return r == STORE_NOT_FOUND ? STORE_OK : r;
}

void route_recovery_request(struct http_request *req)
{
	struct server *srv = req->srv;
	struct store_account acc;
	struct outbox_msg msg;
	char login[256], key[32], code[RECOVERY_MESSAGE_DIGITS + 1], hash[AUTH_HASH_LEN];
	bool email, known = false, send = false;
	unsigned wait = 0;
	enum store_rc r;
	enum auth_rc a;
	time_t now = clock_now(&srv->clock);
	cJSON *body;

	memset(&acc, 0, sizeof(acc));
	memset(hash, 0, sizeof(hash));
	code[0] = '\0';
	if (recovery_read_login(req, login, sizeof(login)) != 0)
		goto out;
	email = recovery_is_email(login);
	/* Whether a channel exists depends on the kind of login only, never on the account. */
	if (email ? srv->cfg.smtp_url == NULL : sms_gateway_default(srv) == NULL) {
		http_reply_error(req, NCRE_E_RECOVERY_UNAVAILABLE, "login");
		goto out;
	}

	if ((r = store_begin_write(req->db)) != STORE_OK)
		goto store_fail;
	if ((r = recovery_count(req, STORE_ATTEMPT_RECOVERY_BY_ADDR, req->addr, now, &wait)) !=
		    STORE_OK ||
	    (wait == 0 && (r = recovery_count(req, STORE_ATTEMPT_RECOVERY_BY_LOGIN, login, now,
					      &wait)) != STORE_OK))
		goto store_fail;
	if (wait > 0) {
		store_rollback(req->db);
		http_reply_retry(req, NCRE_E_RATE_LIMITED, wait);
		goto out;
	}
	if ((r = recovery_account(req, login, &acc, &known)) != STORE_OK)
		goto store_fail;
	if (known) {
		/* The account's own limit (both its logins together) refuses silently. */
		snprintf(key, sizeof(key), "%lld", (long long)acc.id);
		if ((r = recovery_count(req, STORE_ATTEMPT_RECOVERY_BY_ACCOUNT, key, now, &wait)) !=
		    STORE_OK)
			goto store_fail;
		send = wait == 0;
	}
	if ((r = store_commit(req->db)) != STORE_OK)
		goto store_fail;

	/* Known or not, the same hash is computed, so the time does not tell. */
	recovery_code_new(code, RECOVERY_MESSAGE_DIGITS);
	a = auth_hash(srv->auth, code, hash);
	if (a == AUTH_BUSY) {
		http_reply_retry(req, NCRE_E_BUSY, auth_retry_after(srv->auth));
		goto out;
	}
	if (a != AUTH_OK) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		goto out;
	}
	if (send) {
		now = clock_now(&srv->clock);
		if ((r = store_begin_write(req->db)) != STORE_OK ||
		    (r = store_recovery_code_put(req->db, acc.id, "message", hash, now,
						 now + (time_t)srv->cfg.recovery_ttl, NULL)) !=
			    STORE_OK ||
		    (r = store_commit(req->db)) != STORE_OK)
			goto store_fail;
		recovery_message(srv, email, email ? acc.email : acc.phone, code, &msg);
		if (outbox_post(srv->outbox, &msg) != 0)
			log_msg(LOG_PRIO_WARNING, "recovery: the outbox is full; a code was not sent");
		sodium_memzero(&msg, sizeof(msg));
	}
	body = cJSON_CreateObject();
	if (body != NULL &&
	    (ncre_json_add_str(body, "channel", email ? "email" : "sms") != 0 ||
	     cJSON_AddNumberToObject(body, "expires_in", (double)srv->cfg.recovery_ttl) == NULL)) {
		cJSON_Delete(body);
		body = NULL;
	}
	http_reply_json(req, 202, body);
	goto out;
store_fail:
	store_rollback(req->db);
	route_store_error(req, r);
out:
	sodium_memzero(code, sizeof(code));
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(&acc, sizeof(acc));
}

struct recovery_codes {
	size_t n;
	struct store_recovery_code codes[RECOVERY_KINDS];
};

static int recovery_codes_cb(void *ud, const struct store_recovery_code *rc)
{
	struct recovery_codes *cs = ud;

	if (cs->n >= RECOVERY_KINDS)
		return -1;
	cs->codes[cs->n++] = *rc;
	return 0;
}

/* A code as typed: 6 to 8 digits (spaces around it dropped). */
static bool recovery_code_read(const char *in, char *out, size_t len)
{
	size_t n = 0;

	while (*in == ' ')
		in++;
	for (; *in >= '0' && *in <= '9'; in++) {
		if (n + 1 >= len)
			return false;
		out[n++] = *in;
	}
	while (*in == ' ')
		in++;
	out[n] = '\0';
	return *in == '\0' && n >= RECOVERY_MESSAGE_DIGITS && n <= RECOVERY_DESK_DIGITS;
}

void route_recovery_reset(struct http_request *req)
{
	struct server *srv = req->srv;
	struct store_account acc;
	struct recovery_codes cs;
	const char *code_in = NULL, *password = NULL, *password2 = NULL;
	char login[256], code[RECOVERY_DESK_DIGITS + 2], token[AUTH_TOKEN_LEN + 1];
	char pw_hash[AUTH_HASH_LEN], rehash[AUTH_HASH_LEN];
	unsigned char thash[STORE_TOKEN_HASH_LEN];
	const char *matched = NULL;
	bool known = false, rehashed = false;
	unsigned wait = 0;
	enum ncre_err e;
	enum store_rc r;
	enum auth_rc a;
	time_t now = clock_now(&srv->clock);

	memset(&acc, 0, sizeof(acc));
	memset(&cs, 0, sizeof(cs));
	memset(pw_hash, 0, sizeof(pw_hash));
	token[0] = code[0] = '\0';
	if (recovery_read_login(req, login, sizeof(login)) != 0 ||
	    route_field_required(req, "code", 32, &code_in) != 0 ||
	    route_field_required(req, "password", AUTH_PASSWORD_MAX, &password) != 0 ||
	    route_field_required(req, "password2", AUTH_PASSWORD_MAX, &password2) != 0)
		goto out;
	/* R-ACC-02 first: a password the policy refuses costs no try of the code. */
	if ((e = ncre_validate_password(password)) != NCRE_OK) {
		http_reply_error(req, e, "password");
		goto out;
	}
	if ((e = ncre_validate_password_pair(password, password2)) != NCRE_OK) {
		http_reply_error(req, e, "password2");
		goto out;
	}
	if (!recovery_code_read(code_in, code, sizeof(code))) {
		http_reply_error(req, NCRE_E_RECOVERY_CODE_INVALID, "code");
		goto out;
	}

	/* Count the try against the address and every live code, then check outside. */
	if ((r = store_begin_write(req->db)) != STORE_OK ||
	    (r = recovery_count(req, STORE_ATTEMPT_RESET_BY_ADDR, req->addr, now, &wait)) !=
		    STORE_OK)
		goto store_fail;
	if (wait > 0) {
		store_rollback(req->db);
		http_reply_retry(req, NCRE_E_RATE_LIMITED, wait);
		goto out;
	}
	if ((r = recovery_account(req, login, &acc, &known)) != STORE_OK ||
	    (known && (r = store_recovery_codes_each(req->db, acc.id, now,
						     (int)srv->cfg.recovery_attempts,
						     recovery_codes_cb, &cs)) != STORE_OK) ||
	    (cs.n > 0 && (r = store_recovery_codes_try(req->db, acc.id)) != STORE_OK) ||
	    (r = store_commit(req->db)) != STORE_OK)
		goto store_fail;

	if (cs.n == 0) {
		/* No account or no live code: the same work and the same answer. */
		a = auth_verify(srv->auth, NULL, code, rehash, &rehashed);
		if (a == AUTH_BUSY) {
			http_reply_retry(req, NCRE_E_BUSY, auth_retry_after(srv->auth));
			goto out;
		}
		http_reply_error(req, NCRE_E_RECOVERY_CODE_INVALID, "code");
		goto out;
	}
	for (size_t i = 0; i < cs.n && matched == NULL; i++) {
		a = auth_verify(srv->auth, cs.codes[i].code_hash, code, rehash, &rehashed);
		if (a == AUTH_OK)
			matched = cs.codes[i].kind;
		else if (a != AUTH_MISMATCH) {
			if (a == AUTH_BUSY)
				http_reply_retry(req, NCRE_E_BUSY, auth_retry_after(srv->auth));
			else
				http_reply_error(req, NCRE_E_INTERNAL, NULL);
			goto out;
		}
	}
	if (matched == NULL) {
		http_reply_error(req, NCRE_E_RECOVERY_CODE_INVALID, "code");
		goto out;
	}

	a = auth_hash(srv->auth, password, pw_hash);
	if (a == AUTH_BUSY) {
		http_reply_retry(req, NCRE_E_BUSY, auth_retry_after(srv->auth));
		goto out;
	}
	if (a != AUTH_OK || auth_token_new(token, thash) != 0) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		goto out;
	}
	now = clock_now(&srv->clock);
	if ((r = store_begin_write(req->db)) != STORE_OK)
		goto store_fail;
	/* Single use: of two resets racing with one code, one takes it. */
	r = store_recovery_code_take(req->db, acc.id, matched);
	if (r == STORE_NOT_FOUND) {
		store_rollback(req->db);
		http_reply_error(req, NCRE_E_RECOVERY_CODE_INVALID, "code");
		goto out;
	}
	if (r != STORE_OK || (r = store_account_set_hash(req->db, acc.id, pw_hash)) != STORE_OK ||
	    (r = store_recovery_codes_delete(req->db, acc.id)) != STORE_OK ||
	    (r = store_sessions_delete_account(req->db, acc.id)) != STORE_OK ||
	    (r = store_session_insert(req->db, thash, acc.id, now,
				      now + (time_t)srv->cfg.session_ttl)) != STORE_OK ||
	    (r = store_commit(req->db)) != STORE_OK)
		goto store_fail;
	http_reply_json(req, 201,
			route_session_reply(token, now + (time_t)srv->cfg.session_ttl, &acc));
	goto out;
store_fail:
	store_rollback(req->db);
	route_store_error(req, r);
out:
	sodium_memzero(code, sizeof(code));
	sodium_memzero(token, sizeof(token));
	sodium_memzero(thash, sizeof(thash));
	sodium_memzero(pw_hash, sizeof(pw_hash));
	sodium_memzero(rehash, sizeof(rehash));
	sodium_memzero(&cs, sizeof(cs));
	sodium_memzero(&acc, sizeof(acc));
}
