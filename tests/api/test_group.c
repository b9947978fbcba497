/*
 * Group registration (集体报名), through its real interfaces only: the
 * office's "ncre-server import-group" and staff mode's POST
 * /v1/staff/group-registrations. Each row is checked as a candidate's own
 * registration (R-REG-02 .. R-REG-11), registered whole or not at all; the
 * registration shows method "group" (报名方式：集体报名, R-STA-01); a
 * candidate who later enters the same ID finds it theirs (R-ACC-05).
 * Main server (demo data; 990101 without audit, 990102 another site).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api.h"
#include "group.h"
#include "staff.h"
#include "tests.h"

#define GROUP_SITE "990101"
#define GROUP_OTHER_SITE "990102"

/* The staff view of a registration of staff's site: 200 with r filled. */
static long group_staff_get(const char *staff, long reg, struct api_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", reg);
	api_get(path, staff, r);
	return r->status;
}

static long group_lookup(const char *staff, const char *id)
{
	char path[128];
	struct api_resp r;
	long st;

	snprintf(path, sizeof(path), "/v1/staff/lookup?id_number=%s", id);
	api_get(path, staff, &r);
	st = r.status;
	api_resp_free(&r);
	return st;
}

/*
 * R-REG-02, R-REG-03, R-REG-05, R-REG-09: the command registers the good
 * rows and refuses the others with their reason; a refused row leaves
 * nothing (no registration, no place taken).
 */
static void test_R_REG_05_import_group_rows_checked(void **state)
{
	char a[32], b[32], c[32], bad[32], staff[128], csv[4096], out[16384], code[64];
	struct api_resp r;
	long reg;
	int before;
	const cJSON *o;

	(void)state;
	api_unique_resident_id(a, sizeof(a));
	api_unique_resident_id(b, sizeof(b));
	api_unique_resident_id(c, sizeof(c));
	snprintf(bad, sizeof(bad), "%s", c);
	bad[17] = bad[17] == '0' ? '1' : '0';	/* a wrong check digit (or X) */
	if (strcmp(bad, c) == 0)
		bad[17] = '2';
	before = api_remaining(GROUP_SITE, "26");
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), a, "王小明", "14 26");		/* line 2 */
	group_csv_row(csv, sizeof(csv), a, "王小明", "14");		/* 3: the same ID */
	group_csv_row(csv, sizeof(csv), b, "李小红", "26 99");		/* 4: 99 not offered */
	group_csv_row(csv, sizeof(csv), bad, "赵六", "14");		/* 5: check digit */
	group_csv_row(csv, sizeof(csv), c, "孙七", "14 15 16 24");	/* 6: over 科目上限 3 */
	strcat(csv, "\r\n");						/* blank line */
	group_csv_row(csv, sizeof(csv), b, "李小红", "15");		/* 8: now fine */

	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, csv, out, sizeof(out)), 3);
	reg = group_report_reg(out, 2);
	assert_true(reg > 0);
	group_report_code(out, 3, code, sizeof(code));
	assert_string_equal(code, "ID_TAKEN");
	group_report_code(out, 4, code, sizeof(code));
	assert_string_equal(code, "SUBJECT_NOT_OFFERED");
	group_report_code(out, 5, code, sizeof(code));
	assert_string_equal(code, "ID_CHECKSUM");
	group_report_code(out, 6, code, sizeof(code));
	assert_string_equal(code, "SUBJECT_LIMIT");
	assert_true(group_report_reg(out, 8) > 0);
	assert_non_null(strstr(out, "2 row(s) registered, 4 refused"));

	/* Line 4 left nothing: 26 lost exactly the one place line 2 took. */
	assert_int_equal(api_remaining(GROUP_SITE, "26"), before - 1);
	staff_new_session(GROUP_SITE, staff, sizeof(staff));
	assert_int_equal(group_lookup(staff, c), 404);

	assert_int_equal(group_staff_get(staff, reg, &r), 200);
	o = cJSON_GetObjectItem(r.json, "registration");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "method")), "group");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "name")), "王小明");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "subjects")), 2);
	/* No passport account yet: nothing to reset at the desk. */
	{
		const cJSON *it;

		cJSON_ArrayForEach(it, cJSON_GetObjectItem(o, "actions"))
			assert_string_not_equal(it->valuestring, "recovery_code");
	}
	api_resp_free(&r);

	/* Staff of another site see nothing of it. */
	{
		char other[128];

		staff_new_session(GROUP_OTHER_SITE, other, sizeof(other));
		assert_int_equal(group_staff_get(other, reg, &r), 404);
		api_resp_free(&r);
		assert_int_equal(group_lookup(other, a), 404);
	}
	assert_int_equal(staff_cmd("log --db %s --site " GROUP_SITE, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "office\tgroup_import\t-\t2 accepted, 4 refused"));
}

/* A file that is not CSV as RFC 4180 says registers nobody, not even its good first rows. */
static void test_import_group_malformed_file_registers_nothing(void **state)
{
	char a[32], staff[128], csv[2048], out[4096];

	(void)state;
	api_unique_resident_id(a, sizeof(a));
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), a, "周八", "14");
	strcat(csv, "resident_id,\"110105199001011234,周九\r\n");	/* the quote never closes */
	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, csv, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "line 3: a quoted field is not closed"));
	staff_new_session(GROUP_SITE, staff, sizeof(staff));
	assert_int_equal(group_lookup(staff, a), 404);

	/* An unknown column, or a missing required one, is said before anything is read. */
	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, "id_type,id_number,name,hobby\r\n",
					  out, sizeof(out)), 1);
	assert_non_null(strstr(out, "unknown column 'hobby'"));
	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, "id_type,id_number,name\r\n", out,
					  sizeof(out)), 1);
	assert_non_null(strstr(out, "no column 'gender'"));
	assert_int_equal(group_import_cmd("999999", NULL, GROUP_CSV_HEADER, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no site 999999"));
}

/* Staff mode imports for the staff member's own site; the file's faults are told. */
static void test_staff_group_import(void **state)
{
	char a[32], staff[128], other[128], csv[2048], *body;
	struct api_resp r;
	const cJSON *rows, *row;
	cJSON *o;
	long reg;

	(void)state;
	api_unique_resident_id(a, sizeof(a));
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), a, "吴十", "14");
	group_csv_row(csv, sizeof(csv), a, "吴十", "14");
	staff_new_session(GROUP_SITE, staff, sizeof(staff));
	staff_new_session(GROUP_OTHER_SITE, other, sizeof(other));
	o = cJSON_CreateObject();
	assert_non_null(cJSON_AddStringToObject(o, "csv", csv));
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	assert_non_null(body);

	api_send("POST", "/v1/staff/group-registrations", staff, body, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "site")), GROUP_SITE);
	assert_int_equal((int)cJSON_GetObjectItem(r.json, "accepted")->valuedouble, 1);
	assert_int_equal((int)cJSON_GetObjectItem(r.json, "refused")->valuedouble, 1);
	rows = cJSON_GetObjectItem(r.json, "rows");
	row = cJSON_GetArrayItem(rows, 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(row, "accepted")));
	reg = (long)cJSON_GetObjectItem(row, "registration")->valuedouble;
	row = cJSON_GetArrayItem(rows, 1);
	assert_int_equal((int)cJSON_GetObjectItem(row, "line")->valuedouble, 3);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(row, "code")), "ID_TAKEN");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(row, "field")), "id_number");
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(row, "message_zh")));
	api_resp_free(&r);
	assert_int_equal(group_staff_get(staff, reg, &r), 200);
	api_resp_free(&r);
	assert_int_equal(group_staff_get(other, reg, &r), 404);
	api_resp_free(&r);

	api_send("POST", "/v1/staff/group-registrations", staff, "{\"csv\":\"name,hobby\\r\\n\"}",
		 &r);
	api_assert_error(&r, 400, "GROUP_FILE_INVALID", "csv");
	assert_non_null(strstr(cJSON_GetStringValue(api_error_item(&r, "detail")), "hobby"));
	api_resp_free(&r);
	/* A candidate's token is not a staff token. */
	{
		char cand[128];

		api_new_candidate(cand, sizeof(cand));
		api_send("POST", "/v1/staff/group-registrations", cand, body, &r);
		api_assert_error(&r, 403, "FORBIDDEN", NULL);
		api_resp_free(&r);
	}
	cJSON_free(body);
}

/* Import one row for a new ID at the group site: its registration id, ID and claim code. */
static long group_one(const char *name, char *id, size_t idlen, char *code, size_t codelen)
{
	char csv[2048], out[4096];
	long reg;

	api_unique_resident_id(id, idlen);
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), id, name, "14 26");
	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, csv, out, sizeof(out)), 0);
	reg = group_report_reg(out, 2);
	assert_true(reg > 0);
	group_report_claim(out, 2, code, codelen);
	/* 12 digits as 1234-5678-9012 */
	assert_int_equal(strlen(code), 14);
	assert_true(code[4] == '-' && code[9] == '-');
	return reg;
}

/* A staff member's claim-code call on registration reg: the reply in r. */
static void group_staff_claim_code(const char *staff, long reg, const char *body,
				   struct api_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/claim-code", reg);
	api_send("POST", path, staff, body, r);
}

/*
 * R-REG-05: the ID number alone claims nothing. Whoever knows a candidate's
 * ID could otherwise take the site's registration and read the personal
 * data in it: the answer is ID_TAKEN, exactly as for an ID another
 * candidate registered, and nothing of the registration is shown.
 */
static void test_R_REG_05_id_alone_claims_nothing(void **state)
{
	char a[32], code[32], token[128], own[32], other[128];
	struct api_resp r, r2;

	(void)state;
	(void)group_one("郑十一", a, sizeof(a), code, sizeof(code));
	group_new_claimant(token, sizeof(token));
	group_claim(token, a, NULL, &r);
	api_assert_error(&r, 409, "ID_TAKEN", "id_number");
	assert_null(strstr(r.body, "郑十一"));
	/* The same answer as for the ID of a candidate's own registration. */
	api_new_registrant(other, sizeof(other), own, sizeof(own));
	group_claim(token, own, NULL, &r2);
	api_assert_error(&r2, 409, "ID_TAKEN", "id_number");
	assert_string_equal(r.body, r2.body);
	api_resp_free(&r);
	api_resp_free(&r2);
	/* The account's registration still has no ID, nothing of the site's. */
	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "郑十一"));
	assert_null(strstr(r.body, a));
	api_resp_free(&r);
}

/*
 * R-ACC-05, R-REG-05, R-STA-01: with the claim code its site handed out, the
 * candidate finds the group registration theirs (报名方式：集体报名); a
 * wrong code, a code for an ID that is no group registration's, and a
 * used code all get the same CLAIM_CODE_INVALID; another account cannot
 * take it afterwards, not even with the code.
 */
static void test_R_ACC_05_claim_with_the_code(void **state)
{
	char a[32], code[32], wrong[32], token[128], other[128], own[32], free_id[32];
	struct api_resp r, r2;
	const cJSON *reg;
	long id;

	(void)state;
	id = group_one("郑十二", a, sizeof(a), code, sizeof(code));
	group_new_claimant(token, sizeof(token));
	snprintf(wrong, sizeof(wrong), "%s", code);
	wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);
	group_claim(token, a, wrong, &r);
	api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
	/* The same answer for an ID held by a candidate's own registration, and a free ID. */
	api_new_registrant(other, sizeof(other), own, sizeof(own));
	group_claim(token, own, code, &r2);
	api_assert_error(&r2, 400, "CLAIM_CODE_INVALID", "claim_code");
	assert_string_equal(r.body, r2.body);
	api_resp_free(&r2);
	api_unique_resident_id(free_id, sizeof(free_id));
	group_claim(token, free_id, code, &r2);
	assert_string_equal(r.body, r2.body);
	api_resp_free(&r2);
	api_resp_free(&r);
	/* Not a code at all: said before anything is looked up. */
	group_claim(token, a, "12ab", &r);
	api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
	api_resp_free(&r);

	/* The right code, typed with spaces instead of dashes. */
	{
		char spaced[32];

		snprintf(spaced, sizeof(spaced), "%.4s %.4s %.4s", code, code + 5, code + 10);
		group_claim(token, a, spaced, &r);
	}
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(reg, "method")), "group");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(reg, "name")), "郑十二");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(reg, "site"), "code")), GROUP_SITE);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(reg, "subjects")), 2);
	api_resp_free(&r);
	staff_give_photo(token);

	/* Single use: a second account with the same code, or with the ID alone, gets nothing. */
	{
		char second[128];

		group_new_claimant(second, sizeof(second));
		group_claim(second, a, code, &r);
		api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
		api_resp_free(&r);
		group_claim(second, a, NULL, &r);
		api_assert_error(&r, 409, "ID_TAKEN", "id_number");
		api_resp_free(&r);
	}
	/* Staff now see a passport account behind it, and no claim code to issue. */
	{
		char staff[128], path[96];
		const cJSON *it;
		bool offered = false, claim = false;

		staff_new_session(GROUP_SITE, staff, sizeof(staff));
		snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", id);
		api_get(path, staff, &r);
		assert_int_equal(r.status, 200);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
							"registration"), "actions")) {
			offered = offered || strcmp(it->valuestring, "recovery_code") == 0;
			claim = claim || strcmp(it->valuestring, "claim_code") == 0;
		}
		assert_true(offered);
		assert_false(claim);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
							"registration"), "photo")));
		api_resp_free(&r);
	}
}

/*
 * R-REG-05: a code is void after claim-attempts (5) wrong tries, whichever
 * accounts made them; staff of the site, after checking the candidate's
 * ID document, issue a new one, which works; the old one does not.
 */
static void test_R_REG_05_claim_code_void_after_wrong_tries(void **state)
{
	char a[32], code[32], code2[32], wrong[32], t1[128], t2[128], staff[128], other[128];
	char out_log[16384];
	const char *fresh;
	struct api_resp r;
	long id;

	(void)state;
	id = group_one("郑十三", a, sizeof(a), code, sizeof(code));
	group_new_claimant(t1, sizeof(t1));
	group_new_claimant(t2, sizeof(t2));
	snprintf(wrong, sizeof(wrong), "%s", code);
	for (int i = 0; i < 5; i++) {
		wrong[13] = (char)('0' + (code[13] - '0' + 1 + i) % 10);
		group_claim(i < 3 ? t1 : t2, a, wrong, &r);
		api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
		api_resp_free(&r);
	}
	group_claim(t1, a, code, &r);
	api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
	api_resp_free(&r);

	/* The desk: only after the ID document is checked, only at its own site. */
	staff_new_session(GROUP_SITE, staff, sizeof(staff));
	staff_new_session(GROUP_OTHER_SITE, other, sizeof(other));
	group_staff_claim_code(staff, id, "{}", &r);
	api_assert_error(&r, 400, "ID_CHECK_REQUIRED", "id_checked");
	api_resp_free(&r);
	group_staff_claim_code(other, id, "{\"id_checked\":true}", &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	group_staff_claim_code(staff, id, "{\"id_checked\":true}", &r);
	assert_int_equal(r.status, 200);
	fresh = cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "claim_code"));
	assert_non_null(fresh);
	assert_int_equal(strlen(fresh), 14);
	snprintf(code2, sizeof(code2), "%s", fresh);
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "expires_at")));
	api_resp_free(&r);
	/* The old code stays void; the new one claims. */
	if (strcmp(code2, code) != 0) {
		group_claim(t2, a, code, &r);
		api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
		api_resp_free(&r);
	}
	group_claim(t2, a, code2, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(r.json, "registration"), "name")), "郑十三");
	api_resp_free(&r);

	/*
	 * Claimed, the registration's information is the candidate's: no new
	 * code takes it from them, and a new import of the ID changes nothing.
	 */
	group_staff_claim_code(staff, id, "{\"id_checked\":true}", &r);
	api_assert_error(&r, 409, "GROUP_CLAIMED", NULL);
	api_resp_free(&r);
	{
		char csv[2048], out[4096], rc[64];

		snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
		group_csv_row(csv, sizeof(csv), a, "改名字", "15");
		assert_int_equal(group_import_cmd(GROUP_SITE, NULL, csv, out, sizeof(out)), 3);
		group_report_code(out, 2, rc, sizeof(rc));
		assert_string_equal(rc, "ID_TAKEN");
	}
	api_get("/v1/registration", t2, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(r.json, "registration"), "name")), "郑十三");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(
				 cJSON_GetObjectItem(r.json, "registration"), "subjects")), 2);
	api_resp_free(&r);
	assert_int_equal(staff_cmd("log --db %s --site " GROUP_SITE, NULL, out_log,
				   sizeof(out_log)), 0);
	assert_non_null(strstr(out_log, "\tclaim_code\t"));
	assert_non_null(strstr(out_log, "\trefused_claim_code\t"));
	assert_null(strstr(out_log, code2));
}
/* A candidate whose own registration has information already cannot merge into a group one. */
static void test_R_REG_05_claim_refused_after_own_information(void **state)
{
	char a[32], own[32], csv[2048], out[4096], token[128], body[128], code[32];
	struct api_resp r;

	(void)state;
	api_unique_resident_id(a, sizeof(a));
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), a, "钱十二", "14");
	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, csv, out, sizeof(out)), 0);
	group_report_claim(out, 2, code, sizeof(code));
	api_new_registrant(token, sizeof(token), own, sizeof(own));
	assert_int_equal(api_put_info(token, own, GROUP_SITE, "[\"15\"]", &r), 200);
	api_resp_free(&r);
	snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", a);
	api_send("PUT", "/v1/registration/identity", token, body, &r);
	assert_true(r.status == 400 || r.status == 409);
	api_resp_free(&r);
	/* Even with the right code. */
	group_claim(token, a, code, &r);
	assert_true(r.status == 400 || r.status == 409);
	api_resp_free(&r);
	/* The candidate's own registration is untouched. */
	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(
				    r.json, "registration"), "method")), "individual");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(
				    cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"),
							"subjects"), 0), "code")), "15");
	api_resp_free(&r);
}

static const struct CMUnitTest group_tests[] = {
	cmocka_unit_test(test_R_REG_05_import_group_rows_checked),
	cmocka_unit_test(test_import_group_malformed_file_registers_nothing),
	cmocka_unit_test(test_staff_group_import),
	cmocka_unit_test(test_R_REG_05_id_alone_claims_nothing),
	cmocka_unit_test(test_R_ACC_05_claim_with_the_code),
	cmocka_unit_test(test_R_REG_05_claim_code_void_after_wrong_tries),
	cmocka_unit_test(test_R_REG_05_claim_refused_after_own_information),
};

const struct api_suite api_suite_group = {
	"group", group_tests, sizeof(group_tests) / sizeof(group_tests[0])
};

/*
 * R-ACC-04, R-REG-05: claim codes are tried a limited number of times per
 * account and per client address (server: --claim-limit 3
 * --claim-ip-limit 5), then 429 whatever the code, the right one too, so
 * many IDs cannot be guessed through.
 */
static void test_R_ACC_04_claim_tries_limited(void **state)
{
	char a[32], code[32], wrong[32], t1[128], t2[128], t3[128];
	struct api_resp r;

	(void)state;
	(void)group_one("郑十四", a, sizeof(a), code, sizeof(code));
	group_new_claimant(t1, sizeof(t1));
	group_new_claimant(t2, sizeof(t2));
	group_new_claimant(t3, sizeof(t3));
	snprintf(wrong, sizeof(wrong), "%s", code);
	wrong[13] = wrong[13] == '9' ? '0' : (char)(wrong[13] + 1);
	for (int i = 0; i < 3; i++) {
		group_claim(t1, a, wrong, &r);
		api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
		api_resp_free(&r);
	}
	/* The account's limit: refused before the code is looked at. */
	group_claim(t1, a, code, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	assert_non_null(api_error_item(&r, "retry_after"));
	api_resp_free(&r);
	/* The address's limit (5): two more tries from another account, then none. */
	for (int i = 0; i < 2; i++) {
		group_claim(t2, a, wrong, &r);
		api_assert_error(&r, 400, "CLAIM_CODE_INVALID", "claim_code");
		api_resp_free(&r);
	}
	group_claim(t3, a, code, &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	api_resp_free(&r);
	/* The ID alone is no try of a code: it is answered as before. */
	group_claim(t3, a, NULL, &r);
	api_assert_error(&r, 409, "ID_TAKEN", "id_number");
	api_resp_free(&r);
}

static const struct CMUnitTest claim_tests[] = {
	cmocka_unit_test(test_R_ACC_04_claim_tries_limited),
};

const struct api_suite api_suite_claim = {
	"claim", claim_tests, sizeof(claim_tests) / sizeof(claim_tests[0])
};
