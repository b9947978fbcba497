/*
 * Earlier exam sessions (R-ACC-05): one account serves every session; after
 * the office imports the next one ("ncre-server import"), the candidate's
 * registration of the earlier session is still there, read-only, through
 * GET /v1/registrations/earlier. Suite "earlier": its own server with the
 * sandbox platform (the candidate pays one subject), because the import
 * changes the current session for everything after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api.h"
#include "staff.h"
#include "tests.h"

static const cJSON *earlier_subject(const cJSON *reg, const char *code)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItem(reg, "subjects"))
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(s, "code")), code) == 0)
			return s;
	return NULL;
}

static void test_R_ACC_05_earlier_session_read_only(void **state)
{
	char token[128], fresh[128], id[32], out[8192], file[1024];
	const char *tmp = getenv("NCRE_TMP");
	struct api_resp r;
	const cJSON *list, *reg, *s;
	FILE *f;

	(void)state;
	assert_non_null(tmp);
	staff_candidate("990101", "[\"14\",\"26\"]", false, token, sizeof(token), id, sizeof(id));
	staff_candidate_pay(token, "[\"14\"]");
	api_new_candidate(fresh, sizeof(fresh));

	/* Nothing earlier while the session is the current one. */
	api_get("/v1/registrations/earlier", token, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "registrations")), 0);
	api_resp_free(&r);

	/* The office opens the next exam session. */
	snprintf(file, sizeof(file), "%s/next-session.json", tmp);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("{\"exam_session\":{\"code\":\"202709\",\"name_zh\":\"2027年09月全国计算机等级考试\","
	      "\"name_en\":\"NCRE September 2027\",\"window_open\":\"-1d\",\"window_close\":\"+10d\"},"
	      "\"provinces\":[{\"code\":\"98\",\"name_zh\":\"乙省\",\"name_en\":\"B\"}],"
	      "\"subjects\":[{\"code\":\"14\",\"name_zh\":\"计算机基础及WPS Office应用\","
	      "\"name_en\":\"Computer Fundamentals and WPS Office Applications\"}],"
	      "\"sites\":[{\"code\":\"980101\",\"province\":\"98\",\"name_zh\":\"乙校\",\"name_en\":\"B\","
	      "\"max_subjects\":1,\"audit\":false,\"total_capacity\":10,\"window_open\":\"-1d\","
	      "\"window_close\":\"+10d\",\"self_print\":false,\"intent_dates\":false,"
	      "\"subjects\":[{\"code\":\"14\",\"fee\":70,\"capacity\":5}]}],"
	      "\"agreement\":{\"version\":\"2027-09.1\",\"title_zh\":\"协议\",\"title_en\":\"A\","
	      "\"points_zh\":[\"一\"],\"points_en\":[\"one\"]}}", f);
	assert_int_equal(fclose(f), 0);
	{
		char args[1200];

		snprintf(args, sizeof(args), "import --db %%s '%s'", file);
		assert_int_equal(staff_cmd(args, NULL, out, sizeof(out)), 0);
	}

	/* The current registration is the new session's: none yet. */
	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(reg, "exists")));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(reg, "exam_session"), "code")), "202709");
	api_resp_free(&r);

	/* The earlier one, read-only: session, site, subjects with paid state. */
	api_get("/v1/registrations/earlier", token, &r);
	assert_int_equal(r.status, 200);
	list = cJSON_GetObjectItem(r.json, "registrations");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	reg = cJSON_GetArrayItem(list, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(reg, "exam_session"), "code")), "202703");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(reg, "site"), "code")), "990101");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(reg, "method")), "individual");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(reg, "payment")), "partial");
	s = earlier_subject(reg, "14");
	assert_non_null(s);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s, "paid")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "ticket_no")));
	s = earlier_subject(reg, "26");
	assert_non_null(s);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(s, "paid")));
	api_resp_free(&r);

	/* The same account registers for the new session (R-ACC-05). */
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-09.1\",\"accept\":true}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_get("/v1/registrations/earlier", token, &r);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "registrations")), 1);
	api_resp_free(&r);

	/* Another account has no earlier registration; no token, no answer. */
	api_get("/v1/registrations/earlier", fresh, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "registrations")), 0);
	api_resp_free(&r);
	api_get("/v1/registrations/earlier", NULL, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
}

static const struct CMUnitTest earlier_tests[] = {
	cmocka_unit_test(test_R_ACC_05_earlier_session_read_only),
};

const struct api_suite api_suite_earlier = {
	"earlier", earlier_tests, sizeof(earlier_tests) / sizeof(earlier_tests[0])
};
