/*
 * Forms as data (include/ncre/form.h, forms/README.md): the loader turns
 * the JSON files into const structs whose strings point into one cJSON
 * document the form keeps; the validator checks a submission field by
 * field with the core validators and collects every error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/form.h"
#include "ncre/json.h"
#include "ncre/text.h"
#include "ncre/validate.h"

#define FORM_FILE_MAX (1024 * 1024)
#define FORM_PATH_MAX 4096
/* Subject codes and option codes in a list value: far more than any site allows. */
#define FORM_LIST_MAX 32

struct ncre_form {
	cJSON *doc;			/* {"id","version","hash","form","options"} */
	char hash[32];
	struct ncre_section *sections;
	size_t nsections;
	struct ncre_field *fields;	/* all fields; sections point into it */
	size_t nfields;
	struct ncre_option_list *lists;
	size_t nlists;
	struct ncre_option *options;	/* all options; lists point into it */
};

static const char *const form_type_names[] = {
	[NCRE_FIELD_TEXT] = "text",
	[NCRE_FIELD_DATE] = "date",
	[NCRE_FIELD_CHOICE] = "choice",
	[NCRE_FIELD_MULTICHOICE] = "multichoice",
	[NCRE_FIELD_TICK] = "tick",
	[NCRE_FIELD_SITE] = "site",
	[NCRE_FIELD_SUBJECTS] = "subjects",
};

static const char *const form_validator_names[] = {
	[NCRE_VALID_NONE] = "none",
	[NCRE_VALID_NAME] = "name",
	[NCRE_VALID_POSTAL] = "postal",
	[NCRE_VALID_EMAIL] = "email",
	[NCRE_VALID_PHONE] = "phone",
	[NCRE_VALID_DATE] = "date",
};

static const char *const form_id_check_names[] = {
	[NCRE_ID_CHECK_NONE] = "none",
	[NCRE_ID_CHECK_BIRTH_DATE] = "birth_date",
	[NCRE_ID_CHECK_GENDER] = "gender",
};

static const char *const form_input_names[] = {
	[NCRE_INPUT_EN] = "en",
	[NCRE_INPUT_ZH] = "zh",
};

#define FORM_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Index of name in names[0..n), or -1. */
static int form_lookup(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static bool form_is_en(const char *lang)
{
	return lang != NULL && strcmp(lang, "en") == 0;
}

/* ---- loading ---- */

static cJSON *form_read_json(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;
	cJSON *doc = NULL;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(FORM_FILE_MAX + 1);
	if (buf == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	n = fread(buf, 1, FORM_FILE_MAX + 1, f);
	if (ferror(f) || n > FORM_FILE_MAX) {
		snprintf(err, errlen, "%s: unreadable or larger than 1 MiB", path);
		goto out;
	}
	doc = cJSON_ParseWithLength(buf, n);
	if (doc == NULL || !cJSON_IsObject(doc)) {
		snprintf(err, errlen, "%s: not a JSON object", path);
		cJSON_Delete(doc);
		doc = NULL;
	}
out:
	free(buf);
	fclose(f);
	return doc;
}

/* A required non-empty string member, or NULL with err. */
static const char *form_need_str(const cJSON *obj, const char *key, const char *where,
				 char *err, size_t errlen)
{
	const char *s = ncre_json_str(obj, key);

	if (s == NULL || s[0] == '\0')
		snprintf(err, errlen, "%s: '%s' must be a non-empty string", where, key);
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* An optional string member: "" when absent; NULL with err when not a string. */
static const char *form_opt_str(const cJSON *obj, const char *key, const char *where,
				char *err, size_t errlen)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (item == NULL)
		return "";
	if (!cJSON_IsString(item) || item->valuestring == NULL) {
		snprintf(err, errlen, "%s: '%s' must be a string", where, key);
		return NULL;
	}
	return item->valuestring;
}

/* An optional enumerated member ("none"/index 0 when absent); -1 with err. */
static int form_opt_enum(const cJSON *obj, const char *key, const char *const *names, size_t n,
			 const char *where, char *err, size_t errlen)
{
	const char *s = form_opt_str(obj, key, where, err, errlen);
	int v;

	if (s == NULL)
		return -1;
	if (s[0] == '\0')
		return 0;
	v = form_lookup(names, n, s);
	if (v < 0)
		snprintf(err, errlen, "%s: unknown %s '%s'", where, key, s);
	return v;
}

static int form_index_lists(struct ncre_form *f, cJSON *options, char *err, size_t errlen);

/* Load the option lists named in "option_lists" into doc["options"]:
 * from DIR/options/NAME.json, or (dir NULL) from served, the "options"
 * of a definition as GET /v1/forms/registration serves it. */
static int form_load_lists(struct ncre_form *f, const char *dir, const cJSON *served,
			   const cJSON *names, char *err, size_t errlen)
{
	cJSON *options = cJSON_AddObjectToObject(f->doc, "options");
	const cJSON *name;

	if (options == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!cJSON_IsArray(names) || cJSON_GetArraySize(names) == 0) {
		snprintf(err, errlen, "form: 'option_lists' must be a non-empty array");
		return -1;
	}
	cJSON_ArrayForEach(name, names) {
		char path[FORM_PATH_MAX];
		cJSON *file, *items;

		if (!cJSON_IsString(name) || name->valuestring == NULL ||
		    strchr(name->valuestring, '/') != NULL || name->valuestring[0] == '.' ||
		    cJSON_GetObjectItemCaseSensitive(options, name->valuestring) != NULL) {
			snprintf(err, errlen, "form: 'option_lists' must hold distinct file names");
			return -1;
		}
		if (dir == NULL) {
			items = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(served,
										 name->valuestring), 1);
			if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) == 0) {
				snprintf(err, errlen, "options: '%s' must be a non-empty array",
					 name->valuestring);
				cJSON_Delete(items);
				return -1;
			}
			cJSON_AddItemToObject(options, name->valuestring, items);
			continue;
		}
		if (snprintf(path, sizeof(path), "%s/options/%s.json", dir, name->valuestring) >=
		    (int)sizeof(path)) {
			snprintf(err, errlen, "%s: path too long", dir);
			return -1;
		}
		file = form_read_json(path, err, errlen);
		if (file == NULL)
			return -1;
		items = cJSON_DetachItemFromObjectCaseSensitive(file, "options");
		if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) == 0 ||
		    strcmp(ncre_json_str(file, "name") != NULL ? ncre_json_str(file, "name") : "",
			   name->valuestring) != 0) {
			snprintf(err, errlen, "%s: needs \"name\": \"%s\" and a non-empty 'options' array",
				 path, name->valuestring);
			cJSON_Delete(items);
			cJSON_Delete(file);
			return -1;
		}
		cJSON_Delete(file);
		cJSON_AddItemToObject(options, name->valuestring, items);
	}
	if (dir == NULL && cJSON_GetArraySize(served) != cJSON_GetArraySize(options)) {
		snprintf(err, errlen, "options: lists the form does not name");
		return -1;
	}
	return form_index_lists(f, options, err, errlen);
}

/* Point f->lists and f->options into doc["options"], checking each item. */
static int form_index_lists(struct ncre_form *f, cJSON *options, char *err, size_t errlen)
{
	size_t total = 0, used = 0, k = 0;

	for (const cJSON *list = options->child; list != NULL; list = list->next)
		total += (size_t)cJSON_GetArraySize(list);
	f->nlists = (size_t)cJSON_GetArraySize(options);
	f->lists = calloc(f->nlists, sizeof(*f->lists));
	f->options = calloc(total, sizeof(*f->options));
	if (f->lists == NULL || f->options == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (cJSON *list = options->child; list != NULL; list = list->next, k++) {
		struct ncre_option_list *l = &f->lists[k];
		struct ncre_option *first = f->options + used;
		const cJSON *item;
		char where[128];

		l->name = list->string;
		l->items = first;
		cJSON_ArrayForEach(item, list) {
			struct ncre_option *o = first + l->count;

			snprintf(where, sizeof(where), "options/%s.json item %zu", l->name, l->count + 1);
			o->code = form_need_str(item, "code", where, err, errlen);
			o->zh = o->code ? form_need_str(item, "zh", where, err, errlen) : NULL;
			o->en = o->zh ? form_need_str(item, "en", where, err, errlen) : NULL;
			if (o->en == NULL)
				return -1;
			if (ncre_option_find(l, o->code) != NULL) {
				snprintf(err, errlen, "%s: code '%s' repeats", where, o->code);
				return -1;
			}
			l->count++;
		}
		used += l->count;
	}
	return 0;
}

static int form_load_field(struct ncre_form *f, struct ncre_field *fl, const cJSON *js,
			   char *err, size_t errlen)
{
	char where[128];
	const char *type, *options;
	long long max = 0;
	int v;

	snprintf(where, sizeof(where), "field %zu", f->nfields + 1);
	fl->id = form_need_str(js, "id", where, err, errlen);
	if (fl->id == NULL)
		return -1;
	snprintf(where, sizeof(where), "field '%s'", fl->id);
	if (ncre_form_field(f, fl->id) != NULL) {
		snprintf(err, errlen, "%s: the id repeats", where);
		return -1;
	}
	fl->label_zh = form_need_str(js, "label_zh", where, err, errlen);
	fl->label_en = fl->label_zh ? form_need_str(js, "label_en", where, err, errlen) : NULL;
	fl->help_zh = fl->label_en ? form_opt_str(js, "help_zh", where, err, errlen) : NULL;
	fl->help_en = fl->help_zh ? form_opt_str(js, "help_en", where, err, errlen) : NULL;
	type = fl->help_en ? form_need_str(js, "type", where, err, errlen) : NULL;
	if (type == NULL)
		return -1;
	v = form_lookup(form_type_names, FORM_NELEM(form_type_names), type);
	if (v < 0) {
		snprintf(err, errlen, "%s: unknown type '%s'", where, type);
		return -1;
	}
	fl->type = (enum ncre_field_type)v;
	fl->required = ncre_json_bool(js, "required", false);
	if (cJSON_GetObjectItemCaseSensitive(js, "max_chars") != NULL &&
	    (ncre_json_int(js, "max_chars", &max) != 0 || max < 0 || max > 10000)) {
		snprintf(err, errlen, "%s: 'max_chars' must be a whole number 0..10000", where);
		return -1;
	}
	fl->max_chars = (unsigned)max;
	v = form_opt_enum(js, "validator", form_validator_names, FORM_NELEM(form_validator_names),
			  where, err, errlen);
	if (v < 0)
		return -1;
	fl->validator = (enum ncre_validator)v;
	if (fl->type == NCRE_FIELD_DATE)
		fl->validator = NCRE_VALID_DATE;
	v = form_opt_enum(js, "id_check", form_id_check_names, FORM_NELEM(form_id_check_names),
			  where, err, errlen);
	if (v < 0)
		return -1;
	fl->id_check = (enum ncre_id_check)v;
	v = form_opt_enum(js, "input", form_input_names, FORM_NELEM(form_input_names), where, err,
			  errlen);
	if (v < 0)
		return -1;
	fl->input = (enum ncre_input)v;
	options = form_opt_str(js, "options", where, err, errlen);
	if (options == NULL)
		return -1;
	if (fl->type == NCRE_FIELD_CHOICE || fl->type == NCRE_FIELD_MULTICHOICE) {
		fl->options = ncre_form_options(f, options);
		if (fl->options == NULL) {
			snprintf(err, errlen, "%s: 'options' must name a list in 'option_lists'", where);
			return -1;
		}
	}
	return 0;
}

static int form_load_sections(struct ncre_form *f, const cJSON *sections, char *err, size_t errlen)
{
	const cJSON *sec, *fld;
	size_t total = 0, k = 0;

	if (!cJSON_IsArray(sections) || cJSON_GetArraySize(sections) == 0) {
		snprintf(err, errlen, "form: 'sections' must be a non-empty array");
		return -1;
	}
	cJSON_ArrayForEach(sec, sections) {
		const cJSON *fields = cJSON_GetObjectItemCaseSensitive(sec, "fields");

		if (!cJSON_IsArray(fields)) {
			snprintf(err, errlen, "form: every section needs a 'fields' array");
			return -1;
		}
		total += (size_t)cJSON_GetArraySize(fields);
	}
	f->sections = calloc((size_t)cJSON_GetArraySize(sections), sizeof(*f->sections));
	f->fields = calloc(total > 0 ? total : 1, sizeof(*f->fields));
	if (f->sections == NULL || f->fields == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	cJSON_ArrayForEach(sec, sections) {
		struct ncre_section *s = &f->sections[k++];
		char where[64];

		snprintf(where, sizeof(where), "section %zu", k);
		s->id = form_need_str(sec, "id", where, err, errlen);
		s->title_zh = s->id ? form_need_str(sec, "title_zh", where, err, errlen) : NULL;
		s->title_en = s->title_zh ? form_need_str(sec, "title_en", where, err, errlen) : NULL;
		if (s->title_en == NULL)
			return -1;
		s->fields = f->fields + f->nfields;
		cJSON_ArrayForEach(fld, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			if (form_load_field(f, &f->fields[f->nfields], fld, err, errlen) != 0)
				return -1;
			f->nfields++;
			s->count++;
		}
		f->nsections = k;
	}
	return 0;
}

/* FNV-1a, 64 bits: a fingerprint to compare definitions, not a security hash. */
static uint64_t form_fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int form_finish_doc(struct ncre_form *f, char *err, size_t errlen)
{
	char *text = cJSON_PrintUnformatted(f->doc);

	if (text == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(f->hash, sizeof(f->hash), "fnv1a64:%016" PRIx64, form_fnv1a64(text));
	cJSON_free(text);
	if (ncre_json_add_str(f->doc, "id", ncre_form_id(f)) != 0 ||
	    ncre_json_add_str(f->doc, "version", ncre_form_version(f)) != 0 ||
	    ncre_json_add_str(f->doc, "hash", f->hash) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* The rest of a load once doc["form"] is in place: lists, sections, hash. */
static int form_build(struct ncre_form *f, const cJSON *form, const char *dir,
		      const cJSON *served_options, const char *where, char *err, size_t errlen)
{
	if (form_need_str(form, "id", where, err, errlen) == NULL ||
	    form_need_str(form, "version", where, err, errlen) == NULL ||
	    form_load_lists(f, dir, served_options,
			    cJSON_GetObjectItemCaseSensitive(form, "option_lists"), err, errlen) != 0 ||
	    form_load_sections(f, cJSON_GetObjectItemCaseSensitive(form, "sections"),
			       err, errlen) != 0 ||
	    form_finish_doc(f, err, errlen) != 0)
		return -1;
	return 0;
}

int ncre_form_from_json(const cJSON *served, struct ncre_form **out, char *err, size_t errlen)
{
	struct ncre_form *f = NULL;
	const cJSON *options = cJSON_GetObjectItemCaseSensitive(served, "options");
	const char *hash = ncre_json_str(served, "hash");
	cJSON *form = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(served, "form"), 1);

	*out = NULL;
	if (!cJSON_IsObject(form) || !cJSON_IsObject(options)) {
		snprintf(err, errlen, "served form: needs the objects 'form' and 'options'");
		cJSON_Delete(form);
		return -1;
	}
	f = calloc(1, sizeof(*f));
	if (f == NULL || (f->doc = cJSON_CreateObject()) == NULL) {
		snprintf(err, errlen, "out of memory");
		cJSON_Delete(form);
		ncre_form_free(&f);
		return -1;
	}
	cJSON_AddItemToObject(f->doc, "form", form);
	if (form_build(f, form, NULL, options, "served form", err, errlen) != 0)
		goto fail;
	/* What arrived is what the server hashed: nothing lost or reordered. */
	if (hash == NULL || strcmp(hash, f->hash) != 0) {
		snprintf(err, errlen, "served form: its hash %s is not the one of its contents (%s)",
			 hash != NULL ? hash : "(none)", f->hash);
		goto fail;
	}
	*out = f;
	return 0;
fail:
	ncre_form_free(&f);
	return -1;
}

int ncre_form_load(const char *dir, const char *name, struct ncre_form **out,
		   char *err, size_t errlen)
{
	struct ncre_form *f = NULL;
	char path[FORM_PATH_MAX];
	cJSON *file = NULL;
	const cJSON *form;

	*out = NULL;
	if (snprintf(path, sizeof(path), "%s/%s.json", dir, name) >= (int)sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	file = form_read_json(path, err, errlen);
	if (file == NULL)
		return -1;
	f = calloc(1, sizeof(*f));
	if (f == NULL || (f->doc = cJSON_CreateObject()) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(file, "_comment");
	cJSON_AddItemToObject(f->doc, "form", file);
	form = file;
	file = NULL;
	if (form_build(f, form, dir, NULL, path, err, errlen) != 0) {
		char what[512];

		snprintf(what, sizeof(what), "%s", err);
		if (strncmp(what, dir, strlen(dir)) != 0)
			snprintf(err, errlen, "%s: %s", path, what);
		goto fail;
	}
	*out = f;
	return 0;
fail:
	cJSON_Delete(file);
	ncre_form_free(&f);
	return -1;
}

void ncre_form_free(struct ncre_form **fp)
{
	struct ncre_form *f = *fp;

	if (f == NULL)
		return;
	cJSON_Delete(f->doc);
	free(f->sections);
	free(f->fields);
	free(f->lists);
	free(f->options);
	free(f);
	*fp = NULL;
}

/* ---- accessors ---- */

const char *ncre_form_id(const struct ncre_form *f)
{
	return ncre_json_str(cJSON_GetObjectItemCaseSensitive(f->doc, "form"), "id");
}

const char *ncre_form_version(const struct ncre_form *f)
{
	return ncre_json_str(cJSON_GetObjectItemCaseSensitive(f->doc, "form"), "version");
}

const char *ncre_form_hash(const struct ncre_form *f)
{
	return f->hash;
}

const cJSON *ncre_form_json(const struct ncre_form *f)
{
	return f->doc;
}

size_t ncre_form_section_count(const struct ncre_form *f)
{
	return f->nsections;
}

const struct ncre_section *ncre_form_section(const struct ncre_form *f, size_t i)
{
	return i < f->nsections ? &f->sections[i] : NULL;
}

const struct ncre_field *ncre_form_field(const struct ncre_form *f, const char *id)
{
	for (size_t i = 0; id != NULL && i < f->nfields; i++)
		if (strcmp(f->fields[i].id, id) == 0)
			return &f->fields[i];
	return NULL;
}

const struct ncre_option_list *ncre_form_options(const struct ncre_form *f, const char *name)
{
	for (size_t i = 0; name != NULL && i < f->nlists; i++)
		if (strcmp(f->lists[i].name, name) == 0)
			return &f->lists[i];
	return NULL;
}

const char *ncre_section_title(const struct ncre_section *s, const char *lang)
{
	return form_is_en(lang) ? s->title_en : s->title_zh;
}

const char *ncre_field_label(const struct ncre_field *fl, const char *lang)
{
	return form_is_en(lang) ? fl->label_en : fl->label_zh;
}

const char *ncre_field_help(const struct ncre_field *fl, const char *lang)
{
	return form_is_en(lang) ? fl->help_en : fl->help_zh;
}

const struct ncre_option *ncre_option_find(const struct ncre_option_list *l, const char *code)
{
	for (size_t i = 0; l != NULL && code != NULL && i < l->count; i++)
		if (strcmp(l->items[i].code, code) == 0)
			return &l->items[i];
	return NULL;
}

const char *ncre_option_label(const struct ncre_option_list *l, const char *code,
			      const char *lang)
{
	const struct ncre_option *o = ncre_option_find(l, code);

	if (o == NULL)
		return NULL;
	return form_is_en(lang) ? o->en : o->zh;
}

/* ---- validation ---- */

/* "YYYY-MM-DD", a real date from 1900-01-01, not after today_ymd (0: no limit). */
static enum ncre_err form_check_date(const char *s, int today_ymd)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return NCRE_E_DATE_INVALID;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return NCRE_E_DATE_INVALID;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return NCRE_E_DATE_INVALID;
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return NCRE_E_DATE_INVALID;
	if (d > mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return NCRE_E_DATE_INVALID;
	if (today_ymd != 0 && y * 10000 + m * 100 + d > today_ymd)
		return NCRE_E_DATE_INVALID;
	return NCRE_OK;
}

static enum ncre_err form_check_text(const struct ncre_field *fl, const char *s, int today_ymd)
{
	if (!ncre_utf8_is_clean(s))
		return fl->validator == NCRE_VALID_NAME ? NCRE_E_NAME_INVALID : NCRE_E_TEXT_INVALID;
	if (fl->max_chars > 0 && ncre_utf8_chars(s) > fl->max_chars)
		return NCRE_E_FIELD_TOO_LONG;
	switch (fl->validator) {
	case NCRE_VALID_NAME:
		return ncre_validate_name(s);
	case NCRE_VALID_POSTAL:
		return ncre_validate_postal(s);
	case NCRE_VALID_EMAIL:
		return ncre_validate_email(s);
	case NCRE_VALID_PHONE:
		return ncre_validate_phone(s);
	case NCRE_VALID_DATE:
		return form_check_date(s, today_ymd);
	case NCRE_VALID_NONE:
		break;
	}
	return NCRE_OK;
}

/* A list value: an array of distinct, non-empty, short strings. */
static enum ncre_err form_check_list(const struct ncre_field *fl, const cJSON *value)
{
	const cJSON *a, *b;

	if (!cJSON_IsArray(value))
		return NCRE_E_BAD_JSON;
	if (cJSON_GetArraySize(value) > FORM_LIST_MAX)
		return NCRE_E_FIELD_TOO_LONG;
	cJSON_ArrayForEach(a, value) {
		if (!cJSON_IsString(a) || a->valuestring == NULL)
			return NCRE_E_BAD_JSON;
		if (a->valuestring[0] == '\0')
			return fl->type == NCRE_FIELD_SUBJECTS ? NCRE_E_SUBJECT_NOT_OFFERED
							      : NCRE_E_OPTION_INVALID;
		if (fl->max_chars > 0 && ncre_utf8_chars(a->valuestring) > fl->max_chars)
			return NCRE_E_FIELD_TOO_LONG;
		if (fl->options != NULL && ncre_option_find(fl->options, a->valuestring) == NULL)
			return NCRE_E_OPTION_INVALID;
		for (b = a->next; b != NULL; b = b->next)
			if (cJSON_IsString(b) && strcmp(a->valuestring, b->valuestring) == 0)
				return fl->type == NCRE_FIELD_SUBJECTS ? NCRE_E_SUBJECT_DUPLICATE
								      : NCRE_E_OPTION_INVALID;
	}
	return NCRE_OK;
}

/* Not given: missing, null, "", [] or false. */
static bool form_is_empty(const cJSON *v)
{
	return v == NULL || cJSON_IsNull(v) || cJSON_IsFalse(v) ||
	       (cJSON_IsString(v) && v->valuestring != NULL && v->valuestring[0] == '\0') ||
	       (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0);
}

enum ncre_err ncre_field_check(const struct ncre_field *fl, const cJSON *value, int today_ymd)
{
	if (form_is_empty(value)) {
		if (cJSON_IsFalse(value) && fl->type != NCRE_FIELD_TICK)
			return NCRE_E_BAD_JSON;
		if (!fl->required)
			return NCRE_OK;
		return fl->type == NCRE_FIELD_TICK ? NCRE_E_TRUTHFUL_REQUIRED : NCRE_E_FIELD_REQUIRED;
	}
	switch (fl->type) {
	case NCRE_FIELD_TICK:
		return cJSON_IsTrue(value) ? NCRE_OK : NCRE_E_BAD_JSON;
	case NCRE_FIELD_MULTICHOICE:
	case NCRE_FIELD_SUBJECTS:
		return form_check_list(fl, value);
	case NCRE_FIELD_TEXT:
	case NCRE_FIELD_DATE:
	case NCRE_FIELD_CHOICE:
	case NCRE_FIELD_SITE:
		break;
	}
	if (!cJSON_IsString(value) || value->valuestring == NULL)
		return NCRE_E_BAD_JSON;
	if (fl->type == NCRE_FIELD_CHOICE)
		return ncre_option_find(fl->options, value->valuestring) != NULL ? NCRE_OK
										: NCRE_E_OPTION_INVALID;
	if (fl->type == NCRE_FIELD_SITE) {
		if (fl->max_chars > 0 && ncre_utf8_chars(value->valuestring) > fl->max_chars)
			return NCRE_E_FIELD_TOO_LONG;
		return ncre_utf8_is_clean(value->valuestring) ? NCRE_OK : NCRE_E_SITE_INVALID;
	}
	return form_check_text(fl, value->valuestring, today_ymd);
}

/* The cross-check of R-REG-02 for one field whose own value is fine. */
static enum ncre_err form_id_check(const struct ncre_field *fl, const cJSON *value,
				   const struct ncre_id_facts *facts)
{
	char want[16];

	if (form_is_empty(value) || !cJSON_IsString(value))
		return NCRE_OK;
	switch (fl->id_check) {
	case NCRE_ID_CHECK_BIRTH_DATE:
		snprintf(want, sizeof(want), "%04d-%02d-%02d", facts->year, facts->month, facts->day);
		return strcmp(value->valuestring, want) == 0 ? NCRE_OK : NCRE_E_BIRTHDATE_MISMATCH;
	case NCRE_ID_CHECK_GENDER:
		/* GB/T 2261.1: 1 male, 2 female. */
		return strcmp(value->valuestring, facts->sex == 'M' ? "1" : "2") == 0
			       ? NCRE_OK : NCRE_E_GENDER_MISMATCH;
	case NCRE_ID_CHECK_NONE:
		break;
	}
	return NCRE_OK;
}

static void form_add_error(struct ncre_form_errors *errs, const char *field, enum ncre_err e)
{
	if (errs->count < NCRE_FORM_MAX_ERRORS) {
		errs->items[errs->count].field = field;
		errs->items[errs->count].err = e;
		errs->count++;
	}
}

size_t ncre_form_validate(const struct ncre_form *f, const cJSON *values, int today_ymd,
			  const char *id_type, const char *id_number,
			  struct ncre_form_errors *errs)
{
	struct ncre_id_facts facts;
	enum ncre_id_type type;
	bool have_facts = false;
	const cJSON *item;

	memset(errs, 0, sizeof(*errs));
	if (!cJSON_IsObject(values)) {
		form_add_error(errs, "", NCRE_E_BAD_JSON);
		return errs->count;
	}
	/* Only 居民身份证 and 居住证 numbers carry birth date and sex. */
	if (id_number != NULL && ncre_id_type_from_code(id_type, &type) == 0 &&
	    (type == NCRE_ID_RESIDENT || type == NCRE_ID_RESIDENCE_PERMIT) &&
	    ncre_validate_id(type, id_number, 0, &facts) == NCRE_OK)
		have_facts = true;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct ncre_field *fl = &f->fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(values, fl->id);
		enum ncre_err e = ncre_field_check(fl, v, today_ymd);

		if (e == NCRE_OK && have_facts)
			e = form_id_check(fl, v, &facts);
		if (e != NCRE_OK)
			form_add_error(errs, fl->id, e);
	}
	cJSON_ArrayForEach(item, values) {
		if (item->string == NULL || ncre_form_field(f, item->string) == NULL)
			form_add_error(errs, item->string != NULL ? item->string : "",
				       NCRE_E_FIELD_UNKNOWN);
	}
	return errs->count;
}
