/*
 * GET /v1/registrations/earlier (R-ACC-05): one passport account serves
 * every exam session, so after the office opens the next one a candidate
 * still sees what they registered before, read-only: the session, the
 * site, how it was registered, each subject with its paid state and
 * admission ticket number (once scheduled), and the payment state.
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "http.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

struct earlier {
	struct store_conn *db;
	cJSON *list;
};

struct earlier_subjects {
	struct store_reg_subject s[RULES_MAX_SUBJECTS];
	size_t n;
};

static int earlier_subject_cb(void *ud, const struct store_reg_subject *s)
{
	struct earlier_subjects *es = ud;

	if (es->n >= RULES_MAX_SUBJECTS)
		return -1;
	es->s[es->n++] = *s;
	return 0;
}

static int earlier_cb(void *ud, const struct store_earlier *e)
{
	struct earlier *ea = ud;
	struct earlier_subjects es = { .n = 0 };
	struct rules_registration in;
	struct store_site site;
	cJSON *o = cJSON_CreateObject(), *s, *subjects;

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(ea->list, o);
	if (store_registration_subjects_each(ea->db, e->registration, earlier_subject_cb, &es) !=
	    STORE_OK)
		return -1;
	memset(&in, 0, sizeof(in));
	in.subjects = es.s;
	in.nsubjects = es.n;
	s = cJSON_AddObjectToObject(o, "exam_session");
	if (s == NULL || ncre_json_add_str(s, "code", e->session_code) != 0 ||
	    ncre_json_add_str(s, "name_zh", e->session_zh) != 0 ||
	    ncre_json_add_str(s, "name_en", e->session_en) != 0 ||
	    ncre_json_add_str(o, "method", e->method) != 0 ||
	    ncre_json_add_str(o, "payment", rules_registration_payment(&in)) != 0)
		return -1;
	if (e->site == 0) {
		if (cJSON_AddNullToObject(o, "site") == NULL)
			return -1;
	} else {
		if (store_site_by_id(ea->db, e->site, &site) != STORE_OK ||
		    (s = cJSON_AddObjectToObject(o, "site")) == NULL ||
		    ncre_json_add_str(s, "code", site.code) != 0 ||
		    ncre_json_add_str(s, "name_zh", site.name_zh) != 0 ||
		    ncre_json_add_str(s, "name_en", site.name_en) != 0)
			return -1;
	}
	subjects = cJSON_AddArrayToObject(o, "subjects");
	if (subjects == NULL)
		return -1;
	for (size_t i = 0; i < es.n; i++) {
		cJSON *j = cJSON_CreateObject();

		if (j == NULL)
			return -1;
		cJSON_AddItemToArray(subjects, j);
		if (ncre_json_add_str(j, "code", es.s[i].subject.code) != 0 ||
		    ncre_json_add_str(j, "name_zh", es.s[i].subject.name_zh) != 0 ||
		    ncre_json_add_str(j, "name_en", es.s[i].subject.name_en) != 0 ||
		    cJSON_AddBoolToObject(j, "paid", es.s[i].paid) == NULL ||
		    ncre_json_add_str(j, "ticket_no", es.s[i].ticket_no[0] != '\0'
							  ? es.s[i].ticket_no : NULL) != 0)
			return -1;
	}
	return 0;
}

void route_registrations_earlier(struct http_request *req)
{
	struct store_exam_session session;
	struct earlier ea = { .db = req->db, .list = NULL };
	cJSON *body = NULL;
	enum store_rc r;

	r = store_begin_read(req->db);
	if (r == STORE_OK)
		r = store_exam_session_current(req->db, &session);
	if (r != STORE_OK)
		goto fail;
	body = cJSON_CreateObject();
	ea.list = body != NULL ? cJSON_AddArrayToObject(body, "registrations") : NULL;
	if (ea.list == NULL) {
		r = STORE_ERROR;
		goto fail;
	}
	r = store_registrations_earlier_each(req->db, req->account, session.id, earlier_cb, &ea);
	if (r != STORE_OK)
		goto fail;
	store_rollback(req->db);
	http_reply_json(req, 200, body);
	return;
fail:
	cJSON_Delete(body);
	store_rollback(req->db);
	route_store_error(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
}
