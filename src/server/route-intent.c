/*
 * Intended exam dates (R-INT-01..03, R-REG-10):
 *   GET /v1/registration/intents  each paid subject's dates with the places
 *                                 left, and its choice
 *   PUT /v1/registration/intents  {"choices":{"14":"2027-03-27","26":null}}
 * A PUT checks every choice and writes them in one BEGIN IMMEDIATE
 * transaction, so racing candidates never take more places than a date
 * has; a refusal changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "http.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

#define INTENT_DATE_MAX 10	/* "YYYY-MM-DD" */

/* The paid subjects' "dates" arrays, filled from the site's exam dates. */
struct intent_lists {
	const char *codes[RULES_MAX_SUBJECTS];
	cJSON *dates[RULES_MAX_SUBJECTS];
	size_t n;
};

static int intent_date_cb(void *ud, const struct store_intent_date *d)
{
	struct intent_lists *l = ud;
	cJSON *o;

	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->codes[i], d->subject) != 0)
			continue;
		o = cJSON_CreateObject();
		if (o == NULL)
			return -1;
		cJSON_AddItemToArray(l->dates[i], o);
		if (ncre_json_add_str(o, "date", d->date) != 0 ||
		    cJSON_AddNumberToObject(o, "capacity", d->capacity) == NULL ||
		    cJSON_AddNumberToObject(o, "remaining",
					    d->capacity > d->taken ? d->capacity - d->taken : 0) == NULL)
			return -1;
	}
	return 0;
}

/* The "intents" reply of ctx; NULL with *r on failure. */
static cJSON *intent_json(struct http_request *req, const struct route_reg_ctx *ctx,
			  enum store_rc *r)
{
	struct rules_registration in = route_reg_rules(ctx);
	enum ncre_err e = rules_registration_may_choose_intent(&in);
	struct intent_lists lists;
	cJSON *root = cJSON_CreateObject(), *o, *subjects;

	*r = STORE_ERROR;
	memset(&lists, 0, sizeof(lists));
	if (root == NULL)
		return NULL;
	o = cJSON_AddObjectToObject(root, "intents");
	if (o == NULL ||
	    cJSON_AddBoolToObject(o, "possible", e == NCRE_OK) == NULL ||
	    ncre_json_add_str(o, "reason", e == NCRE_OK ? NULL : ncre_err_info(e)->code) != 0 ||
	    cJSON_AddBoolToObject(o, "site_allows", ctx->has_site && ctx->site.intent_dates) == NULL)
		goto fail;
	if (ctx->has_site ? rules_exam_period_json(o, &ctx->site) != 0
			  : cJSON_AddNullToObject(o, "exam_period") == NULL)
		goto fail;
	subjects = cJSON_AddArrayToObject(o, "subjects");
	if (subjects == NULL)
		goto fail;
	for (size_t i = 0; i < ctx->nsubjects; i++) {
		const struct store_reg_subject *s = &ctx->subjects[i];
		char zh[256], en[256];
		cJSON *so;

		if (!s->paid)
			continue;	/* R-INT-01: paid subjects only */
		so = cJSON_CreateObject();
		if (so == NULL)
			goto fail;
		cJSON_AddItemToArray(subjects, so);
		rules_intent_text(ctx->has_site ? &ctx->site : NULL, s->intent_date, zh, sizeof(zh),
				  en, sizeof(en));
		if (ncre_json_add_str(so, "code", s->subject.code) != 0 ||
		    ncre_json_add_str(so, "name_zh", s->subject.name_zh) != 0 ||
		    ncre_json_add_str(so, "name_en", s->subject.name_en) != 0 ||
		    ncre_json_add_str(so, "intent_date",
				      s->intent_date[0] != '\0' ? s->intent_date : NULL) != 0 ||
		    ncre_json_add_str(so, "intent_zh", zh) != 0 ||
		    ncre_json_add_str(so, "intent_en", en) != 0)
			goto fail;
		lists.codes[lists.n] = s->subject.code;
		lists.dates[lists.n] = cJSON_AddArrayToObject(so, "dates");
		if (lists.dates[lists.n] == NULL)
			goto fail;
		lists.n++;
	}
	/* Dates are offered only where the site lets candidates choose (R-INT-02). */
	if (lists.n > 0 && ctx->has_site && ctx->site.intent_dates) {
		*r = store_intent_dates_each(req->db, ctx->site.id, NULL, intent_date_cb, &lists);
		if (*r != STORE_OK) {
			cJSON_Delete(root);
			return NULL;
		}
	}
	if (ncre_json_add_str(o, "note_zh", "意向考试日期是尽量安排，不保证，考生需理解并服从安排；"
			      "不选择的，将在考点科目考试时间内随机安排考试时间。") != 0 ||
	    ncre_json_add_str(o, "note_en", "An intended date is a wish the site tries to meet, "
			      "not a promise; without one the exam date is assigned at random "
			      "within the site's exam period.") != 0)
		goto fail;
	*r = STORE_OK;
	return root;
fail:
	*r = STORE_ERROR;
	cJSON_Delete(root);
	return NULL;
}

/* Reload ctx, end the transaction and reply 200 with the intents object. */
static void intent_reply(struct http_request *req, struct route_reg_ctx *ctx)
{
	enum store_rc r = route_reg_load(req, ctx);
	cJSON *body = NULL;

	if (r == STORE_OK)
		body = intent_json(req, ctx, &r);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		cJSON_Delete(body);
		route_reg_fail(req, r);
		return;
	}
	http_reply_json(req, 200, body);
}

void route_intent_get(struct http_request *req)
{
	struct route_reg_ctx ctx;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	r = store_begin_read(req->db);
	if (r != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	intent_reply(req, &ctx);
	route_reg_clear(&ctx);
}

/* The registration's subject code, or NULL. */
static const struct store_reg_subject *intent_subject(const struct route_reg_ctx *ctx,
						      const char *code)
{
	for (size_t i = 0; i < ctx->nsubjects; i++)
		if (strcmp(ctx->subjects[i].subject.code, code) == 0)
			return &ctx->subjects[i];
	return NULL;
}

/*
 * Lock the date count rows the choices may give back or take before any of
 * them, in the store's one order (docs/server.md, "Lock order"): applied
 * in the request's order, two candidates naming the same dates in opposite
 * orders, or moving between two dates in opposite directions, would each
 * hold a row the other waits for.
 */
static enum store_rc intent_lock_dates(struct store_conn *db, const struct route_reg_ctx *ctx,
				       const cJSON *choices)
{
	struct store_count_key keys[2 * RULES_MAX_SUBJECTS];
	const cJSON *it;
	size_t n = 0;

	cJSON_ArrayForEach(it, choices) {
		const struct store_reg_subject *s = intent_subject(ctx, it->string);
		const char *want = cJSON_IsString(it) ? it->valuestring : "";

		if (s == NULL || !s->paid || strcmp(s->intent_date, want) == 0 ||
		    n + 2 > sizeof(keys) / sizeof(keys[0]))
			continue;	/* refused below, or nothing changes */
		if (s->intent_date[0] != '\0')
			keys[n++] = (struct store_count_key){ .site = ctx->site.id,
							      .subject = s->subject.code,
							      .date = s->intent_date };
		if (want[0] != '\0')
			keys[n++] = (struct store_count_key){ .site = ctx->site.id,
							      .subject = s->subject.code,
							      .date = want };
	}
	return store_count_rows_lock(db, keys, n);
}

void route_intent_put(struct http_request *req)
{
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(req->json, "choices"), *it;
	struct route_reg_ctx ctx;
	struct rules_registration in;
	char field[64];
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	if (choices == NULL) {
		http_reply_error(req, NCRE_E_FIELD_REQUIRED, "choices");
		return;
	}
	if (!cJSON_IsObject(choices)) {
		http_reply_error(req, NCRE_E_BAD_JSON, "choices");
		return;
	}
	cJSON_ArrayForEach(it, choices) {
		if (!cJSON_IsNull(it) &&
		    (!cJSON_IsString(it) || strlen(it->valuestring) > INTENT_DATE_MAX)) {
			http_reply_error(req, NCRE_E_BAD_JSON, "choices");
			return;
		}
	}
	if (route_reg_begin(req, &ctx, true) != 0)
		goto out;
	in = route_reg_rules(&ctx);
	e = rules_registration_may_choose_intent(&in);
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, NULL);
		goto out;
	}
	r = intent_lock_dates(req->db, &ctx, choices);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		goto out;
	}
	cJSON_ArrayForEach(it, choices) {
		const struct store_reg_subject *s = intent_subject(&ctx, it->string);

		snprintf(field, sizeof(field), "choices.%.40s", it->string);
		if (s == NULL || !s->paid) {
			route_reg_refuse(req, NCRE_E_INTENT_NOT_PAID, field);	/* R-INT-01 */
			goto out;
		}
		if (cJSON_IsNull(it))
			r = store_intent_clear(req->db, ctx.reg.id, s->subject.code);
		else
			r = store_intent_choose(req->db, ctx.reg.id, ctx.site.id, s->subject.code,
						it->valuestring, ctx.now);
		if (r == STORE_NOT_FOUND) {
			route_reg_refuse(req, NCRE_E_INTENT_DATE_INVALID, field);
			goto out;
		}
		if (r == STORE_CONFLICT) {
			route_reg_refuse(req, NCRE_E_INTENT_DATE_FULL, field);
			goto out;
		}
		if (r != STORE_OK) {
			route_reg_fail(req, r);
			goto out;
		}
	}
	intent_reply(req, &ctx);
out:
	route_reg_clear(&ctx);
}
