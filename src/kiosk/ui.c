/*
 * Colours by role and column-aware text output.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "ncre/text.h"
#include "ui.h"

/* One row per role: colour pair and attributes with colours, and the
 * attributes that stand in for them on a monochrome terminal. */
static const struct {
	short fg, bg;
	attr_t color_attr;
	attr_t mono_attr;
} role_table[ROLE_COUNT] = {
	[ROLE_NORMAL]       = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE]        = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[ROLE_HINT]         = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_HINT_KEY]     = { COLOR_WHITE, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_STATUS]       = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[ROLE_HEADING]      = { COLOR_BLUE, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_LABEL]        = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_FIELD]        = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
	[ROLE_FIELD_FOCUS]  = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[ROLE_ERROR]        = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_OK]           = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_BUTTON]       = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_BUTTON_FOCUS] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_STEP_DONE]    = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[ROLE_STEP_TODO]    = { COLOR_RED, -1, A_NORMAL, A_UNDERLINE },
	[ROLE_STEP_OTHER]   = { -1, -1, A_DIM, A_NORMAL },
	[ROLE_NOTICE]       = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[ROLE_DIALOG]       = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_NORMAL },
	[ROLE_DIALOG_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	/* Staff mode: red, or reverse and bold (the candidate's bar is only
	 * reverse); the title also says 工作人员. */
	[ROLE_STAFF_BAR]    = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
};

void ui_init(struct ui *ui)
{
	ui->color = has_colors() && start_color() == OK;
	if (!ui->color)
		return;
	(void)use_default_colors();
	for (int r = 1; r < ROLE_COUNT; r++)
		if (init_pair((short)r, role_table[r].fg, role_table[r].bg) != OK)
			(void)init_pair((short)r, role_table[r].fg < 0 ? COLOR_WHITE : role_table[r].fg,
					role_table[r].bg < 0 ? COLOR_BLACK : role_table[r].bg);
}

attr_t ui_attr(const struct ui *ui, enum ui_role role)
{
	if ((int)role < 0 || role >= ROLE_COUNT)
		role = ROLE_NORMAL;
	if (!ui->color)
		return role_table[role].mono_attr;
	if (role == ROLE_NORMAL)
		return A_NORMAL;
	return COLOR_PAIR((short)role) | role_table[role].color_attr;
}

int ui_put(WINDOW *w, int y, int x, int maxcols, const char *s, attr_t a)
{
	size_t n, len, used, off = 0;
	unsigned int wc;
	int cols = 0;

	if (s == NULL || maxcols <= 0)
		return 0;
	n = ncre_utf8_fit(s, maxcols);
	len = n;
	/* Columns of the part that fits (same rules as ncre_utf8_width). */
	while (off < len && (used = ncre_utf8_next(s + off, len - off, &wc)) > 0) {
		int cw = (wc == 0xFFFDu && used == 1) ? 1 : wcwidth((wchar_t)wc);

		cols += cw < 0 ? 1 : cw;
		off += used;
	}
	(void)wattrset(w, a);
	(void)mvwaddnstr(w, y, x, s, (int)n);
	(void)wattrset(w, A_NORMAL);
	return cols;
}

void ui_pad(char *out, size_t n, const char *s, int cols)
{
	int w = ncre_utf8_width(s);
	size_t len;

	snprintf(out, n, "%s", s);
	len = strlen(out);
	for (; w < cols && len + 1 < n; w++)
		out[len++] = ' ';
	out[len] = '\0';
}

int ui_put_short(WINDOW *w, int y, int x, int maxcols, const char *s, attr_t a)
{
	char buf[1024];
	size_t n;

	if (s == NULL || maxcols <= 1 || ncre_utf8_width(s) <= maxcols)
		return ui_put(w, y, x, maxcols, s, a);
	n = ncre_utf8_fit(s, maxcols - 1);
	if (n > sizeof(buf) - 4)
		n = sizeof(buf) - 4;
	memcpy(buf, s, n);
	memcpy(buf + n, "…", sizeof("…"));
	return ui_put(w, y, x, maxcols, buf, a);
}

int ui_put_center(WINDOW *w, int y, int x, int cols, const char *s, attr_t a)
{
	int tw = ncre_utf8_width(s);

	if (tw > cols)
		tw = cols;
	return ui_put(w, y, x + (cols - tw) / 2, cols, s, a);
}

void ui_fill(WINDOW *w, int y, int x, int cols, attr_t a)
{
	(void)wattrset(w, a);
	for (int i = 0; i < cols; i++)
		(void)mvwaddch(w, y, x + i, ' ');
	(void)wattrset(w, A_NORMAL);
}

void ui_frame(WINDOW *w, const struct rect *r, attr_t a)
{
	(void)wattrset(w, a);
	for (int i = 1; i < r->w - 1; i++) {
		(void)mvwaddch(w, r->y, r->x + i, '-');
		(void)mvwaddch(w, r->y + r->h - 1, r->x + i, '-');
	}
	for (int i = 1; i < r->h - 1; i++) {
		(void)mvwaddch(w, r->y + i, r->x, '|');
		(void)mvwaddch(w, r->y + i, r->x + r->w - 1, '|');
	}
	(void)mvwaddch(w, r->y, r->x, '+');
	(void)mvwaddch(w, r->y, r->x + r->w - 1, '+');
	(void)mvwaddch(w, r->y + r->h - 1, r->x, '+');
	(void)mvwaddch(w, r->y + r->h - 1, r->x + r->w - 1, '+');
	(void)wattrset(w, A_NORMAL);
}

void ui_msg_clear(struct ui_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->wait = -1;
}

void ui_msg_text(struct ui_msg *m, const char *msgid)
{
	ui_msg_clear(m);
	m->kind = MSG_TEXT;
	m->msgid = msgid;
}

void ui_msg_err(struct ui_msg *m, enum ncre_err err)
{
	ui_msg_clear(m);
	m->kind = MSG_ERR;
	m->err = err;
}

void ui_msg_printf(struct ui_msg *m, const char *msgid, ...)
{
	va_list ap, ap2;

	ui_msg_clear(m);
	m->kind = MSG_PAIR;
	va_start(ap, msgid);
	va_copy(ap2, ap);
	(void)vsnprintf(m->zh, sizeof(m->zh), i18n_text(LANG_ZH, msgid), ap);
	(void)vsnprintf(m->en, sizeof(m->en), i18n_text(LANG_EN, msgid), ap2);
	va_end(ap2);
	va_end(ap);
}

bool ui_msg_empty(const struct ui_msg *m)
{
	return m->kind == MSG_NONE;
}

const char *ui_msg_render(const struct ui_msg *m, enum lang lang, char *buf, size_t bufsz)
{
	const char *base = "";
	size_t n;

	if (bufsz == 0)
		return buf;
	buf[0] = '\0';
	switch (m->kind) {
	case MSG_NONE:
		return buf;
	case MSG_TEXT:
		base = i18n_text(lang, m->msgid);
		break;
	case MSG_ERR:
		base = i18n_err(lang, m->err);
		break;
	case MSG_PAIR:
		base = i18n_pick(lang, m->zh, m->en);
		break;
	}
	snprintf(buf, bufsz, "%s", base);
	n = strlen(buf);
	if (m->wait >= 0 && n < bufsz)
		snprintf(buf + n, bufsz - n, i18n_ntext(lang, " (wait %ld second)", " (wait %ld seconds)",
					     (unsigned long)m->wait), m->wait);
	n = strlen(buf);
	if (m->detail[0] != '\0' && n < bufsz)
		snprintf(buf + n, bufsz - n, " (%s)", m->detail);
	return buf;
}
