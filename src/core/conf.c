/*
 * "key = value" files for ncre-server and ncre-kiosk. The parser only
 * splits lines; the callback decides what each key means.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "ncre/conf.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Trim white space at both ends in place; returns the new start. */
static char *trim(char *s)
{
	size_t len;

	while (is_blank(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_blank(s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* Parse one line; returns 0, or -1 with the reason (no location) in reason. */
static int parse_line(char *line, ncre_conf_cb cb, void *ud, char *reason, size_t reasonlen)
{
	char *key, *value, *eq;
	size_t vlen;

	key = trim(line);
	if (*key == '\0' || *key == '#')
		return 0;
	eq = strchr(key, '=');
	if (eq == NULL) {
		snprintf(reason, reasonlen, "missing '='");
		return -1;
	}
	*eq = '\0';
	key = trim(key);
	value = trim(eq + 1);
	if (*key == '\0') {
		snprintf(reason, reasonlen, "empty key");
		return -1;
	}
	vlen = strlen(value);
	if (vlen > 0 && value[0] == '"') {
		if (vlen < 2 || value[vlen - 1] != '"') {
			snprintf(reason, reasonlen, "unterminated quote");
			return -1;
		}
		value[vlen - 1] = '\0';
		value++;
	}
	reason[0] = '\0';
	if (cb != NULL && cb(ud, key, value, reason, reasonlen) != 0) {
		if (reason[0] == '\0')
			snprintf(reason, reasonlen, "bad value for '%s'", key);
		return -1;
	}
	return 0;
}

int ncre_conf_load(const char *path, ncre_conf_cb cb, void *ud, char *err, size_t errlen)
{
	char reason[512], ebuf[128];
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	int rc = -1;
	FILE *f;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (path == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "(null): no configuration file given");
		return -1;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: %s", path, strerror_r(errno, ebuf, sizeof(ebuf)));
		return -1;
	}
	for (;;) {
		ssize_t got;

		errno = 0;
		got = getline(&line, &cap, f);
		if (got < 0) {
			if (ferror(f) || errno == ENOMEM) {
				if (err != NULL && errlen > 0)
					snprintf(err, errlen, "%s:%lu: %s", path, lineno + 1,
						 strerror_r(errno != 0 ? errno : EIO, ebuf, sizeof(ebuf)));
				goto out;
			}
			break;	/* end of file */
		}
		lineno++;
		if ((size_t)got != strlen(line)) {
			if (err != NULL && errlen > 0)
				snprintf(err, errlen, "%s:%lu: NUL byte in line", path, lineno);
			goto out;
		}
		if (parse_line(line, cb, ud, reason, sizeof(reason)) != 0) {
			if (err != NULL && errlen > 0)
				snprintf(err, errlen, "%s:%lu: %s", path, lineno, reason);
			goto out;
		}
	}
	rc = 0;
out:
	free(line);
	if (fclose(f) != 0 && rc == 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: %s", path, strerror_r(errno, ebuf, sizeof(ebuf)));
		rc = -1;
	}
	return rc;
}
