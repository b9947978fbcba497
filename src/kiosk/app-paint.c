/*
 * Painting the frame around the screens: the title bar, the status line
 * with its spinner, the key-hint bar, the idle countdown and the notice
 * of a window too small; and the layout of the body they leave.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ncre/json.h"
#include "ncre/text.h"
#include "app-internal.h"
#include "cntime.h"
#include "wrap.h"

static const char spinner[] = "|/-\\";
/* Rows a long status note may take above the hint bar. */
#define STATUS_ROWS_MAX 3

static void paint_title(struct app *app)
{
	char left[512], right[384], clock[16];
	time_t now = time(NULL);
	const char *who = "";
	int rw, lw;
	attr_t a = ui_attr(&app->ui, app->staff.active ? ROLE_STAFF_BAR : ROLE_TITLE);

	cntime_clock(now, clock, sizeof(clock));
	/* The candidate by name once it is known (the registration's, else
	 * the account's), as the seed's pages show 姓名; else the account. */
	if (app->sess.active) {
		const char *reg_name = ncre_json_str(app->reg, "name");

		who = reg_name != NULL && reg_name[0] ? reg_name :
		      app->sess.name[0] ? app->sess.name :
		      app->sess.email[0] ? app->sess.email : app->sess.phone;
	}
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
	ui_put_short(stdscr, 0, 0, lw, left, a);
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
	struct screen_inst *t = app_top(app);
	const char *hints = t != NULL && t->s->hints != NULL ? t->s->hints(app, t->st) : NULL;
	int y = app->rows - 1, x, hx = 1;
	attr_t a = ui_attr(&app->ui, ROLE_HINT);
	const struct field *ime = app->ui.ime_field;

	/* Status line: the input method's candidates while composing, the
	 * spinner while a request runs (saying which wait it is: for the
	 * connection, or, the request sent, for the server's answer), else
	 * the last note. */
	if (ime != NULL && field_composing(ime)) {
		widget_ime_paint(ime, &app->ui, stdscr, app->rows - 2, 0, app->cols);
	} else if (api_busy(app->api)) {
		snprintf(buf, sizeof(buf), " %c %s  %s", spinner[app->spin % 4],
			 api_sent(app->api) ? _("Waiting for the server's answer...")
					    : _("Contacting the server..."),
			 _("Esc: cancel"));
		ui_put(stdscr, app->rows - 2, 0, app->cols, buf, ui_attr(&app->ui, ROLE_STATUS));
	} else if (!ui_msg_empty(&app->status)) {
		struct wrap_line lines[STATUS_ROWS_MAX];
		size_t n;
		attr_t sa = ui_attr(&app->ui, app->status.server ? ROLE_ERROR : ROLE_STATUS);

		/* A long note is wrapped at word boundaries and takes the rows
		 * above the status line it needs, never cut in a word. */
		ui_msg_render(&app->status, app->ui.lang, msg, sizeof(msg));
		n = wrap_text(msg, app->cols - 2, lines, STATUS_ROWS_MAX);
		if (n > STATUS_ROWS_MAX)
			n = STATUS_ROWS_MAX;
		for (size_t i = 0; i < n; i++) {
			int row = app->rows - 2 - (int)(n - 1 - i);

			snprintf(buf, sizeof(buf), " %.*s", (int)lines[i].len, msg + lines[i].off);
			ui_fill(stdscr, row, 0, app->cols, A_NORMAL);
			ui_put(stdscr, row, 0, app->cols, buf, sa);
		}
	}
	ui_fill(stdscr, y, 0, app->cols, a);
	/* Language switch and quit are everywhere, so they are drawn first
	 * and the screen's hints get what is left. The other language is
	 * named in its own words. */
	snprintf(buf, sizeof(buf), "  %s%s%s%s%s%s^X %s ",
		 app->cfg.staff ? "^O " : "",
		 !app->cfg.staff ? "" : app->staff.active ? _("End staff mode") : _("Staff login"),
		 app->cfg.staff ? "  " : "",
		 app->cfg.no_catalogue ? "" : "^T ",
		 app->cfg.no_catalogue ? "" : app->ui.lang == LANG_EN ? "中文" : "English",
		 app->cfg.no_catalogue ? "" : "  ",
		 app->cfg.kiosk ? _("Staff") : _("Quit"));
	x = app->cols - ncre_utf8_width(buf);
	ui_put(stdscr, y, x, app->cols - x, buf, ui_attr(&app->ui, ROLE_HINT_KEY));
	/* A field that takes the input method: its mode comes first (the
	 * composition's keys are on its candidate row). */
	if (ime != NULL)
		hx += ui_put(stdscr, y, 1, x - 2, widget_ime_mode(ime),
			     ui_attr(&app->ui, ROLE_HINT_KEY)) + 2;
	hint_fit(hints != NULL ? _(hints) : "", x - 1 - hx, msg, sizeof(msg));
	ui_put(stdscr, y, hx, x - hx, msg, a);
}

static void paint_small(struct app *app)
{
	int y = app->rows / 2 - 1;

	if (y < 0)
		y = 0;
	/* In both languages at once: whoever stands there can read it. */
	ui_put_center(stdscr, y, 0, app->cols, i18n_text(LANG_ZH, N_("Please enlarge the window")),
		      ui_attr(&app->ui, ROLE_ERROR));
	ui_put_center(stdscr, y + 1, 0, app->cols, i18n_text(LANG_EN, N_("Please enlarge the window")),
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
	snprintf(footer, sizeof(footer), ngettext("Logging out in %d second", "Logging out in %d seconds",
					   (unsigned long)app->countdown), app->countdown);
	widget_notice_paint(&app->ui, stdscr, app->rows, app->cols, _("Are you still there?"),
			    text, footer);
}

static int minute_now(void)
{
	return (int)((time(NULL) / 60) % (24 * 60));
}

void app_paint(struct app *app)
{
	struct screen_inst *t = app_top(app);

	(void)werase(stdscr);
	app->ui.cursor.on = false;
	app->ui.ime_field = NULL;
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
	app_paint(app);
	app->dirty = true;	/* what the caller changes next is drawn too */
}

void app_layout(struct app *app)
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

/* Repaint only when something on screen may differ: ncurses sends only
 * the changed cells, but not painting at all sends nothing. */
bool app_needs_paint(const struct app *app)
{
	return app->dirty || app->painted_minute != minute_now() ||
	       (api_busy(app->api) && app->spin != app->painted_spin);
}
