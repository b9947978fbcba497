/*
 * The photo preview as terminal cells, apart from curses so it can be
 * tested: two pixel rows per cell with the upper half block U+2580 (the
 * foreground is the top pixel, the background the bottom one), in true
 * colour, in the xterm 256-colour palette, or in monochrome with four
 * glyphs chosen by brightness.
 */
#ifndef KIOSK_PREVIEW_H
#define KIOSK_PREVIEW_H

#include <stdbool.h>
#include <wchar.h>

#include "ncre/photo.h"

enum preview_depth { PREVIEW_MONO = 0, PREVIEW_256, PREVIEW_TRUECOLOR };

struct preview_cell {
	wchar_t glyph;			/* U+2580 in colour; ' ', ▀, ▄, █ in monochrome */
	unsigned fg, bg;		/* 0xRRGGBB (true colour) or 0..255 (palette) */
};

struct preview {
	enum preview_depth depth;
	int cols, rows;
	struct preview_cell *cells;	/* rows x cols */
};

/*
 * The depth to draw in: true colour when COLORTERM says so and the
 * terminfo entry can address 2^24 colours (a "-direct" entry), 256 colours
 * when it has them, else monochrome.
 */
enum preview_depth preview_depth_for(const char *colorterm, bool has_colors, int colors);

/* The pixel box for cols x rows cells: one pixel per column, two per row. */
void preview_box(int cols, int rows, int *w, int *h);

/* Nearest xterm-256 colour (the 6x6x6 cube or the grey ramp; 16..255). */
unsigned preview_rgb_to_256(unsigned char r, unsigned char g, unsigned char b);

/* Cells of img (upright RGB); 0, or -1 when memory ran out. */
int preview_build(const struct ncre_photo_image *img, enum preview_depth depth,
		  struct preview *out);
void preview_free(struct preview *p);

#endif
