/*
 * The public catalogue: health and readiness, exam session, provinces,
 * sites, subjects per site and the agreement. No token needed.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "clock.h"
#include "http.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

static int route_catalogue_add_time(cJSON *obj, const char *key, time_t t)
{
	char buf[CLOCK_ISO_LEN];

	clock_format_iso(t, buf, sizeof(buf));
	return ncre_json_add_str(obj, key, buf);
}

void route_catalogue_health(struct http_request *req)
{
	cJSON *root = cJSON_CreateObject();

	if (root != NULL &&
	    (ncre_json_add_str(root, "status", "ok") != 0 ||
	     ncre_json_add_str(root, "version", NCRE_VERSION) != 0)) {
		cJSON_Delete(root);
		root = NULL;
	}
	http_reply_json(req, 200, root);
}

/*
 * For the load balancer: 200 while this instance can serve, i.e. the
 * database answers a read; 503 with Retry-After when it does not, and
 * from SIGTERM on (http_drain), so no new client is sent here.
 */
void route_catalogue_ready(struct http_request *req)
{
	struct store_exam_session es;
	enum store_rc r;
	cJSON *root;

	if (atomic_load(&req->srv->draining)) {
		http_reply_retry(req, NCRE_E_BUSY, 1);
		return;
	}
	r = store_begin_read(req->db);
	if (r == STORE_OK) {
		/* No exam session yet is an answer too. */
		r = store_exam_session_current(req->db, &es);
		if (r == STORE_NOT_FOUND)
			r = STORE_OK;
	}
	store_rollback(req->db);
	if (r != STORE_OK) {
		http_reply_retry(req, NCRE_E_BUSY, 1);
		return;
	}
	root = cJSON_CreateObject();
	if (root != NULL && ncre_json_add_str(root, "status", "ready") != 0) {
		cJSON_Delete(root);
		root = NULL;
	}
	http_reply_json(req, 200, root);
}

/* The current exam session, or a reply (404 or store error) and -1. */
static int route_catalogue_session(struct http_request *req, struct store_exam_session *es)
{
	enum store_rc r = store_exam_session_current(req->db, es);

	if (r == STORE_NOT_FOUND) {
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		return -1;
	}
	if (r != STORE_OK) {
		route_store_error(req, r);
		return -1;
	}
	return 0;
}

void route_catalogue_exam_session(struct http_request *req)
{
	struct store_exam_session es;
	cJSON *root = NULL, *o;
	time_t now = clock_now(&req->srv->clock);

	if (route_catalogue_session(req, &es) != 0)
		return;
	root = cJSON_CreateObject();
	o = root != NULL ? cJSON_AddObjectToObject(root, "exam_session") : NULL;
	if (o == NULL ||
	    ncre_json_add_str(o, "code", es.code) != 0 ||
	    ncre_json_add_str(o, "name_zh", es.name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", es.name_en) != 0 ||
	    route_catalogue_add_time(o, "window_open", es.window_open) != 0 ||
	    route_catalogue_add_time(o, "window_close", es.window_close) != 0 ||
	    cJSON_AddBoolToObject(o, "in_window",
				  rules_in_window(es.window_open, es.window_close, now)) == NULL) {
		cJSON_Delete(root);
		root = NULL;
	}
	http_reply_json(req, 200, root);
}

static int route_catalogue_province_cb(void *ud, const struct store_province *p)
{
	cJSON *list = ud, *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(list, o);
	if (ncre_json_add_str(o, "code", p->code) != 0 ||
	    ncre_json_add_str(o, "name_zh", p->name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", p->name_en) != 0)
		return -1;
	return 0;
}

void route_catalogue_provinces(struct http_request *req)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list = root != NULL ? cJSON_AddArrayToObject(root, "provinces") : NULL;
	enum store_rc r;

	if (list == NULL) {
		cJSON_Delete(root);
		http_reply_json(req, 200, NULL);
		return;
	}
	r = store_provinces_each(req->db, route_catalogue_province_cb, list);
	if (r != STORE_OK) {
		cJSON_Delete(root);
		route_store_error(req, r);
		return;
	}
	http_reply_json(req, 200, root);
}

static int route_catalogue_site_cb(void *ud, const struct store_site *s)
{
	cJSON *list = ud, *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(list, o);
	return rules_site_json(o, s);
}

void route_catalogue_sites(struct http_request *req)
{
	struct store_exam_session es;
	const char *province = http_query(req, "province");
	cJSON *root, *list;
	enum store_rc r;

	if (route_catalogue_session(req, &es) != 0)
		return;
	if (province != NULL && province[0] == '\0')
		province = NULL;
	root = cJSON_CreateObject();
	list = root != NULL ? cJSON_AddArrayToObject(root, "sites") : NULL;
	if (list == NULL) {
		cJSON_Delete(root);
		http_reply_json(req, 200, NULL);
		return;
	}
	r = store_sites_each(req->db, es.id, province, route_catalogue_site_cb, list);
	if (r != STORE_OK) {
		cJSON_Delete(root);
		route_store_error(req, r);
		return;
	}
	http_reply_json(req, 200, root);
}

static int route_catalogue_subject_cb(void *ud, const struct store_site_subject *s)
{
	cJSON *list = ud, *o = cJSON_CreateObject();
	int remaining = s->capacity > s->taken ? s->capacity - s->taken : 0;

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(list, o);
	if (ncre_json_add_str(o, "code", s->subject.code) != 0 ||
	    ncre_json_add_str(o, "name_zh", s->subject.name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", s->subject.name_en) != 0 ||
	    cJSON_AddNumberToObject(o, "fee", s->fee) == NULL ||
	    cJSON_AddNumberToObject(o, "capacity", s->capacity) == NULL ||
	    cJSON_AddNumberToObject(o, "remaining", remaining) == NULL)
		return -1;
	return 0;
}

void route_catalogue_site_subjects(struct http_request *req)
{
	struct store_exam_session es;
	struct store_site site;
	cJSON *root, *list;
	enum store_rc r;

	if (route_catalogue_session(req, &es) != 0)
		return;
	r = store_site_by_code(req->db, es.id, req->param, &site);
	if (r == STORE_NOT_FOUND) {
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		return;
	}
	if (r != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	root = cJSON_CreateObject();
	list = NULL;
	if (root != NULL && ncre_json_add_str(root, "site", site.code) == 0)
		list = cJSON_AddArrayToObject(root, "subjects");
	if (list == NULL) {
		cJSON_Delete(root);
		http_reply_json(req, 200, NULL);
		return;
	}
	r = store_site_subjects_each(req->db, site.id, route_catalogue_subject_cb, list);
	if (r != STORE_OK) {
		cJSON_Delete(root);
		route_store_error(req, r);
		return;
	}
	http_reply_json(req, 200, root);
}

void route_catalogue_agreement(struct http_request *req)
{
	struct store_exam_session es;
	struct store_agreement ag;
	cJSON *root = NULL, *o;
	enum store_rc r;

	if (route_catalogue_session(req, &es) != 0)
		return;
	r = store_agreement_current(req->db, es.id, &ag);
	if (r == STORE_NOT_FOUND) {
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		return;
	}
	if (r != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	root = cJSON_CreateObject();
	o = root != NULL ? cJSON_AddObjectToObject(root, "agreement") : NULL;
	if (o == NULL ||
	    ncre_json_add_str(o, "version", ag.version) != 0 ||
	    ncre_json_add_str(o, "title_zh", ag.title_zh) != 0 ||
	    ncre_json_add_str(o, "title_en", ag.title_en) != 0 ||
	    ncre_json_add_str(o, "text_zh", ag.text_zh) != 0 ||
	    ncre_json_add_str(o, "text_en", ag.text_en) != 0) {
		cJSON_Delete(root);
		root = NULL;
	}
	store_agreement_clear(&ag);
	http_reply_json(req, 200, root);
}
