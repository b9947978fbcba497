/*
 * The admission ticket as an A4 PDF (ticket-pdf.h): cairo's PDF surface
 * writes into memory, pango lays the text out with a font map of its own
 * whose fontconfig set holds only the ticket's fonts, and the photo goes in
 * as the JPEG it is (cairo embeds JPEG mime data as a DCT stream), drawn
 * from pixels decoded with TurboJPEG for any consumer that rasterises.
 *
 * Coordinates are points from the top-left corner of the page; a text's y
 * is its baseline.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <turbojpeg.h>

#include "ncre/buf.h"
#include "ncre/json.h"
#include "ncre/text.h"
#include "ticket-pdf.h"

/* A4 in points, and the layout. */
#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 56.0
#define PHOTO_W 120.0
#define PHOTO_H 160.0
#define PHOTO_TOP 146.0
#define LABEL_W 78.0
#define LINE 24.0
#define BOTTOM 110.0		/* a subject block starts above PAGE_H - BOTTOM */
#define MAX_PHOTO_SIDE 8000	/* larger than any stored photo (docs/photo.md) */

/* The PDF as cairo writes it; grown by copying so no old copy is left. */
struct sink {
	struct ncre_buf pdf;
	int nomem;
};

/* The ticket's private fonts: a fontconfig set and the families in order. */
struct fonts {
	FcConfig *fc;
	char families[512];
};

struct pen {
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *desc;
	double y;
};

/* The photo's bytes for cairo's mime data, wiped when cairo lets go. */
struct jpeg_copy {
	size_t len;
	unsigned char data[];
};

static void jpeg_copy_free(void *p)
{
	struct jpeg_copy *c = p;

	explicit_bzero(c->data, c->len);
	free(c);
}

__attribute__((format(printf, 3, 4)))
static void put_detail(char *detail, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (detail == NULL || len == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(detail, len, fmt, ap);
	va_end(ap);
}

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int n)
{
	struct sink *s = closure;

	if (ncre_buf_append(&s->pdf, data, n) != NCRE_BUF_OK) {
		s->nomem = 1;
		return CAIRO_STATUS_NO_MEMORY;
	}
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Load every file of list (':' separated) into a fontconfig set of its own
 * and note the families in the same order for pango's description.
 */
static enum ticket_pdf_err fonts_load(struct fonts *f, const char *list, char *detail,
				      size_t detail_len)
{
	char path[1024];
	const char *p = list, *end;
	size_t used = 0;

	f->families[0] = '\0';
	f->fc = FcConfigCreate();
	if (f->fc == NULL)
		return TICKET_PDF_NOMEM;
	while (*p != '\0') {
		FcFontSet *set;
		int before;
		FcChar8 *fam = NULL;
		size_t n;

		end = strchr(p, ':');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n >= sizeof(path)) {
			put_detail(detail, detail_len, "bad font list: %.200s", list);
			return TICKET_PDF_FONT;
		}
		memcpy(path, p, n);
		path[n] = '\0';
		p += n + (end != NULL);
		set = FcConfigGetFonts(f->fc, FcSetApplication);
		before = set != NULL ? set->nfont : 0;
		if (!FcConfigAppFontAddFile(f->fc, (const FcChar8 *)path) ||
		    (set = FcConfigGetFonts(f->fc, FcSetApplication)) == NULL ||
		    set->nfont <= before) {
			put_detail(detail, detail_len, "cannot load font %.200s", path);
			return TICKET_PDF_FONT;
		}
		if (FcPatternGetString(set->fonts[before], FC_FAMILY, 0, &fam) == FcResultMatch &&
		    strlen((const char *)fam) + 2 < sizeof(f->families) - used) {
			used += (size_t)snprintf(f->families + used, sizeof(f->families) - used,
						 "%s%s", used > 0 ? "," : "", (const char *)fam);
		}
	}
	if (used == 0) {
		put_detail(detail, detail_len, "no font in %.200s", list);
		return TICKET_PDF_FONT;
	}
	return TICKET_PDF_OK;
}

static void fonts_free(struct fonts *f)
{
	if (f->fc != NULL)
		FcConfigDestroy(f->fc);
	f->fc = NULL;
}

static int font_has(const struct fonts *f, unsigned int c)
{
	FcFontSet *set = FcConfigGetFonts(f->fc, FcSetApplication);

	for (int i = 0; set != NULL && i < set->nfont; i++) {
		FcCharSet *cs;

		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
		    FcCharSetHasChar(cs, c))
			return 1;
	}
	return 0;
}

/* Every character of every string of t is in one of the fonts; else the
 * first that is not goes to detail as U+XXXX. */
static int ticket_covered(const struct fonts *f, const cJSON *t, char *detail, size_t len)
{
	const cJSON *it;

	if (cJSON_IsString(t)) {
		const char *s = t->valuestring;
		size_t n = strlen(s), k;
		unsigned int c;

		while ((k = ncre_utf8_next(s, n, &c)) > 0) {
			if (c >= 0x20 && !font_has(f, c)) {
				put_detail(detail, len, "no glyph for U+%04X", c);
				return 0;
			}
			s += k;
			n -= k;
		}
		return 1;
	}
	cJSON_ArrayForEach(it, t)
		if (!ticket_covered(f, it, detail, len))
			return 0;
	return 1;
}

static const char *str_or(const cJSON *o, const char *key, const char *dflt)
{
	const char *v = ncre_json_str(o, key);

	return v != NULL ? v : dflt;
}

/* Lay s out at size points, wrapped at width points (<= 0: one line). */
static void set_text(struct pen *p, double size, double width, const char *s)
{
	pango_font_description_set_absolute_size(p->desc, size * PANGO_SCALE);
	pango_layout_set_font_description(p->lay, p->desc);
	pango_layout_set_width(p->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_text(p->lay, s, -1);
}

/* Draw the laid-out text with its first baseline at (x, y); its height. */
static double show(struct pen *p, double x, double y)
{
	int w, h;

	cairo_move_to(p->cr, x, y - (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE);
	pango_cairo_show_layout(p->cr, p->lay);
	pango_layout_get_size(p->lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double text_at(struct pen *p, double size, double x, double y, double width,
		      const char *s)
{
	set_text(p, size, width, s);
	return show(p, x, y);
}

static void text_centre(struct pen *p, double size, double y, const char *s)
{
	int w, h;

	set_text(p, size, 0, s);
	pango_layout_get_size(p->lay, &w, &h);
	(void)show(p, (PAGE_W - (double)w / PANGO_SCALE) / 2, y);
}

/* "label  value" at x, the value wrapped within right, then down. */
static void pair(struct pen *p, double x, double right, const char *label, const char *value)
{
	double h;

	(void)text_at(p, 12, x, p->y, 0, label);
	h = text_at(p, 12, x + LABEL_W, p->y, right - x - LABEL_W, value);
	p->y += h > LINE - 6 ? h + 6 : LINE;
}

static void rule(struct pen *p, double y)
{
	cairo_set_line_width(p->cr, 0.8);
	cairo_move_to(p->cr, MARGIN, y);
	cairo_line_to(p->cr, PAGE_W - MARGIN, y);
	cairo_stroke(p->cr);
}

/* The photo in its box, proportions kept; an empty frame without one. */
static void photo_box(struct pen *p, cairo_surface_t *img, double x, double y)
{
	if (img != NULL) {
		double iw = cairo_image_surface_get_width(img);
		double ih = cairo_image_surface_get_height(img);
		double sc = PHOTO_W / iw < PHOTO_H / ih ? PHOTO_W / iw : PHOTO_H / ih;

		cairo_save(p->cr);
		cairo_translate(p->cr, x + (PHOTO_W - iw * sc) / 2, y + (PHOTO_H - ih * sc) / 2);
		cairo_scale(p->cr, sc, sc);
		cairo_set_source_surface(p->cr, img, 0, 0);
		cairo_paint(p->cr);
		cairo_restore(p->cr);
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_set_line_width(p->cr, 0.8);
	cairo_rectangle(p->cr, x, y, PHOTO_W, PHOTO_H);
	cairo_stroke(p->cr);
}

static void subject_block(struct pen *p, const cJSON *sub)
{
	const double right = PAGE_W - MARGIN;
	char buf[400];
	long long seat = 0;

	rule(p, p->y - 16);
	pair(p, MARGIN, right, "准考证号", str_or(sub, "ticket_no", "-"));
	snprintf(buf, sizeof(buf), "(%s) %s", str_or(sub, "code", ""), str_or(sub, "name_zh", ""));
	pair(p, MARGIN, right, "考试科目", buf);
	snprintf(buf, sizeof(buf), "%s  %s-%s", str_or(sub, "date", "-"), str_or(sub, "start", ""),
		 str_or(sub, "end", ""));
	pair(p, MARGIN, right, "考试时间", buf);
	if (ncre_json_int(sub, "seat", &seat) != 0)
		seat = 0;
	(void)text_at(p, 12, MARGIN, p->y, 0, "考场");
	(void)text_at(p, 12, MARGIN + LABEL_W, p->y, 160, str_or(sub, "room", "-"));
	snprintf(buf, sizeof(buf), "%lld", seat);
	(void)text_at(p, 12, MARGIN + 240, p->y, 0, "座位号");
	(void)text_at(p, 12, MARGIN + 240 + LABEL_W - 20, p->y, 0, buf);
	p->y += LINE + 32;
}

static void draw(struct pen *p, const cJSON *t, cairo_surface_t *img)
{
	const cJSON *es = cJSON_GetObjectItemCaseSensitive(t, "exam_session");
	const cJSON *site = cJSON_GetObjectItemCaseSensitive(t, "site");
	const cJSON *subs = cJSON_GetObjectItemCaseSensitive(t, "subjects"), *sub;
	const double px = PAGE_W - MARGIN - PHOTO_W, right = px - 12;
	char buf[600];

	cairo_set_source_rgb(p->cr, 0, 0, 0);
	text_centre(p, 22, MARGIN + 10, "全国计算机等级考试准考证");
	text_centre(p, 12, MARGIN + 36, str_or(es, "name_zh", ""));
	photo_box(p, img, px, PHOTO_TOP);
	p->y = PHOTO_TOP + 14;
	pair(p, MARGIN, right, "姓名", str_or(t, "name", "-"));
	pair(p, MARGIN, right, "证件类型", str_or(t, "id_type_zh", "-"));
	pair(p, MARGIN, right, "证件号码", str_or(t, "id_number", "-"));
	snprintf(buf, sizeof(buf), "(%s) %s", str_or(site, "code", ""), str_or(site, "name_zh", ""));
	pair(p, MARGIN, right, "考点", buf);
	pair(p, MARGIN, right, "考次", str_or(es, "code", "-"));
	if (p->y < PHOTO_TOP + PHOTO_H + 40)
		p->y = PHOTO_TOP + PHOTO_H + 40;
	cJSON_ArrayForEach(sub, subs) {
		if (p->y > PAGE_H - BOTTOM) {
			cairo_show_page(p->cr);
			p->y = MARGIN + 16;
		}
		subject_block(p, sub);
	}
	rule(p, p->y - 16);
	(void)text_at(p, 10, MARGIN, p->y + 10, PAGE_W - 2 * MARGIN,
		      "考生须持本准考证和有效身份证件原件参加考试。考试日期与时间为北京时间。");
}

/*
 * The photo as a cairo image: pixels decoded by TurboJPEG, and the JPEG
 * itself attached as mime data so that the PDF carries it unchanged.
 */
static enum ticket_pdf_err photo_surface(const unsigned char *jpeg, size_t len,
					 cairo_surface_t **out)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const int pf = TJPF_BGRX;	/* CAIRO_FORMAT_RGB24 in memory order */
#else
	const int pf = TJPF_XRGB;
#endif
	tjhandle tj;
	int w = 0, h = 0, sub = 0, cs = 0, rc;
	cairo_surface_t *img;
	struct jpeg_copy *copy;

	*out = NULL;
	if (len > 0x7FFFFFFFu || (tj = tjInitDecompress()) == NULL)
		return TICKET_PDF_PHOTO;
	if (tjDecompressHeader3(tj, jpeg, (unsigned long)len, &w, &h, &sub, &cs) != 0 ||
	    w < 1 || h < 1 || w > MAX_PHOTO_SIDE || h > MAX_PHOTO_SIDE) {
		(void)tjDestroy(tj);
		return TICKET_PDF_PHOTO;
	}
	img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img);
		(void)tjDestroy(tj);
		return TICKET_PDF_NOMEM;
	}
	cairo_surface_flush(img);
	rc = tjDecompress2(tj, jpeg, (unsigned long)len, cairo_image_surface_get_data(img), w,
			   cairo_image_surface_get_stride(img), h, pf,
			   TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS);
	(void)tjDestroy(tj);
	cairo_surface_mark_dirty(img);
	copy = rc == 0 ? malloc(sizeof(*copy) + len) : NULL;
	if (copy == NULL) {
		explicit_bzero(cairo_image_surface_get_data(img),
			       (size_t)cairo_image_surface_get_stride(img) * (size_t)h);
		cairo_surface_destroy(img);
		return rc == 0 ? TICKET_PDF_NOMEM : TICKET_PDF_PHOTO;
	}
	copy->len = len;
	memcpy(copy->data, jpeg, len);
	if (cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG, copy->data, len,
					jpeg_copy_free, copy) != CAIRO_STATUS_SUCCESS) {
		jpeg_copy_free(copy);
		cairo_surface_destroy(img);
		return TICKET_PDF_NOMEM;
	}
	*out = img;
	return TICKET_PDF_OK;
}

static void photo_wipe(cairo_surface_t *img)
{
	if (img == NULL)
		return;
	cairo_surface_flush(img);
	explicit_bzero(cairo_image_surface_get_data(img),
		       (size_t)cairo_image_surface_get_stride(img) *
		       (size_t)cairo_image_surface_get_height(img));
	cairo_surface_destroy(img);
}

/* Draw the pages onto a PDF surface writing into sink. */
static enum ticket_pdf_err render(const cJSON *ticket, const struct fonts *f,
				  cairo_surface_t *img, struct sink *sink, char *detail,
				  size_t detail_len)
{
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(sink_write, sink, PAGE_W,
								    PAGE_H);
	PangoFontMap *map = NULL;
	PangoContext *ctx = NULL;
	cairo_font_options_t *opt = NULL;
	struct pen p = { 0 };
	cairo_status_t st;

	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, "NCRE admission ticket");
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "ncre-kiosk");
	p.cr = cairo_create(pdf);
	map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (map != NULL) {
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), f->fc);
		ctx = pango_font_map_create_context(map);
	}
	opt = cairo_font_options_create();
	p.desc = pango_font_description_from_string(f->families);
	if (ctx != NULL && p.desc != NULL) {
		/* Outlines as designed: no hinting on paper. */
		cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
		cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
		pango_cairo_context_set_font_options(ctx, opt);
		pango_cairo_update_context(p.cr, ctx);
		p.lay = pango_layout_new(ctx);
		pango_layout_set_wrap(p.lay, PANGO_WRAP_WORD_CHAR);
		draw(&p, ticket, img);
	}
	st = cairo_status(p.cr);
	if (p.lay != NULL)
		g_object_unref(p.lay);
	if (p.desc != NULL)
		pango_font_description_free(p.desc);
	cairo_font_options_destroy(opt);
	if (ctx != NULL)
		g_object_unref(ctx);
	cairo_destroy(p.cr);
	if (map != NULL) {
		/* pango 1.50 keeps the reference set_config took when the map
		 * is finalised: hand it back first, or every ticket leaks the
		 * fonts' patterns and character sets. */
		pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(map));
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), NULL);
		g_object_unref(map);
	}
	cairo_surface_finish(pdf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(pdf);
	cairo_surface_destroy(pdf);
	if (sink->nomem)
		return TICKET_PDF_NOMEM;
	if (ctx == NULL || st != CAIRO_STATUS_SUCCESS || sink->pdf.len == 0) {
		put_detail(detail, detail_len, "cairo: %s",
			   st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) :
			   "no pango context");
		return st == CAIRO_STATUS_NO_MEMORY ? TICKET_PDF_NOMEM : TICKET_PDF_CAIRO;
	}
	return TICKET_PDF_OK;
}

enum ticket_pdf_err ticket_pdf_build(const cJSON *ticket, const unsigned char *jpeg,
				     size_t jpeg_len, const char *fonts,
				     struct ticket_pdf *out, char *detail, size_t detail_len)
{
	struct fonts f = { 0 };
	struct sink sink = { .pdf = NCRE_BUF_INIT(SIZE_MAX, 64 * 1024), .nomem = 0 };
	cairo_surface_t *img = NULL;
	enum ticket_pdf_err rc;

	out->buf = NULL;
	out->len = 0;
	if (detail != NULL && detail_len > 0)
		detail[0] = '\0';
	if (!cJSON_IsObject(ticket) || ncre_json_str(ticket, "name") == NULL ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(ticket, "subjects")))
		return TICKET_PDF_BAD_TICKET;
	/* Loaded here rather than only in pango's start-up thread, so that
	 * ticket_pdf_cleanup never meets a half-made configuration. */
	if (!FcInit())
		return TICKET_PDF_FONT;
	rc = fonts_load(&f, fonts != NULL ? fonts : NCRE_TICKET_FONTS, detail, detail_len);
	if (rc == TICKET_PDF_OK && !ticket_covered(&f, ticket, detail, detail_len))
		rc = TICKET_PDF_NO_GLYPH;
	if (rc == TICKET_PDF_OK && jpeg != NULL && jpeg_len > 0)
		rc = photo_surface(jpeg, jpeg_len, &img);
	if (rc == TICKET_PDF_OK)
		rc = render(ticket, &f, img, &sink, detail, detail_len);
	photo_wipe(img);
	fonts_free(&f);
	if (rc != TICKET_PDF_OK) {
		ncre_buf_wipe(&sink.pdf);
		return rc;
	}
	out->buf = (unsigned char *)ncre_buf_take(&sink.pdf, &out->len);
	return TICKET_PDF_OK;
}

void ticket_pdf_free(struct ticket_pdf *p)
{
	if (p->buf != NULL) {
		explicit_bzero(p->buf, p->len);
		free(p->buf);
	}
	p->buf = NULL;
	p->len = 0;
}

void ticket_pdf_cleanup(void)
{
	FcFini();
}

