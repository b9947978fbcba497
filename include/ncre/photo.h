/*
 * The candidate's photo (R-PHO-01), shared by the kiosk and the server:
 * the checks, each with its measured value; a reduced-scale upright decode
 * for the terminal preview; and the "fitted copy", a compliant JPEG made in
 * memory (scaled, recompressed, baseline YCbCr 4:2:0, no metadata). Input
 * buffers are only read: the candidate's file is never modified.
 *
 * TurboJPEG 2.1.5 (tj* API). Width x height is checked against
 * NCRE_PHOTO_MAX_PIXELS from the header, before any pixel buffer is
 * allocated, so a decompression bomb costs nothing.
 */
#ifndef NCRE_PHOTO_H
#define NCRE_PHOTO_H

#include <stdbool.h>
#include <stddef.h>

#include "ncre/errors.h"

/* R-PHO-01: KB is 1,024 bytes. */
#define NCRE_PHOTO_MIN_BYTES 20480
#define NCRE_PHOTO_MAX_BYTES 204800
#define NCRE_PHOTO_MIN_W 144
#define NCRE_PHOTO_MIN_H 192
/* Beyond this many pixels the photo is refused without being decoded. */
#define NCRE_PHOTO_MAX_PIXELS (50L * 1000 * 1000)
/* Larger files are judged on their header only (size fails anyway). */
#define NCRE_PHOTO_DECODE_MAX_BYTES (32L * 1024 * 1024)
/* Advisory: the manual's 48 mm x 33 mm, height / width, and the band accepted. */
#define NCRE_PHOTO_ASPECT 1.4545
#define NCRE_PHOTO_ASPECT_LO 1.25
#define NCRE_PHOTO_ASPECT_HI 1.60
/* Advisory: mean luma (0..255) of the border below which the background is "dark". */
#define NCRE_PHOTO_LIGHT_LUMA 170

enum ncre_photo_item {
	NCRE_PHOTO_EXTENSION = 0,	/* ".jpg" (any case) */
	NCRE_PHOTO_SIZE,		/* bytes */
	NCRE_PHOTO_JPEG,		/* decodes fully */
	NCRE_PHOTO_DIMENSIONS,		/* upright height x width */
	NCRE_PHOTO_BACKGROUND,		/* advisory: light border */
	NCRE_PHOTO_PROPORTION,		/* advisory: portrait near 48x33 */
	NCRE_PHOTO_NITEMS
};

enum ncre_photo_verdict {
	NCRE_PHOTO_PASS = 0,
	NCRE_PHOTO_FAIL,		/* blocks the upload */
	NCRE_PHOTO_WARN,		/* advisory only */
	NCRE_PHOTO_SKIPPED		/* could not be measured (no name, no pixels) */
};

struct ncre_photo_line {
	enum ncre_photo_verdict verdict;
	enum ncre_err err;		/* the reason when FAIL (or WARN: NCRE_OK) */
	bool advisory;
	char measured[64];		/* language-neutral: "215347 bytes", "480x640" ... */
};

struct ncre_photo_check {
	struct ncre_photo_line line[NCRE_PHOTO_NITEMS];
	bool ok;			/* no line failed */
	enum ncre_err first_err;	/* first failing line's reason, NCRE_OK when ok */
	size_t bytes;
	bool header_ok;			/* width, height, orientation are known */
	int width, height;		/* as stored */
	int upright_w, upright_h;	/* after the EXIF orientation */
	int orientation;		/* EXIF 1..8 (1 when absent) */
	bool progressive, greyscale, cmyk;
	int border_luma;		/* 0..255, -1 when not measured */
	double aspect;			/* upright height / width, 0 when unknown */
	bool fit_possible;		/* a fitted copy would help (see ncre_photo_fit) */
};

/*
 * Run every check on the file's bytes. name is the file name (or path)
 * for the extension check; NULL skips it (the server gets no name).
 * Returns 0 with out filled (out->ok says whether it passes), -1 when
 * memory ran out.
 */
int ncre_photo_check(const char *name, const unsigned char *buf, size_t len,
		     struct ncre_photo_check *out);

/* Upright RGB pixels, 3 bytes each, row by row. */
struct ncre_photo_image {
	int w, h;
	unsigned char *rgb;
};

void ncre_photo_image_free(struct ncre_photo_image *img);

/*
 * ncre_photo_check, handing over the picture it decoded for the checks:
 * upright, at a reduced scale (at least 160 pixels a side where the file
 * has them). *img is empty (rgb NULL) when nothing was decoded. The
 * caller frees it (and wipes it: a face is personal data). One decode
 * serves the check and the preview (ncre_photo_image_box).
 */
int ncre_photo_check_image(const char *name, const unsigned char *buf, size_t len,
			   struct ncre_photo_check *out, struct ncre_photo_image *img);

/* Resample an upright image to fit max_w x max_h keeping its proportions (never larger). */
enum ncre_err ncre_photo_image_box(const struct ncre_photo_image *src, int max_w, int max_h,
				   struct ncre_photo_image *out);

/*
 * Decode at reduced scale (tjGetScalingFactors), apply the EXIF orientation
 * and resample so the upright image fits a box of max_w x max_h keeping its
 * proportions. For the preview. 0, or the reason (never allocates for an
 * oversized header).
 */
enum ncre_err ncre_photo_decode_box(const unsigned char *buf, size_t len, int max_w, int max_h,
				    struct ncre_photo_image *out);

struct ncre_photo_fit_opts {
	int box_w, box_h;		/* scale down into this upright box; 0: keep */
	size_t min_bytes, max_bytes;	/* wanted size of the result */
};

/* The kiosk's fitted copy: at most 480x640, 20-200 KB. */
extern const struct ncre_photo_fit_opts ncre_photo_fit_kiosk;
/* What the server stores: upright, at most 1200x1600, at most 200 KB. */
extern const struct ncre_photo_fit_opts ncre_photo_fit_store;

struct ncre_photo_fit_info {
	int w, h;			/* of the result */
	int quality;
	int tries;			/* compressions made */
};

/*
 * A compliant copy in memory: decode upright, scale into the box (never
 * below 144x192 where the source has them), compress baseline 4:2:0 at the
 * highest quality that lands within the wanted size (binary search), no
 * metadata. On success *out (free with ncre_photo_buf_free) and *outlen are
 * set and NCRE_OK returned; else the reason (PHOTO_SIZE when no quality
 * lands in range, NCRE_E_INTERNAL for memory).
 */
enum ncre_err ncre_photo_fit(const unsigned char *buf, size_t len,
			     const struct ncre_photo_fit_opts *opts, unsigned char **out,
			     size_t *outlen, struct ncre_photo_fit_info *info);

/* Free a buffer from ncre_photo_fit; *p becomes NULL. */
void ncre_photo_buf_free(unsigned char **p);

/* ---- exif.c ---- */

/*
 * The EXIF orientation (TIFF IFD0 tag 0x0112) of a JPEG's APP1 "Exif"
 * segment: 1..8, or 1 when there is none or it cannot be read. Reads only
 * within len; never trusts an offset.
 */
int ncre_exif_orientation(const unsigned char *buf, size_t len);

/* Width and height after orientation o (5..8 swap them). */
void ncre_exif_upright_size(int o, int w, int h, int *uw, int *uh);

/*
 * Copy an RGB image of w x h into dst (upright_w x upright_h) applying
 * orientation o. dst must hold w * h * 3 bytes.
 */
void ncre_exif_apply(int o, const unsigned char *src, int w, int h, unsigned char *dst);

#endif
