/*
 * Orders and payment (R-PAY-01..06, R-LCK-01, R-PHO-04, R-AUD-01) against a
 * server with the sandbox platform (run.sh: --payment-sandbox 1
 * --sandbox-secret PAY_SECRET): the whole cycle with a real uploaded photo,
 * refusals, idempotency keys, racing payers, notifications that are
 * duplicated, forged, of the wrong amount or lost, the desk, and what a
 * paid registration may no longer do. The "payexpiry" suite runs with
 * --order-ttl 2: an order expires and a late payment goes to the refunds.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "hmac.h"
#include "staff.h"
#include "tests.h"

#define PAY_SECRET "sandbox-test-secret-0123456789"
#define PAY_SITE "990101"
#define PAY_OTHER_SITE "990102"

static const char *pay_str(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* POST /v1/registration/orders with an Idempotency-Key (NULL: none). */
static void pay_order(const char *token, const char *key, const char *body, struct api_resp *r)
{
	char header[128];
	struct api_req req = { .method = "POST", .path = "/v1/registration/orders",
			       .token = token, .body = body };

	if (key != NULL) {
		snprintf(header, sizeof(header), "Idempotency-Key: %s", key);
		req.header = header;
	}
	api_do(&req, r);
}

/* Create an order (asserting 201) and copy its number and pay path. */
static void pay_new_order(const char *token, const char *key, const char *body, char *no,
			  size_t nolen, char *path, size_t pathlen)
{
	struct api_resp r;
	const cJSON *o;
	const char *url, *base = getenv("NCRE_URL");

	pay_order(token, key, body, &r);
	if (r.status != 201)
		fprintf(stderr, "order: %ld %s\n", r.status, r.body != NULL ? r.body : "");
	assert_int_equal(r.status, 201);
	o = cJSON_GetObjectItem(r.json, "order");
	snprintf(no, nolen, "%s", pay_str(o, "no"));
	url = pay_str(o, "pay_url");
	assert_non_null(url);
	assert_int_equal(strncmp(url, base, strlen(base)), 0);
	/* Short enough for a QR code on a 24-line screen (technotes §6). */
	assert_true(strlen(url) <= 48);
	snprintf(path, pathlen, "%s", url + strlen(base));
	api_resp_free(&r);
}

/* The candidate's registration object (r must be freed). */
static const cJSON *pay_reg(const char *token, struct api_resp *r)
{
	api_get("/v1/registration", token, r);
	assert_int_equal(r->status, 200);
	return cJSON_GetObjectItem(r->json, "registration");
}

static bool pay_has_action(const cJSON *reg, const char *name)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "actions"))
		if (strcmp(it->valuestring, name) == 0)
			return true;
	return false;
}

static void pay_expect_payment(const char *token, const char *state)
{
	struct api_resp r;

	assert_string_equal(pay_str(pay_reg(token, &r), "payment"), state);
	api_resp_free(&r);
}

/* The state of order no in GET /v1/registration/orders ("" when absent). */
static void pay_order_state(const char *token, const char *no, char *state, size_t len,
			    char *channel, size_t chlen)
{
	struct api_resp r;
	const cJSON *o;

	state[0] = '\0';
	api_get("/v1/registration/orders", token, &r);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(r.json, "orders")) {
		if (strcmp(pay_str(o, "no"), no) != 0)
			continue;
		snprintf(state, len, "%s", pay_str(o, "state"));
		if (channel != NULL)
			snprintf(channel, chlen, "%s", pay_str(o, "channel") != NULL
							 ? pay_str(o, "channel") : "");
	}
	api_resp_free(&r);
}

/* The sandbox's pay button; returns the "result" and copies the txn. */
static void pay_sandbox(const char *path, bool notify, char *result, size_t len, char *txn,
			size_t txnlen)
{
	char p[128];
	struct api_resp r;

	snprintf(p, sizeof(p), "%s%s", path, notify ? "" : "?notify=0");
	api_send("POST", p, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	snprintf(result, len, "%s", pay_str(r.json, "result"));
	if (txn != NULL)
		snprintf(txn, txnlen, "%s", pay_str(r.json, "txn"));
	api_resp_free(&r);
}

/* A signed (or wrongly signed) notification to the real endpoint. */
static long pay_notify(const char *no, const char *txn, long fen, const char *secret,
		       char *result, size_t len)
{
	char body[256], hex[65], header[128];
	struct api_resp r;
	struct api_req req = { .method = "POST", .path = "/v1/payments/notify/sandbox" };
	long status;

	snprintf(body, sizeof(body), "{\"order_no\":\"%s\",\"txn\":\"%s\",\"amount_fen\":%ld,"
		 "\"state\":\"paid\"}", no, txn, fen);
	hmac_sha256_hex(secret, body, strlen(body), hex);
	snprintf(header, sizeof(header), "X-Sandbox-Signature: %s", hex);
	req.body = body;
	req.header = header;
	api_do(&req, &r);
	status = r.status;
	if (result != NULL)
		snprintf(result, len, "%s", status == 200 ? pay_str(r.json, "result")
							  : api_error_code(&r));
	api_resp_free(&r);
	return status;
}

/*
 * R-PAY-06, R-PHO-04: the registration is read with its photo flag, its
 * audit, its count of orders and its subjects (one statement for the
 * first three): each candidate reads exactly its own, beside another at
 * the same site that has a photo, an order and a paid subject.
 */
static void test_R_PAY_06_registration_read_is_its_own(void **state)
{
	char a[128], aid[32], b[128], bid[32];
	struct api_resp r;
	const cJSON *reg, *subj;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\",\"26\"]", false, a, sizeof(a), aid, sizeof(aid));
	staff_candidate_pay(a, "[\"14\"]");
	api_new_registrant(b, sizeof(b), bid, sizeof(bid));
	assert_int_equal(api_put_info(b, bid, PAY_SITE, "[\"26\"]", &r), 200);
	api_resp_free(&r);

	reg = pay_reg(a, &r);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "photo")));
	assert_true(pay_has_action(reg, "view_orders"));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg, "audit_reason")));
	subj = cJSON_GetObjectItem(reg, "subjects");
	assert_int_equal(cJSON_GetArraySize(subj), 2);
	assert_string_equal(pay_str(cJSON_GetArrayItem(subj, 0), "code"), "14");
	assert_string_equal(pay_str(cJSON_GetArrayItem(subj, 0), "state"), "paid");
	assert_string_equal(pay_str(cJSON_GetArrayItem(subj, 1), "code"), "26");
	assert_string_equal(pay_str(cJSON_GetArrayItem(subj, 1), "state"), "unpaid");
	assert_string_equal(pay_str(cJSON_GetObjectItem(reg, "site"), "code"), PAY_SITE);
	api_resp_free(&r);

	reg = pay_reg(b, &r);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(reg, "photo")));
	assert_false(pay_has_action(reg, "view_orders"));
	assert_false(pay_has_action(reg, "pay"));	/* no photo, no payment (R-PHO-04) */
	assert_string_equal(pay_str(reg, "payment"), "none");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg, "audit_reason")));
	subj = cJSON_GetObjectItem(reg, "subjects");
	assert_int_equal(cJSON_GetArraySize(subj), 1);
	assert_string_equal(pay_str(cJSON_GetArrayItem(subj, 0), "code"), "26");
	assert_string_equal(pay_str(cJSON_GetArrayItem(subj, 0), "state"), "unpaid");
	api_resp_free(&r);
}

/* R-PAY-01, R-PAY-06, R-LCK-01: pay in two batches, add a subject later, pay it too. */
static void test_R_PAY_01_whole_cycle_in_batches(void **state)
{
	char token[128], id[32], no[32], path[96], result[32], st[16], ch[16];
	struct api_resp r;
	const cJSON *reg, *o;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\",\"26\"]", false, token, sizeof(token), id, sizeof(id));
	reg = pay_reg(token, &r);
	assert_true(pay_has_action(reg, "pay"));
	assert_false(pay_has_action(reg, "view_orders"));
	assert_string_equal(pay_str(reg, "payment"), "none");
	api_resp_free(&r);

	/* First batch: 14 only; the order locks the registration (R-LCK-01). */
	pay_new_order(token, "cycle-1", "{\"subjects\":[\"14\"],\"confirm\":true}", no,
		      sizeof(no), path, sizeof(path));
	reg = pay_reg(token, &r);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "locked")));
	assert_true(pay_has_action(reg, "view_orders"));
	api_resp_free(&r);
	api_get(path, NULL, &r);	/* the pay page shows the order */
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, no));
	assert_non_null(strstr(r.body, "70.00"));
	api_resp_free(&r);
	pay_sandbox(path, true, result, sizeof(result), NULL, 0);
	assert_string_equal(result, "applied");
	pay_order_state(token, no, st, sizeof(st), ch, sizeof(ch));
	assert_string_equal(st, "paid");
	assert_string_equal(ch, "sandbox");
	pay_expect_payment(token, "partial");	/* R-PAY-06 部分支付 */

	/* Add a subject to the locked registration: same information, one more subject. */
	assert_int_equal(api_put_info(token, id, PAY_SITE, "[\"14\",\"26\",\"27\"]", &r), 200);
	api_resp_free(&r);

	/* Second order: every unpaid subject by default. */
	pay_new_order(token, "cycle-2", "{\"confirm\":true}", no, sizeof(no), path, sizeof(path));
	api_get("/v1/registration/orders", token, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "orders")), 2);
	o = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "orders"), 0);	/* newest first */
	assert_string_equal(pay_str(o, "no"), no);
	assert_int_equal((int)cJSON_GetObjectItem(o, "amount")->valuedouble, 160);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "subjects")), 2);
	assert_non_null(pay_str(o, "created_at"));
	assert_non_null(pay_str(o, "expires_at"));
	api_resp_free(&r);
	pay_sandbox(path, true, result, sizeof(result), NULL, 0);
	assert_string_equal(result, "applied");
	pay_expect_payment(token, "all");	/* R-PAY-06 全部支付 */
	reg = pay_reg(token, &r);
	assert_false(pay_has_action(reg, "pay"));
	assert_non_null(strstr(pay_str(reg, "summary_zh"), "全部支付"));
	api_resp_free(&r);
	pay_order(token, "cycle-3", "{\"confirm\":true}", &r);
	api_assert_error(&r, 409, "NOTHING_TO_PAY", NULL);
	api_resp_free(&r);
}

/* R-PAY-02, R-PHO-04, R-AUD-01: refused with the reason. */
static void test_R_PAY_02_R_PHO_04_R_AUD_01_refusals(void **state)
{
	char token[128], id[32];
	struct api_resp r;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	pay_order(token, "refuse-1", "{\"subjects\":[\"14\"]}", &r);
	api_assert_error(&r, 400, "CONFIRM_REQUIRED", "confirm");
	api_resp_free(&r);
	pay_order(token, NULL, "{\"confirm\":true}", &r);
	api_assert_error(&r, 400, "IDEMPOTENCY_KEY", NULL);
	api_resp_free(&r);
	pay_order(token, "bad key!", "{\"confirm\":true}", &r);
	api_assert_error(&r, 400, "IDEMPOTENCY_KEY", NULL);
	api_resp_free(&r);
	pay_order(token, "refuse-2", "{\"subjects\":[\"15\"],\"confirm\":true}", &r);
	api_assert_error(&r, 409, "SUBJECT_NOT_REGISTERED", "subjects");
	api_resp_free(&r);

	/* R-PHO-04: no photo, no payment. */
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	assert_int_equal(api_put_info(token, id, PAY_SITE, "[\"14\"]", &r), 200);
	api_resp_free(&r);
	pay_order(token, "nophoto", "{\"confirm\":true}", &r);
	api_assert_error(&r, 409, "PHOTO_REQUIRED", NULL);
	api_resp_free(&r);

	/* R-AUD-01: at 990102 the audit must approve first. */
	staff_candidate(PAY_OTHER_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	pay_order(token, "audit-1", "{\"confirm\":true}", &r);
	api_assert_error(&r, 409, "AUDIT_NOT_APPROVED", NULL);
	api_resp_free(&r);
	api_send("POST", "/v1/registration/audit", token, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	pay_order(token, "audit-2", "{\"confirm\":true}", &r);
	api_assert_error(&r, 409, "AUDIT_NOT_APPROVED", NULL);
	api_resp_free(&r);
}

/* R-PAY-04: the same key answers the same order; another body with it is refused. */
static void test_R_PAY_04_idempotency_key(void **state)
{
	char token[128], id[32], no[32], path[96];
	struct api_resp r;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\",\"26\"]", false, token, sizeof(token), id, sizeof(id));
	pay_new_order(token, "idem-1", "{\"subjects\":[\"14\"],\"confirm\":true}", no, sizeof(no),
		      path, sizeof(path));
	pay_order(token, "idem-1", "{\"subjects\":[\"14\"],\"confirm\":true}", &r);
	assert_int_equal(r.status, 201);	/* the stored reply, as it was */
	assert_string_equal(pay_str(cJSON_GetObjectItem(r.json, "order"), "no"), no);
	api_resp_free(&r);
	pay_order(token, "idem-1", "{\"subjects\":[\"26\"],\"confirm\":true}", &r);
	api_assert_error(&r, 409, "IDEMPOTENCY_MISMATCH", NULL);
	api_resp_free(&r);
	/* Another key, the same subjects: the open order again, not a second one. */
	pay_order(token, "idem-2", "{\"subjects\":[\"14\"],\"confirm\":true}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(pay_str(cJSON_GetObjectItem(r.json, "order"), "no"), no);
	api_resp_free(&r);
	/* Overlapping another open order is refused. */
	pay_order(token, "idem-3", "{\"confirm\":true}", &r);
	api_assert_error(&r, 409, "SUBJECT_IN_ORDER", "subjects");
	api_resp_free(&r);
}

#define PAY_RACERS 8

struct pay_racer {
	const char *token;
	int n;
	long status;
	char no[32];
};

static void *pay_race_run(void *arg)
{
	struct pay_racer *p = arg;
	char key[32];
	struct api_resp r;

	snprintf(key, sizeof(key), "race-%d", p->n);
	pay_order(p->token, key, "{\"confirm\":true}", &r);
	p->status = r.status;
	if (r.json != NULL && pay_str(cJSON_GetObjectItem(r.json, "order"), "no") != NULL)
		snprintf(p->no, sizeof(p->no), "%s",
			 pay_str(cJSON_GetObjectItem(r.json, "order"), "no"));
	api_resp_free(&r);
	return NULL;
}

/* R-PAY-04: parallel clients creating the same order get one order. */
static void test_R_PAY_04_concurrent_orders_make_one(void **state)
{
	char token[128], id[32];
	struct pay_racer racers[PAY_RACERS];
	pthread_t th[PAY_RACERS];
	int created = 0;
	struct api_resp r;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	for (int i = 0; i < PAY_RACERS; i++) {
		racers[i] = (struct pay_racer){ .token = token, .n = i };
		assert_int_equal(pthread_create(&th[i], NULL, pay_race_run, &racers[i]), 0);
	}
	for (int i = 0; i < PAY_RACERS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < PAY_RACERS; i++) {
		assert_true(racers[i].status == 200 || racers[i].status == 201);
		created += racers[i].status == 201;
		assert_string_equal(racers[i].no, racers[0].no);
	}
	assert_int_equal(created, 1);
	api_get("/v1/registration/orders", token, &r);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "orders")), 1);
	api_resp_free(&r);
}

/* R-PAY-04: a duplicated notification changes nothing; forged or wrong ones are refused. */
static void test_R_PAY_04_notifications(void **state)
{
	char token[128], id[32], no[32], path[96], result[32], txn[64], st[16], logged[128];
	struct api_resp r;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	pay_new_order(token, "notify-1", "{\"confirm\":true}", no, sizeof(no), path, sizeof(path));
	/* Wrong signature, wrong amount: refused, nothing paid. */
	assert_int_equal(pay_notify(no, "forged-1", 7000, "not-the-secret-at-all", result,
				    sizeof(result)), 401);
	assert_string_equal(result, "NOTIFY_SIGNATURE");
	assert_int_equal(pay_notify(no, "cheap-1", 100, PAY_SECRET, result, sizeof(result)), 400);
	assert_string_equal(result, "NOTIFY_AMOUNT");
	pay_order_state(token, no, st, sizeof(st), NULL, 0);
	assert_string_equal(st, "open");
	pay_expect_payment(token, "none");
	/* Both refusals are in the audit log, with the order number and the reason. */
	snprintf(logged, sizeof(logged), "NOTIFY_SIGNATURE (asked for %s)", no);
	assert_true(staff_log_has(PAY_SITE, "refused_notification", -1, logged));
	snprintf(logged, sizeof(logged), "NOTIFY_AMOUNT: 100 fen, the order is 70 yuan (asked for %s)",
		 no);
	assert_true(staff_log_has(PAY_SITE, "refused_notification", -1, logged));

	pay_sandbox(path, true, result, sizeof(result), txn, sizeof(txn));
	assert_string_equal(result, "applied");
	/* The request log shows the route, never the pay token (a bearer secret). */
	{
		char *text;

		assert_true(api_server_log_wait(" POST /pay/{} 200 "));
		text = api_server_log();
		assert_null(strstr(text, path));
		free(text);
	}
	/* The platform sends it again, and the same again by hand: no change. */
	pay_sandbox(path, true, result, sizeof(result), NULL, 0);
	assert_string_equal(result, "duplicate");
	assert_int_equal(pay_notify(no, txn, 7000, PAY_SECRET, result, sizeof(result)), 200);
	assert_string_equal(result, "duplicate");
	api_get("/v1/registration/orders", token, &r);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "orders")), 1);
	api_resp_free(&r);
	pay_expect_payment(token, "all");
	/* Another payment of a paid order is money to give back. */
	assert_int_equal(pay_notify(no, "second-charge", 7000, PAY_SECRET, result,
				    sizeof(result)), 200);
	assert_string_equal(result, "refund");
}

/* R-PAY-04: a lost notification is recovered by 更新 (refresh). */
static void test_R_PAY_04_lost_notification_refresh(void **state)
{
	char token[128], id[32], no[32], path[96], p[128], result[32], st[16];
	struct api_resp r;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	pay_new_order(token, "lost-1", "{\"confirm\":true}", no, sizeof(no), path, sizeof(path));
	snprintf(p, sizeof(p), "/v1/registration/orders/%s/refresh", no);
	api_send("POST", p, token, NULL, &r);	/* nothing paid yet */
	assert_int_equal(r.status, 200);
	assert_string_equal(pay_str(cJSON_GetObjectItem(r.json, "order"), "state"), "open");
	api_resp_free(&r);
	pay_sandbox(path, false, result, sizeof(result), NULL, 0);	/* notification lost */
	pay_order_state(token, no, st, sizeof(st), NULL, 0);
	assert_string_equal(st, "open");
	api_send("POST", p, token, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(pay_str(r.json, "result"), "applied");
	assert_string_equal(pay_str(cJSON_GetObjectItem(r.json, "order"), "state"), "paid");
	api_resp_free(&r);
	pay_expect_payment(token, "all");
	/* Someone else's order does not exist for this token. */
	api_new_candidate(token, sizeof(token));
	api_send("POST", p, token, NULL, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
}

/*
 * The staff view of registration reg (GET /v1/staff/registrations/{id})
 * lists order no (asserting it): its state, channel and confirmed_by ("" null).
 */
static void pay_staff_order(const char *staff, long reg, const char *no, char *state, size_t len,
			    char *channel, size_t chlen, char *by, size_t bylen)
{
	struct api_resp r;
	const cJSON *list, *o, *found = NULL;
	char path[64];

	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", reg);
	api_get(path, staff, &r);
	assert_int_equal(r.status, 200);
	list = cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"), "orders");
	assert_true(cJSON_IsArray(list));
	cJSON_ArrayForEach(o, list)
		if (pay_str(o, "no") != NULL && strcmp(pay_str(o, "no"), no) == 0)
			found = o;
	assert_non_null(found);
	/* The same order object as the candidate's list, plus who confirmed it. */
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(found, "subjects")));
	assert_non_null(cJSON_GetObjectItem(found, "amount"));
	assert_non_null(cJSON_GetObjectItem(found, "confirmed_by"));
	snprintf(state, len, "%s", pay_str(found, "state") != NULL ? pay_str(found, "state") : "");
	snprintf(channel, chlen, "%s",
		 pay_str(found, "channel") != NULL ? pay_str(found, "channel") : "");
	snprintf(by, bylen, "%s",
		 pay_str(found, "confirmed_by") != NULL ? pay_str(found, "confirmed_by") : "");
	api_resp_free(&r);
}

/* On-site payment: staff of the site confirm; another site's staff cannot. */
static void test_R_PAY_04_desk_confirmation(void **state)
{
	char token[128], id[32], no[32], path[96], p[128], staff[128], other[128], st[16], ch[16];
	char out[8192], result[32], by[64], rp[64];
	struct api_resp r;
	long reg;

	(void)state;
	staff_new_session(PAY_SITE, staff, sizeof(staff));
	staff_new_session(PAY_OTHER_SITE, other, sizeof(other));
	staff_candidate(PAY_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	pay_new_order(token, "desk-1", "{\"confirm\":true}", no, sizeof(no), path, sizeof(path));
	snprintf(p, sizeof(p), "/v1/staff/orders/%s/confirm", no);
	/* Staff of the site see the open order with the registration; others see nothing. */
	reg = staff_reg_id(staff, id);
	pay_staff_order(staff, reg, no, st, sizeof(st), ch, sizeof(ch), by, sizeof(by));
	assert_string_equal(st, "open");
	assert_string_equal(ch, "");
	assert_string_equal(by, "");
	snprintf(rp, sizeof(rp), "/v1/staff/registrations/%ld", reg);
	api_get(rp, other, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	api_send("POST", p, other, "{\"channel\":\"cash\"}", &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	snprintf(out, sizeof(out), "order of another site (%s) (asked for %s)", PAY_SITE, no);
	assert_true(staff_log_has(PAY_OTHER_SITE, "refused_confirm", reg, out));
	api_send("POST", p, staff, "{\"channel\":\"cheque\"}", &r);
	api_assert_error(&r, 400, "OPTION_INVALID", "channel");
	api_resp_free(&r);
	api_send("POST", p, token, "{\"channel\":\"cash\"}", &r);	/* a candidate's token */
	assert_true(r.status == 401 || r.status == 403);
	api_resp_free(&r);
	api_send("POST", p, staff, "{\"channel\":\"cash\"}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(pay_str(cJSON_GetObjectItem(r.json, "order"), "channel"), "cash");
	assert_non_null(pay_str(cJSON_GetObjectItem(r.json, "order"), "confirmed_by"));
	api_resp_free(&r);
	api_send("POST", p, staff, "{\"channel\":\"card\"}", &r);
	api_assert_error(&r, 409, "ORDER_PAID", NULL);
	api_resp_free(&r);
	pay_order_state(token, no, st, sizeof(st), ch, sizeof(ch));
	assert_string_equal(st, "paid");
	assert_string_equal(ch, "cash");
	pay_expect_payment(token, "all");
	pay_staff_order(staff, reg, no, st, sizeof(st), ch, sizeof(ch), by, sizeof(by));
	assert_string_equal(st, "paid");
	assert_string_equal(ch, "cash");
	assert_true(by[0] != '\0');
	/* confirmed_by is for staff: the candidate's list does not carry it. */
	api_get("/v1/registration/orders", token, &r);
	assert_int_equal(r.status, 200);
	assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "orders"), 0),
					"confirmed_by"));
	api_resp_free(&r);
	/* Who and when, in the audit log. */
	assert_int_equal(staff_cmd("log --db %s --site " PAY_SITE, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "confirm_payment"));
	assert_non_null(strstr(out, no));
	assert_null(strstr(out, id));
	/* The candidate also paying on the platform is a second charge: refunded. */
	pay_sandbox(path, true, result, sizeof(result), NULL, 0);
	assert_string_equal(result, "refund");
}

/* R-PAY-03, R-PAY-05, R-DEL-02 after payment. */
static void test_R_PAY_03_R_PAY_05_after_payment(void **state)
{
	char token[128], id[32], no[32], path[96], result[32];
	struct api_resp r;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\",\"26\"]", false, token, sizeof(token), id, sizeof(id));
	pay_new_order(token, "after-1", "{\"subjects\":[\"14\"],\"confirm\":true}", no, sizeof(no),
		      path, sizeof(path));
	pay_sandbox(path, true, result, sizeof(result), NULL, 0);
	assert_string_equal(result, "applied");
	api_send("DELETE", "/v1/registration/subjects/14", token, NULL, &r);
	api_assert_error(&r, 409, "SUBJECT_PAID", NULL);	/* R-PAY-03 */
	api_resp_free(&r);
	api_send("POST", "/v1/registration/delete", token, "{\"reason\":\"不考了\"}", &r);
	api_assert_error(&r, 409, "REG_HAS_PAID", NULL);	/* R-PAY-03, R-DEL-02 */
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, PAY_OTHER_SITE, "[\"14\"]", &r), 409);
	api_assert_error(&r, 409, "SITE_CHANGE_PAID", "site");	/* R-PAY-05 */
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, PAY_SITE, "[\"26\"]", &r), 409);
	api_assert_error(&r, 409, "SUBJECT_PAID", "subjects");	/* R-PAY-03 */
	api_resp_free(&r);
	/* The lock (R-LCK-01): an unpaid subject is not cancelled either. */
	api_send("DELETE", "/v1/registration/subjects/26", token, NULL, &r);
	api_assert_error(&r, 409, "REG_LOCKED", NULL);
	api_resp_free(&r);
	pay_order(token, "after-2", "{\"subjects\":[\"14\"],\"confirm\":true}", &r);
	api_assert_error(&r, 409, "SUBJECT_ALREADY_PAID", "subjects");
	api_resp_free(&r);
	pay_expect_payment(token, "partial");
}

static const struct CMUnitTest pay_tests[] = {
	cmocka_unit_test(test_R_PAY_01_whole_cycle_in_batches),
	cmocka_unit_test(test_R_PAY_06_registration_read_is_its_own),
	cmocka_unit_test(test_R_PAY_02_R_PHO_04_R_AUD_01_refusals),
	cmocka_unit_test(test_R_PAY_04_idempotency_key),
	cmocka_unit_test(test_R_PAY_04_concurrent_orders_make_one),
	cmocka_unit_test(test_R_PAY_04_notifications),
	cmocka_unit_test(test_R_PAY_04_lost_notification_refresh),
	cmocka_unit_test(test_R_PAY_04_desk_confirmation),
	cmocka_unit_test(test_R_PAY_03_R_PAY_05_after_payment),
};

const struct api_suite api_suite_pay = { "pay", pay_tests, sizeof(pay_tests) / sizeof(pay_tests[0]) };

/* R-PAY-04: an order expires (subjects stay unpaid, the lock stays); a late payment is refunded. */
static void test_R_PAY_04_expired_order_late_payment_refund(void **state)
{
	char token[128], id[32], no[32], path[96], result[32], st[16], out[8192];
	char staff[128], p[128], ch[16], by[64];
	struct api_resp r;
	const cJSON *reg;

	(void)state;
	staff_candidate(PAY_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	pay_new_order(token, "exp-1", "{\"confirm\":true}", no, sizeof(no), path, sizeof(path));
	sleep(3);	/* --order-ttl 2 */
	pay_order_state(token, no, st, sizeof(st), NULL, 0);
	assert_string_equal(st, "expired");
	reg = pay_reg(token, &r);
	assert_string_equal(pay_str(reg, "payment"), "none");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "locked")));
	assert_true(pay_has_action(reg, "pay"));
	api_resp_free(&r);
	/* Nor can the desk take money for it: ORDER_EXPIRED, and staff see it expired. */
	staff_new_session(PAY_SITE, staff, sizeof(staff));
	snprintf(p, sizeof(p), "/v1/staff/orders/%s/confirm", no);
	api_send("POST", p, staff, "{\"channel\":\"cash\"}", &r);
	api_assert_error(&r, 409, "ORDER_EXPIRED", NULL);
	api_resp_free(&r);
	pay_staff_order(staff, staff_reg_id(staff, id), no, st, sizeof(st), ch, sizeof(ch), by,
			sizeof(by));
	assert_string_equal(st, "expired");
	pay_sandbox(path, true, result, sizeof(result), NULL, 0);	/* too late */
	assert_string_equal(result, "refund");
	pay_expect_payment(token, "none");
	assert_int_equal(staff_cmd("refunds --db %s", NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, no));
	assert_non_null(strstr(out, "expired"));
	assert_non_null(strstr(out, "70.00"));
	/* A new order for the same subject is possible. */
	pay_new_order(token, "exp-2", "{\"confirm\":true}", no, sizeof(no), path, sizeof(path));
}

static const struct CMUnitTest payexpiry_tests[] = {
	cmocka_unit_test(test_R_PAY_04_expired_order_late_payment_refund),
};

const struct api_suite api_suite_payexpiry = { "payexpiry", payexpiry_tests,
					       sizeof(payexpiry_tests) / sizeof(payexpiry_tests[0]) };
