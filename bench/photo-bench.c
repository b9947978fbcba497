/*
 * photo-bench FILE [N]: write a 480x640 JPEG of about 200 KB to FILE, then
 * time N runs of the R-PHO-01 check (ncre_photo_check) and of the preview
 * (reduced decode + half-block cells for 40x24 cells), in milliseconds per
 * run; what the kiosk does now, the check and the preview from one decode
 * (ncre_photo_check_image + ncre_photo_image_box + preview_build, one_ms);
 * and the reference in the same process: a bare tjDecompress2 of the same
 * bytes to full-size RGB (tj_ms). bench/photo.sh also times djpeg as a
 * process per file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <turbojpeg.h>

#include "ncre/photo.h"

#include "../src/kiosk/preview.h"
#include "../tests/api/photo-fixture.h"

static double bench_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned char *j = NULL;
	size_t len = 0;
	int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 200, q;
	struct ncre_photo_check c;
	double t0, check_ms, preview_ms, tj_ms, one_ms;
	unsigned char *rgb = malloc((size_t)480 * 640 * 3);
	tjhandle tj = tjInitDecompress();

	if (argc < 2 || n <= 0) {
		fprintf(stderr, "usage: photo-bench FILE [N]\n");
		return 2;
	}
	/* The largest quality that stays within 200 KB. */
	for (q = 100; q > 10; q--) {
		free(j);
		j = fixture_jpeg(480, 640, 24, q, TJSAMP_420, 0, &len);
		if (j == NULL)
			return 1;
		if (len <= NCRE_PHOTO_MAX_BYTES)
			break;
	}
	if (fixture_write(".", argv[1], j, len) != 0) {
		free(j);
		return 1;
	}
	if (ncre_photo_check("bench.jpg", j, len, &c) != 0 || !c.ok) {
		fprintf(stderr, "photo-bench: the fixture does not pass the checks\n");
		free(j);
		return 1;
	}
	if (rgb == NULL || tj == NULL)
		return 1;
	/* Interleaved, so that the machine's other load falls on all alike. */
	check_ms = preview_ms = tj_ms = one_ms = 0;
	for (int i = 0; i < n; i++) {
		struct ncre_photo_image img, seen;
		struct preview p;
		double t1, t2, t3, t4;

		t0 = bench_now();
		if (ncre_photo_check("bench.jpg", j, len, &c) != 0)
			return 1;
		t1 = bench_now();
		if (ncre_photo_decode_box(j, len, 40, 48, &img) != NCRE_OK ||
		    preview_build(&img, PREVIEW_256, &p) != 0)
			return 1;
		preview_free(&p);
		ncre_photo_image_free(&img);
		t2 = bench_now();
		if (tjDecompress2(tj, j, (unsigned long)len, rgb, 480, 0, 640, TJPF_RGB, 0) != 0)
			return 1;
		t3 = bench_now();
		if (ncre_photo_check_image("bench.jpg", j, len, &c, &seen) != 0 ||
		    ncre_photo_image_box(&seen, 40, 48, &img) != NCRE_OK ||
		    preview_build(&img, PREVIEW_256, &p) != 0)
			return 1;
		preview_free(&p);
		ncre_photo_image_free(&img);
		ncre_photo_image_free(&seen);
		t4 = bench_now();
		check_ms += (t1 - t0) * 1e3 / n;
		preview_ms += (t2 - t1) * 1e3 / n;
		tj_ms += (t3 - t2) * 1e3 / n;
		one_ms += (t4 - t3) * 1e3 / n;
	}
	printf("file %zu bytes 480x640 q%d\ncheck_ms %.3f\npreview_ms %.3f\ntj_ms %.3f\none_ms %.3f\n",
	       len, q, check_ms, preview_ms, tj_ms, one_ms);
	printf("ratio (check+preview, two decodes)/tjDecompress2 %.2f\n",
	       (check_ms + preview_ms) / tj_ms);
	printf("ratio (check+preview, one decode: the kiosk)/tjDecompress2 %.2f\n", one_ms / tj_ms);
	tjDestroy(tj);
	free(rgb);
	free(j);
	return 0;
}
