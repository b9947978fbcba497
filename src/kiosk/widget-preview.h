/* The photo preview on screen (widget-preview.c); the cells come from preview.c. */
#ifndef KIOSK_WIDGET_PREVIEW_H
#define KIOSK_WIDGET_PREVIEW_H

#include <curses.h>

#include "preview.h"

/* Colour pairs made for one preview (at most one per distinct colour pair drawn). */
#define WIDGET_PREVIEW_PAIRS_MAX 2048

struct widget_preview_pairs {
	int base;			/* first pair number; two previews on one screen need apart ranges */
	int n;
	unsigned fg[WIDGET_PREVIEW_PAIRS_MAX], bg[WIDGET_PREVIEW_PAIRS_MAX];
};

/* Draw p with its top-left cell at (y, x). */
void widget_preview_paint(WINDOW *w, int y, int x, const struct preview *p,
			  struct widget_preview_pairs *pp);

#endif
