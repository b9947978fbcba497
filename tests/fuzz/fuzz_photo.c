/*
 * libFuzzer target for the photo checker (R-PHO-01): any bytes must give a
 * verdict without a crash, a leak or an oversized allocation; a file the
 * checker passes (or offers to fit) must also decode for the preview.
 *
 *   tests/fuzz/run.sh BUILD [SECONDS]      (make check: 10 s)
 */
#include <stddef.h>
#include <stdint.h>

#include "ncre/photo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ncre_photo_check c;
	struct ncre_photo_image img;
	int o = ncre_exif_orientation(data, size);

	if (o < 1 || o > 8)
		__builtin_trap();
	if (ncre_photo_check("fuzz.jpg", data, size, &c) != 0)
		return 0;
	if (c.ok && c.line[NCRE_PHOTO_JPEG].verdict != NCRE_PHOTO_PASS)
		__builtin_trap();
	if (c.line[NCRE_PHOTO_JPEG].verdict == NCRE_PHOTO_PASS) {
		if (ncre_photo_decode_box(data, size, 40, 48, &img) == NCRE_OK) {
			if (img.w < 1 || img.w > 40 || img.h < 1 || img.h > 48)
				__builtin_trap();
			ncre_photo_image_free(&img);
		}
	}
	return 0;
}
