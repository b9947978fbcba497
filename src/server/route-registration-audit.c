/*
 * POST /v1/registration/audit: the candidate submits the registration for
 * the site's audit (提交信息审核, R-AUD-01). It locks the registration
 * (R-LCK-01) and the audit becomes pending (R-AUD-02) until staff decide
 * (route-staff-audit.c).
 */
#include <string.h>

#include "ncre/errors.h"

#include "http.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

void route_registration_audit(struct http_request *req)
{
	struct route_reg_ctx ctx;
	struct rules_registration in;
	const char *field = NULL;
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	if (route_reg_begin(req, &ctx, true) != 0)
		goto out;
	in = route_reg_rules(&ctx);
	e = rules_registration_may_submit_audit(&in, &field);
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, field);
		goto out;
	}
	r = store_registration_audit_submit(req->db, ctx.reg.id, ctx.now);
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		goto out;
	}
	route_reg_reply(req, &ctx);
out:
	route_reg_clear(&ctx);
}
