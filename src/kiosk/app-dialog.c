/*
 * The modal dialog: a message, a yes/no question, a list to choose from;
 * the server's verdict on a form; and the answers to the app's own
 * dialogs (quit, staff unlock, retry, end staff mode).
 */
#include <string.h>

#include "app-internal.h"

void app_open_dialog(struct app *app, enum dialog_kind kind, void *owner, int tag,
			const char *title, const struct ui_msg *body)
{
	memset(&app->dlg, 0, sizeof(app->dlg));
	app->dlg.kind = kind;
	app->dlg.tag = tag;
	app->dlg.title = title;
	app->dlg_owner = owner != NULL ? app_owner_id(app, owner) : 0;
	if (body != NULL)
		app->dlg.body = *body;
	else
		ui_msg_clear(&app->dlg.body);
}

void app_message(struct app *app, void *owner, int tag, const char *title,
		 const struct ui_msg *body)
{
	app_open_dialog(app, DLG_MESSAGE, owner, tag, title, body);
}

void app_confirm(struct app *app, void *owner, int tag, const char *title,
		 const struct ui_msg *body)
{
	app_open_dialog(app, DLG_CONFIRM, owner, tag, title, body);
	app->dlg.button = 1;    /* "No" first: Enter alone never loses data */
}

void app_confirm_yes(struct app *app, void *owner, int tag, const char *title,
		     const struct ui_msg *body)
{
	app_confirm(app, owner, tag, title, body);
	app->dlg.button = 0;
}

void app_choose(struct app *app, void *owner, int tag, const char *title, int n, int sel,
		list_label_fn label, void *ud)
{
	app_open_dialog(app, DLG_LIST, owner, tag, title, NULL);
	app->dlg.list.n = n;
	app->dlg.list.sel = sel >= 0 && sel < n ? sel : 0;
	app->dlg.list.label = label;
	app->dlg.list.ud = ud;
}

bool app_form_verdict(struct app *app, struct form *fm, const struct api_result *res)
{
	struct form_item *it = res->status == API_ERROR ? widget_form_find(fm, res->field) : NULL;

	if (it != NULL) {
		app_result_msg(res, &it->msg);
		widget_form_focus(fm, widget_form_index(fm, it));
		return true;
	}
	app_show_failure(app, res);
	return false;
}

bool app_confirm_discard(struct app *app, void *owner, struct form *fm, int tag)
{
	struct ui_msg m;

	if (!widget_form_dirty(fm))
		return false;
	ui_msg_text(&m, N_("Leave this page? What you typed here will be lost."));
	app_confirm(app, owner, tag, N_("Leave"), &m);
	return true;
}

void app_dialog_answer(struct app *app, int tag, int result)
{
	if (tag == APP_TAG_QUIT && result == 1)
		app_leave(app);
	else if (tag == APP_TAG_UNLOCK && result == 1)
		app_check_unlock(app);
	else if (tag == APP_TAG_UNLOCK)
		field_clear(&app->unlock);
	else if (tag == APP_TAG_RETRY && result == 1)
		app_retry_last(app);
	else if (tag == APP_TAG_RETRY)
		app_forget_last(app);
	else if (tag == APP_TAG_STAFF_END && result == 1)
		app_staff_logout(app);
}
