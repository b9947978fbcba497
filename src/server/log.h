/*
 * The server's log lines, one write(2) each on standard error.
 *
 * Under systemd (JOURNAL_STREAM names standard error's device and inode)
 * a line starts with its sd-daemon priority, "<3>" error, "<4>" warning,
 * "<6>" information, and carries no time of its own: the journal stamps
 * it. Elsewhere lines are as they always were (the request line keeps its
 * time).
 */
#ifndef SRV_LOG_H
#define SRV_LOG_H

#include <stdbool.h>

enum log_prio {
	LOG_PRIO_ERR = 3,
	LOG_PRIO_WARNING = 4,
	LOG_PRIO_INFO = 6
};

/* Decide from JOURNAL_STREAM and standard error where lines go; called
 * once at start (and again by tests after changing either). */
void log_init(void);

/* Whether standard error is the journal's stream. */
bool log_journal(void);

/* One line (a trailing newline is added); control characters in the
 * formatted text are escaped as \xNN so a line stays one line. */
void log_msg(enum log_prio prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
