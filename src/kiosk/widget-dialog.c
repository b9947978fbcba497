/*
 * Modal dialogs drawn over the screen: a message (OK), a question
 * (Yes/No, or other words such as Retry/Cancel), a list to choose from,
 * and a masked one-line prompt (the staff unlock code). The text is
 * rendered in the current language at every paint, so a language switch
 * reaches open dialogs too.
 */
#include "ncre/text.h"
#include "widget.h"
#include "wrap.h"
#include "keys.h"

bool key_is_enter(int kind, wint_t ch)
{
	return (kind == KEY_CODE_YES && ch == KEY_ENTER) ||
	       (kind == OK && (ch == '\n' || ch == '\r'));
}

bool key_is_esc(int kind, wint_t ch)
{
	return kind == OK && ch == KEY_ESCAPE;
}

void widget_dialog_paint(struct dialog *d, struct ui *ui, WINDOW *w, int rows, int cols)
{
	char text[1024];
	struct wrap_line lines[16];
	size_t n = 0;
	struct rect r;
	attr_t a = ui_attr(ui, ROLE_DIALOG);
	int width = cols - 8 > 64 ? 64 : cols - 8, body_h;

	if (d->kind == DLG_NONE || width < 20)
		return;
	if (d->kind == DLG_LIST) {
		body_h = d->list.n;
		if (body_h > rows - 8)
			body_h = rows - 8;
		width = 40;
	} else {
		ui_msg_render(&d->body, ui->lang, text, sizeof(text));
		n = wrap_text(text, width - 4, lines, 16);
		if (n > 16)
			n = 16;
		body_h = (int)n + (d->kind == DLG_SECRET ? 2 : 0);
	}
	/* A question says under its buttons what Enter answers. */
	r.h = body_h + 5 + (d->kind == DLG_CONFIRM ? 1 : 0);
	r.w = width;
	r.y = (rows - r.h) / 2;
	r.x = (cols - r.w) / 2;
	for (int i = 0; i < r.h; i++)
		ui_fill(w, r.y + i, r.x, r.w, a);
	ui_frame(w, &r, a);
	ui_fill(w, r.y, r.x + 1, r.w - 2, ui_attr(ui, ROLE_DIALOG_TITLE));
	ui_put_center(w, r.y, r.x + 1, r.w - 2, d->title ? _(d->title) : "",
		      ui_attr(ui, ROLE_DIALOG_TITLE));
	ui->cursor.on = false;
	if (d->kind == DLG_LIST) {
		struct rect lr = { r.y + 2, r.x + 2, body_h, r.w - 4 };

		widget_list_paint(&d->list, ui, w, &lr);
		ui_put_center(w, r.y + r.h - 2, r.x + 1, r.w - 2, _("Enter: choose   Esc: cancel"), a);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char buf[512];

		snprintf(buf, sizeof(buf), "%.*s", (int)lines[i].len, text + lines[i].off);
		ui_put(w, r.y + 2 + (int)i, r.x + 2, r.w - 4, buf, a);
	}
	if (d->kind == DLG_SECRET) {
		if (d->input != NULL)
			widget_field_paint(d->input, ui, w, r.y + 2 + (int)n + 1, r.x + 4, r.w - 8,
					   true);
		ui_put_center(w, r.y + r.h - 2, r.x + 1, r.w - 2, _("Enter: confirm   Esc: cancel"),
			      a);
	} else if (d->kind == DLG_MESSAGE) {
		char b[128];

		snprintf(b, sizeof(b), "[ %s ]", _("OK"));
		ui_put_center(w, r.y + r.h - 2, r.x + 1, r.w - 2, b, ui_attr(ui, ROLE_BUTTON_FOCUS));
	} else {
		char yes[128], no[128], enter[160];
		int yw, nw, x;

		snprintf(yes, sizeof(yes), "[ %s ]", _(d->yes != NULL ? d->yes : "Yes"));
		snprintf(no, sizeof(no), "[ %s ]", _(d->no != NULL ? d->no : "No"));
		yw = ncre_utf8_width(yes);
		nw = ncre_utf8_width(no);
		x = r.x + (r.w - yw - nw - 4) / 2;
		ui_put(w, r.y + r.h - 3, x, yw, yes,
		       ui_attr(ui, d->button == 0 ? ROLE_BUTTON_FOCUS : ROLE_BUTTON));
		ui_put(w, r.y + r.h - 3, x + yw + 4, nw, no,
		       ui_attr(ui, d->button == 1 ? ROLE_BUTTON_FOCUS : ROLE_BUTTON));
		snprintf(enter, sizeof(enter), _("Enter: %s"),
			 d->button == 0 ? _(d->yes != NULL ? d->yes : "Yes")
					: _(d->no != NULL ? d->no : "No"));
		ui_put_center(w, r.y + r.h - 2, r.x + 1, r.w - 2, enter, a);
	}
}

enum dialog_rc widget_dialog_key(struct dialog *d, int kind, wint_t ch, int *result)
{
	bool special = kind == KEY_CODE_YES;

	switch (d->kind) {
	case DLG_NONE:
		return DIALOG_DONE;
	case DLG_MESSAGE:
		if (key_is_enter(kind, ch) || key_is_esc(kind, ch) || (!special && ch == ' ')) {
			*result = 0;
			return DIALOG_DONE;
		}
		return DIALOG_OPEN;
	case DLG_CONFIRM:
		if (key_is_esc(kind, ch)) {
			*result = 0;
			return DIALOG_DONE;
		}
		if (key_is_enter(kind, ch) || (!special && ch == ' ')) {
			*result = d->button == 0 ? 1 : 0;
			return DIALOG_DONE;
		}
		if (!special && (ch == 'y' || ch == 'Y')) {
			*result = 1;
			return DIALOG_DONE;
		}
		if (!special && (ch == 'n' || ch == 'N')) {
			*result = 0;
			return DIALOG_DONE;
		}
		if ((special && (ch == KEY_LEFT || ch == KEY_RIGHT || ch == KEY_BTAB)) ||
		    (!special && ch == '\t'))
			d->button = 1 - d->button;
		return DIALOG_OPEN;
	case DLG_SECRET:
		if (key_is_esc(kind, ch)) {
			*result = 0;
			return DIALOG_DONE;
		}
		if (key_is_enter(kind, ch)) {
			*result = 1;
			return DIALOG_DONE;
		}
		if (d->input != NULL)
			(void)widget_field_key(d->input, kind, ch);
		return DIALOG_OPEN;
	case DLG_LIST:
		if (key_is_esc(kind, ch)) {
			*result = -1;
			return DIALOG_DONE;
		}
		if (widget_list_key(&d->list, kind, ch, 5) == LIST_CHOSEN) {
			*result = d->list.sel;
			return DIALOG_DONE;
		}
		return DIALOG_OPEN;
	}
	return DIALOG_OPEN;
}

void widget_notice_paint(struct ui *ui, WINDOW *w, int rows, int cols, const char *title,
			 const char *text, const char *footer)
{
	struct wrap_line lines[8];
	struct rect r;
	attr_t a = ui_attr(ui, ROLE_DIALOG);
	int width = cols - 8 > 60 ? 60 : cols - 8;
	size_t n;

	if (width < 20)
		return;
	n = wrap_text(text, width - 4, lines, 8);
	if (n > 8)
		n = 8;
	r.h = (int)n + 5;
	r.w = width;
	r.y = (rows - r.h) / 2;
	r.x = (cols - r.w) / 2;
	for (int i = 0; i < r.h; i++)
		ui_fill(w, r.y + i, r.x, r.w, a);
	ui_frame(w, &r, a);
	ui_fill(w, r.y, r.x + 1, r.w - 2, ui_attr(ui, ROLE_DIALOG_TITLE));
	ui_put_center(w, r.y, r.x + 1, r.w - 2, title, ui_attr(ui, ROLE_DIALOG_TITLE));
	for (size_t i = 0; i < n; i++) {
		char buf[512];

		snprintf(buf, sizeof(buf), "%.*s", (int)lines[i].len, text + lines[i].off);
		ui_put(w, r.y + 2 + (int)i, r.x + 2, r.w - 4, buf, a);
	}
	ui_put_center(w, r.y + r.h - 2, r.x + 1, r.w - 2, footer, ui_attr(ui, ROLE_ERROR));
	ui->cursor.on = false;
}
