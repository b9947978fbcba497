/*
 * Draw a struct preview (preview.c) with curses: every distinct pair of
 * colours gets a colour pair of its own from a range kept apart from the
 * role pairs of ui.c, so the screen's colours are never redefined.
 */
#include <stdlib.h>
#include <string.h>

#include "widget-preview.h"

/* ui.c uses the pairs below 64; each preview takes its own range from pp->base. */
#define PREVIEW_PAIR_BASE (pp->base)

static int widget_preview_pair(struct widget_preview_pairs *pp, unsigned fg, unsigned bg)
{
	for (int i = 0; i < pp->n; i++)
		if (pp->fg[i] == fg && pp->bg[i] == bg)
			return PREVIEW_PAIR_BASE + i;
	if (pp->n >= WIDGET_PREVIEW_PAIRS_MAX || PREVIEW_PAIR_BASE + pp->n >= COLOR_PAIRS)
		return pp->n > 0 ? PREVIEW_PAIR_BASE + pp->n - 1 : 0;	/* out of pairs: reuse */
	if (init_extended_pair(PREVIEW_PAIR_BASE + pp->n, (int)fg, (int)bg) != OK)
		return 0;
	pp->fg[pp->n] = fg;
	pp->bg[pp->n] = bg;
	return PREVIEW_PAIR_BASE + pp->n++;
}

void widget_preview_paint(WINDOW *w, int y, int x, const struct preview *p,
			  struct widget_preview_pairs *pp)
{
	pp->n = 0;
	for (int row = 0; row < p->rows; row++) {
		for (int col = 0; col < p->cols; col++) {
			const struct preview_cell *c = &p->cells[(size_t)row * (size_t)p->cols +
								 (size_t)col];
			wchar_t wc[2] = { c->glyph, L'\0' };
			cchar_t cc;
			int pair = 0;

			if (p->depth != PREVIEW_MONO)
				pair = widget_preview_pair(pp, c->fg, c->bg);
			if (setcchar(&cc, wc, A_NORMAL, 0, &pair) == OK)
				(void)mvwadd_wch(w, y + row, x + col, &cc);
		}
	}
}
