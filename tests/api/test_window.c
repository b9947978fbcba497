/*
 * R-REG-10, against a server started with tests/api/closed-window.json
 * (window 2027-01-10 .. 2027-02-10) and --now 2026-11-24T08:00:00Z, i.e.
 * before the window opens: nothing can be registered, and the status says
 * when it opens.
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

static void test_R_REG_10_window_not_open(void **state)
{
	struct api_resp r;
	const cJSON *es;

	(void)state;
	api_get("/v1/exam-session", NULL, &r);
	assert_int_equal(r.status, 200);
	es = cJSON_GetObjectItem(r.json, "exam_session");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(es, "in_window")));
	assert_string_equal(cJSON_GetObjectItem(es, "window_open")->valuestring,
			    "2027-01-10T00:00:00Z");
	api_resp_free(&r);
}

static void test_R_REG_10_agreement_refused_outside_window(void **state)
{
	char token[128];
	struct api_resp r;
	const cJSON *reg;

	(void)state;
	api_new_candidate(token, sizeof(token));
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":true}", &r);
	api_assert_error(&r, 409, "WINDOW_CLOSED", NULL);
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-10");
	api_resp_free(&r);

	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg, "exists")));
	/* 2027-01-10T00:00:00Z is 08:00 in Beijing. */
	assert_string_equal(cJSON_GetObjectItem(reg, "summary_zh")->valuestring,
			    "当前不在报名时间内，网上报名将于2027-01-10 08:00开始。");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(reg, "actions")), 0);
	api_resp_free(&r);
}

static const struct CMUnitTest window_tests[] = {
	cmocka_unit_test(test_R_REG_10_window_not_open),
	cmocka_unit_test(test_R_REG_10_agreement_refused_outside_window),
};

const struct api_suite api_suite_window = {
	"window", window_tests, sizeof(window_tests) / sizeof(window_tests[0])
};
