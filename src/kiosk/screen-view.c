/*
 * 查看报名信息: what the candidate submitted, read-only, whenever a
 * registration exists; after payment (when 修改报名信息 is gone) the only
 * way to see it. As the seed's 报名个人信息 table: province, site, 科目上限,
 * ID, name, then the personal information in the form's order (option
 * codes as their labels), each subject and its 意向考试日期 as the server
 * words it. Drawn from app->reg, read again when the screen opens.
 */
#include <stdio.h>
#include <string.h>

#include "ncre/form.h"
#include "ncre/json.h"
#include "ncre/validate.h"
#include "app.h"
#include "registration.h"

enum { REQ_REG = 1 };
enum { ACT_BACK = 1 };

struct view {
	struct textview tv;
	struct rect tv_r, form_r;
	struct form_item items[1];
	struct form form;
	struct ncre_form *def;
	enum lang built_lang;
};

static void pair(struct textview *tv, const char *label, const char *value)
{
	(void)widget_text_add_pair(tv, label, ROLE_NORMAL, value != NULL && value[0] ? value : "-");
}

void reg_info_add(struct textview *tv, const struct ncre_form *def, const cJSON *reg,
		  enum lang lang, int w)
{
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(reg, "info"), *v;
	const char *code = i18n_code(lang);
	char label[200];

	(void)w;
	if (!cJSON_IsObject(info))
		return;
	for (size_t i = 0; def != NULL && i < ncre_form_section_count(def); i++) {
		const struct ncre_section *sec = ncre_form_section(def, i);

		for (size_t k = 0; sec != NULL && k < sec->count; k++) {
			const struct ncre_field *fl = &sec->fields[k];
			const char *text;

			v = cJSON_GetObjectItemCaseSensitive(info, fl->id);
			if (v == NULL)
				continue;
			text = cJSON_IsString(v) ? v->valuestring : cJSON_IsTrue(v) ? _("Yes") : NULL;
			if (fl->options != NULL && cJSON_IsString(v) &&
			    ncre_option_label(fl->options, v->valuestring, code) != NULL)
				text = ncre_option_label(fl->options, v->valuestring, code);
			snprintf(label, sizeof(label), "%s: ", ncre_field_label(fl, code));
			pair(tv, label, text);
		}
	}
	if (def != NULL)
		return;
	/* Without the form: as sent. */
	cJSON_ArrayForEach(v, info) {
		snprintf(label, sizeof(label), "%s: ", v->string != NULL ? v->string : "");
		pair(tv, label, cJSON_IsString(v) ? v->valuestring : NULL);
	}
}

static void view_build(struct app *app, struct view *s)
{
	const cJSON *r = app->reg, *site = cJSON_GetObjectItemCaseSensitive(r, "site"), *o;
	const char *idt = ncre_json_str(r, "id_type");
	enum ncre_id_type t;
	enum lang lang = app->ui.lang;
	int w = s->tv_r.w - 1, top = s->tv.top;
	char buf[400];
	long long max = 0;

	widget_text_clear(&s->tv);
	s->built_lang = lang;
	(void)widget_text_add(&s->tv, ROLE_HEADING, _("Registration details"), w, 0);
	(void)widget_text_blank(&s->tv);
	if (!ncre_json_bool(r, "exists", false)) {
		(void)widget_text_add(&s->tv, ROLE_STATUS, _("Loading..."), w, 0);
		return;
	}
	snprintf(buf, sizeof(buf), "(%s)", ncre_json_str(site, "province") ?
		 ncre_json_str(site, "province") : "");
	pair(&s->tv, _("Province: "), cJSON_IsObject(site) ? buf : NULL);
	buf[0] = '\0';
	if (cJSON_IsObject(site))
		reg_coded_name(site, lang, buf, sizeof(buf));
	pair(&s->tv, _("Exam site: "), buf);
	buf[0] = '\0';
	if (ncre_json_int(site, "max_subjects", &max) == 0)
		snprintf(buf, sizeof(buf), "%lld", max);
	pair(&s->tv, _("Most subjects: "), buf);
	if (idt != NULL && ncre_id_type_from_code(idt, &t) == 0)
		idt = i18n_id_type(lang, t);
	pair(&s->tv, _("ID type: "), idt);
	pair(&s->tv, _("ID number: "), ncre_json_str(r, "id_number"));
	pair(&s->tv, _("Name: "), ncre_json_str(r, "name"));
	reg_info_add(&s->tv, s->def, r, lang, w);
	(void)widget_text_blank(&s->tv);
	(void)widget_text_add(&s->tv, ROLE_LABEL, _("Subjects:"), w, 0);
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(r, "subjects")) {
		const char *when = i18n_pick(lang, ncre_json_str(o, "intent_zh"),
					     ncre_json_str(o, "intent_en"));

		reg_coded_name(o, lang, buf, sizeof(buf));
		(void)widget_text_add(&s->tv, ROLE_NORMAL, buf, w, 2);
		if (when[0] != '\0') {
			char line[700];

			snprintf(line, sizeof(line), _("Intended exam date: %s"), when);
			(void)widget_text_add(&s->tv, ROLE_NORMAL, line, w, 4);
		}
	}
	s->tv.top = top;
	explicit_bzero(buf, sizeof(buf));
}

static int view_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct view *s = st;
	char err[256];

	(void)arg;
	s->items[0] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					  .action = ACT_BACK };
	widget_form_init(&s->form, s->items, 1);
	if (app_form_load(app, &s->def, err, sizeof(err)) != 0)
		s->def = NULL;          /* the values are shown as sent */
	if (app_request(app, s, "GET", "/v1/registration", NULL, true, REQ_REG) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
	return 0;
}

static void view_fini(struct app *app, void *st)
{
	struct view *s = st;

	(void)app;
	widget_text_clear(&s->tv);
	ncre_form_free(&s->def);
}

static void view_layout(struct app *app, void *st, const struct rect *body)
{
	struct view *s = st;

	widget_form_layout(&s->form, body->w);
	s->tv_r = (struct rect){ body->y + 1, body->x, body->h - s->form.height - 1, body->w };
	s->form_r = (struct rect){ body->y + body->h - s->form.height, body->x, s->form.height,
				   body->w };
	view_build(app, s);
}

static void view_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct view *s = st;

	(void)body;
	if (s->built_lang != app->ui.lang)
		view_build(app, s);
	widget_text_paint(&s->tv, &app->ui, w, &s->tv_r);
	widget_form_paint(&s->form, &app->ui, w, &s->form_r);
}

static enum screen_rc view_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct view *s = st;
	int page = s->tv_r.h > 1 ? s->tv_r.h - 1 : 1;

	(void)app;
	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:    widget_text_scroll(&s->tv, -1, s->tv_r.h); return SCREEN_STAY;
		case KEY_DOWN:  widget_text_scroll(&s->tv, 1, s->tv_r.h); return SCREEN_STAY;
		case KEY_PPAGE: widget_text_scroll(&s->tv, -page, s->tv_r.h); return SCREEN_STAY;
		case KEY_NPAGE: widget_text_scroll(&s->tv, page, s->tv_r.h); return SCREEN_STAY;
		default: break;
		}
	}
	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	if (widget_form_key(&s->form, kind, ch) == FORM_ACTION)
		return SCREEN_BACK;
	return SCREEN_STAY;
}

static void view_reply(struct app *app, void *st, struct api_result *res)
{
	struct view *s = st;

	if (res->status != API_OK) {
		app_show_failure(app, res);
		return;
	}
	app_set_reg(app, cJSON_GetObjectItemCaseSensitive(res->body, "registration"));
	view_build(app, s);
}

static const char *view_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Up/Down/PgUp/PgDn: scroll  Enter/Esc: back");
}

const struct screen screen_view = {
	.name = "view",
	.state_size = sizeof(struct view),
	.init = view_init,
	.fini = view_fini,
	.layout = view_layout,
	.paint = view_paint,
	.key = view_key,
	.reply = view_reply,
	.hints = view_hints,
};
