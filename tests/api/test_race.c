/*
 * R-REG-08 under concurrency, R-REG-10 per site, against a server started
 * with tests/api/small-site.json and --now 2027-01-15T02:50:00Z: 50 real
 * HTTPS clients race for the last 3 places of subject 14 at 990101.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "places.h"
#include "tests.h"

#define RACE_CLIENTS 50

struct race_arg {
	char token[128];
	char id[32];
	long status;
	char code[32];
};

static pthread_barrier_t race_start;

static void *race_thread(void *p)
{
	struct race_arg *a = p;
	struct api_resp r;
	const char *code;

	/* All threads send at the same moment. */
	(void)pthread_barrier_wait(&race_start);
	a->status = api_put_info(a->token, a->id, "990101", "[\"14\"]", &r);
	code = api_error_code(&r);
	snprintf(a->code, sizeof(a->code), "%s", code != NULL ? code : "");
	api_resp_free(&r);
	return NULL;
}

static void test_R_REG_08_fifty_clients_race_for_three_places(void **state)
{
	static struct race_arg args[RACE_CLIENTS];
	pthread_t th[RACE_CLIENTS];
	int ok = 0, full = 0;

	(void)state;
	for (int i = 0; i < RACE_CLIENTS; i++) {
		memset(&args[i], 0, sizeof(args[i]));
		api_new_registrant(args[i].token, sizeof(args[i].token), args[i].id,
				   sizeof(args[i].id));
	}
	assert_int_equal(api_remaining("990101", "14"), 3);
	assert_int_equal(pthread_barrier_init(&race_start, NULL, RACE_CLIENTS), 0);
	for (int i = 0; i < RACE_CLIENTS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, race_thread, &args[i]), 0);
	for (int i = 0; i < RACE_CLIENTS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&race_start);
	for (int i = 0; i < RACE_CLIENTS; i++) {
		if (args[i].status == 200)
			ok++;
		else if (args[i].status == 409 && strcmp(args[i].code, "SUBJECT_FULL") == 0)
			full++;
		else
			fprintf(stderr, "client %d: %ld %s\n", i, args[i].status, args[i].code);
	}
	assert_int_equal(ok, 3);
	assert_int_equal(full, RACE_CLIENTS - 3);
	assert_int_equal(api_remaining("990101", "14"), 0);
	assert_true(places_assert_recount() > 0);	/* the kept counts after the race */
}

static void test_R_REG_08_site_total_capacity(void **state)
{
	char a[128], b[128], id_a[32], id_b[32];
	struct api_resp r;

	(void)state;
	api_new_registrant(a, sizeof(a), id_a, sizeof(id_a));
	api_new_registrant(b, sizeof(b), id_b, sizeof(id_b));
	/* 990103 takes one candidate, however many subjects. */
	assert_int_equal(api_put_info(a, id_a, "990103", "[\"15\",\"26\"]", &r), 200);
	api_resp_free(&r);
	api_put_info(b, id_b, "990103", "[\"15\"]", &r);
	api_assert_error(&r, 409, "SITE_FULL", "site");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-08");
	api_resp_free(&r);
	/* A leaving frees the site. */
	assert_int_equal(api_put_info(a, id_a, "990101", "[\"15\"]", &r), 200);
	api_resp_free(&r);
	assert_int_equal(api_put_info(b, id_b, "990103", "[\"15\"]", &r), 200);
	api_resp_free(&r);
	places_assert_recount();
}

static void test_R_REG_10_site_window_closed(void **state)
{
	char token[128], id[32];
	struct api_resp r;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_put_info(token, id, "990104", "[\"15\"]", &r);
	api_assert_error(&r, 409, "WINDOW_CLOSED", "site");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-10");
	api_resp_free(&r);
	api_get("/v1/registration", token, &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"),
						     "site")));
	api_resp_free(&r);
}

static const struct CMUnitTest race_tests[] = {
	cmocka_unit_test(test_R_REG_08_fifty_clients_race_for_three_places),
	cmocka_unit_test(test_R_REG_08_site_total_capacity),
	cmocka_unit_test(test_R_REG_10_site_window_closed),
};

const struct api_suite api_suite_race = {
	"race", race_tests, sizeof(race_tests) / sizeof(race_tests[0])
};
