/*
 * Personal information, site and subjects (R-REG-03 .. R-REG-11):
 * POST /v1/registration/preview answers the confirmation of R-REG-04 and
 * changes nothing; PUT /v1/registration/info saves. Both run the same
 * checks; the save runs them inside its BEGIN IMMEDIATE transaction, so a
 * place counted free is still free when the row is written (R-REG-08).
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/form.h"
#include "ncre/json.h"
#include "ncre/validate.h"

#include "clock.h"
#include "http.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"


/* 400 FORM_INVALID with every field error ("fields"). */
static void info_reply_form_errors(struct http_request *req, const struct ncre_form_errors *errs)
{
	cJSON *body = http_error_json(NCRE_E_FORM_INVALID, NULL, 0);
	cJSON *list = body != NULL ? cJSON_AddArrayToObject(cJSON_GetObjectItem(body, "error"),
							    "fields") : NULL;

	for (size_t i = 0; list != NULL && i < errs->count; i++) {
		const struct ncre_err_info *info = ncre_err_info(errs->items[i].err);
		cJSON *o = cJSON_CreateObject();

		if (o == NULL) {
			list = NULL;
			break;
		}
		cJSON_AddItemToArray(list, o);
		if (ncre_json_add_str(o, "field", errs->items[i].field) != 0 ||
		    ncre_json_add_str(o, "code", info->code) != 0 ||
		    ncre_json_add_str(o, "rule", info->rule) != 0 ||
		    ncre_json_add_str(o, "message_zh", info->zh) != 0 ||
		    ncre_json_add_str(o, "message_en", info->en) != 0)
			list = NULL;
	}
	if (list == NULL) {
		cJSON_Delete(body);
		body = NULL;
	}
	http_reply_json(req, (unsigned)ncre_err_info(NCRE_E_FORM_INVALID)->http_status, body);
}

static const struct store_reg_subject *info_current(const struct route_reg_ctx *ctx,
						    const char *code)
{
	for (size_t i = 0; i < ctx->nsubjects; i++)
		if (strcmp(ctx->subjects[i].subject.code, code) == 0)
			return &ctx->subjects[i];
	return NULL;
}

static bool info_wanted(const struct route_info_plan *p, const char *code)
{
	for (size_t i = 0; i < p->nwant; i++)
		if (strcmp(p->want[i].subject.code, code) == 0)
			return true;
	return false;
}

static enum store_rc info_refuse(struct route_info_plan *p, enum ncre_err e, const char *field)
{
	p->err = e;
	p->field = field;
	return STORE_OK;
}

/*
 * Lock every count row the save may check or change before any of them:
 * the subjects named, the subjects held now (a cancelled one is counted
 * down) and both sites' rows, in the store's one order (R-REG-08; two
 * candidates naming the same subjects in opposite orders must not
 * deadlock).
 */
static enum store_rc info_lock_counts(struct store_conn *db, const struct route_reg_ctx *ctx,
				      const struct route_info_plan *p, const cJSON *subjects)
{
	struct store_count_key keys[2 * RULES_MAX_SUBJECTS + 2];
	const cJSON *code;
	size_t n = 0;

	cJSON_ArrayForEach(code, subjects) {
		if (n < RULES_MAX_SUBJECTS)
			keys[n++] = (struct store_count_key){ .site = p->site.id,
							      .subject = code->valuestring };
	}
	for (size_t i = 0; ctx->has_site && i < ctx->nsubjects; i++)
		keys[n++] = (struct store_count_key){ .site = ctx->site.id,
						  .subject = ctx->subjects[i].subject.code };
	keys[n++] = (struct store_count_key){ .site = p->site.id };
	if (ctx->has_site)
		keys[n++] = (struct store_count_key){ .site = ctx->site.id };
	return store_count_rows_lock(db, keys, n);
}

/*
 * Work out what the (form-valid) values change and whether the rules allow
 * it. Returns a store failure, or STORE_OK with p->err NCRE_OK or the
 * refusal.
 */
enum store_rc route_info_plan(struct store_conn *db, const struct route_reg_ctx *ctx,
			      const cJSON *values, struct route_info_plan *p)
{
	const cJSON *subjects = cJSON_GetObjectItemCaseSensitive(values, "subjects"), *code;
	const char *code_want = ncre_json_str(values, "site");
	bool held_here;
	int others = 0;
	enum store_rc r;

	memset(p, 0, sizeof(*p));
	/*
	 * The same site as now: its row was read with the registration, in
	 * this transaction (a registration's site is always one of its exam
	 * session's, found by code as below).
	 */
	if (ctx->has_site && code_want != NULL && strcmp(ctx->site.code, code_want) == 0) {
		p->site = ctx->site;
		r = STORE_OK;
	} else {
		r = store_site_by_code(db, ctx->session.id, code_want, &p->site);
	}
	if (r == STORE_NOT_FOUND)
		return info_refuse(p, NCRE_E_SITE_INVALID, "site");
	if (r != STORE_OK)
		return r;
	/* R-REG-10: the new site's window too. */
	if (!rules_in_window(p->site.window_open, p->site.window_close, ctx->now))
		return info_refuse(p, NCRE_E_WINDOW_CLOSED, "site");
	/* R-REG-11: a registration lives at one site; changing it moves every subject. */
	p->site_changes = ctx->has_site && ctx->site.id != p->site.id;
	if (p->site_changes) {
		for (size_t i = 0; i < ctx->nsubjects; i++)
			if (ctx->subjects[i].paid)
				return info_refuse(p, NCRE_E_SITE_CHANGE_PAID, "site");
	}
	/* R-REG-07: the site's 科目上限. */
	if (cJSON_GetArraySize(subjects) > p->site.max_subjects ||
	    cJSON_GetArraySize(subjects) > RULES_MAX_SUBJECTS)
		return info_refuse(p, NCRE_E_SUBJECT_LIMIT, "subjects");
	r = info_lock_counts(db, ctx, p, subjects);
	if (r != STORE_OK)
		return r;
	cJSON_ArrayForEach(code, subjects) {
		struct store_site_subject *w = &p->want[p->nwant];

		/* R-REG-09: only what the site offers. */
		r = store_site_subject_get(db, p->site.id, code->valuestring, w);
		if (r == STORE_NOT_FOUND)
			return info_refuse(p, NCRE_E_SUBJECT_NOT_OFFERED, "subjects");
		if (r != STORE_OK)
			return r;
		p->added[p->nwant] = p->site_changes || info_current(ctx, code->valuestring) == NULL;
		/* R-REG-08: a place for each new subject. */
		if (p->added[p->nwant] && w->taken >= w->capacity)
			return info_refuse(p, NCRE_E_SUBJECT_FULL, "subjects");
		p->nwant++;
	}
	for (size_t i = 0; i < ctx->nsubjects; i++) {
		const struct store_reg_subject *s = &ctx->subjects[i];

		if (!p->site_changes && info_wanted(p, s->subject.code))
			continue;
		if (s->paid)	/* R-PAY-03 */
			return info_refuse(p, NCRE_E_SUBJECT_PAID, "subjects");
		p->cancelled[p->ncancelled++] = s;
	}
	/* R-REG-08: the site's 限报总人数 counts candidates holding a subject there. */
	held_here = ctx->has_site && !p->site_changes && ctx->nsubjects > 0;
	if (p->nwant > 0 && !held_here) {
		r = store_site_candidates(db, p->site.id, ctx->reg.id, &others);
		if (r != STORE_OK)
			return r;
		if (others >= p->site.total_capacity)
			return info_refuse(p, NCRE_E_SITE_FULL, "site");
	}
	return STORE_OK;
}

/* The saved personal information: the form's values without name, site, subjects and ticks. */
static char *info_values_json(const struct ncre_form *form, const cJSON *values)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *v;
	char *text = NULL;

	if (o == NULL)
		return NULL;
	cJSON_ArrayForEach(v, values) {
		const struct ncre_field *fl = ncre_form_field(form, v->string);

		if (fl == NULL || strcmp(fl->id, "name") == 0 || fl->type == NCRE_FIELD_TICK ||
		    fl->type == NCRE_FIELD_SITE || fl->type == NCRE_FIELD_SUBJECTS ||
		    cJSON_IsNull(v) || (cJSON_IsString(v) && v->valuestring[0] == '\0'))
			continue;
		if (!cJSON_AddItemToObject(o, v->string, cJSON_Duplicate(v, true)))
			goto out;
	}
	text = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return text;
}

static int info_add_subject(cJSON *list, const struct store_subject *s)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(list, o);
	return ncre_json_add_str(o, "code", s->code) != 0 ||
	       ncre_json_add_str(o, "name_zh", s->name_zh) != 0 ||
	       ncre_json_add_str(o, "name_en", s->name_en) != 0 ? -1 : 0;
}

/* R-REG-04: the confirmation, as the server would save it. */
static cJSON *info_confirmation(const struct route_reg_ctx *ctx, const cJSON *values,
				const struct route_info_plan *p)
{
	cJSON *root = cJSON_CreateObject(), *c, *o, *cancelled, *added, *all;
	enum ncre_id_type type;
	bool known = ncre_id_type_from_code(ctx->reg.id_type, &type) == 0;

	if (root == NULL)
		return NULL;
	c = cJSON_AddObjectToObject(root, "confirmation");
	if (c == NULL ||
	    ncre_json_add_str(c, "name", ncre_json_str(values, "name")) != 0 ||
	    ncre_json_add_str(c, "id_type", ctx->reg.id_type) != 0 ||
	    ncre_json_add_str(c, "id_type_zh", known ? ncre_id_type_label(type, "zh") : NULL) != 0 ||
	    ncre_json_add_str(c, "id_type_en", known ? ncre_id_type_label(type, "en") : NULL) != 0 ||
	    ncre_json_add_str(c, "id_number", ctx->reg.id_number) != 0 ||
	    (o = cJSON_AddObjectToObject(c, "site")) == NULL ||
	    ncre_json_add_str(o, "code", p->site.code) != 0 ||
	    ncre_json_add_str(o, "name_zh", p->site.name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", p->site.name_en) != 0 ||
	    (cancelled = cJSON_AddArrayToObject(c, "cancelled")) == NULL ||
	    (added = cJSON_AddArrayToObject(c, "added")) == NULL ||
	    (all = cJSON_AddArrayToObject(c, "subjects")) == NULL)
		goto fail;
	for (size_t i = 0; i < p->ncancelled; i++)
		if (info_add_subject(cancelled, &p->cancelled[i]->subject) != 0)
			goto fail;
	for (size_t i = 0; i < p->nwant; i++) {
		if ((p->added[i] && info_add_subject(added, &p->want[i].subject) != 0) ||
		    info_add_subject(all, &p->want[i].subject) != 0)
			goto fail;
	}
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
}

enum store_rc route_info_save(struct store_conn *db, const struct ncre_form *form,
			      const struct route_reg_ctx *ctx, const cJSON *values,
			      const struct route_info_plan *p)
{
	char *info = info_values_json(form, values);
	enum store_rc r;

	if (info == NULL)
		return STORE_ERROR;
	r = store_registration_set_info(db, ctx->reg.id, ncre_json_str(values, "name"), info,
					p->site.id, ctx->reg.site, ctx->now);
	cJSON_free(info);
	for (size_t i = 0; r == STORE_OK && i < p->ncancelled; i++)
		r = store_registration_subject_remove(db, ctx->reg.id,
						      p->cancelled[i]->subject.code);
	for (size_t i = 0; r == STORE_OK && i < p->nwant; i++) {
		if (p->added[i])
			r = store_registration_subject_add(db, ctx->reg.id, p->site.id,
							   p->want[i].subject.code, ctx->now);
	}
	/* A cancelled row that vanished meanwhile cannot happen under the write lock. */
	return r == STORE_NOT_FOUND || r == STORE_CONFLICT ? STORE_ERROR : r;
}

/*
 * A locked registration (R-LCK-01) keeps its personal information, site
 * and photo, but the manual locks only those: subjects can still be added
 * and paid in another order (R-PAY-01). So a save that changes nothing but
 * adds subjects passes, except while the audit decides (R-AUD-02). Paid
 * subjects give the payment rules' reasons first (R-PAY-05, R-PAY-03).
 */
static enum ncre_err info_locked(const struct http_request *req, const struct route_reg_ctx *ctx,
				 const cJSON *values, struct route_info_plan *p)
{
	const char *name = ncre_json_str(values, "name");
	char *text;
	cJSON *info;
	bool same;

	if (p->err == NCRE_E_SITE_CHANGE_PAID || p->err == NCRE_E_SUBJECT_PAID)
		return p->err;
	p->field = NULL;
	if (strcmp(ctx->reg.audit, "pending") == 0 || !ctx->reg.has_info || !ctx->has_site ||
	    p->site_changes || p->ncancelled > 0 || name == NULL || !ctx->reg.has_name ||
	    strcmp(name, ctx->reg.name) != 0)
		return NCRE_E_REG_LOCKED;
	text = info_values_json(req->srv->form, values);
	info = text != NULL ? cJSON_Parse(text) : NULL;
	same = info != NULL && ctx->info != NULL && cJSON_Compare(info, ctx->info, true);
	cJSON_free(text);
	cJSON_Delete(info);
	return same ? NCRE_OK : NCRE_E_REG_LOCKED;
}

/* Preview (save false) or save (save true). */
static void info_handle(struct http_request *req, bool save)
{
	struct route_reg_ctx ctx;
	struct rules_registration in;
	struct ncre_form_errors errs;
	struct route_info_plan plan;
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	if (save) {
		/* The tick of the confirmation dialog (R-REG-04); not a form field. */
		cJSON *confirm = cJSON_DetachItemFromObjectCaseSensitive(req->json, "confirm");
		bool yes = cJSON_IsTrue(confirm), wrong = confirm != NULL && !cJSON_IsBool(confirm);

		cJSON_Delete(confirm);
		if (!yes) {
			http_reply_error(req, wrong ? NCRE_E_BAD_JSON : NCRE_E_FIELD_REQUIRED, "confirm");
			return;
		}
	}
	if (route_reg_begin(req, &ctx, save) != 0)
		goto out;
	if (!ctx.has_reg) {
		route_reg_refuse(req, NCRE_E_AGREEMENT_REQUIRED, NULL);
		goto out;
	}
	if (ncre_form_validate(req->srv->form, req->json, clock_ymd_cst(ctx.now),
			       ctx.reg.has_identity ? ctx.reg.id_type : NULL,
			       ctx.reg.has_identity ? ctx.reg.id_number : NULL, &errs) > 0) {
		store_rollback(req->db);
		info_reply_form_errors(req, &errs);
		goto out;
	}
	in = route_reg_rules(&ctx);
	e = rules_registration_may_edit_info(&in);
	if (e != NCRE_OK && e != NCRE_E_REG_LOCKED) {
		route_reg_refuse(req, e, NULL);
		goto out;
	}
	if ((r = route_info_plan(req->db, &ctx, req->json, &plan)) != STORE_OK)
		goto fail;
	if (e == NCRE_E_REG_LOCKED)
		e = info_locked(req, &ctx, req->json, &plan);
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, plan.field);
		goto out;
	}
	if (plan.err != NCRE_OK) {
		route_reg_refuse(req, plan.err, plan.field);
		goto out;
	}
	if (!save) {
		cJSON *body = info_confirmation(&ctx, req->json, &plan);

		store_rollback(req->db);
		http_reply_json(req, 200, body);
		goto out;
	}
	if ((r = route_info_save(req->db, req->srv->form, &ctx, req->json, &plan)) != STORE_OK)
		goto fail;
	route_reg_reply(req, &ctx);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	route_reg_clear(&ctx);
}

void route_registration_preview(struct http_request *req)
{
	info_handle(req, false);
}

void route_registration_info(struct http_request *req)
{
	info_handle(req, true);
}
