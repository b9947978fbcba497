/*
 * R-EXP-01, R-EXP-02: the sweep command ("ncre-server sweep --db --now")
 * against the database of a server started with tests/api/small-site.json
 * and --now 2027-01-15T02:50:00Z. It deletes exactly at the moments the
 * status page announces, and not a second before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "db.h"
#include "places.h"
#include "tests.h"

static void sweep_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;

	assert_non_null(gmtime_r(&t, &tm));
	assert_true(strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0);
}

static time_t sweep_parse(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	assert_non_null(strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm));
	return timegm(&tm);
}

/* Run the sweep as of t; returns its output line. */
static void sweep_at(time_t t, char *out, size_t len)
{
	const char *bin = getenv("NCRE_SERVER_BIN"), *tmp = getenv("NCRE_TMP");
	char cmd[2048], iso[32], q[1200];
	FILE *p;

	assert_non_null(bin);
	assert_non_null(tmp);
	sweep_iso(t, iso, sizeof(iso));
	db_quote(db_suite(), q, sizeof(q));
	snprintf(cmd, sizeof(cmd), "'%s' sweep --db %s --now %s", bin, q, iso);
	p = popen(cmd, "r");
	assert_non_null(p);
	out[0] = '\0';
	if (fgets(out, (int)len, p) == NULL)
		out[0] = '\0';
	assert_int_equal(pclose(p), 0);
	out[strcspn(out, "\n")] = '\0';
}

static const cJSON *sweep_reg(const char *token, struct api_resp *r)
{
	api_get("/v1/registration", token, r);
	assert_int_equal(r->status, 200);
	return cJSON_GetObjectItem(r->json, "registration");
}

static time_t sweep_time(const cJSON *o, const char *key)
{
	assert_true(cJSON_IsString(cJSON_GetObjectItem(o, key)));
	return sweep_parse(cJSON_GetObjectItem(o, key)->valuestring);
}

static void test_R_EXP_01_R_EXP_02_sweep_deletes_when_announced(void **state)
{
	char a[128], b[128], id_a[32], id_b[32], line[128], want[160];
	struct api_resp r;
	const cJSON *reg, *subj, *notice;
	time_t added, a_at, b_at;

	(void)state;
	api_new_registrant(a, sizeof(a), id_a, sizeof(id_a));
	api_new_registrant(b, sizeof(b), id_b, sizeof(id_b));
	assert_int_equal(api_put_info(a, id_a, "990101", "[\"15\"]", &r), 200);
	api_resp_free(&r);
	/* B empties the registration by cancelling the only subject. */
	assert_int_equal(api_put_info(b, id_b, "990101", "[\"26\"]", &r), 200);
	api_resp_free(&r);
	api_send("DELETE", "/v1/registration/subjects/26", b, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	/* R-EXP-01: announced 24 h after the subject was added, in Beijing time. */
	reg = sweep_reg(a, &r);
	subj = cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "subjects"), 0);
	added = sweep_time(subj, "added_at");
	a_at = sweep_time(subj, "delete_after");
	assert_int_equal(a_at, added + 24 * 3600);
	assert_int_equal(sweep_time(reg, "delete_after"), a_at);
	notice = cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "notices"), 0);
	assert_int_equal(sweep_time(notice, "at"), a_at);
	/* The server clock started at 2027-01-15 10:50 Beijing time. */
	assert_non_null(strstr(cJSON_GetObjectItem(notice, "text_zh")->valuestring,
			       "报考未支付科目(15)计算机基础及Photoshop应用在2027-01-16 10:5"));
	api_resp_free(&r);
	reg = sweep_reg(b, &r);
	b_at = sweep_time(reg, "delete_after");
	assert_true(b_at >= a_at);
	api_resp_free(&r);

	/* 23 hours later, and one second before the moment: nothing goes. */
	sweep_at(added + 23 * 3600, line, sizeof(line));
	assert_string_equal(line, "deleted subjects=0 registrations=0");
	sweep_at(a_at - 1, line, sizeof(line));
	assert_string_equal(line, "deleted subjects=0 registrations=0");
	reg = sweep_reg(a, &r);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(reg, "subjects")), 1);
	api_resp_free(&r);

	/* At the moment: A's subject, then A's empty registration (R-EXP-02). */
	sweep_at(a_at, line, sizeof(line));
	snprintf(want, sizeof(want), "deleted subjects=1 registrations=%d", b_at == a_at ? 2 : 1);
	assert_string_equal(line, want);
	reg = sweep_reg(a, &r);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg, "exists")));
	api_resp_free(&r);
	/* 25 hours on, B's empty registration is gone too; running again is harmless. */
	sweep_at(added + 25 * 3600, line, sizeof(line));
	snprintf(want, sizeof(want), "deleted subjects=0 registrations=%d", b_at == a_at ? 0 : 1);
	assert_string_equal(line, want);
	sweep_at(added + 25 * 3600, line, sizeof(line));
	assert_string_equal(line, "deleted subjects=0 registrations=0");
	reg = sweep_reg(b, &r);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg, "exists")));
	api_resp_free(&r);

	/* The place is free and the subject can be registered again. */
	api_get("/v1/sites/990101/subjects", NULL, &r);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "subjects"), 1),
					     "remaining")->valueint, 100);
	api_resp_free(&r);
	api_new_registrant(a, sizeof(a), id_a, sizeof(id_a));
	assert_int_equal(api_put_info(a, id_a, "990101", "[\"15\"]", &r), 200);
	api_resp_free(&r);
}

/* A save through the API that must pass. */
static void mixed_put(const char *token, const char *id, const char *site, const char *subjects)
{
	struct api_resp r;

	assert_int_equal(api_put_info(token, id, site, subjects, &r), 200);
	api_resp_free(&r);
}

/*
 * R-REG-08: the places kept as count rows equal a recount of the
 * registrations after every step of a mixed sequence of saves, site moves,
 * refusals, cancellations, deletions and sweeps.
 */
static void test_R_REG_08_kept_places_equal_a_recount(void **state)
{
	char a[128], b[128], c[128], d[128], id_a[32], id_b[32], id_c[32], id_d[32];
	char line[128];
	struct api_resp r;
	int before14 = api_remaining("990101", "14"), before15 = api_remaining("990101", "15");

	(void)state;
	api_new_registrant(a, sizeof(a), id_a, sizeof(id_a));
	api_new_registrant(b, sizeof(b), id_b, sizeof(id_b));
	api_new_registrant(c, sizeof(c), id_c, sizeof(id_c));
	api_new_registrant(d, sizeof(d), id_d, sizeof(id_d));
	places_assert_recount();
	mixed_put(a, id_a, "990101", "[\"14\",\"15\"]");
	mixed_put(b, id_b, "990101", "[\"15\",\"26\"]");
	mixed_put(c, id_c, "990103", "[\"15\",\"26\"]");
	assert_true(places_assert_recount() > 0);
	assert_int_equal(api_remaining("990101", "14"), before14 - 1);
	assert_int_equal(api_remaining("990101", "15"), before15 - 2);
	/* 990103 takes one candidate: refused, and nothing moves. */
	api_put_info(a, id_a, "990103", "[\"15\"]", &r);
	api_assert_error(&r, 409, "SITE_FULL", "site");
	api_resp_free(&r);
	places_assert_recount();
	/* C moves to 990101 and frees 990103; A moves there. */
	mixed_put(c, id_c, "990101", "[\"26\"]");
	places_assert_recount();
	mixed_put(a, id_a, "990103", "[\"15\"]");
	places_assert_recount();
	assert_int_equal(api_remaining("990101", "14"), before14);
	assert_int_equal(api_remaining("990101", "15"), before15 - 1);
	/* The same save again, a subject swapped, one cancelled. */
	mixed_put(b, id_b, "990101", "[\"15\",\"26\"]");
	mixed_put(b, id_b, "990101", "[\"14\",\"26\"]");
	places_assert_recount();
	api_send("DELETE", "/v1/registration/subjects/26", b, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	places_assert_recount();
	/* D registers and deletes the registration. */
	mixed_put(d, id_d, "990101", "[\"14\",\"15\",\"26\"]");
	places_assert_recount();
	api_send("POST", "/v1/registration/delete", d, "{\"reason\":\"不考了\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	places_assert_recount();
	assert_int_equal(api_remaining("990101", "14"), before14 - 1);
	/* The sweep, days on (the server's clock started 2027-01-15 02:50Z), takes
	 * every unpaid subject and empty registration. */
	sweep_at(sweep_parse("2027-01-25T00:00:00Z"), line, sizeof(line));
	assert_int_equal(places_assert_recount(), 0);
	assert_int_equal(api_remaining("990101", "14"), 3);
	/* And the freed places are taken again. */
	api_new_registrant(a, sizeof(a), id_a, sizeof(id_a));
	mixed_put(a, id_a, "990103", "[\"15\",\"26\"]");
	assert_int_equal(places_assert_recount(), 3);
}

static const struct CMUnitTest sweep_tests[] = {
	cmocka_unit_test(test_R_EXP_01_R_EXP_02_sweep_deletes_when_announced),
	cmocka_unit_test(test_R_REG_08_kept_places_equal_a_recount),
};

const struct api_suite api_suite_sweep = {
	"sweep", sweep_tests, sizeof(sweep_tests) / sizeof(sweep_tests[0])
};
