/* The QR code on screen (widget-qr.c); the cells come from qr.c. */
#ifndef KIOSK_WIDGET_QR_H
#define KIOSK_WIDGET_QR_H

#include <stdbool.h>
#include <curses.h>

#include "qr.h"

/* A colour pair of its own, white on black whatever the terminal's theme
 * (ui.c's role pairs are below it, the photo previews start at 64). */
#define WIDGET_QR_PAIR 63

/* Set up the pair (after start_color); false on a monochrome terminal. */
bool widget_qr_init(bool color);
/* Draw a with its top-left cell at (y, x). */
void widget_qr_paint(WINDOW *w, int y, int x, const struct qr_art *a, bool color);

#endif
