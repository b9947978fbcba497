/*
 * Protocol-level behaviour every route shares (docs/protocol.md): health,
 * 404, 405, 415, 413 (announced and chunked), malformed JSON, error shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

static void test_health(void **state)
{
	struct api_resp r;

	(void)state;
	api_get("/v1/health", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "application/json"));
	assert_string_equal(cJSON_GetObjectItem(r.json, "status")->valuestring, "ok");
	assert_string_equal(cJSON_GetObjectItem(r.json, "version")->valuestring, "0.1.0");
	api_resp_free(&r);
}

static void test_unknown_path_404(void **state)
{
	struct api_resp r;

	(void)state;
	api_get("/v1/no-such-thing", NULL, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	assert_true(cJSON_IsNull(api_error_item(&r, "rule")));
	assert_null(api_error_item(&r, "field"));
	api_resp_free(&r);

	api_get("/v1/sites/990101/subjects/extra", NULL, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);

	api_get("/", NULL, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
}

static void test_wrong_method_405(void **state)
{
	struct api_resp r;

	(void)state;
	api_get("/v1/accounts", NULL, &r);
	api_assert_error(&r, 405, "METHOD_NOT_ALLOWED", NULL);
	assert_string_equal(r.allow, "POST");
	api_resp_free(&r);

	api_send("DELETE", "/v1/health", NULL, NULL, &r);
	api_assert_error(&r, 405, "METHOD_NOT_ALLOWED", NULL);
	assert_string_equal(r.allow, "GET");
	api_resp_free(&r);
}

/* A login body for an unknown, fresh login (so no lockout builds up). */
static void unknown_login_body(char *buf, size_t len)
{
	char email[128];

	api_unique_email(email, sizeof(email));
	snprintf(buf, len, "{\"login\":\"%s\",\"password\":\"Abc123!x\"}", email);
}

static void test_wrong_content_type_415(void **state)
{
	char body[256];
	struct api_req req = { .method = "POST", .path = "/v1/sessions", .body = body };
	struct api_resp r;

	(void)state;
	unknown_login_body(body, sizeof(body));
	req.content_type = "text/plain";
	api_do(&req, &r);
	api_assert_error(&r, 415, "UNSUPPORTED_MEDIA", NULL);
	api_resp_free(&r);

	req.content_type = "application/x-www-form-urlencoded";
	api_do(&req, &r);
	api_assert_error(&r, 415, "UNSUPPORTED_MEDIA", NULL);
	api_resp_free(&r);

	req.content_type = "application/json; charset=latin1";
	api_do(&req, &r);
	api_assert_error(&r, 415, "UNSUPPORTED_MEDIA", NULL);
	api_resp_free(&r);

	/* With the right type the same body gets past the media check. */
	req.content_type = "application/json; charset=UTF-8";
	api_do(&req, &r);
	api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
	api_resp_free(&r);
}

/* A valid JSON object just over 64 KiB. */
static char *big_body(size_t *len)
{
	size_t n = 64 * 1024 + 100;
	char *b = malloc(n + 1);

	assert_non_null(b);
	memset(b, 'a', n);
	memcpy(b, "{\"login\":\"", 10);
	memcpy(b + n - 2, "\"}", 2);
	b[n] = '\0';
	*len = n;
	return b;
}

static void test_body_too_large_413_content_length(void **state)
{
	struct api_req req = { .method = "POST", .path = "/v1/sessions" };
	struct api_resp r;
	size_t len;
	char *b = big_body(&len);

	(void)state;
	req.body = b;
	req.len = len;
	api_do(&req, &r);
	api_assert_error(&r, 413, "BODY_TOO_LARGE", NULL);
	api_resp_free(&r);
	free(b);
}

static void test_body_too_large_413_expect_continue(void **state)
{
	struct api_req req = { .method = "POST", .path = "/v1/sessions", .expect100 = true };
	struct api_resp r;
	size_t len;
	char *b = big_body(&len);

	(void)state;
	req.body = b;
	req.len = len;
	api_do(&req, &r);
	api_assert_error(&r, 413, "BODY_TOO_LARGE", NULL);
	api_resp_free(&r);
	free(b);
}

static void test_body_too_large_413_chunked(void **state)
{
	struct api_req req = { .method = "POST", .path = "/v1/sessions", .chunked = true };
	struct api_resp r;
	size_t len;
	char *b = big_body(&len);

	(void)state;
	req.body = b;
	req.len = len;
	api_do(&req, &r);
	api_assert_error(&r, 413, "BODY_TOO_LARGE", NULL);
	api_resp_free(&r);
	free(b);
}

static void test_chunked_body_under_limit_accepted(void **state)
{
	char body[256];
	struct api_req req = { .method = "POST", .path = "/v1/sessions", .body = body,
			       .chunked = true };
	struct api_resp r;

	(void)state;
	unknown_login_body(body, sizeof(body));
	api_do(&req, &r);
	api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
	api_resp_free(&r);
}

static void test_malformed_json_400(void **state)
{
	static const char *const bad[] = {
		"{\"login\":",			/* truncated */
		"[1,2,3]",			/* not an object */
		"\"just a string\"",
		"{\"login\":\"a\"} trailing",	/* garbage after the object */
		"{\"login\":\"\xff\xfe\"}",	/* not UTF-8 */
		"{\"login\":\"\xc0\xaf\"}",	/* overlong UTF-8 */
		"",				/* empty */
	};
	struct api_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct api_req req = { .method = "POST", .path = "/v1/sessions", .body = bad[i],
				       .len = strlen(bad[i]) };

		if (req.len == 0) {
			req.body = " ";
			req.len = 1;
		}
		api_do(&req, &r);
		api_assert_error(&r, 400, "BAD_JSON", NULL);
		api_resp_free(&r);
	}
}

static void test_wrong_field_type_400(void **state)
{
	struct api_resp r;

	(void)state;
	api_send("POST", "/v1/sessions", NULL, "{\"login\":13800138000,\"password\":\"Abc123!x\"}", &r);
	api_assert_error(&r, 400, "BAD_JSON", "login");
	api_resp_free(&r);
}

static void test_missing_field_400(void **state)
{
	struct api_resp r;

	(void)state;
	api_send("POST", "/v1/sessions", NULL, "{\"password\":\"Abc123!x\"}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "login");
	api_resp_free(&r);
	api_send("POST", "/v1/sessions", NULL, "{\"login\":\"a@b.cn\",\"password\":\"\"}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "password");
	api_resp_free(&r);
}

/* Control characters in any text member: 400 naming it, never a silent cut. */
static void test_control_characters_400(void **state)
{
	char token[128], id[32], body[1024], *nul;
	struct api_resp r;
	const cJSON *reg;

	(void)state;
	api_send("POST", "/v1/accounts", NULL,
		 "{\"email\":\"a\\u0000@b.cn\",\"phone\":\"13800000000\","
		 "\"password\":\"Abc123!x\",\"password2\":\"Abc123!x\"}", &r);
	api_assert_error(&r, 400, "TEXT_INVALID", "email");
	api_resp_free(&r);
	api_send("POST", "/v1/sessions", NULL,
		 "{\"login\":\"a@b.cn\",\"password\":\"Abc\\u001b[2J123!x\"}", &r);
	api_assert_error(&r, 400, "TEXT_INVALID", "password");
	api_resp_free(&r);
	/* An escaped backslash before "u0000" is text, not a NUL. */
	api_send("POST", "/v1/sessions", NULL,
		 "{\"login\":\"a\\\\u0000@b.cn\",\"password\":\"Abc123!x\"}", &r);
	api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
	api_resp_free(&r);

	/* "张三\u0000\u0007x" was stored as 张三; now refused and nothing stored. */
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_info_body(body, sizeof(body), id, "990101", "[\"14\"]", true);
	nul = strstr(body, "张三");
	assert_non_null(nul);
	memmove(nul + strlen("张三\\u0000\\u0007x"), nul + strlen("张三"),
		strlen(nul + strlen("张三")) + 1);
	memcpy(nul, "张三\\u0000\\u0007x", strlen("张三\\u0000\\u0007x"));
	api_send("PUT", "/v1/registration/info", token, body, &r);
	api_assert_error(&r, 400, "TEXT_INVALID", "name");
	api_resp_free(&r);
	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_false(cJSON_IsString(cJSON_GetObjectItem(reg, "name")));
	api_resp_free(&r);
}

/* The request log: one line per request, whatever the path holds. */
static void test_log_lines_cannot_be_forged(void **state)
{
	struct api_resp r;
	char *log;

	(void)state;
	api_get("/v1/x%0a2099-01-01T00:00:00Z%20POST%20/v1/staff/registrations/1/approve"
		"%20200%201.0ms%0a%1b[2J", NULL, &r);
	assert_int_equal(r.status, 404);
	api_resp_free(&r);
	assert_true(api_server_log_wait(" GET /v1/x\\x0a2099-01-01T00:00:00Z\\x20POST\\x20"
					"/v1/staff/registrations/1/approve\\x20200\\x201.0ms"
					"\\x0a\\x1b[2J 404 "));
	log = api_server_log();
	assert_null(strstr(log, "\n2099-01-01T00:00:00Z POST"));
	assert_null(strchr(log, 0x1b));
	free(log);
}

static const struct CMUnitTest protocol_tests[] = {
	cmocka_unit_test(test_health),
	cmocka_unit_test(test_unknown_path_404),
	cmocka_unit_test(test_wrong_method_405),
	cmocka_unit_test(test_wrong_content_type_415),
	cmocka_unit_test(test_body_too_large_413_content_length),
	cmocka_unit_test(test_body_too_large_413_expect_continue),
	cmocka_unit_test(test_body_too_large_413_chunked),
	cmocka_unit_test(test_chunked_body_under_limit_accepted),
	cmocka_unit_test(test_malformed_json_400),
	cmocka_unit_test(test_wrong_field_type_400),
	cmocka_unit_test(test_missing_field_400),
	cmocka_unit_test(test_control_characters_400),
	cmocka_unit_test(test_log_lines_cannot_be_forged),
};

const struct api_suite api_suite_protocol = {
	"protocol", protocol_tests, sizeof(protocol_tests) / sizeof(protocol_tests[0])
};
