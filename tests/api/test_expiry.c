/*
 * Token lifetime, against a server started with --session-ttl 3: a token
 * expires after 3 idle seconds, and every use pushes that moment on.
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

/*
 * The token test_token_expired finds expired: made by the first test, so
 * that its 5 idle seconds pass while the others run (made there when that
 * test runs alone).
 */
static char idle_token[128];
static time_t idle_since;

static void idle_token_make(void)
{
	if (idle_token[0] != '\0')
		return;
	api_new_candidate(idle_token, sizeof(idle_token));
	idle_since = time(NULL);
}

static void test_token_idle_expiry_is_sliding(void **state)
{
	char token[128];
	struct api_resp r;

	(void)state;
	idle_token_make();
	api_new_candidate(token, sizeof(token));
	/* Used every second for 4 s, longer than the 3 s lifetime: stays valid. */
	for (int i = 0; i < 4; i++) {
		sleep(1);
		api_get("/v1/registration", token, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
	}
}

/*
 * Counted to the fraction: a token used at x.9 s is still good 2.5 s later,
 * though the whole second has turned three times (--session-ttl 3).
 */
static void test_token_idle_expiry_not_early(void **state)
{
	char token[128];
	struct api_resp r;
	struct timespec ts;

	(void)state;
	api_new_candidate(token, sizeof(token));
	/* Use it at 0.85..0.95 past a whole second. */
	do {
		usleep(10 * 1000);
		clock_gettime(CLOCK_REALTIME, &ts);
	} while (ts.tv_nsec < 850000000L || ts.tv_nsec > 950000000L);
	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	usleep(2500 * 1000);
	api_get("/v1/registration", token, &r);
	if (r.status != 200)
		fail_msg("the token ended after 2.5 of its 3 idle seconds: %s",
			 r.body != NULL ? r.body : "");
	api_resp_free(&r);
}

static void test_token_expired(void **state)
{
	const char *token = idle_token;
	struct api_resp r;
	time_t left;

	(void)state;
	idle_token_make();
	/* Unused for 5 s at least, more than the 3 s lifetime. */
	left = idle_since + 5 - time(NULL);
	if (left > 0)
		sleep((unsigned)left + 1);
	api_get("/v1/registration", token, &r);
	api_assert_error(&r, 401, "TOKEN_EXPIRED", NULL);
	api_resp_free(&r);
	/* It stays expired: using it does not bring it back. */
	api_get("/v1/registration", token, &r);
	api_assert_error(&r, 401, "TOKEN_EXPIRED", NULL);
	api_resp_free(&r);
	api_send("DELETE", "/v1/sessions/current", token, NULL, &r);
	api_assert_error(&r, 401, "TOKEN_EXPIRED", NULL);
	api_resp_free(&r);
}

static const struct CMUnitTest expiry_tests[] = {
	cmocka_unit_test(test_token_idle_expiry_is_sliding),
	cmocka_unit_test(test_token_idle_expiry_not_early),
	cmocka_unit_test(test_token_expired),
};

const struct api_suite api_suite_expiry = {
	"expiry", expiry_tests, sizeof(expiry_tests) / sizeof(expiry_tests[0])
};
