/*
 * Password recovery (R-ACC-01, R-ACC-02): codes by e-mail through a real
 * SMTP relay on loopback (tests/lib/smtp-server.py: STARTTLS with a
 * certificate of a test CA, AUTH; the server verifies it), by SMS through
 * the sandbox gateway (read back with "ncre-server sms-sandbox"), and from
 * the site's desk. Suite "recovery" runs with --recovery-limit 3
 * --recovery-attempts 3; suite "recoveryttl" with no relay, the sandbox,
 * --recovery-ttl 2 and --recovery-ip-limit 4 (tests/api/run.sh).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api.h"
#include "staff.h"
#include "tests.h"

#define REC_NEW_PASSWORD "N3w-pass#"
#define REC_SITE "990101"
#define REC_OTHER_SITE "990102"
/* How long a message may take to arrive before a test gives up (not a speed limit). */
#define REC_WAIT_S 30

static void rec_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The 6-digit code after "验证码：" in text, or "" (code receives 9 bytes). */
static void rec_code_in(const char *text, char *code)
{
	const char *p = strstr(text, "验证码：");

	code[0] = '\0';
	if (p == NULL)
		return;
	p += strlen("验证码：");
	if (strspn(p, "0123456789") == 6) {
		memcpy(code, p, 6);
		code[6] = '\0';
	}
}

/* How many messages the SMTP relay received for to; the code of the last one. */
static int rec_mail_count(const char *to, char *code)
{
	const char *dir = getenv("NCRE_MAILDIR");
	struct dirent **names = NULL;
	int n, count = 0;

	assert_non_null(dir);
	code[0] = '\0';
	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		char path[1024], buf[8192];
		size_t len;
		FILE *f;
		cJSON *m, *rcpt;

		if (strstr(names[i]->d_name, ".json") == NULL ||
		    strstr(names[i]->d_name, ".tmp") != NULL)
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		m = cJSON_Parse(buf);
		assert_non_null(m);
		rcpt = cJSON_GetArrayItem(cJSON_GetObjectItem(m, "to"), 0);
		if (cJSON_IsString(rcpt) && strcmp(rcpt->valuestring, to) == 0) {
			/* The relay saw the message only after STARTTLS. */
			assert_true(cJSON_IsTrue(cJSON_GetObjectItem(m, "tls")));
			assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(m, "subject")),
					    "NCRE 报名通行证找回密码验证码");
			rec_code_in(cJSON_GetStringValue(cJSON_GetObjectItem(m, "body")), code);
			assert_int_equal(strlen(code), 6);
			count++;
		}
		cJSON_Delete(m);
next:
		free(names[i]);
	}
	free(names);
	return count;
}

/* How many SMS the sandbox recorded for phone; the code of the last one. */
static int rec_sms_count(const char *phone, char *code)
{
	char args[128], out[16384];
	int count = 0;

	snprintf(args, sizeof(args), "sms-sandbox --db %%s --to %s", phone);
	assert_int_equal(staff_cmd(args, NULL, out, sizeof(out)), 0);
	code[0] = '\0';
	for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		assert_non_null(strstr(line, phone));
		rec_code_in(line, code);
		assert_int_equal(strlen(code), 6);
		count++;
	}
	return count;
}

/* Wait until to has at least n messages (by e-mail when it has an '@'); the last code. */
static void rec_wait_for(const char *to, int n, char *code)
{
	time_t end = time(NULL) + REC_WAIT_S;
	int have;

	for (;;) {
		have = strchr(to, '@') != NULL ? rec_mail_count(to, code) : rec_sms_count(to, code);
		if (have >= n)
			break;
		if (time(NULL) > end)
			fail_msg("no message %d for %s after %d s (have %d)", n, to, REC_WAIT_S, have);
		rec_sleep_ms(100);
	}
	assert_int_equal(have, n);
}

static long rec_request(const char *login, struct api_resp *r)
{
	char body[300];

	snprintf(body, sizeof(body), "{\"login\":\"%s\"}", login);
	api_send("POST", "/v1/recovery/request", NULL, body, r);
	return r->status;
}

/* Ask for a code and check the answer that never tells whether the account exists. */
static void rec_request_ok(const char *login)
{
	struct api_resp r;

	assert_int_equal(rec_request(login, &r), 202);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "channel")),
			    strchr(login, '@') != NULL ? "email" : "sms");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(r.json, "expires_in")));
	api_resp_free(&r);
}

static long rec_reset(const char *login, const char *code, const char *password,
		      struct api_resp *r)
{
	char body[512];

	snprintf(body, sizeof(body),
		 "{\"login\":\"%s\",\"code\":\"%s\",\"password\":\"%s\",\"password2\":\"%s\"}",
		 login, code, password, password);
	api_send("POST", "/v1/recovery/reset", NULL, body, r);
	return r->status;
}

static void rec_reset_refused(const char *login, const char *code)
{
	struct api_resp r;

	rec_reset(login, code, REC_NEW_PASSWORD, &r);
	api_assert_error(&r, 400, "RECOVERY_CODE_INVALID", "code");
	api_resp_free(&r);
}

static long rec_login_status(const char *login, const char *password)
{
	char body[300];
	struct api_resp r;
	long st;

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	st = r.status;
	api_resp_free(&r);
	return st;
}

/* A different code than code (a wrong guess). */
static void rec_wrong(const char *code, char *wrong, size_t len)
{
	snprintf(wrong, len, "%s", code);
	wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);
}

/*
 * R-ACC-01: the code arrives by e-mail through the relay; the reset sets
 * the new password, ends every session of the account and logs in; the
 * old password and the code no longer work.
 */
static void test_R_ACC_01_recovery_by_email(void **state)
{
	char email[128], phone[32], old_token[128], code[16];
	struct api_resp r;
	const cJSON *tok;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_login(email, API_PASSWORD, old_token, sizeof(old_token));
	rec_request_ok(email);
	rec_wait_for(email, 1, code);

	assert_int_equal(rec_reset(email, code, REC_NEW_PASSWORD, &r), 201);
	tok = cJSON_GetObjectItem(r.json, "token");
	assert_true(cJSON_IsString(tok));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(r.json, "account"), "email")), email);
	{
		struct api_resp me;

		api_get("/v1/registration", tok->valuestring, &me);
		assert_int_equal(me.status, 200);
		api_resp_free(&me);
	}
	api_resp_free(&r);

	/* Every other session has ended. */
	api_get("/v1/registration", old_token, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	assert_int_equal(rec_login_status(email, API_PASSWORD), 401);
	assert_int_equal(rec_login_status(phone, REC_NEW_PASSWORD), 201);
	/* Single use. */
	rec_reset_refused(email, code);
}

/* R-ACC-01: the phone number recovers the password too, by SMS (sandbox gateway). */
static void test_R_ACC_01_recovery_by_sms(void **state)
{
	char email[128], phone[32], code[16], none[16];
	struct api_resp r;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	rec_request_ok(phone);
	rec_wait_for(phone, 1, code);
	/* Not by e-mail. */
	assert_int_equal(rec_mail_count(email, none), 0);
	assert_int_equal(rec_reset(phone, code, REC_NEW_PASSWORD, &r), 201);
	api_resp_free(&r);
	assert_int_equal(rec_login_status(email, REC_NEW_PASSWORD), 201);
	rec_reset_refused(phone, code);
}

/*
 * R-ACC-01: an unknown login gets the same answer and nothing is sent. The
 * outbox delivers in order, so once a later message to a real account has
 * arrived, a message for the unknown one would have too.
 */
static void test_R_ACC_01_unknown_login_same_answer(void **state)
{
	char email[128], phone[32], unknown[128], unknown_phone[32], code[16];

	(void)state;
	api_unique_email(unknown, sizeof(unknown));
	api_unique_phone(unknown_phone, sizeof(unknown_phone));
	rec_request_ok(unknown);
	rec_request_ok(unknown_phone);
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	rec_request_ok(email);
	rec_wait_for(email, 1, code);
	rec_request_ok(phone);
	rec_wait_for(phone, 1, code);
	assert_int_equal(rec_mail_count(unknown, code), 0);
	assert_int_equal(rec_sms_count(unknown_phone, code), 0);
	/* A reset for an unknown login answers like a wrong code. */
	rec_reset_refused(unknown, "123456");
}

/* R-ACC-02: the new password follows the policy; a refused one costs no try of the code. */
static void test_R_ACC_02_reset_password_policy(void **state)
{
	char email[128], phone[32], code[16];
	struct api_resp r;
	char body[512];

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	rec_request_ok(email);
	rec_wait_for(email, 1, code);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(rec_reset(email, code, "short1!", &r), 400);
		api_assert_error(&r, 400, "PASSWORD_LENGTH", "password");
		api_resp_free(&r);
	}
	assert_int_equal(rec_reset(email, code, "NoDigits!!", &r), 400);
	api_assert_error(&r, 400, "PASSWORD_CLASSES", "password");
	api_resp_free(&r);
	snprintf(body, sizeof(body),
		 "{\"login\":\"%s\",\"code\":\"%s\",\"password\":\"%s\",\"password2\":\"Other#123\"}",
		 email, code, REC_NEW_PASSWORD);
	api_send("POST", "/v1/recovery/reset", NULL, body, &r);
	api_assert_error(&r, 400, "PASSWORD_MISMATCH", "password2");
	api_resp_free(&r);
	/* Still valid after more refusals than --recovery-attempts. */
	assert_int_equal(rec_reset(email, code, REC_NEW_PASSWORD, &r), 201);
	api_resp_free(&r);
}

/* R-ACC-01: after --recovery-attempts (3) wrong codes, even the right code is refused. */
static void test_R_ACC_01_wrong_codes_void_the_code(void **state)
{
	char email[128], phone[32], code[16], wrong[16];

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	rec_request_ok(phone);
	rec_wait_for(phone, 1, code);
	rec_wrong(code, wrong, sizeof(wrong));
	rec_reset_refused(phone, wrong);
	rec_reset_refused(email, wrong);	/* either login: the same account's code */
	rec_reset_refused(phone, wrong);
	rec_reset_refused(phone, code);
	assert_int_equal(rec_login_status(phone, API_PASSWORD), 201);
	/* A new code works again. */
	rec_request_ok(phone);
	rec_wait_for(phone, 2, code);
	{
		struct api_resp r;

		assert_int_equal(rec_reset(phone, code, REC_NEW_PASSWORD, &r), 201);
		api_resp_free(&r);
	}
}

/* R-ACC-01: a newer code replaces the older one of the same kind. */
static void test_R_ACC_01_new_code_replaces_old(void **state)
{
	char email[128], phone[32], first[16], second[16];
	struct api_resp r;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	rec_request_ok(email);
	rec_wait_for(email, 1, first);
	rec_request_ok(phone);
	rec_wait_for(phone, 1, second);
	if (strcmp(first, second) != 0)
		rec_reset_refused(email, first);
	assert_int_equal(rec_reset(email, second, REC_NEW_PASSWORD, &r), 201);
	api_resp_free(&r);
}

/*
 * R-ACC-01: codes asked per login are limited (--recovery-limit 3) with a
 * 429 that unknown logins get alike; per account (both its logins) the
 * limit is silent: 202, but nothing more is sent.
 */
static void test_R_ACC_01_request_rate_limits(void **state)
{
	char email[128], phone[32], unknown[128], code[16], marker[128], mphone[32];
	struct api_resp r;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_unique_email(unknown, sizeof(unknown));
	for (int i = 0; i < 3; i++) {
		rec_request_ok(unknown);
	}
	assert_int_equal(rec_request(unknown, &r), 429);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	assert_true(atoi(r.retry_after) > 0);
	api_resp_free(&r);

	rec_request_ok(email);
	rec_request_ok(email);
	rec_request_ok(phone);
	rec_wait_for(email, 2, code);
	rec_wait_for(phone, 1, code);
	/* The account's fourth: answered alike, not sent. */
	rec_request_ok(phone);
	api_make_account(marker, sizeof(marker), mphone, sizeof(mphone));
	rec_request_ok(mphone);
	rec_wait_for(mphone, 1, code);
	assert_int_equal(rec_sms_count(phone, code), 1);
	rec_request_ok(email);
	assert_int_equal(rec_request(email, &r), 429);
	api_resp_free(&r);
}

/* A candidate with an account (email, phone) registered at site; id receives the ID. */
static void rec_candidate_at(const char *site, char *email, size_t elen, char *phone,
			     size_t plen, char *id, size_t idlen)
{
	char token[128], body[256];
	struct api_resp r;

	api_make_account(email, elen, phone, plen);
	api_login(email, API_PASSWORD, token, sizeof(token));
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":true}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_unique_resident_id(id, idlen);
	snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", id);
	api_send("PUT", "/v1/registration/identity", token, body, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, site, "[\"14\"]", &r), 200);
	api_resp_free(&r);
}

static long rec_desk(const char *staff, long reg, const char *body, struct api_resp *r)
{
	char path[128];

	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/recovery-code", reg);
	api_send("POST", path, staff, body, r);
	return r->status;
}

/*
 * R-ACC-01: staff of the candidate's own site, having checked the ID
 * document, issue a one-time code; it is recorded in the audit log (not the
 * code itself); the candidate resets with it. Staff of another site get 404.
 */
static void test_R_ACC_01_desk_reset_own_site_only(void **state)
{
	char email[128], phone[32], id[32], staff[128], other[128], code[16], out[65536];
	char mcode[16];
	struct api_resp r;
	long reg;

	(void)state;
	rec_candidate_at(REC_SITE, email, sizeof(email), phone, sizeof(phone), id, sizeof(id));
	staff_new_session(REC_SITE, staff, sizeof(staff));
	staff_new_session(REC_OTHER_SITE, other, sizeof(other));
	reg = staff_reg_id(staff, id);

	/* The action is offered on the registration. */
	{
		char path[128];
		const cJSON *it;
		bool offered = false;

		snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", reg);
		api_get(path, staff, &r);
		assert_int_equal(r.status, 200);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
							"registration"), "actions"))
			offered = offered || strcmp(it->valuestring, "recovery_code") == 0;
		assert_true(offered);
		api_resp_free(&r);
	}

	rec_desk(staff, reg, "{}", &r);
	api_assert_error(&r, 400, "ID_CHECK_REQUIRED", "id_checked");
	api_resp_free(&r);
	rec_desk(other, reg, "{\"id_checked\":true}", &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	/* A candidate's token is not a staff token. */
	{
		char cand[128];

		api_login(email, API_PASSWORD, cand, sizeof(cand));
		rec_desk(cand, reg, "{\"id_checked\":true}", &r);
		api_assert_error(&r, 403, "FORBIDDEN", NULL);
		api_resp_free(&r);
	}

	assert_int_equal(rec_desk(staff, reg, "{\"id_checked\":true}", &r), 200);
	snprintf(code, sizeof(code), "%s", cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "code")));
	assert_int_equal(strlen(code), 8);
	assert_int_equal(strspn(code, "0123456789"), 8);
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "expires_at")));
	assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "email_masked")),
			       strchr(email, '@')));
	assert_int_equal(strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "phone_masked")),
				 phone, 3), 0);
	api_resp_free(&r);

	/* The audit log says who issued a code for which registration, never the code. */
	assert_int_equal(staff_cmd("log --db %s --site " REC_SITE, NULL, out, sizeof(out)), 0);
	{
		char needle[64];

		snprintf(needle, sizeof(needle), "recovery_code\t%ld", reg);
		assert_non_null(strstr(out, needle));
		assert_null(strstr(out, code));
	}
	assert_int_equal(staff_cmd("log --db %s --site " REC_OTHER_SITE, NULL, out, sizeof(out)), 0);
	assert_null(strstr(out, "\trecovery_code\t"));	/* only the refusal is logged there */

	/* A code asked by message afterwards leaves the desk's code valid. */
	rec_request_ok(phone);
	rec_wait_for(phone, 1, mcode);
	assert_int_equal(rec_reset(email, code, REC_NEW_PASSWORD, &r), 201);
	api_resp_free(&r);
	/* Both codes are gone with the reset. */
	rec_reset_refused(email, code);
	rec_reset_refused(phone, mcode);
	assert_int_equal(rec_login_status(phone, REC_NEW_PASSWORD), 201);
}

/* Bad input: 400 with the field, nothing counted as an attempt. */
static void test_R_ACC_01_recovery_bad_input(void **state)
{
	struct api_resp r;

	(void)state;
	api_send("POST", "/v1/recovery/request", NULL, "{}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "login");
	api_resp_free(&r);
	assert_int_equal(rec_request("not-an-address", &r), 400);
	api_assert_error(&r, 400, "PHONE_INVALID", "login");
	api_resp_free(&r);
	assert_int_equal(rec_request("a@b", &r), 400);
	api_assert_error(&r, 400, "EMAIL_INVALID", "login");
	api_resp_free(&r);
	api_send("POST", "/v1/recovery/reset", NULL, "{\"login\":\"a@b.cn\"}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "code");
	api_resp_free(&r);
	rec_reset_refused("a@b.cn", "12ab56");
}

static const struct CMUnitTest rec_tests[] = {
	cmocka_unit_test(test_R_ACC_01_recovery_by_email),
	cmocka_unit_test(test_R_ACC_01_recovery_by_sms),
	cmocka_unit_test(test_R_ACC_01_unknown_login_same_answer),
	cmocka_unit_test(test_R_ACC_02_reset_password_policy),
	cmocka_unit_test(test_R_ACC_01_wrong_codes_void_the_code),
	cmocka_unit_test(test_R_ACC_01_new_code_replaces_old),
	cmocka_unit_test(test_R_ACC_01_request_rate_limits),
	cmocka_unit_test(test_R_ACC_01_desk_reset_own_site_only),
	cmocka_unit_test(test_R_ACC_01_recovery_bad_input),
};

const struct api_suite api_suite_recovery = {
	"recovery", rec_tests, sizeof(rec_tests) / sizeof(rec_tests[0])
};

/* R-ACC-01: a code is short-lived (--recovery-ttl 2). */
static void test_R_ACC_01_code_expires(void **state)
{
	char email[128], phone[32], code[16];

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	rec_request_ok(phone);
	rec_wait_for(phone, 1, code);
	sleep(3);
	rec_reset_refused(phone, code);
	assert_int_equal(rec_login_status(phone, API_PASSWORD), 201);
}

/* R-ACC-01: without a mail relay, e-mail logins are told so, whether or not the account exists. */
static void test_R_ACC_01_no_relay_unavailable(void **state)
{
	char email[128], phone[32], unknown[128];
	struct api_resp r;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_unique_email(unknown, sizeof(unknown));
	rec_request(email, &r);
	api_assert_error(&r, 503, "RECOVERY_UNAVAILABLE", "login");
	api_resp_free(&r);
	rec_request(unknown, &r);
	api_assert_error(&r, 503, "RECOVERY_UNAVAILABLE", "login");
	api_resp_free(&r);
}

/* R-ACC-01: per client address (--recovery-ip-limit 4), whatever the logins. */
static void test_R_ACC_01_address_rate_limit(void **state)
{
	char phone[32];
	struct api_resp r;
	int ok = 0;

	(void)state;
	/* The expiry test used one request and one reset of the address's budget. */
	for (int i = 0; i < 10; i++) {
		api_unique_phone(phone, sizeof(phone));
		if (rec_request(phone, &r) == 429) {
			api_assert_error(&r, 429, "RATE_LIMITED", NULL);
			api_resp_free(&r);
			break;
		}
		assert_int_equal(r.status, 202);
		api_resp_free(&r);
		ok++;
	}
	assert_int_equal(ok, 3);
	/* Resets are limited per address too: the fourth after the expiry test's. */
	for (int i = 0; i < 3; i++)
		rec_reset_refused(phone, "123456");
	rec_reset(phone, "123456", REC_NEW_PASSWORD, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	api_resp_free(&r);
}

static const struct CMUnitTest rec_ttl_tests[] = {
	cmocka_unit_test(test_R_ACC_01_code_expires),
	cmocka_unit_test(test_R_ACC_01_no_relay_unavailable),
	cmocka_unit_test(test_R_ACC_01_address_rate_limit),
};

const struct api_suite api_suite_recoveryttl = {
	"recoveryttl", rec_ttl_tests, sizeof(rec_ttl_tests) / sizeof(rec_ttl_tests[0])
};

/*
 * TLS to the relay is verified: this suite's server is not given the
 * relay's test CA (no --smtp-ca), so the relay's certificate is refused
 * and no mail arrives. The outbox delivers in order: once the SMS asked
 * after the e-mail has arrived, the e-mail's attempt is over.
 */
static void test_R_ACC_01_relay_certificate_verified(void **state)
{
	char email[128], phone[32], code[16];

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	rec_request_ok(email);
	rec_request_ok(phone);
	rec_wait_for(phone, 1, code);
	assert_int_equal(rec_mail_count(email, code), 0);
}

static const struct CMUnitTest rec_tls_tests[] = {
	cmocka_unit_test(test_R_ACC_01_relay_certificate_verified),
};

const struct api_suite api_suite_recoverytls = {
	"recoverytls", rec_tls_tests, sizeof(rec_tls_tests) / sizeof(rec_tls_tests[0])
};
