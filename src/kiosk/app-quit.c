/*
 * Quitting: the question first, a logout on the way out, and on a locked
 * kiosk (--kiosk) the staff unlock code, with a local limit on wrong codes.
 */
#include <string.h>

#include "app-internal.h"

/* Local limit on staff unlock codes: free tries, then a doubling wait. */
#define UNLOCK_FREE_TRIES 3
#define UNLOCK_WAIT_S 30
#define UNLOCK_WAIT_MAX_S 300

/* Quit for good: log out first when logged in. */
void app_leave(struct app *app)
{
	/* Whatever was under way is dropped; its screen goes too. */
	app_cancel_request(app);
	if (app_session_path(app) != NULL &&
	    app_request(app, NULL, "DELETE", app_session_path(app), NULL, true,
			APP_TAG_LOGOUT_QUIT) == 0)
		return;
	app_wipe_session(app);
	app->quit = true;
}

/* --kiosk: quitting needs the staff secret, and wrong codes slow down. */
static void ask_unlock(struct app *app)
{
	struct ui_msg m;
	long long now = app_now_ms();

	if (app->cfg.unlock_hash[0] == '\0') {
		ui_msg_text(&m, N_("This kiosk is locked. To end your session, choose Log out. "
				   "Only the site staff can close the kiosk."));
		app_message(app, NULL, APP_TAG_INFO, N_("Kiosk"), &m);
		return;
	}
	if (now < app->unlock_until_ms) {
		ui_msg_text(&m, N_("Too many wrong codes."));
		m.wait = (long)((app->unlock_until_ms - now + 999) / 1000);
		app_message(app, NULL, APP_TAG_INFO, N_("Staff unlock"), &m);
		return;
	}
	field_init(&app->unlock, 64, 0, true);
	ui_msg_text(&m, N_("Site staff: enter the unlock code to close the kiosk. "
			   "Candidates: choose Log out to end your session."));
	app_open_dialog(app, DLG_SECRET, NULL, APP_TAG_UNLOCK, N_("Staff unlock"), &m);
	app->dlg.input = &app->unlock;
}

void app_check_unlock(struct app *app)
{
	struct ui_msg m;
	bool ok = unlock_verify(app->cfg.unlock_hash, field_text(&app->unlock));

	field_clear(&app->unlock);
	if (ok) {
		app->unlock_fails = 0;
		app_leave(app);
		return;
	}
	app->unlock_fails++;
	ui_msg_text(&m, N_("Wrong code."));
	if (app->unlock_fails >= UNLOCK_FREE_TRIES) {
		int shift = app->unlock_fails - UNLOCK_FREE_TRIES;
		long wait = (long)UNLOCK_WAIT_S << (shift > 4 ? 4 : shift);

		if (wait > UNLOCK_WAIT_MAX_S)
			wait = UNLOCK_WAIT_MAX_S;
		app->unlock_until_ms = app_now_ms() + wait * 1000;
		m.wait = wait;
	}
	app_message(app, NULL, APP_TAG_INFO, N_("Staff unlock"), &m);
}

void app_ask_quit(struct app *app)
{
	struct ui_msg m;

	if (app->dlg.kind != DLG_NONE && app->dlg_owner == 0 &&
	    (app->dlg.tag == APP_TAG_QUIT || app->dlg.tag == APP_TAG_UNLOCK))
		return;
	if (app->cfg.kiosk) {
		ask_unlock(app);
		return;
	}
	ui_msg_text(&m, app->sess.active ?
		    N_("Log out and quit the kiosk? Anything not yet saved is lost.") :
		    N_("Quit the kiosk? Anything not yet saved is lost."));
	app_confirm(app, NULL, APP_TAG_QUIT, N_("Quit"), &m);
}
