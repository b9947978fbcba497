/*
 * What the parts of the application shell share among themselves; screens
 * use app.h only. The shell is split by responsibility:
 *
 *   app.c           start-up, the main loop, keys, shut-down
 *   app-stack.c     the screen stack and moves between screens
 *   app-request.c   the one request in flight, its retry, its reply
 *   app-dialog.c    the modal dialog and the answers the app keeps
 *   app-session.c   the candidate's and the staff's sessions, exam, registration
 *   app-forms.c     the registration form's definition against the server's
 *   app-quit.c      quitting, and the staff unlock of a locked kiosk
 *   app-paint.c     the title bar, status line, key hints; layout
 *   app-idle.c      the idle timeout and its countdown
 *   app-terminal.c  giving the terminal back: crash restore, clearing
 */
#ifndef KIOSK_APP_INTERNAL_H
#define KIOSK_APP_INTERNAL_H

#include "app.h"

/* Tags of requests and dialogs that belong to the app itself. */
enum {
	APP_TAG_QUIT = 1,
	APP_TAG_LOGOUT,
	APP_TAG_LOGOUT_QUIT,
	APP_TAG_INFO,
	APP_TAG_RETRY,
	APP_TAG_UNLOCK,
	APP_TAG_STAFF_LOGOUT,
	APP_TAG_STAFF_END,
	APP_TAG_REREAD,
	APP_TAG_FORMS
};

/* app-stack.c */
struct screen_inst *app_top(struct app *app);
void app_drop_top(struct app *app);
/* Carry out the move a handler asked for (app_push and the rest). */
void app_apply_nav(struct app *app);
/* The id of the screen whose state is owner; 0 when it is not on the stack. */
unsigned long app_owner_id(struct app *app, void *owner);

/* app-request.c */
/* Stop the request in flight, if any, and drop its result unread. */
void app_cancel_request(struct app *app);
void app_forget_last(struct app *app);
void app_retry_last(struct app *app);
/* After a change was cancelled once sent: read the registration again
 * (when no other request runs) and say that the change may have been made. */
void app_reread_if_due(struct app *app);
/* Hand a reply to the screen (or the app) that asked for it. */
void app_deliver(struct app *app, struct api_result *res);

/* app-forms.c */
/* Ask the server for its form definition when it has answered once and
 * nothing else runs (then again after a network failure). */
void app_forms_check_if_due(struct app *app);
void app_forms_reply(struct app *app, const struct api_result *res);
void app_forms_fini(struct app *app);

/* app-dialog.c */
void app_open_dialog(struct app *app, enum dialog_kind kind, void *owner, int tag,
		     const char *title, const struct ui_msg *body);
/* The answer to one of the app's own dialogs (owner 0). */
void app_dialog_answer(struct app *app, int tag, int result);

/* app-session.c */
const char *app_session_path(const struct app *app);
/* Best effort: end the session on the server, waiting a moment only. */
void app_logout_now(struct app *app);
/* Leaving without the candidate (idle, exit): log out (best effort), drop
 * every screen, wipe the sessions, the dialog and the unlock code. */
void app_wipe_all(struct app *app);

/* app-quit.c */
void app_leave(struct app *app);
void app_ask_quit(struct app *app);
void app_check_unlock(struct app *app);

/* app-paint.c */
void app_paint(struct app *app);
void app_layout(struct app *app);
bool app_needs_paint(const struct app *app);

/* app-idle.c */
void app_idle_tick(struct app *app);

/* app-terminal.c */
/* Keep the shell's terminal modes (before initscr), then, with curses
 * started, the sequence that undoes the kiosk's screen; disarm at exit. */
void app_crash_save_modes(void);
void app_crash_arm(void);
void app_crash_disarm(void);
void app_clear_terminal(void);

#endif
