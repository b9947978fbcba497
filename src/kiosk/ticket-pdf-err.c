/* The reasons of ticket-pdf.h, in the kiosk and in the ticket module alike. */
#include "ticket-pdf.h"

const char *ticket_pdf_strerror(enum ticket_pdf_err e)
{
	switch (e) {
	case TICKET_PDF_OK: return "ok";
	case TICKET_PDF_BAD_TICKET: return "not a ticket object";
	case TICKET_PDF_NO_GLYPH: return "a character is in none of the ticket fonts";
	case TICKET_PDF_FONT: return "a ticket font could not be loaded";
	case TICKET_PDF_PHOTO: return "the photo could not be embedded";
	case TICKET_PDF_NOMEM: return "out of memory";
	case TICKET_PDF_MODULE: return "the ticket module could not be loaded";
	case TICKET_PDF_CAIRO: break;
	}
	return "the PDF could not be made";
}
