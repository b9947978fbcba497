/*
 * QR modules to half-block cells, as qrencode -t UTF8 draws them (two
 * module rows per line, light modules in the foreground colour) with the
 * quiet zone kept whole: a code without it does not scan.
 */
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "qr.h"

/* Dark module at (x, y) of the matrix plus margin; outside is light. */
static int dark(const unsigned char *data, int width, int margin, int x, int y)
{
	x -= margin;
	y -= margin;
	if (x < 0 || y < 0 || x >= width || y >= width)
		return 0;
	return data[(size_t)y * (size_t)width + (size_t)x] & 1;
}

int qr_art_from_modules(const unsigned char *data, int width, int margin, struct qr_art *out)
{
	int total;

	memset(out, 0, sizeof(*out));
	if (data == NULL || width <= 0 || width > 177 || margin < 0 || margin > 16)
		return -1;
	total = width + 2 * margin;
	out->modules = width;
	out->cols = total;
	out->rows = (total + 1) / 2;
	out->cells = calloc((size_t)out->rows * (size_t)out->cols, sizeof(wchar_t));
	if (out->cells == NULL) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	for (int r = 0; r < out->rows; r++) {
		for (int x = 0; x < total; x++) {
			int top = !dark(data, width, margin, x, 2 * r);
			int bottom = 2 * r + 1 >= total || !dark(data, width, margin, x, 2 * r + 1);

			out->cells[(size_t)r * (size_t)total + (size_t)x] =
				top && bottom ? QR_GLYPH_BOTH : top ? QR_GLYPH_TOP :
				bottom ? QR_GLYPH_BOTTOM : QR_GLYPH_NONE;
		}
	}
	return 0;
}

static int encode_at(const char *text, QRecLevel level, struct qr_art *out)
{
	QRcode *q = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
	int rc;

	if (q == NULL)
		return -1;
	rc = qr_art_from_modules(q->data, q->width, QR_MARGIN, out);
	QRcode_free(q);
	return rc;
}

static int fits(const struct qr_art *a, int max_cols, int max_rows)
{
	return (max_cols <= 0 || a->cols <= max_cols) && (max_rows <= 0 || a->rows <= max_rows);
}

int qr_art_encode(const char *text, int max_cols, int max_rows, struct qr_art *out)
{
	memset(out, 0, sizeof(*out));
	if (text == NULL || text[0] == '\0')
		return -1;
	if (encode_at(text, QR_ECLEVEL_M, out) == 0 && fits(out, max_cols, max_rows))
		return 0;
	qr_art_free(out);
	/* A smaller code with less error correction, rather than a clipped one. */
	if (encode_at(text, QR_ECLEVEL_L, out) == 0 && fits(out, max_cols, max_rows))
		return 0;
	qr_art_free(out);
	return -1;
}

int qr_art_dark(const struct qr_art *a, int x, int y)
{
	wchar_t g;

	if (a->cells == NULL || x < 0 || y < 0 || x >= a->cols || y / 2 >= a->rows)
		return 0;
	g = a->cells[(size_t)(y / 2) * (size_t)a->cols + (size_t)x];
	if (y % 2 == 0)
		return g == QR_GLYPH_BOTTOM || g == QR_GLYPH_NONE;
	return g == QR_GLYPH_TOP || g == QR_GLYPH_NONE;
}

void qr_art_free(struct qr_art *a)
{
	free(a->cells);
	memset(a, 0, sizeof(*a));
}
