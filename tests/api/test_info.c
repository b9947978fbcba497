/*
 * Personal information, site and subjects against the demo data
 * (data/demo.json: 990101 科目上限 3, subject 16 with one place; 990102
 * audits, 科目上限 2, no subject 15): R-REG-03/04/05/06/07/08/09/11,
 * R-DEL-01/02, R-STA-01..03, and the form served to kiosks.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

static const cJSON *reg_of(const struct api_resp *r)
{
	const cJSON *reg = cJSON_GetObjectItem(r->json, "registration");

	assert_non_null(reg);
	return reg;
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Codes of an array of {"code"} joined with commas. */
static void codes_of(const cJSON *list, char *buf, size_t len)
{
	const cJSON *it;
	size_t used = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(it, list) {
		const char *c = cJSON_IsString(it) ? it->valuestring : str_of(it, "code");
		int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "", c);

		assert_true(n > 0 && (size_t)n < len - used);
		used += (size_t)n;
	}
}

/* The code a field has in a FORM_INVALID reply, or NULL. */
static const char *field_code(const struct api_resp *r, const char *field)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, api_error_item(r, "fields")) {
		if (strcmp(str_of(it, "field"), field) == 0)
			return str_of(it, "code");
	}
	return NULL;
}

static void test_R_REG_03_every_field_error_reported(void **state)
{
	char token[128], id[32];
	struct api_resp r;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_send("POST", "/v1/registration/preview", token,
		 "{\"postal_code\":\"1234\",\"email\":\"x\",\"subjects\":[\"14\",\"14\"],\"hobby\":\"go\"}",
		 &r);
	api_assert_error(&r, 400, "FORM_INVALID", NULL);
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-03");
	assert_string_equal(field_code(&r, "name"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "gender"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "birth_date"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "ethnicity"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "occupation"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "education"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "training"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "site"), "FIELD_REQUIRED");
	assert_string_equal(field_code(&r, "truthful"), "TRUTHFUL_REQUIRED");
	assert_string_equal(field_code(&r, "postal_code"), "POSTAL_INVALID");
	assert_string_equal(field_code(&r, "email"), "EMAIL_INVALID");
	assert_string_equal(field_code(&r, "subjects"), "SUBJECT_DUPLICATE");
	assert_string_equal(field_code(&r, "hobby"), "FIELD_UNKNOWN");
	assert_int_equal(cJSON_GetArraySize(api_error_item(&r, "fields")), 13);
	api_resp_free(&r);
}

static void test_R_REG_03_name_birth_gender_match_resident_id(void **state)
{
	char token[128], id[32], body[1024], *p;
	struct api_resp r;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_info_body(body, sizeof(body), id, "990101", "[\"14\"]", false);
	/* Another year of birth and the other gender. */
	p = strstr(body, "\"birth_date\":\"1990");
	assert_non_null(p);
	p[17] = '1';
	p = strstr(body, "\"gender\":\"");
	p[10] = p[10] == '1' ? '2' : '1';
	api_send("POST", "/v1/registration/preview", token, body, &r);
	api_assert_error(&r, 400, "FORM_INVALID", NULL);
	assert_string_equal(field_code(&r, "birth_date"), "BIRTHDATE_MISMATCH");
	assert_string_equal(field_code(&r, "gender"), "GENDER_MISMATCH");
	assert_int_equal(cJSON_GetArraySize(api_error_item(&r, "fields")), 2);
	api_resp_free(&r);
	/* A name with a control character: refused for any text member, naming it. */
	api_info_body(body, sizeof(body), id, "990101", "[\"14\"]", false);
	p = strstr(body, "张三");
	memcpy(p, "\\t ", 3);
	api_send("POST", "/v1/registration/preview", token, body, &r);
	api_assert_error(&r, 400, "TEXT_INVALID", "name");
	api_resp_free(&r);
}

static void test_R_REG_04_preview_then_save(void **state)
{
	char token[128], id[32], body[1024], codes[128];
	struct api_resp r;
	const cJSON *c, *reg;
	int before = api_remaining("990101", "26");

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_info_body(body, sizeof(body), id, "990101", "[\"14\",\"26\"]", false);
	api_send("POST", "/v1/registration/preview", token, body, &r);
	assert_int_equal(r.status, 200);
	c = cJSON_GetObjectItem(r.json, "confirmation");
	assert_string_equal(str_of(c, "name"), "张三");
	assert_string_equal(str_of(c, "id_type_zh"), "居民身份证");
	assert_string_equal(str_of(c, "id_number"), id);
	assert_string_equal(str_of(cJSON_GetObjectItem(c, "site"), "name_zh"), "测试学校");
	codes_of(cJSON_GetObjectItem(c, "cancelled"), codes, sizeof(codes));
	assert_string_equal(codes, "");
	codes_of(cJSON_GetObjectItem(c, "added"), codes, sizeof(codes));
	assert_string_equal(codes, "14,26");
	codes_of(cJSON_GetObjectItem(c, "subjects"), codes, sizeof(codes));
	assert_string_equal(codes, "14,26");
	api_resp_free(&r);
	/* The preview changed nothing. */
	assert_int_equal(api_remaining("990101", "26"), before);
	api_get("/v1/registration", token, &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg_of(&r), "site")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(reg_of(&r), "subjects")), 0);
	api_resp_free(&r);

	/* Saving needs the confirmation's tick. */
	api_send("PUT", "/v1/registration/info", token, body, &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "confirm");
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, "990101", "[\"14\",\"26\"]", &r), 200);
	reg = reg_of(&r);
	assert_string_equal(str_of(cJSON_GetObjectItem(reg, "info"), "ethnicity"), "01");
	assert_string_equal(str_of(reg, "name"), "张三");
	assert_int_equal(api_remaining("990101", "26"), before - 1);
	api_resp_free(&r);

	/* Changing the subjects: the confirmation names what goes and what comes. */
	api_info_body(body, sizeof(body), id, "990101", "[\"26\",\"15\"]", false);
	api_send("POST", "/v1/registration/preview", token, body, &r);
	assert_int_equal(r.status, 200);
	c = cJSON_GetObjectItem(r.json, "confirmation");
	codes_of(cJSON_GetObjectItem(c, "cancelled"), codes, sizeof(codes));
	assert_string_equal(codes, "14");
	codes_of(cJSON_GetObjectItem(c, "added"), codes, sizeof(codes));
	assert_string_equal(codes, "15");
	codes_of(cJSON_GetObjectItem(c, "subjects"), codes, sizeof(codes));
	assert_string_equal(codes, "26,15");
	api_resp_free(&r);
}

static void test_R_REG_07_subject_limit(void **state)
{
	char token[128], id[32], codes[64];
	struct api_resp r;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_put_info(token, id, "990101", "[\"14\",\"15\",\"24\",\"26\"]", &r);
	api_assert_error(&r, 409, "SUBJECT_LIMIT", "subjects");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-07");
	api_resp_free(&r);
	/* 990102 allows 2. */
	api_put_info(token, id, "990102", "[\"14\",\"26\",\"27\"]", &r);
	api_assert_error(&r, 409, "SUBJECT_LIMIT", "subjects");
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, "990101", "[\"14\",\"15\",\"24\"]", &r), 200);
	codes_of(cJSON_GetObjectItem(reg_of(&r), "subjects"), codes, sizeof(codes));
	assert_string_equal(codes, "14,15,24");
	api_resp_free(&r);
}

static void test_R_REG_09_only_offered_subjects(void **state)
{
	char token[128], id[32];
	struct api_resp r;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_put_info(token, id, "990102", "[\"15\"]", &r);
	api_assert_error(&r, 409, "SUBJECT_NOT_OFFERED", "subjects");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-09");
	api_resp_free(&r);
	api_put_info(token, id, "990101", "[\"99\"]", &r);
	api_assert_error(&r, 409, "SUBJECT_NOT_OFFERED", "subjects");
	api_resp_free(&r);
	api_put_info(token, id, "990199", "[\"14\"]", &r);
	api_assert_error(&r, 400, "SITE_INVALID", "site");
	api_resp_free(&r);
	api_get("/v1/registration", token, &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg_of(&r), "info")));
	api_resp_free(&r);
}

static void test_R_REG_08_capacity_freed_on_cancel_and_delete(void **state)
{
	char a[128], b[128], id_a[32], id_b[32];
	struct api_resp r;

	(void)state;
	api_new_registrant(a, sizeof(a), id_a, sizeof(id_a));
	api_new_registrant(b, sizeof(b), id_b, sizeof(id_b));
	/* Subject 16 has one place at 990101. */
	assert_int_equal(api_put_info(a, id_a, "990101", "[\"16\",\"14\"]", &r), 200);
	api_resp_free(&r);
	assert_int_equal(api_remaining("990101", "16"), 0);
	api_put_info(b, id_b, "990101", "[\"16\"]", &r);
	api_assert_error(&r, 409, "SUBJECT_FULL", "subjects");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-08");
	api_resp_free(&r);
	/* Keeping one's own place is no new claim on it. */
	assert_int_equal(api_put_info(a, id_a, "990101", "[\"16\"]", &r), 200);
	api_resp_free(&r);
	/* R-DEL-01 frees the place. */
	api_send("DELETE", "/v1/registration/subjects/16", a, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(api_remaining("990101", "16"), 1);
	assert_int_equal(api_put_info(b, id_b, "990101", "[\"16\"]", &r), 200);
	api_resp_free(&r);
	/* R-DEL-02 frees it too. */
	api_send("POST", "/v1/registration/delete", b, "{\"reason\":\"换考点\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(api_remaining("990101", "16"), 1);
}

static void test_R_REG_11_site_switch_moves_everything(void **state)
{
	char token[128], id[32], codes[64], actions[256];
	struct api_resp r;
	const cJSON *reg, *it;
	int left14 = api_remaining("990101", "14");
	bool audit_step = false;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	assert_int_equal(api_put_info(token, id, "990101", "[\"14\",\"15\"]", &r), 200);
	api_resp_free(&r);
	assert_int_equal(api_remaining("990101", "14"), left14 - 1);
	/* A subject the new site does not offer cannot come along. */
	api_put_info(token, id, "990102", "[\"14\",\"15\"]", &r);
	api_assert_error(&r, 409, "SUBJECT_NOT_OFFERED", "subjects");
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, "990102", "[\"14\"]", &r), 200);
	reg = reg_of(&r);
	assert_string_equal(str_of(cJSON_GetObjectItem(reg, "site"), "code"), "990102");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(reg, "site"), "audit")));
	codes_of(cJSON_GetObjectItem(reg, "subjects"), codes, sizeof(codes));
	assert_string_equal(codes, "14");
	/* The auditing site shows audit state, the audit step and its notice. */
	assert_string_equal(str_of(reg, "audit"), "not_submitted");
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "flow"))
		audit_step |= strcmp(str_of(it, "step"), "audit") == 0;
	assert_true(audit_step);
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "notices"), 0);
	assert_string_equal(str_of(it, "text_zh"), "报名信息未提交审核。");
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "notices"), 1);
	assert_non_null(strstr(str_of(it, "text_zh"), "需尽快提交信息审核，审核通过后及时缴费。"));
	assert_non_null(strstr(str_of(reg, "summary_zh"), "可以修改报考科目信息，需审核通过后才可支付。"));
	codes_of(cJSON_GetObjectItem(reg, "actions"), actions, sizeof(actions));
	assert_string_equal(actions, "view_agreement,edit_identity,edit_info,edit_photo,"
				     "cancel_subject,delete_registration");
	api_resp_free(&r);
	/* Nothing stays behind at the first site. */
	assert_int_equal(api_remaining("990101", "14"), left14);
}

static void test_R_REG_05_R_REG_06_one_candidate_one_site(void **state)
{
	char a[128], b[128], id_a[32], id_b[32], body[256], other[32];
	struct api_resp r;

	(void)state;
	api_new_registrant(a, sizeof(a), id_a, sizeof(id_a));
	api_new_registrant(b, sizeof(b), id_b, sizeof(id_b));
	assert_int_equal(api_put_info(a, id_a, "990101", "[\"14\"]", &r), 200);
	api_resp_free(&r);
	/* R-REG-05: B cannot take A's ID to register elsewhere. */
	snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", id_a);
	api_send("PUT", "/v1/registration/identity", b, body, &r);
	api_assert_error(&r, 409, "ID_TAKEN", "id_number");
	api_resp_free(&r);
	/* R-REG-06: once A's personal information is saved, A's account cannot
	 * turn into another person (another birth date). */
	api_resident_id("11010520000101123", other, sizeof(other));
	snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", other);
	api_send("PUT", "/v1/registration/identity", a, body, &r);
	api_assert_error(&r, 400, "BIRTHDATE_MISMATCH", "id_number");
	api_resp_free(&r);
	/* One account, one registration: a second save replaces, never adds. */
	assert_int_equal(api_put_info(a, id_a, "990102", "[\"26\"]", &r), 200);
	assert_string_equal(str_of(cJSON_GetObjectItem(reg_of(&r), "site"), "code"), "990102");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(reg_of(&r), "subjects")), 1);
	api_resp_free(&r);
}

static void test_R_DEL_01_cancel_subject(void **state)
{
	char token[128], id[32], codes[64];
	struct api_resp r;
	const cJSON *n;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_send("DELETE", "/v1/registration/subjects/14", token, NULL, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, "990101", "[\"14\",\"26\"]", &r), 200);
	api_resp_free(&r);
	api_send("DELETE", "/v1/registration/subjects/14", token, NULL, &r);
	assert_int_equal(r.status, 200);
	codes_of(cJSON_GetObjectItem(reg_of(&r), "subjects"), codes, sizeof(codes));
	assert_string_equal(codes, "26");
	api_resp_free(&r);
	api_send("DELETE", "/v1/registration/subjects/26", token, NULL, &r);
	assert_int_equal(r.status, 200);
	/* R-EXP-02: an empty registration announces its own deletion. */
	n = cJSON_GetArrayItem(cJSON_GetObjectItem(reg_of(&r), "notices"), 0);
	assert_string_equal(str_of(n, "kind"), "registration_expiry");
	assert_non_null(strstr(str_of(n, "text_zh"), "报考科目为空，报名信息在"));
	assert_string_equal(str_of(n, "at"), str_of(reg_of(&r), "delete_after"));
	api_resp_free(&r);
}

static void test_R_DEL_02_delete_registration(void **state)
{
	char token[128], id[32], body[1024];
	struct api_resp r;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	assert_int_equal(api_put_info(token, id, "990101", "[\"14\"]", &r), 200);
	api_resp_free(&r);
	api_send("POST", "/v1/registration/delete", token, "{}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "reason");
	api_resp_free(&r);
	/* Blank is no reason: ASCII spaces and the ideographic space U+3000. */
	api_send("POST", "/v1/registration/delete", token, "{\"reason\":\"  \u3000 \"}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "reason");
	api_resp_free(&r);
	strcpy(body, "{\"reason\":\"");
	for (int i = 0; i < 201; i++)
		strcat(body, "因");
	strcat(body, "\"}");
	api_send("POST", "/v1/registration/delete", token, body, &r);
	api_assert_error(&r, 400, "FIELD_TOO_LONG", "reason");
	api_resp_free(&r);
	api_send("POST", "/v1/registration/delete", token, "{\"reason\":\"不考了\"}", &r);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg_of(&r), "exists")));
	api_resp_free(&r);
	/* The ID is free again, and a new registration can start. */
	api_send("POST", "/v1/registration/delete", token, "{\"reason\":\"again\"}", &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
}

static void test_R_STA_01_status_after_save(void **state)
{
	char token[128], id[32], actions[256], want[64];
	struct api_resp r;
	const cJSON *reg, *n, *s;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	assert_int_equal(api_put_info(token, id, "990101", "[\"14\"]", &r), 200);
	api_resp_free(&r);
	api_get("/v1/registration", token, &r);
	reg = reg_of(&r);
	assert_string_equal(str_of(reg, "summary_zh"),
			    "当前在报名时间内，请上传个人照片，已报考1科，全未支付，可以修改报考科目信息或支付。");
	assert_string_equal(str_of(reg, "payment"), "none");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg, "audit")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg, "locked")));
	codes_of(cJSON_GetObjectItem(reg, "actions"), actions, sizeof(actions));
	assert_string_equal(actions, "view_agreement,edit_identity,edit_info,edit_photo,"
				     "cancel_subject,delete_registration");
	/* R-STA-02: no audit step at a site without audit. */
	for (int i = 0; i < cJSON_GetArraySize(cJSON_GetObjectItem(reg, "flow")); i++)
		assert_string_not_equal(str_of(cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "flow"), i),
					       "step"), "audit");
	/* R-EXP-01: the subject's deletion moment, 24 h after it was added. */
	s = cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "subjects"), 0);
	assert_string_equal(str_of(s, "state"), "unpaid");
	n = cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "notices"), 0);
	assert_string_equal(str_of(n, "kind"), "subject_expiry");
	assert_string_equal(str_of(n, "at"), str_of(s, "delete_after"));
	assert_int_equal(strncmp(str_of(n, "text_zh"), "报考未支付科目(14)计算机基础及WPS Office应用在",
				 strlen("报考未支付科目(14)计算机基础及WPS Office应用在")), 0);
	assert_non_null(strstr(str_of(n, "text_zh"), "后随时会被系统删除，需尽快完成缴费。"));
	n = cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "notices"), 1);
	assert_string_equal(str_of(n, "kind"), "registration_expiry");
	/* R-STA-03: the 13 tips. */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(reg, "tips")), 13);
	snprintf(want, sizeof(want), "%s", str_of(cJSON_GetObjectItem(reg, "site"), "window_close"));
	assert_int_equal(strlen(want), 20);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(reg, "site"), "max_subjects")->valueint, 3);
	api_resp_free(&r);
}

static void test_R_REG_03_form_served(void **state)
{
	struct api_resp r;
	const cJSON *opts;

	(void)state;
	api_get("/v1/forms/registration", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(strncmp(str_of(r.json, "hash"), "fnv1a64:", 8), 0);
	assert_string_equal(str_of(r.json, "id"), "registration");
	opts = cJSON_GetObjectItem(r.json, "options");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(opts, "ethnicity")), 58);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(opts, "id-types")), 5);
	api_resp_free(&r);
	api_get("/v1/forms/nope", NULL, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
}

static void test_info_needs_token_and_agreement(void **state)
{
	char token[128], body[1024];
	struct api_resp r;

	(void)state;
	api_send("PUT", "/v1/registration/info", NULL, "{}", &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	api_send("DELETE", "/v1/registration/subjects/14", NULL, NULL, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	api_new_candidate(token, sizeof(token));
	api_info_body(body, sizeof(body), "110105199001011234", "990101", "[\"14\"]", true);
	api_send("PUT", "/v1/registration/info", token, body, &r);
	api_assert_error(&r, 409, "AGREEMENT_REQUIRED", NULL);
	api_resp_free(&r);
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":true}", &r);
	api_resp_free(&r);
	api_send("PUT", "/v1/registration/info", token, body, &r);
	api_assert_error(&r, 409, "IDENTITY_REQUIRED", NULL);
	api_resp_free(&r);
}

static const struct CMUnitTest info_tests[] = {
	cmocka_unit_test(test_R_REG_03_every_field_error_reported),
	cmocka_unit_test(test_R_REG_03_name_birth_gender_match_resident_id),
	cmocka_unit_test(test_R_REG_04_preview_then_save),
	cmocka_unit_test(test_R_REG_07_subject_limit),
	cmocka_unit_test(test_R_REG_09_only_offered_subjects),
	cmocka_unit_test(test_R_REG_08_capacity_freed_on_cancel_and_delete),
	cmocka_unit_test(test_R_REG_11_site_switch_moves_everything),
	cmocka_unit_test(test_R_REG_05_R_REG_06_one_candidate_one_site),
	cmocka_unit_test(test_R_DEL_01_cancel_subject),
	cmocka_unit_test(test_R_DEL_02_delete_registration),
	cmocka_unit_test(test_R_STA_01_status_after_save),
	cmocka_unit_test(test_R_REG_03_form_served),
	cmocka_unit_test(test_info_needs_token_and_agreement),
};

const struct api_suite api_suite_info = {
	"info", info_tests, sizeof(info_tests) / sizeof(info_tests[0])
};
