/*
 * The application shell: the main loop (curl multi and the keyboard
 * together), the screen stack, dialogs, the title bar, the status line
 * with its spinner, and the key-hint bar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ncre/json.h"
#include "ncre/text.h"
#include "app.h"
#include "cntime.h"

/* Tags of requests and dialogs that belong to the app itself. */
enum {
	APP_TAG_QUIT = 1,
	APP_TAG_LOGOUT,
	APP_TAG_LOGOUT_QUIT,
	APP_TAG_INFO,
	APP_TAG_RETRY,
	APP_TAG_UNLOCK,
	APP_TAG_STAFF_LOGOUT,
	APP_TAG_STAFF_END
};

/* The staff key: Ctrl-O (no F-keys needed) or F9, with staff = yes. */
#define STAFF_KEY_CTRL 15

/* The idle countdown lasts this long (or half the timeout, if shorter). */
#define IDLE_COUNTDOWN_S 30
/* Local limit on staff unlock codes: free tries, then a doubling wait. */
#define UNLOCK_FREE_TRIES 3
#define UNLOCK_WAIT_S 30
#define UNLOCK_WAIT_MAX_S 300
/* Best-effort logout when leaving without the candidate (idle, signal). */
#define LOGOUT_WAIT_MS 1500

/*
 * What a crash signal handler needs to give the terminal back: the modes
 * the shell had, and the terminfo strings that leave the kiosk's screen
 * (clear, scrollback, attributes off, cursor on, leave the alternate
 * screen). Filled once when curses starts; the handler only reads them.
 */
static struct termios crash_tios;
static char crash_reset[512];
static size_t crash_reset_len;
static volatile sig_atomic_t crash_armed;

static const char spinner[] = "|/-\\";

/* ---- screen stack -------------------------------------------------- */

static struct screen_inst *top(struct app *app)
{
	return app->depth > 0 ? &app->stack[app->depth - 1] : NULL;
}

static void set_nav(struct app *app, enum nav_op op, const struct screen *s,
		    const struct screen_arg *arg)
{
	app->nav.op = op;
	app->nav.s = s;
	memset(&app->nav.arg, 0, sizeof(app->nav.arg));
	if (arg != NULL)
		app->nav.arg = *arg;
}

void app_push(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	set_nav(app, NAV_PUSH, s, arg);
}

void app_replace(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	set_nav(app, NAV_REPLACE, s, arg);
}

void app_reset(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	set_nav(app, NAV_RESET, s, arg);
}

void app_pop(struct app *app)
{
	set_nav(app, NAV_POP, NULL, NULL);
}

static void drop_top(struct app *app)
{
	struct screen_inst *t = top(app);

	if (t == NULL)
		return;
	if (t->s->fini != NULL)
		t->s->fini(app, t->st);
	explicit_bzero(t->st, t->s->state_size);
	free(t->st);
	memset(t, 0, sizeof(*t));
	app->depth--;
}

static int push_now(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	struct screen_inst *t;
	void *st;

	if (app->depth >= APP_STACK_MAX)
		return -1;
	st = calloc(1, s->state_size ? s->state_size : 1);
	if (st == NULL)
		return -1;
	t = &app->stack[app->depth++];
	t->s = s;
	t->st = st;
	t->id = ++app->next_id;
	if (s->init != NULL && s->init(app, st, arg) != 0) {
		drop_top(app);
		return -1;
	}
	if (s->layout != NULL)
		s->layout(app, st, &app->body);
	return 0;
}

static void apply_nav(struct app *app)
{
	/* A handler may ask for another move while a screen starts. */
	for (int guard = 0; guard < 4 && app->nav.op != NAV_NONE; guard++) {
		enum nav_op op = app->nav.op;
		const struct screen *s = app->nav.s;
		struct screen_arg arg = app->nav.arg;
		struct screen_inst *t;

		app->nav.op = NAV_NONE;
		switch (op) {
		case NAV_NONE:
			break;
		case NAV_POP:
			if (app->depth > 1) {
				drop_top(app);
				t = top(app);
				if (t->s->layout != NULL)
					t->s->layout(app, t->st, &app->body);
				if (t->s->resume != NULL)
					t->s->resume(app, t->st);
			}
			break;
		case NAV_REPLACE:
			drop_top(app);
			if (push_now(app, s, &arg) != 0 && app->depth == 0)
				app->quit = true;
			break;
		case NAV_RESET:
			while (app->depth > 0)
				drop_top(app);
			if (push_now(app, s, &arg) != 0)
				app->quit = true;
			break;
		case NAV_PUSH:
			if (push_now(app, s, &arg) != 0) {
				struct ui_msg m;

				ui_msg_text(&m, N_("Out of memory: the screen could not be opened."));
				app_message(app, NULL, APP_TAG_INFO, N_("Error"), &m);
			}
			break;
		}
		explicit_bzero(&arg, sizeof(arg));
	}
}

/* ---- requests ------------------------------------------------------ */

static unsigned long owner_id(struct app *app, void *owner)
{
	for (int i = 0; i < app->depth; i++)
		if (app->stack[i].st == owner)
			return app->stack[i].id;
	return 0;
}

static void forget_last(struct app *app)
{
	api_json_wipe_free(&app->last.body);
	explicit_bzero(&app->last, sizeof(app->last));
}

static int start_request(struct app *app, unsigned long owner, const char *method,
			 const char *path, cJSON *body, bool auth, int tag)
{
	/* A read still under way gives way to what the candidate asked for. */
	if (api_busy(app->api) && !app->req_blocking) {
		struct api_result res;

		api_cancel(app->api, &res);
		api_result_clear(&res);
	}
	forget_last(app);
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
		forget_last(app);
		return -1;
	}
	app->req_owner = owner;
	app->req_auth = auth;
	app->req_blocking = strcmp(method, "GET") != 0;
	app->spin = 0;
	ui_msg_clear(&app->status);
	app->dirty = true;
	return 0;
}

int app_request(struct app *app, void *owner, const char *method, const char *path,
		cJSON *body, bool auth, int tag)
{
	return start_request(app, owner_id(app, owner), method, path, body, auth, tag);
}

int app_request_raw(struct app *app, void *owner, const char *method, const char *path,
		    const char *content_type, const void *body, size_t len, bool auth,
		    int tag)
{
	if (api_busy(app->api) && !app->req_blocking) {
		struct api_result res;

		api_cancel(app->api, &res);
		api_result_clear(&res);
	}
	forget_last(app);	/* a photo is not kept for a retry */
	if (api_start_raw(app->api, method, path, content_type, body, len, auth, tag) != 0)
		return -1;
	app->req_owner = owner_id(app, owner);
	app->req_auth = auth;
	app->req_blocking = true;
	app->spin = 0;
	ui_msg_clear(&app->status);
	app->dirty = true;
	return 0;
}

/* Send the kept request again, to the screen that made it, if it is
 * still on top. */
static void retry_last(struct app *app)
{
	const struct screen_inst *t = top(app);
	cJSON *body = NULL;

	if (!app->last.held || t == NULL || t->id != app->last.owner) {
		forget_last(app);
		return;
	}
	if (app->last.body != NULL) {
		body = cJSON_Duplicate(app->last.body, 1);
		if (body == NULL) {
			forget_last(app);
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
		ui_msg_text(out, N_("Cancelled. What you typed is kept."));
		break;
	case API_LOCAL:
		ui_msg_text(out, N_("The request could not be started."));
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

/* ---- dialogs ------------------------------------------------------- */

static void open_dialog(struct app *app, enum dialog_kind kind, void *owner, int tag,
			const char *title, const struct ui_msg *body)
{
	memset(&app->dlg, 0, sizeof(app->dlg));
	app->dlg.kind = kind;
	app->dlg.tag = tag;
	app->dlg.title = title;
	app->dlg_owner = owner != NULL ? owner_id(app, owner) : 0;
	if (body != NULL)
		app->dlg.body = *body;
	else
		ui_msg_clear(&app->dlg.body);
}

void app_message(struct app *app, void *owner, int tag, const char *title,
		 const struct ui_msg *body)
{
	open_dialog(app, DLG_MESSAGE, owner, tag, title, body);
}

void app_confirm(struct app *app, void *owner, int tag, const char *title,
		 const struct ui_msg *body)
{
	open_dialog(app, DLG_CONFIRM, owner, tag, title, body);
	app->dlg.button = 1;    /* "No" first: Enter alone never loses data */
}

void app_choose(struct app *app, void *owner, int tag, const char *title, int n, int sel,
		list_label_fn label, void *ud)
{
	open_dialog(app, DLG_LIST, owner, tag, title, NULL);
	app->dlg.list.n = n;
	app->dlg.list.sel = sel >= 0 && sel < n ? sel : 0;
	app->dlg.list.label = label;
	app->dlg.list.ud = ud;
}

/* ---- session and data ---------------------------------------------- */

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

int app_login(struct app *app, const cJSON *reply)
{
	const char *token = ncre_json_str(reply, "token");
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(reply, "account");

	if (token == NULL || strlen(token) >= sizeof(app->sess.token))
		return -1;
	app_wipe_session(app);
	if (api_set_token(app->api, token) != 0)
		return -1;
	copy(app->sess.token, sizeof(app->sess.token), token);
	copy(app->sess.email, sizeof(app->sess.email), ncre_json_str(acc, "email"));
	copy(app->sess.phone, sizeof(app->sess.phone), ncre_json_str(acc, "phone"));
	copy(app->sess.name, sizeof(app->sess.name), ncre_json_str(acc, "name"));
	app->sess.active = true;
	return 0;
}

void app_wipe_session(struct app *app)
{
	explicit_bzero(&app->sess, sizeof(app->sess));
	explicit_bzero(&app->staff, sizeof(app->staff));
	(void)api_set_token(app->api, NULL);
	app_set_reg(app, NULL);
	forget_last(app);
}

void app_logout(struct app *app)
{
	if (app->sess.active &&
	    app_request(app, NULL, "DELETE", "/v1/sessions/current", NULL, true,
			APP_TAG_LOGOUT) == 0)
		return;
	app_wipe_session(app);
	app_reset(app, &screen_welcome, NULL);
}

int app_staff_login(struct app *app, const cJSON *reply)
{
	const char *token = ncre_json_str(reply, "token");
	const cJSON *who = cJSON_GetObjectItemCaseSensitive(reply, "staff");
	const cJSON *site = cJSON_GetObjectItemCaseSensitive(who, "site");

	if (token == NULL || strlen(token) >= sizeof(app->staff.token) || !cJSON_IsObject(who))
		return -1;
	app_wipe_session(app);
	if (api_set_token(app->api, token) != 0)
		return -1;
	copy(app->staff.token, sizeof(app->staff.token), token);
	copy(app->staff.login, sizeof(app->staff.login), ncre_json_str(who, "login"));
	copy(app->staff.name, sizeof(app->staff.name), ncre_json_str(who, "name"));
	copy(app->staff.site_code, sizeof(app->staff.site_code), ncre_json_str(site, "code"));
	copy(app->staff.site_zh, sizeof(app->staff.site_zh), ncre_json_str(site, "name_zh"));
	copy(app->staff.site_en, sizeof(app->staff.site_en), ncre_json_str(site, "name_en"));
	app->staff.site_audits = ncre_json_bool(site, "audit", false);
	app->staff.active = true;
	return 0;
}

void app_staff_logout(struct app *app)
{
	if (app->staff.active &&
	    app_request(app, NULL, "DELETE", "/v1/staff/sessions/current", NULL, true,
			APP_TAG_STAFF_LOGOUT) == 0)
		return;
	app_wipe_session(app);
	app_reset(app, &screen_welcome, NULL);
}

/* Where the session of the moment ends on the server, or NULL. */
static const char *session_path(const struct app *app)
{
	if (app->staff.active)
		return "/v1/staff/sessions/current";
	if (app->sess.active)
		return "/v1/sessions/current";
	return NULL;
}

void app_set_exam(struct app *app, const cJSON *exam)
{
	if (!cJSON_IsObject(exam))
		return;
	copy(app->exam.code, sizeof(app->exam.code), ncre_json_str(exam, "code"));
	copy(app->exam.name_zh, sizeof(app->exam.name_zh), ncre_json_str(exam, "name_zh"));
	copy(app->exam.name_en, sizeof(app->exam.name_en), ncre_json_str(exam, "name_en"));
	copy(app->exam.open, sizeof(app->exam.open), ncre_json_str(exam, "window_open"));
	copy(app->exam.close, sizeof(app->exam.close), ncre_json_str(exam, "window_close"));
	app->exam.in_window = ncre_json_bool(exam, "in_window", false);
	app->exam.known = true;
}

void app_set_reg(struct app *app, const cJSON *reg)
{
	api_json_wipe_free(&app->reg);
	if (reg != NULL)
		app->reg = cJSON_Duplicate(reg, 1);
}

const char *app_exam_name(const struct app *app)
{
	if (!app->exam.known)
		return "";
	return i18n_pick(app->ui.lang, app->exam.name_zh, app->exam.name_en);
}

int app_today_ymd(void)
{
	return cntime_today_ymd(time(NULL));
}

void app_format_time(const char *iso, char *out, size_t outsz)
{
	cntime_format(iso, out, outsz);
}

/* ---- painting ------------------------------------------------------ */

static void paint_title(struct app *app)
{
	char left[512], right[384], clock[16];
	time_t now = time(NULL);
	const char *who = "";
	int rw, lw;
	attr_t a = ui_attr(&app->ui, app->staff.active ? ROLE_STAFF_BAR : ROLE_TITLE);

	cntime_clock(now, clock, sizeof(clock));
	if (app->sess.active)
		who = app->sess.name[0] ? app->sess.name :
		      app->sess.email[0] ? app->sess.email : app->sess.phone;
	if (app->staff.active) {
		/* Staff mode says so in words too (monochrome, colour-blind). */
		who = app->staff.name[0] ? app->staff.name : app->staff.login;
		snprintf(left, sizeof(left), " %s  (%s)%s", _("*** STAFF MODE ***"),
			 app->staff.site_code,
			 i18n_pick(app->ui.lang, app->staff.site_zh, app->staff.site_en));
	} else {
		snprintf(left, sizeof(left), " %s%s%s", _("National Computer Rank Examination"),
			 app->exam.known ? " / " : "", app_exam_name(app));
	}
	snprintf(right, sizeof(right), "%s%s%s ", who, who[0] ? "  " : "", clock);
	ui_fill(stdscr, 0, 0, app->cols, a);
	rw = ncre_utf8_width(right);
	if (rw > app->cols / 2) {
		/* A long e-mail address gives way to the exam's name. */
		snprintf(right, sizeof(right), "%s ", clock);
		rw = ncre_utf8_width(right);
	}
	lw = app->cols - rw - 1;
	ui_put(stdscr, 0, 0, lw, left, a);
	ui_put(stdscr, 0, app->cols - rw, rw, right, a);
}

/* The screen's hints ("key: what  key: what") in cols columns: whole
 * hints only, the last ones dropped, never one cut in the middle. */
static void hint_fit(const char *hints, int cols, char *out, size_t outlen)
{
	size_t keep = 0, n = strlen(hints);
	const char *gap;

	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, hints, n);
	out[n] = '\0';
	if (ncre_utf8_width(out) <= cols)
		return;
	for (gap = strstr(out, "  "); gap != NULL; gap = strstr(gap + 2, "  ")) {
		out[gap - out] = '\0';
		if (ncre_utf8_width(out) > cols) {
			out[gap - out] = ' ';
			break;
		}
		keep = (size_t)(gap - out);
		out[gap - out] = ' ';
	}
	if (keep > 0)		/* else even the first is too wide: clipped */
		out[keep] = '\0';
}

static void paint_bottom(struct app *app)
{
	char buf[768], msg[512];
	struct screen_inst *t = top(app);
	const char *hints = t != NULL && t->s->hints != NULL ? t->s->hints(app, t->st) : NULL;
	int y = app->rows - 1, x;
	attr_t a = ui_attr(&app->ui, ROLE_HINT);

	/* Status line: spinner while a request runs, else the last note. */
	if (api_busy(app->api)) {
		snprintf(buf, sizeof(buf), " %c %s  %s", spinner[app->spin % 4],
			 _("Contacting the server..."), _("Esc: cancel"));
		ui_put(stdscr, app->rows - 2, 0, app->cols, buf, ui_attr(&app->ui, ROLE_STATUS));
	} else if (!ui_msg_empty(&app->status)) {
		ui_msg_render(&app->status, app->ui.lang, msg, sizeof(msg));
		snprintf(buf, sizeof(buf), " %s", msg);
		ui_put(stdscr, app->rows - 2, 0, app->cols, buf,
		       ui_attr(&app->ui, app->status.server ? ROLE_ERROR : ROLE_STATUS));
	}
	ui_fill(stdscr, y, 0, app->cols, a);
	/* Language switch and quit are everywhere, so they are drawn first
	 * and the screen's hints get what is left. The other language is
	 * named in its own words. */
	snprintf(buf, sizeof(buf), "  %s%s%s^T %s  ^X %s ",
		 app->cfg.staff ? "^O " : "",
		 !app->cfg.staff ? "" : app->staff.active ? _("End staff mode") : _("Staff login"),
		 app->cfg.staff ? "  " : "",
		 app->ui.lang == LANG_EN ? "中文" : "English",
		 app->cfg.kiosk ? _("Staff") : _("Quit"));
	x = app->cols - ncre_utf8_width(buf);
	ui_put(stdscr, y, x, app->cols - x, buf, ui_attr(&app->ui, ROLE_HINT_KEY));
	hint_fit(hints != NULL ? _(hints) : "", x - 2, msg, sizeof(msg));
	ui_put(stdscr, y, 1, x - 1, msg, a);
}

static void paint_small(struct app *app)
{
	int y = app->rows / 2 - 1;

	if (y < 0)
		y = 0;
	ui_put_center(stdscr, y, 0, app->cols, "请放大窗口", ui_attr(&app->ui, ROLE_ERROR));
	ui_put_center(stdscr, y + 1, 0, app->cols, "Please enlarge the window",
		      ui_attr(&app->ui, ROLE_ERROR));
	{
		char buf[64];

		snprintf(buf, sizeof(buf), "%dx%d < %dx%d", app->cols, app->rows, APP_MIN_COLS,
			 APP_MIN_ROWS);
		ui_put_center(stdscr, y + 2, 0, app->cols, buf, A_NORMAL);
	}
}

static void paint_countdown(struct app *app)
{
	char text[512], footer[128];

	snprintf(text, sizeof(text), "%s", _("No key has been pressed for a while. For the next "
					   "candidate's privacy the kiosk will log out and clear "
					   "the screen. Press any key to continue."));
	snprintf(footer, sizeof(footer), _("Logging out in %d seconds"), app->countdown);
	widget_notice_paint(&app->ui, stdscr, app->rows, app->cols, _("Are you still there?"),
			    text, footer);
}

static int minute_now(void)
{
	return (int)((time(NULL) / 60) % (24 * 60));
}

static void paint(struct app *app)
{
	struct screen_inst *t = top(app);

	(void)werase(stdscr);
	app->ui.cursor.on = false;
	if (app->too_small) {
		paint_small(app);
	} else {
		paint_title(app);
		if (t != NULL && t->s->paint != NULL)
			t->s->paint(app, t->st, stdscr, &app->body);
		paint_bottom(app);
		if (app->dlg.kind != DLG_NONE)
			widget_dialog_paint(&app->dlg, &app->ui, stdscr, app->rows, app->cols);
		if (app->countdown >= 0)
			paint_countdown(app);
	}
	if (app->ui.cursor.on && app->countdown < 0 && !app->too_small &&
	    (app->dlg.kind == DLG_NONE || app->dlg.kind == DLG_SECRET)) {
		(void)curs_set(1);
		(void)move(app->ui.cursor.y, app->ui.cursor.x);
	} else {
		(void)curs_set(0);
	}
	(void)wnoutrefresh(stdscr);
	(void)doupdate();
	app->dirty = false;
	app->painted_minute = minute_now();
	app->painted_spin = app->spin;
}

void app_paint_now(struct app *app)
{
	paint(app);
	app->dirty = true;	/* what the caller changes next is drawn too */
}

static void layout(struct app *app)
{
	getmaxyx(stdscr, app->rows, app->cols);
	app->too_small = app->rows < APP_MIN_ROWS || app->cols < APP_MIN_COLS;
	app->body.y = 1;
	app->body.x = 2;
	app->body.h = app->rows - 3;
	app->body.w = app->cols - 4;
	for (int i = 0; i < app->depth; i++)
		if (app->stack[i].s->layout != NULL)
			app->stack[i].s->layout(app, app->stack[i].st, &app->body);
	app->relayout = false;
}

/* ---- events -------------------------------------------------------- */

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
	case APP_TAG_STAFF_LOGOUT:
		app_wipe_session(app);
		app_reset(app, &screen_welcome, NULL);
		apply_nav(app);         /* before the note: a new screen's request clears it */
		ui_msg_text(&app->status, N_("Staff mode has ended."));
		break;
	default:
		break;
	}
}

static void deliver(struct app *app, struct api_result *res)
{
	struct screen_inst *t = top(app);
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
	if (!(app->dlg.kind == DLG_CONFIRM && app->dlg_owner == 0 && app->dlg.tag == APP_TAG_RETRY))
		forget_last(app);
}

/* Quit for good: log out first when logged in. */
static void leave(struct app *app)
{
	if (api_busy(app->api)) {
		struct api_result res;

		/* Whatever was under way is dropped; its screen goes too. */
		api_cancel(app->api, &res);
		api_result_clear(&res);
	}
	if (session_path(app) != NULL &&
	    app_request(app, NULL, "DELETE", session_path(app), NULL, true,
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
	open_dialog(app, DLG_SECRET, NULL, APP_TAG_UNLOCK, N_("Staff unlock"), &m);
	app->dlg.input = &app->unlock;
}

static void check_unlock(struct app *app)
{
	struct ui_msg m;
	bool ok = unlock_verify(app->cfg.unlock_hash, field_text(&app->unlock));

	field_clear(&app->unlock);
	if (ok) {
		app->unlock_fails = 0;
		leave(app);
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

static void ask_quit(struct app *app)
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

static void app_dialog(struct app *app, int tag, int result)
{
	if (tag == APP_TAG_QUIT && result == 1)
		leave(app);
	else if (tag == APP_TAG_UNLOCK && result == 1)
		check_unlock(app);
	else if (tag == APP_TAG_UNLOCK)
		field_clear(&app->unlock);
	else if (tag == APP_TAG_RETRY && result == 1)
		retry_last(app);
	else if (tag == APP_TAG_RETRY)
		forget_last(app);
	else if (tag == APP_TAG_STAFF_END && result == 1)
		app_staff_logout(app);
}

/* The staff key: staff log in from any screen while no candidate is
 * logged in; in staff mode it ends staff mode (after a question). */
static void staff_key(struct app *app)
{
	struct ui_msg m;
	const struct screen_inst *t = top(app);

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
	struct screen_inst *t = top(app);
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
	if ((special && ch == KEY_F(2)) || (!special && ch == 20)) {   /* F2, Ctrl-T */
		app->ui.lang = app->ui.lang == LANG_EN ? LANG_ZH : LANG_EN;
		i18n_set(app->ui.lang);
		app->relayout = true;
		return;
	}
	if (!special && ch == 12) {                                    /* Ctrl-L */
		(void)clearok(curscr, TRUE);
		return;
	}
	if (app->too_small)
		return;
	if ((!special && (ch == 24 || ch == 3)) || (special && ch == KEY_F(10))) {
		ask_quit(app);                                         /* Ctrl-X, Ctrl-C, F10 */
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
				app_dialog(app, tag, result);
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
			deliver(app, &res);
			api_result_clear(&res);
		}
		return;
	}
	if (t == NULL)
		return;
	if (app->cfg.staff && ((!special && ch == STAFF_KEY_CTRL) || (special && ch == KEY_F(9)))) {
		staff_key(app);
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
			ask_quit(app);
	} else if (rc == SCREEN_QUIT) {
		ask_quit(app);
	}
}

int app_init(struct app *app, const struct config *cfg, char *err, size_t errlen)
{
	struct api_config ac;

	memset(app, 0, sizeof(*app));
	app->cfg = *cfg;
	app->ui.lang = cfg->lang;
	ui_msg_clear(&app->status);
	app->countdown = -1;
	app->painted_minute = -1;
	app->dirty = true;
	field_init(&app->unlock, 64, 0, true);
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

static const char *cap(const char *name)
{
	const char *s = tigetstr(name);

	return s != NULL && s != (const char *)-1 ? s : NULL;
}

/* The sequence a crash handler writes (see crash_reset). */
static void crash_prepare(void)
{
	static const char *const caps[] = { "sgr0", "cnorm", "clear", "E3", "rmkx", "rmcup" };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		const char *c = cap(caps[i]);
		size_t len = c != NULL ? strlen(c) : 0;

		if (len > 0 && n + len < sizeof(crash_reset) - 2) {
			memcpy(crash_reset + n, c, len);
			n += len;
		}
	}
	memcpy(crash_reset + n, "\r\n", 2);
	crash_reset_len = n + 2;
}

void app_crash_restore(void)
{
	ssize_t w;

	if (!crash_armed)
		return;
	crash_armed = 0;
	(void)tcsetattr(STDIN_FILENO, TCSANOW, &crash_tios);
	w = write(STDOUT_FILENO, crash_reset, crash_reset_len);
	(void)w;
}

/* Clear the screen and, where the terminal knows how (terminfo E3, else
 * the xterm sequence most terminals take), its scrollback. */
static void clear_terminal(void)
{
	const char *e3 = cap("E3");

	(void)werase(stdscr);
	(void)clearok(curscr, TRUE);
	(void)wnoutrefresh(stdscr);
	(void)putp(e3 != NULL ? e3 : "\033[3J");
	(void)doupdate();
}

/* Best effort: end the session on the server, waiting a moment only. */
static void logout_now(struct app *app)
{
	struct api_result res;
	long long end;

	if (session_path(app) == NULL || app->api == NULL)
		return;
	if (api_busy(app->api)) {
		api_cancel(app->api, &res);
		api_result_clear(&res);
	}
	if (api_start(app->api, "DELETE", session_path(app), NULL, true, APP_TAG_LOGOUT) != 0)
		return;
	end = app_now_ms() + LOGOUT_WAIT_MS;
	while (app_now_ms() < end) {
		memset(&res, 0, sizeof(res));
		if (api_poll(app->api, 100, &res) == 1) {
			api_result_clear(&res);
			return;
		}
	}
	api_cancel(app->api, &res);
	api_result_clear(&res);
}

void app_idle_reset(struct app *app)
{
	struct api_result res;
	bool staff = app->staff.active;

	if (api_busy(app->api)) {
		api_cancel(app->api, &res);
		api_result_clear(&res);
	}
	logout_now(app);
	while (app->depth > 0)
		drop_top(app);
	app_wipe_session(app);
	explicit_bzero(&app->dlg, sizeof(app->dlg));
	field_clear(&app->unlock);
	ui_msg_clear(&app->status);
	app->nav.op = NAV_NONE;
	app->countdown = -1;
	clear_terminal();
	app_reset(app, &screen_welcome, NULL);
	apply_nav(app);
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

static void idle_tick(struct app *app)
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

/* Repaint only when something on screen may differ: ncurses sends only
 * the changed cells, but not painting at all sends nothing. */
static bool needs_paint(const struct app *app)
{
	return app->dirty || app->painted_minute != minute_now() ||
	       (api_busy(app->api) && app->spin != app->painted_spin);
}

int app_run(struct app *app)
{
	if (tcgetattr(STDIN_FILENO, &crash_tios) != 0)
		memset(&crash_tios, 0, sizeof(crash_tios));
	if (initscr() == NULL)
		return -1;
	crash_prepare();
	crash_armed = 1;
	(void)raw();               /* Ctrl-C, Ctrl-Z, Ctrl-\ arrive as keys */
	(void)noecho();
	(void)nonl();
	(void)keypad(stdscr, TRUE);
	(void)nodelay(stdscr, TRUE);
	(void)set_escdelay(25);
	ui_init(&app->ui);
	layout(app);
	app_push(app, &screen_welcome, NULL);
	apply_nav(app);

	app->last_input_ms = app_now_ms();
	while (!app->quit) {
		struct api_result res;
		wint_t ch;
		int kind;

		if (app->stop != NULL && *app->stop)
			break;
		if (app->relayout) {
			layout(app);
			app->dirty = true;
		}
		idle_tick(app);
		if (app->depth > 0 && top(app)->s->tick != NULL) {
			top(app)->s->tick(app, top(app)->st);
			apply_nav(app);
		}
		if (needs_paint(app))
			paint(app);
		memset(&res, 0, sizeof(res));
		if (api_poll(app->api, api_busy(app->api) ? 100 : 250, &res) == 1) {
			deliver(app, &res);
			api_result_clear(&res);
			apply_nav(app);
			app->dirty = true;
			continue;
		}
		while (!app->quit && (kind = get_wch(&ch)) != ERR) {
			handle_key(app, kind, ch);
			apply_nav(app);
			if (app->relayout)
				layout(app);
		}
		if (api_busy(app->api))
			app->spin++;
	}
	return 0;
}

void app_fini(struct app *app)
{
	struct api_result res;

	if (app->api != NULL && api_busy(app->api)) {
		api_cancel(app->api, &res);
		api_result_clear(&res);
	}
	/* Stopped by a signal while someone was logged in (SSH dropped,
	 * SIGTERM): end the session on the server too, if it answers soon. */
	logout_now(app);
	while (app->depth > 0)
		drop_top(app);
	app_wipe_session(app);
	explicit_bzero(&app->dlg, sizeof(app->dlg));
	field_clear(&app->unlock);
	api_free(&app->api);
	if (!isendwin() && stdscr != NULL) {
		clear_terminal();
		(void)endwin();
	}
	crash_armed = 0;
	explicit_bzero(&app->cfg, sizeof(app->cfg));
}
