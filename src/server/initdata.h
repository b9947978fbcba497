/*
 * Loading exam data (exam session, provinces, subjects, sites with their
 * subjects, tips, agreement, staff without passwords) from a JSON file such
 * as data/demo.json: into an empty database at start (--init-data;
 * idempotent, nothing happens once an exam session exists), or as a further
 * exam session (ncre-server import).
 */
#ifndef SRV_INITDATA_H
#define SRV_INITDATA_H

#include <stddef.h>
#include <time.h>

#include "store.h"

/*
 * Load path when the database has no exam session yet. Window times may be
 * absolute ("2026-11-17T00:00:00Z") or relative to now: "+30d"/"-7d" count
 * days from the start of today in China Standard Time, "+12h" hours from
 * now. Returns 1 when loaded, 0 when data was already there, -1 with err.
 */
int initdata_load(struct store *store, const char *path, time_t now, char *err, size_t errlen);

/*
 * Load path as a new exam session whatever the database holds already
 * (ncre-server import): it becomes the current one. An exam session of the
 * same code is refused. Returns 1, or -1 with err; nothing is written on
 * failure.
 */
int initdata_import(struct store *store, const char *path, time_t now, char *err,
		    size_t errlen);

/* Parse a window time as described above; 0 or -1. */
int initdata_parse_time(const char *s, time_t now, time_t *out);

#endif
