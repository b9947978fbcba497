/* Photo fixtures for the unit, API, fuzz seed and end-to-end tests. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <turbojpeg.h>

#include "photo-fixture.h"

static uint32_t fixture_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* RGB: light grey-white background, a dark ellipse head, shoulders at the bottom. */
static unsigned char *fixture_pixels(int w, int h, int noise, int bg)
{
	unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);
	uint32_t seed = 0x9e3779b9u;

	if (rgb == NULL)
		return NULL;
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			double dx = (x - w / 2.0) / (w * 0.22), dy = (y - h * 0.4) / (h * 0.22);
			bool head = dx * dx + dy * dy < 1.0;
			bool body = y > h * 0.72 && x > w * 0.15 && x < w * 0.85;
			int r = bg, g = bg + 3, b = bg + 7;
			unsigned char *p = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;

			if (head) {
				r = 200; g = 150; b = 120;
			} else if (body) {
				r = 30; g = 40; b = 90;
			}
			if (noise > 0) {
				int n = (int)(fixture_rand(&seed) % (unsigned)(2 * noise + 1)) - noise;

				r += n; g += n; b += n;
			}
			p[0] = (unsigned char)(r < 0 ? 0 : r > 255 ? 255 : r);
			p[1] = (unsigned char)(g < 0 ? 0 : g > 255 ? 255 : g);
			p[2] = (unsigned char)(b < 0 ? 0 : b > 255 ? 255 : b);
		}
	}
	return rgb;
}

static unsigned char *fixture_own(unsigned char *tjbuf, unsigned long size, size_t *len)
{
	unsigned char *copy = malloc(size);

	if (copy != NULL)
		memcpy(copy, tjbuf, size);
	tjFree(tjbuf);
	*len = copy != NULL ? size : 0;
	return copy;
}

unsigned char *fixture_jpeg(int w, int h, int noise, int quality, int samp, int flags,
			    size_t *len)
{
	return fixture_jpeg_bg(w, h, 235, noise, quality, samp, flags, len);
}

unsigned char *fixture_jpeg_bg(int w, int h, int bg, int noise, int quality, int samp,
			       int flags, size_t *len)
{
	unsigned char *rgb = fixture_pixels(w, h, noise, bg), *jpeg = NULL;
	unsigned long size = 0;
	tjhandle tj = tjInitCompress();

	*len = 0;
	if (rgb == NULL || tj == NULL ||
	    tjCompress2(tj, rgb, w, 0, h, TJPF_RGB, &jpeg, &size, samp, quality, flags) != 0) {
		free(rgb);
		if (tj != NULL)
			tjDestroy(tj);
		return NULL;
	}
	free(rgb);
	tjDestroy(tj);
	return fixture_own(jpeg, size, len);
}

unsigned char *fixture_jpeg_cmyk(int w, int h, size_t *len)
{
	unsigned char *cmyk = malloc((size_t)w * (size_t)h * 4), *jpeg = NULL;
	unsigned long size = 0;
	tjhandle tj = tjInitCompress();

	*len = 0;
	if (cmyk == NULL || tj == NULL) {
		free(cmyk);
		if (tj != NULL)
			tjDestroy(tj);
		return NULL;
	}
	for (size_t i = 0; i < (size_t)w * (size_t)h * 4; i++)
		cmyk[i] = (unsigned char)((i / 4) % (size_t)w / 4 + (i % 4) * 20);
	if (tjCompress2(tj, cmyk, w, 0, h, TJPF_CMYK, &jpeg, &size, TJSAMP_444, 90, 0) != 0) {
		free(cmyk);
		tjDestroy(tj);
		return NULL;
	}
	free(cmyk);
	tjDestroy(tj);
	return fixture_own(jpeg, size, len);
}

unsigned char *fixture_pad(unsigned char *jpeg, size_t len, size_t size)
{
	unsigned char *out;
	size_t pad, o = 2;

	if (jpeg == NULL || size < len + 4) {
		free(jpeg);
		return NULL;
	}
	out = malloc(size);
	if (out == NULL) {
		free(jpeg);
		return NULL;
	}
	memcpy(out, jpeg, 2);
	pad = size - len;
	while (pad > 0) {
		/* A segment is 4..65537 bytes; never leave 1..3 bytes for the next one. */
		size_t seg = pad > 65537 ? 65537 : pad;

		if (pad - seg > 0 && pad - seg < 4)
			seg -= 4;
		out[o] = 0xFF;
		out[o + 1] = 0xFE;
		out[o + 2] = (unsigned char)((seg - 2) >> 8);
		out[o + 3] = (unsigned char)((seg - 2) & 0xFF);
		memset(out + o + 4, 'x', seg - 4);
		o += seg;
		pad -= seg;
	}
	memcpy(out + o, jpeg + 2, len - 2);
	free(jpeg);
	return out;
}

unsigned char *fixture_sized(int w, int h, size_t size)
{
	size_t len;
	unsigned char *j = fixture_jpeg(w, h, 2, 80, TJSAMP_420, 0, &len);

	return fixture_pad(j, len, size);
}

unsigned char *fixture_with_exif(unsigned char *jpeg, size_t *len, int orientation,
				 int big_endian)
{
	/* "Exif\0\0" + TIFF header + IFD0 with one entry (Orientation) + next IFD 0. */
	unsigned char app1[4 + 6 + 8 + 2 + 12 + 4];
	unsigned char *t = app1 + 10, *out;
	size_t seglen = sizeof(app1) - 2;

	if (jpeg == NULL)
		return NULL;
	memset(app1, 0, sizeof(app1));
	app1[0] = 0xFF;
	app1[1] = 0xE1;
	app1[2] = (unsigned char)(seglen >> 8);
	app1[3] = (unsigned char)(seglen & 0xFF);
	memcpy(app1 + 4, "Exif\0\0", 6);
	if (big_endian) {
		memcpy(t, "MM\0\x2a\0\0\0\x08", 8);
		t[8] = 0; t[9] = 1;			/* one entry */
		t[10] = 0x01; t[11] = 0x12;		/* tag */
		t[12] = 0; t[13] = 3;			/* SHORT */
		t[17] = 1;				/* count 1 */
		t[19] = (unsigned char)orientation;
	} else {
		memcpy(t, "II\x2a\0\x08\0\0\0", 8);
		t[8] = 1; t[9] = 0;
		t[10] = 0x12; t[11] = 0x01;
		t[12] = 3; t[13] = 0;
		t[14] = 1;
		t[18] = (unsigned char)orientation;
	}
	out = malloc(*len + sizeof(app1));
	if (out == NULL) {
		free(jpeg);
		return NULL;
	}
	memcpy(out, jpeg, 2);
	memcpy(out + 2, app1, sizeof(app1));
	memcpy(out + 2 + sizeof(app1), jpeg + 2, *len - 2);
	*len += sizeof(app1);
	free(jpeg);
	return out;
}

static void fixture_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t fixture_crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return c ^ 0xFFFFFFFFu;
}

/* One chunk at p: length, type, data, CRC. Returns the bytes written. */
static size_t fixture_chunk(unsigned char *p, const char *type, const unsigned char *data,
			    size_t n)
{
	fixture_be32(p, (uint32_t)n);
	memcpy(p + 4, type, 4);
	if (n > 0 && data != NULL)
		memcpy(p + 8, data, n);		/* NULL: leave the zeros there */
	fixture_be32(p + 8 + n, fixture_crc32(p + 4, n + 4));
	return 12 + n;
}

unsigned char *fixture_png(size_t size, size_t *len)
{
	/* 1x1 white pixel, RGB 8-bit: filter byte + 3 bytes. */
	static const unsigned char raw[4] = { 0, 255, 255, 255 };
	unsigned char ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0 };
	/* zlib stream with one stored deflate block, and its Adler-32. */
	unsigned char idat[2 + 5 + sizeof(raw) + 4] = { 0x78, 0x01, 0x01, 4, 0, 0xFB, 0xFF };
	size_t idat_len = sizeof(idat);
	uint32_t a = 1, b = 0;
	unsigned char *out;
	size_t o = 0, fixed;

	memcpy(idat + 7, raw, sizeof(raw));
	for (size_t i = 0; i < sizeof(raw); i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	fixture_be32(idat + 7 + sizeof(raw), b << 16 | a);
	fixed = 8 + 25 + (12 + idat_len) + 12;
	if (size < fixed + 12)
		size = fixed + 12;
	out = calloc(1, size);
	if (out == NULL)
		return NULL;
	memcpy(out, "\x89PNG\r\n\x1a\n", 8);
	o = 8;
	o += fixture_chunk(out + o, "IHDR", ihdr, sizeof(ihdr));
	o += fixture_chunk(out + o, "IDAT", idat, idat_len);
	/* Padding: an ancillary private chunk ("zzZz") that decoders skip. */
	o += fixture_chunk(out + o, "zzZz", NULL, size - fixed - 12);
	o += fixture_chunk(out + o, "IEND", NULL, 0);
	*len = o;
	return out;
}

unsigned char *fixture_bomb(int w, int h, size_t *len)
{
	unsigned char *j = fixture_jpeg(16, 16, 0, 75, TJSAMP_420, 0, len);

	/* Rewrite the frame header's height and width. */
	for (size_t i = 2; j != NULL && i + 9 < *len; i++) {
		if (j[i] == 0xFF && (j[i + 1] == 0xC0 || j[i + 1] == 0xC2)) {
			j[i + 5] = (unsigned char)(h >> 8);
			j[i + 6] = (unsigned char)(h & 0xFF);
			j[i + 7] = (unsigned char)(w >> 8);
			j[i + 8] = (unsigned char)(w & 0xFF);
			return j;
		}
	}
	free(j);
	return NULL;
}

int fixture_write(const char *dir, const char *name, const unsigned char *buf, size_t len)
{
	char path[1024];
	FILE *f;
	int rc = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -1;
	f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	if (len > 0 && fwrite(buf, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}
