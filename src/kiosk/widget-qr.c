/*
 * Draw a QR code's half-block cells (qr.c) in the dedicated white-on-black
 * pair: light modules are the foreground, so the code reads the same on a
 * dark or a light terminal theme (technotes §6). Without colours the
 * terminal's own foreground is taken as light.
 */
#include "widget-qr.h"

bool widget_qr_init(bool color)
{
	if (!color || COLOR_PAIRS <= WIDGET_QR_PAIR)
		return false;
	return init_pair(WIDGET_QR_PAIR, COLOR_WHITE, COLOR_BLACK) == OK;
}

void widget_qr_paint(WINDOW *w, int y, int x, const struct qr_art *a, bool color)
{
	short pair = color ? WIDGET_QR_PAIR : 0;
	attr_t attr = color ? A_BOLD : A_NORMAL;    /* bright white, as qrencode -t ANSIUTF8 */

	for (int r = 0; r < a->rows; r++) {
		for (int c = 0; c < a->cols; c++) {
			wchar_t wc[2] = { a->cells[(size_t)r * (size_t)a->cols + (size_t)c], L'\0' };
			cchar_t cc;

			if (setcchar(&cc, wc, attr, pair, NULL) == OK)
				(void)mvwadd_wch(w, y + r, x + c, &cc);
		}
	}
}
