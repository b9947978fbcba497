/*
 * The photo checker, preview decode and fitted copy (R-PHO-01), on
 * fixtures the test makes with TurboJPEG (tests/api/photo-fixture.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <turbojpeg.h>

#include "ncre/photo.h"

#include "../api/photo-fixture.h"

static void check(const char *name, const unsigned char *buf, size_t len,
		  struct ncre_photo_check *c)
{
	assert_int_equal(ncre_photo_check(name, buf, len, c), 0);
}

static void test_R_PHO_01_valid_photo_passes(void **state)
{
	struct ncre_photo_check c;
	unsigned char *j = fixture_sized(480, 640, 30000);

	(void)state;
	assert_non_null(j);
	check("photo.jpg", j, 30000, &c);
	assert_true(c.ok);
	assert_int_equal(c.first_err, NCRE_OK);
	for (int i = 0; i < NCRE_PHOTO_NITEMS; i++)
		assert_int_equal(c.line[i].verdict, NCRE_PHOTO_PASS);
	assert_string_equal(c.line[NCRE_PHOTO_SIZE].measured, "30000 bytes");
	assert_string_equal(c.line[NCRE_PHOTO_DIMENSIONS].measured, "480x640");
	assert_string_equal(c.line[NCRE_PHOTO_EXTENSION].measured, ".jpg");
	assert_string_equal(c.line[NCRE_PHOTO_JPEG].measured, "baseline");
	assert_true(c.border_luma >= NCRE_PHOTO_LIGHT_LUMA);
	assert_false(c.fit_possible);
	free(j);
}

static void test_R_PHO_01_size_bounds_inclusive(void **state)
{
	static const struct {
		size_t size;
		bool ok;
	} cases[] = {
		{ 19 * 1024, false }, { 20479, false }, { 20480, true }, { 204800, true },
		{ 204801, false }, { 201 * 1024, false },
	};
	struct ncre_photo_check c;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *j = fixture_sized(480, 640, cases[i].size);

		assert_non_null(j);
		check("a.jpg", j, cases[i].size, &c);
		assert_int_equal(c.ok, cases[i].ok);
		assert_int_equal(c.line[NCRE_PHOTO_SIZE].verdict,
				 cases[i].ok ? NCRE_PHOTO_PASS : NCRE_PHOTO_FAIL);
		assert_int_equal(c.line[NCRE_PHOTO_JPEG].verdict, NCRE_PHOTO_PASS);
		if (!cases[i].ok) {
			assert_int_equal(c.first_err, NCRE_E_PHOTO_SIZE);
			assert_true(c.fit_possible);
		}
		free(j);
	}
}

static void test_R_PHO_01_extension(void **state)
{
	static const struct {
		const char *name;
		enum ncre_photo_verdict v;
		enum ncre_err e;
	} cases[] = {
		{ "x.jpg", NCRE_PHOTO_PASS, NCRE_OK },
		{ "/media/usb/DCIM/IMG_0001.JPG", NCRE_PHOTO_PASS, NCRE_OK },
		{ "x.Jpg", NCRE_PHOTO_PASS, NCRE_OK },
		{ "x.jpeg", NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION_JPEG },
		{ "x.JPEG", NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION_JPEG },
		{ "x.png", NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION },
		{ "x.jpg.png", NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION },
		{ "jpg", NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION },
		{ ".jpg", NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION },
		{ "dir.jpg/photo", NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION },
		{ NULL, NCRE_PHOTO_SKIPPED, NCRE_OK },
	};
	struct ncre_photo_check c;
	unsigned char *j = fixture_sized(480, 640, 30000);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check(cases[i].name, j, 30000, &c);
		assert_int_equal(c.line[NCRE_PHOTO_EXTENSION].verdict, cases[i].v);
		assert_int_equal(c.ok, cases[i].v != NCRE_PHOTO_FAIL);
		if (cases[i].v == NCRE_PHOTO_FAIL) {
			assert_int_equal(c.line[NCRE_PHOTO_EXTENSION].err, cases[i].e);
			assert_int_equal(c.first_err, cases[i].e);
			assert_true(c.fit_possible);	/* the copy is named .jpg */
		}
	}
	free(j);
}

static void test_R_PHO_01_dimensions_minimum(void **state)
{
	/* height x width, as the rule writes it */
	static const struct {
		int h, w;
		bool ok;
	} cases[] = { { 192, 144, true }, { 191, 144, false }, { 192, 143, false },
		      { 191, 143, false }, { 640, 480, true } };
	struct ncre_photo_check c;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		unsigned char *j = fixture_jpeg(cases[i].w, cases[i].h, 2, 80, TJSAMP_420, 0, &len);

		j = fixture_pad(j, len, 25000);
		assert_non_null(j);
		check("a.jpg", j, 25000, &c);
		assert_int_equal(c.ok, cases[i].ok);
		assert_int_equal(c.upright_w, cases[i].w);
		assert_int_equal(c.upright_h, cases[i].h);
		assert_int_equal(c.line[NCRE_PHOTO_DIMENSIONS].verdict,
				 cases[i].ok ? NCRE_PHOTO_PASS : NCRE_PHOTO_FAIL);
		if (!cases[i].ok) {
			assert_int_equal(c.first_err, NCRE_E_PHOTO_DIMENSIONS);
			assert_false(c.fit_possible);	/* no copy can add pixels */
		}
		free(j);
	}
}

static void test_R_PHO_01_progressive_and_greyscale_are_jpegs(void **state)
{
	struct ncre_photo_check c;
	size_t len;
	unsigned char *j = fixture_jpeg(480, 640, 4, 70, TJSAMP_420, TJFLAG_PROGRESSIVE, &len);

	(void)state;
	j = fixture_pad(j, len, 40000);
	check("p.jpg", j, 40000, &c);
	assert_true(c.ok);
	assert_true(c.progressive);
	assert_string_equal(c.line[NCRE_PHOTO_JPEG].measured, "progressive");
	free(j);

	j = fixture_jpeg(480, 640, 4, 70, TJSAMP_GRAY, 0, &len);
	j = fixture_pad(j, len, 40000);
	check("g.jpg", j, 40000, &c);
	assert_true(c.ok);
	assert_true(c.greyscale);
	assert_string_equal(c.line[NCRE_PHOTO_JPEG].measured, "baseline, greyscale");
	free(j);
}

static void test_R_PHO_01_cmyk_refused(void **state)
{
	struct ncre_photo_check c;
	size_t len;
	unsigned char *j = fixture_jpeg_cmyk(480, 640, &len);

	(void)state;
	assert_non_null(j);
	j = fixture_pad(j, len, len + 1000 < 30000 ? 30000 : len + 1000);
	check("c.jpg", j, len + 1000 < 30000 ? 30000 : len + 1000, &c);
	assert_false(c.ok);
	assert_true(c.cmyk);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_COLORSPACE);
	assert_false(c.fit_possible);
	free(j);
}

static void test_R_PHO_01_truncated_and_corrupt_refused(void **state)
{
	struct ncre_photo_check c;
	size_t len;
	unsigned char *j = fixture_jpeg(1200, 1600, 20, 90, TJSAMP_420, 0, &len);

	(void)state;
	assert_non_null(j);
	assert_true(len > 2 * 30000);
	/* Header intact, half the scan gone. */
	check("t.jpg", j, len / 2, &c);
	assert_false(c.ok);
	assert_true(c.header_ok);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].verdict, NCRE_PHOTO_FAIL);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_CORRUPT);
	assert_false(c.fit_possible);

	/* Garbage in the middle of the scan. */
	for (size_t i = len / 2; i < len / 2 + 64; i++)
		j[i] = (unsigned char)(i * 37);
	check("t.jpg", j, len, &c);
	assert_false(c.ok);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_CORRUPT);

	/* Only the first 200 bytes: the header itself is incomplete. */
	check("t.jpg", j, 200, &c);
	assert_false(c.ok);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_CORRUPT);
	free(j);
}

static void test_R_PHO_01_png_renamed_is_not_a_jpeg(void **state)
{
	struct ncre_photo_check c;
	size_t len;
	unsigned char *p = fixture_png(30000, &len);

	(void)state;
	assert_non_null(p);
	assert_int_equal(len, 30000);
	check("photo.jpg", p, len, &c);
	assert_false(c.ok);
	assert_int_equal(c.line[NCRE_PHOTO_EXTENSION].verdict, NCRE_PHOTO_PASS);
	assert_int_equal(c.line[NCRE_PHOTO_SIZE].verdict, NCRE_PHOTO_PASS);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_NOT_JPEG);
	assert_string_equal(c.line[NCRE_PHOTO_JPEG].measured, "PNG data");
	assert_int_equal(c.first_err, NCRE_E_PHOTO_NOT_JPEG);
	assert_false(c.fit_possible);
	free(p);
}

static void test_R_PHO_01_empty_file(void **state)
{
	struct ncre_photo_check c;
	static const unsigned char none[1] = { 0 };

	(void)state;
	check("empty.jpg", none, 0, &c);
	assert_false(c.ok);
	assert_int_equal(c.first_err, NCRE_E_PHOTO_SIZE);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_NOT_JPEG);
	assert_string_equal(c.line[NCRE_PHOTO_JPEG].measured, "empty file");
	check("empty.jpg", NULL, 0, &c);
	assert_false(c.ok);
}

static double now_s(void)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_R_PHO_01_decompression_bomb_refused_without_decoding(void **state)
{
	struct ncre_photo_check c;
	struct ncre_photo_image img;
	unsigned char *out = NULL;
	size_t len, outlen;
	unsigned char *b = fixture_bomb(65000, 65000, &len);
	double t0;

	(void)state;
	assert_non_null(b);
	assert_true(len < 2000);
	t0 = now_s();
	check("bomb.jpg", b, len, &c);
	assert_true(now_s() - t0 < 0.5);
	assert_false(c.ok);
	assert_int_equal(c.width, 65000);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_TOO_LARGE_PIXELS);
	assert_false(c.fit_possible);
	assert_int_equal(ncre_photo_decode_box(b, len, 40, 40, &img), NCRE_E_PHOTO_TOO_LARGE_PIXELS);
	assert_null(img.rgb);
	assert_int_equal(ncre_photo_fit(b, len, &ncre_photo_fit_kiosk, &out, &outlen, NULL),
			 NCRE_E_PHOTO_TOO_LARGE_PIXELS);
	assert_null(out);
	free(b);
	/* Just inside the limit, the tiny body cannot fill it: corrupt, quickly. */
	b = fixture_bomb(7000, 7000, &len);
	t0 = now_s();
	check("bomb.jpg", b, len, &c);
	assert_true(now_s() - t0 < 2.0);
	assert_int_equal(c.line[NCRE_PHOTO_JPEG].err, NCRE_E_PHOTO_CORRUPT);
	free(b);
}

/* A 300x200 stored image whose left third is red: upright with o = 6, red is on top. */
static unsigned char *rotated_fixture(int o, int big_endian, size_t *len)
{
	unsigned char *rgb = malloc(300 * 200 * 3), *jpeg = NULL, *copy;
	unsigned long size = 0;
	tjhandle tj = tjInitCompress();

	assert_non_null(rgb);
	assert_non_null(tj);
	for (int y = 0; y < 200; y++) {
		for (int x = 0; x < 300; x++) {
			unsigned char *p = rgb + (y * 300 + x) * 3;

			p[0] = x < 100 ? 220 : 240;
			p[1] = x < 100 ? 20 : 240;
			p[2] = x < 100 ? 20 : 240;
		}
	}
	assert_int_equal(tjCompress2(tj, rgb, 300, 0, 200, TJPF_RGB, &jpeg, &size, TJSAMP_444,
				     95, 0), 0);
	copy = malloc(size);
	assert_non_null(copy);
	memcpy(copy, jpeg, size);
	tjFree(jpeg);
	tjDestroy(tj);
	free(rgb);
	*len = size;
	return fixture_with_exif(copy, len, o, big_endian);
}

static bool is_red(const struct ncre_photo_image *img, int x, int y)
{
	const unsigned char *p = img->rgb + ((size_t)y * (size_t)img->w + (size_t)x) * 3;

	return p[0] > 180 && p[1] < 90 && p[2] < 90;
}

static void test_R_PHO_01_exif_orientation_read_and_applied(void **state)
{
	struct ncre_photo_image img;
	struct ncre_photo_check c;
	size_t len;

	(void)state;
	for (int be = 0; be <= 1; be++) {
		unsigned char *j = rotated_fixture(6, be, &len);

		assert_int_equal(ncre_exif_orientation(j, len), 6);
		check("r.jpg", j, len, &c);
		assert_int_equal(c.orientation, 6);
		assert_int_equal(c.width, 300);
		assert_int_equal(c.upright_w, 200);
		assert_int_equal(c.upright_h, 300);
		assert_int_equal(c.line[NCRE_PHOTO_DIMENSIONS].verdict, NCRE_PHOTO_PASS);
		assert_int_equal(ncre_photo_decode_box(j, len, 100, 150, &img), NCRE_OK);
		assert_int_equal(img.w, 100);
		assert_int_equal(img.h, 150);
		assert_true(is_red(&img, 50, 5));	/* top */
		assert_false(is_red(&img, 50, 140));	/* bottom */
		ncre_photo_image_free(&img);
		free(j);
	}
	/* 8: turned the other way, red at the bottom; 3: upside down, red on the right. */
	{
		unsigned char *j = rotated_fixture(8, 0, &len);

		assert_int_equal(ncre_photo_decode_box(j, len, 100, 150, &img), NCRE_OK);
		assert_true(is_red(&img, 50, 145));
		assert_false(is_red(&img, 50, 5));
		ncre_photo_image_free(&img);
		free(j);
		j = rotated_fixture(3, 1, &len);
		assert_int_equal(ncre_photo_decode_box(j, len, 150, 100, &img), NCRE_OK);
		assert_int_equal(img.w, 150);
		assert_true(is_red(&img, 145, 50));
		assert_false(is_red(&img, 5, 50));
		ncre_photo_image_free(&img);
		free(j);
	}
}

/*
 * One decode serves the check and the preview: the check hands over the
 * upright picture it measured (the same verdicts as ncre_photo_check), and
 * the preview is resampled from it, oriented as decode_box would.
 */
static void test_R_PHO_01_check_image_serves_the_preview(void **state)
{
	struct ncre_photo_image seen, box;
	struct ncre_photo_check c, c2;
	size_t len;
	unsigned char *j = rotated_fixture(6, 0, &len);

	(void)state;
	assert_int_equal(ncre_photo_check_image("r.jpg", j, len, &c, &seen), 0);
	check("r.jpg", j, len, &c2);
	assert_int_equal(c.ok, c2.ok);
	assert_int_equal(c.border_luma, c2.border_luma);
	assert_non_null(seen.rgb);
	/* upright (200x300 stored as 300x200), at least 160 a side, reduced */
	assert_true(seen.h > seen.w);
	assert_true(seen.w >= 160 || seen.w == 200);
	assert_true(seen.w <= 200 && seen.h <= 300);
	assert_int_equal(ncre_photo_image_box(&seen, 100, 150, &box), NCRE_OK);
	assert_int_equal(box.w, 100);
	assert_int_equal(box.h, 150);
	assert_true(is_red(&box, 50, 5));	/* top, as decode_box draws it */
	assert_false(is_red(&box, 50, 140));
	ncre_photo_image_free(&box);
	ncre_photo_image_free(&seen);
	/* Nothing decoded (not a JPEG): nothing handed over. */
	assert_int_equal(ncre_photo_check_image("x.jpg", (const unsigned char *)"GIF89a", 6, &c,
						&seen), 0);
	assert_null(seen.rgb);
	assert_int_equal(ncre_photo_image_box(&seen, 40, 48, &box), NCRE_E_PHOTO_NOT_JPEG);
	free(j);
}

static void test_R_PHO_01_exif_parser_never_trusts_offsets(void **state)
{
	size_t len;
	unsigned char *j = rotated_fixture(6, 0, &len);

	(void)state;
	/* Every truncation and every single-byte change of the segment is survived. */
	for (size_t n = 0; n < 64; n++) {
		int o = ncre_exif_orientation(j, n);

		assert_true(o >= 1 && o <= 8);
	}
	for (size_t i = 2; i < 2 + 36; i++) {
		unsigned char keep = j[i];

		for (int v = 0; v < 256; v += 17) {
			int o;

			j[i] = (unsigned char)v;
			o = ncre_exif_orientation(j, len);
			assert_true(o >= 1 && o <= 8);
		}
		j[i] = keep;
	}
	assert_int_equal(ncre_exif_orientation(NULL, 0), 1);
	free(j);
}

static void test_R_PHO_01_advisory_background_and_proportion_warn_only(void **state)
{
	struct ncre_photo_check c;
	size_t len;
	unsigned char *j = fixture_jpeg_bg(480, 640, 60, 4, 70, TJSAMP_420, 0, &len);

	(void)state;
	j = fixture_pad(j, len, 40000);
	check("dark.jpg", j, 40000, &c);
	assert_true(c.ok);
	assert_int_equal(c.line[NCRE_PHOTO_BACKGROUND].verdict, NCRE_PHOTO_WARN);
	assert_true(c.line[NCRE_PHOTO_BACKGROUND].advisory);
	assert_true(c.border_luma < NCRE_PHOTO_LIGHT_LUMA);
	free(j);
	j = fixture_jpeg(640, 480, 4, 70, TJSAMP_420, 0, &len);	/* landscape */
	j = fixture_pad(j, len, 40000);
	check("wide.jpg", j, 40000, &c);
	assert_true(c.ok);
	assert_int_equal(c.line[NCRE_PHOTO_PROPORTION].verdict, NCRE_PHOTO_WARN);
	assert_string_equal(c.line[NCRE_PHOTO_PROPORTION].measured, "0.75");
	free(j);
}

static void fit_and_verify(const unsigned char *j, size_t len, int want_w, int want_h)
{
	unsigned char *copy = malloc(len), *out = NULL;
	struct ncre_photo_fit_info info;
	struct ncre_photo_check c;
	size_t outlen = 0;

	assert_non_null(copy);
	memcpy(copy, j, len);
	assert_int_equal(ncre_photo_fit(j, len, &ncre_photo_fit_kiosk, &out, &outlen, &info),
			 NCRE_OK);
	assert_memory_equal(copy, j, len);	/* the original is never modified */
	assert_in_range(outlen, NCRE_PHOTO_MIN_BYTES, NCRE_PHOTO_MAX_BYTES);
	assert_int_equal(info.w, want_w);
	assert_int_equal(info.h, want_h);
	assert_true(info.tries <= 8);
	check("photo.jpg", out, outlen, &c);
	assert_true(c.ok);
	assert_false(c.progressive);
	assert_int_equal(c.orientation, 1);	/* no EXIF left */
	assert_int_equal(c.upright_w, want_w);
	assert_int_equal(c.upright_h, want_h);
	assert_int_equal(ncre_exif_orientation(out, outlen), 1);
	ncre_photo_buf_free(&out);
	assert_null(out);
	free(copy);
}

static void test_R_PHO_01_fit_too_large_bytes_and_pixels(void **state)
{
	struct ncre_photo_check c;
	size_t len;
	unsigned char *j = fixture_jpeg(1200, 1600, 40, 95, TJSAMP_444, TJFLAG_PROGRESSIVE, &len);

	(void)state;
	assert_non_null(j);
	assert_true(len > NCRE_PHOTO_MAX_BYTES);
	check("big.jpg", j, len, &c);
	assert_false(c.ok);
	assert_true(c.fit_possible);
	fit_and_verify(j, len, 480, 640);
	free(j);
	/* 201 KB of a 480x640 photo: the copy keeps its pixels. */
	j = fixture_sized(480, 640, 201 * 1024);
	fit_and_verify(j, 201 * 1024, 480, 640);
	free(j);
}

static void test_R_PHO_01_fit_stands_rotated_photo_upright(void **state)
{
	size_t len;
	unsigned char *j = fixture_jpeg(1600, 1200, 40, 95, TJSAMP_420, 0, &len);

	(void)state;
	j = fixture_with_exif(j, &len, 6, 0);
	assert_non_null(j);
	fit_and_verify(j, len, 480, 640);
	free(j);
}

static void test_R_PHO_01_fit_keeps_the_pixel_minimum(void **state)
{
	unsigned char *out = NULL;
	struct ncre_photo_fit_info info;
	size_t len, outlen;
	/* Tall and thin: the box would make it 120 wide; the minimum wins. */
	unsigned char *j = fixture_jpeg(300, 1600, 60, 95, TJSAMP_420, 0, &len);

	(void)state;
	assert_int_equal(ncre_photo_fit(j, len, &ncre_photo_fit_kiosk, &out, &outlen, &info),
			 NCRE_OK);
	assert_true(info.w >= NCRE_PHOTO_MIN_W);
	assert_true(info.h >= NCRE_PHOTO_MIN_H);
	ncre_photo_buf_free(&out);
	free(j);
}

static void test_R_PHO_01_fit_refuses_what_cannot_comply(void **state)
{
	unsigned char *out = NULL, junk[100] = { 0 };
	size_t len, outlen;
	/* A flat 144x192 image cannot reach 20 KB at any quality. */
	unsigned char *j = fixture_jpeg(144, 192, 0, 50, TJSAMP_420, 0, &len);

	(void)state;
	assert_int_equal(ncre_photo_fit(j, len, &ncre_photo_fit_kiosk, &out, &outlen, NULL),
			 NCRE_E_PHOTO_SIZE);
	assert_null(out);
	assert_int_equal(ncre_photo_fit(junk, sizeof(junk), &ncre_photo_fit_kiosk, &out, &outlen,
					NULL), NCRE_E_PHOTO_NOT_JPEG);
	free(j);
}

static void test_R_PHO_01_preview_decode_is_reduced(void **state)
{
	struct ncre_photo_image img;
	unsigned char *j = fixture_sized(480, 640, 30000);

	(void)state;
	assert_int_equal(ncre_photo_decode_box(j, 30000, 40, 44, &img), NCRE_OK);
	assert_int_equal(img.h, 44);
	assert_int_equal(img.w, 33);
	/* the background is light, the shoulders dark */
	assert_true(img.rgb[0] > 200);
	assert_true(img.rgb[((size_t)42 * 33 + 16) * 3 + 2] < 140);
	ncre_photo_image_free(&img);
	assert_int_equal(ncre_photo_decode_box(j, 100, 40, 44, &img), NCRE_E_PHOTO_CORRUPT);
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_PHO_01_valid_photo_passes),
		cmocka_unit_test(test_R_PHO_01_size_bounds_inclusive),
		cmocka_unit_test(test_R_PHO_01_extension),
		cmocka_unit_test(test_R_PHO_01_dimensions_minimum),
		cmocka_unit_test(test_R_PHO_01_progressive_and_greyscale_are_jpegs),
		cmocka_unit_test(test_R_PHO_01_cmyk_refused),
		cmocka_unit_test(test_R_PHO_01_truncated_and_corrupt_refused),
		cmocka_unit_test(test_R_PHO_01_png_renamed_is_not_a_jpeg),
		cmocka_unit_test(test_R_PHO_01_empty_file),
		cmocka_unit_test(test_R_PHO_01_decompression_bomb_refused_without_decoding),
		cmocka_unit_test(test_R_PHO_01_exif_orientation_read_and_applied),
		cmocka_unit_test(test_R_PHO_01_exif_parser_never_trusts_offsets),
		cmocka_unit_test(test_R_PHO_01_advisory_background_and_proportion_warn_only),
		cmocka_unit_test(test_R_PHO_01_fit_too_large_bytes_and_pixels),
		cmocka_unit_test(test_R_PHO_01_fit_stands_rotated_photo_upright),
		cmocka_unit_test(test_R_PHO_01_fit_keeps_the_pixel_minimum),
		cmocka_unit_test(test_R_PHO_01_fit_refuses_what_cannot_comply),
		cmocka_unit_test(test_R_PHO_01_preview_decode_is_reduced),
		cmocka_unit_test(test_R_PHO_01_check_image_serves_the_preview),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
