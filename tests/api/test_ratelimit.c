/*
 * R-ACC-04 limits per client address, against a server started with
 * --login-ip-limit 3 --signup-limit 2 (every test client is 127.0.0.1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

static void test_R_ACC_04_signups_per_address_limited(void **state)
{
	char email[128], phone[32], body[512];
	struct api_resp r;
	long wait;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	snprintf(body, sizeof(body),
		 "{\"email\":\"%s\",\"phone\":\"%s\",\"password\":\"%s\",\"password2\":\"%s\"}",
		 email, phone, API_PASSWORD, API_PASSWORD);
	api_send("POST", "/v1/accounts", NULL, body, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	wait = strtol(r.retry_after, NULL, 10);
	assert_true(wait > 0 && wait <= 3600);
	api_resp_free(&r);
}

static void test_R_ACC_04_failed_logins_per_address_limited(void **state)
{
	char body[256], email[128];
	struct api_resp r;
	long wait;

	(void)state;
	/* Three different unknown logins from one address... */
	for (int i = 0; i < 3; i++) {
		api_unique_email(email, sizeof(email));
		snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"Abc123!x\"}", email);
		api_send("POST", "/v1/sessions", NULL, body, &r);
		api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
		api_resp_free(&r);
	}
	/* ...lock the address out, for any login. */
	api_unique_email(email, sizeof(email));
	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"Abc123!x\"}", email);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	wait = strtol(r.retry_after, NULL, 10);
	assert_true(wait > 0 && wait <= 900);
	api_resp_free(&r);
}

static const struct CMUnitTest ratelimit_tests[] = {
	cmocka_unit_test(test_R_ACC_04_signups_per_address_limited),
	cmocka_unit_test(test_R_ACC_04_failed_logins_per_address_limited),
};

const struct api_suite api_suite_ratelimit = {
	"ratelimit", ratelimit_tests, sizeof(ratelimit_tests) / sizeof(ratelimit_tests[0])
};
