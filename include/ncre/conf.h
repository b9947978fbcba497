/*
 * "key = value" configuration files shared by server and kiosk. Lines
 * starting with # are comments; blank lines are ignored; whitespace
 * around key and value is trimmed; values may be wrapped in double quotes.
 */
#ifndef NCRE_CONF_H
#define NCRE_CONF_H

#include <stddef.h>

/* Called for each key; return 0 to go on or -1 to stop with an error
 * (then write the reason to err). */
typedef int (*ncre_conf_cb)(void *ud, const char *key, const char *value,
			    char *err, size_t errlen);

/* Parse path; returns 0, or -1 with "path:line: reason" in err. */
int ncre_conf_load(const char *path, ncre_conf_cb cb, void *ud,
		   char *err, size_t errlen);

#endif
