/* Helpers for the group registration tests (group.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "group.h"
#include "staff.h"

void group_csv_row(char *buf, size_t len, const char *id, const char *name,
		   const char *subjects)
{
	size_t used = strlen(buf);

	/* GB 11643: birth date in digits 7-14, sex in the 17th (odd: male = "1"). */
	snprintf(buf + used, len - used,
		 "resident_id,%s,%s,%s,%.4s-%.2s-%.2s,01,01,21,1,100000,\"北京市海淀区, 一号\",%s\r\n",
		 id, name, (id[16] - '0') % 2 == 1 ? "1" : "2", id + 6, id + 10, id + 12, subjects);
}

int group_import_cmd(const char *site, const char *now, const char *csv, char *out,
		     size_t outlen)
{
	const char *tmp = getenv("NCRE_TMP");
	char path[1100], args[1400];
	static unsigned n;
	FILE *f;

	assert_non_null(tmp);
	snprintf(path, sizeof(path), "%s/group-%u-%ld.csv", tmp, ++n, (long)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(csv, 1, strlen(csv), f), strlen(csv));
	assert_int_equal(fclose(f), 0);
	snprintf(args, sizeof(args), "import-group --db %%s --site %s%s%s '%s'", site,
		 now != NULL ? " --now " : "", now != NULL ? now : "", path);
	return staff_cmd(args, NULL, out, outlen);
}

/* The report line of a data line ("LINE\t..."), or NULL. */
static const char *group_report_line(const char *out, int line)
{
	char key[32];
	const char *p = out;

	snprintf(key, sizeof(key), "%d\t", line);
	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, strlen(key)) == 0)
			return p + strlen(key);
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

long group_report_reg(const char *out, int line)
{
	const char *p = group_report_line(out, line);

	if (p == NULL || strncmp(p, "accepted\t", 9) != 0)
		return 0;
	return strtol(p + 9, NULL, 10);
}

void group_report_code(const char *out, int line, char *code, size_t len)
{
	const char *p = group_report_line(out, line);
	size_t n;

	code[0] = '\0';
	if (p == NULL || strncmp(p, "refused\t", 8) != 0)
		return;
	p += 8;
	n = strcspn(p, "\t\n");
	snprintf(code, len, "%.*s", (int)n, p);
}

void group_report_claim(const char *out, int line, char *code, size_t len)
{
	const char *p = group_report_line(out, line);
	size_t n;

	code[0] = '\0';
	if (p == NULL || strncmp(p, "accepted\t", 9) != 0)
		return;
	/* accepted, registration, field, reason, then the claim code */
	for (int tabs = 0; tabs < 4 && p != NULL; tabs++) {
		p = strchr(p, '\t');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return;
	n = strcspn(p, "\t\n");
	snprintf(code, len, "%.*s", (int)n, p);
}

void group_new_claimant(char *token, size_t len)
{
	struct api_resp r;

	api_new_candidate(token, len);
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":true}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

void group_claim(const char *token, const char *id, const char *code, struct api_resp *r)
{
	char body[256];

	if (code != NULL)
		snprintf(body, sizeof(body),
			 "{\"id_type\":\"resident_id\",\"id_number\":\"%s\",\"claim_code\":\"%s\"}",
			 id, code);
	else
		snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}",
			 id);
	api_send("PUT", "/v1/registration/identity", token, body, r);
}
