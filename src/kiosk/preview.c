/* Pixels to half-block cells (see preview.h); no curses here. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "preview.h"

#define PREVIEW_UPPER L'\u2580'
#define PREVIEW_LOWER L'\u2584'
#define PREVIEW_FULL L'\u2588'

enum preview_depth preview_depth_for(const char *colorterm, bool has_colors, int colors)
{
	bool truecolor = colorterm != NULL && (strcasecmp(colorterm, "truecolor") == 0 ||
					       strcasecmp(colorterm, "24bit") == 0);

	if (!has_colors || colors < 256)
		return PREVIEW_MONO;
	if (truecolor && colors >= 0x1000000)
		return PREVIEW_TRUECOLOR;
	return PREVIEW_256;
}

void preview_box(int cols, int rows, int *w, int *h)
{
	*w = cols > 0 ? cols : 0;
	*h = rows > 0 ? rows * 2 : 0;
}

static const unsigned char preview_levels[6] = { 0, 95, 135, 175, 215, 255 };

static unsigned preview_level(unsigned char v)
{
	unsigned best = 0;

	for (unsigned i = 1; i < 6; i++)
		if (abs((int)preview_levels[i] - v) < abs((int)preview_levels[best] - v))
			best = i;
	return best;
}

static unsigned preview_dist(int r1, int g1, int b1, int r2, int g2, int b2)
{
	return (unsigned)((r1 - r2) * (r1 - r2) + (g1 - g2) * (g1 - g2) + (b1 - b2) * (b1 - b2));
}

unsigned preview_rgb_to_256(unsigned char r, unsigned char g, unsigned char b)
{
	unsigned ri = preview_level(r), gi = preview_level(g), bi = preview_level(b);
	unsigned cube = 16 + 36 * ri + 6 * gi + bi;
	unsigned cd = preview_dist(r, g, b, preview_levels[ri], preview_levels[gi],
				   preview_levels[bi]);
	/* Grey ramp 232..255 is 8, 18, ..., 238. */
	int avg = (r + g + b) / 3, gi2 = (avg - 8 + 5) / 10;
	int grey;

	if (gi2 < 0)
		gi2 = 0;
	if (gi2 > 23)
		gi2 = 23;
	grey = 8 + 10 * gi2;
	return preview_dist(r, g, b, grey, grey, grey) < cd ? 232 + (unsigned)gi2 : cube;
}

static unsigned preview_luma(const unsigned char *p)
{
	return (299u * p[0] + 587u * p[1] + 114u * p[2]) / 1000u;
}

int preview_build(const struct ncre_photo_image *img, enum preview_depth depth,
		  struct preview *out)
{
	unsigned long long sum = 0;
	unsigned threshold;

	memset(out, 0, sizeof(*out));
	out->depth = depth;
	if (img == NULL || img->rgb == NULL || img->w <= 0 || img->h <= 0)
		return 0;
	out->cols = img->w;
	out->rows = (img->h + 1) / 2;
	out->cells = calloc((size_t)out->cols * (size_t)out->rows, sizeof(*out->cells));
	if (out->cells == NULL) {
		out->cols = out->rows = 0;
		return -1;
	}
	/* Monochrome splits at the image's own mean brightness. */
	for (size_t i = 0; i < (size_t)img->w * (size_t)img->h; i++)
		sum += preview_luma(img->rgb + i * 3);
	threshold = (unsigned)(sum / ((unsigned long long)img->w * (unsigned long long)img->h));
	for (int row = 0; row < out->rows; row++) {
		for (int x = 0; x < out->cols; x++) {
			struct preview_cell *c = &out->cells[(size_t)row * (size_t)out->cols + (size_t)x];
			const unsigned char *t = img->rgb + ((size_t)(2 * row) * (size_t)img->w +
							     (size_t)x) * 3;
			/* An odd last row repeats its top pixel. */
			const unsigned char *b = 2 * row + 1 < img->h ? t + (size_t)img->w * 3 : t;

			switch (depth) {
			case PREVIEW_TRUECOLOR:
				c->glyph = PREVIEW_UPPER;
				c->fg = (unsigned)t[0] << 16 | (unsigned)t[1] << 8 | t[2];
				c->bg = (unsigned)b[0] << 16 | (unsigned)b[1] << 8 | b[2];
				break;
			case PREVIEW_256:
				c->glyph = PREVIEW_UPPER;
				c->fg = preview_rgb_to_256(t[0], t[1], t[2]);
				c->bg = preview_rgb_to_256(b[0], b[1], b[2]);
				break;
			case PREVIEW_MONO: {
				bool tl = preview_luma(t) > threshold, bl = preview_luma(b) > threshold;

				c->glyph = tl && bl ? PREVIEW_FULL : tl ? PREVIEW_UPPER
							  : bl ? PREVIEW_LOWER : L' ';
				break;
			}
			}
		}
	}
	return 0;
}

void preview_free(struct preview *p)
{
	if (p->cells != NULL) {
		/* A small picture of a face is still personal data. */
		explicit_bzero(p->cells, (size_t)p->rows * (size_t)p->cols * sizeof(*p->cells));
		free(p->cells);
	}
	memset(p, 0, sizeof(*p));
}
