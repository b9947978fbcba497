/*
 * 选择意向考试日期 (R-INT-01..03): for each paid subject, the site's exam
 * dates with the intent places left (GET /v1/registration/intents), the
 * current choice, and a choice per subject: a date with places left, or
 * none (the exam date is then drawn at random within the site's exam
 * period). 保存 sends only what changed (PUT, one transaction on the
 * server); a refusal is shown under its subject (field "choices.CODE").
 * A chosen date is a wish: the admission ticket fixes the exam time.
 * The date lists reuse widget-choice.c.
 */
#include <string.h>

#include "ncre/json.h"
#include "app.h"
#include "registration.h"
#include "keys.h"

#define INT_SUBJ_MAX 8
#define INT_DATE_MAX 16
#define INT_ITEMS (4 + 2 * INT_SUBJ_MAX + 2)

enum { REQ_GET = 1, REQ_PUT, REQ_REFRESH };
enum { ACT_SAVE = 1, ACT_BACK };
enum { DLG_SAVED = 1, DLG_DISCARD };

struct intent_subj {
	char code[8];
	char name_zh[160], name_en[160];
	char key[24];                /* "choices.14": the server's field for it */
	char saved[16];              /* the server's choice, "" none */
	/* opts[0] is "no choice"; then the dates that can be taken now (places
	 * left, or the date already chosen, whose place is kept). */
	char opts[INT_DATE_MAX + 1][16];
	long long left[INT_DATE_MAX + 1];
	int nopts;
	int item;                    /* its ITEM_SELECT in items[], -1 none */
	char text[1024];             /* name, current choice, dates: built per language */
	char help[192];              /* under the select while no message */
	char sel[96];                /* the select's text */
};

struct intent {
	cJSON *obj;                  /* the "intents" object last read */
	bool failed;                 /* the first read failed */
	struct intent_subj subj[INT_SUBJ_MAX];
	int nsubj;
	char reason[512];            /* why nothing can be chosen now, "" none */
	char period[160];
	struct form_item items[INT_ITEMS];
	struct form form;
	struct rect r;
	enum lang built_lang;
	struct choice pick;
	int pick_subj;
};

/* Option i is a date (0 is "no choice"). */
static bool is_date(const struct intent_subj *sj, int i)
{
	return i > 0 && i < sj->nopts && i <= INT_DATE_MAX;
}

static const char *choice_text(const struct intent_subj *sj, int i)
{
	return is_date(sj, i) ? sj->opts[i] : "";
}

/* The select shows the date, or that none is chosen. */
static const char *sel_label(int i, enum lang lang, void *ud)
{
	struct intent_subj *sj = ud;

	(void)lang;
	if (!is_date(sj, i))
		snprintf(sj->sel, sizeof(sj->sel), "%s", _("No choice (random assignment)"));
	else
		snprintf(sj->sel, sizeof(sj->sel), "%s", sj->opts[i]);
	return sj->sel;
}

/* widget-choice.c: what an option is filtered by, and its row. */
static void pick_keys(int i, void *ud, const char **code, const char **zh, const char **en)
{
	struct intent_subj *sj = ud;
	bool date = is_date(sj, i);

	*code = date ? sj->opts[i] : "";
	*zh = date ? sj->opts[i] : "不选择";
	*en = date ? sj->opts[i] : "none random";
}

static void pick_row(int i, enum lang lang, char *buf, size_t n, void *ud)
{
	struct intent_subj *sj = ud;

	(void)lang;
	if (!is_date(sj, i))
		snprintf(buf, n, "%s",
			 _("No choice: assigned at random within the site's exam period"));
	else
		snprintf(buf, n, ngettext("%s  (%lld place left)", "%s  (%lld places left)",
					  (unsigned long)sj->left[i]), sj->opts[i], sj->left[i]);
}

static int subj_choice(const struct intent *s, const struct intent_subj *sj)
{
	return sj->item >= 0 ? s->items[sj->item].choice : 0;
}

static bool changed(const struct intent *s, const struct intent_subj *sj)
{
	return sj->item >= 0 && strcmp(choice_text(sj, subj_choice(s, sj)), sj->saved) != 0;
}

static bool any_changed(const struct intent *s)
{
	for (int i = 0; i < s->nsubj; i++)
		if (changed(s, &s->subj[i]))
			return true;
	return false;
}

static void set_help(struct intent *s, struct intent_subj *sj)
{
	if (sj->item < 0)
		return;
	snprintf(sj->help, sizeof(sj->help), "%s",
		 changed(s, sj) ? _("Changed; press Save to keep it.") : "");
	s->items[sj->item].help_zh = sj->help;
	s->items[sj->item].help_en = sj->help;
}

/* One subject's text in the current language: its name, how its exam
 * date reads now (the server's words, with "informal"), and every date
 * of the site with the places left (full ones too, not choosable). */
static void subj_text(struct app *app, const cJSON *o, struct intent_subj *sj)
{
	const cJSON *d;
	char name[200];
	size_t l;
	const char *now = i18n_pick(app->ui.lang, ncre_json_str(o, "intent_zh"),
				    ncre_json_str(o, "intent_en"));

	reg_coded_name(o, app->ui.lang, name, sizeof(name));
	snprintf(sj->text, sizeof(sj->text), "%s\n%s%s", name, _("Now: "),
		 now[0] != '\0' ? now : _("Not chosen"));
	l = strlen(sj->text);
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "dates")) == 0) {
		snprintf(sj->text + l, sizeof(sj->text) - l, "\n%s",
			 _("The site lists no exam date for this subject to choose."));
		return;
	}
	snprintf(sj->text + l, sizeof(sj->text) - l, "\n%s", _("Dates: "));
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(o, "dates")) {
		long long left = 0;
		const char *date = ncre_json_str(d, "date");

		if (date == NULL)
			continue;
		(void)ncre_json_int(d, "remaining", &left);
		l = strlen(sj->text);
		if (left > 0)
			snprintf(sj->text + l, sizeof(sj->text) - l, _("%s (%lld left)  "), date,
				 left);
		else
			snprintf(sj->text + l, sizeof(sj->text) - l, _("%s (full)  "), date);
	}
}

/* The subjects from the server's object; keep the choices on screen (by
 * date) and the messages under them across a refresh when asked. */
static void intent_build(struct app *app, struct intent *s, bool keep)
{
	char was[INT_SUBJ_MAX][16], codes[INT_SUBJ_MAX][8];
	struct ui_msg msgs[INT_SUBJ_MAX];
	int nwas = 0, n = 0, focus = s->form.focus;
	const cJSON *subs, *o;

	if (keep) {
		for (int i = 0; i < s->nsubj && i < INT_SUBJ_MAX; i++) {
			struct intent_subj *sj = &s->subj[i];

			snprintf(codes[nwas], sizeof(codes[0]), "%s", sj->code);
			snprintf(was[nwas], sizeof(was[0]), "%s", choice_text(sj, subj_choice(s, sj)));
			msgs[nwas] = sj->item >= 0 ? s->items[sj->item].msg : (struct ui_msg){ 0 };
			nwas++;
		}
	}
	memset(s->items, 0, sizeof(s->items));
	s->nsubj = 0;
	s->reason[0] = '\0';
	s->period[0] = '\0';
	s->built_lang = app->ui.lang;
	s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					    .label = N_("Choose intended exam dates") };
	s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NOTICE,
		.label = N_("An intended exam date is arranged where possible, not guaranteed; "
			    "without a choice the exam date is assigned at random within the "
			    "site's exam period. A chosen date is informal: the admission ticket "
			    "fixes the exam time.") };
	if (s->obj == NULL) {
		s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_STATUS,
			.label = s->failed ? N_("The dates could not be loaded. Press ^R to try "
						"again.") : N_("Loading...") };
		goto buttons;
	}
	{
		const cJSON *per = cJSON_GetObjectItemCaseSensitive(s->obj, "exam_period");

		if (ncre_json_str(per, "start") != NULL && ncre_json_str(per, "end") != NULL) {
			snprintf(s->period, sizeof(s->period), _("Exam period of the site: %s to %s"),
				 ncre_json_str(per, "start"), ncre_json_str(per, "end"));
			s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
							    .label = s->period,
							    .label_en = s->period };
		}
	}
	if (!ncre_json_bool(s->obj, "possible", false)) {
		enum ncre_err e;
		const char *code = ncre_json_str(s->obj, "reason");

		if (code != NULL && ncre_err_from_code(code, &e) == 0)
			snprintf(s->reason, sizeof(s->reason), "%s",
				 i18n_err(app->ui.lang, e));
		else
			snprintf(s->reason, sizeof(s->reason), "%s",
				 _("An intended exam date cannot be chosen now."));
		s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_ERROR,
						    .label = s->reason, .label_en = s->reason };
	}
	subs = cJSON_GetObjectItemCaseSensitive(s->obj, "subjects");
	if (cJSON_GetArraySize(subs) == 0 && s->reason[0] == '\0') {
		s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
			.label = N_("No subject is paid yet: an intended date comes after payment.") };
	}
	cJSON_ArrayForEach(o, subs) {
		struct intent_subj *sj;
		const char *code = ncre_json_str(o, "code"), *saved = ncre_json_str(o, "intent_date");
		const char *want;
		const cJSON *d;
		int cur = 0;

		if (code == NULL || s->nsubj >= INT_SUBJ_MAX || n + 3 > INT_ITEMS)
			continue;
		sj = &s->subj[s->nsubj++];
		memset(sj, 0, sizeof(*sj));
		snprintf(sj->code, sizeof(sj->code), "%s", code);
		snprintf(sj->key, sizeof(sj->key), "choices.%s", code);
		snprintf(sj->saved, sizeof(sj->saved), "%s", saved != NULL ? saved : "");
		snprintf(sj->name_zh, sizeof(sj->name_zh), "%s", ncre_json_str(o, "name_zh") ?
			 ncre_json_str(o, "name_zh") : code);
		snprintf(sj->name_en, sizeof(sj->name_en), "%s", ncre_json_str(o, "name_en") ?
			 ncre_json_str(o, "name_en") : sj->name_zh);
		want = sj->saved;
		for (int k = 0; k < nwas; k++)
			if (strcmp(codes[k], code) == 0)
				want = was[k];
		sj->nopts = 1;
		sj->opts[0][0] = '\0';
		cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(o, "dates")) {
			const char *date = ncre_json_str(d, "date");
			long long left = 0;

			(void)ncre_json_int(d, "remaining", &left);
			if (date == NULL || strlen(date) >= sizeof(sj->opts[0]) ||
			    sj->nopts > INT_DATE_MAX || (left <= 0 && strcmp(date, sj->saved) != 0))
				continue;
			snprintf(sj->opts[sj->nopts], sizeof(sj->opts[0]), "%s", date);
			sj->left[sj->nopts] = left;
			if (strcmp(date, want) == 0)
				cur = sj->nopts;
			sj->nopts++;
		}
		subj_text(app, o, sj);
		s->items[n++] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_LABEL,
						    .label = sj->text, .label_en = sj->text };
		sj->item = -1;
		if (s->reason[0] != '\0' || sj->nopts <= 1)
			continue;
		sj->item = n;
		s->items[n++] = (struct form_item){ .kind = ITEM_SELECT, .key = sj->key,
			.label = N_("Intended exam date"), .input_cols = 36, .choice = cur,
			.nchoices = sj->nopts, .choice_label = sel_label, .choice_ud = sj };
	}
buttons:
	if (s->obj != NULL && s->reason[0] == '\0' && s->nsubj > 0)
		s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Save"),
						    .action = ACT_SAVE };
	s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					    .action = ACT_BACK };
	widget_form_init(&s->form, s->items, n);
	s->form.lang = app->ui.lang;
	for (int i = 0; i < s->nsubj; i++) {
		struct intent_subj *sj = &s->subj[i];

		set_help(s, sj);
		for (int k = 0; k < nwas && sj->item >= 0; k++)
			if (strcmp(codes[k], sj->code) == 0)
				s->items[sj->item].msg = msgs[k];
	}
	if (keep && focus >= 0 && focus < n)
		widget_form_focus(&s->form, focus);
	widget_form_layout(&s->form, s->r.w > 0 ? s->r.w : 80);
}

static void intent_fetch(struct app *app, struct intent *s, int tag)
{
	if (app_request(app, s, "GET", "/v1/registration/intents", NULL, true, tag) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int intent_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct intent *s = st;

	(void)arg;
	s->pick_subj = -1;
	intent_build(app, s, false);
	intent_fetch(app, s, REQ_GET);
	return 0;
}

static void intent_fini(struct app *app, void *st)
{
	struct intent *s = st;

	(void)app;
	field_clear(&s->pick.query);
	api_json_wipe_free(&s->obj);
	explicit_bzero(s->subj, sizeof(s->subj));
}

static void intent_layout(struct app *app, void *st, const struct rect *body)
{
	struct intent *s = st;

	s->r = *body;
	if (s->built_lang != app->ui.lang)
		intent_build(app, s, true);    /* texts are built in the language */
	s->form.lang = app->ui.lang;
	widget_form_layout(&s->form, s->r.w);
}

static void intent_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct intent *s = st;

	if (s->built_lang != app->ui.lang)
		intent_layout(app, s, body);
	widget_form_paint(&s->form, &app->ui, w, &s->r);
	widget_choice_paint(&s->pick, &app->ui, w, body);
}

static struct intent_subj *subj_of_item(struct intent *s, int item)
{
	for (int i = 0; i < s->nsubj; i++)
		if (s->subj[i].item == item && item >= 0)
			return &s->subj[i];
	return NULL;
}

static void open_pick(struct intent *s, int item)
{
	struct intent_subj *sj = subj_of_item(s, item);

	if (sj == NULL)
		return;
	s->pick_subj = (int)(sj - s->subj);
	widget_choice_open(&s->pick, sj->name_zh, sj->nopts, s->items[item].choice, pick_keys,
			   pick_row, sj);
	s->pick.title_en = sj->name_en;
}

static void save(struct app *app, struct intent *s)
{
	cJSON *body = cJSON_CreateObject(), *choices;
	int n = 0;

	choices = body != NULL ? cJSON_AddObjectToObject(body, "choices") : NULL;
	if (choices == NULL)
		goto fail;
	for (int i = 0; i < s->nsubj; i++) {
		struct intent_subj *sj = &s->subj[i];
		int c = subj_choice(s, sj);

		if (!changed(s, sj))
			continue;
		ui_msg_clear(&s->items[sj->item].msg);
		if ((is_date(sj, c) ? cJSON_AddStringToObject(choices, sj->code, sj->opts[c]) :
			     cJSON_AddNullToObject(choices, sj->code)) == NULL)
			goto fail;
		n++;
	}
	if (n == 0) {
		cJSON_Delete(body);
		ui_msg_text(&app->status, N_("Nothing to save: no date was changed."));
		return;
	}
	if (app_request(app, s, "PUT", "/v1/registration/intents", body, true, REQ_PUT) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
	return;
fail:
	cJSON_Delete(body);
	ui_msg_text(&app->status, N_("The request could not be started."));
}

/* Leave, asking first when a changed date would be lost. */
static enum screen_rc leave(struct app *app, struct intent *s)
{
	struct ui_msg m;

	if (!any_changed(s))
		return SCREEN_BACK;
	ui_msg_text(&m, N_("Leave this page? The dates you chose are not saved."));
	app_confirm(app, s, DLG_DISCARD, N_("Leave"), &m);
	return SCREEN_STAY;
}

static enum screen_rc intent_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct intent *s = st;
	struct form_item *it;

	if (s->pick.open) {
		if (widget_choice_key(&s->pick, kind, ch) == CHOICE_DONE && s->pick_subj >= 0 &&
		    s->pick.chosen >= 0) {
			struct intent_subj *sj = &s->subj[s->pick_subj];

			s->items[sj->item].choice = s->pick.chosen;
			ui_msg_clear(&s->items[sj->item].msg);
			set_help(s, sj);
		}
		return SCREEN_STAY;
	}
	if (kind == OK && ch == KEY_CTRL_R) {
		intent_fetch(app, s, REQ_REFRESH);
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch))
		return leave(app, s);
	it = widget_form_focused(&s->form);
	/* Typing on a select opens its list with what was typed as the filter. */
	if (it != NULL && it->kind == ITEM_SELECT && kind == OK && ch > ' ' && ch != 127) {
		open_pick(s, s->form.focus);
		if (s->pick.open)
			(void)widget_choice_key(&s->pick, kind, ch);
		return SCREEN_STAY;
	}
	switch (widget_form_key(&s->form, kind, ch)) {
	case FORM_CHOOSE:
		open_pick(s, s->form.focus);
		break;
	case FORM_EDITED:                                  /* Left/Right on a select */
		if (subj_of_item(s, s->form.focus) != NULL) {
			ui_msg_clear(&s->items[s->form.focus].msg);
			set_help(s, subj_of_item(s, s->form.focus));
		}
		break;
	case FORM_ACTION:
		if (widget_form_focused(&s->form)->action == ACT_SAVE)
			save(app, s);
		else
			return leave(app, s);
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void take(struct app *app, struct intent *s, struct api_result *res, bool keep)
{
	cJSON *obj = res->body != NULL ?
		     cJSON_DetachItemFromObjectCaseSensitive(res->body, "intents") : NULL;

	if (!cJSON_IsObject(obj)) {
		api_json_wipe_free(&obj);
		ui_msg_text(&app->status, N_("The server sent a reply the kiosk does not understand."));
		return;
	}
	api_json_wipe_free(&s->obj);
	s->obj = obj;
	intent_build(app, s, keep);
}

static void intent_reply(struct app *app, void *st, struct api_result *res)
{
	struct intent *s = st;
	struct ui_msg m;

	if (res->status != API_OK) {
		if (res->tag == REQ_PUT) {
			/* Under the subject it names (INTENT_DATE_FULL ...), then the
			 * places as they are now. */
			if (app_form_verdict(app, &s->form, res))
				intent_fetch(app, s, REQ_REFRESH);
			return;
		}
		if (s->obj == NULL) {
			s->failed = true;
			intent_build(app, s, false);
		}
		app_show_failure(app, res);
		return;
	}
	take(app, s, res, res->tag == REQ_REFRESH);
	if (res->tag == REQ_PUT) {
		ui_msg_text(&m, N_("Your intended exam dates were saved. They are informal: the "
				   "admission ticket fixes the exam time."));
		app_message(app, s, DLG_SAVED, N_("Saved"), &m);
	}
}

static void intent_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if (tag == DLG_SAVED || (tag == DLG_DISCARD && result == 1))
		app_pop(app);
}

static const char *intent_hints(struct app *app, void *st)
{
	struct intent *s = st;

	(void)app;
	if (s->pick.open)
		return widget_choice_hints(&s->pick);
	return N_("Tab: move  Enter: choose a date  Esc: back  ^R: refresh");
}

const struct screen screen_intent = {
	.name = "intent",
	.state_size = sizeof(struct intent),
	.init = intent_init,
	.fini = intent_fini,
	.layout = intent_layout,
	.paint = intent_paint,
	.key = intent_key,
	.reply = intent_reply,
	.dialog = intent_dialog,
	.hints = intent_hints,
};
