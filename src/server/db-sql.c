/*
 * SQL texts rewritten for a dialect (db.h): placeholders, and the trailing
 * FOR UPDATE clause kept only where it means something. No database here,
 * so the unit tests link it alone.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* Length of a trailing " FOR UPDATE [OF name]" clause of sql[0..n), or 0. */
static size_t db_for_update_len(const char *sql, size_t n)
{
	static const char key[] = " FOR UPDATE";
	const char *p = NULL;

	for (const char *q = sql; (q = strstr(q, key)) != NULL; q++)
		p = q;
	if (p == NULL)
		return 0;
	const char *rest = p + sizeof(key) - 1;
	if (*rest == '\0')
		return (size_t)(sql + n - p);
	if (strncmp(rest, " OF ", 4) != 0)
		return 0;
	rest += 4;
	if (*rest == '\0')
		return 0;
	for (; *rest != '\0'; rest++) {
		if (!(*rest == '_' || (*rest >= 'a' && *rest <= 'z') || (*rest >= '0' && *rest <= '9')))
			return 0;
	}
	return (size_t)(sql + n - p);
}

char *db_sql_rewrite(const char *sql, bool postgres, bool lock, int *nparams)
{
	size_t n = strlen(sql);
	size_t cut = db_for_update_len(sql, n);
	/* "?" becomes at most "$99": three bytes for one. */
	char *out = malloc(n * 3 + 1);
	size_t o = 0;
	int top = 0;
	char quote = 0;

	*nparams = 0;
	if (out == NULL)
		return NULL;
	if (cut > 0 && !(postgres && lock))
		n -= cut;
	for (size_t i = 0; i < n; i++) {
		char ch = sql[i];

		if (quote != 0) {
			if (ch == quote)
				quote = 0;
			out[o++] = ch;
			continue;
		}
		if (ch == '\'' || ch == '"') {
			quote = ch;
			out[o++] = ch;
			continue;
		}
		if (ch != '?') {
			out[o++] = ch;
			continue;
		}
		int num = 0;
		size_t j = i + 1;

		while (j < n && sql[j] >= '0' && sql[j] <= '9' && num < 1000)
			num = num * 10 + (sql[j++] - '0');
		if (j == i + 1)
			num = top + 1;	/* SQLite: one past the largest so far */
		if (num < 1 || num > 99) {
			free(out);
			return NULL;
		}
		if (num > top)
			top = num;
		if (postgres)
			o += (size_t)snprintf(out + o, 4, "$%d", num);
		else
			o += (size_t)snprintf(out + o, 4, "?%d", num);
		i = j - 1;
	}
	out[o] = '\0';
	*nparams = top;
	return out;
}
