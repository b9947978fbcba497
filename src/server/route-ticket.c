/*
 * The admission ticket (R-TKT-01, R-TKT-02):
 *
 *   GET /v1/registration/ticket                 the candidate's own, where the site lets
 *                                               candidates print and once published
 *   GET /v1/staff/registrations/{id}/ticket     staff of the registration's site (desk printing)
 *
 * Both answer the same object with every field of R-TKT-02; the photo is
 * GET /v1/registration/photo (staff: .../{id}/photo). The schedule comes
 * from "ncre-server schedule", publication from "ncre-server publish".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/json.h"
#include "ncre/validate.h"

#include "clock.h"
#include "http.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

static int ticket_cmp(const void *a, const void *b)
{
	const struct store_reg_subject *x = *(const struct store_reg_subject *const *)a;
	const struct store_reg_subject *y = *(const struct store_reg_subject *const *)b;
	int c = strcmp(x->exam_date, y->exam_date);

	if (c == 0)
		c = strcmp(x->time_start, y->time_start);
	return c != 0 ? c : strcmp(x->subject.code, y->subject.code);
}

/* {"ticket":{...}} of the registration in ctx (tickets checked by the caller); NULL on OOM. */
static cJSON *ticket_json(const struct route_reg_ctx *ctx, int64_t staff_id)
{
	const struct store_reg_subject *order[RULES_MAX_SUBJECTS];
	cJSON *root = cJSON_CreateObject(), *t, *o, *list;
	enum ncre_id_type type;
	bool known = ncre_id_type_from_code(ctx->reg.id_type, &type) == 0;
	size_t n = 0;

	if (root == NULL || (t = cJSON_AddObjectToObject(root, "ticket")) == NULL)
		goto fail;
	if (staff_id > 0 && cJSON_AddNumberToObject(t, "id", (double)ctx->reg.id) == NULL)
		goto fail;
	o = cJSON_AddObjectToObject(t, "exam_session");
	if (o == NULL || ncre_json_add_str(o, "code", ctx->session.code) != 0 ||
	    ncre_json_add_str(o, "name_zh", ctx->session.name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", ctx->session.name_en) != 0)
		goto fail;
	if (ncre_json_add_str(t, "name", ctx->reg.has_name ? ctx->reg.name : NULL) != 0 ||
	    ncre_json_add_str(t, "id_type", ctx->reg.has_identity ? ctx->reg.id_type : NULL) != 0 ||
	    ncre_json_add_str(t, "id_type_zh", known ? ncre_id_type_label(type, "zh") : NULL) != 0 ||
	    ncre_json_add_str(t, "id_type_en", known ? ncre_id_type_label(type, "en") : NULL) != 0 ||
	    ncre_json_add_str(t, "id_number", ctx->reg.has_identity ? ctx->reg.id_number : NULL) != 0 ||
	    cJSON_AddBoolToObject(t, "photo", ctx->has_photo) == NULL)
		goto fail;
	o = cJSON_AddObjectToObject(t, "site");
	if (o == NULL || ncre_json_add_str(o, "code", ctx->site.code) != 0 ||
	    ncre_json_add_str(o, "name_zh", ctx->site.name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", ctx->site.name_en) != 0)
		goto fail;
	for (size_t i = 0; i < ctx->nsubjects; i++)
		if (ctx->subjects[i].paid && ctx->subjects[i].ticket_no[0] != '\0')
			order[n++] = &ctx->subjects[i];
	qsort(order, n, sizeof(order[0]), ticket_cmp);	/* in the order they are sat */
	list = cJSON_AddArrayToObject(t, "subjects");
	if (list == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		o = cJSON_CreateObject();
		if (o == NULL)
			goto fail;
		cJSON_AddItemToArray(list, o);
		if (ncre_json_add_str(o, "code", order[i]->subject.code) != 0 ||
		    ncre_json_add_str(o, "name_zh", order[i]->subject.name_zh) != 0 ||
		    ncre_json_add_str(o, "name_en", order[i]->subject.name_en) != 0 ||
		    ncre_json_add_str(o, "ticket_no", order[i]->ticket_no) != 0 ||
		    ncre_json_add_str(o, "date", order[i]->exam_date) != 0 ||
		    ncre_json_add_str(o, "start", order[i]->time_start) != 0 ||
		    ncre_json_add_str(o, "end", order[i]->time_end) != 0 ||
		    ncre_json_add_str(o, "room", order[i]->room) != 0 ||
		    cJSON_AddNumberToObject(o, "seat", order[i]->seat) == NULL)
			goto fail;
	}
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
}

void route_ticket_get(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct rules_registration in;
	enum ncre_err e;
	enum store_rc r;
	cJSON *body;

	memset(&ctx, 0, sizeof(ctx));
	if (route_reg_begin(req, &ctx, false) != 0)
		goto out;
	if (!ctx.has_reg) {
		route_reg_refuse(req, NCRE_E_NOT_FOUND, NULL);
		goto out;
	}
	in = route_reg_rules(&ctx);
	e = rules_registration_may_view_ticket(&in, false);
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, NULL);
		goto out;
	}
	body = ticket_json(&ctx, 0);
	r = body != NULL ? store_commit(req->db) : STORE_ERROR;
	if (r != STORE_OK) {
		cJSON_Delete(body);
		route_reg_fail(req, r);
		goto out;
	}
	http_reply_json(req, 200, body);
out:
	route_reg_clear(&ctx);
}

/* Staff print a candidate's ticket at the desk: their own site only (others: 404). */
void route_staff_registration_ticket(struct http_request *req)
{
	struct store_staff staff;
	struct store_exam_session session;
	struct store_reg_where where;
	struct route_reg_ctx ctx;
	struct rules_registration in;
	char *end = NULL;
	long long id;
	enum ncre_err e;
	enum store_rc r;
	cJSON *body = NULL;

	memset(&ctx, 0, sizeof(ctx));
	r = store_begin_write(req->db);		/* the audit log is written */
	if (r == STORE_OK)
		r = store_staff_by_id(req->db, req->staff, &staff);
	if (r == STORE_OK)
		r = store_exam_session_current(req->db, &session);
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		return;
	}
	errno = 0;
	id = strtoll(req->param, &end, 10);
	if (errno != 0 || end == req->param || *end != '\0' || id <= 0 ||
	    req->param[0] < '1' || req->param[0] > '9') {
		route_refuse_logged(req, staff.login, staff.site, "refused_ticket", 0, req->param,
				    "not a registration id", NCRE_E_NOT_FOUND);
		return;
	}
	r = store_registration_where(req->db, (int64_t)id, &where);
	/* Another site's registration answers 404, as if it did not exist (and is logged). */
	if (r == STORE_NOT_FOUND ||
	    (r == STORE_OK && (where.exam_session != session.id || strcmp(where.site, staff.site) != 0))) {
		char reason[96];

		if (r == STORE_NOT_FOUND)
			snprintf(reason, sizeof(reason), "no such registration");
		else if (strcmp(where.site, staff.site) != 0)
			snprintf(reason, sizeof(reason), "registration of another site (%s)", where.site);
		else
			snprintf(reason, sizeof(reason), "registration of another exam session");
		route_refuse_logged(req, staff.login, staff.site, "refused_ticket", (int64_t)id, NULL,
				    reason, NCRE_E_NOT_FOUND);
		return;
	}
	if (r == STORE_OK)
		r = route_reg_load_id(req, &ctx, (int64_t)id);
	if (r == STORE_OK && (!ctx.has_reg || ctx.reg.id != (int64_t)id || !ctx.has_site))
		r = STORE_ERROR;
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		goto out;
	}
	in = route_reg_rules(&ctx);
	e = rules_registration_may_view_ticket(&in, true);
	if (e != NCRE_OK) {
		route_reg_clear(&ctx);
		route_refuse_logged(req, staff.login, staff.site, "refused_ticket", (int64_t)id, NULL,
				    ncre_err_info(e)->code, e);
		goto out;
	}
	body = ticket_json(&ctx, ctx.reg.id);
	r = body != NULL ? store_log_add(req->db, ctx.now, staff.login, staff.site, "view_ticket",
					 ctx.reg.id, NULL)
			 : STORE_ERROR;
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		cJSON_Delete(body);
		route_reg_fail(req, r);
		goto out;
	}
	http_reply_json(req, 200, body);
out:
	route_reg_clear(&ctx);
}
