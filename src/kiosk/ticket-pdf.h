/*
 * The admission ticket (准考证, R-TKT-02) as an A4 PDF, built in memory with
 * cairo and pango from the ticket object of GET /v1/registration/ticket and
 * the photo's JPEG bytes. No curses: the unit test calls it directly.
 *
 * Text is laid out by pango from a private fontconfig set holding only the
 * ticket's fonts (by default HanaMinA, the basic plane with CJK Extension A,
 * and HanaMinB, the supplementary plane with Extensions B and later), so
 * every name prints with the same glyphs on every kiosk whatever else is
 * installed: 䶮 U+4DAE, 㛃 U+36C3 and 𠀀 U+20000 alike. cairo embeds the
 * glyphs used as font subsets with a ToUnicode map, so the text can also
 * be copied and searched. A character that none of the fonts has is
 * refused with TICKET_PDF_NO_GLYPH rather than printed as an empty box.
 *
 * ticket-pdf.c is built as a module of its own (ncre-ticket-pdf.so); the
 * kiosk's ticket-module.c loads it at the first ticket and forwards these
 * calls, so a kiosk that prints nothing never maps cairo, pango or
 * fontconfig. The unit test and the bench link ticket-pdf.c directly.
 */
#ifndef KIOSK_TICKET_PDF_H
#define KIOSK_TICKET_PDF_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* The default font list: files separated by ':', tried in this order. */
#ifndef NCRE_TICKET_FONTS
#define NCRE_TICKET_FONTS "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf:" \
			  "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
#endif

enum ticket_pdf_err {
	TICKET_PDF_OK = 0,
	TICKET_PDF_BAD_TICKET,		/* not the object the protocol promises */
	TICKET_PDF_NO_GLYPH,		/* a character none of the fonts has */
	TICKET_PDF_FONT,		/* a font file could not be loaded */
	TICKET_PDF_PHOTO,		/* the JPEG could not be embedded */
	TICKET_PDF_NOMEM,
	TICKET_PDF_CAIRO,		/* any other cairo or pango failure */
	TICKET_PDF_MODULE		/* the kiosk's ticket module could not be loaded */
};

struct ticket_pdf {
	unsigned char *buf;		/* the PDF; ticket_pdf_free wipes and frees */
	size_t len;
};

/*
 * Build the PDF of ticket (the "ticket" object, not its envelope) with the
 * photo jpeg (may be NULL: the box stays empty) and the fonts listed in
 * fonts (files separated by ':'; NULL: NCRE_TICKET_FONTS). On failure out
 * is empty and, when detail is not NULL, what failed is written there (the
 * font file, the missing code point, cairo's status).
 */
enum ticket_pdf_err ticket_pdf_build(const cJSON *ticket, const unsigned char *jpeg,
				     size_t jpeg_len, const char *fonts,
				     struct ticket_pdf *out, char *detail, size_t detail_len);
void ticket_pdf_free(struct ticket_pdf *p);

/*
 * Release the process-wide fontconfig configuration that pango loads (in a
 * thread of its own) beside the ticket's private fonts. Once, at exit,
 * after the last ticket; harmless when no ticket was made.
 */
void ticket_pdf_cleanup(void);

/* A short English reason (the screens translate their own words). */
const char *ticket_pdf_strerror(enum ticket_pdf_err e);

#endif
