/*
 * Small helpers over cJSON for reading fields without repeating type checks.
 */
#ifndef NCRE_JSON_H
#define NCRE_JSON_H

#include <stdbool.h>
#include <cjson/cJSON.h>

/* String member, or NULL when missing or not a string. */
const char *ncre_json_str(const cJSON *obj, const char *key);
/* Integer member; returns 0 and sets *out, -1 when missing/not integral. */
int ncre_json_int(const cJSON *obj, const char *key, long long *out);
/* Boolean member, or dflt when missing or not a boolean. */
bool ncre_json_bool(const cJSON *obj, const char *key, bool dflt);
/* Add a string member, or null when value is NULL; returns 0 or -1 on OOM. */
int ncre_json_add_str(cJSON *obj, const char *key, const char *value);
/* Print compactly; caller frees with cJSON_free. NULL on OOM. */
char *ncre_json_print(const cJSON *obj);

/*
 * cJSON's memory from here on (call it first thing in main, before any
 * cJSON use): every block cJSON frees is wiped, and the small ones (up to
 * 256 bytes: the nodes and strings of a tree) wait in a cache of the
 * thread for the next tree instead of going back to malloc, up to about
 * half a megabyte a thread. A thread's end frees its cache. Built with
 * AddressSanitizer, nothing is cached, so it still sees every use after
 * free.
 */
void ncre_json_memory_init(void);
/* Free the calling thread's cached blocks (main's, before exit). */
void ncre_json_memory_release(void);

#endif
