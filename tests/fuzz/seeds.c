/* Write a small seed corpus for fuzz_photo into the folder given. */
#include <stdio.h>
#include <stdlib.h>

#include <turbojpeg.h>

#include "../api/photo-fixture.h"

int main(int argc, char **argv)
{
	struct {
		const char *name;
		unsigned char *buf;
		size_t len;
	} s[6];
	int n = 0, rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: seeds DIR\n");
		return 2;
	}
	s[n].name = "baseline.jpg";
	s[n].buf = fixture_jpeg(48, 64, 4, 75, TJSAMP_420, 0, &s[n].len);
	n++;
	s[n].name = "progressive.jpg";
	s[n].buf = fixture_jpeg(48, 64, 4, 75, TJSAMP_444, TJFLAG_PROGRESSIVE, &s[n].len);
	n++;
	s[n].name = "grey.jpg";
	s[n].buf = fixture_jpeg(32, 40, 4, 75, TJSAMP_GRAY, 0, &s[n].len);
	n++;
	s[n].name = "exif6.jpg";
	s[n].buf = fixture_jpeg(64, 48, 4, 75, TJSAMP_420, 0, &s[n].len);
	s[n].buf = fixture_with_exif(s[n].buf, &s[n].len, 6, 1);
	n++;
	s[n].name = "cmyk.jpg";
	s[n].buf = fixture_jpeg_cmyk(16, 16, &s[n].len);
	n++;
	s[n].name = "png.jpg";
	s[n].buf = fixture_png(0, &s[n].len);
	n++;
	for (int i = 0; i < n; i++) {
		if (s[i].buf == NULL || fixture_write(argv[1], s[i].name, s[i].buf, s[i].len) != 0)
			rc = 1;
		free(s[i].buf);
	}
	return rc;
}
