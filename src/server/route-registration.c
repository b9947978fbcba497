/*
 * The candidate's registration in the current exam session:
 * GET /v1/registration, POST /v1/registration/agreement (R-REG-01),
 * PUT /v1/registration/identity (R-REG-02, R-REG-05, R-LCK-01, R-REG-10).
 * Every token sees only its own account's registration: the account comes
 * from the token, never from the request.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"
#include "ncre/validate.h"

#include "clock.h"
#include "group.h"
#include "http.h"
#include "ratelimit.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

static int route_reg_subject_cb(void *ud, const struct store_reg_subject *s)
{
	struct route_reg_ctx *ctx = ud;

	if (ctx->nsubjects >= RULES_MAX_SUBJECTS)
		return -1;
	ctx->subjects[ctx->nsubjects++] = *s;
	return 0;
}

void route_reg_clear(struct route_reg_ctx *ctx)
{
	cJSON_Delete(ctx->info);
	cJSON_Delete(ctx->tips);
	ctx->info = ctx->tips = NULL;
}

enum store_rc route_reg_load(struct http_request *req, struct route_reg_ctx *ctx)
{
	return route_reg_load_account(req, ctx, req->account);
}

/*
 * The registration of account, or (account 0) the one with id reg. again:
 * ctx was loaded before by this request (a reply after a change; on SQLite
 * in the write transaction just committed), so the exam session it read
 * stands, and so does the site row when the registration is still at that
 * site; the rest is read again.
 */
static enum store_rc route_reg_load_which(struct http_request *req, struct route_reg_ctx *ctx,
					  int64_t account, int64_t reg, bool again)
{
	struct store_reg_more more;
	int64_t site_had = again && ctx->has_site ? ctx->site.id : 0;
	enum store_rc r;

	route_reg_clear(ctx);
	ctx->has_reg = ctx->has_site = ctx->has_photo = false;
	memset(&ctx->audit, 0, sizeof(ctx->audit));
	ctx->nsubjects = 0;
	ctx->norders = 0;
	ctx->now = clock_now(&req->srv->clock);
	if (!again || ctx->session.id == 0) {
		r = store_exam_session_current(req->db, &ctx->session);
		if (r != STORE_OK)
			return r;
	}
	r = store_registration_more(req->db, ctx->session.id, account, reg, &ctx->reg, &more);
	if (r == STORE_NOT_FOUND)
		return STORE_OK;
	if (r != STORE_OK)
		return r;
	ctx->has_reg = true;
	ctx->audit = more.audit;
	ctx->has_photo = more.photo;
	ctx->norders = more.norders;
	if (ctx->reg.has_info) {
		ctx->info = cJSON_Parse(ctx->reg.info);
		if (ctx->info == NULL)
			return STORE_ERROR;
	}
	r = store_registration_subjects_each(req->db, ctx->reg.id, route_reg_subject_cb, ctx);
	if (r != STORE_OK || ctx->reg.site == 0)
		return r;
	if (ctx->reg.site != site_had) {
		r = store_site_by_id(req->db, ctx->reg.site, &ctx->site);
		if (r != STORE_OK)
			return r;
	}
	ctx->has_site = true;
	return STORE_OK;
}

enum store_rc route_reg_load_account(struct http_request *req, struct route_reg_ctx *ctx,
				     int64_t account)
{
	return route_reg_load_which(req, ctx, account, 0, false);
}

enum store_rc route_reg_load_id(struct http_request *req, struct route_reg_ctx *ctx, int64_t reg)
{
	return route_reg_load_which(req, ctx, 0, reg, false);
}

int route_reg_begin(struct http_request *req, struct route_reg_ctx *ctx, bool write)
{
	enum store_rc r = write ? store_begin_write(req->db) : store_begin_read(req->db);

	if (r != STORE_OK) {
		route_store_error(req, r);
		return -1;
	}
	r = route_reg_load(req, ctx);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		return -1;
	}
	return 0;
}

struct rules_registration route_reg_rules(const struct route_reg_ctx *ctx)
{
	struct rules_registration in = {
		.session = &ctx->session,
		.reg = ctx->has_reg ? &ctx->reg : NULL,
		.site = ctx->has_site ? &ctx->site : NULL,
		.now = ctx->now,
		.subjects = ctx->subjects,
		.nsubjects = ctx->nsubjects,
		.info = ctx->info,
		.tips = ctx->tips,
		.photo = ctx->has_photo,
		.audit = ctx->has_reg ? &ctx->audit : NULL,
		.norders = ctx->norders,
	};

	return in;
}

void route_reg_fail(struct http_request *req, enum store_rc r)
{
	store_rollback(req->db);
	if (r == STORE_NOT_FOUND)
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
	else
		route_store_error(req, r);
}

void route_reg_refuse(struct http_request *req, enum ncre_err e, const char *field)
{
	store_rollback(req->db);
	http_reply_error(req, e, field);
}

static int route_reg_tip_cb(void *ud, const struct store_tip *t)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(ud, o);
	return ncre_json_add_str(o, "zh", t->zh) != 0 || ncre_json_add_str(o, "en", t->en) != 0
		       ? -1 : 0;
}

void route_reg_reply(struct http_request *req, struct route_reg_ctx *ctx)
{
	struct rules_registration in;
	enum store_rc r;
	cJSON *body;

	/* A write is committed first: the reply is read and built after it. */
	r = store_write_done(req->db);
	if (r == STORE_OK)
		r = route_reg_load_which(req, ctx, req->account, 0, true);
	if (r == STORE_OK) {
		ctx->tips = cJSON_CreateArray();
		r = ctx->tips == NULL ? STORE_ERROR
				      : store_tips_each(req->db, ctx->session.id, route_reg_tip_cb,
							ctx->tips);
	}
	if (r != STORE_OK) {
		route_reg_clear(ctx);
		route_reg_fail(req, r);
		return;
	}
	in = route_reg_rules(ctx);
	body = rules_registration_json(&in);
	route_reg_clear(ctx);
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
	route_reg_clear(&ctx);
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
	route_reg_clear(&ctx);
	store_agreement_clear(&ag);
}

/*
 * R-REG-06: once personal information is saved, the account belongs to
 * that candidate: a new 居民身份证/居住证 number must carry the same birth
 * date and gender.
 */
static enum ncre_err route_identity_same_person(const struct route_reg_ctx *ctx,
						const struct ncre_id_facts *facts)
{
	const char *birth = ncre_json_str(ctx->info, "birth_date");
	const char *gender = ncre_json_str(ctx->info, "gender");
	char want[16];

	snprintf(want, sizeof(want), "%04d-%02d-%02d", facts->year, facts->month, facts->day);
	if (birth != NULL && strcmp(birth, want) != 0)
		return NCRE_E_BIRTHDATE_MISMATCH;
	if (gender != NULL && strcmp(gender, facts->sex == 'M' ? "1" : "2") != 0)
		return NCRE_E_GENDER_MISMATCH;
	return NCRE_OK;
}

/*
 * Count one claim try against the account and the client address: STORE_OK
 * with *wait 0 when it may go ahead (recorded), else *wait > 0.
 */
static enum store_rc route_claim_count(struct http_request *req, time_t now, unsigned *wait)
{
	const struct config *cfg = &req->srv->cfg;
	char key[32];
	enum store_rc r;

	snprintf(key, sizeof(key), "%lld", (long long)req->account);
	r = ratelimit_recovery_check(cfg, req->db, STORE_ATTEMPT_CLAIM_BY_ACCOUNT, key, now, wait);
	if (r == STORE_OK && *wait == 0)
		r = ratelimit_recovery_check(cfg, req->db, STORE_ATTEMPT_CLAIM_BY_ADDR, req->addr,
					     now, wait);
	if (r != STORE_OK || *wait > 0)
		return r;
	r = store_recovery_attempt_add(req->db, STORE_ATTEMPT_CLAIM_BY_ACCOUNT, key, now);
	if (r == STORE_OK)
		r = store_recovery_attempt_add(req->db, STORE_ATTEMPT_CLAIM_BY_ADDR, req->addr, now);
	return r;
}

/*
 * 集体报名: the candidate gives the claim code the site handed them with the
 * ID (inside the caller's write transaction; replies). Whatever is wrong —
 * no group registration holds the ID, it is claimed, the code is wrong,
 * expired or void after claim_attempts tries — the answer is the same
 * CLAIM_CODE_INVALID after the same work, and every try counts against
 * the account and the address first.
 */
static void route_identity_claim(struct http_request *req, struct route_reg_ctx *ctx,
				 const char *type_in, const char *number, const char *code)
{
	static const unsigned char no_salt[STORE_CLAIM_SALT_LEN];
	struct store_claim cl;
	unsigned wait = 0;
	bool found, ok;
	enum store_rc r;

	if ((r = route_claim_count(req, ctx->now, &wait)) != STORE_OK)
		goto fail;
	if (wait > 0) {
		store_rollback(req->db);
		http_reply_retry(req, NCRE_E_RATE_LIMITED, wait);
		return;
	}
	r = store_claim_get(req->db, ctx->session.id, type_in, number, ctx->now,
			    (int)req->srv->cfg.claim_attempts, &cl);
	if (r != STORE_OK && r != STORE_NOT_FOUND)
		goto fail;
	found = r == STORE_OK;
	if (!found)
		memcpy(cl.salt, no_salt, sizeof(cl.salt));	/* the same hashing either way */
	ok = group_claim_matches(&cl, code) && found;
	if (found && (r = store_claim_try(req->db, cl.registration)) != STORE_OK)
		goto fail;
	if (!ok) {
		/* The tries stay counted. */
		r = store_commit(req->db);
		if (r != STORE_OK)
			goto fail;
		http_reply_error(req, NCRE_E_CLAIM_CODE_INVALID, "claim_code");
		goto out;
	}
	/* The candidate's own registration, still fresh, gives way (R-ACC-05). */
	if (ctx->info != NULL || ctx->reg.site != 0) {
		route_reg_refuse(req, NCRE_E_ID_TAKEN, "id_number");
		goto out;
	}
	r = store_registration_claim(req->db, ctx->session.id, type_in, number, req->account,
				     ctx->reg.id, ctx->reg.agreement_version, ctx->reg.accepted_at,
				     ctx->now);
	if (r == STORE_NOT_FOUND) {
		route_reg_refuse(req, NCRE_E_ID_TAKEN, "id_number");
		goto out;
	}
	/* Single use. */
	if (r != STORE_OK || (r = store_claim_delete(req->db, cl.registration)) != STORE_OK)
		goto fail;
	route_reg_reply(req, ctx);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	sodium_memzero(&cl, sizeof(cl));
}

void route_registration_identity(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct rules_registration in;
	struct ncre_id_facts facts;
	const char *type_in = NULL, *number_in = NULL, *claim_in = NULL;
	char number[32], claim[GROUP_CLAIM_DIGITS + 1];
	enum ncre_id_type type;
	int64_t owner = 0;
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	memset(&facts, 0, sizeof(facts));
	claim[0] = '\0';
	if (route_field_required(req, "id_type", 24, &type_in) != 0 ||
	    route_field_required(req, "id_number", 31, &number_in) != 0 ||
	    route_field_str(req, "claim_code", 32, &claim_in) != 0)
		return;
	if (ncre_id_type_from_code(type_in, &type) != 0) {
		http_reply_error(req, NCRE_E_ID_TYPE_INVALID, "id_type");
		return;
	}
	if (strlen(number_in) >= sizeof(number)) {
		http_reply_error(req, NCRE_E_ID_FORMAT, "id_number");
		return;
	}
	snprintf(number, sizeof(number), "%s", number_in);
	ncre_id_normalize(number);
	e = ncre_validate_id(type, number, clock_ymd_cst(clock_now(&req->srv->clock)), &facts);
	if (e != NCRE_OK) {
		http_reply_error(req, e, "id_number");
		return;
	}
	if (claim_in != NULL && claim_in[0] != '\0' && group_claim_read(claim_in, claim) != 0) {
		http_reply_error(req, NCRE_E_CLAIM_CODE_INVALID, "claim_code");
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
		route_reg_refuse(req, e, NULL);
		goto out;
	}
	if ((type == NCRE_ID_RESIDENT || type == NCRE_ID_RESIDENCE_PERMIT) && ctx.info != NULL) {
		e = route_identity_same_person(&ctx, &facts);
		if (e != NCRE_OK) {
			route_reg_refuse(req, e, "id_number");
			goto out;
		}
	}
	/* R-REG-05: one ID, one registration per exam session. */
	r = store_registration_id_owner(req->db, ctx.session.id, type_in, number, &owner);
	if (r != STORE_OK && r != STORE_NOT_FOUND)
		goto fail;
	if (claim[0] != '\0' && !(r == STORE_OK && owner == req->account)) {
		/*
		 * 集体报名: the site registered this ID and handed its holder the
		 * claim code. The ID alone proves nobody: without the code a group
		 * registration answers as any other registration of the ID does.
		 */
		route_identity_claim(req, &ctx, type_in, number, claim);
		goto out;
	}
	if (r == STORE_OK && owner != req->account) {
		route_reg_refuse(req, NCRE_E_ID_TAKEN, "id_number");
		goto out;
	}
	r = store_registration_set_identity(req->db, ctx.reg.id, type_in, number, ctx.now);
	if (r == STORE_CONFLICT) {
		route_reg_refuse(req, NCRE_E_ID_TAKEN, "id_number");
		goto out;
	}
	if (r != STORE_OK)
		goto fail;
	route_reg_reply(req, &ctx);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	sodium_memzero(claim, sizeof(claim));
	route_reg_clear(&ctx);
}
