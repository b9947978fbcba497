/*
 * The argon2id cap, against a server started with --argon2 interactive
 * --hash-concurrency 1 --hash-wait 0: parallel logins that find the one
 * hash slot taken get 503 BUSY with Retry-After at once, never a hang.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

/*
 * Every login of a burst first reserves an attempt against the account's
 * failure limit (--login-fail-limit, 5 by default) and gives it back when
 * answered; a burst larger than the limit would be refused 429 by the
 * limit rather than by the hash cap whenever enough of them are in flight
 * at once (as under load). So four at a time, and bursts until more 503s
 * than the limit have been answered: had they counted as failures, the
 * login would then be locked (the second test).
 */
#define BUSY_BURST 4
#define BUSY_WANTED 6
#define BUSY_ROUNDS 25

/* The login the burst used (set by the first test, checked by the second). */
static char busy_phone[32];

struct busy_arg {
	char body[256];
	long status;
	char retry_after[32];
	char code[32];
};

static void *busy_thread(void *p)
{
	struct busy_arg *a = p;
	struct api_resp r;
	const char *code;

	api_send("POST", "/v1/sessions", NULL, a->body, &r);
	a->status = r.status;
	snprintf(a->retry_after, sizeof(a->retry_after), "%s", r.retry_after);
	code = api_error_code(&r);
	snprintf(a->code, sizeof(a->code), "%s", code != NULL ? code : "");
	api_resp_free(&r);
	return NULL;
}

static void test_R_ACC_04_hash_cap_answers_busy(void **state)
{
	char email[128], phone[32];
	struct busy_arg args[BUSY_BURST];
	pthread_t th[BUSY_BURST];
	int ok = 0, busy = 0;
	time_t start = time(NULL);

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	snprintf(busy_phone, sizeof(busy_phone), "%s", phone);
	/* A burst can be served one at a time (more often under load); go on. */
	for (int round = 0; round < BUSY_ROUNDS && busy < BUSY_WANTED; round++) {
		for (int i = 0; i < BUSY_BURST; i++) {
			memset(&args[i], 0, sizeof(args[i]));
			snprintf(args[i].body, sizeof(args[i].body),
				 "{\"login\":\"%s\",\"password\":\"%s\"}", phone, API_PASSWORD);
			assert_int_equal(pthread_create(&th[i], NULL, busy_thread, &args[i]), 0);
		}
		for (int i = 0; i < BUSY_BURST; i++)
			assert_int_equal(pthread_join(th[i], NULL), 0);
		for (int i = 0; i < BUSY_BURST; i++) {
			if (args[i].status == 201) {
				ok++;
			} else if (args[i].status == 503) {
				busy++;
				assert_string_equal(args[i].code, "BUSY");
				assert_true(strtol(args[i].retry_after, NULL, 10) > 0);
			} else {
				fail_msg("login answered %ld %s", args[i].status, args[i].code);
			}
		}
	}
	assert_true(ok > 0);
	assert_true(busy >= BUSY_WANTED);
	/* No request waited for the slot: --hash-wait 0 answers at once. */
	assert_true(time(NULL) - start < 120);
}

static void test_R_ACC_04_busy_does_not_count_as_failure(void **state)
{
	char token[128];

	(void)state;
	/* After the burst's 503s (more than --login-fail-limit) the login is not
	 * locked out: they were not failures. */
	assert_true(busy_phone[0] != '\0');
	api_login(busy_phone, API_PASSWORD, token, sizeof(token));
}

static const struct CMUnitTest busy_tests[] = {
	cmocka_unit_test(test_R_ACC_04_hash_cap_answers_busy),
	cmocka_unit_test(test_R_ACC_04_busy_does_not_count_as_failure),
};

const struct api_suite api_suite_busy = {
	"busy", busy_tests, sizeof(busy_tests) / sizeof(busy_tests[0])
};
