/*
 * The candidate's photo: PUT /v1/registration/photo (image/jpeg body, at
 * most HTTP_PHOTO_BODY_MAX) and GET /v1/registration/photo.
 *
 * The server never trusts the kiosk: the upload goes through the same
 * checks (R-PHO-01, src/core/photo.c), then is stored re-encoded upright,
 * baseline 4:2:0 and without metadata (no EXIF location leaves the
 * candidate's phone for our disk). The decode runs outside any database
 * transaction; the rules (R-PHO-03 lock, window, flow order) are checked
 * before it, and again inside the write transaction that stores it.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"
#include "ncre/photo.h"

#include "http.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

static const char *const route_photo_items[NCRE_PHOTO_NITEMS] = {
	[NCRE_PHOTO_EXTENSION] = "extension",
	[NCRE_PHOTO_SIZE] = "size",
	[NCRE_PHOTO_JPEG] = "jpeg",
	[NCRE_PHOTO_DIMENSIONS] = "dimensions",
	[NCRE_PHOTO_BACKGROUND] = "background",
	[NCRE_PHOTO_PROPORTION] = "proportion",
};

static const char *const route_photo_verdicts[] = {
	[NCRE_PHOTO_PASS] = "pass",
	[NCRE_PHOTO_FAIL] = "fail",
	[NCRE_PHOTO_WARN] = "warn",
	[NCRE_PHOTO_SKIPPED] = "skipped",
};

/* The refusal with every check line: {"error":{..., "checks":[...]}}. */
static void route_photo_refuse_checks(struct http_request *req, const struct ncre_photo_check *c)
{
	cJSON *root = http_error_json(c->first_err, "photo", 0), *checks;

	if (root == NULL)
		goto oom;
	checks = cJSON_AddArrayToObject(cJSON_GetObjectItemCaseSensitive(root, "error"), "checks");
	if (checks == NULL)
		goto oom;
	for (int i = 0; i < NCRE_PHOTO_NITEMS; i++) {
		const struct ncre_photo_line *l = &c->line[i];
		cJSON *o;

		if (l->verdict == NCRE_PHOTO_SKIPPED && i == NCRE_PHOTO_EXTENSION)
			continue;	/* uploads carry no file name */
		o = cJSON_CreateObject();
		if (o == NULL)
			goto oom;
		cJSON_AddItemToArray(checks, o);
		if (ncre_json_add_str(o, "item", route_photo_items[i]) != 0 ||
		    ncre_json_add_str(o, "verdict", route_photo_verdicts[l->verdict]) != 0 ||
		    ncre_json_add_str(o, "code", l->verdict == NCRE_PHOTO_FAIL
							 ? ncre_err_info(l->err)->code : NULL) != 0 ||
		    ncre_json_add_str(o, "measured", l->measured) != 0)
			goto oom;
	}
	http_reply_json(req, (unsigned)ncre_err_info(c->first_err)->http_status, root);
	return;
oom:
	cJSON_Delete(root);
	http_reply_error(req, NCRE_E_INTERNAL, NULL);
}

/* The rules in a transaction already begun: 0, or -1 after refusing. */
static int route_photo_allowed(struct http_request *req, struct route_reg_ctx *ctx)
{
	struct rules_registration in = route_reg_rules(ctx);
	enum ncre_err e = rules_registration_may_edit_photo(&in);

	if (e != NCRE_OK) {
		route_reg_refuse(req, e, NULL);
		return -1;
	}
	return 0;
}

void route_photo_put(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct ncre_photo_check chk;
	struct ncre_photo_fit_info info;
	unsigned char *jpeg = NULL, hash[STORE_PHOTO_HASH_LEN];
	size_t len = 0;
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	/* Cheap refusals first (lock, window, order): no decoding for them. */
	if (route_reg_begin(req, &ctx, false) != 0 || route_photo_allowed(req, &ctx) != 0)
		goto out;
	store_rollback(req->db);
	route_reg_clear(&ctx);

	if (ncre_photo_check(NULL, (const unsigned char *)req->body.data, req->body.len, &chk) != 0) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		goto out;
	}
	if (!chk.ok) {
		route_photo_refuse_checks(req, &chk);
		goto out;
	}
	e = ncre_photo_fit((const unsigned char *)req->body.data, req->body.len, &ncre_photo_fit_store,
			   &jpeg, &len, &info);
	if (e != NCRE_OK) {
		http_reply_error(req, e, "photo");
		goto out;
	}
	crypto_hash_sha256(hash, jpeg, len);

	if (route_reg_begin(req, &ctx, true) != 0 || route_photo_allowed(req, &ctx) != 0)
		goto out;
	r = store_photo_put(req->db, ctx.reg.id, hash, jpeg, len, info.w, info.h, ctx.now);
	if (r == STORE_OK)
		r = store_registration_touch(req->db, ctx.reg.id, ctx.now);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		goto out;
	}
	route_reg_reply(req, &ctx);
out:
	route_reg_clear(&ctx);
	ncre_photo_buf_free(&jpeg);
}

void route_photo_get(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct store_photo photo;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	memset(&photo, 0, sizeof(photo));
	if (route_reg_begin(req, &ctx, false) != 0)
		goto out;
	if (!ctx.has_reg) {
		route_reg_refuse(req, NCRE_E_NOT_FOUND, NULL);
		goto out;
	}
	r = store_photo_get(req->db, ctx.reg.id, &photo);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
		goto out;
	}
	http_reply_bytes(req, 200, "image/jpeg", photo.jpeg, photo.len);
out:
	route_reg_clear(&ctx);
	store_photo_clear(&photo);
}
