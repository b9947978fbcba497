/*
 * The candidate's registration: R-REG-01 (agreement first, versioned),
 * R-REG-02 (ID types and checks), R-REG-05 (one ID, one registration),
 * R-STA-01/02 (status object), and isolation between candidates.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "tests.h"

#define AGREEMENT_OK "{\"version\":\"2027-03.1\",\"accept\":true}"

static const cJSON *reg_of(const struct api_resp *r)
{
	const cJSON *reg = cJSON_GetObjectItem(r->json, "registration");

	assert_non_null(reg);
	return reg;
}

static const char *reg_str(const struct api_resp *r, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(reg_of(r), key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *step_state(const struct api_resp *r, const char *step)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg_of(r), "flow")) {
		if (strcmp(cJSON_GetObjectItem(it, "step")->valuestring, step) == 0)
			return cJSON_GetObjectItem(it, "state")->valuestring;
	}
	return NULL;
}

/* The actions joined with commas. */
static void actions_of(const struct api_resp *r, char *buf, size_t len)
{
	const cJSON *it;
	size_t used = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg_of(r), "actions")) {
		int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "", it->valuestring);

		assert_true(n > 0 && (size_t)n < len - used);
		used += (size_t)n;
	}
}

static void accept_agreement(const char *token)
{
	struct api_resp r;

	api_send("POST", "/v1/registration/agreement", token, AGREEMENT_OK, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

static void put_identity(const char *token, const char *type, const char *number,
			 struct api_resp *r)
{
	char body[256];

	snprintf(body, sizeof(body), "{\"id_type\":\"%s\",\"id_number\":\"%s\"}", type, number);
	api_send("PUT", "/v1/registration/identity", token, body, r);
}

static void test_R_STA_01_registration_before_agreement(void **state)
{
	char token[128], actions[256];
	struct api_resp r;
	const cJSON *reg;

	(void)state;
	api_new_candidate(token, sizeof(token));
	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	reg = reg_of(&r);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg, "exists")));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(reg, "exam_session"), "code")->valuestring,
			    "202703");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(reg, "agreement"), "accepted")));
	assert_string_equal(step_state(&r, "agreement"), "todo");
	assert_string_equal(step_state(&r, "ticket"), "not_printable");
	assert_string_equal(reg_str(&r, "summary_zh"), "当前在报名时间内，请阅读并同意报名协议。");
	actions_of(&r, actions, sizeof(actions));
	assert_string_equal(actions, "");
	api_resp_free(&r);
}

static void test_R_REG_01_agreement_wrong_version(void **state)
{
	char token[128];
	struct api_resp r;

	(void)state;
	api_new_candidate(token, sizeof(token));
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2026-09.1\",\"accept\":true}", &r);
	api_assert_error(&r, 409, "AGREEMENT_VERSION", "version");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-01");
	api_resp_free(&r);
	api_send("POST", "/v1/registration/agreement", token, "{\"accept\":true}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "version");
	api_resp_free(&r);
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":false}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "accept");
	api_resp_free(&r);
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":\"yes\"}", &r);
	api_assert_error(&r, 400, "BAD_JSON", "accept");
	api_resp_free(&r);
	/* Nothing was created by the refusals. */
	api_get("/v1/registration", token, &r);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg_of(&r), "exists")));
	api_resp_free(&r);
}

static void test_R_REG_01_agreement_accepted(void **state)
{
	char token[128], actions[256];
	struct api_resp r;
	const cJSON *ag;

	(void)state;
	api_new_candidate(token, sizeof(token));
	api_send("POST", "/v1/registration/agreement", token, AGREEMENT_OK, &r);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg_of(&r), "exists")));
	ag = cJSON_GetObjectItem(reg_of(&r), "agreement");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ag, "accepted")));
	assert_string_equal(cJSON_GetObjectItem(ag, "version")->valuestring, "2027-03.1");
	assert_true(cJSON_IsString(cJSON_GetObjectItem(ag, "accepted_at")));
	assert_string_equal(step_state(&r, "agreement"), "done");
	assert_string_equal(step_state(&r, "identity"), "todo");
	assert_null(step_state(&r, "audit"));	/* no site chosen: no audit step */
	assert_string_equal(reg_str(&r, "method"), "individual");
	assert_string_equal(reg_str(&r, "payment"), "none");
	assert_string_equal(reg_str(&r, "summary_zh"), "当前在报名时间内，请填写证件信息。");
	actions_of(&r, actions, sizeof(actions));
	/* Personal information needs the ID first; deleting is always possible (R-DEL-02). */
	assert_string_equal(actions, "view_agreement,edit_identity,delete_registration");
	api_resp_free(&r);
	/* Accepting again changes nothing. */
	api_send("POST", "/v1/registration/agreement", token, AGREEMENT_OK, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(step_state(&r, "agreement"), "done");
	api_resp_free(&r);
}

static void test_R_REG_01_identity_before_agreement(void **state)
{
	char token[128], id[32];
	struct api_resp r;

	(void)state;
	api_new_candidate(token, sizeof(token));
	api_unique_resident_id(id, sizeof(id));
	put_identity(token, "resident_id", id, &r);
	api_assert_error(&r, 409, "AGREEMENT_REQUIRED", NULL);
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-01");
	api_resp_free(&r);
}

static void test_R_REG_02_identity_each_type(void **state)
{
	static const struct {
		const char *type, *number;
	} ok[] = {
		{ "residence_permit", NULL },	/* filled in below */
		{ "hkmo_permit", "H12345678" },
		{ "hkmo_permit", "M1234567890" },
		{ "tw_permit", "12345678" },
		{ "tw_permit", "1234567890" },
		{ "passport", "E12345678" },
		{ "resident_id", NULL },
	};
	char token[128], permit[32], resident[32], actions[256];
	struct api_resp r;

	(void)state;
	api_new_candidate(token, sizeof(token));
	accept_agreement(token);
	api_resident_id("81000019900101123", permit, sizeof(permit));
	api_unique_resident_id(resident, sizeof(resident));
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		const char *number = ok[i].number;

		if (number == NULL)
			number = strcmp(ok[i].type, "resident_id") == 0 ? resident : permit;
		put_identity(token, ok[i].type, number, &r);
		if (r.status != 200)
			fprintf(stderr, "%s %s: %s\n", ok[i].type, number, r.body ? r.body : "");
		assert_int_equal(r.status, 200);
		assert_string_equal(reg_str(&r, "id_type"), ok[i].type);
		assert_string_equal(reg_str(&r, "id_number"), number);
		assert_string_equal(step_state(&r, "identity"), "done");
		api_resp_free(&r);
	}
	api_get("/v1/registration", token, &r);
	assert_string_equal(reg_str(&r, "id_number"), resident);
	assert_string_equal(reg_str(&r, "summary_zh"), "当前在报名时间内，请填写个人信息。");
	actions_of(&r, actions, sizeof(actions));
	assert_string_equal(actions, "view_agreement,edit_identity,edit_info,delete_registration");
	api_resp_free(&r);
}

static void test_R_REG_02_identity_invalid(void **state)
{
	char token[128], good[32], bad_check[32], bad_date[32], future[32], permit_region[32];
	struct api_resp r;
	const struct {
		const char *type, *number, *code;
	} cases[] = {
		{ "resident_id", bad_check, "ID_CHECKSUM" },
		{ "resident_id", bad_date, "ID_BIRTHDATE" },	/* 30 February */
		{ "resident_id", future, "ID_BIRTHDATE" },	/* born in 2099 */
		{ "resident_id", "11010519491231002", "ID_FORMAT" },
		{ "resident_id", "1101051949123100AX", "ID_FORMAT" },
		{ "residence_permit", permit_region, "ID_FORMAT" },
		{ "hkmo_permit", "X12345678", "ID_FORMAT" },
		{ "hkmo_permit", "H1234567", "ID_FORMAT" },
		{ "tw_permit", "1234567", "ID_FORMAT" },
		{ "passport", "AB#123", "ID_FORMAT" },
		{ "passport", "E123", "ID_FORMAT" },
	};

	(void)state;
	api_new_candidate(token, sizeof(token));
	accept_agreement(token);
	api_unique_resident_id(good, sizeof(good));
	snprintf(bad_check, sizeof(bad_check), "%s", good);
	bad_check[17] = good[17] == '1' ? '2' : '1';
	api_resident_id("11010519900230123", bad_date, sizeof(bad_date));
	api_resident_id("11010520990101123", future, sizeof(future));
	api_resident_id("11010519900101123", permit_region, sizeof(permit_region));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		put_identity(token, cases[i].type, cases[i].number, &r);
		api_assert_error(&r, 400, cases[i].code, "id_number");
		assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-02");
		api_resp_free(&r);
	}
	put_identity(token, "driving_licence", good, &r);
	api_assert_error(&r, 400, "ID_TYPE_INVALID", "id_type");
	api_resp_free(&r);
	api_send("PUT", "/v1/registration/identity", token, "{\"id_type\":\"resident_id\"}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "id_number");
	api_resp_free(&r);
	/* None of it was stored. */
	api_get("/v1/registration", token, &r);
	assert_null(reg_str(&r, "id_number"));
	api_resp_free(&r);
}

static void test_R_REG_02_identity_normalised(void **state)
{
	char token[128], id[32], sent[40];
	struct api_resp r;

	(void)state;
	api_new_candidate(token, sizeof(token));
	accept_agreement(token);
	/* Find a number whose check character is X, send it lower-case and padded. */
	for (int seq = 100; seq < 999; seq++) {
		char first17[32];

		snprintf(first17, sizeof(first17), "44030119850615%03d", seq);
		api_resident_id(first17, id, sizeof(id));
		if (id[17] == 'X')
			break;
	}
	assert_int_equal(id[17], 'X');
	snprintf(sent, sizeof(sent), "  %.17sx ", id);
	put_identity(token, "resident_id", sent, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(reg_str(&r, "id_number"), id);
	api_resp_free(&r);
	/* Spaces inside, as people group the digits, go too (docs/protocol.md). */
	snprintf(sent, sizeof(sent), "%.6s %.8s %.3s%c", id, id + 6, id + 14, 'x');
	put_identity(token, "resident_id", sent, &r);
	if (r.status != 200)
		fail_msg("\"%s\": %ld %s", sent, r.status, r.body != NULL ? r.body : "");
	assert_string_equal(reg_str(&r, "id_number"), id);
	api_resp_free(&r);
}

static void test_R_REG_05_id_taken_by_another_account(void **state)
{
	char a[128], b[128], id[32], padded[40];
	struct api_resp r;

	(void)state;
	api_new_candidate(a, sizeof(a));
	api_new_candidate(b, sizeof(b));
	accept_agreement(a);
	accept_agreement(b);
	/* The second account may not take it, however it is spelled. */
	api_unique_resident_id(id, sizeof(id));
	put_identity(a, "resident_id", id, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	put_identity(b, "resident_id", id, &r);
	api_assert_error(&r, 409, "ID_TAKEN", "id_number");
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-REG-05");
	api_resp_free(&r);
	snprintf(padded, sizeof(padded), " %s", id);
	put_identity(b, "resident_id", padded, &r);
	api_assert_error(&r, 409, "ID_TAKEN", "id_number");
	api_resp_free(&r);

	/* Setting one's own ID again is fine. */
	put_identity(a, "resident_id", id, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

static void test_R_REG_06_candidates_see_only_their_own(void **state)
{
	char a[128], b[128], id_a[32], id_b[32];
	struct api_resp r;

	(void)state;
	api_new_candidate(a, sizeof(a));
	api_new_candidate(b, sizeof(b));
	accept_agreement(a);
	api_unique_resident_id(id_a, sizeof(id_a));
	api_unique_resident_id(id_b, sizeof(id_b));
	put_identity(a, "resident_id", id_a, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	/* B has accepted nothing: B's token shows B's (empty) registration. */
	api_get("/v1/registration", b, &r);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(reg_of(&r), "exists")));
	assert_null(strstr(r.body, id_a));
	api_resp_free(&r);

	/* B's change goes to B's registration only. */
	accept_agreement(b);
	put_identity(b, "resident_id", id_b, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(reg_str(&r, "id_number"), id_b);
	api_resp_free(&r);

	api_get("/v1/registration", a, &r);
	assert_string_equal(reg_str(&r, "id_number"), id_a);
	assert_null(strstr(r.body, id_b));
	api_resp_free(&r);
	api_get("/v1/registration", b, &r);
	assert_string_equal(reg_str(&r, "id_number"), id_b);
	api_resp_free(&r);
}

static void test_registration_needs_token(void **state)
{
	struct api_resp r;

	(void)state;
	api_get("/v1/registration", NULL, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	api_send("POST", "/v1/registration/agreement", NULL, AGREEMENT_OK, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	api_send("PUT", "/v1/registration/identity", NULL,
		 "{\"id_type\":\"passport\",\"id_number\":\"E12345678\"}", &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
}

static const struct CMUnitTest registration_tests[] = {
	cmocka_unit_test(test_R_STA_01_registration_before_agreement),
	cmocka_unit_test(test_R_REG_01_agreement_wrong_version),
	cmocka_unit_test(test_R_REG_01_agreement_accepted),
	cmocka_unit_test(test_R_REG_01_identity_before_agreement),
	cmocka_unit_test(test_R_REG_02_identity_each_type),
	cmocka_unit_test(test_R_REG_02_identity_invalid),
	cmocka_unit_test(test_R_REG_02_identity_normalised),
	cmocka_unit_test(test_R_REG_05_id_taken_by_another_account),
	cmocka_unit_test(test_R_REG_06_candidates_see_only_their_own),
	cmocka_unit_test(test_registration_needs_token),
};

const struct api_suite api_suite_registration = {
	"registration", registration_tests,
	sizeof(registration_tests) / sizeof(registration_tests[0])
};
