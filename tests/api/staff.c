/* Helpers for the audit and staff tests (staff.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "api.h"
#include "db.h"
#include "photo-fixture.h"
#include "staff.h"

static unsigned staff_counter;

int staff_cmd(const char *args, const char *input, char *out, size_t outlen)
{
	const char *bin = getenv("NCRE_SERVER_BIN"), *tmp = getenv("NCRE_TMP");
	char db[1100], cmd[8192], argv_text[4096];
	size_t used = 0;
	FILE *p;
	int status;

	assert_non_null(bin);
	assert_non_null(tmp);
	const char *at = strstr(args, "%s");

	db_quote(db_suite(), db, sizeof(db));
	/* "%s" in args stands for the database. */
	if (at != NULL)
		snprintf(argv_text, sizeof(argv_text), "%.*s%s%s", (int)(at - args), args, db, at + 2);
	else
		snprintf(argv_text, sizeof(argv_text), "%s", args);
	/* The password goes through a pipe, as the exam office would send it. */
	if (input != NULL)
		snprintf(cmd, sizeof(cmd), "printf '%%s\\n' '%s' | '%s' %s 2>&1", input, bin,
			 argv_text);
	else
		snprintf(cmd, sizeof(cmd), "'%s' %s </dev/null 2>&1", bin, argv_text);
	p = popen(cmd, "r");
	assert_non_null(p);
	out[0] = '\0';
	while (used + 1 < outlen) {
		size_t n = fread(out + used, 1, outlen - used - 1, p);

		if (n == 0)
			break;
		used += n;
	}
	out[used] = '\0';
	status = pclose(p);
	assert_true(status != -1 && WIFEXITED(status));
	return WEXITSTATUS(status);
}

void staff_new(const char *site, char *login, size_t len)
{
	char args[512], out[4096];
	int rc;

	snprintf(login, len, "st%ld-%u", (long)getpid() % 100000, ++staff_counter);
	snprintf(args, sizeof(args), "staff add --db %%s --site %s --login %s --name '王老师'"
		 " --argon2 min", site, login);
	rc = staff_cmd(args, STAFF_PASSWORD, out, sizeof(out));
	if (rc != 0)
		fprintf(stderr, "staff add: %d: %s\n", rc, out);
	assert_int_equal(rc, 0);
}

void staff_login(const char *login, const char *password, char *token, size_t len)
{
	char body[256];
	struct api_resp r;
	const cJSON *t;

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	api_send("POST", "/v1/staff/sessions", NULL, body, &r);
	if (r.status != 201)
		fprintf(stderr, "staff_login: %ld %s\n", r.status, r.body ? r.body : "");
	assert_int_equal(r.status, 201);
	t = cJSON_GetObjectItemCaseSensitive(r.json, "token");
	assert_true(cJSON_IsString(t));
	snprintf(token, len, "%s", t->valuestring);
	api_resp_free(&r);
}

void staff_new_session(const char *site, char *token, size_t len)
{
	char login[64];

	staff_new(site, login, sizeof(login));
	staff_login(login, STAFF_PASSWORD, token, len);
}

void staff_give_photo(const char *candidate)
{
	unsigned char *jpeg = fixture_sized(480, 640, 40 * 1024);
	struct api_req req = { .method = "PUT", .path = "/v1/registration/photo",
			       .token = candidate, .content_type = "image/jpeg" };
	struct api_resp r;

	assert_non_null(jpeg);
	req.body = (const char *)jpeg;
	req.len = 40 * 1024;
	api_do(&req, &r);
	if (r.status != 200)
		fprintf(stderr, "photo: %ld %s\n", r.status, r.body ? r.body : "");
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	free(jpeg);
}

long staff_queue_find(const char *staff_token, const char *id_number)
{
	struct api_resp r;
	const cJSON *it;
	long found = 0;

	api_get("/v1/staff/audit-queue", staff_token, &r);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(r.json, "queue")) {
		const cJSON *m = cJSON_GetObjectItem(it, "id_number_masked");
		size_t n = strlen(id_number);

		if (cJSON_IsString(m) && strlen(m->valuestring) == n &&
		    strncmp(m->valuestring, id_number, 6) == 0 &&
		    strcmp(m->valuestring + n - 4, id_number + n - 4) == 0)
			found = (long)cJSON_GetObjectItem(it, "id")->valuedouble;
	}
	api_resp_free(&r);
	return found;
}

void staff_candidate(const char *site, const char *subjects, bool submit, char *token,
		     size_t len, char *id, size_t idlen)
{
	struct api_resp r;

	api_new_registrant(token, len, id, idlen);
	assert_int_equal(api_put_info(token, id, site, subjects, &r), 200);
	api_resp_free(&r);
	staff_give_photo(token);
	if (!submit)
		return;
	api_send("POST", "/v1/registration/audit", token, NULL, &r);
	if (r.status != 200)
		fprintf(stderr, "submit: %ld %s\n", r.status, r.body ? r.body : "");
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

long staff_reg_id(const char *staff_token, const char *id_number)
{
	char path[128];
	struct api_resp r;
	long id;

	snprintf(path, sizeof(path), "/v1/staff/lookup?id_number=%s", id_number);
	api_get(path, staff_token, &r);
	if (r.status != 200)
		fprintf(stderr, "lookup: %ld %s\n", r.status, r.body ? r.body : "");
	assert_int_equal(r.status, 200);
	id = (long)cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"), "id")->valuedouble;
	api_resp_free(&r);
	return id;
}

void staff_candidate_pay(const char *token, const char *subjects)
{
	static unsigned n;
	char header[64], body[128], path[128];
	struct api_req req = { .method = "POST", .path = "/v1/registration/orders", .token = token };
	const char *url, *base = getenv("NCRE_URL");
	struct api_resp r;

	snprintf(header, sizeof(header), "Idempotency-Key: pay-%u-%ld", ++n, (long)getpid());
	snprintf(body, sizeof(body), "{\"subjects\":%s,\"confirm\":true}", subjects);
	req.header = header;
	req.body = body;
	api_do(&req, &r);
	if (r.status != 201)
		fprintf(stderr, "order: %ld %s\n", r.status, r.body != NULL ? r.body : "");
	assert_int_equal(r.status, 201);
	url = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "order"),
						       "pay_url"));
	assert_non_null(url);
	assert_non_null(base);
	assert_int_equal(strncmp(url, base, strlen(base)), 0);
	snprintf(path, sizeof(path), "%s", url + strlen(base));
	api_resp_free(&r);
	api_send("POST", path, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "result")), "applied");
	api_resp_free(&r);
}

bool staff_log_has(const char *site, const char *action, long reg, const char *detail)
{
	static char out[512 * 1024];
	char args[128], want[96];
	const char *line = out;

	snprintf(args, sizeof(args), "log --db %%s --site %s", site);
	assert_int_equal(staff_cmd(args, NULL, out, sizeof(out)), 0);
	if (reg > 0)
		snprintf(want, sizeof(want), "\t%s\t%ld\t", action, reg);
	else if (reg == 0)
		snprintf(want, sizeof(want), "\t%s\t-\t", action);
	else
		snprintf(want, sizeof(want), "\t%s\t", action);
	while ((line = strstr(line, want)) != NULL) {
		const char *end = strchr(line, '\n'), *d;

		d = detail != NULL ? strstr(line, detail) : NULL;
		if (detail == NULL || (d != NULL && (end == NULL || d < end)))
			return true;
		line += strlen(want);
	}
	return false;
}
