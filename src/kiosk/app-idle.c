/*
 * The idle timeout: once someone has started something, no key for
 * idle_timeout_s wipes everything personal and starts again at the
 * welcome screen, after a countdown that any key cancels.
 */
#include <string.h>

#include "app-internal.h"

/* The idle countdown lasts this long (or half the timeout, if shorter). */
#define IDLE_COUNTDOWN_S 30

void app_idle_reset(struct app *app)
{
	bool staff = app->staff.active;

	app_wipe_all(app);
	ui_msg_clear(&app->status);
	app->nav.op = NAV_NONE;
	app->countdown = -1;
	app_clear_terminal();
	app_reset(app, &screen_welcome, NULL);
	app_apply_nav(app);
	ui_msg_text(&app->status, staff ?
		    N_("The kiosk was idle: staff mode has ended and its data was cleared.") :
		    N_("The kiosk was idle: the previous candidate was logged out "
		       "and their data cleared."));
	app->last_input_ms = app_now_ms();
	app->dirty = true;
}

/* Only when someone has started something: a bare welcome screen holds
 * nothing to protect and is left alone. */
static bool idle_armed(const struct app *app)
{
	return app->depth > 1 || app->sess.active || app->staff.active ||
	       app->dlg.kind != DLG_NONE;
}

void app_idle_tick(struct app *app)
{
	long long left, span;
	int cd = -1;

	if (app->cfg.idle_timeout_s <= 0 || !idle_armed(app) ||
	    (api_busy(app->api) && app->req_blocking)) {
		/* A change under way counts as activity: the candidate waits.
		 * Reads do not: the payment screen's polling must not keep an
		 * abandoned kiosk logged in. */
		app->last_input_ms = app_now_ms();
	} else {
		left = app->last_input_ms + app->cfg.idle_timeout_s * 1000 - app_now_ms();
		if (left <= 0) {
			app_idle_reset(app);
			return;
		}
		span = app->cfg.idle_timeout_s / 2 < IDLE_COUNTDOWN_S ?
		       app->cfg.idle_timeout_s / 2 : IDLE_COUNTDOWN_S;
		if (left <= span * 1000)
			cd = (int)((left + 999) / 1000);
	}
	if (cd != app->countdown) {
		app->countdown = cd;
		app->dirty = true;
	}
}
