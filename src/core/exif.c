/*
 * Just enough EXIF to stand a phone photo upright: walk the JPEG markers
 * to the APP1 "Exif" segment, read the TIFF header and look for tag 0x0112
 * (Orientation) in IFD0. TurboJPEG ignores EXIF, so this is ours. Every
 * offset comes from the file and is checked against the segment's end.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ncre/photo.h"

static unsigned exif_u16(const unsigned char *p, bool le)
{
	return le ? (unsigned)p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | (unsigned)p[1];
}

static uint32_t exif_u32(const unsigned char *p, bool le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			    (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
			    (uint32_t)p[3];
}

/* The orientation in a TIFF block (the APP1 payload after "Exif\0\0"), or 1. */
static int exif_tiff_orientation(const unsigned char *t, size_t n)
{
	bool le;
	uint32_t ifd;
	unsigned count;

	if (n < 8)
		return 1;
	if (t[0] == 'I' && t[1] == 'I')
		le = true;
	else if (t[0] == 'M' && t[1] == 'M')
		le = false;
	else
		return 1;
	if (exif_u16(t + 2, le) != 42)
		return 1;
	ifd = exif_u32(t + 4, le);
	if (ifd > n - 2)
		return 1;
	count = exif_u16(t + ifd, le);
	for (unsigned i = 0; i < count; i++) {
		size_t e = (size_t)ifd + 2 + (size_t)i * 12;
		unsigned tag, type, v;

		if (e + 12 > n)
			return 1;
		tag = exif_u16(t + e, le);
		if (tag != 0x0112)
			continue;
		type = exif_u16(t + e + 2, le);
		if (type != 3 || exif_u32(t + e + 4, le) != 1)	/* SHORT, count 1 */
			return 1;
		v = exif_u16(t + e + 8, le);	/* left-justified in the value field */
		return v >= 1 && v <= 8 ? (int)v : 1;
	}
	return 1;
}

int ncre_exif_orientation(const unsigned char *buf, size_t len)
{
	size_t i = 2;

	if (buf == NULL || len < 4 || buf[0] != 0xFF || buf[1] != 0xD8)
		return 1;
	while (i + 4 <= len) {
		unsigned marker, seglen;

		if (buf[i] != 0xFF)
			return 1;
		marker = buf[i + 1];
		if (marker == 0xFF) {		/* fill byte */
			i++;
			continue;
		}
		if (marker == 0xD9 || marker == 0xDA)	/* EOI, SOS: no EXIF before the scan */
			return 1;
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			i += 2;
			continue;
		}
		seglen = (unsigned)buf[i + 2] << 8 | buf[i + 3];
		if (seglen < 2 || seglen > len - i - 2)
			return 1;
		if (marker == 0xE1 && seglen >= 2 + 6 + 8 &&
		    memcmp(buf + i + 4, "Exif\0\0", 6) == 0)
			return exif_tiff_orientation(buf + i + 10, seglen - 8);
		i += 2 + (size_t)seglen;
	}
	return 1;
}

void ncre_exif_upright_size(int o, int w, int h, int *uw, int *uh)
{
	bool swap = o >= 5 && o <= 8;

	*uw = swap ? h : w;
	*uh = swap ? w : h;
}

void ncre_exif_apply(int o, const unsigned char *src, int w, int h, unsigned char *dst)
{
	int uw, uh;

	ncre_exif_upright_size(o, w, h, &uw, &uh);
	for (int dy = 0; dy < uh; dy++) {
		for (int dx = 0; dx < uw; dx++) {
			int sx, sy;

			switch (o) {
			case 2: sx = w - 1 - dx; sy = dy; break;
			case 3: sx = w - 1 - dx; sy = h - 1 - dy; break;
			case 4: sx = dx; sy = h - 1 - dy; break;
			case 5: sx = dy; sy = dx; break;
			case 6: sx = dy; sy = h - 1 - dx; break;		/* turn 90 clockwise */
			case 7: sx = w - 1 - dy; sy = h - 1 - dx; break;
			case 8: sx = w - 1 - dy; sy = dx; break;		/* turn 90 anticlockwise */
			default: sx = dx; sy = dy; break;
			}
			memcpy(dst + ((size_t)dy * (size_t)uw + (size_t)dx) * 3,
			       src + ((size_t)sy * (size_t)w + (size_t)sx) * 3, 3);
		}
	}
}
