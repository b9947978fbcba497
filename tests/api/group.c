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
