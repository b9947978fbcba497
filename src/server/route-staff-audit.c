/*
 * Staff at their own site (R-AUD-01, R-AUD-02): the audit queue, one
 * registration with every field, approve, reject with a reason, and a
 * look-up by ID number. A staff member sees only registrations of the
 * current exam session at their own site; any other id answers 404, as if
 * it did not exist. Every call is recorded in the audit log in the same
 * transaction as what it did.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"
#include "ncre/validate.h"

#include "auth.h"
#include "clock.h"
#include "group.h"
#include "http.h"
#include "recovery.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "rules-staff.h"
#include "store.h"

struct staff_ctx {
	struct store_staff staff;
	struct store_exam_session session;
	time_t now;
	struct route_reg_ctx reg;	/* the registration at hand */
	int64_t reg_id;
};

/* Begin a write transaction (the log is written) and load the staff member. */
static int staff_begin(struct http_request *req, struct staff_ctx *sc)
{
	enum store_rc r;

	memset(sc, 0, sizeof(*sc));
	sc->now = clock_now(&req->srv->clock);
	r = store_begin_write(req->db);
	if (r == STORE_OK)
		r = store_staff_by_id(req->db, req->staff, &sc->staff);
	if (r == STORE_OK)
		r = store_exam_session_current(req->db, &sc->session);
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		return -1;
	}
	return 0;
}

static void staff_end(struct staff_ctx *sc)
{
	route_reg_clear(&sc->reg);
}

/* Refuse a call on the registration asked for, and log it (route_refuse_logged). */
static void staff_refuse(struct http_request *req, struct staff_ctx *sc, const char *what,
			 enum ncre_err e, const char *reason)
{
	char action[32];

	snprintf(action, sizeof(action), "refused_%s", what);
	route_reg_clear(&sc->reg);
	route_refuse_logged(req, sc->staff.login, sc->staff.site, action, sc->reg_id,
			    sc->reg_id == 0 ? req->param : NULL, reason, e);
}

/*
 * Load the registration {id} of the path when it is at the staff member's
 * site in the current exam session: 0, or -1 after replying 404 (or 409
 * REG_WITHDRAWN when the candidate deleted it while it was at this site).
 * A refusal is logged as "refused_<what>" with the reason.
 */
static int staff_load_param(struct http_request *req, struct staff_ctx *sc, const char *what)
{
	struct store_reg_where where;
	char *end = NULL, reason[96];
	long long id;
	bool deleted = false;
	enum store_rc r;

	errno = 0;
	id = strtoll(req->param, &end, 10);
	if (errno != 0 || end == req->param || *end != '\0' || id <= 0 ||
	    req->param[0] < '1' || req->param[0] > '9') {
		staff_refuse(req, sc, what, NCRE_E_NOT_FOUND, "not a registration id");
		return -1;
	}
	sc->reg_id = (int64_t)id;
	r = store_registration_where(req->db, sc->reg_id, &where);
	if (r == STORE_NOT_FOUND) {
		r = store_registration_deleted_at(req->db, sc->reg_id, sc->staff.site, &deleted);
		if (r == STORE_OK) {
			staff_refuse(req, sc, what, deleted ? NCRE_E_REG_WITHDRAWN : NCRE_E_NOT_FOUND,
				     deleted ? "withdrawn by the candidate" : "no such registration");
			return -1;
		}
	}
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		return -1;
	}
	if (where.exam_session != sc->session.id || strcmp(where.site, sc->staff.site) != 0) {
		if (strcmp(where.site, sc->staff.site) != 0)
			snprintf(reason, sizeof(reason), "registration of another site (%s)", where.site);
		else
			snprintf(reason, sizeof(reason), "registration of another exam session");
		staff_refuse(req, sc, what, NCRE_E_NOT_FOUND, reason);
		return -1;
	}
	r = route_reg_load_id(req, &sc->reg, sc->reg_id);
	if (r == STORE_OK && (!sc->reg.has_reg || sc->reg.reg.id != sc->reg_id))
		r = STORE_ERROR;
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		return -1;
	}
	return 0;
}

static const char *staff_audit_state(const struct staff_ctx *sc)
{
	if (!sc->reg.has_site || !sc->reg.site.audit)
		return NULL;
	return sc->reg.reg.audit[0] != '\0' ? sc->reg.reg.audit : "not_submitted";
}

static bool staff_pending(const struct staff_ctx *sc)
{
	const char *audit = staff_audit_state(sc);

	return audit != NULL && strcmp(audit, "pending") == 0;
}

static int staff_add_time(cJSON *o, const char *key, time_t t)
{
	char buf[CLOCK_ISO_LEN];

	if (t == 0)
		return ncre_json_add_str(o, key, NULL);
	clock_format_iso(t, buf, sizeof(buf));
	return ncre_json_add_str(o, key, buf);
}

static int staff_add_id_type(cJSON *o, const char *code)
{
	enum ncre_id_type type;
	bool known = ncre_id_type_from_code(code, &type) == 0;

	return ncre_json_add_str(o, "id_type", code[0] != '\0' ? code : NULL) != 0 ||
	       ncre_json_add_str(o, "id_type_zh", known ? ncre_id_type_label(type, "zh") : NULL) != 0 ||
	       ncre_json_add_str(o, "id_type_en", known ? ncre_id_type_label(type, "en") : NULL) != 0
		       ? -1 : 0;
}

/*
 * The registration as staff see it: the candidate's status object (every
 * field, the same words) plus the id, the ID type's labels, the audit's
 * times, the staff actions possible now in place of the candidate's
 * (approve and reject while pending; print_ticket once the admission
 * ticket can be printed at the desk), and the payment orders (on-site
 * payment: POST /v1/staff/orders/{no}/confirm).
 */
static cJSON *staff_registration_json(struct http_request *req, const struct staff_ctx *sc)
{
	struct rules_registration in = route_reg_rules(&sc->reg);
	cJSON *root = rules_registration_json(&in), *r, *actions, *orders = NULL;
	const struct store_reg_audit *a = &sc->reg.audit;
	enum store_rc rc;
	cJSON *s;

	if (root == NULL)
		return NULL;
	orders = route_order_list_json(req, &sc->reg, true, &rc);
	if (orders == NULL)
		goto fail;
	r = cJSON_GetObjectItemCaseSensitive(root, "registration");
	cJSON_DeleteItemFromObjectCaseSensitive(r, "actions");
	cJSON_DeleteItemFromObjectCaseSensitive(r, "id_type");
	if (cJSON_AddNumberToObject(r, "id", (double)sc->reg.reg.id) == NULL ||
	    staff_add_id_type(r, sc->reg.reg.id_type) != 0 ||
	    staff_add_time(r, "audit_submitted_at", a->submitted_at) != 0 ||
	    staff_add_time(r, "audit_decided_at", a->decided_at) != 0 ||
	    staff_add_time(r, "created_at", sc->reg.reg.created_at) != 0 ||
	    staff_add_time(r, "updated_at", sc->reg.reg.updated_at) != 0 ||
	    (actions = cJSON_AddArrayToObject(r, "actions")) == NULL)
		goto fail;
	s = cJSON_DetachItemFromObjectCaseSensitive(orders, "orders");
	if (s == NULL)
		goto fail;
	if (!cJSON_AddItemToObject(r, "orders", s)) {
		cJSON_Delete(s);
		goto fail;
	}
	if (staff_pending(sc)) {
		s = cJSON_CreateString("approve");
		if (s == NULL)
			goto fail;
		cJSON_AddItemToArray(actions, s);
		s = cJSON_CreateString("reject");
		if (s == NULL)
			goto fail;
		cJSON_AddItemToArray(actions, s);
	}
	/* R-TKT-01: the desk prints the ticket once published, whatever the site's self_print. */
	if (rules_registration_may_view_ticket(&in, true) == NCRE_OK) {
		s = cJSON_CreateString("print_ticket");
		if (s == NULL)
			goto fail;
		cJSON_AddItemToArray(actions, s);
	}
	/* R-ACC-01: a reset code at the desk for the candidate's passport account. */
	if (sc->reg.reg.account > 0) {
		s = cJSON_CreateString("recovery_code");
		if (s == NULL)
			goto fail;
		cJSON_AddItemToArray(actions, s);
	}
	/* 集体报名 not yet claimed: a new claim code for the candidate. */
	if (sc->reg.reg.account <= 0 && strcmp(sc->reg.reg.method, "group") == 0) {
		s = cJSON_CreateString("claim_code");
		if (s == NULL)
			goto fail;
		cJSON_AddItemToArray(actions, s);
	}
	cJSON_Delete(orders);
	return root;
fail:
	cJSON_Delete(orders);
	cJSON_Delete(root);
	return NULL;
}

/* Log, commit and reply 200 with body (NULL: out of memory). */
static void staff_finish(struct http_request *req, struct staff_ctx *sc, const char *action,
			 int64_t reg, const char *detail, cJSON *body)
{
	enum store_rc r;

	if (body == NULL) {
		route_reg_fail(req, STORE_ERROR);
		return;
	}
	r = store_log_add(req->db, sc->now, sc->staff.login, sc->staff.site, action, reg, detail);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		cJSON_Delete(body);
		route_reg_fail(req, r);
		return;
	}
	http_reply_json(req, 200, body);
}

struct staff_queue {
	struct http_request *req;
	struct staff_ctx *sc;
	cJSON *list;
};

static int staff_queue_subject_cb(void *ud, const struct store_reg_subject *s)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(ud, o);
	return ncre_json_add_str(o, "code", s->subject.code) != 0 ||
	       ncre_json_add_str(o, "name_zh", s->subject.name_zh) != 0 ||
	       ncre_json_add_str(o, "name_en", s->subject.name_en) != 0 ? -1 : 0;
}

static int staff_queue_cb(void *ud, const struct store_reg_ref *ref)
{
	struct staff_queue *q = ud;
	struct store_registration reg;
	char masked[32];
	cJSON *o = cJSON_CreateObject(), *subjects;

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(q->list, o);
	if (store_registration_get(q->req->db, q->sc->session.id, ref->account, &reg) != STORE_OK)
		return -1;
	ncre_id_mask(reg.id_number, masked, sizeof(masked));
	if (cJSON_AddNumberToObject(o, "id", (double)ref->id) == NULL ||
	    ncre_json_add_str(o, "name", reg.has_name ? reg.name : NULL) != 0 ||
	    staff_add_id_type(o, reg.id_type) != 0 ||
	    ncre_json_add_str(o, "id_number_masked", reg.has_identity ? masked : NULL) != 0 ||
	    staff_add_time(o, "submitted_at", ref->submitted_at) != 0 ||
	    cJSON_AddNumberToObject(o, "waiting_seconds",
				    q->sc->now > ref->submitted_at
					    ? (double)(q->sc->now - ref->submitted_at) : 0) == NULL ||
	    (subjects = cJSON_AddArrayToObject(o, "subjects")) == NULL)
		return -1;
	return store_registration_subjects_each(q->req->db, ref->id, staff_queue_subject_cb,
						subjects) == STORE_OK ? 0 : -1;
}

void route_staff_audit_queue(struct http_request *req)
{
	struct staff_ctx sc;
	struct staff_queue q;
	cJSON *body = NULL;
	enum store_rc r;

	if (staff_begin(req, &sc) != 0)
		return;
	body = cJSON_CreateObject();
	q.req = req;
	q.sc = &sc;
	q.list = body != NULL ? cJSON_AddArrayToObject(body, "queue") : NULL;
	if (q.list == NULL || ncre_json_add_str(body, "site", sc.staff.site) != 0) {
		cJSON_Delete(body);
		route_reg_fail(req, STORE_ERROR);
		goto out;
	}
	r = store_site_registrations_each(req->db, sc.session.id, sc.staff.site, "pending",
					  staff_queue_cb, &q);
	if (r != STORE_OK) {
		cJSON_Delete(body);
		route_reg_fail(req, r);
		goto out;
	}
	staff_finish(req, &sc, "queue", 0, NULL, body);
out:
	staff_end(&sc);
}

void route_staff_registration_get(struct http_request *req)
{
	struct staff_ctx sc;

	if (staff_begin(req, &sc) != 0)
		return;
	if (staff_load_param(req, &sc, "view") != 0)
		goto out;
	staff_finish(req, &sc, "view", sc.reg_id, NULL, staff_registration_json(req, &sc));
out:
	staff_end(&sc);
}

/* The registration's photo (R-PHO-01), as the candidate uploaded it. */
void route_staff_registration_photo(struct http_request *req)
{
	struct staff_ctx sc;
	struct store_photo photo;
	enum store_rc r;

	memset(&photo, 0, sizeof(photo));
	if (staff_begin(req, &sc) != 0)
		return;
	if (staff_load_param(req, &sc, "photo") != 0)
		goto out;
	r = store_photo_get(req->db, sc.reg_id, &photo);
	if (r == STORE_NOT_FOUND) {
		staff_refuse(req, &sc, "photo", NCRE_E_NOT_FOUND, "no photo uploaded");
		goto out;
	}
	if (r == STORE_OK)
		r = store_log_add(req->db, sc.now, sc.staff.login, sc.staff.site, "view_photo",
				  sc.reg_id, NULL);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		goto out;
	}
	http_reply_bytes(req, 200, "image/jpeg", photo.jpeg, photo.len);
out:
	store_photo_clear(&photo);
	staff_end(&sc);
}

/* Approve (reason NULL) or reject a pending registration. */
static void staff_decide(struct http_request *req, const char *reason)
{
	const char *what = reason == NULL ? "approve" : "reject";
	struct staff_ctx sc;
	enum store_rc r;

	if (staff_begin(req, &sc) != 0)
		return;
	if (staff_load_param(req, &sc, what) != 0)
		goto out;
	/* Already decided, never submitted, or decided a moment ago by a colleague. */
	if (!staff_pending(&sc)) {
		char why[64];
		const char *state = staff_audit_state(&sc);

		snprintf(why, sizeof(why), "audit state %s, not pending",
			 state != NULL ? state : "none (the site does not audit)");
		staff_refuse(req, &sc, what, NCRE_E_AUDIT_STATE, why);
		goto out;
	}
	r = store_registration_audit_decide(req->db, sc.reg_id, reason == NULL, reason, sc.now);
	if (r == STORE_NOT_FOUND) {
		staff_refuse(req, &sc, what, NCRE_E_AUDIT_STATE, "decided a moment ago by another call");
		goto out;
	}
	if (r == STORE_OK)
		r = route_reg_load_id(req, &sc.reg, sc.reg_id);
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		goto out;
	}
	staff_finish(req, &sc, reason == NULL ? "approve" : "reject", sc.reg_id, reason,
		     staff_registration_json(req, &sc));
out:
	staff_end(&sc);
}

void route_staff_registration_approve(struct http_request *req)
{
	staff_decide(req, NULL);
}

void route_staff_registration_reject(struct http_request *req)
{
	const char *reason = NULL;
	enum ncre_err e;

	/* 4 bytes per character at most; then count characters. */
	if (route_field_str(req, "reason", RULES_STAFF_REASON_MAX_CHARS * 4, &reason) != 0)
		return;
	e = rules_staff_reason_check(reason);
	if (e != NCRE_OK) {
		http_reply_error(req, e, "reason");
		return;
	}
	staff_decide(req, reason);
}

void route_staff_lookup(struct http_request *req)
{
	const char *number_in = http_query(req, "id_number"), *type = http_query(req, "id_type");
	struct store_reg_ref ref;
	struct staff_ctx sc;
	char number[32];
	enum ncre_id_type t;
	enum store_rc r;

	if (number_in == NULL || number_in[0] == '\0') {
		http_reply_error(req, NCRE_E_FIELD_REQUIRED, "id_number");
		return;
	}
	if (strlen(number_in) >= sizeof(number)) {
		http_reply_error(req, NCRE_E_ID_FORMAT, "id_number");
		return;
	}
	if (type != NULL && ncre_id_type_from_code(type, &t) != 0) {
		http_reply_error(req, NCRE_E_ID_TYPE_INVALID, "id_type");
		return;
	}
	snprintf(number, sizeof(number), "%s", number_in);
	ncre_id_normalize(number);
	if (staff_begin(req, &sc) != 0)
		return;
	r = store_site_registration_by_id_number(req->db, sc.session.id, sc.staff.site, type,
						 number, &ref);
	if (r == STORE_NOT_FOUND) {
		/* Logged too: who looked whom up is worth knowing even when nobody was found. */
		r = store_log_add(req->db, sc.now, sc.staff.login, sc.staff.site, "lookup", 0,
				  "not found");
		if (r == STORE_OK)
			r = store_commit(req->db);
		if (r != STORE_OK)
			route_reg_fail(req, r);
		else
			http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		goto out;
	}
	if (r == STORE_OK)
		r = route_reg_load_id(req, &sc.reg, ref.id);
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		goto out;
	}
	staff_finish(req, &sc, "lookup", ref.id, NULL, staff_registration_json(req, &sc));
out:
	staff_end(&sc);
}

/* An e-mail address or phone number with most of it hidden: "z***@example.cn", "138****5678". */
static void staff_mask_login(const char *in, char *out, size_t len)
{
	const char *at = strchr(in, '@');

	if (at != NULL)
		snprintf(out, len, "%.1s***%s", in, at);
	else if (strlen(in) == 11)
		snprintf(out, len, "%.3s****%s", in, in + 7);
	else
		snprintf(out, len, "***");
}

/*
 * POST /v1/staff/registrations/{id}/recovery-code {"id_checked": true}: a
 * one-time code that resets the password of the candidate's passport
 * account (R-ACC-01), for a candidate at the desk whose ID document the
 * staff member has checked in person. Own site only (404 otherwise); the
 * code is shown once, stored hashed and recorded in the audit log (the
 * action, never the code).
 */
void route_staff_registration_recovery_code(struct http_request *req)
{
	struct server *srv = req->srv;
	const cJSON *checked = cJSON_GetObjectItemCaseSensitive(req->json, "id_checked");
	struct store_account acc;
	struct staff_ctx sc;
	char code[RECOVERY_DESK_DIGITS + 1], hash[AUTH_HASH_LEN], when[CLOCK_ISO_LEN];
	char email[64], phone[32];
	time_t expires;
	enum store_rc r;
	enum auth_rc a;
	cJSON *body = NULL;

	memset(&sc, 0, sizeof(sc));
	memset(&acc, 0, sizeof(acc));
	memset(hash, 0, sizeof(hash));
	code[0] = '\0';
	if (!cJSON_IsTrue(checked)) {
		http_reply_error(req, NCRE_E_ID_CHECK_REQUIRED, "id_checked");
		goto out;
	}
	/* The slow hash before the write transaction. */
	recovery_code_new(code, RECOVERY_DESK_DIGITS);
	a = auth_hash(srv->auth, code, hash);
	if (a == AUTH_BUSY) {
		http_reply_retry(req, NCRE_E_BUSY, auth_retry_after(srv->auth));
		goto out;
	}
	if (a != AUTH_OK) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		goto out;
	}
	if (staff_begin(req, &sc) != 0 || staff_load_param(req, &sc, "recovery_code") != 0)
		goto out;
	if (sc.reg.reg.account <= 0) {
		route_reg_refuse(req, NCRE_E_NOT_FOUND, NULL);
		goto out;
	}
	r = store_account_by_id(req->db, sc.reg.reg.account, &acc);
	expires = sc.now + (time_t)srv->cfg.recovery_ttl;
	if (r == STORE_OK)
		r = store_recovery_code_put(req->db, acc.id, "desk", hash, sc.now, expires,
					    sc.staff.login);
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		goto out;
	}
	clock_format_iso(expires, when, sizeof(when));
	staff_mask_login(acc.email, email, sizeof(email));
	staff_mask_login(acc.phone, phone, sizeof(phone));
	body = cJSON_CreateObject();
	if (body != NULL &&
	    (ncre_json_add_str(body, "code", code) != 0 ||
	     ncre_json_add_str(body, "expires_at", when) != 0 ||
	     ncre_json_add_str(body, "email_masked", email) != 0 ||
	     ncre_json_add_str(body, "phone_masked", phone) != 0)) {
		cJSON_Delete(body);
		body = NULL;
	}
	staff_finish(req, &sc, "recovery_code", sc.reg_id, NULL, body);
out:
	staff_end(&sc);
	sodium_memzero(code, sizeof(code));
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(&acc, sizeof(acc));
}

void route_staff_registration_claim_code(struct http_request *req)
{
	const cJSON *checked = cJSON_GetObjectItemCaseSensitive(req->json, "id_checked");
	struct staff_ctx sc;
	char code[GROUP_CLAIM_TEXT_LEN], when[CLOCK_ISO_LEN];
	time_t expires;
	enum store_rc r;
	cJSON *body = NULL;

	memset(&sc, 0, sizeof(sc));
	code[0] = '\0';
	if (!cJSON_IsTrue(checked)) {
		http_reply_error(req, NCRE_E_ID_CHECK_REQUIRED, "id_checked");
		goto out;
	}
	if (staff_begin(req, &sc) != 0 || staff_load_param(req, &sc, "claim_code") != 0)
		goto out;
	/* Once claimed the registration is the candidate's: no code can take it from them. */
	if (sc.reg.reg.account > 0 || strcmp(sc.reg.reg.method, "group") != 0) {
		staff_refuse(req, &sc, "claim_code", NCRE_E_GROUP_CLAIMED,
			     sc.reg.reg.account > 0 ? "claimed by the candidate"
						    : "not a group registration");
		goto out;
	}
	expires = sc.reg.has_site ? sc.reg.site.window_close : sc.session.window_close;
	r = group_claim_issue(req->db, sc.reg_id, sc.now, expires, sc.staff.login, code);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		goto out;
	}
	clock_format_iso(expires, when, sizeof(when));
	body = cJSON_CreateObject();
	if (body != NULL &&
	    (ncre_json_add_str(body, "claim_code", code) != 0 ||
	     ncre_json_add_str(body, "expires_at", when) != 0)) {
		cJSON_Delete(body);
		body = NULL;
	}
	staff_finish(req, &sc, "claim_code", sc.reg_id, NULL, body);
out:
	staff_end(&sc);
	sodium_memzero(code, sizeof(code));
}
