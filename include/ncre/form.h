/*
 * Forms as data (forms/README.md): the registration form and its option
 * lists, loaded from a forms directory into read-only structs that the
 * kiosk draws from and the server validates with. One definition, so the
 * two can never disagree on a field, a label or a rule.
 *
 * Every string a struct points at belongs to the form and lives until
 * ncre_form_free(). Labels come in Chinese and English; a lang of "en"
 * picks English, anything else (NULL included) Chinese.
 */
#ifndef NCRE_FORM_H
#define NCRE_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"

enum ncre_field_type {
	NCRE_FIELD_TEXT,	/* one line of text: a JSON string */
	NCRE_FIELD_DATE,	/* "YYYY-MM-DD": a JSON string */
	NCRE_FIELD_CHOICE,	/* one option code: a JSON string */
	NCRE_FIELD_MULTICHOICE,	/* option codes: a JSON array of strings */
	NCRE_FIELD_TICK,	/* a box to tick: JSON true */
	NCRE_FIELD_SITE,	/* an exam-site code (the server knows the sites): a string */
	NCRE_FIELD_SUBJECTS	/* subject codes of the chosen site: an array of strings */
};

enum ncre_validator {
	NCRE_VALID_NONE,	/* clean UTF-8 text, no control characters */
	NCRE_VALID_NAME,	/* ncre_validate_name */
	NCRE_VALID_POSTAL,	/* ncre_validate_postal */
	NCRE_VALID_EMAIL,	/* ncre_validate_email */
	NCRE_VALID_PHONE,	/* ncre_validate_phone */
	NCRE_VALID_DATE		/* a real date, 1900-01-01 .. today */
};

/* Which fact of a 居民身份证/居住证 number the field must agree with (R-REG-02). */
enum ncre_id_check {
	NCRE_ID_CHECK_NONE,
	NCRE_ID_CHECK_BIRTH_DATE,	/* the date field equals the birth date in the number */
	NCRE_ID_CHECK_GENDER		/* gender code 1 (男) / 2 (女), GB/T 2261.1 */
};

/* How a text field is typed at the kiosk: the mode its built-in input
 * method starts in (中 composes Chinese, 英 takes keys as they are). */
enum ncre_input {
	NCRE_INPUT_EN,		/* "en": e-mail, phone, numbers (the default) */
	NCRE_INPUT_ZH		/* "zh": names, addresses, school */
};

struct ncre_option {
	const char *code, *zh, *en;
};

struct ncre_option_list {
	const char *name;		/* file name without .json, e.g. "ethnicity" */
	const struct ncre_option *items;	/* in display order */
	size_t count;
};

struct ncre_field {
	const char *id;			/* JSON member name on the wire */
	const char *label_zh, *label_en;
	const char *help_zh, *help_en;	/* "" when none */
	enum ncre_field_type type;
	bool required;			/* drawn with "*" */
	unsigned max_chars;		/* characters (not bytes, not columns); 0: no limit */
	enum ncre_validator validator;
	enum ncre_id_check id_check;
	enum ncre_input input;		/* text fields: the kiosk's input mode to start in */
	const struct ncre_option_list *options;	/* choice/multichoice, else NULL */
};

struct ncre_section {
	const char *id, *title_zh, *title_en;
	const struct ncre_field *fields;
	size_t count;
};

struct ncre_form;

/*
 * Load DIR/NAME.json and the option lists it names (DIR/options/LIST.json).
 * Returns 0 with *out, or -1 with the reason in err (file and member).
 */
int ncre_form_load(const char *dir, const char *name, struct ncre_form **out,
		   char *err, size_t errlen);
/*
 * The same from a definition as GET /v1/forms/registration serves it
 * (ncre_form_json of the server's form): the kiosk's way to use the
 * server's definition when its own differs. The served "hash" must be the
 * hash of the served contents. 0 with *out, or -1 with the reason in err.
 */
int ncre_form_from_json(const cJSON *served, struct ncre_form **out, char *err, size_t errlen);
/* Free the form; *f becomes NULL. */
void ncre_form_free(struct ncre_form **f);

const char *ncre_form_id(const struct ncre_form *f);
const char *ncre_form_version(const struct ncre_form *f);
/*
 * "fnv1a64:" and 16 hex digits over the form and its option lists as
 * served (ncre_form_json without "hash"): a kiosk compares its own with
 * the server's to know both use the same definitions.
 */
const char *ncre_form_hash(const struct ncre_form *f);
/*
 * The whole definition as JSON, as GET /v1/forms/registration serves it:
 * {"id","version","hash","form":{...the file...},"options":{"gender":[...],...}}.
 */
const cJSON *ncre_form_json(const struct ncre_form *f);

/* Sections in display order; i < count, else NULL. */
size_t ncre_form_section_count(const struct ncre_form *f);
const struct ncre_section *ncre_form_section(const struct ncre_form *f, size_t i);
/* A field by id, or NULL. */
const struct ncre_field *ncre_form_field(const struct ncre_form *f, const char *id);
/* An option list by name ("id-types", "ethnicity", ...), or NULL. */
const struct ncre_option_list *ncre_form_options(const struct ncre_form *f, const char *name);

const char *ncre_section_title(const struct ncre_section *s, const char *lang);
const char *ncre_field_label(const struct ncre_field *fl, const char *lang);
const char *ncre_field_help(const struct ncre_field *fl, const char *lang);
/* The option with this code, or NULL. */
const struct ncre_option *ncre_option_find(const struct ncre_option_list *l, const char *code);
/* The label of the option with this code, or NULL when there is none. */
const char *ncre_option_label(const struct ncre_option_list *l, const char *code,
			      const char *lang);

/*
 * Check one field's value (NULL or JSON null: not given) on its own, as
 * the kiosk does while the candidate types: NCRE_OK or the first problem.
 * today_ymd is YYYYMMDD (0: dates are not compared with today).
 */
enum ncre_err ncre_field_check(const struct ncre_field *fl, const cJSON *value, int today_ymd);

#define NCRE_FORM_MAX_ERRORS 64

struct ncre_form_error {
	const char *field;	/* field id (or the unknown member's name) */
	enum ncre_err err;
};

struct ncre_form_errors {
	size_t count;
	struct ncre_form_error items[NCRE_FORM_MAX_ERRORS];
};

/*
 * Validate a whole submission (a JSON object of field id -> value) and
 * collect every field error, in form order, then unknown members
 * (FIELD_UNKNOWN). When id_type is resident_id or residence_permit and
 * id_number is valid, fields with an id_check must agree with the number
 * (BIRTHDATE_MISMATCH, GENDER_MISMATCH). Returns errs->count; field names
 * point into f or values.
 */
size_t ncre_form_validate(const struct ncre_form *f, const cJSON *values, int today_ymd,
			  const char *id_type, const char *id_number,
			  struct ncre_form_errors *errs);

#endif
