/*
 * Where the kiosk's own programs and modules are (ncre-kiosk-net,
 * ncre-ticket-pdf.so): NCRE_LIBDIR when installed; a development build
 * (DEVPATHS=1) looks beside the executable (the build tree) first.
 */
#ifndef KIOSK_LIBDIR_H
#define KIOSK_LIBDIR_H

#include <stddef.h>

/* The path of NAME into out: 0, or -1 when it does not fit. */
int libdir_path(const char *name, char *out, size_t outsz);

#endif
