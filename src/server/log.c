/*
 * Log lines for the journal or a plain standard error (log.h).
 * JOURNAL_STREAM is "DEVICE:INODE" of the stream systemd connected; it is
 * trusted only when standard error is that very stream (a child whose
 * stderr was redirected inherits the variable but not the stream).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

static struct {
	bool journal;
} log_state;

void log_init(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	uintmax_t dev, ino;
	struct stat sb;
	char tail;

	log_state.journal = false;
	if (js == NULL || sscanf(js, "%ju:%ju%c", &dev, &ino, &tail) != 2)
		return;
	if (fstat(STDERR_FILENO, &sb) != 0)
		return;
	log_state.journal = (uintmax_t)sb.st_dev == dev && (uintmax_t)sb.st_ino == ino;
}

bool log_journal(void)
{
	return log_state.journal;
}

void log_msg(enum log_prio prio, const char *fmt, ...)
{
	char msg[2560], line[4 * sizeof(msg) + 8];
	size_t len = 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (log_state.journal)
		len = (size_t)snprintf(line, sizeof(line), "<%d>", (int)prio);
	for (const unsigned char *p = (const unsigned char *)msg; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "\\x%02x", *p);
		else
			line[len++] = (char)*p;
	}
	line[len++] = '\n';
	if (write(STDERR_FILENO, line, len) < 0) {
		/* nowhere left to report it */
	}
}
