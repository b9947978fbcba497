/*
 * The admission ticket (准考证, R-TKT-02) as an A4 PDF, built in memory with
 * libharu from the ticket object of GET /v1/registration/ticket and the
 * photo's JPEG bytes. No curses: the unit test calls it directly.
 *
 * Text goes through libharu's UTF-8 encoder with an embedded TrueType CJK
 * font (HanaMinA: the BMP including Extension A, so 䶮 U+4DAE and 㛃 print).
 * libharu 2.3.0 cannot draw code points above U+FFFF (HPDF_UNICODE is 16
 * bits and its TrueType loader reads only the BMP cmap), so a ticket with
 * a CJK Extension B character is refused with TICKET_PDF_BEYOND_BMP rather
 * than printed with the character silently missing.
 */
#ifndef KIOSK_TICKET_PDF_H
#define KIOSK_TICKET_PDF_H

#include <stddef.h>
#include <cjson/cJSON.h>

#ifndef NCRE_TICKET_FONT
#define NCRE_TICKET_FONT "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"
#endif

enum ticket_pdf_err {
	TICKET_PDF_OK = 0,
	TICKET_PDF_BAD_TICKET,		/* not the object the protocol promises */
	TICKET_PDF_BEYOND_BMP,		/* a character above U+FFFF (CJK Ext-B) */
	TICKET_PDF_FONT,		/* the font file could not be loaded */
	TICKET_PDF_PHOTO,		/* the JPEG could not be embedded */
	TICKET_PDF_NOMEM,
	TICKET_PDF_LIBHARU		/* any other libharu failure */
};

struct ticket_pdf {
	unsigned char *buf;		/* the PDF; ticket_pdf_free wipes and frees */
	size_t len;
};

/*
 * Build the PDF of ticket (the "ticket" object, not its envelope) with the
 * photo jpeg (may be NULL: the box stays empty) and the TrueType font at
 * font_path (NULL: NCRE_TICKET_FONT). On failure out is empty and, when
 * detail is not NULL, the libharu error numbers are written there.
 */
enum ticket_pdf_err ticket_pdf_build(const cJSON *ticket, const unsigned char *jpeg,
				     size_t jpeg_len, const char *font_path,
				     struct ticket_pdf *out, char *detail, size_t detail_len);
void ticket_pdf_free(struct ticket_pdf *p);

/* A short English reason (the screens translate their own words). */
const char *ticket_pdf_strerror(enum ticket_pdf_err e);

#endif
