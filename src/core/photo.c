/*
 * The photo checks (R-PHO-01), the preview decode and the fitted copy,
 * with TurboJPEG 2.1.5 (tj* API only; technotes §3).
 *
 * Decoding always passes TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS: a
 * truncated or corrupt file is refused at its first warning, and a
 * progressive file with a pathological number of scans is refused too.
 * The checks decode at reduced scale: libjpeg still entropy-decodes every
 * block (so damage anywhere is found), but the pixel buffer stays small.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <turbojpeg.h>

#include "ncre/photo.h"

#define PHOTO_DECODE_FLAGS (TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS)
#define PHOTO_FAST_FLAGS (PHOTO_DECODE_FLAGS | TJFLAG_FASTDCT | TJFLAG_FASTUPSAMPLE)
/* The checks measure the background on an image about this big. */
#define PHOTO_ANALYSIS_MIN 160

const struct ncre_photo_fit_opts ncre_photo_fit_kiosk = {
	.box_w = 480, .box_h = 640,
	.min_bytes = NCRE_PHOTO_MIN_BYTES, .max_bytes = NCRE_PHOTO_MAX_BYTES,
};

const struct ncre_photo_fit_opts ncre_photo_fit_store = {
	.box_w = 1200, .box_h = 1600,
	.min_bytes = 0, .max_bytes = NCRE_PHOTO_MAX_BYTES,
};

struct photo_header {
	int w, h, subsamp, colorspace;
	int orientation;
	int uw, uh;
	bool progressive;
};

void ncre_photo_image_free(struct ncre_photo_image *img)
{
	if (img == NULL)
		return;
	/* A photo is personal data: wipe the pixels, not only free them. */
	if (img->rgb != NULL)
		explicit_bzero(img->rgb, (size_t)img->w * (size_t)img->h * 3);
	free(img->rgb);
	img->rgb = NULL;
	img->w = img->h = 0;
}

void ncre_photo_buf_free(unsigned char **p)
{
	if (p != NULL && *p != NULL) {
		tjFree(*p);
		*p = NULL;
	}
}

/* SOF2 (or another progressive SOF) before the first scan. */
static bool photo_is_progressive(const unsigned char *buf, size_t len)
{
	size_t i = 2;

	while (i + 4 <= len && buf[i] == 0xFF) {
		unsigned m = buf[i + 1], seglen;

		if (m == 0xFF) {
			i++;
			continue;
		}
		if (m == 0xDA || m == 0xD9)
			return false;
		if (m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE)
			return true;
		seglen = (unsigned)buf[i + 2] << 8 | buf[i + 3];
		if (seglen < 2)
			return false;
		i += 2 + (size_t)seglen;
	}
	return false;
}

/* What a file that is not a JPEG looks like, for the measured value. */
static const char *photo_sniff(const unsigned char *buf, size_t len)
{
	if (len >= 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "PNG data";
	if (len >= 6 && (memcmp(buf, "GIF87a", 6) == 0 || memcmp(buf, "GIF89a", 6) == 0))
		return "GIF data";
	if (len >= 2 && memcmp(buf, "BM", 2) == 0)
		return "BMP data";
	if (len >= 12 && memcmp(buf, "RIFF", 4) == 0 && memcmp(buf + 8, "WEBP", 4) == 0)
		return "WebP data";
	if (len >= 4 && memcmp(buf, "%PDF", 4) == 0)
		return "PDF data";
	if (len >= 12 && memcmp(buf + 4, "ftyp", 4) == 0)
		return "HEIF/MP4 data";
	return "unknown data";
}

/*
 * Read the header: NCRE_OK, or NOT_JPEG / CORRUPT / TOO_LARGE_PIXELS /
 * COLORSPACE (h is filled as far as known). msg gets TurboJPEG's words.
 */
static enum ncre_err photo_read_header(tjhandle tj, const unsigned char *buf, size_t len,
				       struct photo_header *h, char *msg, size_t msglen)
{
	memset(h, 0, sizeof(*h));
	h->orientation = 1;
	msg[0] = '\0';
	if (len < 3 || buf[0] != 0xFF || buf[1] != 0xD8 || buf[2] != 0xFF) {
		snprintf(msg, msglen, "%s", len == 0 ? "empty file" : photo_sniff(buf, len));
		return NCRE_E_PHOTO_NOT_JPEG;
	}
	if (len > ULONG_MAX ||
	    tjDecompressHeader3(tj, buf, (unsigned long)len, &h->w, &h->h, &h->subsamp,
				&h->colorspace) != 0) {
		snprintf(msg, msglen, "%s", tjGetErrorStr2(tj));
		return NCRE_E_PHOTO_CORRUPT;
	}
	if (h->w <= 0 || h->h <= 0) {
		snprintf(msg, msglen, "no image size");
		return NCRE_E_PHOTO_CORRUPT;
	}
	h->orientation = ncre_exif_orientation(buf, len);
	ncre_exif_upright_size(h->orientation, h->w, h->h, &h->uw, &h->uh);
	h->progressive = photo_is_progressive(buf, len);
	/* The decompression bomb: refused here, before any pixel is allocated. */
	if ((long)h->w * (long)h->h > NCRE_PHOTO_MAX_PIXELS) {
		snprintf(msg, msglen, "%dx%d pixels", h->w, h->h);
		return NCRE_E_PHOTO_TOO_LARGE_PIXELS;
	}
	if (h->colorspace == TJCS_CMYK || h->colorspace == TJCS_YCCK) {
		snprintf(msg, msglen, "CMYK");
		return NCRE_E_PHOTO_COLORSPACE;
	}
	return NCRE_OK;
}

/* The smallest scaling factor (<= 1) giving at least want_w x want_h. */
static tjscalingfactor photo_pick_scale(int w, int h, int want_w, int want_h)
{
	tjscalingfactor best = { 1, 1 };
	int n = 0;
	tjscalingfactor *sf = tjGetScalingFactors(&n);

	for (int i = 0; sf != NULL && i < n; i++) {
		int sw = TJSCALED(w, sf[i]), sh = TJSCALED(h, sf[i]);

		if (sf[i].num > sf[i].denom || sw < want_w || sh < want_h)
			continue;
		if ((long)sw * sh < (long)TJSCALED(w, best) * TJSCALED(h, best))
			best = sf[i];
	}
	return best;
}

/* Decode at scale sf into a new RGB image (as stored, not upright). */
static enum ncre_err photo_decode_scaled(tjhandle tj, const unsigned char *buf, size_t len,
					 const struct photo_header *h, tjscalingfactor sf,
					 int flags, struct ncre_photo_image *out, char *msg,
					 size_t msglen)
{
	int sw = TJSCALED(h->w, sf), sh = TJSCALED(h->h, sf);

	out->rgb = malloc((size_t)sw * (size_t)sh * 3);
	if (out->rgb == NULL)
		return NCRE_E_INTERNAL;
	out->w = sw;
	out->h = sh;
	if (tjDecompress2(tj, buf, (unsigned long)len, out->rgb, sw, 0, sh, TJPF_RGB, flags) != 0) {
		snprintf(msg, msglen, "%s", tjGetErrorStr2(tj));
		ncre_photo_image_free(out);
		return NCRE_E_PHOTO_CORRUPT;
	}
	return NCRE_OK;
}

/* Area-average (or nearest, when growing) resample of src into a new tw x th image. */
static enum ncre_err photo_resample(const struct ncre_photo_image *src, int tw, int th,
				    struct ncre_photo_image *out)
{
	out->rgb = malloc((size_t)tw * (size_t)th * 3);
	if (out->rgb == NULL)
		return NCRE_E_INTERNAL;
	out->w = tw;
	out->h = th;
	for (int dy = 0; dy < th; dy++) {
		int y0 = (int)((long)dy * src->h / th);
		int y1 = (int)((long)(dy + 1) * src->h / th);

		if (y1 <= y0)
			y1 = y0 + 1;
		for (int dx = 0; dx < tw; dx++) {
			int x0 = (int)((long)dx * src->w / tw);
			int x1 = (int)((long)(dx + 1) * src->w / tw);
			unsigned long sum[3] = { 0, 0, 0 }, n;
			unsigned char *d = out->rgb + ((size_t)dy * (size_t)tw + (size_t)dx) * 3;

			if (x1 <= x0)
				x1 = x0 + 1;
			for (int y = y0; y < y1; y++) {
				const unsigned char *s = src->rgb + ((size_t)y * (size_t)src->w +
								     (size_t)x0) * 3;

				for (int x = x0; x < x1; x++, s += 3) {
					sum[0] += s[0];
					sum[1] += s[1];
					sum[2] += s[2];
				}
			}
			n = (unsigned long)(x1 - x0) * (unsigned long)(y1 - y0);
			for (int c = 0; c < 3; c++)
				d[c] = (unsigned char)((sum[c] + n / 2) / n);
		}
	}
	return NCRE_OK;
}

/* Stand img upright in place (a new buffer replaces the old). */
static enum ncre_err photo_orient(struct ncre_photo_image *img, int o)
{
	unsigned char *dst;
	int uw, uh;

	if (o == 1)
		return NCRE_OK;
	dst = malloc((size_t)img->w * (size_t)img->h * 3);
	if (dst == NULL)
		return NCRE_E_INTERNAL;
	ncre_exif_apply(o, img->rgb, img->w, img->h, dst);
	ncre_exif_upright_size(o, img->w, img->h, &uw, &uh);
	explicit_bzero(img->rgb, (size_t)img->w * (size_t)img->h * 3);
	free(img->rgb);
	img->rgb = dst;
	img->w = uw;
	img->h = uh;
	return NCRE_OK;
}

/*
 * Mean luma of the border where the background shows: the top band and
 * the left and right bands over the upper two thirds (the shoulders fill
 * the bottom).
 */
static int photo_border_luma(const struct ncre_photo_image *img)
{
	int bw = img->w / 12 > 0 ? img->w / 12 : 1, bh = img->h / 12 > 0 ? img->h / 12 : 1;
	int ylim = img->h * 2 / 3 > bh ? img->h * 2 / 3 : img->h;
	unsigned long long sum = 0, n = 0;

	for (int y = 0; y < ylim; y++) {
		for (int x = 0; x < img->w; x++) {
			const unsigned char *p;

			if (y >= bh && x >= bw && x < img->w - bw)
				continue;
			p = img->rgb + ((size_t)y * (size_t)img->w + (size_t)x) * 3;
			sum += 299ULL * p[0] + 587ULL * p[1] + 114ULL * p[2];
			n++;
		}
	}
	return n > 0 ? (int)((sum / 1000 + n / 2) / n) : -1;
}

static void photo_line(struct ncre_photo_check *c, enum ncre_photo_item i,
		       enum ncre_photo_verdict v, enum ncre_err e, const char *measured)
{
	c->line[i].verdict = v;
	c->line[i].err = e;
	snprintf(c->line[i].measured, sizeof(c->line[i].measured), "%s", measured);
	if (v == NCRE_PHOTO_FAIL && c->first_err == NCRE_OK)
		c->first_err = e;
}

static void photo_check_extension(struct ncre_photo_check *c, const char *name)
{
	const char *base, *dot;
	char m[64];

	if (name == NULL) {
		photo_line(c, NCRE_PHOTO_EXTENSION, NCRE_PHOTO_SKIPPED, NCRE_OK, "");
		return;
	}
	base = strrchr(name, '/');
	base = base != NULL ? base + 1 : name;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base) {
		photo_line(c, NCRE_PHOTO_EXTENSION, NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION,
			   "(none)");
		return;
	}
	snprintf(m, sizeof(m), "%s", dot);
	if (strcasecmp(dot, ".jpg") == 0)
		photo_line(c, NCRE_PHOTO_EXTENSION, NCRE_PHOTO_PASS, NCRE_OK, m);
	else if (strcasecmp(dot, ".jpeg") == 0)
		photo_line(c, NCRE_PHOTO_EXTENSION, NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION_JPEG, m);
	else
		photo_line(c, NCRE_PHOTO_EXTENSION, NCRE_PHOTO_FAIL, NCRE_E_PHOTO_EXTENSION, m);
}

/*
 * Decode for analysis and measure; fills the JPEG, background and proportion
 * lines. keep: the upright decoded image goes there (else it is freed).
 */
static int photo_check_pixels(tjhandle tj, const unsigned char *buf, size_t len,
			      const struct photo_header *h, struct ncre_photo_check *c,
			      struct ncre_photo_image *keep)
{
	struct ncre_photo_image img = { 0, 0, NULL };
	char msg[64], m[64];
	enum ncre_err e;
	tjscalingfactor sf;
	int want_w = h->w < PHOTO_ANALYSIS_MIN ? h->w : PHOTO_ANALYSIS_MIN;
	int want_h = h->h < PHOTO_ANALYSIS_MIN ? h->h : PHOTO_ANALYSIS_MIN;

	sf = photo_pick_scale(h->w, h->h, want_w, want_h);
	e = photo_decode_scaled(tj, buf, len, h, sf, PHOTO_FAST_FLAGS, &img, msg, sizeof(msg));
	if (e == NCRE_E_INTERNAL)
		return -1;
	if (e != NCRE_OK) {
		photo_line(c, NCRE_PHOTO_JPEG, NCRE_PHOTO_FAIL, e, msg);
		return 0;
	}
	if (photo_orient(&img, h->orientation) != NCRE_OK) {
		ncre_photo_image_free(&img);
		return -1;
	}
	snprintf(m, sizeof(m), "%s%s", h->progressive ? "progressive" : "baseline",
		 h->subsamp == TJSAMP_GRAY ? ", greyscale" : "");
	photo_line(c, NCRE_PHOTO_JPEG, NCRE_PHOTO_PASS, NCRE_OK, m);
	c->border_luma = photo_border_luma(&img);
	snprintf(m, sizeof(m), "%d/255", c->border_luma);
	photo_line(c, NCRE_PHOTO_BACKGROUND,
		   c->border_luma >= NCRE_PHOTO_LIGHT_LUMA ? NCRE_PHOTO_PASS : NCRE_PHOTO_WARN,
		   NCRE_OK, m);
	if (keep != NULL) {
		*keep = img;
		return 0;
	}
	ncre_photo_image_free(&img);
	return 0;
}

int ncre_photo_check(const char *name, const unsigned char *buf, size_t len,
		     struct ncre_photo_check *out)
{
	return ncre_photo_check_image(name, buf, len, out, NULL);
}

int ncre_photo_check_image(const char *name, const unsigned char *buf, size_t len,
			   struct ncre_photo_check *out, struct ncre_photo_image *img)
{
	struct photo_header h;
	tjhandle tj = NULL;
	char msg[64], m[64];
	enum ncre_err e;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (img != NULL)
		memset(img, 0, sizeof(*img));
	out->first_err = NCRE_OK;
	out->border_luma = -1;
	out->orientation = 1;
	out->bytes = len;
	out->line[NCRE_PHOTO_BACKGROUND].advisory = true;
	out->line[NCRE_PHOTO_PROPORTION].advisory = true;
	for (int i = 0; i < NCRE_PHOTO_NITEMS; i++)
		out->line[i].verdict = NCRE_PHOTO_SKIPPED;
	if (buf == NULL)
		len = 0;

	photo_check_extension(out, name);

	snprintf(m, sizeof(m), "%zu bytes", len);
	photo_line(out, NCRE_PHOTO_SIZE,
		   len >= NCRE_PHOTO_MIN_BYTES && len <= NCRE_PHOTO_MAX_BYTES ? NCRE_PHOTO_PASS
									   : NCRE_PHOTO_FAIL,
		   NCRE_E_PHOTO_SIZE, m);
	if (out->line[NCRE_PHOTO_SIZE].verdict == NCRE_PHOTO_PASS)
		out->line[NCRE_PHOTO_SIZE].err = NCRE_OK;

	tj = tjInitDecompress();
	if (tj == NULL)
		goto out;
	e = photo_read_header(tj, buf, len, &h, msg, sizeof(msg));
	out->header_ok = e == NCRE_OK || e == NCRE_E_PHOTO_TOO_LARGE_PIXELS ||
			 e == NCRE_E_PHOTO_COLORSPACE;
	if (out->header_ok) {
		out->width = h.w;
		out->height = h.h;
		out->upright_w = h.uw;
		out->upright_h = h.uh;
		out->orientation = h.orientation;
		out->progressive = h.progressive;
		out->greyscale = h.subsamp == TJSAMP_GRAY;
		out->cmyk = e == NCRE_E_PHOTO_COLORSPACE;
		out->aspect = (double)h.uh / (double)h.uw;
		snprintf(m, sizeof(m), "%dx%d", h.uw, h.uh);
		photo_line(out, NCRE_PHOTO_DIMENSIONS,
			   h.uh >= NCRE_PHOTO_MIN_H && h.uw >= NCRE_PHOTO_MIN_W ? NCRE_PHOTO_PASS
										: NCRE_PHOTO_FAIL,
			   NCRE_E_PHOTO_DIMENSIONS, m);
		if (out->line[NCRE_PHOTO_DIMENSIONS].verdict == NCRE_PHOTO_PASS)
			out->line[NCRE_PHOTO_DIMENSIONS].err = NCRE_OK;
		snprintf(m, sizeof(m), "%.2f", out->aspect);
		photo_line(out, NCRE_PHOTO_PROPORTION,
			   out->aspect >= NCRE_PHOTO_ASPECT_LO && out->aspect <= NCRE_PHOTO_ASPECT_HI
				   ? NCRE_PHOTO_PASS : NCRE_PHOTO_WARN,
			   NCRE_OK, m);
	}
	if (e != NCRE_OK) {
		photo_line(out, NCRE_PHOTO_JPEG, NCRE_PHOTO_FAIL, e, msg);
	} else if (len > (size_t)NCRE_PHOTO_DECODE_MAX_BYTES) {
		/* The size already fails; a fitted copy decodes it on request. */
		photo_line(out, NCRE_PHOTO_JPEG, NCRE_PHOTO_SKIPPED, NCRE_OK, "not decoded");
	} else if (photo_check_pixels(tj, buf, len, &h, out, img) != 0) {
		goto out;
	}

	out->ok = true;
	for (int i = 0; i < NCRE_PHOTO_NITEMS; i++) {
		enum ncre_photo_verdict v = out->line[i].verdict;

		if (v == NCRE_PHOTO_FAIL || (v == NCRE_PHOTO_SKIPPED && !out->line[i].advisory &&
					     i != NCRE_PHOTO_EXTENSION))
			out->ok = false;
	}
	/* A copy helps when the pixels are good and only bytes or the name are wrong. */
	out->fit_possible = !out->ok && e == NCRE_OK &&
			    out->line[NCRE_PHOTO_JPEG].verdict != NCRE_PHOTO_FAIL &&
			    out->line[NCRE_PHOTO_DIMENSIONS].verdict == NCRE_PHOTO_PASS;
	rc = 0;
out:
	if (tj != NULL)
		tjDestroy(tj);
	return rc;
}

/* Fit an upright w x h image into box_w x box_h, keeping the minimum where it exists. */
static void photo_target(int uw, int uh, int box_w, int box_h, bool grow, int *tw, int *th)
{
	double s = 1.0;

	if (box_w > 0 && box_h > 0) {
		double sx = (double)box_w / uw, sy = (double)box_h / uh;

		s = sx < sy ? sx : sy;
		if (s > 1.0 && !grow)
			s = 1.0;
	}
	*tw = (int)(uw * s + 0.5);
	*th = (int)(uh * s + 0.5);
	if (*tw < 1)
		*tw = 1;
	if (*th < 1)
		*th = 1;
}

static enum ncre_err photo_decode_upright(const unsigned char *buf, size_t len, int box_w,
					  int box_h, bool keep_min, int flags,
					  struct ncre_photo_image *out)
{
	struct ncre_photo_image raw = { 0, 0, NULL };
	struct photo_header h;
	tjhandle tj = tjInitDecompress();
	char msg[64];
	enum ncre_err e;
	int tw, th, sw_want, sh_want;

	memset(out, 0, sizeof(*out));
	if (tj == NULL)
		return NCRE_E_INTERNAL;
	e = photo_read_header(tj, buf, len, &h, msg, sizeof(msg));
	if (e != NCRE_OK)
		goto out;
	photo_target(h.uw, h.uh, box_w, box_h, false, &tw, &th);
	if (keep_min) {
		/* Never below 144 x 192 where the source has them. */
		if (th < NCRE_PHOTO_MIN_H && h.uh >= NCRE_PHOTO_MIN_H) {
			tw = (int)((long)h.uw * NCRE_PHOTO_MIN_H / h.uh + 1);
			th = NCRE_PHOTO_MIN_H;
		}
		if (tw < NCRE_PHOTO_MIN_W && h.uw >= NCRE_PHOTO_MIN_W) {
			th = (int)((long)h.uh * NCRE_PHOTO_MIN_W / h.uw + 1);
			tw = NCRE_PHOTO_MIN_W;
		}
		if (tw > h.uw)
			tw = h.uw;
		if (th > h.uh)
			th = h.uh;
	}
	/* The decode wants at least the target, in stored orientation. */
	ncre_exif_upright_size(h.orientation, tw, th, &sw_want, &sh_want);
	e = photo_decode_scaled(tj, buf, len, &h, photo_pick_scale(h.w, h.h, sw_want, sh_want),
				flags, &raw, msg, sizeof(msg));
	if (e != NCRE_OK)
		goto out;
	if (raw.w != sw_want || raw.h != sh_want) {
		e = photo_resample(&raw, sw_want, sh_want, out);
		if (e != NCRE_OK)
			goto out;
		ncre_photo_image_free(&raw);
	} else {
		*out = raw;
		raw.rgb = NULL;
	}
	e = photo_orient(out, h.orientation);
out:
	ncre_photo_image_free(&raw);
	if (e != NCRE_OK)
		ncre_photo_image_free(out);
	tjDestroy(tj);
	return e;
}

enum ncre_err ncre_photo_image_box(const struct ncre_photo_image *src, int max_w, int max_h,
				   struct ncre_photo_image *out)
{
	int tw, th;

	memset(out, 0, sizeof(*out));
	if (src == NULL || src->rgb == NULL || src->w <= 0 || src->h <= 0 || max_w <= 0 ||
	    max_h <= 0)
		return NCRE_E_PHOTO_NOT_JPEG;
	photo_target(src->w, src->h, max_w, max_h, false, &tw, &th);
	return photo_resample(src, tw, th, out);
}

enum ncre_err ncre_photo_decode_box(const unsigned char *buf, size_t len, int max_w, int max_h,
				    struct ncre_photo_image *out)
{
	if (buf == NULL || max_w <= 0 || max_h <= 0) {
		memset(out, 0, sizeof(*out));
		return NCRE_E_PHOTO_NOT_JPEG;
	}
	return photo_decode_upright(buf, len, max_w, max_h, false, PHOTO_FAST_FLAGS, out);
}

enum ncre_err ncre_photo_fit(const unsigned char *buf, size_t len,
			     const struct ncre_photo_fit_opts *opts, unsigned char **out,
			     size_t *outlen, struct ncre_photo_fit_info *info)
{
	struct ncre_photo_image img = { 0, 0, NULL };
	unsigned char *cur = NULL, *best = NULL;
	unsigned long cap = 0, size = 0, best_size = 0;
	tjhandle tj = NULL;
	enum ncre_err e;
	int lo = 25, hi = 100, best_q = -1, tries = 0;

	*out = NULL;
	*outlen = 0;
	if (info != NULL)
		memset(info, 0, sizeof(*info));
	if (buf == NULL)
		return NCRE_E_PHOTO_NOT_JPEG;
	e = photo_decode_upright(buf, len, opts->box_w, opts->box_h, true, PHOTO_DECODE_FLAGS,
				 &img);
	if (e != NCRE_OK)
		return e;
	e = NCRE_E_INTERNAL;
	tj = tjInitCompress();
	cap = tjBufSize(img.w, img.h, TJSAMP_420);
	if (tj == NULL || cap == (unsigned long)-1)
		goto out;
	cur = tjAlloc((int)cap);
	best = tjAlloc((int)cap);
	if (cur == NULL || best == NULL)
		goto out;
	/* The highest quality whose size is at most max_bytes. */
	while (lo <= hi) {
		int q = (lo + hi) / 2;

		size = cap;
		tries++;
		if (tjCompress2(tj, img.rgb, img.w, 0, img.h, TJPF_RGB, &cur, &size, TJSAMP_420, q,
				TJFLAG_NOREALLOC) != 0)
			goto out;
		if (size <= opts->max_bytes) {
			unsigned char *t = best;

			best = cur;
			cur = t;
			best_size = size;
			best_q = q;
			lo = q + 1;
		} else {
			hi = q - 1;
		}
	}
	e = NCRE_E_PHOTO_SIZE;
	if (best_q < 0 || best_size < opts->min_bytes)
		goto out;
	/* The tail may hold an earlier, larger attempt: the caller knows only outlen. */
	explicit_bzero(best + best_size, cap - best_size);
	*out = best;
	*outlen = best_size;
	best = NULL;
	if (info != NULL) {
		info->w = img.w;
		info->h = img.h;
		info->quality = best_q;
		info->tries = tries;
	}
	e = NCRE_OK;
out:
	if (cur != NULL) {
		explicit_bzero(cur, cap);
		tjFree(cur);
	}
	if (best != NULL) {
		explicit_bzero(best, cap);
		tjFree(best);
	}
	if (tj != NULL)
		tjDestroy(tj);
	ncre_photo_image_free(&img);
	return e;
}
