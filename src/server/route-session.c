/*
 * POST /v1/sessions (log in), DELETE /v1/sessions/current (log out) and the
 * bearer-token check every protected route goes through.
 *
 * A login attempt is first recorded as a failure, in the same write
 * transaction that checked the limits, and forgiven once the password is
 * right: parallel attempts therefore cannot slip past the limit while
 * their passwords are being hashed.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "auth.h"
#include "clock.h"
#include "http.h"
#include "ratelimit.h"
#include "routes.h"
#include "store.h"

/* Every so many logins, old sessions and attempts are swept (any process may). */
#define ROUTE_SESSION_SWEEP_EVERY 64
/* Expired sessions are kept a day so their tokens answer TOKEN_EXPIRED. */
#define ROUTE_SESSION_KEEP_EXPIRED (24 * 3600)

cJSON *route_session_reply(const char *token, time_t expires, const struct store_account *acc)
{
	char when[CLOCK_ISO_LEN];
	cJSON *root = cJSON_CreateObject(), *a;

	if (root == NULL)
		return NULL;
	clock_format_iso(expires, when, sizeof(when));
	if (ncre_json_add_str(root, "token", token) != 0 ||
	    ncre_json_add_str(root, "expires_at", when) != 0)
		goto fail;
	a = route_account_json(acc);
	if (a == NULL)
		goto fail;
	cJSON_AddItemToObject(root, "account", a);
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
}

/*
 * R-ACC-04: check the failed-login limits for key and the client address and
 * reserve this attempt as a failure, in a write transaction left open for
 * the caller's look-up. ROUTE_LOGIN_GO: go on (*attempt set);
 * ROUTE_LOGIN_REPLIED: refused with 429 (rolled back); ROUTE_LOGIN_STORE:
 * a store error in *r (the caller rolls back and answers).
 */
int route_login_reserve(struct http_request *req, const char *key, int64_t *attempt,
			enum store_rc *r)
{
	struct server *srv = req->srv;
	time_t now = clock_now(&srv->clock);
	unsigned char mac[32];
	char hex[2 * sizeof(mac) + 1];
	unsigned wait = 0;
	int ret = ROUTE_LOGIN_STORE;

	/*
	 * People type passwords into the login field: the table keeps a keyed
	 * hash of what was typed (the key never in the database), not the text.
	 */
	if (crypto_generichash(mac, sizeof(mac), (const unsigned char *)key, strlen(key),
			       srv->login_key, sizeof(srv->login_key)) != 0) {
		*r = STORE_ERROR;
		return ROUTE_LOGIN_STORE;
	}
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	if ((*r = store_begin_write(req->db)) != STORE_OK ||
	    (*r = ratelimit_login_check(&srv->cfg, req->db, hex, req->addr, now, &wait)) !=
		    STORE_OK)
		goto out;
	if (wait > 0) {
		store_rollback(req->db);
		http_reply_retry(req, NCRE_E_RATE_LIMITED, wait);
		ret = ROUTE_LOGIN_REPLIED;
		goto out;
	}
	if ((*r = store_login_failure_add(req->db, hex, req->addr, now, attempt)) != STORE_OK)
		goto out;
	ret = ROUTE_LOGIN_GO;
out:
	sodium_memzero(mac, sizeof(mac));
	sodium_memzero(hex, sizeof(hex));
	return ret;
}

/*
 * The password check's verdict: 0 when it matched; otherwise the reply is
 * sent and -1 returned. A busy or failed hash is not the person's fault, so
 * the reserved attempt is taken back.
 */
int route_login_verdict(struct http_request *req, enum auth_rc a, int64_t attempt)
{
	if (a == AUTH_OK)
		return 0;
	if (a == AUTH_MISMATCH) {
		http_reply_error(req, NCRE_E_BAD_CREDENTIALS, NULL);
		return -1;
	}
	(void)store_login_failure_remove(req->db, attempt);
	if (a == AUTH_BUSY)
		http_reply_retry(req, NCRE_E_BUSY, auth_retry_after(req->srv->auth));
	else
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
	return -1;
}

void route_session_create(struct http_request *req)
{
	struct server *srv = req->srv;
	const char *login_in = NULL, *password = NULL;
	char login[256], token[AUTH_TOKEN_LEN + 1], rehash[AUTH_HASH_LEN];
	unsigned char hash[STORE_TOKEN_HASH_LEN];
	struct store_account acc;
	bool known = false, rehashed = false;
	int64_t attempt = 0;
	enum store_rc r;
	enum auth_rc a;
	time_t now, expires;

	memset(&acc, 0, sizeof(acc));
	token[0] = '\0';
	if (route_field_required(req, "login", 254, &login_in) != 0 ||
	    route_field_required(req, "password", AUTH_PASSWORD_MAX, &password) != 0)
		goto out;
	snprintf(login, sizeof(login), "%s", login_in);
	route_login_normalize(login);

	/* Check the limits and reserve this attempt as a failure, atomically. */
	switch (route_login_reserve(req, login, &attempt, &r)) {
	case ROUTE_LOGIN_GO:
		break;
	case ROUTE_LOGIN_REPLIED:
		goto out;
	default:
		goto store_fail;
	}
	r = strchr(login, '@') != NULL ? store_account_by_email(req->db, login, &acc)
				       : store_account_by_phone(req->db, login, &acc);
	if (r != STORE_OK && r != STORE_NOT_FOUND)
		goto store_fail;
	known = r == STORE_OK;
	if ((r = store_commit(req->db)) != STORE_OK)
		goto store_fail;

	/* The slow part runs outside any transaction. */
	a = auth_verify(srv->auth, known ? acc.pw_hash : NULL, password, rehash, &rehashed);
	if (route_login_verdict(req, a, attempt) != 0)
		goto out;

	now = clock_now(&srv->clock);
	expires = clock_after(&srv->clock, srv->cfg.session_ttl);
	if (auth_token_new(token, hash) != 0) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		goto out;
	}
	if ((r = store_begin_write(req->db)) != STORE_OK ||
	    (r = store_login_failure_remove(req->db, attempt)) != STORE_OK ||
	    (rehashed && (r = store_account_set_hash(req->db, acc.id, rehash)) != STORE_OK) ||
	    (r = store_session_insert(req->db, hash, acc.id, now,
				      expires)) != STORE_OK)
		goto store_fail;
	if (randombytes_uniform(ROUTE_SESSION_SWEEP_EVERY) == 0 &&
	    ((r = store_session_purge(req->db, now - ROUTE_SESSION_KEEP_EXPIRED)) != STORE_OK ||
	     (r = ratelimit_purge(&srv->cfg, req->db, now)) != STORE_OK))
		goto store_fail;
	if ((r = store_commit(req->db)) != STORE_OK)
		goto store_fail;
	http_reply_json(req, 201, route_session_reply(token, expires, &acc));
	goto out;
store_fail:
	store_rollback(req->db);
	route_store_error(req, r);
out:
	sodium_memzero(token, sizeof(token));
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(&acc, sizeof(acc));
	sodium_memzero(rehash, sizeof(rehash));
}

void route_session_delete(struct http_request *req)
{
	enum store_rc r = store_session_delete(req->db, req->token_hash);

	if (r != STORE_OK && r != STORE_NOT_FOUND) {
		route_store_error(req, r);
		return;
	}
	http_reply_empty(req, 204);
}

int route_bearer_hash(struct http_request *req)
{
	const char *h = http_header(req, "Authorization");

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
		http_reply_error(req, NCRE_E_UNAUTHORIZED, NULL);
		return -1;
	}
	h += 7;
	while (*h == ' ')
		h++;
	if (auth_token_hash(h, req->token_hash) != 0) {
		http_reply_error(req, NCRE_E_UNAUTHORIZED, NULL);
		return -1;
	}
	return 0;
}

/* One kind of bearer token: its sessions table behind the store interface. */
struct route_token_kind {
	enum store_rc (*get)(struct store_conn *c, const unsigned char hash[STORE_TOKEN_HASH_LEN],
			     int64_t *who, time_t *last_used, time_t *expires);
	enum store_rc (*touch)(struct store_conn *c,
			       const unsigned char hash[STORE_TOKEN_HASH_LEN], time_t now,
			       time_t expires);
};

static const struct route_token_kind route_token_candidate = {
	store_session_get, store_session_touch,
}, route_token_staff = {
	store_staff_session_get, store_staff_session_touch,
};

/*
 * Check a bearer token of the kind mine: sets *who and returns 0, or replies
 * and returns -1: 401 for an unknown or expired token, 403 FORBIDDEN for a
 * token of the other kind (known, but not for these endpoints).
 */
static int route_token_check(struct http_request *req, const struct route_token_kind *mine,
			     const struct route_token_kind *other, int64_t *who)
{
	struct server *srv = req->srv;
	int64_t id = 0;
	time_t now, last_used = 0, expires = 0;
	enum store_rc r;

	if (route_bearer_hash(req) != 0)
		return -1;
	r = mine->get(req->db, req->token_hash, &id, &last_used, &expires);
	if (r == STORE_NOT_FOUND) {
		r = other->get(req->db, req->token_hash, &id, &last_used, &expires);
		if (r != STORE_OK && r != STORE_NOT_FOUND) {
			route_store_error(req, r);
			return -1;
		}
		http_reply_error(req, r == STORE_OK ? NCRE_E_FORBIDDEN : NCRE_E_UNAUTHORIZED, NULL);
		return -1;
	}
	if (r != STORE_OK) {
		route_store_error(req, r);
		return -1;
	}
	now = clock_now(&srv->clock);
	if (expires <= now) {
		http_reply_error(req, NCRE_E_TOKEN_EXPIRED, NULL);
		return -1;
	}
	/* Sliding expiry: at most one write per token per second. */
	if (now > last_used) {
		/* Rounded up: the idle lifetime is never cut short by a fraction of a second. */
		r = mine->touch(req->db, req->token_hash, now,
				clock_after(&srv->clock, srv->cfg.session_ttl));
		if (r != STORE_OK) {
			route_store_error(req, r);
			return -1;
		}
	}
	*who = id;
	return 0;
}

int route_session_authenticate(struct http_request *req)
{
	return route_token_check(req, &route_token_candidate, &route_token_staff, &req->account);
}

int route_staff_authenticate(struct http_request *req)
{
	return route_token_check(req, &route_token_staff, &route_token_candidate, &req->staff);
}
