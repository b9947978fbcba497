/*
 * Personal information (个人信息采集, R-REG-03), the exam site and the
 * subjects (R-REG-07, R-REG-09), drawn from the form definition
 * (forms/registration.json through include/ncre/form.h): one heading per
 * section, one input per field with its zh/en label, '*' when required,
 * the file's help under it until there is a message. Choices open a list
 * that filters as the candidate types (民族: 回 narrows to 回族); the site
 * list shows each site's 科目上限, audit and deadline; the subjects list
 * shows fee and places left and refuses more than the site's limit.
 *
 * The same core validators as the server's give instant feedback; Submit
 * checks the whole form (every error under its field), asks the server
 * for the preview and opens the confirmation (screen-confirm.c). The
 * server's verdict goes under each field it names; nothing typed is lost.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ncre/form.h"
#include "ncre/json.h"
#include "ncre/text.h"
#include "ncre/validate.h"
#include "app.h"
#include "cntime.h"
#include "libdir.h"
#include "ncre-paths.h"
#include "registration.h"

#define MAX_SUBJ 16

enum { ACT_SUBMIT = 1, ACT_BACK };
enum { REQ_SITES = 1, REQ_SUBJECTS, REQ_PREVIEW };
enum { DLG_DISCARD = 1, DLG_INFO, DLG_BROKEN };

struct personal {
	struct ncre_form *def;
	struct form_item *items;
	const struct ncre_field **fld;   /* the field behind each item, or NULL */
	int n;
	struct form form;
	struct rect r;
	struct choice pick;
	int pick_item;
	int site_item, subj_item;
	int want_pick;                   /* item + 1 whose list waits for its data */
	cJSON *sites;                    /* GET /v1/sites */
	cJSON *subjects;                 /* GET /v1/sites/{code}/subjects */
	char site[16];                   /* the chosen site's code */
	char subj[MAX_SUBJ][8];          /* the chosen subjects' codes */
	int nsubj;
	char site_label[256], subj_label[512];
	struct reg_draft draft;
	bool broken;                     /* the definition did not load */
};

/* ---- the definition ---------------------------------------------- */

/* --forms / forms_dir, else the installed copy; a development build
 * (DEVPATHS=1) first tries ../forms beside the program (a build folder). */
static void forms_dir(const struct app *app, char *out, size_t n)
{
	if (app->cfg.forms_dir[0] != '\0') {
		snprintf(out, n, "%s", app->cfg.forms_dir);
		return;
	}
	if (libdir_dev("../forms", out, n) == 0)
		return;
	snprintf(out, n, "%s/forms", NCRE_DATADIR);
}

void reg_forms_dir(const struct app *app, char *out, size_t n)
{
	forms_dir(app, out, n);
}

/* ---- labels for the choices ---------------------------------------- */

/* The input mode a text field starts in (forms/: "input"); a passport
 * holder's name is usually in Latin letters, so it starts in 英. */
static enum field_input input_of(const struct app *app, const struct ncre_field *fl)
{
	const char *idt = ncre_json_str(app->reg, "id_type");
	enum ncre_id_type t;

	if (fl->type != NCRE_FIELD_TEXT || fl->input != NCRE_INPUT_ZH)
		return FIELD_INPUT_EN;
	if (fl->validator == NCRE_VALID_NAME && idt != NULL &&
	    ncre_id_type_from_code(idt, &t) == 0 && t == NCRE_ID_PASSPORT)
		return FIELD_INPUT_EN;
	return FIELD_INPUT_ZH;
}

static const char *option_label(int i, enum lang lang, void *ud)
{
	const struct ncre_option_list *l = ud;

	if (l == NULL || i < 0 || (size_t)i >= l->count)
		return _("(please choose)");
	return i18n_pick(lang, l->items[i].zh, l->items[i].en);
}

static void option_keys(int i, void *ud, const char **code, const char **zh, const char **en)
{
	const struct ncre_option_list *l = ud;

	*code = l->items[i].code;
	*zh = l->items[i].zh;
	*en = l->items[i].en;
}

static void option_row(int i, enum lang lang, char *buf, size_t n, void *ud)
{
	const struct ncre_option_list *l = ud;

	snprintf(buf, n, "(%s) %s", l->items[i].code,
		 i18n_pick(lang, l->items[i].zh, l->items[i].en));
}

void reg_coded_name(const cJSON *o, enum lang lang, char *out, size_t n)
{
	const char *code = ncre_json_str(o, "code");

	snprintf(out, n, "(%s)%s", code != NULL ? code : "",
		 i18n_pick(lang, ncre_json_str(o, "name_zh"), ncre_json_str(o, "name_en")));
}

static const cJSON *find_code(const cJSON *arr, const char *code)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, arr) {
		const char *c = ncre_json_str(o, "code");

		if (c != NULL && code != NULL && strcmp(c, code) == 0)
			return o;
	}
	return NULL;
}

static long num(const cJSON *o, const char *key, long dflt)
{
	long long v;

	return ncre_json_int(o, key, &v) == 0 ? (long)v : dflt;
}

/* The site row of the form and of the list: code, name, 科目上限, audit,
 * deadline (China time). */
static void site_row(const cJSON *site, enum lang lang, char *buf, size_t n)
{
	char name[200], until[32];

	reg_coded_name(site, lang, name, sizeof(name));
	cntime_format(ncre_json_str(site, "window_close"), until, sizeof(until));
	snprintf(buf, n, ngettext("%s  max %ld subject  %s  until %s",
				  "%s  max %ld subjects  %s  until %s",
				  (unsigned long)num(site, "max_subjects", 0)), name,
		 num(site, "max_subjects", 0),
		 ncre_json_bool(site, "audit", false) ? _("audited") : _("no audit"), until);
}

static const char *site_label(int i, enum lang lang, void *ud)
{
	struct personal *s = ud;
	const cJSON *site = find_code(s->sites, s->site);

	(void)i;
	if (s->site[0] == '\0')
		snprintf(s->site_label, sizeof(s->site_label), "%s", _("(please choose)"));
	else if (site == NULL)
		snprintf(s->site_label, sizeof(s->site_label), "(%s)", s->site);
	else
		site_row(site, lang, s->site_label, sizeof(s->site_label));
	return s->site_label;
}

static void site_keys(int i, void *ud, const char **code, const char **zh, const char **en)
{
	const cJSON *o = cJSON_GetArrayItem(((struct personal *)ud)->sites, i);

	*code = ncre_json_str(o, "code");
	*zh = ncre_json_str(o, "name_zh");
	*en = ncre_json_str(o, "name_en");
}

static void site_pick_row(int i, enum lang lang, char *buf, size_t n, void *ud)
{
	site_row(cJSON_GetArrayItem(((struct personal *)ud)->sites, i), lang, buf, n);
}

static bool subj_chosen(const struct personal *s, const char *code)
{
	for (int k = 0; k < s->nsubj; k++)
		if (code != NULL && strcmp(s->subj[k], code) == 0)
			return true;
	return false;
}

/* The chosen subjects with their names; when they do not all fit in the
 * input (three long names on 80 columns), their count and codes, so that
 * none is hidden by the cut at the edge. */
static const char *subj_label(int i, enum lang lang, void *ud)
{
	struct personal *s = ud;
	size_t len = 0;
	int avail = s->r.w - s->form.label_w - 3;
	char codes[sizeof(s->subj_label) / 2];

	(void)i;
	s->subj_label[0] = '\0';
	if (s->nsubj == 0)
		return _("(please choose)");
	for (int k = 0; k < s->nsubj && len < sizeof(s->subj_label); k++) {
		const cJSON *o = find_code(s->subjects, s->subj[k]);
		char name[200];

		if (o != NULL)
			reg_coded_name(o, lang, name, sizeof(name));
		else
			snprintf(name, sizeof(name), "(%s)", s->subj[k]);
		len += (size_t)snprintf(s->subj_label + len, sizeof(s->subj_label) - len, "%s%s",
					k > 0 ? " " : "", name);
	}
	if (s->nsubj > 1 && avail > 0 && ncre_utf8_width(s->subj_label) > avail) {
		len = 0;
		codes[0] = '\0';
		for (int k = 0; k < s->nsubj && len < sizeof(codes); k++)
			len += (size_t)snprintf(codes + len, sizeof(codes) - len, "%s(%s)",
						k > 0 ? " " : "", s->subj[k]);
		snprintf(s->subj_label, sizeof(s->subj_label), ngettext("%d subject: %s", "%d subjects: %s", (unsigned long)s->nsubj), s->nsubj,
			 codes);
	}
	return s->subj_label;
}

static void subj_keys(int i, void *ud, const char **code, const char **zh, const char **en)
{
	const cJSON *o = cJSON_GetArrayItem(((struct personal *)ud)->subjects, i);

	*code = ncre_json_str(o, "code");
	*zh = ncre_json_str(o, "name_zh");
	*en = ncre_json_str(o, "name_en");
}

static void subj_pick_row(int i, enum lang lang, char *buf, size_t n, void *ud)
{
	const cJSON *o = cJSON_GetArrayItem(((struct personal *)ud)->subjects, i);
	char name[200];

	reg_coded_name(o, lang, name, sizeof(name));
	snprintf(buf, n, ngettext("%s  fee %ld yuan  %ld place left", "%s  fee %ld yuan  %ld places left",
				  (unsigned long)num(o, "remaining", 0)),
		 name, num(o, "fee", 0), num(o, "remaining", 0));
}

static const char *subj_blocked(int i, void *ud)
{
	struct personal *s = ud;
	const cJSON *o = cJSON_GetArrayItem(s->subjects, i);

	/* A subject already held keeps its place. */
	if (num(o, "remaining", 1) <= 0 && !subj_chosen(s, ncre_json_str(o, "code")))
		return N_("No places left for this subject at this site.");
	return NULL;
}

static int site_max(const struct personal *s)
{
	return (int)num(find_code(s->sites, s->site), "max_subjects", 0);
}

/* ---- values -------------------------------------------------------- */

/* The value of item i as the server takes it; NULL when not given. */
static cJSON *item_value(const struct personal *s, int i)
{
	const struct form_item *it = &s->items[i];
	const struct ncre_field *fl = s->fld[i];
	cJSON *arr;

	switch (fl->type) {
	case NCRE_FIELD_TEXT:
	case NCRE_FIELD_DATE:
		return field_empty(&it->field) ? NULL : cJSON_CreateString(field_text(&it->field));
	case NCRE_FIELD_CHOICE:
		if (fl->options == NULL || it->choice < 0 || (size_t)it->choice >= fl->options->count)
			return NULL;
		return cJSON_CreateString(fl->options->items[it->choice].code);
	case NCRE_FIELD_SITE:
		return s->site[0] != '\0' ? cJSON_CreateString(s->site) : NULL;
	case NCRE_FIELD_SUBJECTS:
	case NCRE_FIELD_MULTICHOICE:
		if (s->nsubj == 0)
			return NULL;
		arr = cJSON_CreateArray();
		for (int k = 0; arr != NULL && k < s->nsubj; k++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(s->subj[k]));
		return arr;
	case NCRE_FIELD_TICK:
		return it->checked ? cJSON_CreateTrue() : NULL;
	}
	return NULL;
}

static cJSON *values(const struct personal *s)
{
	cJSON *o = cJSON_CreateObject();

	for (int i = 0; o != NULL && i < s->n; i++) {
		cJSON *v;

		if (s->fld[i] == NULL)
			continue;
		v = item_value(s, i);
		if (v != NULL)
			cJSON_AddItemToObject(o, s->fld[i]->id, v);
	}
	return o;
}

/* "20010630" typed without dashes becomes "2001-06-30". */
static void normalise_date(struct field *f)
{
	const char *t = field_text(f);
	char buf[16];

	if (strlen(t) == 8 && strspn(t, "0123456789") == 8) {
		snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2s", t, t + 4, t + 6);
		field_set(f, buf);
	}
}

static int today(void)
{
	return cntime_today_ymd(time(NULL));
}

/* Instant feedback on one field: only what is wrong with what is there. */
static void check_item(struct personal *s, int i)
{
	cJSON *v;
	enum ncre_err e;

	if (i < 0 || s->fld[i] == NULL)
		return;
	v = item_value(s, i);
	e = v != NULL ? ncre_field_check(s->fld[i], v, today()) : NCRE_OK;
	api_json_wipe_free(&v);
	if (e == NCRE_OK)
		ui_msg_clear(&s->items[i].msg);
	else
		ui_msg_err(&s->items[i].msg, e);
}

static int item_of(const struct personal *s, const char *id)
{
	for (int i = 0; id != NULL && i < s->n; i++)
		if (s->fld[i] != NULL && strcmp(s->fld[i]->id, id) == 0)
			return i;
	return -1;
}

/* The whole form, as the server will check it; every error under its
 * field; the first one focused. True when all is well. */
static bool check_all(struct app *app, struct personal *s)
{
	struct ncre_form_errors errs;
	cJSON *v = values(s);
	int first = -1;

	for (int i = 0; i < s->n; i++)
		ui_msg_clear(&s->items[i].msg);
	memset(&errs, 0, sizeof(errs));
	(void)ncre_form_validate(s->def, v, today(), ncre_json_str(app->reg, "id_type"),
				 ncre_json_str(app->reg, "id_number"), &errs);
	for (size_t k = 0; k < errs.count; k++) {
		int i = item_of(s, errs.items[k].field);

		if (i < 0 || !ui_msg_empty(&s->items[i].msg))
			continue;
		ui_msg_err(&s->items[i].msg, errs.items[k].err);
		if (first < 0 || i < first)
			first = i;
	}
	api_json_wipe_free(&v);
	if (first >= 0) {
		widget_form_focus(&s->form, first);
		ui_msg_text(&app->status, N_("Some fields need correcting; see the messages."));
	}
	return first < 0 && errs.count == 0;
}

int reg_fields_verdict(struct form *fm, const struct api_result *res)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(res->body, "error");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(e, "fields"), *f;
	int taken = 0, first = -1;

	if (!cJSON_IsArray(list))
		list = cJSON_GetObjectItemCaseSensitive(res->body, "fields");
	cJSON_ArrayForEach(f, list) {
		struct form_item *it = widget_form_find(fm, ncre_json_str(f, "field"));
		const char *code = ncre_json_str(f, "code");
		enum ncre_err err;

		if (it == NULL)
			continue;
		ui_msg_clear(&it->msg);
		if (code != NULL && ncre_err_from_code(code, &err) == 0) {
			ui_msg_err(&it->msg, err);
		} else {
			it->msg.kind = MSG_PAIR;
			snprintf(it->msg.zh, sizeof(it->msg.zh), "%s",
				 ncre_json_str(f, "message_zh") ? ncre_json_str(f, "message_zh") : "");
			snprintf(it->msg.en, sizeof(it->msg.en), "%s",
				 ncre_json_str(f, "message_en") ? ncre_json_str(f, "message_en") : "");
		}
		it->msg.server = true;
		if (first < 0 || widget_form_index(fm, it) < first)
			first = widget_form_index(fm, it);
		taken++;
	}
	if (first >= 0)
		widget_form_focus(fm, first);
	return taken;
}

/* ---- building the form --------------------------------------------- */

static int build(const struct app *app, struct personal *s)
{
	/* 个人信息采集须知 and 注意, as the seed's form opens. */
	static const char *const notes[] = {
		N_("In one exam session a candidate registers at one site only."),
		N_("In one exam session a passport account serves one candidate at one site only."),
		N_("In one exam session each subject can be taken once; each site limits how many "
		   "subjects a candidate may take."),
		N_("At sites that use a student register, the register's information is loaded "
		   "when personal information is added; which sites a registered student may "
		   "choose depends on the site of the register: ask the site's staff if in doubt."),
		N_("Submitting for audit or starting a payment locks the registration; while it is "
		   "locked, personal information and the photo cannot be changed."),
		N_("Subjects can be added and paid in several batches; only a subject shown as paid "
		   "is registered. After payment, personal and subject information cannot be "
		   "changed, and there is no withdrawal or refund."),
		N_("A candidate with a paid subject at a site can no longer switch to another site."),
		N_("A subject neither paid nor locked within 24 hours is deleted automatically; "
		   "please check and pay soon. A deleted subject can be registered again while "
		   "places remain."),
		N_("Within the registration period you can cancel unpaid, unlocked subjects; with "
		   "no paid subject you can delete the whole registration yourself."),
	};
	size_t nsec = ncre_form_section_count(s->def);
	size_t total = 3 + 2 + sizeof(notes) / sizeof(notes[0]);
	int n = 0;

	for (size_t k = 0; k < nsec; k++)
		total += 1 + ncre_form_section(s->def, k)->count;
	s->items = calloc(total, sizeof(*s->items));
	s->fld = calloc(total, sizeof(*s->fld));
	if (s->items == NULL || s->fld == NULL)
		return -1;
	s->site_item = s->subj_item = -1;
	s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_LABEL,
		.label = N_("Notes on the personal information:") };
	for (size_t k = 0; k < sizeof(notes) / sizeof(notes[0]); k++)
		s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
						    .label = notes[k] };
	s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_LABEL,
		.label = N_("Note:") };
	s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Fields marked * are required.") };
	for (size_t k = 0; k < nsec; k++) {
		const struct ncre_section *sec = ncre_form_section(s->def, k);

		s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
						    .label = sec->title_zh, .label_en = sec->title_en };
		for (size_t j = 0; j < sec->count; j++) {
			const struct ncre_field *fl = &sec->fields[j];
			struct form_item *it = &s->items[n];

			*it = (struct form_item){ .key = fl->id, .label = fl->label_zh,
						  .label_en = fl->label_en, .required = fl->required,
						  .help_zh = fl->help_zh, .help_en = fl->help_en };
			s->fld[n] = fl;
			switch (fl->type) {
			case NCRE_FIELD_TEXT:
			case NCRE_FIELD_DATE: {
				int mc = fl->max_chars > 0 && fl->max_chars < 200 ?
					 (int)fl->max_chars : 200;

				it->kind = ITEM_FIELD;
				field_init(&it->field, mc, 0, false);
				field_set_input(&it->field, input_of(app, fl));
				it->input_cols = mc * 2 + 1 < 40 ? mc * 2 + 1 : 40;
				if (it->input_cols < 12)
					it->input_cols = 12;
				break;
			}
			case NCRE_FIELD_CHOICE:
				it->kind = ITEM_SELECT;
				it->choice = -1;
				it->nchoices = fl->options != NULL ? (int)fl->options->count : 0;
				it->choice_label = option_label;
				it->choice_ud = (void *)fl->options;
				it->input_cols = 30;
				break;
			case NCRE_FIELD_SITE:
				it->kind = ITEM_SELECT;
				it->choice_label = site_label;
				it->choice_ud = s;
				s->site_item = n;
				break;
			case NCRE_FIELD_SUBJECTS:
			case NCRE_FIELD_MULTICHOICE:
				it->kind = ITEM_SELECT;
				it->choice_label = subj_label;
				it->choice_ud = s;
				s->subj_item = n;
				break;
			case NCRE_FIELD_TICK:
				it->kind = ITEM_CHECK;
				break;
			}
			n++;
		}
	}
	s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Submit"),
					    .action = ACT_SUBMIT };
	s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					    .action = ACT_BACK };
	s->n = n;
	widget_form_init(&s->form, s->items, n);
	return 0;
}

/* Current values from the registration (修改报名信息), then what the
 * ID number tells (居民身份证: birth date and gender). */
static void prefill(struct app *app, struct personal *s)
{
	const cJSON *reg = app->reg;
	const cJSON *pers = cJSON_GetObjectItemCaseSensitive(reg, "info");
	const cJSON *site = cJSON_GetObjectItemCaseSensitive(reg, "site");
	const cJSON *subs = cJSON_GetObjectItemCaseSensitive(reg, "subjects"), *o;
	const char *idt = ncre_json_str(reg, "id_type"), *idn = ncre_json_str(reg, "id_number");
	enum ncre_id_type t;
	struct ncre_id_facts facts;

	if (!cJSON_IsObject(pers))
		pers = reg;
	for (int i = 0; i < s->n; i++) {
		const struct ncre_field *fl = s->fld[i];
		const char *v;

		if (fl == NULL)
			continue;
		v = ncre_json_str(pers, fl->id);
		if (v == NULL)
			v = ncre_json_str(reg, fl->id);    /* the name sits beside "info" */
		/* Not yet given: the account's e-mail address and name (the
		 * seed asks for the e-mail the account was made with). */
		if (v == NULL && strcmp(fl->id, "email") == 0 && app->sess.email[0] != '\0')
			v = app->sess.email;
		if (v == NULL && strcmp(fl->id, "name") == 0 && app->sess.name[0] != '\0')
			v = app->sess.name;
		if ((fl->type == NCRE_FIELD_TEXT || fl->type == NCRE_FIELD_DATE) && v != NULL)
			field_set(&s->items[i].field, v);
		if (fl->type == NCRE_FIELD_CHOICE && v != NULL && fl->options != NULL)
			for (size_t k = 0; k < fl->options->count; k++)
				if (strcmp(fl->options->items[k].code, v) == 0)
					s->items[i].choice = (int)k;
	}
	if (cJSON_IsObject(site) && ncre_json_str(site, "code") != NULL)
		snprintf(s->site, sizeof(s->site), "%s", ncre_json_str(site, "code"));
	else if (cJSON_IsString(site))
		snprintf(s->site, sizeof(s->site), "%s", site->valuestring);
	cJSON_ArrayForEach(o, subs) {
		const char *code = cJSON_IsString(o) ? o->valuestring : ncre_json_str(o, "code");

		if (code != NULL && s->nsubj < MAX_SUBJ)
			snprintf(s->subj[s->nsubj++], sizeof(s->subj[0]), "%s", code);
	}
	if (idt == NULL || idn == NULL || ncre_id_type_from_code(idt, &t) != 0 ||
	    (t != NCRE_ID_RESIDENT && t != NCRE_ID_RESIDENCE_PERMIT) ||
	    ncre_validate_id(t, idn, 0, &facts) != NCRE_OK)
		return;
	for (int i = 0; i < s->n; i++) {
		const struct ncre_field *fl = s->fld[i];

		if (fl == NULL)
			continue;
		if (fl->id_check == NCRE_ID_CHECK_BIRTH_DATE && field_empty(&s->items[i].field)) {
			char d[16];

			snprintf(d, sizeof(d), "%04d-%02d-%02d", facts.year % 10000, facts.month % 100,
				 facts.day % 100);
			field_set(&s->items[i].field, d);
		}
		if (fl->id_check == NCRE_ID_CHECK_GENDER && s->items[i].choice < 0 &&
		    fl->options != NULL)
			for (size_t k = 0; k < fl->options->count; k++)
				if (strcmp(fl->options->items[k].code, facts.sex == 'M' ? "1" : "2") == 0)
					s->items[i].choice = (int)k;
	}
	explicit_bzero(&facts, sizeof(facts));
}

static void fetch_sites(struct app *app, struct personal *s)
{
	if (app_request(app, s, "GET", "/v1/sites", NULL, false, REQ_SITES) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static void fetch_subjects(struct app *app, struct personal *s)
{
	char path[64];

	if (s->site[0] == '\0')
		return;
	snprintf(path, sizeof(path), "/v1/sites/%s/subjects", s->site);
	if (app_request(app, s, "GET", path, NULL, false, REQ_SUBJECTS) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int personal_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct personal *s = st;
	char err[512];

	(void)arg;
	err[0] = '\0';
	if (app_form_load(app, &s->def, err, sizeof(err)) != 0 || build(app, s) != 0) {
		struct ui_msg m;

		/* Said once, then back to where the candidate came from. */
		s->broken = true;
		widget_form_init(&s->form, NULL, 0);
		ui_msg_text(&m, N_("The registration form could not be loaded at this kiosk. "
				   "Please call the site staff."));
		snprintf(m.detail, sizeof(m.detail), "%.200s", err[0] ? err : "memory");
		app_message(app, s, DLG_BROKEN, N_("Error"), &m);
		return 0;
	}
	prefill(app, s);
	fetch_sites(app, s);
	/* After the request started (that clears the status line). */
	if (app->forms.state == FORMS_SERVER)
		ui_msg_text(&app->status, N_("This kiosk's registration form differs from the "
					     "server's: the server's is used."));
	return 0;
}

static void personal_fini(struct app *app, void *st)
{
	struct personal *s = st;

	(void)app;
	if (s->items != NULL)
		widget_form_wipe(&s->form);
	field_clear(&s->pick.query);
	free(s->items);
	free(s->fld);
	api_json_wipe_free(&s->sites);
	api_json_wipe_free(&s->subjects);
	api_json_wipe_free(&s->draft.values);
	api_json_wipe_free(&s->draft.preview);
	api_result_clear(&s->draft.refused);
	ncre_form_free(&s->def);
	explicit_bzero(s->subj, sizeof(s->subj));
}

static void personal_layout(struct app *app, void *st, const struct rect *body)
{
	struct personal *s = st;

	s->r = *body;
	s->form.lang = app->ui.lang;
	widget_form_layout(&s->form, s->r.w);
}

static void personal_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct personal *s = st;

	if (s->form.lang != app->ui.lang)
		personal_layout(app, s, body);
	widget_form_paint(&s->form, &app->ui, w, &s->r);
	widget_choice_paint(&s->pick, &app->ui, w, body);
}

/* ---- choosing ------------------------------------------------------- */

static void open_pick(struct app *app, struct personal *s, int i)
{
	const struct ncre_field *fl = s->fld[i];
	struct ui_msg m;

	s->pick_item = i;
	if (i == s->site_item) {
		if (!cJSON_IsArray(s->sites)) {
			ui_msg_text(&app->status, N_("Loading the exam sites..."));
			s->want_pick = i + 1;
			fetch_sites(app, s);
			return;
		}
		{
			int cur = -1, k = 0;
			const cJSON *o;

			cJSON_ArrayForEach(o, s->sites) {
				if (ncre_json_str(o, "code") != NULL &&
				    strcmp(ncre_json_str(o, "code"), s->site) == 0)
					cur = k;
				k++;
			}
			widget_choice_open(&s->pick, N_("Exam site"), cJSON_GetArraySize(s->sites), cur,
					   site_keys, site_pick_row, s);
		}
	} else if (i == s->subj_item) {
		bool ticked[CHOICE_MAX] = { false };
		int k = 0;
		const cJSON *o;

		if (s->site[0] == '\0') {
			ui_msg_text(&m, N_("Choose the exam site first: it decides which subjects "
					   "can be taken."));
			app_message(app, s, DLG_INFO, N_("Subjects"), &m);
			return;
		}
		if (!cJSON_IsArray(s->subjects)) {
			ui_msg_text(&app->status, N_("Loading the subjects of the site..."));
			s->want_pick = i + 1;
			/* The sites' reply fetches the subjects next. */
			if (cJSON_IsArray(s->sites))
				fetch_subjects(app, s);
			else
				fetch_sites(app, s);
			return;
		}
		cJSON_ArrayForEach(o, s->subjects) {
			if (k < CHOICE_MAX)
				ticked[k] = subj_chosen(s, ncre_json_str(o, "code"));
			k++;
		}
		widget_multi_open(&s->pick, N_("Subjects"), cJSON_GetArraySize(s->subjects), ticked,
				  site_max(s), subj_keys, subj_pick_row, subj_blocked, s);
	} else if (fl != NULL && fl->options != NULL) {
		widget_choice_open(&s->pick, fl->label_zh, (int)fl->options->count,
				   s->items[i].choice, option_keys, option_row, (void *)fl->options);
		s->pick.title_en = fl->label_en;
	}
}

/* Keep only the chosen subjects the site offers; say so when some go. */
static void keep_offered(struct personal *s)
{
	int k = 0, before = s->nsubj;

	for (int j = 0; j < s->nsubj; j++)
		if (find_code(s->subjects, s->subj[j]) != NULL)
			memmove(s->subj[k++], s->subj[j], sizeof(s->subj[0]));
	s->nsubj = k;
	if (k < before && s->subj_item >= 0)
		ui_msg_text(&s->items[s->subj_item].msg,
			    N_("Subjects this site does not offer were taken off (R-REG-09)."));
}

static void pick_done(struct app *app, struct personal *s)
{
	int i = s->pick_item;

	if (i == s->site_item) {
		const cJSON *o = cJSON_GetArrayItem(s->sites, s->pick.chosen);
		const char *code = ncre_json_str(o, "code");

		if (code != NULL && strcmp(code, s->site) != 0) {
			snprintf(s->site, sizeof(s->site), "%s", code);
			api_json_wipe_free(&s->subjects);
			fetch_subjects(app, s);
		}
		check_item(s, i);
	} else if (i == s->subj_item) {
		const cJSON *o;
		int k = 0;

		s->nsubj = 0;
		cJSON_ArrayForEach(o, s->subjects) {
			if (k < CHOICE_MAX && s->pick.ticked[k] && s->nsubj < MAX_SUBJ)
				snprintf(s->subj[s->nsubj++], sizeof(s->subj[0]), "%s",
					 ncre_json_str(o, "code") ? ncre_json_str(o, "code") : "");
			k++;
		}
		check_item(s, i);
	} else if (s->pick.chosen >= 0) {
		s->items[i].choice = s->pick.chosen;
		check_item(s, i);
	}
}

/* ---- keys, replies -------------------------------------------------- */

static void submit(struct app *app, struct personal *s)
{
	cJSON *body;

	if (!check_all(app, s))
		return;
	if (app_form_refused(app)) {
		ui_msg_text(&app->status, N_("This kiosk's registration form differs from the "
					     "server's, which could not be read: personal information "
					     "cannot be saved here. Please call the site staff."));
		return;
	}
	api_json_wipe_free(&s->draft.values);
	s->draft.values = values(s);
	body = cJSON_Duplicate(s->draft.values, 1);
	if (s->draft.values == NULL || body == NULL ||
	    app_request(app, s, "POST", "/v1/registration/preview", body, true, REQ_PREVIEW) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc personal_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct personal *s = st;
	struct form_item *it;
	int before;

	if (s->broken)
		return SCREEN_BACK;
	s->want_pick = 0;                /* the candidate went on meanwhile */
	if (s->pick.open) {
		if (widget_choice_key(&s->pick, kind, ch) == CHOICE_DONE)
			pick_done(app, s);
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch))
		return app_confirm_discard(app, s, &s->form, DLG_DISCARD) ? SCREEN_STAY : SCREEN_BACK;
	it = widget_form_focused(&s->form);
	/* Typing on a choice opens its list with what was typed as the filter. */
	if (it != NULL && it->kind == ITEM_SELECT && kind == OK && ch > ' ' && ch != 127 &&
	    s->fld[s->form.focus] != NULL) {
		open_pick(app, s, s->form.focus);
		if (s->pick.open && !s->pick.multi)
			(void)widget_choice_key(&s->pick, kind, ch);
		return SCREEN_STAY;
	}
	before = s->form.focus;
	switch (widget_form_key(&s->form, kind, ch)) {
	case FORM_EDITED:
		check_item(s, s->form.focus);
		break;
	case FORM_TOGGLED:
		check_item(s, before);      /* the focus may have gone on to 提交 */
		break;
	case FORM_MOVED:
		if (before != s->form.focus && before >= 0 && s->fld[before] != NULL &&
		    s->fld[before]->type == NCRE_FIELD_DATE) {
			normalise_date(&s->items[before].field);
			check_item(s, before);
		}
		break;
	case FORM_CHOOSE:
		open_pick(app, s, s->form.focus);
		break;
	case FORM_ACTION:
		if (widget_form_focused(&s->form)->action == ACT_SUBMIT)
			submit(app, s);
		else if (!app_confirm_discard(app, s, &s->form, DLG_DISCARD))
			return SCREEN_BACK;
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void personal_reply(struct app *app, void *st, struct api_result *res)
{
	struct personal *s = st;
	struct screen_arg arg = { .mode = 0 };

	if (res->status != API_OK) {
		s->want_pick = 0;
		if (res->tag == REQ_PREVIEW && res->status == API_ERROR &&
		    reg_fields_verdict(&s->form, res) > 0) {
			ui_msg_text(&app->status, N_("Some fields need correcting; see the messages."));
			return;
		}
		if (res->tag == REQ_PREVIEW)
			(void)app_form_verdict(app, &s->form, res);
		else
			app_show_failure(app, res);
		return;
	}
	switch (res->tag) {
	case REQ_SITES:
		api_json_wipe_free(&s->sites);
		s->sites = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(res->body, "sites"), 1);
		fetch_subjects(app, s);
		/* Enter was pressed on the site while the list was loading. */
		if (s->want_pick == s->site_item + 1 && s->site_item >= 0) {
			s->want_pick = 0;
			open_pick(app, s, s->site_item);
		}
		break;
	case REQ_SUBJECTS:
		api_json_wipe_free(&s->subjects);
		s->subjects = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(res->body, "subjects"),
					      1);
		keep_offered(s);
		if (s->want_pick == s->subj_item + 1 && s->subj_item >= 0 && !s->pick.open) {
			s->want_pick = 0;
			open_pick(app, s, s->subj_item);
		}
		break;
	case REQ_PREVIEW:
		api_json_wipe_free(&s->draft.preview);
		s->draft.preview = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(res->body,
										     "confirmation"), 1);
		if (s->draft.preview == NULL)
			s->draft.preview = cJSON_Duplicate(res->body, 1);
		s->draft.saved = false;
		s->draft.verdict = false;
		arg.data = &s->draft;
		app_push(app, &screen_confirm, &arg);
		break;
	default:
		break;
	}
}

/* Back from the confirmation: saved (leave too), refused (the verdict
 * under the fields), or 取消 (everything as it was). */
static void personal_resume(struct app *app, void *st)
{
	struct personal *s = st;

	if (s->draft.saved) {
		/* Saved: on to the next unfinished step, as the wizard goes (the
		 * photo, 照片信息采集), else back to the status page. */
		if (app->reg != NULL && !ncre_json_bool(app->reg, "photo", false) &&
		    !ncre_json_bool(app->reg, "locked", false))
			app_replace(app, &screen_photo, NULL);
		else
			app_pop(app);
		return;
	}
	if (s->draft.verdict) {
		s->draft.verdict = false;
		if (reg_fields_verdict(&s->form, &s->draft.refused) == 0)
			(void)app_form_verdict(app, &s->form, &s->draft.refused);
		api_result_clear(&s->draft.refused);
	}
	/* Places may have changed meanwhile. */
	fetch_subjects(app, s);
}

static void personal_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if ((tag == DLG_DISCARD && result == 1) || tag == DLG_BROKEN)
		app_pop(app);
}

static const char *personal_hints(struct app *app, void *st)
{
	struct personal *s = st;

	(void)app;
	if (s->pick.open)
		return widget_choice_hints(&s->pick);
	return N_("Tab/Up/Down: move  Enter: choose  Space: tick  Esc: back");
}

const struct screen screen_personal = {
	.name = "personal",
	.state_size = sizeof(struct personal),
	.init = personal_init,
	.fini = personal_fini,
	.layout = personal_layout,
	.paint = personal_paint,
	.key = personal_key,
	.reply = personal_reply,
	.dialog = personal_dialog,
	.resume = personal_resume,
	.hints = personal_hints,
};
