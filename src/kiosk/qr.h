/*
 * A QR code as terminal cells (technotes §6): libqrencode's modules drawn
 * two module rows per text line with the four half-block glyphs, light
 * modules in the foreground colour, the quiet zone included. Pure, no
 * curses; unit tested (tests/unit/test_qr.c). widget-qr.c paints it.
 */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

#include <stddef.h>
#include <wchar.h>

#define QR_MARGIN 4            /* the quiet zone, in modules: never less */

/* Light (foreground) in the top and/or bottom half of a cell. */
#define QR_GLYPH_BOTH   L'\u2588'   /* █ both light */
#define QR_GLYPH_TOP    L'\u2580'   /* ▀ top light, bottom dark */
#define QR_GLYPH_BOTTOM L'\u2584'   /* ▄ top dark, bottom light */
#define QR_GLYPH_NONE   L' '        /*   both dark */

struct qr_art {
	int modules;               /* the code's width in modules, quiet zone excluded */
	int cols, rows;            /* cells: modules + 2 * margin wide, half as many rows */
	wchar_t *cells;            /* rows * cols glyphs, row by row */
};

/* Cells for a width x width module matrix whose byte (y * width + x) has
 * bit 0 set for a dark module (libqrencode's QRcode.data), with margin
 * light modules around it. Rows of modules beyond the bottom are light.
 * 0, or -1 (out of memory, bad size). */
int qr_art_from_modules(const unsigned char *data, int width, int margin, struct qr_art *out);

/* Encode text (8-bit mode, error correction M, or L when M would be wider
 * than max_cols or taller than max_rows cells; 0 means no limit). 0, or -1
 * when it cannot be encoded or does not fit even at L. */
int qr_art_encode(const char *text, int max_cols, int max_rows, struct qr_art *out);

/* Whether the module at (x, y) of the art, quiet zone included, is dark:
 * the inverse of the drawing, for tests. */
int qr_art_dark(const struct qr_art *a, int x, int y);

void qr_art_free(struct qr_art *a);

#endif
