/*
 * What the registration routes share (route-registration*.c): the
 * registration of req->account loaded inside the caller's transaction,
 * and the reply with the whole registration object.
 */
#ifndef SRV_ROUTE_REGISTRATION_H
#define SRV_ROUTE_REGISTRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "http.h"
#include "rules-registration.h"
#include "store.h"

struct ncre_form;

struct route_reg_ctx {
	struct store_exam_session session;
	struct store_registration reg;
	bool has_reg;
	struct store_site site;
	bool has_site;
	time_t now;
	struct store_reg_subject subjects[RULES_MAX_SUBJECTS];
	size_t nsubjects;
	bool has_photo;		/* store_photo_exists (R-PHO-04, R-AUD-01) */
	struct store_reg_audit audit;	/* when has_reg */
	size_t norders;		/* payment orders of the registration */
	cJSON *info;		/* reg.info parsed; owned */
	cJSON *tips;		/* loaded for the reply only; owned */
};

/* Load session, registration, site and subjects of req->account. */
enum store_rc route_reg_load(struct http_request *req, struct route_reg_ctx *ctx);
/* The same for another account of the current exam session (staff routes). */
enum store_rc route_reg_load_account(struct http_request *req, struct route_reg_ctx *ctx,
				     int64_t account);
/*
 * Begin a write (or read) transaction and load ctx: 0, or -1 after
 * replying (the transaction is then closed).
 */
int route_reg_begin(struct http_request *req, struct route_reg_ctx *ctx, bool write);
/* The rules' view of ctx (pointers into ctx). */
struct rules_registration route_reg_rules(const struct route_reg_ctx *ctx);
/* Free what ctx owns; it can be loaded again. */
void route_reg_clear(struct route_reg_ctx *ctx);
/* Roll back and reply for a failed store call (NOT_FOUND: no exam session). */
void route_reg_fail(struct http_request *req, enum store_rc r);
/* Roll back and reply with an error. */
void route_reg_refuse(struct http_request *req, enum ncre_err e, const char *field);
/*
 * {"orders":[...]} of the registration in ctx, newest first, each as
 * GET /v1/registration/orders has it (route-order.c); staff: with
 * confirmed_by. NULL on failure (r set).
 */
cJSON *route_order_list_json(struct http_request *req, const struct route_reg_ctx *ctx,
			     bool staff, enum store_rc *r);
/*
 * What a save of personal information, site and subjects changes, and
 * whether the rules allow it (R-REG-07 .. R-REG-11): the checks of PUT
 * /v1/registration/info, shared with group registration (group.c).
 */
struct route_info_plan {
	struct store_site site;			/* the site chosen */
	bool site_changes;			/* a site was chosen before and this is another */
	struct store_site_subject want[RULES_MAX_SUBJECTS];	/* all subjects if saved */
	bool added[RULES_MAX_SUBJECTS];		/* want[i] is new at this site */
	size_t nwant;
	const struct store_reg_subject *cancelled[RULES_MAX_SUBJECTS];
	size_t ncancelled;
	enum ncre_err err;			/* a rule refused it: err and field */
	const char *field;
};
/*
 * Work out the plan for the form-valid values (the body of PUT info) on
 * ctx's registration (a fresh one: has_reg false, no site, no subjects).
 * A store failure, or STORE_OK with p->err NCRE_OK or the refusal.
 */
enum store_rc route_info_plan(struct store_conn *db, const struct route_reg_ctx *ctx,
			      const cJSON *values, struct route_info_plan *p);
/* Write the plan to ctx->reg.id, inside the caller's write transaction. */
enum store_rc route_info_save(struct store_conn *db, const struct ncre_form *form,
			      const struct route_reg_ctx *ctx, const cJSON *values,
			      const struct route_info_plan *p);
/* Load ctx with the registration of this id (staff routes; it may have no account). */
enum store_rc route_reg_load_id(struct http_request *req, struct route_reg_ctx *ctx,
				int64_t reg);

/*
 * Commit the writes, if any (store_write_done: the writer lock is not held
 * while the reply is built), reload, end the transaction and reply 200
 * with the registration object; clears ctx. A store error after the
 * writes are in replies with that error: the change stays, and doing it
 * again changes nothing more. ctx is zeroed, or was loaded by this
 * request: its exam session and (at the same site) its site row are kept,
 * not read again (on SQLite they come from the write transaction just
 * committed, the rest from the read that follows).
 */
void route_reg_reply(struct http_request *req, struct route_reg_ctx *ctx);

#endif
