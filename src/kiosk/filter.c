/*
 * Type-to-filter matching (see filter.h).
 */
#include <stddef.h>
#include <string.h>

#include "filter.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Is term (n bytes) inside s? ASCII letters without case; other bytes
 * (UTF-8 of Hanzi) exactly, so a match never starts inside a character
 * because UTF-8 lead and continuation bytes differ. */
static bool contains(const char *s, const char *term, size_t n)
{
	if (s == NULL)
		return false;
	for (; *s != '\0'; s++) {
		size_t i = 0;

		while (i < n && s[i] != '\0' && lower(s[i]) == lower(term[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool prefix(const char *s, const char *term, size_t n)
{
	return s != NULL && strncmp(s, term, n) == 0;
}

bool filter_match(const char *query, const char *code, const char *zh, const char *en)
{
	const char *p = query != NULL ? query : "";

	for (;;) {
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return true;
		n = strcspn(p, " \t");
		if (!prefix(code, p, n) && !contains(code, p, n) && !contains(zh, p, n) &&
		    !contains(en, p, n))
			return false;
		p += n;
	}
}
