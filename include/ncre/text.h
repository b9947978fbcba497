/*
 * UTF-8 text measured in terminal columns, never bytes. Needs a UTF-8
 * LC_CTYPE locale (setlocale) for wcwidth to know CJK widths.
 */
#ifndef NCRE_TEXT_H
#define NCRE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Number of characters (code points) in s; broken bytes count one each. */
size_t ncre_utf8_chars(const char *s);

/* Display width of s in columns; broken bytes and unprintables count 1. */
int ncre_utf8_width(const char *s);

/* Bytes of s's longest prefix that fits in cols columns (whole characters). */
size_t ncre_utf8_fit(const char *s, int cols);

/* Decode one character at s (length n); returns bytes used (>=1) and sets *wc
 * (U+FFFD for broken input), or 0 at end of string. */
size_t ncre_utf8_next(const char *s, size_t n, unsigned int *wc);

/* True for Unicode white space, including the ideographic space U+3000 and
 * the zero-width ones that make text look empty. */
bool ncre_unicode_is_space(unsigned int c);

/* True when s is NULL, empty, or nothing but white space. */
bool ncre_utf8_is_blank(const char *s);

/* len bytes of strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
bool ncre_utf8_valid(const char *text, size_t len);

#endif
