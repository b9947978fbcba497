/*
 * The admission ticket as an A4 PDF (ticket-pdf.h). libharu reports
 * errors through a callback; as in its demos, the callback longjmps back
 * to ticket_pdf_build, which frees the document and says what failed.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>

#include "ncre/json.h"
#include "ticket-pdf.h"

/* A4 in points, and the layout. */
#define PAGE_W 595.0f
#define PAGE_H 842.0f
#define MARGIN 56.0f
#define PHOTO_W 120.0f
#define PHOTO_H 160.0f
#define LABEL_W 78.0f
#define BLOCK_H 104.0f
#define BOTTOM 110.0f

struct ctx {
	jmp_buf jb;
	HPDF_STATUS err, detail;
};

struct pen {
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font font;
	float y;
};

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *ud)
{
	struct ctx *c = ud;

	c->err = err;
	c->detail = detail;
	longjmp(c->jb, 1);
}

/* True when s is valid UTF-8 with nothing above U+FFFF (libharu's limit). */
static int utf8_bmp_only(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (*p >= 0xF0)		/* a 4-byte sequence: U+10000 and above */
			return 0;
	return 1;
}

static const char *str_or(const cJSON *o, const char *key, const char *dflt)
{
	const char *v = ncre_json_str(o, key);

	return v != NULL ? v : dflt;
}

/* Every string of the ticket that goes on paper, checked for the BMP. */
static int ticket_bmp_only(const cJSON *t)
{
	const cJSON *it;

	if (cJSON_IsString(t))
		return utf8_bmp_only(t->valuestring);
	cJSON_ArrayForEach(it, t)
		if (!ticket_bmp_only(it))
			return 0;
	return 1;
}

static void text_at(struct pen *p, float size, float x, float y, const char *s)
{
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font, size);
	HPDF_Page_TextOut(p->page, x, y, s);
	HPDF_Page_EndText(p->page);
}

static void text_centre(struct pen *p, float size, float y, const char *s)
{
	float w;

	HPDF_Page_SetFontAndSize(p->page, p->font, size);
	w = HPDF_Page_TextWidth(p->page, s);
	text_at(p, size, (PAGE_W - w) / 2, y, s);
}

/* "label  value" on one line at x, then down a line. */
static void pair(struct pen *p, float x, const char *label, const char *value)
{
	text_at(p, 12, x, p->y, label);
	text_at(p, 12, x + LABEL_W, p->y, value);
	p->y -= 24;
}

static void rule(struct pen *p, float y)
{
	HPDF_Page_SetLineWidth(p->page, 0.8f);
	HPDF_Page_MoveTo(p->page, MARGIN, y);
	HPDF_Page_LineTo(p->page, PAGE_W - MARGIN, y);
	HPDF_Page_Stroke(p->page);
}

static void new_page(struct pen *p)
{
	p->page = HPDF_AddPage(p->pdf);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->y = PAGE_H - MARGIN;
}

/* The photo in its box, proportions kept; an empty frame without one. */
static void photo_box(struct pen *p, HPDF_Image img, float x, float y)
{
	HPDF_Page_SetLineWidth(p->page, 0.8f);
	HPDF_Page_Rectangle(p->page, x, y, PHOTO_W, PHOTO_H);
	HPDF_Page_Stroke(p->page);
	if (img != NULL) {
		float iw = (float)HPDF_Image_GetWidth(img), ih = (float)HPDF_Image_GetHeight(img);
		float sc = PHOTO_W / iw < PHOTO_H / ih ? PHOTO_W / iw : PHOTO_H / ih;
		float w = iw * sc, h = ih * sc;

		HPDF_Page_DrawImage(p->page, img, x + (PHOTO_W - w) / 2, y + (PHOTO_H - h) / 2, w, h);
	}
}

static void subject_block(struct pen *p, const cJSON *sub)
{
	char buf[400];
	long long seat = 0;

	rule(p, p->y + 16);
	pair(p, MARGIN, "准考证号", str_or(sub, "ticket_no", "-"));
	snprintf(buf, sizeof(buf), "(%s) %s", str_or(sub, "code", ""), str_or(sub, "name_zh", ""));
	pair(p, MARGIN, "考试科目", buf);
	snprintf(buf, sizeof(buf), "%s  %s-%s", str_or(sub, "date", "-"), str_or(sub, "start", ""),
		 str_or(sub, "end", ""));
	pair(p, MARGIN, "考试时间", buf);
	if (ncre_json_int(sub, "seat", &seat) != 0)
		seat = 0;
	snprintf(buf, sizeof(buf), "%s", str_or(sub, "room", "-"));
	text_at(p, 12, MARGIN, p->y, "考场");
	text_at(p, 12, MARGIN + LABEL_W, p->y, buf);
	snprintf(buf, sizeof(buf), "%lld", seat);
	text_at(p, 12, MARGIN + 240, p->y, "座位号");
	text_at(p, 12, MARGIN + 240 + LABEL_W - 20, p->y, buf);
	p->y -= BLOCK_H - 72;
}

static void draw(struct pen *p, const cJSON *t, HPDF_Image img)
{
	const cJSON *es = cJSON_GetObjectItemCaseSensitive(t, "exam_session");
	const cJSON *site = cJSON_GetObjectItemCaseSensitive(t, "site");
	const cJSON *subs = cJSON_GetObjectItemCaseSensitive(t, "subjects"), *sub;
	char buf[600];

	new_page(p);
	text_centre(p, 22, p->y - 10, "全国计算机等级考试准考证");
	text_centre(p, 12, p->y - 36, str_or(es, "name_zh", ""));
	p->y -= 90;
	photo_box(p, img, PAGE_W - MARGIN - PHOTO_W, p->y - PHOTO_H + 14);
	pair(p, MARGIN, "姓名", str_or(t, "name", "-"));
	pair(p, MARGIN, "证件类型", str_or(t, "id_type_zh", "-"));
	pair(p, MARGIN, "证件号码", str_or(t, "id_number", "-"));
	snprintf(buf, sizeof(buf), "(%s) %s", str_or(site, "code", ""), str_or(site, "name_zh", ""));
	pair(p, MARGIN, "考点", buf);
	snprintf(buf, sizeof(buf), "%s", str_or(es, "code", "-"));
	pair(p, MARGIN, "考次", buf);
	p->y = PAGE_H - MARGIN - 90 - PHOTO_H - 30;
	cJSON_ArrayForEach(sub, subs) {
		if (p->y < BOTTOM)
			new_page(p);
		subject_block(p, sub);
	}
	rule(p, p->y + 16);
	text_at(p, 10, MARGIN, p->y - 10,
		"考生须持本准考证和有效身份证件原件参加考试。考试日期与时间为北京时间。");
}

static enum ticket_pdf_err read_out(HPDF_Doc pdf, struct ticket_pdf *out)
{
	HPDF_UINT32 size;

	if (HPDF_SaveToStream(pdf) != HPDF_OK)
		return TICKET_PDF_LIBHARU;
	size = HPDF_GetStreamSize(pdf);
	if (size == 0)
		return TICKET_PDF_LIBHARU;
	out->buf = malloc(size);
	if (out->buf == NULL)
		return TICKET_PDF_NOMEM;
	if (HPDF_GetContents(pdf, out->buf, &size) != HPDF_OK)
		return TICKET_PDF_LIBHARU;
	out->len = size;
	return TICKET_PDF_OK;
}

enum ticket_pdf_err ticket_pdf_build(const cJSON *ticket, const unsigned char *jpeg,
				     size_t jpeg_len, const char *font_path,
				     struct ticket_pdf *out, char *detail, size_t detail_len)
{
	struct ctx c = { .err = 0, .detail = 0 };
	HPDF_Doc volatile pdf = NULL;
	volatile enum ticket_pdf_err stage = TICKET_PDF_LIBHARU;
	enum ticket_pdf_err rc;
	struct pen p;
	HPDF_Image volatile img = NULL;
	const char *fname;

	out->buf = NULL;
	out->len = 0;
	if (detail != NULL && detail_len > 0)
		detail[0] = '\0';
	if (!cJSON_IsObject(ticket) || ncre_json_str(ticket, "name") == NULL ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(ticket, "subjects")))
		return TICKET_PDF_BAD_TICKET;
	if (!ticket_bmp_only(ticket))
		return TICKET_PDF_BEYOND_BMP;
	if (jpeg_len > 0xFFFFFFFFu)
		return TICKET_PDF_PHOTO;
	pdf = HPDF_New(on_error, &c);
	if (pdf == NULL)
		return TICKET_PDF_NOMEM;
	if (setjmp(c.jb) != 0) {
		rc = c.err == HPDF_FAILD_TO_ALLOC_MEM ? TICKET_PDF_NOMEM : stage;
		if (detail != NULL && detail_len > 0)
			snprintf(detail, detail_len, "libharu error 0x%04X, detail %u",
				 (unsigned)c.err, (unsigned)c.detail);
		HPDF_Free(pdf);
		ticket_pdf_free(out);
		return rc;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, "NCRE admission ticket");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "ncre-kiosk");
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	stage = TICKET_PDF_FONT;
	fname = HPDF_LoadTTFontFromFile(pdf, font_path != NULL ? font_path : NCRE_TICKET_FONT,
					HPDF_TRUE);
	p = (struct pen){ .pdf = pdf, .font = HPDF_GetFont(pdf, fname, "UTF-8") };
	stage = TICKET_PDF_PHOTO;
	if (jpeg != NULL && jpeg_len > 0)
		img = HPDF_LoadJpegImageFromMem(pdf, jpeg, (HPDF_UINT)jpeg_len);
	stage = TICKET_PDF_LIBHARU;
	draw(&p, ticket, img);
	rc = read_out(pdf, out);
	HPDF_Free(pdf);
	if (rc != TICKET_PDF_OK)
		ticket_pdf_free(out);
	return rc;
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

const char *ticket_pdf_strerror(enum ticket_pdf_err e)
{
	switch (e) {
	case TICKET_PDF_OK: return "ok";
	case TICKET_PDF_BAD_TICKET: return "not a ticket object";
	case TICKET_PDF_BEYOND_BMP: return "a character above U+FFFF (CJK Extension B) "
					   "cannot be printed with libharu 2.3.0";
	case TICKET_PDF_FONT: return "the ticket font could not be loaded";
	case TICKET_PDF_PHOTO: return "the photo could not be embedded";
	case TICKET_PDF_NOMEM: return "out of memory";
	case TICKET_PDF_LIBHARU: break;
	}
	return "the PDF could not be made";
}
