/*
 * The candidate's registration in the current exam session:
 * GET /v1/registration, POST /v1/registration/agreement (R-REG-01),
 * PUT /v1/registration/identity (R-REG-02, R-REG-05, R-LCK-01, R-REG-10).
 * Every token sees only its own account's registration: the account comes
 * from the token, never from the request.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/validate.h"

#include "clock.h"
#include "http.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

struct route_reg_ctx {
	struct store_exam_session session;
	struct store_registration reg;
	bool has_reg;
	struct store_site site;
	bool has_site;
	time_t now;
};

/* Load session, registration and site of req->account (inside a transaction). */
static enum store_rc route_reg_load(struct http_request *req, struct route_reg_ctx *ctx)
{
	enum store_rc r;

	ctx->has_reg = ctx->has_site = false;
	ctx->now = clock_now(&req->srv->clock);
	r = store_exam_session_current(req->db, &ctx->session);
	if (r != STORE_OK)
		return r;
	r = store_registration_get(req->db, ctx->session.id, req->account, &ctx->reg);
	if (r == STORE_NOT_FOUND)
		return STORE_OK;
	if (r != STORE_OK)
		return r;
	ctx->has_reg = true;
	if (ctx->reg.site == 0)
		return STORE_OK;
	r = store_site_by_id(req->db, ctx->reg.site, &ctx->site);
	if (r != STORE_OK)
		return r;
	ctx->has_site = true;
	return STORE_OK;
}

static struct rules_registration route_reg_rules(const struct route_reg_ctx *ctx)
{
	struct rules_registration in = {
		.session = &ctx->session,
		.reg = ctx->has_reg ? &ctx->reg : NULL,
		.site = ctx->has_site ? &ctx->site : NULL,
		.now = ctx->now,
	};

	return in;
}

/* Reply for a store failure while loading; NOT_FOUND means no exam session. */
static void route_reg_fail(struct http_request *req, enum store_rc r)
{
	store_rollback(req->db);
	if (r == STORE_NOT_FOUND)
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
	else
		route_store_error(req, r);
}

/* Reload and reply 200 with the registration object, then commit. */
static void route_reg_reply(struct http_request *req, struct route_reg_ctx *ctx)
{
	struct rules_registration in;
	enum store_rc r;
	cJSON *body;

	r = route_reg_load(req, ctx);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		return;
	}
	in = route_reg_rules(ctx);
	body = rules_registration_json(&in);
	r = store_commit(req->db);
	if (r != STORE_OK) {
		cJSON_Delete(body);
		route_reg_fail(req, r);
		return;
	}
	http_reply_json(req, 200, body);
}

void route_registration_get(struct http_request *req)
{
	struct route_reg_ctx ctx;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	r = store_begin_read(req->db);
	if (r != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	route_reg_reply(req, &ctx);
}

void route_registration_agreement(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct store_agreement ag;
	struct rules_registration in;
	const cJSON *accept;
	const char *version = NULL;
	time_t open, close;
	int64_t id = 0;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	memset(&ag, 0, sizeof(ag));
	if (route_field_required(req, "version", 31, &version) != 0)
		return;
	accept = cJSON_GetObjectItemCaseSensitive(req->json, "accept");
	if (accept != NULL && !cJSON_IsBool(accept)) {
		http_reply_error(req, NCRE_E_BAD_JSON, "accept");
		return;
	}
	if (!cJSON_IsTrue(accept)) {
		/* Declining is not calling this; a call must carry the tick. */
		http_reply_error(req, NCRE_E_FIELD_REQUIRED, "accept");
		return;
	}

	if ((r = store_begin_write(req->db)) != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	if ((r = route_reg_load(req, &ctx)) != STORE_OK)
		goto fail;
	r = store_agreement_current(req->db, ctx.session.id, &ag);
	if (r != STORE_OK)
		goto fail;
	if (strcmp(ag.version, version) != 0) {
		store_rollback(req->db);
		http_reply_error(req, NCRE_E_AGREEMENT_VERSION, "version");
		goto out;
	}
	in = route_reg_rules(&ctx);
	rules_registration_window(&in, &open, &close);
	if (!rules_in_window(open, close, ctx.now)) {
		store_rollback(req->db);
		http_reply_error(req, NCRE_E_WINDOW_CLOSED, NULL);
		goto out;
	}
	if (!ctx.has_reg)
		r = store_registration_insert(req->db, ctx.session.id, req->account, ag.version,
					      ctx.now, &id);
	else if (strcmp(ctx.reg.agreement_version, ag.version) != 0)
		r = store_registration_set_agreement(req->db, ctx.reg.id, ag.version, ctx.now);
	if (r != STORE_OK)
		goto fail;
	route_reg_reply(req, &ctx);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	store_agreement_clear(&ag);
}

void route_registration_identity(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct rules_registration in;
	const char *type_in = NULL, *number_in = NULL;
	char number[32];
	enum ncre_id_type type;
	int64_t owner = 0;
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	if (route_field_required(req, "id_type", 24, &type_in) != 0 ||
	    route_field_required(req, "id_number", 31, &number_in) != 0)
		return;
	if (ncre_id_type_from_code(type_in, &type) != 0) {
		http_reply_error(req, NCRE_E_ID_TYPE_INVALID, "id_type");
		return;
	}
	snprintf(number, sizeof(number), "%s", number_in);
	ncre_id_normalize(number);
	e = ncre_validate_id(type, number, clock_ymd_cst(clock_now(&req->srv->clock)), NULL);
	if (e != NCRE_OK) {
		http_reply_error(req, e, "id_number");
		return;
	}

	if ((r = store_begin_write(req->db)) != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	if ((r = route_reg_load(req, &ctx)) != STORE_OK)
		goto fail;
	in = route_reg_rules(&ctx);
	e = rules_registration_may_edit_identity(&in);
	if (e != NCRE_OK) {
		store_rollback(req->db);
		http_reply_error(req, e, NULL);
		return;
	}
	/* R-REG-05: one ID, one registration per exam session. */
	r = store_registration_id_owner(req->db, ctx.session.id, type_in, number, &owner);
	if (r == STORE_OK && owner != req->account) {
		store_rollback(req->db);
		http_reply_error(req, NCRE_E_ID_TAKEN, "id_number");
		return;
	}
	if (r != STORE_OK && r != STORE_NOT_FOUND)
		goto fail;
	r = store_registration_set_identity(req->db, ctx.reg.id, type_in, number, ctx.now);
	if (r == STORE_CONFLICT) {
		store_rollback(req->db);
		http_reply_error(req, NCRE_E_ID_TAKEN, "id_number");
		return;
	}
	if (r != STORE_OK)
		goto fail;
	route_reg_reply(req, &ctx);
	return;
fail:
	route_reg_fail(req, r);
}
