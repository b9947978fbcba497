/*
 * Taking things back: DELETE /v1/registration/subjects/{code} cancels one
 * unpaid subject within the window (R-DEL-01); POST /v1/registration/delete
 * deletes the whole registration, with a reason, when nothing is paid
 * (R-DEL-02), whatever the window. Both free their places at once (R-REG-08).
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/text.h"
#include "ncre/validate.h"

#include "http.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

/* Characters, as the kiosk counts them. */
#define DELETE_REASON_MAX_CHARS 200

void route_registration_cancel_subject(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct rules_registration in;
	const struct store_reg_subject *s = NULL;
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	if (route_reg_begin(req, &ctx, true) != 0)
		goto out;
	in = route_reg_rules(&ctx);
	e = rules_registration_may_edit_info(&in);
	for (size_t i = 0; i < ctx.nsubjects; i++)
		if (strcmp(ctx.subjects[i].subject.code, req->param) == 0)
			s = &ctx.subjects[i];
	/* R-PAY-03 is the reason for a paid subject, whatever else holds (the lock). */
	if (s != NULL && s->paid && (e == NCRE_OK || e == NCRE_E_REG_LOCKED))
		e = NCRE_E_SUBJECT_PAID;
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, NULL);
		goto out;
	}
	if (s == NULL) {
		route_reg_refuse(req, NCRE_E_NOT_FOUND, NULL);
		goto out;
	}
	r = store_registration_subject_remove(req->db, ctx.reg.id, s->subject.code);
	/* R-EXP-02 counts an emptied registration's grace period from now. */
	if (r == STORE_OK)
		r = store_registration_touch(req->db, ctx.reg.id, ctx.now);
	if (r != STORE_OK)
		goto fail;
	route_reg_reply(req, &ctx);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	route_reg_clear(&ctx);
}

/*
 * The count rows the deletion gives back, locked before the cascade counts
 * them down in whatever order it finds the subjects: the store's one order
 * (docs/server.md, "Lock order"), as a save naming the same subjects takes
 * them.
 */
static enum store_rc delete_lock_counts(struct store_conn *db, const struct route_reg_ctx *ctx)
{
	struct store_count_key keys[RULES_MAX_SUBJECTS + 1];
	size_t n = 0;

	if (!ctx->has_site)
		return STORE_OK;
	for (size_t i = 0; i < ctx->nsubjects && n < RULES_MAX_SUBJECTS; i++)
		keys[n++] = (struct store_count_key){ .site = ctx->site.id,
						      .subject = ctx->subjects[i].subject.code };
	keys[n++] = (struct store_count_key){ .site = ctx->site.id };
	return store_count_rows_lock(db, keys, n);
}

void route_registration_delete(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct rules_registration in;
	const char *reason = NULL;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	/* 4 bytes per character at most; then count characters. */
	if (route_field_required(req, "reason", DELETE_REASON_MAX_CHARS * 4, &reason) != 0)
		return;
	if (ncre_utf8_chars(reason) > DELETE_REASON_MAX_CHARS) {
		http_reply_error(req, NCRE_E_FIELD_TOO_LONG, "reason");
		return;
	}
	if (!ncre_utf8_is_clean(reason)) {
		http_reply_error(req, NCRE_E_TEXT_INVALID, "reason");
		return;
	}
	if (route_reg_begin(req, &ctx, true) != 0)
		goto out;
	if (!ctx.has_reg) {
		route_reg_refuse(req, NCRE_E_NOT_FOUND, NULL);
		goto out;
	}
	in = route_reg_rules(&ctx);
	if (rules_registration_paid(&in) > 0) {
		route_reg_refuse(req, NCRE_E_REG_HAS_PAID, NULL);
		goto out;
	}
	r = delete_lock_counts(req->db, &ctx);
	if (r == STORE_OK)
		r = store_registration_delete(req->db, ctx.reg.id, reason, ctx.now);
	if (r != STORE_OK)
		goto fail;
	route_reg_reply(req, &ctx);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	route_reg_clear(&ctx);
}
