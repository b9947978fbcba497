/*
 * A list to choose from that narrows as the candidate types: the query is
 * our own line editor (field.c), so Hanzi from the terminal's input method,
 * code digits and Latin letters all go in; filter.c decides what matches.
 * Up/Down/PgUp/PgDn/Home/End move, Enter takes the highlighted option,
 * Esc leaves without a change. The multi-choice variant (ticks, a limit)
 * lives in widget-multi.c and shares the list and the query.
 */
#include <string.h>

#include "filter.h"
#include "widget.h"
#include "keys.h"

#define CHOICE_WIDTH 72

void widget_choice_refilter(struct choice *c)
{
	int keep = widget_choice_current(c);

	c->nmatch = 0;
	for (int i = 0; i < c->n && i < CHOICE_MAX; i++) {
		const char *code = NULL, *zh = NULL, *en = NULL;

		c->keys(i, c->ud, &code, &zh, &en);
		if (filter_match(field_text(&c->query), code, zh, en))
			c->match[c->nmatch++] = i;
	}
	/* Keep the highlight on the same option when it still matches. */
	c->sel = 0;
	for (int k = 0; k < c->nmatch; k++)
		if (c->match[k] == keep)
			c->sel = k;
	c->top = 0;
}

int widget_choice_current(const struct choice *c)
{
	return c->sel >= 0 && c->sel < c->nmatch ? c->match[c->sel] : -1;
}

void widget_choice_open(struct choice *c, const char *title, int n, int current,
			choice_keys_fn keys, choice_label_fn label, void *ud)
{
	field_clear(&c->query);
	memset(c, 0, sizeof(*c));
	c->open = true;
	c->title = title;
	c->n = n < CHOICE_MAX ? n : CHOICE_MAX;
	c->keys = keys;
	c->label = label;
	c->ud = ud;
	c->chosen = -1;
	field_init(&c->query, 30, 40, false);
	widget_choice_refilter(c);
	for (int k = 0; k < c->nmatch; k++)
		if (c->match[k] == current)
			c->sel = k;
}

static void paint_rows(struct choice *c, struct ui *ui, WINDOW *w, const struct rect *r)
{
	char buf[512];

	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + r->h)
		c->top = c->sel - r->h + 1;
	if (c->top < 0)
		c->top = 0;
	for (int row = 0; row < r->h; row++) {
		int k = c->top + row, x = r->x;
		bool hl = k == c->sel;
		attr_t a = ui_attr(ui, hl ? ROLE_BUTTON_FOCUS : ROLE_DIALOG);

		ui_fill(w, r->y + row, r->x, r->w, a);
		if (k >= c->nmatch)
			continue;
		if (c->multi) {
			ui_put(w, r->y + row, x + 1, 3, c->ticked[c->match[k]] ? "[x]" : "[ ]", a);
			x += 4;
		}
		c->label(c->match[k], ui->lang, buf, sizeof(buf), c->ud);
		ui_put(w, r->y + row, x + 1, r->x + r->w - x - 2, buf, a);
	}
	if (c->top > 0)
		ui_put(w, r->y, r->x + r->w - 1, 1, "^", ui_attr(ui, ROLE_DIALOG));
	if (c->top + r->h < c->nmatch)
		ui_put(w, r->y + r->h - 1, r->x + r->w - 1, 1, "v", ui_attr(ui, ROLE_DIALOG));
}

void widget_choice_paint(struct choice *c, struct ui *ui, WINDOW *w, const struct rect *area)
{
	struct rect r, lr;
	attr_t a = ui_attr(ui, ROLE_DIALOG);
	char buf[512];
	int lw, list_h, cx = 0;

	if (!c->open)
		return;
	r.w = area->w - 4 < CHOICE_WIDTH ? area->w - 4 : CHOICE_WIDTH;
	list_h = c->nmatch > 0 ? c->nmatch : 1;
	/* frame, title, query, blank | list | blank, message, frame; the keys
	 * are told once, in the hint bar (widget_choice_hints). */
	if (list_h > area->h - 7)
		list_h = area->h - 7;
	if (list_h < 1)
		list_h = 1;
	r.h = list_h + 7;
	r.y = area->y + (area->h - r.h) / 2;
	r.x = area->x + (area->w - r.w) / 2;
	for (int i = 0; i < r.h; i++)
		ui_fill(w, r.y + i, r.x, r.w, a);
	ui_frame(w, &r, a);
	ui_fill(w, r.y, r.x + 1, r.w - 2, ui_attr(ui, ROLE_DIALOG_TITLE));
	ui_put_center(w, r.y, r.x + 1, r.w - 2,
		      c->title_en != NULL ? i18n_pick(ui->lang, c->title, c->title_en) :
		      c->title != NULL ? _(c->title) : "", ui_attr(ui, ROLE_DIALOG_TITLE));

	/* The query line: "Filter: [....]  3/58". */
	snprintf(buf, sizeof(buf), "%s", _("Filter:"));
	lw = ui_put(w, r.y + 2, r.x + 2, r.w - 4, buf, a) + 1;
	{
		char view[FIELD_MAX_BYTES * 2 + 64], count[32];
		int qw = r.w - 4 - lw - 10;

		snprintf(count, sizeof(count), "%d/%d", c->nmatch, c->n);
		ui_fill(w, r.y + 2, r.x + 2 + lw, qw, ui_attr(ui, ROLE_FIELD_FOCUS));
		(void)field_view(&c->query, qw, view, sizeof(view), &cx);
		ui_put(w, r.y + 2, r.x + 2 + lw, qw, view, ui_attr(ui, ROLE_FIELD_FOCUS));
		ui_put(w, r.y + 2, r.x + r.w - 2 - (int)strlen(count), (int)strlen(count), count, a);
		ui->cursor.on = true;
		ui->cursor.y = r.y + 2;
		ui->cursor.x = r.x + 2 + lw + cx;
	}
	lr = (struct rect){ r.y + 4, r.x + 1, list_h, r.w - 2 };
	c->rows = list_h;
	if (c->nmatch == 0)
		ui_put(w, lr.y, lr.x + 1, lr.w - 2, _("Nothing matches what you typed."), a);
	else
		paint_rows(c, ui, w, &lr);
	if (c->refused_limit) {
		snprintf(buf, sizeof(buf),
			 ngettext("At most %d subject can be taken at this site (its limit).",
				  "At most %d subjects can be taken at this site (its limit).",
				  (unsigned long)c->max), c->max);
		ui_put(w, r.y + r.h - 2, r.x + 2, r.w - 4, buf, ui_attr(ui, ROLE_ERROR));
	} else if (c->refusal != NULL) {
		snprintf(buf, sizeof(buf), "%s", _(c->refusal));
		ui_put(w, r.y + r.h - 2, r.x + 2, r.w - 4, buf, ui_attr(ui, ROLE_ERROR));
	} else if (c->multi) {
		snprintf(buf, sizeof(buf), _("Chosen: %d"), widget_multi_count(c));
		if (c->max > 0) {
			size_t l = strlen(buf);

			snprintf(buf + l, sizeof(buf) - l, _(" (at most %d)"), c->max);
		}
		ui_put(w, r.y + r.h - 2, r.x + 2, r.w - 4, buf, a);
	}
}

const char *widget_choice_hints(const struct choice *c)
{
	return c->multi ? N_("Type to filter  Up/Down: move  Space: tick  Enter: done  Esc: cancel")
			: N_("Type to filter  Up/Down: move  Enter: choose  Esc: cancel");
}

enum choice_rc widget_choice_key(struct choice *c, int kind, wint_t ch)
{
	int page = c->rows > 1 ? c->rows - 1 : 1;

	if (!c->open)
		return CHOICE_CANCELLED;
	if (key_is_esc(kind, ch)) {
		if (c->multi)
			memcpy(c->ticked, c->before, sizeof(c->ticked));
		c->open = false;
		field_clear(&c->query);
		return CHOICE_CANCELLED;
	}
	if (c->multi && kind == OK && ch == ' ') {
		(void)widget_multi_toggle(c);
		return CHOICE_OPEN;
	}
	if (key_is_enter(kind, ch)) {
		if (!c->multi) {
			if (c->nmatch == 0)
				return CHOICE_OPEN;
			c->chosen = widget_choice_current(c);
		} else if (widget_multi_count(c) == 0 && !widget_multi_had_ticks(c) &&
			   widget_choice_current(c) >= 0 && !widget_multi_toggle(c)) {
			/* As in every list, Enter takes the highlighted option
			 * when nothing is ticked; refused (no places, the
			 * limit): the list stays open with the reason. */
			return CHOICE_OPEN;
		}
		c->open = false;
		field_clear(&c->query);
		return CHOICE_DONE;
	}
	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:    c->sel--; break;
		case KEY_DOWN:  c->sel++; break;
		case KEY_PPAGE: c->sel -= page; break;
		case KEY_NPAGE: c->sel += page; break;
		case KEY_HOME:  c->sel = 0; break;
		case KEY_END:   c->sel = c->nmatch - 1; break;
		default:
			if (widget_field_key(&c->query, kind, ch) == FIELD_EDITED)
				widget_choice_refilter(c);
			return CHOICE_OPEN;
		}
	} else if (ch == KEY_CTRL_P) {
		c->sel--;
	} else if (ch == KEY_CTRL_N || ch == '\t') {
		c->sel++;
	} else {
		if (widget_field_key(&c->query, kind, ch) == FIELD_EDITED)
			widget_choice_refilter(c);
		c->refusal = NULL;
		c->refused_limit = false;
		return CHOICE_OPEN;
	}
	if (c->sel >= c->nmatch)
		c->sel = c->nmatch - 1;
	if (c->sel < 0)
		c->sel = 0;
	c->refusal = NULL;
	c->refused_limit = false;
	return CHOICE_OPEN;
}
