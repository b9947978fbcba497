/*
 * Payment orders (R-PAY-01..06, R-LCK-01, R-PHO-04, R-AUD-01, R-REG-10):
 *   POST /v1/registration/orders              create (Idempotency-Key)
 *   GET  /v1/registration/orders              every order (查看订单详情)
 *   POST /v1/registration/orders/{no}/refresh ask the platform (更新)
 *   POST /v1/payments/notify/{platform}       a platform's notification
 *   POST /v1/staff/orders/{no}/confirm        paid at the desk (cash, card)
 * Each runs in one write transaction, so racing requests for the same
 * subjects see each other's order: one order, never two charges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "clock.h"
#include "http.h"
#include "payment.h"
#include "route-registration.h"
#include "routes.h"
#include "rules-registration.h"
#include "store.h"

#define ORDER_KEY_MAX 64
#define ORDER_TOKEN_LEN 8
#define ORDER_TRIES 5

/* The order as the candidate and staff see it; NULL on OOM. */
static cJSON *order_json(struct server *srv, const struct store_order *o,
			 const struct route_reg_ctx *ctx, time_t now)
{
	const struct payment_platform *p = payment_platform_find(srv, o->platform);
	bool open = strcmp(o->state, "open") == 0 && o->expires_at > now;
	const char *state = strcmp(o->state, "open") == 0 && !open ? "expired" : o->state;
	char t[CLOCK_ISO_LEN], url[320];
	cJSON *j = cJSON_CreateObject(), *list;

	if (j == NULL)
		return NULL;
	if (ncre_json_add_str(j, "no", o->no) != 0 ||
	    ncre_json_add_str(j, "state", state) != 0 ||
	    cJSON_AddNumberToObject(j, "amount", o->amount) == NULL ||
	    ncre_json_add_str(j, "platform", o->platform) != 0)
		goto fail;
	clock_format_iso(o->created_at, t, sizeof(t));
	if (ncre_json_add_str(j, "created_at", t) != 0)
		goto fail;
	clock_format_iso(o->expires_at, t, sizeof(t));
	if (ncre_json_add_str(j, "expires_at", t) != 0)
		goto fail;
	clock_format_iso(o->paid_at, t, sizeof(t));
	if (ncre_json_add_str(j, "paid_at", o->paid_at != 0 ? t : NULL) != 0 ||
	    ncre_json_add_str(j, "channel", o->channel[0] != '\0' ? o->channel : NULL) != 0)
		goto fail;
	url[0] = '\0';
	if (open && p != NULL)
		p->pay_url(srv, o, url, sizeof(url));
	if (ncre_json_add_str(j, "pay_url", url[0] != '\0' ? url : NULL) != 0)
		goto fail;
	list = cJSON_AddArrayToObject(j, "subjects");
	if (list == NULL)
		goto fail;
	for (size_t i = 0; i < o->nsubjects; i++) {
		const struct store_reg_subject *s = NULL;
		cJSON *so = cJSON_CreateObject();

		if (so == NULL)
			goto fail;
		cJSON_AddItemToArray(list, so);
		for (size_t k = 0; ctx != NULL && k < ctx->nsubjects; k++)
			if (strcmp(ctx->subjects[k].subject.code, o->subjects[i]) == 0)
				s = &ctx->subjects[k];
		if (ncre_json_add_str(so, "code", o->subjects[i]) != 0 ||
		    ncre_json_add_str(so, "name_zh", s != NULL ? s->subject.name_zh : NULL) != 0 ||
		    ncre_json_add_str(so, "name_en", s != NULL ? s->subject.name_en : NULL) != 0 ||
		    cJSON_AddNumberToObject(so, "fee", o->fees[i]) == NULL)
			goto fail;
	}
	return j;
fail:
	cJSON_Delete(j);
	return NULL;
}

/* 1 to 64 of [A-Za-z0-9_-]. */
static bool order_key_valid(const char *k)
{
	size_t n = k != NULL ? strlen(k) : 0;

	if (n == 0 || n > ORDER_KEY_MAX)
		return false;
	return strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

struct order_find {
	struct store_order orders[RULES_MAX_SUBJECTS];	/* open orders (at most one per unpaid subject set) */
	size_t nopen;
	time_t now;
};

static int order_open_cb(void *ud, const struct store_order *o)
{
	struct order_find *f = ud;

	if (strcmp(o->state, "open") != 0 || o->expires_at <= f->now)
		return 0;
	if (f->nopen >= sizeof(f->orders) / sizeof(f->orders[0]))
		return -1;
	f->orders[f->nopen++] = *o;
	return 0;
}

/* The open order holding subject code, or NULL. */
static const struct store_order *order_holding(const struct order_find *f, const char *code)
{
	for (size_t i = 0; i < f->nopen; i++)
		for (size_t k = 0; k < f->orders[i].nsubjects; k++)
			if (strcmp(f->orders[i].subjects[k], code) == 0)
				return &f->orders[i];
	return NULL;
}

/* The subjects asked for: the body's "subjects", or every unpaid one. */
static enum ncre_err order_pick(const struct http_request *req, const struct route_reg_ctx *ctx,
				const struct store_reg_subject **pick, size_t *npick)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(req->json, "subjects"), *it;

	*npick = 0;
	if (list == NULL || cJSON_IsNull(list)) {
		for (size_t i = 0; i < ctx->nsubjects; i++)
			if (!ctx->subjects[i].paid)
				pick[(*npick)++] = &ctx->subjects[i];
		return *npick > 0 ? NCRE_OK : NCRE_E_NOTHING_TO_PAY;
	}
	if (!cJSON_IsArray(list))
		return NCRE_E_BAD_JSON;
	cJSON_ArrayForEach(it, list) {
		const struct store_reg_subject *s = NULL;

		if (!cJSON_IsString(it))
			return NCRE_E_BAD_JSON;
		for (size_t i = 0; i < ctx->nsubjects; i++)
			if (strcmp(ctx->subjects[i].subject.code, it->valuestring) == 0)
				s = &ctx->subjects[i];
		if (s == NULL)
			return NCRE_E_SUBJECT_NOT_REGISTERED;
		if (s->paid)
			return NCRE_E_SUBJECT_ALREADY_PAID;
		for (size_t i = 0; i < *npick; i++)
			if (pick[i] == s)
				return NCRE_E_SUBJECT_DUPLICATE;
		pick[(*npick)++] = s;
	}
	return *npick > 0 ? NCRE_OK : NCRE_E_NOTHING_TO_PAY;
}

/* A new order's number (CST date and 8 random digits) and pay token. */
static void order_names(struct store_order *o, time_t now)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

	snprintf(o->no, sizeof(o->no), "%08d%08u", clock_ymd_cst(now),
		 (unsigned)randombytes_uniform(100000000));
	for (size_t i = 0; i < ORDER_TOKEN_LEN; i++)
		o->pay_token[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	o->pay_token[ORDER_TOKEN_LEN] = '\0';
}

/* Insert a new order for the picked subjects and ask the platform for it. */
static enum store_rc order_create(struct http_request *req, const struct route_reg_ctx *ctx,
				  const struct store_reg_subject **pick, size_t npick,
				  struct store_order *o)
{
	const struct payment_platform *p = payment_platform_default(req->srv);
	char url[320];
	enum store_rc r = STORE_CONFLICT;

	memset(o, 0, sizeof(*o));
	o->registration = ctx->reg.id;
	o->created_at = ctx->now;
	o->expires_at = ctx->now + (time_t)req->srv->cfg.order_ttl;
	snprintf(o->platform, sizeof(o->platform), "%s", p != NULL ? p->name : "desk");
	snprintf(o->state, sizeof(o->state), "open");
	for (size_t i = 0; i < npick; i++) {
		snprintf(o->subjects[i], sizeof(o->subjects[i]), "%s", pick[i]->subject.code);
		o->fees[i] = pick[i]->fee;
		o->amount += pick[i]->fee;
	}
	o->nsubjects = npick;
	/* A random number or token that is taken already: draw again. */
	for (int i = 0; i < ORDER_TRIES && r == STORE_CONFLICT; i++) {
		order_names(o, ctx->now);
		r = store_order_insert(req->db, o);
	}
	if (r == STORE_OK)
		r = store_registration_lock(req->db, ctx->reg.id, ctx->now);	/* R-LCK-01 */
	if (r == STORE_OK && p != NULL)
		r = p->create(req->srv, req->db, o, url, sizeof(url));
	return r == STORE_CONFLICT ? STORE_ERROR : r;
}

/* Commit and reply; the reply is kept under the idempotency key when one is given. */
static void order_finish(struct http_request *req, unsigned status, cJSON *body, const char *key,
			 const unsigned char hash[STORE_IDEM_HASH_LEN], time_t now)
{
	char *text = body != NULL ? cJSON_PrintUnformatted(body) : NULL;
	enum store_rc r = text != NULL ? STORE_OK : STORE_ERROR;

	if (r == STORE_OK && key != NULL)
		r = store_idem_put(req->db, req->account, key, hash, (int)status, text, now);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		route_reg_fail(req, r);
	} else {
		http_reply_bytes(req, status, "application/json", text, strlen(text));
	}
	cJSON_free(text);
	cJSON_Delete(body);
}

static cJSON *order_body(struct http_request *req, const struct store_order *o,
			 const struct route_reg_ctx *ctx)
{
	cJSON *body = cJSON_CreateObject(), *j = order_json(req->srv, o, ctx, ctx->now);

	if (body == NULL || j == NULL) {
		cJSON_Delete(body);
		cJSON_Delete(j);
		return NULL;
	}
	cJSON_AddItemToObject(body, "order", j);
	return body;
}

void route_order_create(struct http_request *req)
{
	const char *key = http_header(req, "Idempotency-Key");
	const struct store_reg_subject *pick[RULES_MAX_SUBJECTS];
	const struct store_order *same = NULL;
	unsigned char hash[STORE_IDEM_HASH_LEN], old[STORE_IDEM_HASH_LEN];
	struct route_reg_ctx ctx;
	struct rules_registration in;
	struct order_find *find = NULL;
	struct store_order o;
	crypto_generichash_state hs;
	const cJSON *confirm;
	char *stored = NULL;
	size_t npick = 0;
	int status = 0, expired = 0;
	enum ncre_err e;
	enum store_rc r;

	memset(&ctx, 0, sizeof(ctx));
	if (!order_key_valid(key)) {
		http_reply_error(req, NCRE_E_IDEMPOTENCY_KEY, "Idempotency-Key");
		return;
	}
	/* The request's fingerprint: the same key with another body is a mistake. */
	if (crypto_generichash_init(&hs, NULL, 0, sizeof(hash)) != 0 ||
	    crypto_generichash_update(&hs, (const unsigned char *)req->body.data, req->body.len) != 0 ||
	    crypto_generichash_final(&hs, hash, sizeof(hash)) != 0) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		return;
	}
	if (route_reg_begin(req, &ctx, true) != 0)
		goto out;
	r = store_idem_get(req->db, req->account, key, old, &status, &stored);
	if (r == STORE_OK) {
		store_rollback(req->db);
		if (sodium_memcmp(old, hash, sizeof(hash)) != 0)
			http_reply_error(req, NCRE_E_IDEMPOTENCY_MISMATCH, "Idempotency-Key");
		else
			http_reply_bytes(req, (unsigned)status, "application/json", stored,
					 strlen(stored));
		goto out;
	}
	if (r != STORE_NOT_FOUND)
		goto fail;
	confirm = cJSON_GetObjectItemCaseSensitive(req->json, "confirm");
	if (!cJSON_IsTrue(confirm)) {	/* R-PAY-02 */
		route_reg_refuse(req, NCRE_E_CONFIRM_REQUIRED, "confirm");
		goto out;
	}
	in = route_reg_rules(&ctx);
	e = rules_registration_may_pay(&in);
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, NULL);
		goto out;
	}
	e = order_pick(req, &ctx, pick, &npick);
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, "subjects");
		goto out;
	}
	find = calloc(1, sizeof(*find));
	if (find == NULL) {
		r = STORE_ERROR;
		goto fail;
	}
	find->now = ctx.now;
	r = store_orders_expire(req->db, ctx.now, &expired);
	if (r == STORE_OK)
		r = store_orders_each(req->db, ctx.reg.id, order_open_cb, find);
	if (r != STORE_OK)
		goto fail;
	/* R-PAY-04: the open order for exactly these subjects is the answer; overlap is refused. */
	for (size_t i = 0; i < npick; i++) {
		const struct store_order *h = order_holding(find, pick[i]->subject.code);

		if (i == 0)
			same = h;
		if (h != same || (h != NULL && h->nsubjects != npick)) {
			route_reg_refuse(req, NCRE_E_SUBJECT_IN_ORDER, "subjects");
			goto out;
		}
	}
	if (same != NULL) {
		order_finish(req, 200, order_body(req, same, &ctx), key, hash, ctx.now);
		goto out;
	}
	r = order_create(req, &ctx, pick, npick, &o);
	if (r != STORE_OK)
		goto fail;
	order_finish(req, 201, order_body(req, &o, &ctx), key, hash, ctx.now);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	free(stored);
	free(find);
	route_reg_clear(&ctx);
}

struct order_list {
	struct http_request *req;
	const struct route_reg_ctx *ctx;
	bool staff;
	cJSON *list;
};

static int order_list_cb(void *ud, const struct store_order *o)
{
	struct order_list *l = ud;
	cJSON *j = order_json(l->req->srv, o, l->ctx, l->ctx->now);

	if (j == NULL)
		return -1;
	cJSON_AddItemToArray(l->list, j);
	/* Who took the money at the desk: for staff, not for the candidate. */
	if (l->staff && ncre_json_add_str(j, "confirmed_by",
					  o->confirmed_by[0] != '\0' ? o->confirmed_by : NULL) != 0)
		return -1;
	return 0;
}

cJSON *route_order_list_json(struct http_request *req, const struct route_reg_ctx *ctx,
			     bool staff, enum store_rc *r)
{
	struct order_list l = { req, ctx, staff, NULL };
	cJSON *body = cJSON_CreateObject();

	*r = STORE_ERROR;
	if (body == NULL || (l.list = cJSON_AddArrayToObject(body, "orders")) == NULL)
		goto fail;
	*r = ctx->has_reg ? store_orders_each(req->db, ctx->reg.id, order_list_cb, &l) : STORE_OK;
	if (*r == STORE_OK)
		return body;
fail:
	cJSON_Delete(body);
	return NULL;
}

void route_order_list(struct http_request *req)
{
	struct route_reg_ctx ctx;
	enum store_rc r;
	cJSON *body;

	memset(&ctx, 0, sizeof(ctx));
	if (route_reg_begin(req, &ctx, false) != 0)
		goto out;
	body = route_order_list_json(req, &ctx, false, &r);
	if (body == NULL) {
		route_reg_fail(req, r);
		goto out;
	}
	store_rollback(req->db);
	http_reply_json(req, 200, body);
out:
	route_reg_clear(&ctx);
}

/* The order {no} of the path when it belongs to the token's registration. */
static enum store_rc order_own(struct http_request *req, const struct route_reg_ctx *ctx,
			       struct store_order *o)
{
	enum store_rc r;

	if (!ctx->has_reg)
		return STORE_NOT_FOUND;
	r = store_order_by_no(req->db, req->param, o);
	if (r == STORE_OK && o->registration != ctx->reg.id)
		r = STORE_NOT_FOUND;	/* someone else's: as if it did not exist */
	return r;
}

void route_order_refresh(struct http_request *req)
{
	const struct payment_platform *p;
	struct route_reg_ctx ctx;
	struct payment_notice n;
	struct store_order o;
	enum payment_outcome outcome = PAYMENT_NONE;
	enum ncre_err e;
	enum store_rc r;
	cJSON *body;

	memset(&ctx, 0, sizeof(ctx));
	if (route_reg_begin(req, &ctx, false) != 0)
		goto out;
	r = order_own(req, &ctx, &o);
	if (r != STORE_OK)
		goto fail;
	store_rollback(req->db);
	/* Ask the platform outside any transaction: a real one is a network call. */
	p = payment_platform_find(req->srv, o.platform);
	if (p != NULL && strcmp(o.state, "paid") != 0) {
		e = p->query(req->srv, req->db, &o, &n);
		if (e != NCRE_OK) {
			http_reply_error(req, e, NULL);
			goto out;
		}
		r = store_begin_write(req->db);
		if (r != STORE_OK)
			goto fail;
		e = payment_apply(req->db, p->name, &n, clock_now(&req->srv->clock), &outcome);
		if (e == NCRE_OK && store_commit(req->db) != STORE_OK)
			e = NCRE_E_INTERNAL;
		if (e != NCRE_OK) {
			route_reg_refuse(req, e, NULL);
			goto out;
		}
	}
	if (route_reg_begin(req, &ctx, false) != 0)
		goto out;
	r = order_own(req, &ctx, &o);
	if (r != STORE_OK)
		goto fail;
	body = order_body(req, &o, &ctx);
	store_rollback(req->db);
	if (body != NULL && ncre_json_add_str(body, "result", payment_outcome_name(outcome)) != 0) {
		cJSON_Delete(body);
		body = NULL;
	}
	http_reply_json(req, 200, body);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	route_reg_clear(&ctx);
}

/*
 * A refused notification goes to the audit log with the order it names
 * (from the verified notice, or as the unverified body claims it), under
 * that order's site when there is one, else "*".
 */
static void order_notify_refused(struct http_request *req, const struct payment_platform *p,
				 const struct payment_notice *n, enum ncre_err e)
{
	const char *claimed = n->order_no[0] != '\0' ? n->order_no
						      : ncre_json_str(req->json, "order_no");
	struct store_order o;
	struct store_reg_where where;
	char reason[160], amount[48] = "";
	int64_t reg = 0;
	const char *site = "*";

	memset(&where, 0, sizeof(where));
	if (claimed != NULL && strlen(claimed) < 64 &&
	    store_order_by_no(req->db, claimed, &o) == STORE_OK) {
		reg = o.registration;
		if (store_registration_where(req->db, o.registration, &where) == STORE_OK)
			site = where.site;
		if (e == NCRE_E_NOTIFY_AMOUNT)
			snprintf(amount, sizeof(amount), ": %lld fen, the order is %d yuan",
				 (long long)n->amount_fen, o.amount);
	}
	snprintf(reason, sizeof(reason), "%s%s", ncre_err_info(e)->code, amount);
	route_refuse_logged(req, p->name, site, "refused_notification", reg,
			    claimed != NULL ? claimed : "(no order number)", reason, e);
}

void route_payment_notify(struct http_request *req)
{
	const struct payment_platform *p = payment_platform_find(req->srv, req->param);
	struct payment_notice n;
	enum payment_outcome outcome = PAYMENT_NONE;
	enum ncre_err e;
	enum store_rc r;
	cJSON *body;

	memset(&n, 0, sizeof(n));
	if (p == NULL) {
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		return;
	}
	e = p->verify(req->srv, req, &n);
	if (e != NCRE_OK) {
		order_notify_refused(req, p, &n, e);
		return;
	}
	r = store_begin_write(req->db);
	if (r != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	e = payment_apply(req->db, p->name, &n, clock_now(&req->srv->clock), &outcome);
	if (e == NCRE_OK && store_commit(req->db) != STORE_OK)
		e = NCRE_E_INTERNAL;
	if (e == NCRE_E_NOTIFY_AMOUNT) {
		order_notify_refused(req, p, &n, e);
		return;
	}
	if (e != NCRE_OK) {
		route_reg_refuse(req, e, NULL);
		return;
	}
	body = cJSON_CreateObject();
	if (body != NULL && ncre_json_add_str(body, "result", payment_outcome_name(outcome)) != 0) {
		cJSON_Delete(body);
		body = NULL;
	}
	http_reply_json(req, 200, body);
}

/* On-site payment: staff of the order's site confirm cash or card (who and when logged). */
void route_staff_order_confirm(struct http_request *req)
{
	struct store_staff staff;
	struct store_exam_session session;
	struct store_reg_where where;
	struct route_reg_ctx ctx;
	struct store_order o;
	const char *channel = NULL;
	char detail[96];
	time_t now = clock_now(&req->srv->clock);
	int expired = 0;
	enum store_rc r;
	cJSON *body, *j;

	memset(&ctx, 0, sizeof(ctx));
	if (route_field_required(req, "channel", 8, &channel) != 0)
		return;
	if (strcmp(channel, "cash") != 0 && strcmp(channel, "card") != 0) {
		http_reply_error(req, NCRE_E_OPTION_INVALID, "channel");
		return;
	}
	r = store_begin_write(req->db);
	if (r == STORE_OK)
		r = store_staff_by_id(req->db, req->staff, &staff);
	if (r == STORE_OK)
		r = store_exam_session_current(req->db, &session);
	if (r == STORE_OK)
		r = store_orders_expire(req->db, now, &expired);
	if (r != STORE_OK) {
		route_reg_fail(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		return;
	}
	r = store_order_by_no(req->db, req->param, &o);
	if (r == STORE_OK)
		r = store_registration_where(req->db, o.registration, &where);
	/* Another site's order answers 404, as if it did not exist (and is logged). */
	if (r == STORE_NOT_FOUND ||
	    (r == STORE_OK && (where.exam_session != session.id || strcmp(where.site, staff.site) != 0))) {
		char reason[96];

		if (r == STORE_NOT_FOUND)
			snprintf(reason, sizeof(reason), "no such order");
		else if (strcmp(where.site, staff.site) != 0)
			snprintf(reason, sizeof(reason), "order of another site (%s)", where.site);
		else
			snprintf(reason, sizeof(reason), "order of another exam session");
		route_refuse_logged(req, staff.login, staff.site, "refused_confirm",
				    r == STORE_OK ? o.registration : 0, req->param, reason,
				    NCRE_E_NOT_FOUND);
		goto out;
	}
	if (r != STORE_OK)
		goto fail;
	if (strcmp(o.state, "open") != 0) {
		snprintf(detail, sizeof(detail), "order state %s", o.state);
		route_refuse_logged(req, staff.login, staff.site, "refused_confirm", o.registration,
				    req->param, detail,
				    strcmp(o.state, "paid") == 0 ? NCRE_E_ORDER_PAID
								 : NCRE_E_ORDER_EXPIRED);
		goto out;
	}
	r = store_order_pay(req->db, o.id, now, channel, NULL, staff.login);
	if (r == STORE_OK) {
		snprintf(detail, sizeof(detail), "order %s, %d yuan, %s", o.no, o.amount, channel);
		r = store_log_add(req->db, now, staff.login, staff.site, "confirm_payment",
				  o.registration, detail);
	}
	if (r == STORE_OK)
		r = store_order_by_no(req->db, req->param, &o);
	if (r == STORE_OK)
		r = route_reg_load_id(req, &ctx, o.registration);
	if (r != STORE_OK)
		goto fail;
	body = order_body(req, &o, &ctx);
	j = body != NULL ? cJSON_GetObjectItem(body, "order") : NULL;
	if (j != NULL && ncre_json_add_str(j, "confirmed_by", staff.login) != 0) {
		cJSON_Delete(body);
		body = NULL;
	}
	if (body == NULL || store_commit(req->db) != STORE_OK) {
		cJSON_Delete(body);
		r = STORE_ERROR;
		goto fail;
	}
	http_reply_json(req, 200, body);
	goto out;
fail:
	route_reg_fail(req, r);
out:
	route_reg_clear(&ctx);
}
