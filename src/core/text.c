/*
 * UTF-8 decoding and measuring in terminal columns. The decoder is strict
 * (no overlong forms, no surrogates, nothing above U+10FFFF) and replaces
 * each broken byte with U+FFFD so that text never stops at a bad byte.
 */
#include <stddef.h>
#include <string.h>
#include <wchar.h>

#include "ncre/text.h"

#define REPLACEMENT 0xFFFDu

size_t ncre_utf8_next(const char *s, size_t n, unsigned int *wc)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp, min;
	size_t len;

	if (s == NULL || n == 0 || p[0] == '\0')
		return 0;
	if (p[0] < 0x80) {
		*wc = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2; cp = p[0] & 0x1Fu; min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3; cp = p[0] & 0x0Fu; min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4; cp = p[0] & 0x07u; min = 0x10000;
	} else {
		goto broken;	/* continuation byte, C0/C1 or F5..FF */
	}
	if (len > n)
		goto broken;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0u) != 0x80u)
			goto broken;	/* also stops at the NUL */
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
		goto broken;
	*wc = cp;
	return len;
broken:
	*wc = REPLACEMENT;
	return 1;
}

size_t ncre_utf8_chars(const char *s)
{
	size_t count = 0, n, used;
	unsigned int wc;

	if (s == NULL)
		return 0;
	n = strlen(s);
	while ((used = ncre_utf8_next(s, n, &wc)) > 0) {
		s += used;
		n -= used;
		count++;
	}
	return count;
}

/* Columns of one decoded character; a broken byte (used == 1 with U+FFFD)
 * and anything wcwidth cannot print count one column. */
static int char_cols(unsigned int wc, size_t used)
{
	int w;

	if (wc == REPLACEMENT && used == 1)
		return 1;
	w = wcwidth((wchar_t)wc);
	return w < 0 ? 1 : w;
}

int ncre_utf8_width(const char *s)
{
	size_t n, used;
	unsigned int wc;
	int cols = 0;

	if (s == NULL)
		return 0;
	n = strlen(s);
	while ((used = ncre_utf8_next(s, n, &wc)) > 0) {
		cols += char_cols(wc, used);
		s += used;
		n -= used;
	}
	return cols;
}

size_t ncre_utf8_fit(const char *s, int cols)
{
	size_t n, used, fit = 0;
	unsigned int wc;
	int taken = 0;

	if (s == NULL || cols < 0)
		return 0;
	n = strlen(s);
	while ((used = ncre_utf8_next(s + fit, n - fit, &wc)) > 0) {
		int w = char_cols(wc, used);

		if (w > cols - taken)
			break;
		taken += w;
		fit += used;
	}
	return fit;
}

bool ncre_unicode_is_space(unsigned int c)
{
	return c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool ncre_utf8_is_blank(const char *s)
{
	size_t n, used;
	unsigned int wc;

	if (s == NULL)
		return true;
	n = strlen(s);
	while ((used = ncre_utf8_next(s, n, &wc)) > 0) {
		if (!ncre_unicode_is_space(wc))
			return false;
		s += used;
		n -= used;
	}
	return true;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
bool ncre_utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned int cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i - 1 < n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}
