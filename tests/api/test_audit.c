/*
 * The audit of registrations (R-AUD-01, R-AUD-02, R-LCK-01) against the
 * demo data: 990102 audits (科目上限 2), 990101 does not. Candidates submit,
 * staff of the site approve or reject with a reason; staff of another site
 * see nothing; candidates' and staff tokens each work only where they belong.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "staff.h"
#include "tests.h"

#define AUDIT_SITE "990102"
#define PLAIN_SITE "990101"

static const cJSON *audit_reg(const char *token, struct api_resp *r)
{
	api_get("/v1/registration", token, r);
	assert_int_equal(r->status, 200);
	return cJSON_GetObjectItem(r->json, "registration");
}

static const char *audit_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool audit_has_action(const cJSON *reg, const char *action)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "actions")) {
		if (cJSON_IsString(it) && strcmp(it->valuestring, action) == 0)
			return true;
	}
	return false;
}

static bool audit_has_step(const cJSON *reg, const char *step)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "flow")) {
		if (strcmp(audit_str(it, "step"), step) == 0)
			return true;
	}
	return false;
}

/* POST path with an optional JSON body; asserts the status and frees. */
static void audit_expect(const char *method, const char *path, const char *token,
			 const char *body, long status, const char *code)
{
	struct api_resp r;

	api_send(method, path, token, body, &r);
	if (code != NULL)
		api_assert_error(&r, status, code, NULL);
	else if (r.status != status)
		fail_msg("%s %s: want %ld, got %ld: %s", method, path, status, r.status,
			 r.body ? r.body : "");
	api_resp_free(&r);
}

static void audit_decide(const char *staff, long id, const char *verb, const char *body,
			 long status, const char *code)
{
	char path[96];

	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/%s", id, verb);
	audit_expect("POST", path, staff, body, status, code);
}

static void test_R_AUD_01_site_without_audit_has_no_audit(void **state)
{
	char token[128], id[32];
	struct api_resp r;
	const cJSON *reg;

	(void)state;
	staff_candidate(PLAIN_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));
	reg = audit_reg(token, &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg, "audit")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg, "audit_reason")));
	assert_false(audit_has_step(reg, "audit"));
	assert_false(audit_has_action(reg, "submit_audit"));
	assert_null(strstr(audit_str(reg, "summary_zh"), "审核"));
	api_resp_free(&r);
	audit_expect("POST", "/v1/registration/audit", token, NULL, 409, "AUDIT_NOT_REQUIRED");
}

static void test_R_AUD_01_submit_needs_photo(void **state)
{
	char token[128], id[32];
	struct api_resp r;
	const cJSON *reg;

	(void)state;
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	/* Before personal information: nothing to audit yet. */
	api_send("POST", "/v1/registration/audit", token, NULL, &r);
	api_assert_error(&r, 409, "AUDIT_INCOMPLETE", "info");
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, AUDIT_SITE, "[\"14\"]", &r), 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_string_equal(audit_str(reg, "audit"), "not_submitted");
	assert_true(audit_has_step(reg, "audit"));
	assert_false(audit_has_action(reg, "submit_audit"));
	api_resp_free(&r);
	api_send("POST", "/v1/registration/audit", token, NULL, &r);
	api_assert_error(&r, 409, "AUDIT_INCOMPLETE", "photo");
	api_resp_free(&r);
	staff_give_photo(token);
	reg = audit_reg(token, &r);
	assert_true(audit_has_action(reg, "submit_audit"));
	api_resp_free(&r);
}

/* The whole cycle of R-AUD-02 and the lock of R-LCK-01. */
static void test_R_AUD_01_R_AUD_02_R_LCK_01_full_cycle(void **state)
{
	static const char reason[] = "照片不清晰, 请重拍 \\\"正面\\\"";
	static const char shown[] = "照片不清晰, 请重拍 \"正面\"";
	char token[128], id[32], staff[128], body[1024], path[96], identity[128];
	struct api_resp r;
	const cJSON *reg, *it;
	long reg_id;
	bool listed = false;

	(void)state;
	staff_new_session(AUDIT_SITE, staff, sizeof(staff));
	staff_candidate(AUDIT_SITE, "[\"14\"]", false, token, sizeof(token), id, sizeof(id));

	/* Submit: 待审核, 信息锁定 已锁定. */
	api_send("POST", "/v1/registration/audit", token, NULL, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_string_equal(audit_str(reg, "audit"), "pending");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "locked")));
	assert_false(audit_has_action(reg, "edit_info"));
	assert_false(audit_has_action(reg, "edit_photo"));
	assert_false(audit_has_action(reg, "edit_identity"));
	assert_false(audit_has_action(reg, "cancel_subject"));
	assert_false(audit_has_action(reg, "submit_audit"));
	assert_non_null(strstr(audit_str(reg, "summary_zh"), "已提交审核"));
	api_resp_free(&r);

	/* While pending nothing can be modified. */
	assert_int_equal(api_put_info(token, id, AUDIT_SITE, "[\"14\"]", &r), 409);
	api_assert_error(&r, 409, "REG_LOCKED", NULL);
	api_resp_free(&r);
	snprintf(identity, sizeof(identity), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", id);
	audit_expect("PUT", "/v1/registration/identity", token, identity, 409, "ID_LOCKED");
	audit_expect("DELETE", "/v1/registration/subjects/14", token, NULL, 409, "REG_LOCKED");
	audit_expect("POST", "/v1/registration/audit", token, NULL, 409, "AUDIT_STATE");

	/* The staff queue lists it with the number masked. */
	api_get("/v1/staff/audit-queue", staff, &r);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(r.json, "queue")) {
		char masked[32];

		snprintf(masked, sizeof(masked), "%.6s********%s", id, id + 14);
		if (strcmp(audit_str(it, "id_number_masked"), masked) != 0)
			continue;
		listed = true;
		assert_string_equal(audit_str(it, "name"), "张三");
		assert_string_equal(audit_str(it, "id_type_zh"), "居民身份证");
		assert_string_equal(audit_str(cJSON_GetArrayItem(cJSON_GetObjectItem(it, "subjects"), 0),
					      "code"), "14");
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(it, "waiting_seconds")));
		assert_null(strstr(r.body, id));	/* never the whole number */
	}
	assert_true(listed);
	api_resp_free(&r);

	/* Every field for staff. */
	reg_id = staff_reg_id(staff, id);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", reg_id);
	api_get(path, staff, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_string_equal(audit_str(reg, "id_number"), id);
	assert_string_equal(audit_str(cJSON_GetObjectItem(reg, "info"), "address"), "北京市海淀区");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "photo")));
	assert_true(audit_has_action(reg, "approve"));
	assert_true(audit_has_action(reg, "reject"));
	assert_non_null(audit_str(reg, "audit_submitted_at"));
	api_resp_free(&r);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/photo", reg_id);
	api_get(path, staff, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "image/jpeg");
	api_resp_free(&r);

	/* Rejected with a reason: shown verbatim, unlocked. */
	snprintf(body, sizeof(body), "{\"reason\":\"%s\"}", reason);
	audit_decide(staff, reg_id, "reject", body, 200, NULL);
	reg = audit_reg(token, &r);
	assert_string_equal(audit_str(reg, "audit"), "rejected");
	assert_string_equal(audit_str(reg, "audit_reason"), shown);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(reg, "locked")));
	assert_true(audit_has_action(reg, "edit_info"));
	assert_true(audit_has_action(reg, "edit_photo"));
	assert_true(audit_has_action(reg, "submit_audit"));
	assert_non_null(strstr(audit_str(cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "notices"), 0),
					 "text_zh"), shown));
	assert_non_null(strstr(audit_str(reg, "summary_zh"), "审核未通过"));
	api_resp_free(&r);

	/* Fix personal information and photo, then resubmit. */
	assert_int_equal(api_put_info(token, id, AUDIT_SITE, "[\"14\",\"26\"]", &r), 200);
	api_resp_free(&r);
	staff_give_photo(token);
	audit_expect("POST", "/v1/registration/audit", token, NULL, 200, NULL);
	reg = audit_reg(token, &r);
	assert_string_equal(audit_str(reg, "audit"), "pending");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg, "audit_reason")));
	api_resp_free(&r);

	/* Approved: still locked; the next step is payment. */
	audit_decide(staff, reg_id, "approve", NULL, 200, NULL);
	reg = audit_reg(token, &r);
	assert_string_equal(audit_str(reg, "audit"), "approved");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "locked")));
	assert_false(audit_has_action(reg, "edit_info"));
	assert_false(audit_has_action(reg, "edit_photo"));
	assert_false(audit_has_action(reg, "submit_audit"));
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "flow")) {
		if (strcmp(audit_str(it, "step"), "audit") == 0)
			assert_string_equal(audit_str(it, "state"), "done");
	}
	assert_non_null(strstr(audit_str(reg, "summary_zh"), "可以支付"));
	api_resp_free(&r);
	assert_int_equal(api_put_info(token, id, AUDIT_SITE, "[\"14\"]", &r), 409);
	api_assert_error(&r, 409, "REG_LOCKED", NULL);
	api_resp_free(&r);
	audit_expect("PUT", "/v1/registration/identity", token, identity, 409, "ID_LOCKED");
	audit_expect("POST", "/v1/registration/audit", token, NULL, 409, "AUDIT_STATE");

	/* An approved registration is not decided again (409). */
	audit_decide(staff, reg_id, "approve", NULL, 409, "AUDIT_STATE");
	audit_decide(staff, reg_id, "reject", "{\"reason\":\"再看看\"}", 409, "AUDIT_STATE");
}

static void test_R_AUD_02_second_decision_is_told(void **state)
{
	char token[128], id[32], a[128], b[128];
	long reg_id;

	(void)state;
	staff_new_session(AUDIT_SITE, a, sizeof(a));
	staff_new_session(AUDIT_SITE, b, sizeof(b));
	staff_candidate(AUDIT_SITE, "[\"16\"]", true, token, sizeof(token), id, sizeof(id));
	reg_id = staff_reg_id(a, id);
	audit_decide(a, reg_id, "reject", "{\"reason\":\"地址不完整\"}", 200, NULL);
	/* The colleague who looked at it a moment ago is told it was decided. */
	audit_decide(b, reg_id, "approve", NULL, 409, "AUDIT_STATE");
}

struct audit_racer {
	const char *token, *verb, *body;
	char path[96];
	long status;
};

static void *audit_race(void *arg)
{
	struct audit_racer *a = arg;
	struct api_resp r;

	api_send("POST", a->path, a->token, a->body, &r);
	a->status = r.status;
	api_resp_free(&r);
	return NULL;
}

/* Two staff deciding the same registration at the same moment: one wins. */
static void test_R_AUD_02_concurrent_decisions_one_wins(void **state)
{
	char token[128], id[32], a[128], b[128];
	struct audit_racer racers[2];
	pthread_t threads[2];
	long reg_id;

	(void)state;
	staff_new_session(AUDIT_SITE, a, sizeof(a));
	staff_new_session(AUDIT_SITE, b, sizeof(b));
	for (int round = 0; round < 3; round++) {
		int ok = 0;

		staff_candidate(AUDIT_SITE, "[\"26\"]", true, token, sizeof(token), id, sizeof(id));
		reg_id = staff_reg_id(a, id);
		racers[0] = (struct audit_racer){ .token = a, .verb = "approve", .body = NULL };
		racers[1] = (struct audit_racer){ .token = b, .verb = "reject",
						  .body = "{\"reason\":\"照片不清晰\"}" };
		for (int i = 0; i < 2; i++) {
			snprintf(racers[i].path, sizeof(racers[i].path),
				 "/v1/staff/registrations/%ld/%s", reg_id, racers[i].verb);
			assert_int_equal(pthread_create(&threads[i], NULL, audit_race, &racers[i]), 0);
		}
		for (int i = 0; i < 2; i++) {
			assert_int_equal(pthread_join(threads[i], NULL), 0);
			ok += racers[i].status == 200;
			assert_true(racers[i].status == 200 || racers[i].status == 409);
		}
		assert_int_equal(ok, 1);
	}
}

static void test_R_AUD_02_reason_required_and_limited(void **state)
{
	char token[128], id[32], staff[128], body[1200];
	struct api_resp r;
	char path[96];
	long reg_id;

	(void)state;
	staff_new_session(AUDIT_SITE, staff, sizeof(staff));
	staff_candidate(AUDIT_SITE, "[\"14\"]", true, token, sizeof(token), id, sizeof(id));
	reg_id = staff_reg_id(staff, id);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/reject", reg_id);
	api_send("POST", path, staff, "{}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "reason");
	api_resp_free(&r);
	api_send("POST", path, staff, "{\"reason\":\"  \"}", &r);
	api_assert_error(&r, 400, "FIELD_REQUIRED", "reason");
	api_resp_free(&r);
	api_send("POST", path, staff, "{\"reason\":\"a\\u0007b\"}", &r);
	api_assert_error(&r, 400, "TEXT_INVALID", "reason");
	api_resp_free(&r);
	/* 201 characters (3 bytes each) is one too many; 200 is fine. */
	strcpy(body, "{\"reason\":\"");
	for (int i = 0; i < 201; i++)
		strcat(body, "照");
	strcat(body, "\"}");
	api_send("POST", path, staff, body, &r);
	api_assert_error(&r, 400, "FIELD_TOO_LONG", "reason");
	api_resp_free(&r);
	memmove(strstr(body, "照"), strstr(body, "照") + 3, strlen(strstr(body, "照") + 3) + 1);
	audit_expect("POST", path, staff, body, 200, NULL);
}

/* Staff of site A cannot list, read, approve or reject registrations of site B. */
static void test_staff_of_another_site_see_nothing(void **state)
{
	char token[128], id[32], own[128], other[128], path[128];
	struct api_resp r;
	long reg_id;

	(void)state;
	staff_new_session(AUDIT_SITE, own, sizeof(own));
	staff_new_session(PLAIN_SITE, other, sizeof(other));
	staff_candidate(AUDIT_SITE, "[\"14\"]", true, token, sizeof(token), id, sizeof(id));
	reg_id = staff_reg_id(own, id);

	assert_int_equal(staff_queue_find(other, id), 0);
	assert_true(staff_queue_find(own, id) == reg_id);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", reg_id);
	api_get(path, other, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/photo", reg_id);
	api_get(path, other, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	snprintf(path, sizeof(path), "/v1/staff/lookup?id_number=%s", id);
	api_get(path, other, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	audit_decide(other, reg_id, "approve", NULL, 404, "NOT_FOUND");
	audit_decide(other, reg_id, "reject", "{\"reason\":\"x\"}", 404, "NOT_FOUND");
	/* Untouched: still pending for its own site. */
	api_get("/v1/registration", token, &r);
	assert_string_equal(audit_str(cJSON_GetObjectItem(r.json, "registration"), "audit"),
			    "pending");
	api_resp_free(&r);
	/* Ids that never existed look the same. */
	audit_decide(own, 99999999L, "approve", NULL, 404, "NOT_FOUND");
	audit_expect("GET", "/v1/staff/registrations/abc", own, NULL, 404, "NOT_FOUND");
	audit_expect("GET", "/v1/staff/registrations/-1", own, NULL, 404, "NOT_FOUND");
}

/* docs/protocol.md: every staff call is logged, the refused ones too, with the reason. */
static void test_refused_staff_calls_are_logged(void **state)
{
	char token[128], id[32], own[128], other[128], path[128];
	struct api_resp r;
	long reg_id;

	(void)state;
	staff_new_session(AUDIT_SITE, own, sizeof(own));
	staff_new_session(PLAIN_SITE, other, sizeof(other));
	staff_candidate(AUDIT_SITE, "[\"14\"]", true, token, sizeof(token), id, sizeof(id));
	reg_id = staff_reg_id(own, id);
	assert_false(staff_log_has(PLAIN_SITE, "refused_view", reg_id, NULL));

	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", reg_id);
	audit_expect("GET", path, other, NULL, 404, "NOT_FOUND");
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/photo", reg_id);
	audit_expect("GET", path, other, NULL, 404, "NOT_FOUND");
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/ticket", reg_id);
	audit_expect("GET", path, other, NULL, 404, "NOT_FOUND");
	audit_decide(other, reg_id, "approve", NULL, 404, "NOT_FOUND");
	audit_decide(other, reg_id, "reject", "{\"reason\":\"x\"}", 404, "NOT_FOUND");
	assert_true(staff_log_has(PLAIN_SITE, "refused_view", reg_id, "another site (" AUDIT_SITE ")"));
	assert_true(staff_log_has(PLAIN_SITE, "refused_photo", reg_id, "another site"));
	assert_true(staff_log_has(PLAIN_SITE, "refused_ticket", reg_id, "another site"));
	assert_true(staff_log_has(PLAIN_SITE, "refused_approve", reg_id, "another site"));
	assert_true(staff_log_has(PLAIN_SITE, "refused_reject", reg_id, "another site"));
	/* Nothing was decided; the own site's staff see it pending. */
	api_get("/v1/registration", token, &r);
	assert_string_equal(audit_str(cJSON_GetObjectItem(r.json, "registration"), "audit"),
			    "pending");
	api_resp_free(&r);

	/* Refusals at the own site are logged too: the state, an id that does not exist. */
	audit_decide(own, reg_id, "approve", NULL, 200, NULL);
	audit_decide(own, reg_id, "reject", "{\"reason\":\"x\"}", 409, "AUDIT_STATE");
	assert_true(staff_log_has(AUDIT_SITE, "refused_reject", reg_id, "approved"));
	audit_decide(own, 99999999L, "approve", NULL, 404, "NOT_FOUND");
	assert_true(staff_log_has(AUDIT_SITE, "refused_approve", 99999999L, "no such registration"));
	audit_expect("GET", "/v1/staff/registrations/abc%0aforged", own, NULL, 404, "NOT_FOUND");
	assert_true(staff_log_has(AUDIT_SITE, "refused_view", 0, "abc\\x0aforged"));
}

static void test_candidates_cannot_call_staff_endpoints(void **state)
{
	char token[128], id[32], staff[128], path[96];
	long reg_id;

	(void)state;
	staff_new_session(AUDIT_SITE, staff, sizeof(staff));
	staff_candidate(AUDIT_SITE, "[\"14\"]", true, token, sizeof(token), id, sizeof(id));
	reg_id = staff_reg_id(staff, id);
	audit_expect("GET", "/v1/staff/audit-queue", token, NULL, 403, "FORBIDDEN");
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", reg_id);
	audit_expect("GET", path, token, NULL, 403, "FORBIDDEN");
	audit_decide(token, reg_id, "approve", NULL, 403, "FORBIDDEN");
	audit_decide(token, reg_id, "reject", "{\"reason\":\"x\"}", 403, "FORBIDDEN");
	audit_expect("GET", "/v1/staff/lookup?id_number=1", token, NULL, 403, "FORBIDDEN");
	audit_expect("DELETE", "/v1/staff/sessions/current", token, NULL, 403, "FORBIDDEN");
	audit_expect("GET", "/v1/staff/audit-queue", NULL, NULL, 401, "UNAUTHORIZED");
	audit_expect("GET", "/v1/staff/audit-queue", "bm90LWEtdG9rZW4tYXQtYWxsLWJ1dC1sb25nLWVub3VnaA",
		     NULL, 401, "UNAUTHORIZED");
}

static void test_staff_cannot_call_candidate_endpoints(void **state)
{
	char staff[128];

	(void)state;
	staff_new_session(AUDIT_SITE, staff, sizeof(staff));
	audit_expect("GET", "/v1/registration", staff, NULL, 403, "FORBIDDEN");
	audit_expect("POST", "/v1/registration/audit", staff, NULL, 403, "FORBIDDEN");
	audit_expect("POST", "/v1/registration/agreement", staff,
		     "{\"version\":\"2027-03.1\",\"accept\":true}", 403, "FORBIDDEN");
	audit_expect("DELETE", "/v1/sessions/current", staff, NULL, 403, "FORBIDDEN");
	/* Logging out ends the staff token. */
	audit_expect("DELETE", "/v1/staff/sessions/current", staff, NULL, 204, NULL);
	audit_expect("GET", "/v1/staff/audit-queue", staff, NULL, 401, "UNAUTHORIZED");
}

/* R-DEL-02 lets a candidate withdraw while pending; staff are then told so (409). */
static void test_R_AUD_02_deleted_registration_not_approved(void **state)
{
	char token[128], id[32], staff[128], other[128];
	long reg_id;

	(void)state;
	staff_new_session(AUDIT_SITE, staff, sizeof(staff));
	staff_new_session(PLAIN_SITE, other, sizeof(other));
	staff_candidate(AUDIT_SITE, "[\"14\"]", true, token, sizeof(token), id, sizeof(id));
	reg_id = staff_reg_id(staff, id);
	audit_expect("POST", "/v1/registration/delete", token, "{\"reason\":\"不考了\"}", 200, NULL);
	audit_decide(staff, reg_id, "approve", NULL, 409, "REG_WITHDRAWN");
	audit_decide(staff, reg_id, "reject", "{\"reason\":\"x\"}", 409, "REG_WITHDRAWN");
	/* Another site learns nothing, not even that it existed. */
	audit_decide(other, reg_id, "approve", NULL, 404, "NOT_FOUND");
	assert_int_equal(staff_queue_find(staff, id), 0);
	/* A new registration never takes the old id. */
	staff_candidate(AUDIT_SITE, "[\"14\"]", true, token, sizeof(token), id, sizeof(id));
	assert_true(staff_reg_id(staff, id) > reg_id);
}

static void test_staff_lookup_by_id_number(void **state)
{
	char token[128], id[32], staff[128], path[128], lower[32];
	struct api_resp r;
	const cJSON *reg;

	(void)state;
	staff_new_session(PLAIN_SITE, staff, sizeof(staff));
	staff_candidate(PLAIN_SITE, "[\"15\"]", false, token, sizeof(token), id, sizeof(id));
	snprintf(lower, sizeof(lower), "%s", id);
	for (char *p = lower; *p != '\0'; p++)
		if (*p == 'X')
			*p = 'x';
	snprintf(path, sizeof(path), "/v1/staff/lookup?id_number=%s&id_type=resident_id", lower);
	api_get(path, staff, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_string_equal(audit_str(reg, "id_number"), id);
	assert_string_equal(audit_str(reg, "name"), "张三");
	assert_non_null(audit_str(reg, "summary_zh"));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(reg, "audit")));
	api_resp_free(&r);
	audit_expect("GET", "/v1/staff/lookup", staff, NULL, 400, "FIELD_REQUIRED");
	audit_expect("GET", "/v1/staff/lookup?id_number=110105199001010000", staff, NULL, 404,
		     "NOT_FOUND");
	audit_expect("GET", "/v1/staff/lookup?id_number=1&id_type=card", staff, NULL, 400,
		     "ID_TYPE_INVALID");
}

/* R-ACC-04: the limits on failed logins hold for staff too. */
static void test_R_ACC_04_staff_login_rate_limited(void **state)
{
	char login[64], body[256];
	struct api_resp r;

	(void)state;
	staff_new(AUDIT_SITE, login, sizeof(login));
	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"Wrong#123x\"}", login);
	for (int i = 0; i < 5; i++) {
		api_send("POST", "/v1/staff/sessions", NULL, body, &r);
		api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
		api_resp_free(&r);
	}
	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", login,
		 STAFF_PASSWORD);
	api_send("POST", "/v1/staff/sessions", NULL, body, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	assert_true(r.retry_after[0] != '\0');
	api_resp_free(&r);
	/* A candidate login is no staff login. */
	api_send("POST", "/v1/staff/sessions", NULL, "{\"login\":\"nobody\",\"password\":\"x\"}", &r);
	api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
	api_resp_free(&r);
}

static const struct CMUnitTest audit_tests[] = {
	cmocka_unit_test(test_R_AUD_01_site_without_audit_has_no_audit),
	cmocka_unit_test(test_R_AUD_01_submit_needs_photo),
	cmocka_unit_test(test_R_AUD_01_R_AUD_02_R_LCK_01_full_cycle),
	cmocka_unit_test(test_R_AUD_02_second_decision_is_told),
	cmocka_unit_test(test_R_AUD_02_concurrent_decisions_one_wins),
	cmocka_unit_test(test_R_AUD_02_reason_required_and_limited),
	cmocka_unit_test(test_staff_of_another_site_see_nothing),
	cmocka_unit_test(test_candidates_cannot_call_staff_endpoints),
	cmocka_unit_test(test_staff_cannot_call_candidate_endpoints),
	cmocka_unit_test(test_refused_staff_calls_are_logged),
	cmocka_unit_test(test_R_AUD_02_deleted_registration_not_approved),
	cmocka_unit_test(test_staff_lookup_by_id_number),
	cmocka_unit_test(test_R_ACC_04_staff_login_rate_limited),
};

const struct api_suite api_suite_audit = {
	"audit", audit_tests, sizeof(audit_tests) / sizeof(audit_tests[0])
};
