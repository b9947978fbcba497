/*
 * The admission ticket's PDF comes from a module loaded when the first
 * ticket is printed (ncre-ticket-pdf.so, built from ticket-pdf.c): cairo,
 * pango, fontconfig, freetype and harfbuzz are then mapped only by a kiosk
 * that prints, and a kiosk starts and leaves without them. These are the
 * kiosk's ticket_pdf_* (ticket-pdf.h), forwarding to the module's.
 *
 * The module is looked for in NCRE_LIBDIR (installed); a development
 * build (DEVPATHS=1) looks beside the executable (the build tree) first
 * (libdir.c). It stays loaded until the process ends: glib, under pango,
 * cannot be unloaded.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libdir.h"
#include "ticket-pdf.h"

#define TICKET_MODULE "ncre-ticket-pdf.so"

typedef enum ticket_pdf_err (*ticket_build_fn)(const cJSON *, const unsigned char *, size_t,
					       const char *, struct ticket_pdf *, char *, size_t);
typedef void (*ticket_free_fn)(struct ticket_pdf *);
typedef void (*ticket_cleanup_fn)(void);

/* The module's entry points; all NULL until it is loaded. One UI thread uses them. */
static struct {
	void *handle;
	ticket_build_fn build;
	ticket_free_fn release;
	ticket_cleanup_fn cleanup;
	char error[200];	/* why it could not be loaded */
} ticket_module;

/* Load the module once; false (with ticket_module.error) when it cannot be. */
static bool ticket_module_load(void)
{
	char path[PATH_MAX + 32];
	const char *err;

	if (ticket_module.build != NULL)
		return true;
	if (libdir_path(TICKET_MODULE, path, sizeof(path)) == 0 && access(path, R_OK) == 0)
		ticket_module.handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (ticket_module.handle == NULL) {
		err = dlerror();
		snprintf(ticket_module.error, sizeof(ticket_module.error), "%s: %s",
			 TICKET_MODULE, err != NULL ? err : "not found");
		return false;
	}
	/* POSIX: a function pointer travels through void *. */
	*(void **)&ticket_module.build = dlsym(ticket_module.handle, "ticket_pdf_build");
	*(void **)&ticket_module.release = dlsym(ticket_module.handle, "ticket_pdf_free");
	*(void **)&ticket_module.cleanup = dlsym(ticket_module.handle, "ticket_pdf_cleanup");
	if (ticket_module.build == NULL || ticket_module.release == NULL ||
	    ticket_module.cleanup == NULL) {
		snprintf(ticket_module.error, sizeof(ticket_module.error),
			 "%s: not a ticket module", TICKET_MODULE);
		ticket_module.build = NULL;
		ticket_module.release = NULL;
		ticket_module.cleanup = NULL;
		return false;
	}
	return true;
}

enum ticket_pdf_err ticket_pdf_build(const cJSON *ticket, const unsigned char *jpeg,
				     size_t jpeg_len, const char *fonts,
				     struct ticket_pdf *out, char *detail, size_t detail_len)
{
	out->buf = NULL;
	out->len = 0;
	if (!ticket_module_load()) {
		if (detail != NULL && detail_len > 0)
			snprintf(detail, detail_len, "%s", ticket_module.error);
		return TICKET_PDF_MODULE;
	}
	return ticket_module.build(ticket, jpeg, jpeg_len, fonts, out, detail, detail_len);
}

void ticket_pdf_free(struct ticket_pdf *p)
{
	if (ticket_module.release != NULL)
		ticket_module.release(p);
}

void ticket_pdf_cleanup(void)
{
	if (ticket_module.cleanup != NULL)
		ticket_module.cleanup();
}
