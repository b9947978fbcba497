/* The photo preview's pixels-to-cells logic (src/kiosk/preview.c), without curses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kiosk/preview.h"

static void test_depth_from_terminal(void **state)
{
	(void)state;
	assert_int_equal(preview_depth_for("truecolor", true, 0x1000000), PREVIEW_TRUECOLOR);
	assert_int_equal(preview_depth_for("24bit", true, 0x1000000), PREVIEW_TRUECOLOR);
	/* COLORTERM says true colour but the terminfo entry has 256: curses cannot. */
	assert_int_equal(preview_depth_for("truecolor", true, 256), PREVIEW_256);
	assert_int_equal(preview_depth_for(NULL, true, 256), PREVIEW_256);
	assert_int_equal(preview_depth_for(NULL, true, 0x1000000), PREVIEW_256);
	assert_int_equal(preview_depth_for("truecolor", true, 8), PREVIEW_MONO);
	assert_int_equal(preview_depth_for("truecolor", false, 0x1000000), PREVIEW_MONO);
}

static void test_xterm_256_palette(void **state)
{
	(void)state;
	assert_int_equal(preview_rgb_to_256(0, 0, 0), 16);
	assert_int_equal(preview_rgb_to_256(255, 255, 255), 231);
	assert_int_equal(preview_rgb_to_256(255, 0, 0), 196);
	assert_int_equal(preview_rgb_to_256(0, 0, 255), 21);
	assert_int_equal(preview_rgb_to_256(95, 135, 175), 16 + 36 * 1 + 6 * 2 + 3);
	/* Greys go to the ramp where it is closer than the cube. */
	assert_int_equal(preview_rgb_to_256(128, 128, 128), 244);
	assert_int_equal(preview_rgb_to_256(8, 8, 8), 232);
}

static void test_box_two_pixels_per_row(void **state)
{
	int w, h;

	(void)state;
	preview_box(40, 20, &w, &h);
	assert_int_equal(w, 40);
	assert_int_equal(h, 40);
}

/* 2 x 3 image: rows red, blue, white. */
static void make_img(struct ncre_photo_image *img)
{
	static const unsigned char rows[3][3] = { { 255, 0, 0 }, { 0, 0, 255 }, { 255, 255, 255 } };

	img->w = 2;
	img->h = 3;
	img->rgb = malloc(2 * 3 * 3);
	assert_non_null(img->rgb);
	for (int y = 0; y < 3; y++)
		for (int x = 0; x < 2; x++)
			memcpy(img->rgb + (y * 2 + x) * 3, rows[y], 3);
}

static void test_half_blocks_truecolor_and_256(void **state)
{
	struct ncre_photo_image img;
	struct preview p;

	(void)state;
	make_img(&img);
	assert_int_equal(preview_build(&img, PREVIEW_TRUECOLOR, &p), 0);
	assert_int_equal(p.cols, 2);
	assert_int_equal(p.rows, 2);		/* odd height rounds up */
	assert_int_equal(p.cells[0].glyph, 0x2580);
	assert_int_equal(p.cells[0].fg, 0xFF0000u);	/* top pixel */
	assert_int_equal(p.cells[0].bg, 0x0000FFu);	/* bottom pixel */
	assert_int_equal(p.cells[2].fg, 0xFFFFFFu);	/* last row: top repeated */
	assert_int_equal(p.cells[2].bg, 0xFFFFFFu);
	preview_free(&p);
	assert_null(p.cells);
	assert_int_equal(preview_build(&img, PREVIEW_256, &p), 0);
	assert_int_equal(p.cells[1].fg, 196);
	assert_int_equal(p.cells[1].bg, 21);
	preview_free(&p);
	free(img.rgb);
}

static void test_monochrome_glyphs(void **state)
{
	struct ncre_photo_image img;
	struct preview p;

	(void)state;
	make_img(&img);
	/* Luma: red 76, blue 29, white 255; mean 120: only white is light. */
	assert_int_equal(preview_build(&img, PREVIEW_MONO, &p), 0);
	assert_int_equal(p.cells[0].glyph, L' ');
	assert_int_equal(p.cells[2].glyph, 0x2588);
	preview_free(&p);
	/* Swap rows 1 and 2: dark over light. */
	memset(img.rgb + 6, 255, 6);
	memset(img.rgb + 12, 0, 6);
	assert_int_equal(preview_build(&img, PREVIEW_MONO, &p), 0);
	assert_int_equal(p.cells[0].glyph, 0x2584);	/* lower half light */
	preview_free(&p);
	free(img.rgb);
}

static void test_empty_image(void **state)
{
	struct preview p;
	struct ncre_photo_image none = { 0, 0, NULL };

	(void)state;
	assert_int_equal(preview_build(&none, PREVIEW_256, &p), 0);
	assert_null(p.cells);
	assert_int_equal(p.rows, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_from_terminal),
		cmocka_unit_test(test_xterm_256_palette),
		cmocka_unit_test(test_box_two_pixels_per_row),
		cmocka_unit_test(test_half_blocks_truecolor_and_256),
		cmocka_unit_test(test_monochrome_glyphs),
		cmocka_unit_test(test_empty_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
