/*
 * A text field on screen. The editing itself is field.c (pure, unit
 * tested); this file maps keys to it and draws the visible part, always
 * whole characters, padded to the box. The input method's composition
 * (ime.c) shows at the cursor, underlined and reversed, and its numbered
 * candidates on the status line above the key hints (widget_ime_paint),
 * where they never cover a field or its message.
 */
#include <string.h>

#include "ncre/text.h"
#include "keys.h"
#include "widget.h"

/* The field with the composition put in at the cursor, for drawing. */
static void with_preedit(const struct field *f, struct field *v, int *pre_cols)
{
	const char *p = f->ime.preedit;
	size_t n = strlen(p), off = 0;
	int before;
	unsigned int cp;

	*v = *f;
	v->max_chars = 0;
	v->max_cols = 0;
	before = field_cursor_col(v);
	while (off < n) {
		size_t used = ncre_utf8_next(p + off, n - off, &cp);

		if (used == 0 || field_insert(v, (wchar_t)cp) == FIELD_REFUSED)
			break;
		off += used;
	}
	*pre_cols = field_cursor_col(v) - before;
}

void widget_field_paint(struct field *f, struct ui *ui, WINDOW *w, int y, int x, int cols,
			bool focused)
{
	char buf[FIELD_MAX_BYTES * 2 + 512];
	int cx = 0, pre = 0;
	attr_t a = ui_attr(ui, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD);
	bool composing = focused && field_composing(f);

	if (focused && f->input != FIELD_INPUT_NONE)
		ui->ime_field = f;
	if (cols <= 0)
		return;
	/* Paint the whole box first, then the text over it, so no stale
	 * half of a wide character is ever left behind. */
	ui_fill(w, y, x, cols, a);
	if (composing) {
		struct field v;

		with_preedit(f, &v, &pre);
		(void)field_view(&v, cols, buf, sizeof(buf), &cx);
		f->scroll = v.scroll;
		explicit_bzero(&v, sizeof(v));
	} else {
		(void)field_view(f, cols, buf, sizeof(buf), &cx);
	}
	(void)wattrset(w, a);
	(void)mvwaddstr(w, y, x, buf);
	(void)wattrset(w, A_NORMAL);
	explicit_bzero(buf, sizeof(buf));
	if (composing) {
		/* The composition is not text yet: drawn so it is never taken
		 * for it (reversed, underlined; the cursor at its end). */
		int start = cx - pre < 0 ? 0 : cx - pre;

		(void)mvwchgat(w, y, x + start, cx - start, a ^ (A_REVERSE | A_UNDERLINE),
			       PAIR_NUMBER(a), NULL);
	}
	if (focused) {
		ui->cursor.on = true;
		ui->cursor.y = y;
		ui->cursor.x = x + cx;
	}
}

/* The candidates of f's composition on one row, and at its right end the
 * page keys when there is another page: "1.王小 2.王晓 ...  -/=".
 * The key-hint line stays as it was (the mode and ` for strokes are on it
 * all along), so starting and ending a composition rewrites little. */
void widget_ime_paint(const struct field *f, struct ui *ui, WINDOW *w, int y, int x, int cols)
{
	const struct ime *im = &f->ime;
	char row[IME_PAGE * (IME_CAND_BYTES + 4) + 64], right[128];
	size_t len = 0;
	int right_w;
	const char *mark = im->page > 0 && !im->last_page ? "-/=" :
			   im->page > 0 ? "-" : !im->last_page ? "=" : "";
	attr_t a = ui_attr(ui, ROLE_STATUS);

	ui_fill(w, y, x, cols, a);
	row[0] = '\0';
	for (int i = 0; i < im->ncand; i++) {
		int n = snprintf(row + len, sizeof(row) - len, "%s%d.%s", i ? " " : "", i + 1,
				 im->cand[i]);

		if (n < 0 || (size_t)n >= sizeof(row) - len)
			break;
		len += (size_t)n;
	}
	if (im->kind == IME_CODE && im->ncand > 0)
		snprintf(row, sizeof(row), _("Space: %s"), im->cand[0]);
	else if (im->ncand == 0)
		snprintf(row, sizeof(row), "%s", im->kind == IME_STROKE ?
			 _("Strokes: h 横 s 竖 p 撇 n 点 z 折") : _("(no candidate)"));
	snprintf(right, sizeof(right), "%s", mark);
	right_w = ncre_utf8_width(right);
	(void)ui_put(w, y, x + 1, cols - right_w - 3, row, a);
	if (right_w > 0)
		ui_put(w, y, x + cols - right_w - 1, right_w, right, a);
	explicit_bzero(row, sizeof(row));
}

/* The mode for the key-hint line: "中" or "英", with its key. */
const char *widget_ime_mode(const struct field *f)
{
	return f->ime.zh ? _("[中] Ctrl-Space: English  `: strokes") :
			   _("[英] Ctrl-Space: Chinese");
}

/* The key as the input method sees it. */
static enum ime_key ime_key_of(int kind, wint_t ch)
{
	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_BACKSPACE: return IME_KEY_BACKSPACE;
		case KEY_ENTER:     return IME_KEY_ENTER;
		case KEY_PPAGE:     return IME_KEY_PGUP;
		case KEY_NPAGE:     return IME_KEY_PGDN;
		default:            return IME_KEY_OTHER;
		}
	}
	switch (ch) {
	case KEY_CTRL_SPACE:
		return IME_KEY_TOGGLE;
	case 8:
	case 127:
		return IME_KEY_BACKSPACE;
	case '\r':
	case '\n':
		return IME_KEY_ENTER;
	case KEY_ESCAPE:
		return IME_KEY_ESC;
	default:
		return ch < 0x20 ? IME_KEY_OTHER : IME_KEY_CHAR;
	}
}

enum field_rc widget_field_key(struct field *f, int kind, wint_t ch)
{
	if (f->input != FIELD_INPUT_NONE) {
		bool taken;
		enum field_rc rc = field_ime_key(f, ime_key_of(kind, ch),
						 kind == KEY_CODE_YES ? 0 : (wchar_t)ch, &taken);

		if (taken)
			return rc;
		if (rc == FIELD_REFUSED)
			return rc;
		if (kind != KEY_CODE_YES && ch == KEY_CTRL_SPACE)
			return rc;
		if (rc == FIELD_EDITED) {
			/* Committed letters, then the key itself. */
			enum field_rc k = widget_field_key_plain(f, kind, ch);

			return k == FIELD_REFUSED ? k : FIELD_EDITED;
		}
	}
	return widget_field_key_plain(f, kind, ch);
}

enum field_rc widget_field_key_plain(struct field *f, int kind, wint_t ch)
{
	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_BACKSPACE: return field_backspace(f);
		case KEY_DC:        return field_delete(f);
		case KEY_LEFT:      return field_left(f);
		case KEY_RIGHT:     return field_right(f);
		case KEY_HOME:      return field_home(f);
		case KEY_END:       return field_end(f);
		default:            return FIELD_UNCHANGED;
		}
	}
	switch (ch) {
	case 8:                     /* Ctrl-H */
	case 127:                   /* DEL as sent by most terminals for Backspace */
		return field_backspace(f);
	case 1:                     /* Ctrl-A */
		return field_home(f);
	case 5:                     /* Ctrl-E */
		return field_end(f);
	case 21:                    /* Ctrl-U */
		return field_kill_before(f);
	case 4:                     /* Ctrl-D */
		return field_delete(f);
	default:
		break;
	}
	if (ch < 0x20)
		return FIELD_UNCHANGED;
	return field_insert(f, (wchar_t)ch);
}
