/*
 * Intended exam dates (R-INT-01..03, R-REG-10) against a server with the
 * sandbox platform and tests/api/intent-site.json at a fixed --now
 * (run.sh, suite "intent"): candidates pay for real (photo, order, the
 * sandbox's pay button), then choose, change and clear dates; racing
 * candidates never take more places than a date has. A group registration
 * comes from "ncre-server import-group"; a closed window cannot be reached
 * through the API, so that test changes the database with its own tool
 * (sqlite3 or psql) and is skipped without it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "db.h"
#include "group.h"
#include "intent.h"
#include "places.h"
#include "staff.h"
#include "tests.h"

#define INTENT_SITE "990101"		/* lets candidates choose */
#define INTENT_NO_SITE "990102"		/* publishes dates, does not let them choose */
#define INTENT_CLOSING_SITE "990105"	/* lets them choose; the window test closes it */

/* The subject of the registration status object (r must be freed). */
static const cJSON *intent_status_subject(const char *token, const char *code,
					  struct api_resp *r)
{
	const cJSON *s;

	api_get("/v1/registration", token, r);
	assert_int_equal(r->status, 200);
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(cJSON_GetObjectItem(r->json, "registration"),
						  "subjects"))
		if (strcmp(intent_str(s, "code"), code) == 0)
			return s;
	return NULL;
}

static bool intent_has_action(const char *token, const char *name)
{
	struct api_resp r;
	const cJSON *it;
	bool found = false;

	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"),
						   "actions"))
		found = found || strcmp(it->valuestring, name) == 0;
	api_resp_free(&r);
	return found;
}

/* Run SQL on the suite's database with its tool: 0, or -1 when the tool is missing. */
static int intent_sql(const char *sql)
{
	char out[1024];

	return db_sql(NULL, sql, out, sizeof(out));
}

/* R-INT-01: choose a date with places left, change it, choose the same again. */
static void test_R_INT_01_choose_within_capacity(void **state)
{
	char token[128], id[32];
	struct api_resp r;
	const cJSON *s, *in;
	int before;

	(void)state;
	intent_candidate(INTENT_SITE, "[\"14\"]", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	assert_true(intent_has_action(token, "choose_intent"));
	s = intent_subject(token, "14", &r);
	assert_non_null(s);
	in = cJSON_GetObjectItem(r.json, "intents");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(in, "possible")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(in, "reason")));
	assert_string_equal(intent_str(cJSON_GetObjectItem(in, "exam_period"), "start"),
			    "2027-03-27");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "intent_date")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "dates")), 3);
	api_resp_free(&r);

	before = intent_remaining(token, "14", "2027-03-28");
	intent_put(token, "{\"14\":\"2027-03-28\"}", &r);
	assert_int_equal(r.status, 200);
	s = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "intents"),
						   "subjects"), 0);
	assert_string_equal(intent_str(s, "intent_date"), "2027-03-28");
	api_resp_free(&r);
	assert_int_equal(intent_remaining(token, "14", "2027-03-28"), before - 1);

	/* Changing the date gives the old place back. */
	intent_put(token, "{\"14\":\"2027-03-29\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(intent_remaining(token, "14", "2027-03-28"), before);
	intent_put(token, "{\"14\":\"2027-03-29\"}", &r);	/* the same again: no change */
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	s = intent_subject(token, "14", &r);
	assert_string_equal(intent_str(s, "intent_date"), "2027-03-29");
	api_resp_free(&r);
	/* A date the site does not list for the subject. */
	intent_put(token, "{\"14\":\"2027-03-30\"}", &r);
	api_assert_error(&r, 400, "INTENT_DATE_INVALID", "choices.14");
	api_resp_free(&r);
	intent_put(token, "[\"14\"]", &r);
	api_assert_error(&r, 400, "BAD_JSON", "choices");
	api_resp_free(&r);
	intent_put(token, "{\"14\":20270327}", &r);
	api_assert_error(&r, 400, "BAD_JSON", "choices");
	api_resp_free(&r);
}

#define INTENT_RACERS 20

struct intent_racer {
	char token[128];
	long status;
	char code[32];
};

static pthread_barrier_t intent_start;

static void *intent_race_run(void *arg)
{
	struct intent_racer *p = arg;
	struct api_resp r;

	(void)pthread_barrier_wait(&intent_start);
	intent_put(p->token, "{\"14\":\"2027-03-27\"}", &r);
	p->status = r.status;
	snprintf(p->code, sizeof(p->code), "%s", api_error_code(&r) != NULL ? api_error_code(&r) : "");
	api_resp_free(&r);
	return NULL;
}

/*
 * R-INT-01: 20 paid candidates race for the last 2 places of a date (issue 6:
 * "20 concurrent payers of the last intent-date places"): exactly 2 succeed.
 */
static void test_R_INT_01_capacity_race(void **state)
{
	struct intent_racer racers[INTENT_RACERS];
	pthread_t th[INTENT_RACERS];
	char token[128], id[32];
	struct api_resp r;
	int won = 0;

	(void)state;
	/* 14 on 2027-03-27 has 3 places; one is taken before the race. */
	intent_candidate(INTENT_SITE, "[\"14\"]", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	intent_put(token, "{\"14\":\"2027-03-27\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(intent_remaining(token, "14", "2027-03-27"), 2);
	for (int i = 0; i < INTENT_RACERS; i++) {
		memset(&racers[i], 0, sizeof(racers[i]));
		intent_candidate(INTENT_SITE, "[\"14\"]", "[\"14\"]", racers[i].token,
				 sizeof(racers[i].token), id, sizeof(id));
	}
	assert_int_equal(pthread_barrier_init(&intent_start, NULL, INTENT_RACERS), 0);
	for (int i = 0; i < INTENT_RACERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, intent_race_run, &racers[i]), 0);
	for (int i = 0; i < INTENT_RACERS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	assert_int_equal(pthread_barrier_destroy(&intent_start), 0);
	for (int i = 0; i < INTENT_RACERS; i++) {
		if (racers[i].status == 200) {
			won++;
			continue;
		}
		assert_int_equal(racers[i].status, 409);
		assert_string_equal(racers[i].code, "INTENT_DATE_FULL");
	}
	assert_int_equal(won, 2);
	assert_int_equal(intent_remaining(token, "14", "2027-03-27"), 0);
	assert_true(places_assert_recount() > 0);	/* the kept counts after the race */
}

/* R-INT-01: only paid subjects; nothing paid, nothing to choose. */
static void test_R_INT_01_unpaid_subject_refused(void **state)
{
	char token[128], id[32];
	struct api_resp r;
	const cJSON *s;

	(void)state;
	intent_candidate(INTENT_SITE, "[\"14\",\"26\"]", NULL, token, sizeof(token), id,
			 sizeof(id));
	assert_false(intent_has_action(token, "choose_intent"));
	intent_put(token, "{\"14\":\"2027-03-28\"}", &r);
	api_assert_error(&r, 409, "INTENT_NOT_PAID", NULL);
	api_resp_free(&r);
	api_get("/v1/registration/intents", token, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(intent_str(cJSON_GetObjectItem(r.json, "intents"), "reason"),
			    "INTENT_NOT_PAID");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
		"intents"), "subjects")), 0);
	api_resp_free(&r);

	/* 14 paid, 26 not: 26 is refused and the request changes nothing. */
	staff_candidate_pay(token, "[\"14\"]");
	assert_true(intent_has_action(token, "choose_intent"));
	intent_put(token, "{\"14\":\"2027-03-28\",\"26\":\"2027-03-28\"}", &r);
	api_assert_error(&r, 409, "INTENT_NOT_PAID", "choices.26");
	api_resp_free(&r);
	intent_put(token, "{\"15\":\"2027-03-28\"}", &r);	/* not registered at all */
	api_assert_error(&r, 409, "INTENT_NOT_PAID", "choices.15");
	api_resp_free(&r);
	s = intent_subject(token, "14", &r);	/* only the paid subject is listed */
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "intent_date")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
		"intents"), "subjects")), 1);
	api_resp_free(&r);
}

/* R-INT-01: clearing a choice gives its place back; a refused request changes nothing. */
static void test_R_INT_01_clearing_frees_the_place(void **state)
{
	char a[128], b[128], id[32];
	struct api_resp r;
	const cJSON *s;

	(void)state;
	/* 26 on 2027-03-27 has one place. */
	intent_candidate(INTENT_SITE, "[\"14\",\"26\"]", "[\"14\",\"26\"]", a, sizeof(a), id,
			 sizeof(id));
	intent_candidate(INTENT_SITE, "[\"14\",\"26\"]", "[\"14\",\"26\"]", b, sizeof(b), id,
			 sizeof(id));
	intent_put(a, "{\"26\":\"2027-03-27\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	intent_put(b, "{\"14\":\"2027-03-28\",\"26\":\"2027-03-27\"}", &r);
	api_assert_error(&r, 409, "INTENT_DATE_FULL", "choices.26");
	api_resp_free(&r);
	s = intent_subject(b, "14", &r);	/* all or nothing: 14 was not set either */
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "intent_date")));
	api_resp_free(&r);
	assert_int_equal(intent_remaining(b, "26", "2027-03-27"), 0);

	intent_put(a, "{\"26\":null}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(intent_remaining(b, "26", "2027-03-27"), 1);
	intent_put(b, "{\"14\":\"2027-03-28\",\"26\":\"2027-03-27\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	s = intent_subject(b, "26", &r);
	assert_string_equal(intent_str(s, "intent_date"), "2027-03-27");
	api_resp_free(&r);
	s = intent_subject(a, "26", &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "intent_date")));
	api_resp_free(&r);
	places_assert_recount();
}

/* R-INT-02: a site that does not let candidates choose refuses, though it lists dates. */
static void test_R_INT_02_site_without_intent_dates_refused(void **state)
{
	char token[128], id[32];
	struct api_resp r;
	const cJSON *s;

	(void)state;
	intent_candidate(INTENT_NO_SITE, "[\"14\"]", "[\"14\"]", token, sizeof(token), id,
			 sizeof(id));
	assert_false(intent_has_action(token, "choose_intent"));
	intent_put(token, "{\"14\":\"2027-03-27\"}", &r);
	api_assert_error(&r, 409, "INTENT_NOT_OFFERED", NULL);
	api_resp_free(&r);
	s = intent_subject(token, "14", &r);
	assert_non_null(s);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "intents"),
						      "possible")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "dates")), 0);
	api_resp_free(&r);
	/* R-INT-03: the date will be drawn within the site's exam period. */
	s = intent_status_subject(token, "14", &r);
	assert_non_null(strstr(intent_str(s, "intent_zh"), "随机安排考试时间"));
	assert_non_null(strstr(intent_str(s, "intent_zh"), "2027-03-27至2027-03-30"));
	assert_non_null(strstr(intent_str(s, "intent_en"), "at random"));
	api_resp_free(&r);
}

/*
 * R-INT-02: a group registration (集体报名) may not choose. The site
 * registers the candidate ("ncre-server import-group"); the candidate
 * logs in, enters the same ID, finds the registration theirs, uploads a
 * photo and pays, but is offered no intended date and is refused one.
 */
static void test_R_INT_02_group_registration_refused(void **state)
{
	char token[128], id[32], csv[1024], out[4096], code[32];
	struct api_resp r;

	(void)state;
	api_unique_resident_id(id, sizeof(id));
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), id, "冯十三", "14");
	assert_int_equal(group_import_cmd(INTENT_SITE, "2027-01-15T02:50:00Z", csv, out,
					  sizeof(out)), 0);
	api_new_candidate(token, sizeof(token));
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":true}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	group_report_claim(out, 2, code, sizeof(code));
	group_claim(token, id, code, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(r.json, "registration"), "method")), "group");
	api_resp_free(&r);
	staff_give_photo(token);
	staff_candidate_pay(token, "[\"14\"]");
	assert_false(intent_has_action(token, "choose_intent"));
	intent_put(token, "{\"14\":\"2027-03-28\"}", &r);
	api_assert_error(&r, 409, "INTENT_GROUP", NULL);
	api_resp_free(&r);
}

/* R-REG-10: after the window closes, no date can be chosen or cleared. */
static void test_R_REG_10_intent_outside_window_refused(void **state)
{
	char token[128], id[32];
	struct api_resp r;

	(void)state;
	intent_candidate(INTENT_CLOSING_SITE, "[\"14\"]", "[\"14\"]", token, sizeof(token), id,
			 sizeof(id));
	intent_put(token, "{\"14\":\"2027-03-28\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	/* The clock runs from --now; moving this site's deadline back closes it at once. */
	if (intent_sql("UPDATE sites SET window_close = window_open + 1 WHERE code = '"
		       INTENT_CLOSING_SITE "'") != 0)
		skip();
	assert_false(intent_has_action(token, "choose_intent"));
	intent_put(token, "{\"14\":null}", &r);
	api_assert_error(&r, 409, "WINDOW_CLOSED", NULL);
	api_resp_free(&r);
	api_get("/v1/registration/intents", token, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(intent_str(cJSON_GetObjectItem(r.json, "intents"), "reason"),
			    "WINDOW_CLOSED");
	api_resp_free(&r);
}

/* R-INT-03: the status page shows the chosen date as informal, or the random assignment. */
static void test_R_INT_03_status_shows_informal_wording(void **state)
{
	char token[128], id[32];
	struct api_resp r;
	const cJSON *s;

	(void)state;
	intent_candidate(INTENT_SITE, "[\"14\",\"15\",\"26\"]", "[\"14\",\"15\"]", token,
			 sizeof(token), id, sizeof(id));
	intent_put(token, "{\"14\":\"2027-03-29\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	s = intent_status_subject(token, "14", &r);
	assert_string_equal(intent_str(s, "intent_date"), "2027-03-29");
	assert_string_equal(intent_str(s, "intent_zh"), "2027-03-29 (非正式, 正式考试时间以准考证为准)");
	assert_string_equal(intent_str(s, "intent_en"),
			    "2027-03-29 (informal; the admission ticket fixes the exam time)");
	api_resp_free(&r);
	/* 15 is paid, has no dates to choose from: drawn within the exam period. */
	s = intent_status_subject(token, "15", &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "intent_date")));
	assert_string_equal(intent_str(s, "intent_zh"),
			    "未选择，将在考点科目考试时间内(2027-03-27至2027-03-29)随机安排考试时间");
	api_resp_free(&r);
	/* 26 is unpaid: no exam date yet. */
	s = intent_status_subject(token, "26", &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "intent_zh")));
	api_resp_free(&r);
	/* The catalogue shows the exam period too. */
	api_get("/v1/sites", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"exam_period\":{\"start\":\"2027-03-27\""));
	api_resp_free(&r);
}

static const struct CMUnitTest intent_tests[] = {
	cmocka_unit_test(test_R_INT_01_choose_within_capacity),
	cmocka_unit_test(test_R_INT_01_capacity_race),
	cmocka_unit_test(test_R_INT_01_unpaid_subject_refused),
	cmocka_unit_test(test_R_INT_01_clearing_frees_the_place),
	cmocka_unit_test(test_R_INT_02_site_without_intent_dates_refused),
	cmocka_unit_test(test_R_INT_02_group_registration_refused),
	cmocka_unit_test(test_R_REG_10_intent_outside_window_refused),
	cmocka_unit_test(test_R_INT_03_status_shows_informal_wording),
};

const struct api_suite api_suite_intent = { "intent", intent_tests,
					    sizeof(intent_tests) / sizeof(intent_tests[0]) };
