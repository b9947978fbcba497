/*
 * Welcome: the first screen. Log in, or create a passport (通行证)
 * account; the current exam session is shown when the server answers.
 * In --kiosk mode there is no Quit button (staff leave with Ctrl-X and
 * the unlock code); on the Linux console a line says why the kiosk
 * speaks English there, and another one when this kiosk's registration
 * form is not the server's (app-forms.c).
 */
#include <string.h>

#include "app.h"
#include "wrap.h"

enum { ACT_LOGIN = 1, ACT_SIGNUP, ACT_QUIT };
enum { REQ_EXAM = 1 };

struct welcome {
	struct form_item items[4];
	struct form form;
	struct rect form_r;
};

static int welcome_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct welcome *w = st;

	(void)arg;
	w->items[0] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Log in"),
					  .action = ACT_LOGIN };
	w->items[1] = (struct form_item){ .kind = ITEM_BUTTON,
					  .label = N_("Create a passport account"),
					  .action = ACT_SIGNUP };
	w->items[2] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Quit"),
					  .action = ACT_QUIT };
	/* A candidate at a locked kiosk has nothing to quit to. */
	widget_form_init(&w->form, w->items, app->cfg.kiosk ? 2 : 3);
	if (app_request(app, w, "GET", "/v1/exam-session", NULL, false, REQ_EXAM) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
	return 0;
}

static void welcome_layout(struct app *app, void *st, const struct rect *body)
{
	struct welcome *w = st;

	(void)app;
	w->form_r = *body;
	w->form_r.y = body->y + 9;
	w->form_r.h = body->h - 9;
	w->form_r.x = body->x + 4;
	w->form_r.w = body->w - 8;
	widget_form_layout(&w->form, w->form_r.w);
}

static void welcome_paint(struct app *app, void *st, WINDOW *win, const struct rect *b)
{
	struct welcome *w = st;
	struct ui *ui = &app->ui;
	char buf[512], t1[64], t2[64];

	ui_put_center(win, b->y + 1, b->x, b->w, _("National Computer Rank Examination (NCRE)"),
		      ui_attr(ui, ROLE_HEADING));
	ui_put_center(win, b->y + 2, b->x, b->w, _("Registration kiosk"), ui_attr(ui, ROLE_HEADING));
	if (app->exam.known) {
		ui_put_center(win, b->y + 4, b->x, b->w, app_exam_name(app), ui_attr(ui, ROLE_NORMAL));
		app_format_time(app->exam.open, t1, sizeof(t1));
		app_format_time(app->exam.close, t2, sizeof(t2));
		snprintf(buf, sizeof(buf), _("Registration window: %s to %s"), t1, t2);
		ui_put_center(win, b->y + 5, b->x, b->w, buf, ui_attr(ui, ROLE_NORMAL));
	}
	ui_put(win, b->y + 7, b->x + 4, b->w - 8,
	       _("Log in with your passport account, or create one first."),
	       ui_attr(ui, ROLE_NORMAL));
	/* The form's definition above the foot line, in as many rows as it
	 * takes (three at most); the reason for English on the foot line. */
	if (app_form_notice(app, buf, sizeof(buf))) {
		struct wrap_line lines[3];
		size_t n = wrap_text(buf, b->w - 4, lines, 3);

		if (n > 3)
			n = 3;
		for (size_t i = 0; i < n; i++) {
			char line[512];

			snprintf(line, sizeof(line), "%.*s", (int)lines[i].len, buf + lines[i].off);
			ui_put(win, b->y + b->h - 1 - (int)n + (int)i, b->x + 2, b->w - 4, line,
			       ui_attr(ui, ROLE_NOTICE));
		}
	}
	if (app->cfg.no_catalogue)
		ui_put_center(win, b->y + b->h - 1, b->x, b->w,
			      "No Chinese catalogue (ncre-kiosk.mo) found: the kiosk runs in English.",
			      ui_attr(ui, ROLE_NOTICE));
	else if (app->cfg.linux_console && app->ui.lang == LANG_EN)
		ui_put_center(win, b->y + b->h - 1, b->x, b->w,
			      "This console cannot show Chinese characters, so the kiosk "
			      "starts in English.", ui_attr(ui, ROLE_NOTICE));
	widget_form_paint(&w->form, ui, win, &w->form_r);
}

static enum screen_rc welcome_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct welcome *w = st;

	if (widget_form_key(&w->form, kind, ch) != FORM_ACTION)
		return key_is_esc(kind, ch) ? SCREEN_QUIT : SCREEN_STAY;
	switch (widget_form_focused(&w->form)->action) {
	case ACT_LOGIN:
		app_push(app, &screen_login, NULL);
		break;
	case ACT_SIGNUP:
		app_push(app, &screen_signup, NULL);
		break;
	case ACT_QUIT:
		return SCREEN_QUIT;
	}
	return SCREEN_STAY;
}

static void welcome_reply(struct app *app, void *st, struct api_result *res)
{
	(void)st;
	if (res->tag != REQ_EXAM)
		return;
	if (res->status == API_OK) {
		app_set_exam(app, cJSON_GetObjectItemCaseSensitive(res->body, "exam_session"));
		return;
	}
	/* Not worth a dialog before anyone has touched a key. */
	app_result_msg(res, &app->status);
}

static const char *welcome_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/arrows: move  Enter: choose");
}

const struct screen screen_welcome = {
	.name = "welcome",
	.state_size = sizeof(struct welcome),
	.init = welcome_init,
	.layout = welcome_layout,
	.paint = welcome_paint,
	.key = welcome_key,
	.reply = welcome_reply,
	.hints = welcome_hints,
};
