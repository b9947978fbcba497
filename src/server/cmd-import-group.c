/*
 * "ncre-server import-group --db FILE --site CODE [--now TIME] [--forms DIR]
 * FILE.csv": group registration (集体报名) for the exam office, from a CSV
 * file (group.h: UTF-8, RFC 4180, a header row of field ids). Prints one
 * tab-separated line per data row: its line, "accepted" with the
 * registration id or "refused" with the code, the field and the reason;
 * an accepted row ends with its claim code, which the site hands to the
 * candidate (it is shown here only; the database keeps a hash). Then the
 * counts on stderr. Logged as group_import by "office".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "ncre/form.h"
#include "ncre/json.h"

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "group.h"
#include "store.h"

/* Largest file: a few thousand candidates. */
#define CMD_GROUP_FILE_MAX (8 * 1024 * 1024)

static void cmd_group_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server import-group --db FILE --site CODE [--now TIME] "
		   "[--forms DIR] FILE.csv\n\n"
		   "Register a group of candidates (集体报名) at the site from a CSV file;\n"
		   "every row is checked as a candidate's own registration. Prints per row:\n"
		   "line, accepted/refused, registration or code, field, reason, claim code\n"
		   "(hand each candidate theirs: it is needed to claim the registration).\n");
}

/* The whole file (NUL-terminated, *len bytes before it), or NULL with a message. */
static char *cmd_group_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;

	if (f == NULL) {
		perror(path);
		return NULL;
	}
	buf = malloc(CMD_GROUP_FILE_MAX + 1);
	if (buf == NULL) {
		fprintf(stderr, "ncre-server import-group: out of memory\n");
		goto out;
	}
	n = fread(buf, 1, CMD_GROUP_FILE_MAX + 1, f);
	if (ferror(f) || n > CMD_GROUP_FILE_MAX) {
		fprintf(stderr, "ncre-server import-group: %s: %s\n", path,
			ferror(f) ? "cannot read it" : "larger than 8 MiB");
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	*len = n;
out:
	fclose(f);
	return buf;
}

/* Text without tabs or line breaks, so a line stays one record. */
static void cmd_group_put(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void cmd_group_print(const cJSON *report)
{
	const cJSON *row;

	printf("line\tresult\tregistration_or_code\tfield\treason\tclaim_code\n");
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(report, "rows")) {
		long long line = 0, reg = 0;

		(void)ncre_json_int(row, "line", &line);
		if (ncre_json_bool(row, "accepted", false)) {
			(void)ncre_json_int(row, "registration", &reg);
			printf("%lld\taccepted\t%lld\t\t\t", line, reg);
			cmd_group_put(ncre_json_str(row, "claim_code"));
			putchar('\n');
			continue;
		}
		printf("%lld\trefused\t", line);
		cmd_group_put(ncre_json_str(row, "code"));
		putchar('\t');
		cmd_group_put(ncre_json_str(row, "field"));
		putchar('\t');
		cmd_group_put(ncre_json_str(row, "message_zh"));
		printf("\t\n");
	}
}

int cmd_import_group_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "site", required_argument, NULL, 's' },
		{ "now", required_argument, NULL, 'n' },
		{ "forms", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *site = NULL, *now_iso = NULL, *forms = NULL;
	struct store *store = NULL;
	struct store_conn *c = NULL;
	struct ncre_form *form = NULL;
	cJSON *report = NULL;
	char err[512], detail[64], *csv = NULL;
	size_t len = 0;
	long long accepted = 0, refused = 0;
	time_t now = time(NULL);
	int status = EXIT_FAILURE, opt;

	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 's') {
			site = optarg;
		} else if (opt == 'n') {
			now_iso = optarg;
		} else if (opt == 'f') {
			forms = optarg;
		} else if (opt == 'h') {
			cmd_group_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			cmd_group_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || site == NULL || optind + 1 != argc) {
		cmd_group_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (now_iso != NULL && clock_parse_iso(now_iso, &now) != 0) {
		fprintf(stderr, "ncre-server import-group: --now must look like 2026-11-24T08:00:00Z\n");
		return CMD_EXIT_USAGE;
	}
	if (forms == NULL)
		forms = config_default_forms();
	if (ncre_form_load(forms, "registration", &form, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server import-group: forms: %s\n", err);
		return EXIT_FAILURE;
	}
	csv = cmd_group_read(argv[optind], &len);
	if (csv == NULL)
		goto out;
	c = cmd_db_open_read("import-group", db, &store);
	if (c == NULL)
		goto out;
	store_rollback(c);
	if (group_import(c, form, site, "office", csv, len, now, &report, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server import-group: %s: %s; nothing more registered\n",
			argv[optind], err);
		goto out;
	}
	(void)ncre_json_int(report, "accepted", &accepted);
	(void)ncre_json_int(report, "refused", &refused);
	snprintf(detail, sizeof(detail), "%lld accepted, %lld refused", accepted, refused);
	if (store_begin_write(c) != STORE_OK ||
	    store_log_add(c, now, "office", site, "group_import", 0, detail) != STORE_OK ||
	    store_commit(c) != STORE_OK)
		fprintf(stderr, "ncre-server import-group: the audit log could not be written\n");
	cmd_group_print(report);
	if (fflush(stdout) != 0)
		goto out;
	fprintf(stderr, "ncre-server import-group: site %s: %lld row(s) registered, %lld refused\n",
		site, accepted, refused);
	status = refused > 0 ? CMD_GROUP_EXIT_REFUSED : EXIT_SUCCESS;
out:
	cJSON_Delete(report);
	if (csv != NULL)
		free(csv);
	cmd_db_close(&store, &c);
	ncre_form_free(&form);
	return status;
}
