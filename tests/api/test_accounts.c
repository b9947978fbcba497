/*
 * POST /v1/accounts: R-ACC-01 (e-mail and phone both required, both
 * unique), R-ACC-02 (password policy), R-ACC-03 (optional ID and name).
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

/* POST an account with the given fields; NULL leaves a field out. */
static void post_account(const char *email, const char *phone, const char *pw, const char *pw2,
			 const char *id_type, const char *id_number, const char *name,
			 struct api_resp *r)
{
	cJSON *o = cJSON_CreateObject();
	char *body;

	assert_non_null(o);
	if (email != NULL)
		cJSON_AddStringToObject(o, "email", email);
	if (phone != NULL)
		cJSON_AddStringToObject(o, "phone", phone);
	if (pw != NULL)
		cJSON_AddStringToObject(o, "password", pw);
	if (pw2 != NULL)
		cJSON_AddStringToObject(o, "password2", pw2);
	if (id_type != NULL)
		cJSON_AddStringToObject(o, "id_type", id_type);
	if (id_number != NULL)
		cJSON_AddStringToObject(o, "id_number", id_number);
	if (name != NULL)
		cJSON_AddStringToObject(o, "name", name);
	body = cJSON_PrintUnformatted(o);
	assert_non_null(body);
	api_send("POST", "/v1/accounts", NULL, body, r);
	cJSON_free(body);
	cJSON_Delete(o);
}

static void test_R_ACC_01_create_account(void **state)
{
	char email[128], phone[32];
	struct api_resp r;
	const cJSON *a;

	(void)state;
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	post_account(email, phone, API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	a = cJSON_GetObjectItem(r.json, "account");
	assert_non_null(a);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(a, "id")));
	assert_string_equal(cJSON_GetObjectItem(a, "email")->valuestring, email);
	assert_string_equal(cJSON_GetObjectItem(a, "phone")->valuestring, phone);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "name")));
	/* The reply never carries the password or its hash. */
	assert_null(strstr(r.body, API_PASSWORD));
	assert_null(strstr(r.body, "argon2"));
	api_resp_free(&r);
}

static void test_R_ACC_01_email_and_phone_required(void **state)
{
	char email[128], phone[32];
	struct api_resp r;

	(void)state;
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	post_account(NULL, phone, API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "email");
	api_resp_free(&r);
	post_account(email, "", API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "phone");
	api_resp_free(&r);
	post_account(email, phone, NULL, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "password");
	api_resp_free(&r);
	post_account(email, phone, API_PASSWORD, NULL, NULL, NULL, NULL, &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "password2");
	api_resp_free(&r);
}

static void test_R_ACC_01_invalid_email_and_phone(void **state)
{
	static const char *const bad_emails[] = { "zhang", "zhang@", "@example.cn",
						  "zhang@example", "zh ang@example.cn" };
	static const char *const bad_phones[] = { "1380013800", "138001380000", "12800138000",
						  "23800138000", "1380013800a" };
	char email[128], phone[32];
	struct api_resp r;

	(void)state;
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	for (size_t i = 0; i < sizeof(bad_emails) / sizeof(bad_emails[0]); i++) {
		post_account(bad_emails[i], phone, API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
		api_assert_error(&r, 400, "EMAIL_INVALID", "email");
		assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-ACC-01");
		api_resp_free(&r);
	}
	for (size_t i = 0; i < sizeof(bad_phones) / sizeof(bad_phones[0]); i++) {
		post_account(email, bad_phones[i], API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
		api_assert_error(&r, 400, "PHONE_INVALID", "phone");
		api_resp_free(&r);
	}
	/* Six full-width digits are six characters, not "too long": not a phone number. */
	post_account(email, "１２３４５６", API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 400, "PHONE_INVALID", "phone");
	/* 109...: the message says what is wrong, the second digit. */
	api_resp_free(&r);
	post_account(email, "10912345678", API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 400, "PHONE_INVALID", "phone");
	assert_non_null(strstr(api_error_item(&r, "message_zh")->valuestring, "第2位为3至9"));
	assert_non_null(strstr(api_error_item(&r, "message_en")->valuestring, "then 3 to 9"));
	api_resp_free(&r);
}

/* The phone is trimmed like the e-mail address, and stored without the spaces. */
static void test_R_ACC_01_phone_trimmed(void **state)
{
	char email[128], phone[32], padded[40];
	struct api_resp r;

	(void)state;
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	snprintf(padded, sizeof(padded), " %s  ", phone);
	post_account(email, padded, API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	if (r.status != 201)
		fail_msg("\"%s\": %ld %s", padded, r.status, r.body != NULL ? r.body : "");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "account"), "phone")
				    ->valuestring, phone);
	api_resp_free(&r);
}

static void test_R_ACC_02_password_policy(void **state)
{
	static const struct {
		const char *pw, *code;
	} cases[] = {
		{ "Ab1!", "PASSWORD_LENGTH" },
		{ "Abc123!xAbc123!xAbc", "PASSWORD_LENGTH" },	/* 19 */
		{ "Abcdefgh", "PASSWORD_CLASSES" },
		{ "12345678!", "PASSWORD_CLASSES" },
		{ "Abc12345", "PASSWORD_CLASSES" },
		{ "Abc123!x$", "PASSWORD_CHARS" },
		{ "Abc123 !x", "PASSWORD_CHARS" },
	};
	char email[128], phone[32];
	struct api_resp r;

	(void)state;
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		post_account(email, phone, cases[i].pw, cases[i].pw, NULL, NULL, NULL, &r);
		api_assert_error(&r, 400, cases[i].code, "password");
		assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-ACC-02");
		api_resp_free(&r);
	}
	/* Both entries must match. */
	post_account(email, phone, API_PASSWORD, "Abc123!y", NULL, NULL, NULL, &r);
	api_assert_error(&r, 400, "PASSWORD_MISMATCH", "password2");
	api_resp_free(&r);
	/* 18 characters with every class is fine. */
	post_account(email, phone, "Abc123!xAbc123!x'_", "Abc123!xAbc123!x'_", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
}

static void test_R_ACC_01_duplicate_email(void **state)
{
	char email[128], phone[32], phone2[32], upper[128];
	struct api_resp r;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_unique_phone(phone2, sizeof(phone2));
	post_account(email, phone2, API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 409, "EMAIL_TAKEN", "email");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-ACC-01");
	api_resp_free(&r);
	/* E-mail addresses compare without regard to case. */
	snprintf(upper, sizeof(upper), "%s", email);
	for (char *p = upper; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	post_account(upper, phone2, API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 409, "EMAIL_TAKEN", "email");
	api_resp_free(&r);
}

static void test_R_ACC_01_duplicate_phone(void **state)
{
	char email[128], phone[32], email2[128];
	struct api_resp r;

	(void)state;
	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_unique_email(email2, sizeof(email2));
	post_account(email2, phone, API_PASSWORD, API_PASSWORD, NULL, NULL, NULL, &r);
	api_assert_error(&r, 409, "PHONE_TAKEN", "phone");
	api_resp_free(&r);
}

static void test_R_ACC_03_optional_id_and_name(void **state)
{
	char email[128], phone[32], id[32];
	struct api_resp r;

	(void)state;
	api_unique_resident_id(id, sizeof(id));
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	post_account(email, phone, API_PASSWORD, API_PASSWORD, "resident_id", id, "张三", &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "account"), "name")->valuestring,
			    "张三");
	api_resp_free(&r);

	/* Unrelated to registration: another account may carry the same ID. */
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	post_account(email, phone, API_PASSWORD, API_PASSWORD, "resident_id", id, NULL, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);

	/* But what is given is checked. */
	api_unique_email(email, sizeof(email));
	api_unique_phone(phone, sizeof(phone));
	post_account(email, phone, API_PASSWORD, API_PASSWORD, NULL, id, NULL, &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "id_type");
	api_resp_free(&r);
	post_account(email, phone, API_PASSWORD, API_PASSWORD, "driving_licence", id, NULL, &r);
	api_assert_error(&r, 400, "ID_TYPE_INVALID", "id_type");
	api_resp_free(&r);
	id[17] = id[17] == '0' ? '1' : '0';
	post_account(email, phone, API_PASSWORD, API_PASSWORD, "resident_id", id, NULL, &r);
	api_assert_error(&r, 400, "ID_CHECKSUM", "id_number");
	api_resp_free(&r);
	/* A control character in any text member is refused before the rules run. */
	post_account(email, phone, API_PASSWORD, API_PASSWORD, NULL, NULL, "张\x01三", &r);
	api_assert_error(&r, 400, "TEXT_INVALID", "name");
	api_resp_free(&r);
}

static const struct CMUnitTest accounts_tests[] = {
	cmocka_unit_test(test_R_ACC_01_create_account),
	cmocka_unit_test(test_R_ACC_01_phone_trimmed),
	cmocka_unit_test(test_R_ACC_01_email_and_phone_required),
	cmocka_unit_test(test_R_ACC_01_invalid_email_and_phone),
	cmocka_unit_test(test_R_ACC_02_password_policy),
	cmocka_unit_test(test_R_ACC_01_duplicate_email),
	cmocka_unit_test(test_R_ACC_01_duplicate_phone),
	cmocka_unit_test(test_R_ACC_03_optional_id_and_name),
};

const struct api_suite api_suite_accounts = {
	"accounts", accounts_tests, sizeof(accounts_tests) / sizeof(accounts_tests[0])
};
