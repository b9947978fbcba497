/*
 * POST /v1/sessions and DELETE /v1/sessions/current: R-ACC-01 (log in with
 * e-mail or phone), R-ACC-04 (failed-login limit), tokens.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "db.h"
#include "tests.h"

static void login_body(char *buf, size_t len, const char *login, const char *pw)
{
	snprintf(buf, len, "{\"login\":\"%s\",\"password\":\"%s\"}", login, pw);
}

static void test_R_ACC_01_login_with_email_or_phone(void **state)
{
	char email[128], phone[32], body[256], upper[132];
	struct api_resp r;
	const cJSON *tok, *acc;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));

	login_body(body, sizeof(body), email, API_PASSWORD);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	assert_int_equal(r.status, 201);
	tok = cJSON_GetObjectItem(r.json, "token");
	assert_true(cJSON_IsString(tok));
	assert_int_equal(strlen(tok->valuestring), 43);	/* 32 bytes, base64url */
	assert_int_equal(strspn(tok->valuestring, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	assert_true(cJSON_IsString(cJSON_GetObjectItem(r.json, "expires_at")));
	acc = cJSON_GetObjectItem(r.json, "account");
	assert_string_equal(cJSON_GetObjectItem(acc, "email")->valuestring, email);
	assert_string_equal(cJSON_GetObjectItem(acc, "phone")->valuestring, phone);
	api_resp_free(&r);

	login_body(body, sizeof(body), phone, API_PASSWORD);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "account"), "email")->valuestring,
			    email);
	api_resp_free(&r);

	snprintf(upper, sizeof(upper), " %s ", email);
	for (char *p = upper; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	login_body(body, sizeof(body), upper, API_PASSWORD);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
}

static void test_R_ACC_01_wrong_password_and_unknown_login(void **state)
{
	char email[128], phone[32], body[256], other[128];
	struct api_resp r1, r2;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	login_body(body, sizeof(body), email, "Abc123!y");
	api_send("POST", "/v1/sessions", NULL, body, &r1);
	api_assert_error(&r1, 401, "BAD_CREDENTIALS", NULL);
	api_unique_email(other, sizeof(other));
	login_body(body, sizeof(body), other, API_PASSWORD);
	api_send("POST", "/v1/sessions", NULL, body, &r2);
	api_assert_error(&r2, 401, "BAD_CREDENTIALS", NULL);
	/* Never says which of the two was wrong. */
	assert_string_equal(r1.body, r2.body);
	api_resp_free(&r1);
	api_resp_free(&r2);
}

static void test_logout_then_token_refused(void **state)
{
	char token[128];
	struct api_resp r;

	(void)state;
	api_new_candidate(token, sizeof(token));
	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_send("DELETE", "/v1/sessions/current", token, NULL, &r);
	assert_int_equal(r.status, 204);
	assert_int_equal(r.len, 0);
	api_resp_free(&r);
	api_get("/v1/registration", token, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	api_send("DELETE", "/v1/sessions/current", token, NULL, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
}

static void test_logout_ends_only_that_token(void **state)
{
	char email[128], phone[32], t1[128], t2[128];
	struct api_resp r;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_login(email, API_PASSWORD, t1, sizeof(t1));
	api_login(phone, API_PASSWORD, t2, sizeof(t2));
	assert_string_not_equal(t1, t2);
	api_send("DELETE", "/v1/sessions/current", t1, NULL, &r);
	assert_int_equal(r.status, 204);
	api_resp_free(&r);
	api_get("/v1/registration", t2, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

static void test_missing_and_forged_token(void **state)
{
	static const char *const forged[] = {
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",	/* well formed, unknown */
		"short",
		"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",	/* not base64url */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	struct api_req req = { .method = "GET", .path = "/v1/registration" };
	char token[128];
	struct api_resp r;

	(void)state;
	api_do(&req, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		api_get("/v1/registration", forged[i], &r);
		api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
		api_resp_free(&r);
	}
	/* A real token with one character changed is refused too. */
	api_new_candidate(token, sizeof(token));
	token[5] = token[5] == 'A' ? 'B' : 'A';
	api_get("/v1/registration", token, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
}

static void test_R_ACC_04_failed_logins_rate_limited(void **state)
{
	char email[128], phone[32], body[256], email2[128], phone2[32], token[128];
	struct api_resp r;
	long wait;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	login_body(body, sizeof(body), email, "Wrong123!x");
	for (int i = 0; i < 5; i++) {
		api_send("POST", "/v1/sessions", NULL, body, &r);
		api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
		api_resp_free(&r);
	}
	/* The sixth attempt within 15 minutes is refused, right password or not. */
	api_send("POST", "/v1/sessions", NULL, body, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-ACC-04");
	wait = strtol(r.retry_after, NULL, 10);
	assert_true(wait > 0 && wait <= 900);
	assert_int_equal(api_error_item(&r, "retry_after")->valueint, wait);
	api_resp_free(&r);
	login_body(body, sizeof(body), email, API_PASSWORD);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	api_resp_free(&r);
	/* The lock is per login: the same account's phone is a different login... */
	login_body(body, sizeof(body), phone, API_PASSWORD);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
	/* ...and other candidates are not affected. */
	api_make_account(email2, sizeof(email2), phone2, sizeof(phone2));
	api_login(email2, API_PASSWORD, token, sizeof(token));
}

/* A burst of parallel logins beyond the hash cap: each answers, none hangs. */
#define BURST 24

struct burst_arg {
	const char *body;
	long status;
	char retry_after[32];
};

static void *burst_thread(void *p)
{
	struct burst_arg *a = p;
	struct api_resp r;

	api_send("POST", "/v1/sessions", NULL, a->body, &r);
	a->status = r.status;
	snprintf(a->retry_after, sizeof(a->retry_after), "%s", r.retry_after);
	api_resp_free(&r);
	return NULL;
}

/* A password typed into the login field never stays in the database in clear. */
static void test_R_ACC_04_failed_login_keeps_no_typed_text(void **state)
{
	char typed[64], body[160], rows[65536];
	struct api_resp r;
	bool hashed = false;

	(void)state;
	snprintf(typed, sizeof(typed), "typedpassw0rd%ld", (long)time(NULL));
	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"Abc123!x\"}", typed);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
	api_resp_free(&r);
	if (db_sql(NULL, "SELECT login FROM login_failures", rows, sizeof(rows)) != 0)
		skip();
	assert_null(strstr(rows, typed));
	for (const char *row = rows; *row != '\0'; row = strchr(row, '\n') + 1) {
		/* 64 hex digits: BLAKE2b-256 keyed from the server's private key. */
		hashed = hashed || (strspn(row, "0123456789abcdef") == 64 && row[64] == '\n');
		if (strchr(row, '\n') == NULL)
			break;
	}
	assert_true(hashed);
}

static void test_R_ACC_04_parallel_login_burst(void **state)
{
	char email[128], phone[32], body[256];
	struct burst_arg args[BURST];
	pthread_t th[BURST];
	struct api_resp r;
	time_t start = time(NULL);
	int ok = 0;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	login_body(body, sizeof(body), phone, API_PASSWORD);
	for (int i = 0; i < BURST; i++) {
		memset(&args[i], 0, sizeof(args[i]));
		args[i].body = body;
		assert_int_equal(pthread_create(&th[i], NULL, burst_thread, &args[i]), 0);
	}
	for (int i = 0; i < BURST; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < BURST; i++) {
		if (args[i].status == 201)
			ok++;
		else if (args[i].status == 503 || args[i].status == 429)
			assert_true(strtol(args[i].retry_after, NULL, 10) > 0);
		else
			fail_msg("burst login %d answered %ld", i, args[i].status);
	}
	assert_true(ok > 0);
	assert_true(time(NULL) - start < 30);
	/* And the server still answers afterwards. */
	api_get("/v1/health", NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

static const struct CMUnitTest sessions_tests[] = {
	cmocka_unit_test(test_R_ACC_01_login_with_email_or_phone),
	cmocka_unit_test(test_R_ACC_01_wrong_password_and_unknown_login),
	cmocka_unit_test(test_logout_then_token_refused),
	cmocka_unit_test(test_logout_ends_only_that_token),
	cmocka_unit_test(test_missing_and_forged_token),
	cmocka_unit_test(test_R_ACC_04_failed_logins_rate_limited),
	cmocka_unit_test(test_R_ACC_04_failed_login_keeps_no_typed_text),
	cmocka_unit_test(test_R_ACC_04_parallel_login_burst),
};

const struct api_suite api_suite_sessions = {
	"sessions", sessions_tests, sizeof(sessions_tests) / sizeof(sessions_tests[0])
};
