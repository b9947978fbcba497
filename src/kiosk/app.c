/*
 * The application: start-up, the main loop (curl multi and the keyboard
 * together), what each key does before the screen on top sees it, and
 * shut-down. The rest of the shell is in app-*.c (see app-internal.h).
 */
#include <string.h>
#include <time.h>

#include "app-internal.h"
#include "keys.h"

/* The staff key: staff log in from any screen while no candidate is
 * logged in; in staff mode it ends staff mode (after a question). */
static void staff_key(struct app *app)
{
	struct ui_msg m;
	const struct screen_inst *t = app_top(app);

	if (app->staff.active) {
		ui_msg_text(&m, N_("End staff mode and log out?"));
		app_confirm(app, NULL, APP_TAG_STAFF_END, N_("Staff"), &m);
		return;
	}
	if (app->sess.active) {
		ui_msg_text(&m, N_("A candidate is logged in. Staff can log in once the candidate "
				   "has logged out."));
		app_message(app, NULL, APP_TAG_INFO, N_("Staff"), &m);
		return;
	}
	if (t != NULL && t->s != &screen_staff_login)
		app_push(app, &screen_staff_login, NULL);
}

static void handle_key(struct app *app, int kind, wint_t ch)
{
	bool special = kind == KEY_CODE_YES;
	struct screen_inst *t = app_top(app);
	enum screen_rc rc;

	app->dirty = true;
	if (special && ch == KEY_RESIZE) {
		app->relayout = true;
		return;
	}
	/* Any key shows someone is there; during the idle countdown it only
	 * cancels the countdown, so nothing happens by accident. */
	app->last_input_ms = app_now_ms();
	if (app->countdown >= 0) {
		app->countdown = -1;
		return;
	}
	if ((special && ch == KEY_F(2)) || (!special && ch == KEY_CTRL_T)) {
		if (app->cfg.no_catalogue)
			return;      /* English only: see main() */
		app->ui.lang = app->ui.lang == LANG_EN ? LANG_ZH : LANG_EN;
		i18n_set(app->ui.lang);
		app->relayout = true;
		return;
	}
	if (!special && ch == KEY_CTRL_L) {
		(void)clearok(curscr, TRUE);
		return;
	}
	if (app->too_small)
		return;
	if ((!special && (ch == KEY_CTRL_X || ch == KEY_CTRL_C)) || (special && ch == KEY_F(10))) {
		app_ask_quit(app);
		return;
	}
	if (app->dlg.kind != DLG_NONE) {
		int result = 0;

		if (widget_dialog_key(&app->dlg, kind, ch, &result) == DIALOG_DONE) {
			int tag = app->dlg.tag;
			unsigned long owner = app->dlg_owner;

			app->dlg.kind = DLG_NONE;
			/* The dialog's frame may have covered half of a double-width
			 * character; the terminal then blanked the whole character
			 * while ncurses still believes its other half is shown. One
			 * full repaint after a dialog puts the screen right. */
			(void)clearok(curscr, TRUE);
			if (owner == 0)
				app_dialog_answer(app, tag, result);
			else if (t != NULL && t->id == owner && t->s->dialog != NULL)
				t->s->dialog(app, t->st, tag, result);
		}
		return;
	}
	/* While a request that changes something runs, Esc cancels it and
	 * other keys wait: a form must not change under the request made
	 * from it. Reading (GET) does not hold the keyboard. */
	if (api_busy(app->api) && app->req_blocking) {
		if (key_is_esc(kind, ch)) {
			struct api_result res;

			api_cancel(app->api, &res);
			app->reread_due = res.sent;
			app_deliver(app, &res);
			api_result_clear(&res);
		}
		return;
	}
	if (t == NULL)
		return;
	if (app->cfg.staff && ((!special && ch == KEY_CTRL_O) || (special && ch == KEY_F(9)))) {
		staff_key(app);
		return;
	}
	/* Esc while composing drops the composition, not the screen. */
	if (app->ui.ime_field != NULL && field_composing(app->ui.ime_field) &&
	    key_is_esc(kind, ch)) {
		(void)widget_field_key(app->ui.ime_field, kind, ch);
		return;
	}
	ui_msg_clear(&app->status);
	rc = t->s->key != NULL ? t->s->key(app, t->st, kind, ch) : SCREEN_UNHANDLED;
	if (rc == SCREEN_UNHANDLED && key_is_esc(kind, ch))
		rc = SCREEN_BACK;
	if (rc == SCREEN_BACK) {
		if (app->depth > 1)
			app_pop(app);
		else
			app_ask_quit(app);
	} else if (rc == SCREEN_QUIT) {
		app_ask_quit(app);
	}
}

int app_init(struct app *app, const struct config *cfg, char *err, size_t errlen)
{
	struct api_config ac = { 0 };

	memset(app, 0, sizeof(*app));
	app->cfg = *cfg;
	app->ui.lang = cfg->lang;
	ui_msg_clear(&app->status);
	app->countdown = -1;
	app->painted_minute = -1;
	app->dirty = true;
	field_init(&app->unlock, 64, 0, true);
	ime_engine_locate();        /* started when a field first composes */
	ac.server = app->cfg.server;
	ac.ca_file = app->cfg.ca_file[0] ? app->cfg.ca_file : NULL;
	ac.pin = app->cfg.pin[0] ? app->cfg.pin : NULL;
	ac.timeout_s = app->cfg.timeout_s;
	app->api = api_new(&ac, err, errlen);
	return app->api != NULL ? 0 : -1;
}

long long app_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- leaving without the candidate: idle, signals, crashes ---------- */
int app_run(struct app *app)
{
	app_crash_save_modes();
	if (initscr() == NULL)
		return -1;
	app_crash_arm();
	(void)raw();               /* Ctrl-C, Ctrl-Z, Ctrl-\ arrive as keys */
	(void)noecho();
	(void)nonl();
	(void)keypad(stdscr, TRUE);
	(void)nodelay(stdscr, TRUE);
	(void)set_escdelay(25);
	ui_init(&app->ui);
	app_layout(app);
	app_push(app, &screen_welcome, NULL);
	app_apply_nav(app);

	app->last_input_ms = app_now_ms();
	while (!app->quit) {
		struct api_result res;
		wint_t ch;
		int kind;

		if (app->stop != NULL && *app->stop)
			break;
		if (app->relayout) {
			app_layout(app);
			app->dirty = true;
		}
		app_idle_tick(app);
		if (app->depth > 0 && app_top(app)->s->tick != NULL) {
			app_top(app)->s->tick(app, app_top(app)->st);
			app_apply_nav(app);
		}
		if (app_needs_paint(app))
			app_paint(app);
		memset(&res, 0, sizeof(res));
		if (api_poll(app->api, api_busy(app->api) ? 100 : 250, &res) == 1) {
			app_deliver(app, &res);
			api_result_clear(&res);
			app_apply_nav(app);
			app->dirty = true;
			continue;
		}
		app_reread_if_due(app);
		app_forms_check_if_due(app);
		while (!app->quit && (kind = get_wch(&ch)) != ERR) {
			app->in_key = true;
			handle_key(app, kind, ch);
			app->in_key = false;
			app_apply_nav(app);
			if (app->relayout)
				app_layout(app);
		}
		if (api_busy(app->api))
			app->spin++;
	}
	return 0;
}

void app_fini(struct app *app)
{
	/* Stopped by a signal while someone was logged in (SSH dropped,
	 * SIGTERM): end the session on the server too, if it answers soon. */
	app_wipe_all(app);
	app_forms_fini(app);
	ime_engine_stop();
	api_free(&app->api);
	if (!isendwin() && stdscr != NULL) {
		app_clear_terminal();
		(void)endwin();
	}
	app_crash_disarm();
	explicit_bzero(&app->cfg, sizeof(app->cfg));
}
