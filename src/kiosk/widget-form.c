/*
 * Forms: a column of labelled inputs with an inline message under each,
 * tick boxes, and a row of buttons. Layout (rows and columns from the
 * width and the labels in the current language) is kept apart from
 * painting, so a resize or a language switch only lays out again and the
 * typed text stays in the fields.
 */
#include <string.h>

#include "ncre/text.h"
#include "widget.h"
#include "wrap.h"
#include "keys.h"

#define LABEL_GAP 2
#define BUTTON_GAP 3

static bool focusable(const struct form_item *it)
{
	return it->kind != ITEM_TEXT;
}

void widget_form_init(struct form *fm, struct form_item *items, int n)
{
	memset(fm, 0, sizeof(*fm));
	fm->items = items;
	fm->n = n;
	fm->focus = -1;
	for (int i = 0; i < n; i++) {
		ui_msg_clear(&items[i].msg);
		if (fm->focus < 0 && focusable(&items[i]))
			fm->focus = i;
	}
	fm->reveal = true;
}

/* The label in the form's language: a msgid, or a zh/en pair from a form file. */
static const char *label_of(const struct form *fm, const struct form_item *it)
{
	if (it->label_en != NULL)
		return i18n_pick(fm->lang, it->label, it->label_en);
	return it->label ? _(it->label) : "";
}

static char *label_text(const struct form *fm, const struct form_item *it, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", it->required ? "* " : "", label_of(fm, it));
	return buf;
}

static char *button_text(const struct form_item *it, char *buf, size_t n)
{
	snprintf(buf, n, "[ %s ]", it->label ? _(it->label) : "");
	return buf;
}

/* Columns left for an input's message (under the input, or beside the
 * tick box's mark). */
static int msg_cols(const struct form *fm, const struct form_item *it, int width)
{
	return it->kind == ITEM_CHECK ? width - 4 : width - fm->label_w;
}

/* Rows an input takes: itself, then its message wrapped at word
 * boundaries (at least one row, for the help). */
static int input_rows(const struct form *fm, const struct form_item *it, int width)
{
	char buf[768];
	int cols = msg_cols(fm, it, width);
	size_t n;

	if (ui_msg_empty(&it->msg) || cols < 2)
		return 2;
	ui_msg_render(&it->msg, fm->lang, buf, sizeof(buf));
	n = wrap_text(buf, cols, NULL, 0);
	if (n > 4)
		n = 4;
	return 1 + (n > 0 ? (int)n : 1);
}

void widget_form_layout(struct form *fm, int width)
{
	char buf[512];
	int row = 0, label_w = 0;
	bool in_buttons = false;
	int bx = 0;

	for (int i = 0; i < fm->n; i++) {
		struct form_item *it = &fm->items[i];

		if (it->kind == ITEM_FIELD || it->kind == ITEM_SELECT) {
			int lw = ncre_utf8_width(label_text(fm, it, buf, sizeof(buf)));

			if (lw > label_w)
				label_w = lw;
		}
	}
	/* Keep room for the input on narrow screens. */
	if (label_w > width / 2)
		label_w = width / 2;
	fm->label_w = label_w + LABEL_GAP;
	for (int i = 0; i < fm->n; i++) {
		struct form_item *it = &fm->items[i];

		if (it->kind == ITEM_BUTTON) {
			int bw = ncre_utf8_width(button_text(it, buf, sizeof(buf)));

			if (!in_buttons) {
				row++;          /* a blank row above the buttons */
				in_buttons = true;
				bx = 0;
			} else if (bx + bw > width) {
				row++;
				bx = 0;
			}
			it->row = row;
			it->rows = 1;
			it->x = bx;
			it->w = bw;
			bx += bw + BUTTON_GAP;
			continue;
		}
		if (in_buttons) {
			row++;
			in_buttons = false;
		}
		it->row = row;
		it->x = 0;
		it->w = width;
		switch (it->kind) {
		case ITEM_TEXT:
			it->rows = (int)wrap_text(label_of(fm, it), width, NULL, 0);
			break;
		default:
			it->rows = input_rows(fm, it, width);   /* the input, its message */
			break;
		}
		row += it->rows;
	}
	if (in_buttons)
		row++;
	fm->height = row;
	fm->width = width;
}

static void paint_text(struct form *fm, struct form_item *it, struct ui *ui, WINDOW *w,
		       const struct rect *r, int y0)
{
	struct wrap_line lines[64];
	const char *t = label_of(fm, it);
	size_t n = wrap_text(t, r->w, lines, 64);
	char buf[1024];

	for (size_t i = 0; i < n && i < 64; i++) {
		int y = y0 + (int)i;

		if (y < r->y || y >= r->y + r->h)
			continue;
		snprintf(buf, sizeof(buf), "%.*s", (int)lines[i].len, t + lines[i].off);
		ui_put(w, y, r->x, r->w, buf, ui_attr(ui, it->role));
	}
}

static void paint_msg(struct form *fm, struct form_item *it, struct ui *ui, WINDOW *w,
		      const struct rect *r, int y, int x)
{
	char buf[768];
	const char *help;

	struct wrap_line lines[4];
	size_t n;

	if (ui_msg_empty(&it->msg)) {
		if (y < r->y || y >= r->y + r->h)
			return;
		/* The form file's help, quietly, until there is something to say. */
		help = i18n_pick(fm->lang, it->help_zh, it->help_en);
		if (help[0] != '\0')
			ui_put(w, y, x, r->x + r->w - x, help, ui_attr(ui, ROLE_STATUS));
		return;
	}
	/* Wrapped at word boundaries (Chinese between any two characters)
	 * over the rows the layout gave it, never cut inside a word. */
	ui_msg_render(&it->msg, ui->lang, buf, sizeof(buf));
	n = wrap_text(buf, r->x + r->w - x >= 2 ? r->x + r->w - x : 2, lines, 4);
	if (n > 4)
		n = 4;
	for (size_t i = 0; i < n && (int)i < it->rows - 1; i++) {
		char line[768];

		if (y + (int)i < r->y || y + (int)i >= r->y + r->h)
			continue;
		snprintf(line, sizeof(line), "%.*s", (int)lines[i].len, buf + lines[i].off);
		ui_put(w, y + (int)i, x, r->x + r->w - x, line, ui_attr(ui, ROLE_ERROR));
	}
}

void widget_form_paint(struct form *fm, struct ui *ui, WINDOW *w, const struct rect *r)
{
	char buf[512];

	fm->lang = ui->lang;
	/* A message that came or went may need other rows: lay out again. */
	for (int i = 0; i < fm->n && fm->width > 0; i++) {
		const struct form_item *it = &fm->items[i];

		if (it->kind != ITEM_TEXT && it->kind != ITEM_BUTTON &&
		    it->rows != input_rows(fm, it, fm->width)) {
			widget_form_layout(fm, fm->width);
			break;
		}
	}
	if (fm->reveal && fm->focus >= 0) {
		const struct form_item *f = &fm->items[fm->focus];
		int first = f->row, last = f->row + f->rows - 1;

		/* Show the text just above the focus too, up to its section's
		 * heading, as far as it fits; notes above the heading stay a
		 * scroll away. */
		for (int i = fm->focus - 1; i >= 0 && fm->items[i].kind == ITEM_TEXT; i--) {
			if (last - fm->items[i].row + 1 <= r->h)
				first = fm->items[i].row;
			if (fm->items[i].role == ROLE_HEADING)
				break;
		}
		/* The first time, the focus's section from its heading (a long
		 * note above, such as 个人信息采集须知, is a scroll away). */
		if (first < fm->top || !fm->placed)
			fm->top = first;
		if (last >= fm->top + r->h)
			fm->top = last - r->h + 1;
		fm->reveal = false;
		fm->placed = true;
	}
	if (fm->top > fm->height - r->h)
		fm->top = fm->height - r->h;
	if (fm->top < 0)
		fm->top = 0;

	for (int i = 0; i < fm->n; i++) {
		struct form_item *it = &fm->items[i];
		int y = r->y + it->row - fm->top;
		bool focused = i == fm->focus;
		int ix = r->x + fm->label_w, iw = r->w - fm->label_w;

		if (y + it->rows <= r->y || y >= r->y + r->h)
			continue;
		switch (it->kind) {
		case ITEM_TEXT:
			paint_text(fm, it, ui, w, r, y);
			break;
		case ITEM_FIELD:
			if (it->input_cols > 0 && it->input_cols < iw)
				iw = it->input_cols;
			if (y >= r->y && y < r->y + r->h) {
				ui_put(w, y, r->x, fm->label_w, label_text(fm, it, buf, sizeof(buf)),
				       ui_attr(ui, ROLE_LABEL));
				widget_field_paint(&it->field, ui, w, y, ix, iw, focused);
			}
			paint_msg(fm, it, ui, w, r, y + 1, ix);
			break;
		case ITEM_SELECT:
			if (it->input_cols > 0 && it->input_cols < iw)
				iw = it->input_cols;
			if (y >= r->y && y < r->y + r->h) {
				attr_t a = ui_attr(ui, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD);

				ui_put(w, y, r->x, fm->label_w, label_text(fm, it, buf, sizeof(buf)),
				       ui_attr(ui, ROLE_LABEL));
				ui_fill(w, y, ix, iw, a);
				ui_put(w, y, ix, iw - 3,
				       it->choice_label(it->choice, ui->lang, it->choice_ud), a);
				ui_put(w, y, ix + iw - 2, 2, "<>", a);
				if (focused) {
					ui->cursor.on = true;
					ui->cursor.y = y;
					ui->cursor.x = ix;
				}
			}
			paint_msg(fm, it, ui, w, r, y + 1, ix);
			break;
		case ITEM_CHECK:
			if (y >= r->y && y < r->y + r->h) {
				attr_t a = ui_attr(ui, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD);

				ui_put(w, y, r->x, 3, it->checked ? "[x]" : "[ ]", a);
				ui_put(w, y, r->x + 4, r->w - 4,
				       it->required ? label_text(fm, it, buf, sizeof(buf)) :
				       label_of(fm, it),
				       ui_attr(ui, ROLE_LABEL));
				if (focused) {
					ui->cursor.on = true;
					ui->cursor.y = y;
					ui->cursor.x = r->x + 1;
				}
			}
			paint_msg(fm, it, ui, w, r, y + 1, r->x + 4);
			break;
		case ITEM_BUTTON:
			ui_put(w, y, r->x + it->x, r->w - it->x, button_text(it, buf, sizeof(buf)),
			       ui_attr(ui, focused ? ROLE_BUTTON_FOCUS : ROLE_BUTTON));
			break;
		}
	}
	/* Scroll marks when the form is taller than its room. */
	if (fm->top > 0)
		ui_put(w, r->y, r->x + r->w - 1, 1, "^", ui_attr(ui, ROLE_STATUS));
	if (fm->top + r->h < fm->height)
		ui_put(w, r->y + r->h - 1, r->x + r->w - 1, 1, "v", ui_attr(ui, ROLE_STATUS));
}

static int step_focus(const struct form *fm, int from, int dir)
{
	for (int k = 1; k <= fm->n; k++) {
		int i = ((from + dir * k) % fm->n + fm->n) % fm->n;

		if (focusable(&fm->items[i]))
			return i;
	}
	return from;
}

static enum form_rc form_move(struct form *fm, int dir)
{
	int to = step_focus(fm, fm->focus, dir);

	if (to == fm->focus)
		return FORM_IGNORED;
	fm->focus = to;
	fm->reveal = true;
	return FORM_MOVED;
}

static enum form_rc field_rc_to_form(struct form *fm, struct form_item *it, enum field_rc rc)
{
	(void)fm;
	/* The input method could not start: say so under the field, which
	 * goes on in 英. */
	if (it->field.ime.failed && ime_error() != NULL) {
		it->field.ime.failed = false;
		ui_msg_text(&it->msg, ime_error());
	}
	switch (rc) {
	case FIELD_EDITED:   return FORM_EDITED;
	case FIELD_MOVED:    return FORM_MOVED;
	case FIELD_COMPOSED: return FORM_MOVED;
	case FIELD_REFUSED:  return FORM_REFUSED;
	default:             return FORM_IGNORED;
	}
}

bool widget_form_enter_submits(const struct form *fm)
{
	const struct form_item *it;
	int next;

	if (fm->focus < 0 || fm->items[fm->focus].kind != ITEM_FIELD)
		return false;
	it = &fm->items[fm->focus];
	next = fm->focus + 1;
	while (next < fm->n && !focusable(&fm->items[next]))
		next++;
	if (it->enter_submits)
		while (next < fm->n && fm->items[next].kind != ITEM_BUTTON)
			next++;
	return next < fm->n && fm->items[next].kind == ITEM_BUTTON;
}

enum form_rc widget_form_key(struct form *fm, int kind, wint_t ch)
{
	struct form_item *it;
	bool special = kind == KEY_CODE_YES;

	if (fm->focus < 0)
		return FORM_IGNORED;
	it = &fm->items[fm->focus];
	/* While a composition is open every key is the input method's, so
	 * Enter, Tab and the arrows do not leave it behind; Ctrl-Space too. */
	if (it->kind == ITEM_FIELD && it->field.input != FIELD_INPUT_NONE &&
	    (field_composing(&it->field) || (!special && ch == KEY_CTRL_SPACE)))
		return field_rc_to_form(fm, it, widget_field_key(&it->field, kind, ch));
	if ((!special && (ch == '\t' || ch == KEY_CTRL_N)) || (special && ch == KEY_DOWN))
		return form_move(fm, 1);
	if ((special && (ch == KEY_BTAB || ch == KEY_UP)) || (!special && ch == KEY_CTRL_P))
		return form_move(fm, -1);
	if (special && (ch == KEY_NPAGE || ch == KEY_PPAGE)) {
		fm->top += ch == KEY_NPAGE ? 5 : -5;
		return FORM_MOVED;
	}
	switch (it->kind) {
	case ITEM_FIELD:
		if (key_is_enter(kind, ch) && widget_form_enter_submits(fm)) {
			while (fm->items[fm->focus].kind != ITEM_BUTTON)
				fm->focus++;
			fm->reveal = true;
			return FORM_ACTION;
		}
		if (key_is_enter(kind, ch))
			return form_move(fm, 1);
		return field_rc_to_form(fm, it, widget_field_key(&it->field, kind, ch));
	case ITEM_SELECT:
		if (key_is_enter(kind, ch) || (!special && ch == ' '))
			return FORM_CHOOSE;
		if (special && (ch == KEY_LEFT || ch == KEY_RIGHT) && it->nchoices > 0) {
			it->choice = (it->choice + (ch == KEY_RIGHT ? 1 : it->nchoices - 1)) %
				     it->nchoices;
			return FORM_EDITED;
		}
		return FORM_IGNORED;
	case ITEM_CHECK:
		if (key_is_enter(kind, ch) || (!special && ch == ' ')) {
			int next = fm->focus + 1;

			it->checked = !it->checked;
			/* The last tick before the buttons (我已阅读并接受, 我保证…):
			 * ticked, the focus goes on to the first button, so Enter
			 * follows Space, as after the last field. */
			while (next < fm->n && !focusable(&fm->items[next]))
				next++;
			if (it->checked && next < fm->n && fm->items[next].kind == ITEM_BUTTON) {
				fm->focus = next;
				fm->reveal = true;
			}
			return FORM_TOGGLED;
		}
		return FORM_IGNORED;
	case ITEM_BUTTON:
		if (key_is_enter(kind, ch) || (!special && ch == ' '))
			return FORM_ACTION;
		if (special && ch == KEY_LEFT)
			return form_move(fm, -1);
		if (special && ch == KEY_RIGHT)
			return form_move(fm, 1);
		return FORM_IGNORED;
	case ITEM_TEXT:
		break;
	}
	return FORM_IGNORED;
}

struct form_item *widget_form_focused(struct form *fm)
{
	return fm->focus >= 0 ? &fm->items[fm->focus] : NULL;
}

struct form_item *widget_form_find(struct form *fm, const char *key)
{
	if (key == NULL || key[0] == '\0')
		return NULL;
	for (int i = 0; i < fm->n; i++)
		if (fm->items[i].key != NULL && strcmp(fm->items[i].key, key) == 0)
			return &fm->items[i];
	return NULL;
}

void widget_form_focus(struct form *fm, int index)
{
	if (index >= 0 && index < fm->n && focusable(&fm->items[index])) {
		fm->focus = index;
		fm->reveal = true;
	}
}

int widget_form_index(const struct form *fm, const struct form_item *it)
{
	return (int)(it - fm->items);
}

bool widget_form_dirty(const struct form *fm)
{
	for (int i = 0; i < fm->n; i++)
		if (fm->items[i].kind == ITEM_FIELD && !field_empty(&fm->items[i].field))
			return true;
	return false;
}

void widget_form_wipe(struct form *fm)
{
	for (int i = 0; i < fm->n; i++)
		if (fm->items[i].kind == ITEM_FIELD) {
			field_clear(&fm->items[i].field);
			field_reset_input(&fm->items[i].field);
		}
}
