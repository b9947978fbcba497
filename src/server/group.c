/* Group registration from a CSV file (group.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/json.h"
#include "ncre/text.h"
#include "ncre/validate.h"

#include "clock.h"
#include "csv.h"
#include "group.h"
#include "recovery.h"
#include "route-registration.h"
#include "store.h"

/* Columns beside the form's fields; the form's own are named by their ids. */
#define GROUP_COL_ID_TYPE "id_type"
#define GROUP_COL_ID_NUMBER "id_number"

struct group_cols {
	size_t n;
	const char *name[CSV_MAX_FIELDS];	/* the column's field id (static or the form's) */
	int id_type, id_number;			/* column indexes */
};

/* The row's outcome. */
struct group_row {
	enum ncre_err err;	/* NCRE_OK: registered */
	const char *field;	/* what the refusal names, or NULL */
	int64_t reg;
	char claim[GROUP_CLAIM_TEXT_LEN];	/* the claim code, when registered */
};

static int group_claim_hash(const unsigned char salt[STORE_CLAIM_SALT_LEN], const char *digits,
			    unsigned char hash[STORE_CLAIM_HASH_LEN])
{
	return crypto_generichash(hash, STORE_CLAIM_HASH_LEN, (const unsigned char *)digits,
				  strlen(digits), salt, STORE_CLAIM_SALT_LEN);
}

enum store_rc group_claim_issue(struct store_conn *c, int64_t reg, time_t now, time_t expires,
				const char *by, char text[GROUP_CLAIM_TEXT_LEN])
{
	char digits[GROUP_CLAIM_DIGITS + 1];
	struct store_claim cl;
	enum store_rc r = STORE_ERROR;
	size_t n = 0;

	recovery_code_new(digits, GROUP_CLAIM_DIGITS);
	randombytes_buf(cl.salt, sizeof(cl.salt));
	if (group_claim_hash(cl.salt, digits, cl.hash) != 0)
		goto out;
	r = store_claim_put(c, reg, cl.salt, cl.hash, now, expires, by);
	for (size_t i = 0; i < GROUP_CLAIM_DIGITS; i++) {
		if (i > 0 && i % 4 == 0)
			text[n++] = '-';
		text[n++] = digits[i];
	}
	text[n] = '\0';
out:
	sodium_memzero(digits, sizeof(digits));
	sodium_memzero(&cl, sizeof(cl));
	return r;
}

int group_claim_read(const char *in, char *digits)
{
	size_t n = 0;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		if (*in < '0' || *in > '9' || n >= GROUP_CLAIM_DIGITS)
			return -1;
		digits[n++] = *in;
	}
	digits[n] = '\0';
	return n == GROUP_CLAIM_DIGITS ? 0 : -1;
}

bool group_claim_matches(const struct store_claim *cl, const char *digits)
{
	unsigned char hash[STORE_CLAIM_HASH_LEN];
	bool ok = group_claim_hash(cl->salt, digits, hash) == 0 &&
		  sodium_memcmp(hash, cl->hash, sizeof(hash)) == 0;

	sodium_memzero(hash, sizeof(hash));
	return ok;
}

static void group_trim(char *s)
{
	size_t start = strspn(s, " \t"), len = strlen(s + start);

	while (len > 0 && (s[start + len - 1] == ' ' || s[start + len - 1] == '\t'))
		len--;
	memmove(s, s + start, len);
	s[len] = '\0';
}

/* Read the header: the columns, each known once, the required ones present. */
static int group_header(const struct ncre_form *form, struct csv_record *rec,
			struct group_cols *cols, char *err, size_t errlen)
{
	static const char *const required[] = { GROUP_COL_ID_TYPE, GROUP_COL_ID_NUMBER };

	memset(cols, 0, sizeof(*cols));
	cols->id_type = cols->id_number = -1;
	for (size_t i = 0; i < rec->nfields; i++) {
		const char *h = rec->fields[i];
		const struct ncre_field *fl;

		group_trim(rec->fields[i]);
		if (strcmp(h, GROUP_COL_ID_TYPE) == 0) {
			cols->name[i] = GROUP_COL_ID_TYPE;
			cols->id_type = (int)i;
		} else if (strcmp(h, GROUP_COL_ID_NUMBER) == 0) {
			cols->name[i] = GROUP_COL_ID_NUMBER;
			cols->id_number = (int)i;
		} else if ((fl = ncre_form_field(form, h)) != NULL && fl->type != NCRE_FIELD_SITE &&
			   fl->type != NCRE_FIELD_TICK) {
			cols->name[i] = fl->id;
		} else {
			snprintf(err, errlen, "line %u: unknown column '%.64s'", rec->line, h);
			return -1;
		}
		for (size_t k = 0; k < i; k++) {
			if (strcmp(cols->name[k], cols->name[i]) == 0) {
				snprintf(err, errlen, "line %u: column '%s' twice", rec->line, h);
				return -1;
			}
		}
	}
	cols->n = rec->nfields;
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++) {
		if ((k == 0 ? cols->id_type : cols->id_number) < 0) {
			snprintf(err, errlen, "no column '%s'", required[k]);
			return -1;
		}
	}
	/* The form's required fields (name, gender, subjects ...) need a column too. */
	for (size_t s = 0; s < ncre_form_section_count(form); s++) {
		const struct ncre_section *sec = ncre_form_section(form, s);

		for (size_t f = 0; f < sec->count; f++) {
			const struct ncre_field *fl = &sec->fields[f];
			bool have = false;

			if (!fl->required || fl->type == NCRE_FIELD_SITE || fl->type == NCRE_FIELD_TICK)
				continue;
			for (size_t i = 0; i < cols->n; i++)
				have = have || strcmp(cols->name[i], fl->id) == 0;
			if (!have) {
				snprintf(err, errlen, "no column '%s'", fl->id);
				return -1;
			}
		}
	}
	return 0;
}

/* The row as the body of PUT /v1/registration/info would carry it. */
static cJSON *group_values(const struct ncre_form *form, const struct group_cols *cols,
			   struct csv_record *rec, const char *site)
{
	cJSON *v = cJSON_CreateObject();

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < cols->n && i < rec->nfields; i++) {
		const struct ncre_field *fl = ncre_form_field(form, cols->name[i]);

		if (fl == NULL)
			continue;	/* the ID columns */
		group_trim(rec->fields[i]);
		if (fl->type == NCRE_FIELD_SUBJECTS) {
			/* Subject codes separated by spaces (as export writes them) or ";". */
			cJSON *list = cJSON_AddArrayToObject(v, fl->id);
			char *save = NULL;

			if (list == NULL)
				goto fail;
			for (char *t = strtok_r(rec->fields[i], " ;", &save); t != NULL;
			     t = strtok_r(NULL, " ;", &save)) {
				group_trim(t);
				if (t[0] != '\0' && !cJSON_AddItemToArray(list, cJSON_CreateString(t)))
					goto fail;
			}
		} else if (rec->fields[i][0] != '\0' &&
			   cJSON_AddStringToObject(v, fl->id, rec->fields[i]) == NULL) {
			goto fail;
		}
	}
	/* The site registers them, and vouches for the information. */
	for (size_t s = 0; s < ncre_form_section_count(form); s++) {
		const struct ncre_section *sec = ncre_form_section(form, s);

		for (size_t f = 0; f < sec->count; f++) {
			const struct ncre_field *fl = &sec->fields[f];

			if ((fl->type == NCRE_FIELD_SITE &&
			     cJSON_AddStringToObject(v, fl->id, site) == NULL) ||
			    (fl->type == NCRE_FIELD_TICK && cJSON_AddTrueToObject(v, fl->id) == NULL))
				goto fail;
		}
	}
	return v;
fail:
	cJSON_Delete(v);
	return NULL;
}

/* A blank line is no candidate. */
static bool group_blank(const struct csv_record *rec)
{
	return rec->nfields == 1 && rec->fields[0][strspn(rec->fields[0], " \t")] == '\0';
}

static enum store_rc group_refuse(struct store_conn *c, struct group_row *out, enum ncre_err e,
				  const char *field)
{
	store_rollback(c);
	out->err = e;
	out->field = field;
	return STORE_OK;
}

/* One row in its own transaction: STORE_OK with out, or a store fault (rolled back). */
static enum store_rc group_row(struct store_conn *c, const struct ncre_form *form,
			       const struct store_exam_session *session, const char *site,
			       const struct group_cols *cols, struct csv_record *rec, time_t now,
			       time_t expires, const char *by, struct group_row *out)
{
	char *type_code = rec->fields[cols->id_type], *number = rec->fields[cols->id_number];
	struct ncre_form_errors errs;
	struct route_reg_ctx ctx;
	struct route_info_plan plan;
	enum ncre_id_type type;
	int64_t owner = 0, id = 0;
	enum store_rc r;
	cJSON *values = NULL;

	memset(out, 0, sizeof(*out));
	memset(&ctx, 0, sizeof(ctx));
	group_trim(type_code);
	group_trim(number);
	ncre_id_normalize(number);
	if (ncre_id_type_from_code(type_code, &type) != 0) {
		out->err = type_code[0] == '\0' ? NCRE_E_FIELD_REQUIRED : NCRE_E_ID_TYPE_INVALID;
		out->field = GROUP_COL_ID_TYPE;
		return STORE_OK;
	}
	out->err = number[0] == '\0' ? NCRE_E_FIELD_REQUIRED
				     : ncre_validate_id(type, number, clock_ymd_cst(now), NULL);
	if (out->err != NCRE_OK) {
		out->field = GROUP_COL_ID_NUMBER;
		return STORE_OK;
	}
	values = group_values(form, cols, rec, site);
	if (values == NULL)
		return STORE_ERROR;
	/* R-REG-02, R-REG-03: the form's checks, the ID's birth date and gender among them. */
	if (ncre_form_validate(form, values, clock_ymd_cst(now), type_code, number, &errs) > 0) {
		out->err = errs.items[0].err;
		out->field = errs.items[0].field;
		/* The field names live in the form; "subjects" and the like stay valid. */
		{
			const struct ncre_field *fl = ncre_form_field(form, out->field);

			out->field = fl != NULL ? fl->id : NULL;
		}
		cJSON_Delete(values);
		return STORE_OK;
	}

	if ((r = store_begin_write(c)) != STORE_OK)
		goto fail;
	/* R-REG-05: one ID, one registration per exam session. */
	r = store_registration_id_owner(c, session->id, type_code, number, &owner);
	if (r == STORE_OK) {
		r = group_refuse(c, out, NCRE_E_ID_TAKEN, GROUP_COL_ID_NUMBER);
		goto out;
	}
	if (r != STORE_NOT_FOUND)
		goto fail;
	/* R-REG-07 .. R-REG-11: the same plan as a candidate's own save. */
	ctx.session = *session;
	ctx.now = now;
	if ((r = route_info_plan(c, &ctx, values, &plan)) != STORE_OK)
		goto fail;
	if (plan.err != NCRE_OK) {
		r = group_refuse(c, out, plan.err, plan.field);
		goto out;
	}
	if ((r = store_registration_insert(c, session->id, 0, "", now, &id)) != STORE_OK ||
	    (r = store_registration_set_identity(c, id, type_code, number, now)) != STORE_OK ||
	    (r = store_registration_set_group(c, id)) != STORE_OK)
		goto fail;
	ctx.reg.id = id;
	ctx.has_reg = true;
	/* The code the site hands the candidate, valid while the site registers. */
	if ((r = route_info_save(c, form, &ctx, values, &plan)) != STORE_OK ||
	    (r = group_claim_issue(c, id, now, expires, by, out->claim)) != STORE_OK ||
	    (r = store_commit(c)) != STORE_OK)
		goto fail;
	out->reg = id;
	goto out;
fail:
	store_rollback(c);
out:
	cJSON_Delete(values);
	return r;
}

static int group_report_row(cJSON *rows, unsigned line, const struct group_row *g)
{
	const struct ncre_err_info *info = ncre_err_info(g->err);
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(rows, o);
	if (cJSON_AddNumberToObject(o, "line", line) == NULL ||
	    cJSON_AddBoolToObject(o, "accepted", g->err == NCRE_OK) == NULL)
		return -1;
	if (g->err == NCRE_OK)
		return cJSON_AddNumberToObject(o, "registration", (double)g->reg) == NULL ||
		       ncre_json_add_str(o, "claim_code", g->claim) != 0 ? -1 : 0;
	return ncre_json_add_str(o, "code", info->code) != 0 ||
	       ncre_json_add_str(o, "field", g->field) != 0 ||
	       ncre_json_add_str(o, "rule", info->rule) != 0 ||
	       ncre_json_add_str(o, "message_zh", info->zh) != 0 ||
	       ncre_json_add_str(o, "message_en", info->en) != 0 ? -1 : 0;
}

int group_import(struct store_conn *c, const struct ncre_form *form, const char *site,
		 const char *by, const char *csv, size_t len, time_t now, cJSON **report, char *err,
		 size_t errlen)
{
	struct store_exam_session session;
	struct store_site s;
	struct csv_reader rd;
	struct csv_record *rec = malloc(sizeof(*rec));
	struct group_cols cols;
	struct group_row g;
	cJSON *rep = NULL, *rows;
	int accepted = 0, refused = 0, rc, added;
	enum store_rc r;

	*report = NULL;
	if (rec == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!ncre_utf8_valid(csv, len) || memchr(csv, '\0', len) != NULL) {
		snprintf(err, errlen, "the file is not UTF-8 text");
		goto fail;
	}
	csv_reader_init(&rd, csv, len);
	rc = csv_next(&rd, rec, err, errlen);
	if (rc == 0)
		snprintf(err, errlen, "the file is empty");
	if (rc <= 0 || group_header(form, rec, &cols, err, errlen) != 0)
		goto fail;
	if ((r = store_begin_read(c)) != STORE_OK ||
	    (r = store_exam_session_current(c, &session)) != STORE_OK ||
	    (r = store_site_by_code(c, session.id, site, &s)) != STORE_OK) {
		store_rollback(c);
		snprintf(err, errlen, r == STORE_NOT_FOUND ? "no site %.16s in the current exam session"
							   : "the database failed", site);
		goto fail;
	}
	store_rollback(c);
	/* The whole file is read once before anything is written: a malformed
	 * record further down leaves nothing half imported. */
	{
		struct csv_reader check = rd;

		while ((rc = csv_next(&check, rec, err, errlen)) > 0) {
			if (group_blank(rec))
				continue;
			if (rec->nfields != cols.n) {
				snprintf(err, errlen, "line %u: %zu fields where the header has %zu",
					 rec->line, rec->nfields, cols.n);
				goto fail;
			}
		}
		if (rc < 0)
			goto fail;
	}
	rep = cJSON_CreateObject();
	rows = rep != NULL ? cJSON_AddArrayToObject(rep, "rows") : NULL;
	if (rows == NULL || ncre_json_add_str(rep, "site", s.code) != 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	while ((rc = csv_next(&rd, rec, err, errlen)) > 0) {
		if (group_blank(rec))
			continue;
		r = group_row(c, form, &session, s.code, &cols, rec, now, s.window_close, by, &g);
		if (r != STORE_OK) {
			snprintf(err, errlen, "line %u: the database failed", rec->line);
			goto fail;
		}
		added = group_report_row(rows, rec->line, &g);
		sodium_memzero(g.claim, sizeof(g.claim));
		if (added != 0) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		if (g.err == NCRE_OK)
			accepted++;
		else
			refused++;
	}
	if (rc < 0)
		goto fail;
	if (cJSON_AddNumberToObject(rep, "accepted", accepted) == NULL ||
	    cJSON_AddNumberToObject(rep, "refused", refused) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	free(rec);
	*report = rep;
	return 0;
fail:
	free(rec);
	cJSON_Delete(rep);
	return -1;
}
