/*
 * Home: the current exam session (name, registration window) and the way
 * in: 开始报名 (start registration), or 查看报名信息 when a registration
 * exists already. Below, read-only, what the account registered in earlier
 * exam sessions (R-ACC-05): session, site, each subject with its paid
 * state and ticket number. Log out from here.
 */
#include <stdio.h>
#include <string.h>

#include "ncre/json.h"
#include "app.h"

enum { ACT_START = 1, ACT_VIEW, ACT_REFRESH, ACT_LOGOUT };
enum { REQ_EXAM = 1, REQ_REG, REQ_EARLIER };
enum { DLG_LOGOUT = 1 };

struct home {
	struct form_item items[3];
	struct form form;
	struct rect form_r;
	bool reg_known, reg_exists;
	bool signed_up;              /* just signed up: say so once read */
	cJSON *earlier;		/* GET /v1/registrations/earlier's list, or NULL; wiped */
};

static void home_buttons(struct home *h)
{
	int focus = h->form.focus;

	h->items[0] = h->reg_exists ?
		(struct form_item){ .kind = ITEM_BUTTON, .label = N_("View registration"),
				    .action = ACT_VIEW } :
		(struct form_item){ .kind = ITEM_BUTTON, .label = N_("Start registration"),
				    .action = ACT_START };
	if (!h->reg_known)
		h->items[0] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Refresh"),
						  .action = ACT_REFRESH };
	h->items[1] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Log out"),
					  .action = ACT_LOGOUT };
	widget_form_init(&h->form, h->items, 2);
	if (focus >= 0 && focus < 2)
		h->form.focus = focus;
	widget_form_layout(&h->form, h->form_r.w > 0 ? h->form_r.w : 60);
}

static void home_refresh(struct app *app, struct home *h)
{
	if (app_request(app, h, "GET", "/v1/exam-session", NULL, false, REQ_EXAM) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int home_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct home *h = st;

	h->form.focus = 0;
	home_buttons(h);
	h->signed_up = arg != NULL && arg->mode == HOME_SIGNED_UP;
	home_refresh(app, h);
	return 0;
}

static void home_fini(struct app *app, void *st)
{
	struct home *h = st;

	(void)app;
	api_json_wipe_free(&h->earlier);
}

static void home_resume(struct app *app, void *st)
{
	home_refresh(app, st);
}

static void home_layout(struct app *app, void *st, const struct rect *body)
{
	struct home *h = st;

	(void)app;
	h->form_r = (struct rect){ body->y + 11, body->x + 4, body->h - 11, body->w - 8 };
	widget_form_layout(&h->form, h->form_r.w);
}

static const char *home_lang_str(const struct app *app, const cJSON *o, const char *zh,
				 const char *en)
{
	const char *v = ncre_json_str(o, app->ui.lang == LANG_EN ? en : zh);

	return v != NULL ? v : "";
}

/* Earlier exam sessions, read-only, as many lines as fit below the buttons. */
static void home_paint_earlier(struct app *app, struct home *h, WINDOW *w, const struct rect *b)
{
	struct ui *ui = &app->ui;
	int y = h->form_r.y + h->form.height + 1, end = b->y + b->h;
	const cJSON *reg, *s;
	char buf[512];

	if (cJSON_GetArraySize(h->earlier) == 0 || y >= end)
		return;
	ui_put(w, y++, b->x, b->w, _("Earlier exam sessions (read only):"), ui_attr(ui, ROLE_LABEL));
	cJSON_ArrayForEach(reg, h->earlier) {
		const cJSON *site = cJSON_GetObjectItemCaseSensitive(reg, "site");
		const char *method = ncre_json_str(reg, "method");

		if (y >= end)
			return;
		snprintf(buf, sizeof(buf), "%s  %s%s%s%s  %s",
			 home_lang_str(app, cJSON_GetObjectItemCaseSensitive(reg, "exam_session"),
				       "name_zh", "name_en"),
			 cJSON_IsObject(site) ? "(" : "", cJSON_IsObject(site) ?
				ncre_json_str(site, "code") : "", cJSON_IsObject(site) ? ")" : "",
			 cJSON_IsObject(site) ? home_lang_str(app, site, "name_zh", "name_en") : "",
			 method != NULL && strcmp(method, "group") == 0 ? _("Group registration")
									: _("Candidate registration"));
		ui_put(w, y++, b->x + 2, b->w - 2, buf, ui_attr(ui, ROLE_NORMAL));
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(reg, "subjects")) {
			const char *ticket = ncre_json_str(s, "ticket_no");
			bool paid = ncre_json_bool(s, "paid", false);
			char tk[96] = "";

			if (y >= end)
				return;
			if (ticket != NULL)
				snprintf(tk, sizeof(tk), _("  Ticket %s"), ticket);
			snprintf(buf, sizeof(buf), "(%s)%s  %s%s", ncre_json_str(s, "code") ?
				 ncre_json_str(s, "code") : "", home_lang_str(app, s, "name_zh", "name_en"),
				 paid ? _("Paid") : _("Unpaid"), tk);
			ui_put(w, y++, b->x + 4, b->w - 4, buf,
			       ui_attr(ui, paid ? ROLE_OK : ROLE_NORMAL));
		}
	}
}

static void home_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct home *h = st;
	struct ui *ui = &app->ui;
	char buf[512], t1[64], t2[64];
	const char *who = app->sess.name[0] ? app->sess.name : app->sess.email;

	ui_put(w, b->y + 1, b->x, b->w, _("NCRE online registration"), ui_attr(ui, ROLE_HEADING));
	snprintf(buf, sizeof(buf), _("Logged in as %s"), who);
	ui_put(w, b->y + 2, b->x, b->w, buf, ui_attr(ui, ROLE_NORMAL));
	if (app->exam.known) {
		snprintf(buf, sizeof(buf), "%s%s", _("Exam session: "), app_exam_name(app));
		ui_put(w, b->y + 4, b->x, b->w, buf, ui_attr(ui, ROLE_NORMAL));
		app_format_time(app->exam.open, t1, sizeof(t1));
		app_format_time(app->exam.close, t2, sizeof(t2));
		snprintf(buf, sizeof(buf), _("Registration window: %s to %s"), t1, t2);
		ui_put(w, b->y + 5, b->x, b->w, buf, ui_attr(ui, ROLE_NORMAL));
		ui_put(w, b->y + 6, b->x, b->w,
		       app->exam.in_window ? _("Registration is open now.") :
					     _("Registration is closed at this time."),
		       ui_attr(ui, app->exam.in_window ? ROLE_OK : ROLE_ERROR));
	}
	if (h->reg_known)
		ui_put(w, b->y + 8, b->x, b->w,
		       h->reg_exists ? _("You have a registration in this exam session.") :
				       _("You have not registered for this exam session yet."),
		       ui_attr(ui, ROLE_NORMAL));
	widget_form_paint(&h->form, ui, w, &h->form_r);
	home_paint_earlier(app, h, w, b);
}

static enum screen_rc home_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct home *h = st;
	struct ui_msg m;

	if (key_is_esc(kind, ch) ||
	    (widget_form_key(&h->form, kind, ch) == FORM_ACTION &&
	     widget_form_focused(&h->form)->action == ACT_LOGOUT)) {
		ui_msg_text(&m, N_("Log out now?"));
		app_confirm(app, h, DLG_LOGOUT, N_("Log out"), &m);
		return SCREEN_STAY;
	}
	if (!key_is_enter(kind, ch) && !(kind == OK && ch == ' '))
		return SCREEN_STAY;
	switch (widget_form_focused(&h->form)->action) {
	case ACT_START:
		app_push(app, &screen_agreement, NULL);
		break;
	case ACT_VIEW:
		app_push(app, &screen_status, NULL);
		break;
	case ACT_REFRESH:
		home_refresh(app, h);
		break;
	}
	return SCREEN_STAY;
}

static void home_reply(struct app *app, void *st, struct api_result *res)
{
	struct home *h = st;

	if (res->status != API_OK) {
		app_show_failure(app, res);
		return;
	}
	if (res->tag == REQ_EXAM) {
		app_set_exam(app, cJSON_GetObjectItemCaseSensitive(res->body, "exam_session"));
		if (app_request(app, h, "GET", "/v1/registration", NULL, true, REQ_REG) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	if (res->tag == REQ_REG) {
		const cJSON *reg = cJSON_GetObjectItemCaseSensitive(res->body, "registration");

		h->reg_known = cJSON_IsObject(reg);
		h->reg_exists = ncre_json_bool(reg, "exists", false);
		app_set_reg(app, h->reg_known ? reg : NULL);
		home_buttons(h);
		if (app_request(app, h, "GET", "/v1/registrations/earlier", NULL, true,
				REQ_EARLIER) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	if (res->tag == REQ_EARLIER) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(res->body, "registrations");

		api_json_wipe_free(&h->earlier);
		if (cJSON_IsArray(list))
			h->earlier = cJSON_Duplicate(list, 1);
		/* Said once the reads are done (each start clears the line). */
		if (h->signed_up)
			ui_msg_text(&app->status, N_("Your passport account has been created and "
						     "you are logged in."));
		h->signed_up = false;
	}
}

static void home_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if (tag == DLG_LOGOUT && result == 1)
		app_logout(app);
}

static const char *home_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/arrows: move  Enter: choose  Esc: log out");
}

const struct screen screen_home = {
	.name = "home",
	.state_size = sizeof(struct home),
	.init = home_init,
	.fini = home_fini,
	.layout = home_layout,
	.paint = home_paint,
	.key = home_key,
	.reply = home_reply,
	.dialog = home_dialog,
	.resume = home_resume,
	.hints = home_hints,
};
