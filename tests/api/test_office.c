/*
 * The exam office's commands, driven through the real binary against the
 * test server's database: staff add/list/disable/enable/passwd, the audit
 * log, the CSV export and the import of an exam session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "db.h"
#include "staff.h"
#include "tests.h"

static unsigned office_counter;

static void office_login_fails(const char *login, const char *password, long status,
			       const char *code)
{
	char body[256];
	struct api_resp r;

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	api_send("POST", "/v1/staff/sessions", NULL, body, &r);
	api_assert_error(&r, status, code, NULL);
	api_resp_free(&r);
}

static void test_staff_commands_add_list_disable_passwd(void **state)
{
	char login[64], args[512], out[8192], token[128], line[256];
	struct api_resp r;

	(void)state;
	staff_new("990102", login, sizeof(login));
	staff_login(login, STAFF_PASSWORD, token, sizeof(token));

	/* R-ACC-02 for staff passwords; the login is unique. */
	snprintf(args, sizeof(args), "staff add --db %%s --site 990102 --login %s-b --name 李老师"
		 " --argon2 min", login);
	assert_int_not_equal(staff_cmd(args, "short1!", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "R-ACC-02"));
	snprintf(args, sizeof(args), "staff add --db %%s --site 990102 --login %s --name 李老师"
		 " --argon2 min", login);
	assert_int_not_equal(staff_cmd(args, STAFF_PASSWORD, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "taken"));
	assert_int_equal(staff_cmd("staff add --db %s --site 999999 --login zz-nosite --name x"
				   " --argon2 min", STAFF_PASSWORD, out, sizeof(out)), 1);
	assert_int_equal(staff_cmd("staff add --db %s --site 990102 --login 'Bad Login' --name x",
				   STAFF_PASSWORD, out, sizeof(out)), 2);
	/* No password on the command line at all: the option does not exist. */
	assert_int_equal(staff_cmd("staff add --db %s --site 990102 --login zz-pw --name x"
				   " --password Abc123!x", NULL, out, sizeof(out)), 2);

	/* list: site, login, state, created, name; never a hash. */
	assert_int_equal(staff_cmd("staff list --db %s --site 990102", NULL, out, sizeof(out)), 0);
	snprintf(line, sizeof(line), "990102\t%s\tactive\t", login);
	assert_non_null(strstr(out, line));
	assert_non_null(strstr(out, "王老师"));
	assert_null(strstr(out, "$argon2"));

	/* disable ends the sessions and refuses logins; enable brings the account back. */
	snprintf(args, sizeof(args), "staff disable --db %%s --login %s", login);
	assert_int_equal(staff_cmd(args, NULL, out, sizeof(out)), 0);
	api_get("/v1/staff/audit-queue", token, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	office_login_fails(login, STAFF_PASSWORD, 401, "BAD_CREDENTIALS");
	assert_int_equal(staff_cmd("staff list --db %s --site 990102", NULL, out, sizeof(out)), 0);
	snprintf(line, sizeof(line), "990102\t%s\tdisabled\t", login);
	assert_non_null(strstr(out, line));
	snprintf(args, sizeof(args), "staff enable --db %%s --login %s", login);
	assert_int_equal(staff_cmd(args, NULL, out, sizeof(out)), 0);

	/* passwd: the old password stops working, the new one works. */
	snprintf(args, sizeof(args), "staff passwd --db %%s --login %s --argon2 min", login);
	assert_int_equal(staff_cmd(args, "New#pass2027", out, sizeof(out)), 0);
	office_login_fails(login, STAFF_PASSWORD, 401, "BAD_CREDENTIALS");
	staff_login(login, "New#pass2027", token, sizeof(token));
	assert_int_equal(staff_cmd("staff passwd --db %s --login nobody-here", "New#pass2027",
				   out, sizeof(out)), 1);
}

/* Every staff action is in the log: who, when, what, which registration. */
static void test_audit_log_records_each_action(void **state)
{
	char login[64], staff[128], token[128], id[32], path[96], line[256], args[128];
	char *out = malloc(1 << 20);
	struct api_resp r;
	long reg_id;

	(void)state;
	assert_non_null(out);
	staff_new("990102", login, sizeof(login));
	staff_login(login, STAFF_PASSWORD, staff, sizeof(staff));
	staff_candidate("990102", "[\"14\"]", true, token, sizeof(token), id, sizeof(id));
	reg_id = staff_reg_id(staff, id);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/reject", reg_id);
	api_send("POST", path, staff, "{\"reason\":\"照片不清晰\"}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	assert_int_equal(staff_cmd("log --db %s --site 990102", NULL, out, 1 << 20), 0);
	assert_non_null(strstr(out, "at\tsite\tactor\taction\tregistration\tdetail\n"));
	snprintf(line, sizeof(line), "\t990102\toffice\tstaff_add\t-\t%s\n", login);
	assert_non_null(strstr(out, line));
	snprintf(line, sizeof(line), "\t990102\t%s\tlogin\t-\t\n", login);
	assert_non_null(strstr(out, line));
	snprintf(line, sizeof(line), "\t990102\t%s\tlookup\t%ld\t\n", login, reg_id);
	assert_non_null(strstr(out, line));
	snprintf(line, sizeof(line), "\t990102\t%s\treject\t%ld\t照片不清晰\n", login, reg_id);
	assert_non_null(strstr(out, line));
	/* No secrets and no ID numbers. */
	assert_null(strstr(out, "$argon2"));
	assert_null(strstr(out, id));
	assert_null(strstr(out, staff));
	/* --site keeps to one site. */
	snprintf(args, sizeof(args), "log --db %%s --site 990101");
	assert_int_equal(staff_cmd(args, NULL, out, 1 << 20), 0);
	assert_null(strstr(out, "\t990102\t"));
	free(out);
}

/* The CSV export: header row, RFC 4180 quoting, UTF-8. */
static void test_export_csv_quotes_and_utf8(void **state)
{
	char token[128], id[32], body[1024], *p, want[512];
	char *out = malloc(1 << 20);
	struct api_resp r;

	(void)state;
	assert_non_null(out);
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_info_body(body, sizeof(body), id, "990101", "[\"14\",\"26\"]", true);
	/* A name with a comma and a double quote; an address with a comma. */
	p = strstr(body, "\"name\":\"张三\"");
	assert_non_null(p);
	memmove(p + strlen("\"name\":\"张, \\\"三\\\"\""), p + strlen("\"name\":\"张三\""),
		strlen(p + strlen("\"name\":\"张三\"")) + 1);
	memcpy(p, "\"name\":\"张, \\\"三\\\"\"", strlen("\"name\":\"张, \\\"三\\\"\""));
	p = strstr(body, "北京市海淀区");
	assert_non_null(p);
	memcpy(p, "北京市,海淀", strlen("北京市,海淀"));
	memmove(p + strlen("北京市,海淀"), p + strlen("北京市海淀区"),
		strlen(p + strlen("北京市海淀区")) + 1);
	api_send("PUT", "/v1/registration/info", token, body, &r);
	if (r.status != 200)
		fprintf(stderr, "%s\n%s\n", body, r.body);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	assert_int_equal(staff_cmd("export --db %s --site 990101 2>/dev/null", NULL, out, 1 << 20),
			 0);
	assert_true(strncmp(out, "registration,exam_session,site,name,id_type,id_number,",
			    strlen("registration,exam_session,site,name,id_type,id_number,")) == 0);
	assert_non_null(strstr(out, ",subjects,paid_subjects,locked,audit,audit_reason,photo,"
				    "created_at,updated_at\r\n"));
	snprintf(want, sizeof(want), ",202703,990101,\"张, \"\"三\"\"\",resident_id,%s,", id);
	p = strstr(out, want);
	assert_non_null(p);
	/* The same row: the address quoted, choices as labels, subjects by code. */
	assert_non_null(strstr(p, ",\"北京市,海淀\","));
	assert_non_null(strstr(p, ",汉族,"));
	assert_non_null(strstr(p, ",14 26,,no,,,no,"));
	assert_non_null(strstr(p, "\r\n"));
	assert_int_equal(staff_cmd("export --db %s --site 999999", NULL, out, 1 << 20), 1);
	free(out);
}

/* "import": a further exam session with staff (no passwords), all or nothing. */
static void test_import_loads_exam_session(void **state)
{
	const char *tmp = getenv("NCRE_TMP"), *bin = getenv("NCRE_SERVER_BIN");
	char file[1024], path[1100], db[1200], cmd[16384], out[4096], name[32];
	FILE *f, *p;
	size_t n;

	(void)state;
	assert_non_null(tmp);
	assert_non_null(bin);
	snprintf(file, sizeof(file), "%s/import-%u.json", tmp, ++office_counter);
	snprintf(name, sizeof(name), "import_%u", office_counter);
	db_new(name, path, sizeof(path));
	db_quote(path, db, sizeof(db));
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("{\"exam_session\":{\"code\":\"209909\",\"name_zh\":\"2099年09月\",\"name_en\":\"Sep 2099\","
	      "\"window_open\":\"-1d\",\"window_close\":\"+10d\"},"
	      "\"provinces\":[{\"code\":\"98\",\"name_zh\":\"乙省\",\"name_en\":\"B\"}],"
	      "\"subjects\":[{\"code\":\"14\",\"name_zh\":\"基础\",\"name_en\":\"Basics\"}],"
	      "\"sites\":[{\"code\":\"980101\",\"province\":\"98\",\"name_zh\":\"乙校\",\"name_en\":\"B\","
	      "\"max_subjects\":1,\"audit\":true,\"total_capacity\":10,\"window_open\":\"-1d\","
	      "\"window_close\":\"+10d\",\"self_print\":false,\"intent_dates\":false,"
	      "\"subjects\":[{\"code\":\"14\",\"fee\":70,\"capacity\":5}]}],"
	      "\"agreement\":{\"version\":\"1\",\"title_zh\":\"协议\",\"title_en\":\"A\","
	      "\"points_zh\":[\"一\"],\"points_en\":[\"one\"]},"
	      "\"staff\":[{\"site\":\"980101\",\"login\":\"Zhao\",\"name\":\"赵老师\"}]}", f);
	assert_int_equal(fclose(f), 0);

	snprintf(cmd, sizeof(cmd), "'%s' import --db %s '%s' 2>&1 && '%s' staff list --db %s"
		 " && '%s' export --db %s --site 980101 2>/dev/null", bin, db, file, bin, db,
		 bin, db);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	assert_non_null(strstr(out, "980101\tzhao\tno-password\t"));
	assert_non_null(strstr(out, "registration,exam_session,site,"));
	/* The same exam session twice is refused and changes nothing. */
	snprintf(cmd, sizeof(cmd), "'%s' import --db %s '%s' 2>&1", bin, db, file);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	assert_int_not_equal(pclose(p), 0);
	assert_non_null(strstr(out, "nothing was loaded"));
	unlink(file);
}

/* A cell a spreadsheet would run as a formula starts with an apostrophe. */
static void test_export_csv_formula_cells(void **state)
{
	char token[128], id[32], body[1024], *p, want[256];
	char *out = malloc(1 << 20);
	const char *formula = "=HYPERLINK(\\\"http://x\\\",\\\"y\\\")";
	struct api_resp r;

	(void)state;
	assert_non_null(out);
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	api_info_body(body, sizeof(body), id, "990101", "[\"14\"]", true);
	p = strstr(body, "北京市海淀区");
	assert_non_null(p);
	memmove(p + strlen(formula), p + strlen("北京市海淀区"), strlen(p + strlen("北京市海淀区")) + 1);
	memcpy(p, formula, strlen(formula));
	api_send("PUT", "/v1/registration/info", token, body, &r);
	if (r.status != 200)
		fprintf(stderr, "%s\n%s\n", body, r.body);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(staff_cmd("export --db %s --site 990101 2>/dev/null", NULL, out, 1 << 20),
			 0);
	snprintf(want, sizeof(want), ",resident_id,%s,", id);
	p = strstr(out, want);
	assert_non_null(p);
	/* Quoted (it has commas and quotes), with the apostrophe inside the quotes. */
	assert_non_null(strstr(p, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
	assert_null(strstr(out, ",\"=HYPERLINK("));
	free(out);
}

static const struct CMUnitTest office_tests[] = {
	cmocka_unit_test(test_staff_commands_add_list_disable_passwd),
	cmocka_unit_test(test_audit_log_records_each_action),
	cmocka_unit_test(test_export_csv_quotes_and_utf8),
	cmocka_unit_test(test_export_csv_formula_cells),
	cmocka_unit_test(test_import_loads_exam_session),
};

const struct api_suite api_suite_office = {
	"office", office_tests, sizeof(office_tests) / sizeof(office_tests[0])
};
