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

/*
 * R-ACC-05, R-STA-01: a candidate who logs in and enters the ID of a group
 * registration finds it theirs, registered by the site (报名方式：集体报名);
 * the photo can be uploaded. Another account cannot take it afterwards.
 */
static void test_R_ACC_05_candidate_claims_group_registration(void **state)
{
	char a[32], csv[2048], out[4096], token[128], body[128];
	struct api_resp r;
	const cJSON *reg;
	long id;

	(void)state;
	api_unique_resident_id(a, sizeof(a));
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), a, "郑十一", "14 26");
	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, csv, out, sizeof(out)), 0);
	id = group_report_reg(out, 2);
	assert_true(id > 0);

	api_new_candidate(token, sizeof(token));
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":true}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", a);
	api_send("PUT", "/v1/registration/identity", token, body, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(reg, "method")), "group");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(reg, "name")), "郑十一");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(reg, "site"), "code")), GROUP_SITE);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(reg, "subjects")), 2);
	api_resp_free(&r);
	staff_give_photo(token);

	/* Taken now: another account entering the same ID is refused. */
	{
		char other[128];

		api_new_registrant(other, sizeof(other), out, sizeof(out));
		api_send("PUT", "/v1/registration/identity", other, body, &r);
		api_assert_error(&r, 409, "ID_TAKEN", "id_number");
		api_resp_free(&r);
	}
	/* Staff now see a passport account behind it. */
	{
		char staff[128], path[96];
		const cJSON *it;
		bool offered = false;

		staff_new_session(GROUP_SITE, staff, sizeof(staff));
		snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", id);
		api_get(path, staff, &r);
		assert_int_equal(r.status, 200);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
							"registration"), "actions"))
			offered = offered || strcmp(it->valuestring, "recovery_code") == 0;
		assert_true(offered);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
							"registration"), "photo")));
		api_resp_free(&r);
	}
}

/* A candidate whose own registration has information already cannot merge into a group one. */
static void test_R_REG_05_claim_refused_after_own_information(void **state)
{
	char a[32], own[32], csv[2048], out[4096], token[128], body[128];
	struct api_resp r;

	(void)state;
	api_unique_resident_id(a, sizeof(a));
	snprintf(csv, sizeof(csv), "%s", GROUP_CSV_HEADER);
	group_csv_row(csv, sizeof(csv), a, "钱十二", "14");
	assert_int_equal(group_import_cmd(GROUP_SITE, NULL, csv, out, sizeof(out)), 0);
	api_new_registrant(token, sizeof(token), own, sizeof(own));
	assert_int_equal(api_put_info(token, own, GROUP_SITE, "[\"15\"]", &r), 200);
	api_resp_free(&r);
	snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", a);
	api_send("PUT", "/v1/registration/identity", token, body, &r);
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
	cmocka_unit_test(test_R_ACC_05_candidate_claims_group_registration),
	cmocka_unit_test(test_R_REG_05_claim_refused_after_own_information),
};

const struct api_suite api_suite_group = {
	"group", group_tests, sizeof(group_tests) / sizeof(group_tests[0])
};
