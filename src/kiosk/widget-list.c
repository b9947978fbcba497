/*
 * A list to choose from (ID types): Up/Down, PgUp/PgDn, Home/End, Enter.
 */
#include "widget.h"
#include "keys.h"

void widget_list_paint(struct list *l, struct ui *ui, WINDOW *w, const struct rect *r)
{
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + r->h)
		l->top = l->sel - r->h + 1;
	for (int i = 0; i < r->h; i++) {
		int idx = l->top + i;
		attr_t a = ui_attr(ui, idx == l->sel ? ROLE_BUTTON_FOCUS : ROLE_DIALOG);

		ui_fill(w, r->y + i, r->x, r->w, a);
		if (idx < l->n) {
			ui_put(w, r->y + i, r->x + 1, r->w - 2, l->label(idx, ui->lang, l->ud), a);
			if (idx == l->sel) {
				ui->cursor.on = false;
			}
		}
	}
}

enum list_rc widget_list_key(struct list *l, int kind, wint_t ch, int page)
{
	int old = l->sel;

	if (key_is_enter(kind, ch) || (kind == OK && ch == ' '))
		return LIST_CHOSEN;
	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:    l->sel--; break;
		case KEY_DOWN:  l->sel++; break;
		case KEY_PPAGE: l->sel -= page; break;
		case KEY_NPAGE: l->sel += page; break;
		case KEY_HOME:  l->sel = 0; break;
		case KEY_END:   l->sel = l->n - 1; break;
		default:        return LIST_IGNORED;
		}
	} else if (ch == KEY_CTRL_P) {
		l->sel--;
	} else if (ch == KEY_CTRL_N || ch == '\t') {
		l->sel++;
	} else {
		return LIST_IGNORED;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	return l->sel != old ? LIST_MOVED : LIST_IGNORED;
}
