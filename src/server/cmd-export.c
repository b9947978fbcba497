/*
 * "ncre-server export --db FILE --site CODE [--forms DIR]": the site's
 * registrations of the current exam session as CSV on stdout, for the exam
 * office: UTF-8, a header row of field ids, RFC 4180 quoting (a field with
 * a comma, a double quote or a line break is quoted, quotes doubled), CRLF
 * line ends; a cell that a spreadsheet would take for a formula starts with
 * an apostrophe. The personal-information columns come from the form
 * (forms/registration.json), so a new form field needs no change here;
 * choice fields show their Chinese label.
 */
#include <getopt.h>
#include <stdbool.h>
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
#include "store.h"


struct cmd_export {
	struct store_conn *c;
	const struct ncre_form *form;
	int64_t session;
	unsigned rows;
};

static void cmd_export_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server export --db FILE --site CODE [--forms DIR]\n\n"
		   "Write the site's registrations of the current exam session to standard\n"
		   "output as CSV (UTF-8, header row, RFC 4180).\n");
}

/*
 * One CSV field (first: no comma before it). A cell starting with =, +, -,
 * @, a tab or a carriage return would be a formula to a spreadsheet (an
 * office opens the file in one): it gets a leading apostrophe, which the
 * spreadsheet shows as text and hides.
 */
static void cmd_export_field(const char *s, bool first)
{
	bool formula;

	if (!first)
		putchar(',');
	if (s == NULL)
		return;
	formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (formula)
			putchar('\'');
		fputs(s, stdout);
		return;
	}
	putchar('"');
	if (formula)
		putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* Personal-information fields: every form field but name, site, subjects and ticks. */
static bool cmd_export_info_field(const struct ncre_field *fl)
{
	return strcmp(fl->id, "name") != 0 && fl->type != NCRE_FIELD_TICK &&
	       fl->type != NCRE_FIELD_SITE && fl->type != NCRE_FIELD_SUBJECTS;
}

static void cmd_export_header(const struct ncre_form *form)
{
	static const char *const head[] = { "registration", "exam_session", "site", "name",
					    "id_type", "id_number" };
	static const char *const tail[] = { "subjects", "paid_subjects", "locked", "audit",
					    "audit_reason", "photo", "created_at", "updated_at" };

	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		cmd_export_field(head[i], i == 0);
	for (size_t s = 0; s < ncre_form_section_count(form); s++) {
		const struct ncre_section *sec = ncre_form_section(form, s);

		for (size_t i = 0; i < sec->count; i++)
			if (cmd_export_info_field(&sec->fields[i]))
				cmd_export_field(sec->fields[i].id, false);
	}
	for (size_t i = 0; i < sizeof(tail) / sizeof(tail[0]); i++)
		cmd_export_field(tail[i], false);
	fputs("\r\n", stdout);
}

struct cmd_export_subjects {
	char all[256], paid[256];
};

static void cmd_export_append(char *buf, size_t len, const char *code)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, "%s%s", used > 0 ? " " : "", code);
}

static int cmd_export_subject_cb(void *ud, const struct store_reg_subject *s)
{
	struct cmd_export_subjects *out = ud;

	cmd_export_append(out->all, sizeof(out->all), s->subject.code);
	if (s->paid)
		cmd_export_append(out->paid, sizeof(out->paid), s->subject.code);
	return 0;
}

static void cmd_export_time(time_t t)
{
	char buf[CLOCK_ISO_LEN];

	if (t == 0) {
		cmd_export_field(NULL, false);
		return;
	}
	clock_format_iso(t, buf, sizeof(buf));
	cmd_export_field(buf, false);
}

static int cmd_export_row_cb(void *ud, const struct store_reg_ref *ref)
{
	struct cmd_export *ex = ud;
	struct store_registration reg;
	struct store_reg_audit audit;
	struct store_exam_session session;
	struct cmd_export_subjects subj;
	struct store_site site;
	cJSON *info = NULL;
	bool photo = false;
	char id[24];
	int ret = -1;

	memset(&subj, 0, sizeof(subj));
	if (store_registration_get(ex->c, ex->session, ref->account, &reg) != STORE_OK ||
	    store_registration_audit_get(ex->c, reg.id, &audit) != STORE_OK ||
	    store_photo_exists(ex->c, reg.id, &photo) != STORE_OK ||
	    store_registration_subjects_each(ex->c, reg.id, cmd_export_subject_cb, &subj) != STORE_OK ||
	    store_site_by_id(ex->c, reg.site, &site) != STORE_OK ||
	    store_exam_session_current(ex->c, &session) != STORE_OK)
		goto out;
	if (reg.has_info) {
		info = cJSON_Parse(reg.info);
		if (info == NULL)
			goto out;
	}
	snprintf(id, sizeof(id), "%lld", (long long)reg.id);
	cmd_export_field(id, true);
	cmd_export_field(session.code, false);
	cmd_export_field(site.code, false);
	cmd_export_field(reg.has_name ? reg.name : NULL, false);
	cmd_export_field(reg.has_identity ? reg.id_type : NULL, false);
	cmd_export_field(reg.has_identity ? reg.id_number : NULL, false);
	for (size_t s = 0; s < ncre_form_section_count(ex->form); s++) {
		const struct ncre_section *sec = ncre_form_section(ex->form, s);

		for (size_t i = 0; i < sec->count; i++) {
			const struct ncre_field *fl = &sec->fields[i];
			const char *v = ncre_json_str(info, fl->id), *label = NULL;

			if (!cmd_export_info_field(fl))
				continue;
			if (v != NULL && fl->options != NULL)
				label = ncre_option_label(fl->options, v, "zh");
			cmd_export_field(label != NULL ? label : v, false);
		}
	}
	cmd_export_field(subj.all, false);
	cmd_export_field(subj.paid, false);
	cmd_export_field(reg.locked ? "yes" : "no", false);
	cmd_export_field(site.audit ? (reg.audit[0] != '\0' ? reg.audit : "not_submitted") : NULL,
			 false);
	cmd_export_field(audit.has_reason ? audit.reason : NULL, false);
	cmd_export_field(photo ? "yes" : "no", false);
	cmd_export_time(reg.created_at);
	cmd_export_time(reg.updated_at);
	fputs("\r\n", stdout);
	ex->rows++;
	ret = ferror(stdout) ? -1 : 0;
out:
	cJSON_Delete(info);
	return ret;
}

int cmd_export_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "site", required_argument, NULL, 's' },
		{ "forms", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *site_code = NULL, *forms = NULL;
	struct store *store = NULL;
	struct store_conn *c = NULL;
	struct ncre_form *form = NULL;
	struct store_exam_session session;
	struct store_site site;
	struct cmd_export ex;
	char err[512];
	int status = EXIT_FAILURE, opt;

	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 's') {
			site_code = optarg;
		} else if (opt == 'f') {
			forms = optarg;
		} else if (opt == 'h') {
			cmd_export_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			cmd_export_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || site_code == NULL || optind < argc) {
		cmd_export_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	/* The same default as the server. */
	if (forms == NULL)
		forms = config_default_forms();
	if (ncre_form_load(forms, "registration", &form, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server export: forms: %s\n", err);
		return EXIT_FAILURE;
	}
	c = cmd_db_open_read("export", db, &store);
	if (c == NULL)
		goto out;
	if (store_exam_session_current(c, &session) != STORE_OK ||
	    store_site_by_code(c, session.id, site_code, &site) != STORE_OK) {
		fprintf(stderr, "ncre-server export: no site %s in the current exam session\n",
			site_code);
		goto out;
	}
	memset(&ex, 0, sizeof(ex));
	ex.c = c;
	ex.form = form;
	ex.session = session.id;
	cmd_export_header(form);
	if (store_site_registrations_each(c, session.id, site_code, NULL, cmd_export_row_cb,
					  &ex) != STORE_OK || fflush(stdout) != 0) {
		fprintf(stderr, "ncre-server export: cannot read or write the registrations\n");
		goto out;
	}
	fprintf(stderr, "ncre-server export: %u registration(s) of site %s\n", ex.rows, site_code);
	status = EXIT_SUCCESS;
out:
	cmd_db_close(&store, &c);
	ncre_form_free(&form);
	return status;
}
