/*
 * Catalogue endpoints against data/demo.json: exam session, provinces,
 * sites with their settings, subjects per site, the agreement (R-REG-01).
 */
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

static const cJSON *find_by_code(const cJSON *arr, const char *code)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		const cJSON *c = cJSON_GetObjectItem(it, "code");

		if (cJSON_IsString(c) && strcmp(c->valuestring, code) == 0)
			return it;
	}
	return NULL;
}

static time_t iso_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	assert_non_null(s);
	assert_int_equal(strlen(s), 20);
	assert_non_null(strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm));
	return timegm(&tm);
}

static void test_exam_session(void **state)
{
	struct api_resp r;
	const cJSON *es;

	(void)state;
	api_get("/v1/exam-session", NULL, &r);
	assert_int_equal(r.status, 200);
	es = cJSON_GetObjectItem(r.json, "exam_session");
	assert_non_null(es);
	assert_string_equal(cJSON_GetObjectItem(es, "code")->valuestring, "202703");
	assert_string_equal(cJSON_GetObjectItem(es, "name_zh")->valuestring,
			    "2027年03月全国计算机等级考试");
	assert_true(cJSON_IsString(cJSON_GetObjectItem(es, "name_en")));
	/* The demo window is relative to load time: open now (R-REG-10). */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(es, "in_window")));
	assert_true(iso_time(cJSON_GetObjectItem(es, "window_open")->valuestring) <
		    iso_time(cJSON_GetObjectItem(es, "window_close")->valuestring));
	api_resp_free(&r);
}

static void test_provinces(void **state)
{
	struct api_resp r;
	const cJSON *p;

	(void)state;
	api_get("/v1/provinces", NULL, &r);
	assert_int_equal(r.status, 200);
	p = find_by_code(cJSON_GetObjectItem(r.json, "provinces"), "99");
	assert_non_null(p);
	assert_string_equal(cJSON_GetObjectItem(p, "name_zh")->valuestring, "测试省");
	api_resp_free(&r);
}

static void test_sites_with_settings(void **state)
{
	struct api_resp r;
	const cJSON *sites, *s;

	(void)state;
	api_get("/v1/sites?province=99", NULL, &r);
	assert_int_equal(r.status, 200);
	sites = cJSON_GetObjectItem(r.json, "sites");
	assert_int_equal(cJSON_GetArraySize(sites), 2);
	s = find_by_code(sites, "990101");
	assert_non_null(s);
	assert_string_equal(cJSON_GetObjectItem(s, "name_zh")->valuestring, "测试学校");
	assert_string_equal(cJSON_GetObjectItem(s, "province")->valuestring, "99");
	assert_int_equal(cJSON_GetObjectItem(s, "max_subjects")->valueint, 3);	/* R-REG-07 */
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(s, "audit")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s, "self_print")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s, "intent_dates")));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(s, "total_capacity")));
	assert_true(iso_time(cJSON_GetObjectItem(s, "window_open")->valuestring) <
		    iso_time(cJSON_GetObjectItem(s, "window_close")->valuestring));
	s = find_by_code(sites, "990102");
	assert_non_null(s);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s, "audit")));		/* R-AUD-01 */
	assert_int_equal(cJSON_GetObjectItem(s, "max_subjects")->valueint, 2);
	api_resp_free(&r);

	api_get("/v1/sites", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "sites")), 2);
	api_resp_free(&r);

	api_get("/v1/sites?province=11", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "sites")), 0);
	api_resp_free(&r);
}

static void test_R_REG_08_site_subjects_with_capacity(void **state)
{
	struct api_resp r;
	const cJSON *subs, *s;

	(void)state;
	api_get("/v1/sites/990101/subjects", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(cJSON_GetObjectItem(r.json, "site")->valuestring, "990101");
	subs = cJSON_GetObjectItem(r.json, "subjects");
	assert_true(cJSON_GetArraySize(subs) >= 10);
	s = find_by_code(subs, "14");
	assert_non_null(s);
	assert_string_equal(cJSON_GetObjectItem(s, "name_zh")->valuestring,
			    "计算机基础及WPS Office应用");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(s, "fee")));
	assert_int_equal(cJSON_GetObjectItem(s, "remaining")->valueint,
			 cJSON_GetObjectItem(s, "capacity")->valueint);
	/* One subject with a single place, for the race tests of R-REG-08. */
	s = find_by_code(subs, "16");
	assert_non_null(s);
	assert_int_equal(cJSON_GetObjectItem(s, "capacity")->valueint, 1);
	api_resp_free(&r);

	/* R-REG-09: each site lists only what it offers. */
	api_get("/v1/sites/990102/subjects", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_null(find_by_code(cJSON_GetObjectItem(r.json, "subjects"), "45"));
	api_resp_free(&r);
}

static void test_unknown_site_404(void **state)
{
	struct api_resp r;

	(void)state;
	api_get("/v1/sites/123456/subjects", NULL, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
}

static void test_R_REG_01_agreement_text(void **state)
{
	struct api_resp r;
	const cJSON *a;
	const char *zh;

	(void)state;
	api_get("/v1/agreement", NULL, &r);
	assert_int_equal(r.status, 200);
	a = cJSON_GetObjectItem(r.json, "agreement");
	assert_string_equal(cJSON_GetObjectItem(a, "version")->valuestring, "2027-03.1");
	assert_string_equal(cJSON_GetObjectItem(a, "title_zh")->valuestring, "报名协议");
	zh = cJSON_GetObjectItem(a, "text_zh")->valuestring;
	assert_true(strncmp(zh, "1. ", 3) == 0);
	assert_non_null(strstr(zh, "\n15. "));
	assert_null(strstr(zh, "\n16. "));
	assert_non_null(strstr(cJSON_GetObjectItem(a, "text_en")->valuestring, "\n15. "));
	api_resp_free(&r);
}

static const struct CMUnitTest catalogue_tests[] = {
	cmocka_unit_test(test_exam_session),
	cmocka_unit_test(test_provinces),
	cmocka_unit_test(test_sites_with_settings),
	cmocka_unit_test(test_R_REG_08_site_subjects_with_capacity),
	cmocka_unit_test(test_unknown_site_404),
	cmocka_unit_test(test_R_REG_01_agreement_text),
};

const struct api_suite api_suite_catalogue = {
	"catalogue", catalogue_tests, sizeof(catalogue_tests) / sizeof(catalogue_tests[0])
};
