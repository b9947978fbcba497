/*
 * POST /v1/staff/group-registrations {"csv": "..."}: group registration
 * (集体报名) by staff of a site, for their own site only, from the text of
 * a CSV file (group.h); the answer is the report of every row. The import
 * is recorded in the audit log (group_import, with the counts).
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "clock.h"
#include "group.h"
#include "http.h"
#include "routes.h"
#include "store.h"

void route_staff_group_import(struct http_request *req)
{
	const char *csv = NULL;
	struct store_staff staff;
	cJSON *report = NULL, *body;
	char err[256], detail[64];
	long long accepted = 0, refused = 0;
	time_t now = clock_now(&req->srv->clock);
	enum store_rc r;

	if (route_field_required(req, "csv", HTTP_BODY_MAX, &csv) != 0)
		return;
	r = store_begin_read(req->db);
	if (r == STORE_OK)
		r = store_staff_by_id(req->db, req->staff, &staff);
	store_rollback(req->db);
	if (r != STORE_OK) {
		route_store_error(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		return;
	}
	if (group_import(req->db, req->srv->form, staff.site, staff.login, csv, strlen(csv), now, &report, err,
			 sizeof(err)) != 0) {
		/* The file as a whole: what is wrong with it, in the reply. */
		body = http_error_json(NCRE_E_GROUP_FILE_INVALID, "csv", 0);
		if (body != NULL &&
		    ncre_json_add_str(cJSON_GetObjectItem(body, "error"), "detail", err) != 0) {
			cJSON_Delete(body);
			body = NULL;
		}
		http_reply_json(req,
				(unsigned)ncre_err_info(NCRE_E_GROUP_FILE_INVALID)->http_status, body);
		return;
	}
	(void)ncre_json_int(report, "accepted", &accepted);
	(void)ncre_json_int(report, "refused", &refused);
	snprintf(detail, sizeof(detail), "%lld accepted, %lld refused", accepted, refused);
	r = store_begin_write(req->db);
	if (r == STORE_OK)
		r = store_log_add(req->db, now, staff.login, staff.site, "group_import", 0, detail);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		store_rollback(req->db);
		cJSON_Delete(report);
		route_store_error(req, r);
		return;
	}
	http_reply_json(req, 200, report);
}
