/*
 * Where the kiosk's own files are: its programs and modules (ncre-kiosk-net,
 * ncre-ticket-pdf.so) in NCRE_LIBDIR, its data in the installed places; a
 * development build (DEVPATHS=1) looks beside the executable (the build
 * tree) first.
 */
#ifndef KIOSK_LIBDIR_H
#define KIOSK_LIBDIR_H

#include <stddef.h>

/* The path of NAME into out: 0, or -1 when it does not fit. */
int libdir_path(const char *name, char *out, size_t outsz);

/* In a development build, "<folder of the executable>/REL" into out when it
 * exists: 0; otherwise (or in an installed build) -1. */
int libdir_dev(const char *rel, char *out, size_t outsz);

#endif
