/*
 * POST /v1/accounts: create a passport account (R-ACC-01..03, R-ACC-04).
 * Input is checked first (400), then the sign-up limit and the uniqueness
 * of e-mail and phone (cheap, before the costly hash), then the same again
 * inside one write transaction with the insert, so two racing sign-ups for
 * one address cannot both win; the UNIQUE constraints are the last guard.
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
#include "ratelimit.h"
#include "routes.h"
#include "store.h"

struct route_account_input {
	char email[256];
	char phone[16];
	const char *password;
	const char *password2;
	const char *id_type;	/* wire code, or NULL */
	char id_number[32];	/* normalised, or "" */
	const char *name;	/* or NULL */
};

void route_login_normalize(char *login)
{
	size_t start = 0, len;

	while (login[start] == ' ' || login[start] == '\t')
		start++;
	len = strlen(login + start);
	while (len > 0 && (login[start + len - 1] == ' ' || login[start + len - 1] == '\t'))
		len--;
	memmove(login, login + start, len);
	login[len] = '\0';
	if (strchr(login, '@') == NULL)
		return;
	for (char *p = login; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

cJSON *route_account_json(const struct store_account *acc)
{
	cJSON *a = cJSON_CreateObject();

	if (a == NULL)
		return NULL;
	if (cJSON_AddNumberToObject(a, "id", (double)acc->id) == NULL ||
	    ncre_json_add_str(a, "email", acc->email) != 0 ||
	    ncre_json_add_str(a, "phone", acc->phone) != 0 ||
	    ncre_json_add_str(a, "name", acc->has_name ? acc->name : NULL) != 0) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* Read and validate the body; replies and returns -1 on the first problem. */
static int route_account_read(struct http_request *req, struct route_account_input *in, int today)
{
	const char *email = NULL, *phone = NULL, *id_type = NULL, *id_number = NULL;
	enum ncre_id_type t = NCRE_ID_RESIDENT;
	enum ncre_err e;

	if (route_field_required(req, "email", 254, &email) != 0 ||
	    route_field_required(req, "phone", 15, &phone) != 0 ||
	    route_field_required(req, "password", AUTH_PASSWORD_MAX, &in->password) != 0 ||
	    route_field_required(req, "password2", AUTH_PASSWORD_MAX, &in->password2) != 0 ||
	    route_field_str(req, "id_type", 24, &id_type) != 0 ||
	    route_field_str(req, "id_number", 31, &id_number) != 0 ||
	    route_field_str(req, "name", 200, &in->name) != 0)
		return -1;

	/* Both trimmed alike; what does not fit the buffer is no valid value. */
	snprintf(in->email, sizeof(in->email), "%s", email);
	route_login_normalize(in->email);
	e = strlen(email) >= sizeof(in->email) ? NCRE_E_EMAIL_INVALID
					       : ncre_validate_email(in->email);
	if (e != NCRE_OK) {
		http_reply_error(req, e, "email");
		return -1;
	}
	{
		char trimmed[64];

		snprintf(trimmed, sizeof(trimmed), "%s", phone);
		route_login_normalize(trimmed);
		e = strlen(phone) >= sizeof(trimmed) || strlen(trimmed) >= sizeof(in->phone)
			    ? NCRE_E_PHONE_INVALID : NCRE_OK;
		if (e == NCRE_OK) {
			memcpy(in->phone, trimmed, strlen(trimmed) + 1);	/* fits: checked above */
			e = ncre_validate_phone(in->phone);
		}
		if (e != NCRE_OK) {
			http_reply_error(req, e, "phone");
			return -1;
		}
	}
	if ((e = ncre_validate_password(in->password)) != NCRE_OK) {
		http_reply_error(req, e, "password");
		return -1;
	}
	if ((e = ncre_validate_password_pair(in->password, in->password2)) != NCRE_OK) {
		http_reply_error(req, e, "password2");
		return -1;
	}

	/* R-ACC-03: the ID and name are optional and unrelated to registration. */
	if (id_number != NULL && strlen(id_number) >= sizeof(in->id_number)) {
		http_reply_error(req, NCRE_E_ID_FORMAT, "id_number");
		return -1;
	}
	if (id_number != NULL)
		snprintf(in->id_number, sizeof(in->id_number), "%s", id_number);
	ncre_id_normalize(in->id_number);
	if (id_type != NULL && id_type[0] != '\0' && ncre_id_type_from_code(id_type, &t) != 0) {
		http_reply_error(req, NCRE_E_ID_TYPE_INVALID, "id_type");
		return -1;
	}
	if (in->id_number[0] != '\0') {
		if (id_type == NULL || id_type[0] == '\0') {
			http_reply_error(req, NCRE_E_FIELD_REQUIRED, "id_type");
			return -1;
		}
		if ((e = ncre_validate_id(t, in->id_number, today, NULL)) != NCRE_OK) {
			http_reply_error(req, e, "id_number");
			return -1;
		}
		in->id_type = id_type;
	}
	if (in->name != NULL && in->name[0] == '\0')
		in->name = NULL;
	if (in->name != NULL && (e = ncre_validate_name(in->name)) != NCRE_OK) {
		http_reply_error(req, e, "name");
		return -1;
	}
	return 0;
}

/* Sign-up limit, then e-mail and phone uniqueness; replies on a refusal. */
static enum store_rc route_account_checks(struct http_request *req,
					  const struct route_account_input *in, time_t now,
					  bool *refused)
{
	struct store_account other;
	unsigned wait = 0;
	enum store_rc r;

	*refused = true;
	r = ratelimit_signup_check(&req->srv->cfg, req->db, req->addr, now, &wait);
	if (r != STORE_OK)
		return r;
	if (wait > 0) {
		http_reply_retry(req, NCRE_E_RATE_LIMITED, wait);
		return STORE_OK;
	}
	r = store_account_by_email(req->db, in->email, &other);
	if (r == STORE_OK) {
		http_reply_error(req, NCRE_E_EMAIL_TAKEN, "email");
		return STORE_OK;
	}
	if (r != STORE_NOT_FOUND)
		return r;
	r = store_account_by_phone(req->db, in->phone, &other);
	if (r == STORE_OK) {
		http_reply_error(req, NCRE_E_PHONE_TAKEN, "phone");
		return STORE_OK;
	}
	if (r != STORE_NOT_FOUND)
		return r;
	*refused = false;
	return STORE_OK;
}

void route_account_create(struct http_request *req)
{
	struct server *srv = req->srv;
	struct route_account_input in;
	struct store_account_new row;
	struct store_account acc;
	char pw_hash[AUTH_HASH_LEN];
	bool refused = false;
	enum store_rc r;
	enum auth_rc a;
	int64_t id = 0;
	time_t now = clock_now(&srv->clock);

	memset(&in, 0, sizeof(in));
	memset(pw_hash, 0, sizeof(pw_hash));
	if (route_account_read(req, &in, clock_ymd_cst(now)) != 0)
		goto out;

	/* Cheap refusals before the costly hash. */
	if ((r = route_account_checks(req, &in, now, &refused)) != STORE_OK)
		goto store_fail;
	if (refused)
		goto out;

	a = auth_hash(srv->auth, in.password, pw_hash);
	if (a == AUTH_BUSY) {
		http_reply_retry(req, NCRE_E_BUSY, auth_retry_after(srv->auth));
		goto out;
	}
	if (a != AUTH_OK) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		goto out;
	}

	now = clock_now(&srv->clock);
	if ((r = store_begin_write(req->db)) != STORE_OK)
		goto store_fail;
	if ((r = route_account_checks(req, &in, now, &refused)) != STORE_OK)
		goto store_fail;
	if (refused) {
		store_rollback(req->db);
		goto out;
	}
	memset(&row, 0, sizeof(row));
	row.email = in.email;
	row.phone = in.phone;
	row.pw_hash = pw_hash;
	row.id_type = in.id_type;
	row.id_number = in.id_type != NULL ? in.id_number : NULL;
	row.name = in.name;
	row.created_at = now;
	r = store_account_insert(req->db, &row, &id);
	if (r == STORE_CONFLICT) {
		/* Both were checked under the write lock: a constraint we did not expect. */
		store_rollback(req->db);
		http_reply_error(req, NCRE_E_EMAIL_TAKEN, "email");
		goto out;
	}
	if (r != STORE_OK || (r = store_signup_add(req->db, req->addr, now)) != STORE_OK ||
	    (r = store_commit(req->db)) != STORE_OK)
		goto store_fail;

	memset(&acc, 0, sizeof(acc));
	acc.id = id;
	snprintf(acc.email, sizeof(acc.email), "%s", in.email);
	snprintf(acc.phone, sizeof(acc.phone), "%s", in.phone);
	acc.has_name = in.name != NULL;
	if (in.name != NULL)
		snprintf(acc.name, sizeof(acc.name), "%s", in.name);
	{
		cJSON *root = cJSON_CreateObject();
		cJSON *ajson = route_account_json(&acc);

		if (root == NULL || ajson == NULL) {
			cJSON_Delete(root);
			cJSON_Delete(ajson);
			http_reply_json(req, 201, NULL);
			goto out;
		}
		cJSON_AddItemToObject(root, "account", ajson);
		http_reply_json(req, 201, root);
	}
	goto out;
store_fail:
	store_rollback(req->db);
	route_store_error(req, r);
out:
	sodium_memzero(pw_hash, sizeof(pw_hash));
	sodium_memzero(&in, sizeof(in));
}
