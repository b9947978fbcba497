/*
 * The application shell: the main loop (curl multi and the keyboard
 * together), the screen stack, dialogs, the title bar, the status line
 * with its spinner, and the key-hint bar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ncre/json.h"
#include "ncre/text.h"
#include "app.h"

/* Tags of requests and dialogs that belong to the app itself. */
enum {
	APP_TAG_QUIT = 1,
	APP_TAG_LOGOUT,
	APP_TAG_LOGOUT_QUIT,
	APP_TAG_INFO
};

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

int app_request(struct app *app, void *owner, const char *method, const char *path,
		cJSON *body, bool auth, int tag)
{
	/* A read still under way gives way to what the candidate asked for. */
	if (api_busy(app->api) && !app->req_blocking) {
		struct api_result res;

		api_cancel(app->api, &res);
		api_result_clear(&res);
	}
	if (api_start(app->api, method, path, body, auth, tag) != 0)
		return -1;
	app->req_owner = owner_id(app, owner);
	app->req_auth = auth;
	app->req_blocking = strcmp(method, "GET") != 0;
	app->spin = 0;
	ui_msg_clear(&app->status);
	return 0;
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
		ui_msg_text(out, N_("The server did not answer in time. Please try again."));
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
	(void)api_set_token(app->api, NULL);
	app_set_reg(app, NULL);
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
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

void app_format_time(const char *iso, char *out, size_t outsz)
{
	struct tm tm;
	const char *end;
	time_t t;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (iso == NULL)
		return;
	memset(&tm, 0, sizeof(tm));
	end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL || (*end != 'Z' && *end != '\0')) {
		snprintf(out, outsz, "%s", iso);
		return;
	}
	t = timegm(&tm);
	if (t == (time_t)-1 || localtime_r(&t, &tm) == NULL ||
	    strftime(out, outsz, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, outsz, "%s", iso);
}

/* ---- painting ------------------------------------------------------ */

static void paint_title(struct app *app)
{
	char left[512], right[384], clock[16];
	time_t now = time(NULL);
	struct tm tm;
	const char *who = "";
	int rw, lw;
	attr_t a = ui_attr(&app->ui, ROLE_TITLE);

	clock[0] = '\0';
	if (localtime_r(&now, &tm) != NULL)
		strftime(clock, sizeof(clock), "%H:%M", &tm);
	if (app->sess.active)
		who = app->sess.name[0] ? app->sess.name :
		      app->sess.email[0] ? app->sess.email : app->sess.phone;
	snprintf(left, sizeof(left), " %s%s%s", _("National Computer Rank Examination"),
		 app->exam.known ? " / " : "", app_exam_name(app));
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
	snprintf(buf, sizeof(buf), "  ^T %s  ^X %s ",
		 app->ui.lang == LANG_EN ? "中文" : "English", _("Quit"));
	x = app->cols - ncre_utf8_width(buf);
	ui_put(stdscr, y, x, app->cols - x, buf, ui_attr(&app->ui, ROLE_HINT_KEY));
	ui_put(stdscr, y, 1, x - 1, hints != NULL ? _(hints) : "", a);
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
	}
	if (app->ui.cursor.on && app->dlg.kind == DLG_NONE && !app->too_small) {
		(void)curs_set(1);
		(void)move(app->ui.cursor.y, app->ui.cursor.x);
	} else {
		(void)curs_set(0);
	}
	(void)wnoutrefresh(stdscr);
	(void)doupdate();
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
	default:
		break;
	}
}

static void deliver(struct app *app, struct api_result *res)
{
	struct screen_inst *t = top(app);
	unsigned long owner = app->req_owner;

	if (res->status == API_ERROR && res->err_known && app->req_auth && owner != 0 &&
	    app->sess.active && (res->err == NCRE_E_UNAUTHORIZED || res->err == NCRE_E_TOKEN_EXPIRED)) {
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
}

static void ask_quit(struct app *app)
{
	struct ui_msg m;

	if (app->dlg.kind != DLG_NONE && app->dlg_owner == 0 && app->dlg.tag == APP_TAG_QUIT)
		return;
	ui_msg_text(&m, app->sess.active ?
		    N_("Log out and quit the kiosk? Anything not yet saved is lost.") :
		    N_("Quit the kiosk? Anything not yet saved is lost."));
	app_confirm(app, NULL, APP_TAG_QUIT, N_("Quit"), &m);
}

static void app_dialog(struct app *app, int tag, int result)
{
	if (tag == APP_TAG_QUIT && result == 1) {
		if (api_busy(app->api)) {
			struct api_result res;

			/* Whatever was under way is dropped; its screen goes too. */
			api_cancel(app->api, &res);
			api_result_clear(&res);
		}
		if (app->sess.active &&
		    app_request(app, NULL, "DELETE", "/v1/sessions/current", NULL, true,
				APP_TAG_LOGOUT_QUIT) == 0)
			return;
		app_wipe_session(app);
		app->quit = true;
	}
}

static void handle_key(struct app *app, int kind, wint_t ch)
{
	bool special = kind == KEY_CODE_YES;
	struct screen_inst *t = top(app);
	enum screen_rc rc;

	if (special && ch == KEY_RESIZE) {
		app->relayout = true;
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
	ac.server = app->cfg.server;
	ac.ca_file = app->cfg.ca_file[0] ? app->cfg.ca_file : NULL;
	ac.pin = app->cfg.pin[0] ? app->cfg.pin : NULL;
	ac.timeout_s = app->cfg.timeout_s;
	app->api = api_new(&ac, err, errlen);
	return app->api != NULL ? 0 : -1;
}

int app_run(struct app *app)
{
	if (initscr() == NULL)
		return -1;
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

	while (!app->quit) {
		struct api_result res;
		wint_t ch;
		int kind;

		if (app->stop != NULL && *app->stop)
			break;
		if (app->relayout)
			layout(app);
		paint(app);
		memset(&res, 0, sizeof(res));
		if (api_poll(app->api, api_busy(app->api) ? 100 : 250, &res) == 1) {
			deliver(app, &res);
			api_result_clear(&res);
			apply_nav(app);
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
	while (app->depth > 0)
		drop_top(app);
	app_wipe_session(app);
	explicit_bzero(&app->dlg, sizeof(app->dlg));
	api_free(&app->api);
	if (!isendwin() && stdscr != NULL) {
		(void)werase(stdscr);
		(void)refresh();
		(void)endwin();
	}
	explicit_bzero(&app->cfg, sizeof(app->cfg));
}
