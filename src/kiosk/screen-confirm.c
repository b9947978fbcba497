/*
 * 报名信息确认 (R-REG-04): before anything is saved, the server's preview
 * of the change: name, ID type and number, site, the subjects this change
 * cancels, the subjects it adds, and all subjects if the save succeeds.
 * 确定 saves (PUT /v1/registration/info); 取消 goes back to the form with
 * every value as it was. A refusal goes back to the form too, under the
 * fields it names.
 */
#include <string.h>

#include "ncre/json.h"
#include "ncre/text.h"
#include "ncre/validate.h"
#include "app.h"
#include "registration.h"

enum { I_OK, I_CANCEL, I_COUNT };
enum { ACT_OK = 1, ACT_CANCEL };
enum { REQ_SAVE = 1 };

struct confirm {
	struct reg_draft *draft;
	struct textview tv;
	struct rect tv_r, form_r;
	struct form_item items[I_COUNT];
	struct form form;
	enum lang built_lang;
};

static const cJSON *member(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

	return v != NULL || b == NULL ? v : cJSON_GetObjectItemCaseSensitive(o, b);
}

/* "(14)计算机基础及WPS Office应用 (15)…", or 无 for none. */
static void subject_list(const cJSON *arr, enum lang lang, char *out, size_t n)
{
	const cJSON *o;
	size_t len = 0;

	out[0] = '\0';
	cJSON_ArrayForEach(o, arr) {
		char name[200];

		if (cJSON_IsString(o))
			snprintf(name, sizeof(name), "(%s)", o->valuestring);
		else
			reg_coded_name(o, lang, name, sizeof(name));
		if (len < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "  " : "", name);
	}
	if (out[0] == '\0')
		snprintf(out, n, "%s", _("None"));
}

/* A subjects line: "label: (14)…  (15)…" when it fits the width, else the
 * label alone and one subject a line under it, so that none is cut off. */
static void add_subjects(struct textview *tv, const char *label, const cJSON *arr,
			 enum lang lang, int w)
{
	char buf[1024];
	const cJSON *o;

	subject_list(arr, lang, buf, sizeof(buf));
	if (ncre_utf8_width(label) + ncre_utf8_width(buf) <= w ||
	    cJSON_GetArraySize(arr) < 2) {
		(void)widget_text_add_pair(tv, label, ROLE_NORMAL, buf);
		return;
	}
	(void)widget_text_add_pair(tv, label, ROLE_NORMAL, "");
	cJSON_ArrayForEach(o, arr) {
		if (cJSON_IsString(o))
			snprintf(buf, sizeof(buf), "(%s)", o->valuestring);
		else
			reg_coded_name(o, lang, buf, sizeof(buf));
		(void)widget_text_add(tv, ROLE_NORMAL, buf, w, 2);
	}
}

static void confirm_build(struct app *app, struct confirm *s)
{
	const cJSON *p = s->draft != NULL ? s->draft->preview : NULL;
	const cJSON *site = cJSON_GetObjectItemCaseSensitive(p, "site");
	enum lang lang = app->ui.lang;
	const char *idt = ncre_json_str(p, "id_type"), *v;
	enum ncre_id_type t;
	char buf[1024];
	int w = s->tv_r.w - 1;

	widget_text_clear(&s->tv);
	s->built_lang = lang;
	(void)widget_text_add(&s->tv, ROLE_HEADING, _("Confirm the registration"), w, 0);
	(void)widget_text_blank(&s->tv);
	v = ncre_json_str(p, "name");
	(void)widget_text_add_pair(&s->tv, _("Name: "), ROLE_NORMAL, v != NULL ? v : "");
	if (idt != NULL && ncre_id_type_from_code(idt, &t) == 0)
		idt = i18n_id_type(lang, t);
	(void)widget_text_add_pair(&s->tv, _("ID type: "), ROLE_NORMAL, idt != NULL ? idt : "");
	v = ncre_json_str(p, "id_number");
	(void)widget_text_add_pair(&s->tv, _("ID number: "), ROLE_NORMAL, v != NULL ? v : "");
	if (cJSON_IsObject(site))
		reg_coded_name(site, lang, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s", cJSON_IsString(site) ? site->valuestring : "");
	(void)widget_text_add_pair(&s->tv, _("Exam site: "), ROLE_NORMAL, buf);
	add_subjects(&s->tv, _("Subjects cancelled by this change: "),
		     member(p, "cancelled", "removed"), lang, w);
	add_subjects(&s->tv, _("Subjects added by this change: "), member(p, "added", NULL), lang,
		     w);
	add_subjects(&s->tv, _("All subjects if the save succeeds: "), member(p, "subjects", "all"),
		     lang, w);
	(void)widget_text_blank(&s->tv);
	(void)widget_text_add(&s->tv, ROLE_NOTICE,
			      _("Please check, and press OK only when everything above is right."),
			      w, 0);
	explicit_bzero(buf, sizeof(buf));
}

static int confirm_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct confirm *s = st;

	(void)app;
	s->draft = arg != NULL ? arg->data : NULL;
	if (s->draft == NULL)
		return -1;
	s->items[I_OK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("OK"),
					     .action = ACT_OK };
	s->items[I_CANCEL] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Cancel"),
						 .action = ACT_CANCEL };
	widget_form_init(&s->form, s->items, I_COUNT);
	return 0;
}

static void confirm_fini(struct app *app, void *st)
{
	(void)app;
	widget_text_clear(&((struct confirm *)st)->tv);
}

static void confirm_layout(struct app *app, void *st, const struct rect *body)
{
	struct confirm *s = st;
	int fh;

	widget_form_layout(&s->form, body->w);
	fh = s->form.height;
	s->tv_r = (struct rect){ body->y + 1, body->x, body->h - fh - 1, body->w };
	s->form_r = (struct rect){ body->y + body->h - fh, body->x, fh, body->w };
	confirm_build(app, s);
}

static void confirm_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct confirm *s = st;

	(void)body;
	if (s->built_lang != app->ui.lang)
		confirm_build(app, s);
	widget_text_paint(&s->tv, &app->ui, w, &s->tv_r);
	widget_form_paint(&s->form, &app->ui, w, &s->form_r);
}

static void save(struct app *app, struct confirm *s)
{
	cJSON *body = cJSON_Duplicate(s->draft->values, 1);

	/* 确定 is the candidate's confirmation (R-REG-04), sent with the values. */
	if (body == NULL || cJSON_AddTrueToObject(body, "confirm") == NULL ||
	    app_request(app, s, "PUT", "/v1/registration/info", body, true, REQ_SAVE) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc confirm_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct confirm *s = st;
	int page = s->tv_r.h > 1 ? s->tv_r.h - 1 : 1;

	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	if (kind == KEY_CODE_YES && (ch == KEY_PPAGE || ch == KEY_NPAGE)) {
		widget_text_scroll(&s->tv, ch == KEY_PPAGE ? -page : page, s->tv_r.h);
		return SCREEN_STAY;
	}
	if (kind == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN))
		ch = ch == KEY_UP ? KEY_LEFT : KEY_RIGHT;
	if (widget_form_key(&s->form, kind, ch) == FORM_ACTION) {
		if (widget_form_focused(&s->form)->action == ACT_OK)
			save(app, s);
		else
			return SCREEN_BACK;
	}
	return SCREEN_STAY;
}

static void confirm_reply(struct app *app, void *st, struct api_result *res)
{
	struct confirm *s = st;

	if (res->tag != REQ_SAVE)
		return;
	if (res->status == API_OK) {
		app_set_reg(app, cJSON_GetObjectItemCaseSensitive(res->body, "registration"));
		s->draft->saved = true;
		ui_msg_text(&app->status, N_("Saved."));
		app_pop(app);
		return;
	}
	if (res->status == API_ERROR) {
		/* The form shows it under the fields: hand the verdict over. */
		api_result_clear(&s->draft->refused);
		s->draft->refused = *res;
		res->body = NULL;
		s->draft->verdict = true;
		app_pop(app);
		return;
	}
	app_show_failure(app, res);
	/* Esc after the save was sent: it may have been made, so this
	 * preview may be out of date. Back to the form; 提交 there asks the
	 * server for a new one. */
	if (res->status == API_CANCELLED && res->sent)
		app_pop(app);
}

static const char *confirm_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Left/Right: move  Enter: choose  Esc: back to the form");
}

const struct screen screen_confirm = {
	.name = "confirm",
	.state_size = sizeof(struct confirm),
	.init = confirm_init,
	.fini = confirm_fini,
	.layout = confirm_layout,
	.paint = confirm_paint,
	.key = confirm_key,
	.reply = confirm_reply,
	.hints = confirm_hints,
};
