/*
 * The sandbox payment platform, for demos and tests (--payment-sandbox 1):
 * its pay URL https://HOST:PORT/pay/TOKEN (a short token keeps the QR code
 * small) shows the order (GET) and pays it (POST); paying sends a signed
 * notification, HMAC-SHA256 over the body with --sandbox-secret, exactly
 * as POST /v1/payments/notify/sandbox receives it from outside, through the
 * same check and payment_apply(). POST /pay/TOKEN?notify=0 pays but "loses"
 * the notification, so the candidate's 更新 has to recover it (R-PAY-04).
 * The sandbox keeps its own books (sandbox_payments) and never collects
 * twice for one token.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/json.h"

#include "clock.h"
#include "http.h"
#include "payment.h"
#include "routes.h"
#include "store.h"
#include "log.h"

#define SANDBOX_SIG_HEADER "X-Sandbox-Signature"

static void sandbox_base(const struct server *srv, char *buf, size_t len)
{
	if (srv->cfg.pay_url != NULL)
		snprintf(buf, len, "%s", srv->cfg.pay_url);
	else
		snprintf(buf, len, "https://%s:%u",
			 srv->cfg.listen != NULL ? srv->cfg.listen : "127.0.0.1", srv->port);
}

static void sandbox_pay_url(struct server *srv, const struct store_order *o, char *url, size_t len)
{
	char base[256];

	sandbox_base(srv, base, sizeof(base));
	snprintf(url, len, "%s/pay/%s", base, o->pay_token);
}

static enum store_rc sandbox_create(struct server *srv, struct store_conn *db,
				    const struct store_order *o, char *url, size_t len)
{
	enum store_rc r = store_sandbox_insert(db, o->pay_token, o->no, (int64_t)o->amount * 100,
					       clock_now(&srv->clock));

	if (r == STORE_OK)
		sandbox_pay_url(srv, o, url, len);
	return r;
}

int payment_sandbox_sign(const struct server *srv, const char *body, size_t len, char hex[65])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	const char *key = srv->cfg.sandbox_secret;

	if (key == NULL ||
	    crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key)) != 0 ||
	    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len) != 0 ||
	    crypto_auth_hmacsha256_final(&st, mac) != 0)
		return -1;
	sodium_bin2hex(hex, 65, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
	return 0;
}

/* Check the signature over the raw body, then parse it. */
static enum ncre_err sandbox_check(const struct server *srv, const char *body, size_t len,
				   const char *sig, struct payment_notice *out)
{
	char want[65];
	cJSON *js = NULL;
	const cJSON *amount;
	const char *no, *txn, *state;
	enum ncre_err e = NCRE_E_NOTIFY_INVALID;

	memset(out, 0, sizeof(*out));
	if (sig == NULL || strlen(sig) != 64 || payment_sandbox_sign(srv, body, len, want) != 0 ||
	    sodium_memcmp(want, sig, 64) != 0) {
		log_msg(LOG_PRIO_WARNING, "payment: sandbox notification with a wrong signature refused");
		return NCRE_E_NOTIFY_SIGNATURE;
	}
	js = cJSON_ParseWithLength(body, len);
	no = ncre_json_str(js, "order_no");
	txn = ncre_json_str(js, "txn");
	state = ncre_json_str(js, "state");
	amount = cJSON_GetObjectItemCaseSensitive(js, "amount_fen");
	if (no == NULL || txn == NULL || state == NULL || !cJSON_IsNumber(amount) ||
	    amount->valuedouble < 0 || amount->valuedouble > 1e12 ||
	    (double)(int64_t)amount->valuedouble != amount->valuedouble ||
	    strlen(no) >= sizeof(out->order_no) || strlen(txn) >= sizeof(out->txn) ||
	    txn[0] == '\0') {
		log_msg(LOG_PRIO_WARNING, "payment: malformed sandbox notification refused");
		goto out;
	}
	snprintf(out->order_no, sizeof(out->order_no), "%s", no);
	snprintf(out->txn, sizeof(out->txn), "%s", txn);
	out->amount_fen = (int64_t)amount->valuedouble;
	out->paid = strcmp(state, "paid") == 0;
	e = NCRE_OK;
out:
	cJSON_Delete(js);
	return e;
}

static enum ncre_err sandbox_verify(struct server *srv, const struct http_request *req,
				    struct payment_notice *out)
{
	return sandbox_check(srv, req->body.data, req->body.len, http_header(req, SANDBOX_SIG_HEADER),
			     out);
}

static enum ncre_err sandbox_query(struct server *srv, struct store_conn *db,
				   const struct store_order *o, struct payment_notice *out)
{
	struct store_sandbox_payment p;
	enum store_rc r;

	(void)srv;
	memset(out, 0, sizeof(*out));
	snprintf(out->order_no, sizeof(out->order_no), "%s", o->no);
	r = store_sandbox_get(db, NULL, o->no, &p);
	if (r == STORE_NOT_FOUND)
		return NCRE_OK;
	if (r != STORE_OK)
		return NCRE_E_PLATFORM_UNAVAILABLE;
	snprintf(out->txn, sizeof(out->txn), "%s", p.txn);
	out->amount_fen = p.amount_fen;
	out->paid = p.paid;
	return NCRE_OK;
}

const struct payment_platform payment_sandbox = {
	.name = "sandbox",
	.create = sandbox_create,
	.verify = sandbox_verify,
	.query = sandbox_query,
	.pay_url = sandbox_pay_url,
};

/* The notification body the sandbox sends; NULL on OOM. */
static char *sandbox_notice_body(const struct store_sandbox_payment *p)
{
	cJSON *o = cJSON_CreateObject();
	char *text = NULL;

	if (o == NULL)
		return NULL;
	if (ncre_json_add_str(o, "order_no", p->order_no) == 0 &&
	    ncre_json_add_str(o, "txn", p->txn) == 0 &&
	    cJSON_AddNumberToObject(o, "amount_fen", (double)p->amount_fen) != NULL &&
	    ncre_json_add_str(o, "state", "paid") == 0)
		text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

/* Load the sandbox payment of the path's token: 0, or -1 after replying. */
static int sandbox_load(struct http_request *req, struct store_sandbox_payment *p)
{
	enum store_rc r;

	if (!req->srv->cfg.payment_sandbox) {
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		return -1;
	}
	r = store_sandbox_get(req->db, req->param, NULL, p);
	if (r != STORE_OK) {
		store_rollback(req->db);
		if (r == STORE_NOT_FOUND)
			http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		else
			route_store_error(req, r);
		return -1;
	}
	return 0;
}

void route_sandbox_page(struct http_request *req)
{
	struct store_sandbox_payment p;
	char page[2048];
	int n;

	if (sandbox_load(req, &p) != 0)
		return;
	n = snprintf(page, sizeof(page),
		     "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		     "<title>NCRE 支付沙箱</title></head><body><h1>支付沙箱 (sandbox)</h1>"
		     "<p>订单号 Order: %s</p><p>金额 Amount: %lld.%02lld 元</p><p>状态 State: %s</p>"
		     "<form method=\"post\"><button type=\"submit\">确认支付 Pay</button></form>"
		     "</body></html>", p.order_no, (long long)(p.amount_fen / 100),
		     (long long)(p.amount_fen % 100), p.paid ? "已支付 paid" : "待支付 pending");
	if (n < 0 || (size_t)n >= sizeof(page)) {
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
		return;
	}
	http_reply_bytes(req, 200, "text/html; charset=utf-8", page, (size_t)n);
}

/* Deliver the notification in-process, through the same check and apply. */
static enum ncre_err sandbox_notify(struct http_request *req, const struct store_sandbox_payment *p,
				    enum payment_outcome *outcome)
{
	struct payment_notice n;
	char sig[65];
	char *body = sandbox_notice_body(p);
	enum ncre_err e = NCRE_E_INTERNAL;
	enum store_rc r;

	if (body == NULL || payment_sandbox_sign(req->srv, body, strlen(body), sig) != 0)
		goto out;
	e = sandbox_check(req->srv, body, strlen(body), sig, &n);
	if (e != NCRE_OK)
		goto out;
	r = store_begin_write(req->db);
	if (r != STORE_OK) {
		e = r == STORE_BUSY || r == STORE_UNAVAILABLE ? NCRE_E_BUSY : NCRE_E_INTERNAL;
		goto out;
	}
	e = payment_apply(req->db, payment_sandbox.name, &n, clock_now(&req->srv->clock), outcome);
	if (e == NCRE_OK && store_commit(req->db) != STORE_OK)
		e = NCRE_E_INTERNAL;
	store_rollback(req->db);
out:
	cJSON_free(body);
	return e;
}

void route_sandbox_pay(struct http_request *req)
{
	struct store_sandbox_payment p;
	const char *notify = http_query(req, "notify");
	unsigned char raw[8];
	char txn[32];
	bool charged = false;
	enum payment_outcome outcome = PAYMENT_NONE;
	enum ncre_err e = NCRE_OK;
	enum store_rc r;
	cJSON *body;

	r = store_begin_write(req->db);
	if (r != STORE_OK) {
		route_store_error(req, r);
		return;
	}
	if (sandbox_load(req, &p) != 0)
		return;
	randombytes_buf(raw, sizeof(raw));
	memcpy(txn, "sbx", 3);
	sodium_bin2hex(txn + 3, sizeof(txn) - 3, raw, sizeof(raw));
	/* One token collects once: paying again only re-sends the notification. */
	r = store_sandbox_pay(req->db, req->param, txn, clock_now(&req->srv->clock), &charged);
	if (r == STORE_OK)
		r = store_sandbox_get(req->db, req->param, NULL, &p);
	if (r == STORE_OK)
		r = store_commit(req->db);
	if (r != STORE_OK) {
		store_rollback(req->db);
		route_store_error(req, r == STORE_NOT_FOUND ? STORE_ERROR : r);
		return;
	}
	if (notify == NULL || strcmp(notify, "0") != 0)
		e = sandbox_notify(req, &p, &outcome);
	body = cJSON_CreateObject();
	if (body != NULL &&
	    (ncre_json_add_str(body, "order_no", p.order_no) != 0 ||
	     ncre_json_add_str(body, "txn", p.txn) != 0 ||
	     cJSON_AddBoolToObject(body, "charged", charged) == NULL ||
	     cJSON_AddBoolToObject(body, "notified", notify == NULL || strcmp(notify, "0") != 0) == NULL ||
	     ncre_json_add_str(body, "result", e == NCRE_OK ? payment_outcome_name(outcome)
							    : ncre_err_info(e)->code) != 0)) {
		cJSON_Delete(body);
		body = NULL;
	}
	http_reply_json(req, 200, body);
}
