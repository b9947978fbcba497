/*
 * Word wrap measured in terminal columns (pure, no curses): Chinese text
 * breaks between any two characters, Latin text after spaces, and a
 * newline always ends a line. Used for the agreement, the summary
 * sentence, notices and dialog messages.
 */
#ifndef KIOSK_WRAP_H
#define KIOSK_WRAP_H

#include <stddef.h>

struct wrap_line {
	size_t off;                  /* byte offset of the line in the text */
	size_t len;                  /* bytes, trailing spaces dropped */
};

/*
 * Break text into lines of at most cols columns (cols >= 2). Fills up to
 * max entries of lines (which may be NULL when max is 0) and returns how
 * many lines the text needs, so a caller can count first and then fill.
 */
size_t wrap_text(const char *text, int cols, struct wrap_line *lines, size_t max);

#endif
