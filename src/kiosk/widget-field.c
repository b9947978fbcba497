/*
 * A text field on screen. The editing itself is field.c (pure, unit
 * tested); this file maps keys to it and draws the visible part, always
 * whole characters, padded to the box.
 */
#include "widget.h"

void widget_field_paint(struct field *f, struct ui *ui, WINDOW *w, int y, int x, int cols,
			bool focused)
{
	char buf[FIELD_MAX_BYTES * 2 + 512];
	int cx = 0;
	attr_t a = ui_attr(ui, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD);

	if (cols <= 0)
		return;
	/* Paint the whole box first, then the text over it, so no stale
	 * half of a wide character is ever left behind. */
	ui_fill(w, y, x, cols, a);
	(void)field_view(f, cols, buf, sizeof(buf), &cx);
	(void)wattrset(w, a);
	(void)mvwaddstr(w, y, x, buf);
	(void)wattrset(w, A_NORMAL);
	if (focused) {
		ui->cursor.on = true;
		ui->cursor.y = y;
		ui->cursor.x = x + cx;
	}
}

enum field_rc widget_field_key(struct field *f, int kind, wint_t ch)
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
