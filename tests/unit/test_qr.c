/* The QR code's cells (src/kiosk/qr.c): glyphs, the quiet zone, the size budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <qrencode.h>

#include "kiosk/qr.h"

static wchar_t cell(const struct qr_art *a, int x, int r)
{
	return a->cells[(size_t)r * (size_t)a->cols + (size_t)x];
}

/* A 2x2 matrix: dark, light / light, dark; no margin: one row of cells. */
static void test_glyphs(void **state)
{
	const unsigned char m[4] = { 1, 0, 0, 1 };
	struct qr_art a;

	(void)state;
	assert_int_equal(qr_art_from_modules(m, 2, 0, &a), 0);
	assert_int_equal(a.cols, 2);
	assert_int_equal(a.rows, 1);
	/* Light is the foreground: column 0 is dark on top, light below. */
	assert_true(cell(&a, 0, 0) == QR_GLYPH_BOTTOM);
	assert_true(cell(&a, 1, 0) == QR_GLYPH_TOP);
	qr_art_free(&a);
	assert_null(a.cells);
}

/* Both halves dark, both light, and an odd last row (its lower half light). */
static void test_odd_rows(void **state)
{
	const unsigned char m[9] = { 1, 0, 1,
				     1, 0, 0,
				     1, 1, 0 };
	struct qr_art a;

	(void)state;
	assert_int_equal(qr_art_from_modules(m, 3, 0, &a), 0);
	assert_int_equal(a.rows, 2);
	assert_true(cell(&a, 0, 0) == QR_GLYPH_NONE);
	assert_true(cell(&a, 1, 0) == QR_GLYPH_BOTH);
	assert_true(cell(&a, 2, 0) == QR_GLYPH_BOTTOM);
	assert_true(cell(&a, 0, 1) == QR_GLYPH_BOTTOM);   /* dark, then beyond the code */
	assert_true(cell(&a, 2, 1) == QR_GLYPH_BOTH);
	qr_art_free(&a);
}

/* The quiet zone: 4 light modules on every side, i.e. 4 columns left and
 * right and 2 full-block lines on top. */
static void test_quiet_zone(void **state)
{
	const unsigned char m[1] = { 1 };
	struct qr_art a;

	(void)state;
	assert_int_equal(qr_art_from_modules(m, 1, QR_MARGIN, &a), 0);
	assert_int_equal(a.cols, 9);
	assert_int_equal(a.rows, 5);
	for (int r = 0; r < a.rows; r++)
		for (int x = 0; x < a.cols; x++)
			if (!(r == 2 && x == 4))
				assert_true(cell(&a, x, r) == QR_GLYPH_BOTH);
	assert_true(cell(&a, 4, 2) == QR_GLYPH_BOTTOM);
	qr_art_free(&a);
}

/* A pay URL: the art holds exactly libqrencode's modules, inside the margin. */
static void test_round_trip(void **state)
{
	const char *url = "https://127.0.0.1:8443/pay/k3x9q2abZZ";
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	struct qr_art a;

	(void)state;
	assert_non_null(q);
	assert_int_equal(qr_art_encode(url, 0, 0, &a), 0);
	assert_int_equal(a.modules, q->width);
	assert_int_equal(a.cols, q->width + 2 * QR_MARGIN);
	assert_int_equal(a.rows, (q->width + 2 * QR_MARGIN + 1) / 2);
	for (int y = 0; y < a.cols; y++)
		for (int x = 0; x < a.cols; x++) {
			int in = x >= QR_MARGIN && y >= QR_MARGIN && x < QR_MARGIN + q->width &&
				 y < QR_MARGIN + q->width;
			int want = in ? q->data[(y - QR_MARGIN) * q->width + (x - QR_MARGIN)] & 1 : 0;

			assert_int_equal(qr_art_dark(&a, x, y), want);
		}
	/* A short URL fits an 80x24 kiosk beside the text: version 3, 37 x 19. */
	assert_int_equal(q->width, 29);
	assert_int_equal(a.rows, 19);
	QRcode_free(q);
	qr_art_free(&a);
}

/* Too big for the space at M: level L when that fits, else refused (never clipped). */
static void test_size_budget(void **state)
{
	const char *url = "https://registration.example.cn:8443/pay/k3x9q2ab4d5e6f7g8h9i0j1k2l3m4n5o";
	struct qr_art m, a;

	(void)state;
	assert_int_equal(qr_art_encode(url, 0, 0, &m), 0);
	assert_int_equal(qr_art_encode(url, m.cols - 1, 0, &a), 0);
	assert_true(a.cols < m.cols);
	assert_true(a.cols >= a.modules + 2 * QR_MARGIN);
	qr_art_free(&a);
	assert_int_equal(qr_art_encode(url, 30, 0, &a), -1);
	assert_null(a.cells);
	assert_int_equal(qr_art_encode(url, 0, 10, &a), -1);
	assert_int_equal(qr_art_encode("", 0, 0, &a), -1);
	assert_int_equal(qr_art_encode(NULL, 0, 0, &a), -1);
	qr_art_free(&m);
}

static void test_bad_sizes(void **state)
{
	const unsigned char m[1] = { 1 };
	struct qr_art a;

	(void)state;
	assert_int_equal(qr_art_from_modules(NULL, 1, 4, &a), -1);
	assert_int_equal(qr_art_from_modules(m, 0, 4, &a), -1);
	assert_int_equal(qr_art_from_modules(m, 1, -1, &a), -1);
	assert_null(a.cells);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glyphs),
		cmocka_unit_test(test_odd_rows),
		cmocka_unit_test(test_quiet_zone),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_size_budget),
		cmocka_unit_test(test_bad_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
