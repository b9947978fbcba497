/*
 * Photo fixtures made by the tests themselves (TurboJPEG), never committed
 * blobs: a portrait on a light background, padded to an exact byte size
 * with JPEG comment segments, with EXIF orientation, progressive,
 * greyscale, CMYK, truncated, a renamed PNG and a decompression bomb.
 * Every buffer is malloc'd; free() it.
 */
#ifndef TEST_PHOTO_FIXTURE_H
#define TEST_PHOTO_FIXTURE_H

#include <stddef.h>

/*
 * A w x h JPEG: light background, a darker head and shoulders. noise
 * (0..255) adds random texture (bytes); samp is a TJSAMP_*, flags TJFLAG_*.
 */
unsigned char *fixture_jpeg(int w, int h, int noise, int quality, int samp, int flags,
			    size_t *len);
/* The same with the background's grey level bg (0..248). */
unsigned char *fixture_jpeg_bg(int w, int h, int bg, int noise, int quality, int samp,
			       int flags, size_t *len);
/* A CMYK (YCCK) JPEG. */
unsigned char *fixture_jpeg_cmyk(int w, int h, size_t *len);
/* Pad jpeg (consumed) with COM segments after SOI to exactly size bytes (>= len + 4). */
unsigned char *fixture_pad(unsigned char *jpeg, size_t len, size_t size);
/* A portrait of 480x640 (or w x h) padded to exactly size bytes. */
unsigned char *fixture_sized(int w, int h, size_t size);
/* Insert an APP1 Exif segment with this orientation after SOI (jpeg consumed). */
unsigned char *fixture_with_exif(unsigned char *jpeg, size_t *len, int orientation,
				 int big_endian);
/* A real (tiny) PNG, padded to size bytes with an ancillary chunk. */
unsigned char *fixture_png(size_t size, size_t *len);
/* A tiny JPEG whose header says w x h (a decompression bomb). */
unsigned char *fixture_bomb(int w, int h, size_t *len);
/* Write buf to dir/name; 0 or -1. */
int fixture_write(const char *dir, const char *name, const unsigned char *buf, size_t len);

#endif
