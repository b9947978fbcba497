/*
 * Staff sessions: POST /v1/staff/sessions (log in), DELETE
 * /v1/staff/sessions/current (log out), and the staff token check of every
 * /v1/staff route. Staff tokens live in their own table, so a staff token
 * can never pass for a candidate's and the other way round (FORBIDDEN).
 * Failed logins count against the same limits as candidates' (R-ACC-04),
 * keyed "staff:LOGIN" so a staff login and a candidate's never share one.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "auth.h"
#include "clock.h"
#include "http.h"
#include "ratelimit.h"
#include "routes.h"
#include "rules-registration.h"
#include "rules-staff.h"
#include "store.h"

/* Expired sessions are kept a day so their tokens answer TOKEN_EXPIRED. */
#define ROUTE_STAFF_KEEP_EXPIRED (24 * 3600)

static cJSON *route_staff_reply(struct http_request *req, const char *token, time_t expires,
				const struct store_staff *st)
{
	struct store_exam_session session;
	struct store_site site;
	char when[CLOCK_ISO_LEN];
	cJSON *root = cJSON_CreateObject(), *o, *s;
	bool has_site;

	if (root == NULL)
		return NULL;
	/* The site of the current exam session; null when it has none by that code. */
	has_site = store_exam_session_current(req->db, &session) == STORE_OK &&
		   store_site_by_code(req->db, session.id, st->site, &site) == STORE_OK;
	clock_format_iso(expires, when, sizeof(when));
	if (ncre_json_add_str(root, "token", token) != 0 ||
	    ncre_json_add_str(root, "expires_at", when) != 0 ||
	    (o = cJSON_AddObjectToObject(root, "staff")) == NULL ||
	    ncre_json_add_str(o, "login", st->login) != 0 ||
	    ncre_json_add_str(o, "name", st->name) != 0)
		goto fail;
	if (has_site) {
		s = cJSON_AddObjectToObject(o, "site");
		if (s == NULL || rules_site_json(s, &site) != 0)
			goto fail;
	} else if (cJSON_AddNullToObject(o, "site") == NULL) {
		goto fail;
	}
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
}

void route_staff_session_create(struct http_request *req)
{
	struct server *srv = req->srv;
	const char *login_in = NULL, *password = NULL;
	char login[RULES_STAFF_LOGIN_MAX + 1], key[RULES_STAFF_LOGIN_MAX + 8];
	char token[AUTH_TOKEN_LEN + 1], rehash[AUTH_HASH_LEN];
	unsigned char hash[STORE_TOKEN_HASH_LEN];
	struct store_staff st;
	bool usable = false, rehashed = false, fits;
	int64_t attempt = 0;
	enum store_rc r;
	enum auth_rc a;
	time_t now, expires;

	memset(&st, 0, sizeof(st));
	token[0] = '\0';
	if (route_field_required(req, "login", 254, &login_in) != 0 ||
	    route_field_required(req, "password", AUTH_PASSWORD_MAX, &password) != 0)
		goto out;
	/* A login longer than any staff login is simply unknown. */
	fits = strlen(login_in) < sizeof(login);
	snprintf(login, sizeof(login), "%s", login_in);
	rules_staff_login_normalize(login);
	snprintf(key, sizeof(key), "staff:%s", login);

	switch (route_login_reserve(req, key, &attempt, &r)) {
	case ROUTE_LOGIN_GO:
		break;
	case ROUTE_LOGIN_REPLIED:
		goto out;
	default:
		goto store_fail;
	}
	r = fits ? store_staff_by_login(req->db, login, &st) : STORE_NOT_FOUND;
	if (r != STORE_OK && r != STORE_NOT_FOUND)
		goto store_fail;
	usable = r == STORE_OK && st.has_password && !st.disabled;
	if ((r = store_commit(req->db)) != STORE_OK)
		goto store_fail;

	/* Unknown, disabled or password-less: the dummy hash, so all take as long. */
	a = auth_verify(srv->auth, usable ? st.pw_hash : NULL, password, rehash, &rehashed);
	if (a == AUTH_OK && !usable)
		a = AUTH_MISMATCH;
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
	    (rehashed && (r = store_staff_set_hash(req->db, st.id, rehash)) != STORE_OK) ||
	    (r = store_staff_session_insert(req->db, hash, st.id, now,
					    expires)) != STORE_OK ||
	    (r = store_staff_session_purge(req->db, now - ROUTE_STAFF_KEEP_EXPIRED)) != STORE_OK ||
	    (r = store_log_add(req->db, now, st.login, st.site, "login", 0, NULL)) != STORE_OK ||
	    (r = store_commit(req->db)) != STORE_OK)
		goto store_fail;
	http_reply_json(req, 201, route_staff_reply(req, token,
						    expires, &st));
	goto out;
store_fail:
	store_rollback(req->db);
	route_store_error(req, r);
out:
	sodium_memzero(token, sizeof(token));
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(rehash, sizeof(rehash));
}

void route_staff_session_delete(struct http_request *req)
{
	struct store_staff st;
	enum store_rc r;

	r = store_staff_by_id(req->db, req->staff, &st);
	if (r == STORE_OK)
		r = store_staff_session_delete(req->db, req->token_hash);
	if (r == STORE_OK)
		r = store_log_add(req->db, clock_now(&req->srv->clock), st.login, st.site, "logout",
				  0, NULL);
	if (r != STORE_OK && r != STORE_NOT_FOUND) {
		route_store_error(req, r);
		return;
	}
	http_reply_empty(req, 204);
}

void route_refuse_logged(struct http_request *req, const char *actor, const char *site,
			 const char *action, int64_t registration, const char *asked,
			 const char *reason, enum ncre_err e)
{
	char detail[256], shown[96];
	enum store_rc r;

	store_rollback(req->db);
	if (asked != NULL) {
		http_log_escape(asked, shown, sizeof(shown));
		snprintf(detail, sizeof(detail), "%s (asked for %s)", reason, shown);
	} else {
		snprintf(detail, sizeof(detail), "%s", reason);
	}
	r = store_begin_write(req->db);
	if (r == STORE_OK)
		r = store_log_add(req->db, clock_now(&req->srv->clock), actor, site, action,
				  registration, detail);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		store_rollback(req->db);
		route_store_error(req, r);
		return;
	}
	http_reply_error(req, e, NULL);
}
