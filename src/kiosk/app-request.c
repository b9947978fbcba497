/*
 * The one network request in flight: starting it, keeping a copy for a
 * retry with one key, telling the candidate about a failure, and handing
 * the reply to the screen that asked (or to the app: logouts).
 */
#include <stdio.h>
#include <string.h>

#include "app-internal.h"

void app_cancel_request(struct app *app)
{
	struct api_result res;

	if (app->api == NULL || !api_busy(app->api))
		return;
	api_cancel(app->api, &res);
	api_result_clear(&res);
}

void app_forget_last(struct app *app)
{
	api_json_wipe_free(&app->last.body);
	explicit_bzero(&app->last, sizeof(app->last));
}

static int start_request(struct app *app, unsigned long owner, const char *method,
			 const char *path, cJSON *body, bool auth, int tag)
{
	/* A read still under way gives way to what the candidate asked for. */
	if (!app->req_blocking)
		app_cancel_request(app);
	app_forget_last(app);
	/* Keep a copy for a retry; the app's own requests are not retried. */
	if (owner != 0 && strlen(method) < sizeof(app->last.method) &&
	    strlen(path) < sizeof(app->last.path)) {
		app->last.body = body != NULL ? cJSON_Duplicate(body, 1) : NULL;
		if (body == NULL || app->last.body != NULL) {
			app->last.held = true;
			snprintf(app->last.method, sizeof(app->last.method), "%s", method);
			snprintf(app->last.path, sizeof(app->last.path), "%s", path);
			app->last.auth = auth;
			app->last.tag = tag;
			app->last.owner = owner;
		}
	}
	if (api_start(app->api, method, path, body, auth, tag) != 0) {
		app_forget_last(app);
		return -1;
	}
	app->req_owner = owner;
	app->req_auth = auth;
	app->req_blocking = strcmp(method, "GET") != 0;
	app->req_asked = app->in_key;
	app->spin = 0;
	ui_msg_clear(&app->status);
	app->dirty = true;
	return 0;
}

int app_request(struct app *app, void *owner, const char *method, const char *path,
		cJSON *body, bool auth, int tag)
{
	return start_request(app, app_owner_id(app, owner), method, path, body, auth, tag);
}

int app_request_raw(struct app *app, void *owner, const char *method, const char *path,
		    const char *content_type, const void *body, size_t len, bool auth,
		    int tag)
{
	if (!app->req_blocking)
		app_cancel_request(app);
	app_forget_last(app);	/* a photo is not kept for a retry */
	if (api_start_raw(app->api, method, path, content_type, body, len, auth, tag) != 0)
		return -1;
	app->req_owner = app_owner_id(app, owner);
	app->req_auth = auth;
	app->req_blocking = true;
	app->req_asked = app->in_key;
	app->spin = 0;
	ui_msg_clear(&app->status);
	app->dirty = true;
	return 0;
}

/* Send the kept request again, to the screen that made it, if it is
 * still on top. */
void app_retry_last(struct app *app)
{
	const struct screen_inst *t = app_top(app);
	cJSON *body = NULL;

	if (!app->last.held || t == NULL || t->id != app->last.owner) {
		app_forget_last(app);
		return;
	}
	if (app->last.body != NULL) {
		body = cJSON_Duplicate(app->last.body, 1);
		if (body == NULL) {
			app_forget_last(app);
			return;
		}
	}
	{
		char method[8], path[256];
		bool auth = app->last.auth;
		int tag = app->last.tag;
		unsigned long owner = app->last.owner;

		snprintf(method, sizeof(method), "%s", app->last.method);
		snprintf(path, sizeof(path), "%s", app->last.path);
		if (start_request(app, owner, method, path, body, auth, tag) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
	}
}

/* Failures that may pass when tried again: the network, a slow or broken
 * server. Certificate problems and the server's verdicts will not. */
static bool retryable(enum api_status st)
{
	return st == API_UNREACHABLE || st == API_NETWORK || st == API_TIMEOUT ||
	       st == API_SERVER;
}

void app_result_msg(const struct api_result *res, struct ui_msg *out)
{
	ui_msg_clear(out);
	switch (res->status) {
	case API_OK:
		break;
	case API_ERROR:
		if (res->err_known) {
			ui_msg_err(out, res->err);
		} else {
			out->kind = MSG_PAIR;
			snprintf(out->zh, sizeof(out->zh), "%s", res->msg_zh);
			snprintf(out->en, sizeof(out->en), "%s", res->msg_en);
			if (res->msg_zh[0] == '\0' && res->msg_en[0] == '\0') {
				ui_msg_text(out, N_("The server refused the request."));
				snprintf(out->detail, sizeof(out->detail), "%s", res->code);
			}
		}
		out->server = true;
		if (res->retry_after >= 0)
			out->wait = res->retry_after;
		break;
	case API_UNREACHABLE:
		ui_msg_text(out, N_("Cannot reach the server: the connection was refused or there "
				    "is no route to it. Check the network and try again."));
		snprintf(out->detail, sizeof(out->detail), "%s", res->detail);
		break;
	case API_TIMEOUT:
		ui_msg_text(out, N_("The server did not answer in time. What you typed is kept; "
				    "try again, or ask the site staff if it keeps happening."));
		break;
	case API_TLS:
		ui_msg_text(out, N_("The server's certificate could not be verified (unknown "
				    "certificate authority, wrong name or key pin mismatch). "
				    "Nothing was sent. Please call the site staff."));
		snprintf(out->detail, sizeof(out->detail), "%s", res->detail);
		break;
	case API_NETWORK:
		ui_msg_text(out, N_("The connection to the server failed. Please try again."));
		snprintf(out->detail, sizeof(out->detail), "%s", res->detail);
		break;
	case API_SERVER:
		ui_msg_text(out, N_("The server had an internal error. Nothing was changed; "
				    "please try again later."));
		snprintf(out->detail, sizeof(out->detail), "HTTP %ld", res->http);
		break;
	case API_BAD_REPLY:
		ui_msg_text(out, N_("The server sent a reply the kiosk does not understand."));
		snprintf(out->detail, sizeof(out->detail), "HTTP %ld", res->http);
		break;
	case API_CANCELLED:
		/* Esc stops only the waiting: a request already sent may have
		 * been carried out by the server. */
		ui_msg_text(out, res->sent ?
			    N_("You stopped waiting, but the request had already reached the "
			       "server, which may have carried it out. Your registration is read "
			       "again: please check it.") :
			    N_("Cancelled before anything reached the server. What you typed "
			       "is kept."));
		break;
	case API_LOCAL:
		ui_msg_text(out, N_("The request could not be started."));
		snprintf(out->detail, sizeof(out->detail), "%s", res->detail);
		break;
	}
}

void app_show_failure(struct app *app, const struct api_result *res)
{
	struct ui_msg m;

	app_result_msg(res, &m);
	if (res->status == API_CANCELLED) {
		app->status = m;
		return;
	}
	/* A network problem is shown in a dialog once: what the kiosk reads
	 * by itself afterwards (a screen refreshing its lists) only notes it
	 * on the status line until the server answers again. */
	if (retryable(res->status) && app->net_reported && !app->req_asked) {
		app->status = m;
		return;
	}
	if (retryable(res->status))
		app->net_reported = true;
	if (retryable(res->status) && app->last.held && app->last.owner == app->req_owner) {
		app_confirm(app, NULL, APP_TAG_RETRY, N_("Network problem"), &m);
		app->dlg.yes = N_("Retry");
		app->dlg.no = N_("Cancel");
		app->dlg.button = 0;        /* Enter tries again; what was typed stays */
		return;
	}
	app_message(app, NULL, APP_TAG_INFO,
		    res->status == API_ERROR ? N_("Not accepted") : N_("Network problem"), &m);
}

static void app_reply(struct app *app, struct api_result *res)
{
	switch (res->tag) {
	case APP_TAG_LOGOUT:
		/* Wiped whatever the server said: the candidate asked to leave. */
		app_wipe_session(app);
		app_reset(app, &screen_welcome, NULL);
		ui_msg_text(&app->status, N_("You have logged out."));
		break;
	case APP_TAG_LOGOUT_QUIT:
		app_wipe_session(app);
		app->quit = true;
		break;
	case APP_TAG_FORMS:
		app_forms_reply(app, res);
		break;
	case APP_TAG_REREAD:
		if (res->status == API_OK)
			app_set_reg(app, cJSON_GetObjectItemCaseSensitive(res->body, "registration"));
		app_result_msg(&(struct api_result){ .status = API_CANCELLED, .sent = true },
			       &app->status);
		break;
	case APP_TAG_STAFF_LOGOUT:
		app_wipe_session(app);
		app_reset(app, &screen_welcome, NULL);
		app_apply_nav(app);         /* before the note: a new screen's request clears it */
		ui_msg_text(&app->status, N_("Staff mode has ended."));
		break;
	default:
		break;
	}
}

void app_deliver(struct app *app, struct api_result *res)
{
	struct screen_inst *t = app_top(app);
	unsigned long owner = app->req_owner;

	if (res->status == API_ERROR && res->err_known && app->req_auth && owner != 0 &&
	    (app->sess.active || app->staff.active) && (res->err == NCRE_E_UNAUTHORIZED || res->err == NCRE_E_TOKEN_EXPIRED)) {
		struct ui_msg m;

		app_wipe_session(app);
		app_reset(app, &screen_welcome, NULL);
		ui_msg_err(&m, res->err);
		m.server = true;
		app_message(app, NULL, APP_TAG_INFO, N_("Logged out"), &m);
		return;
	}
	if (res->status == API_OK || res->status == API_ERROR)
		app->net_reported = false;      /* the server answers again */
	/* The exam session is the title bar's: kept even when the screen
	 * that asked has gone meanwhile. */
	if (res->status == API_OK && res->body != NULL)
		app_set_exam(app, cJSON_GetObjectItemCaseSensitive(res->body, "exam_session"));
	if (owner == 0) {
		app_reply(app, res);
		return;
	}
	if (t != NULL && t->id == owner && t->s->reply != NULL)
		t->s->reply(app, t->st, res);
	/* The note waits for the reply after the one that asked for it. */
	if (!ui_msg_empty(&app->note_later) && app->note_armed && !api_busy(app->api) &&
	    res->status == API_OK) {
		app->status = app->note_later;
		ui_msg_clear(&app->note_later);
		app->note_armed = false;
	} else if (!ui_msg_empty(&app->note_later)) {
		app->note_armed = true;
	}
	if (!(app->dlg.kind == DLG_CONFIRM && app->dlg_owner == 0 && app->dlg.tag == APP_TAG_RETRY))
		app_forget_last(app);
}

void app_reread_if_due(struct app *app)
{
	if (!app->reread_due || api_busy(app->api))
		return;
	app->reread_due = false;
	if (app->sess.active)
		(void)start_request(app, 0, "GET", "/v1/registration", NULL, true, APP_TAG_REREAD);
}

void app_note_later(struct app *app, const char *msgid)
{
	ui_msg_text(&app->note_later, msgid);
	app->note_armed = false;
}
