/* The RFC 4180 reader (csv.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"

void csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	r->line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

/* Append c to the current field; -1 when it is full. */
static int csv_put(struct csv_record *rec, size_t *n, char c)
{
	if (*n + 1 >= CSV_FIELD_MAX)
		return -1;
	rec->fields[rec->nfields][(*n)++] = c;
	return 0;
}

int csv_next(struct csv_reader *r, struct csv_record *rec, char *err, size_t errlen)
{
	size_t n = 0;
	bool quoted = false, closed = false;

	rec->nfields = 0;
	rec->line = r->line;
	if (r->p >= r->end)
		return 0;
	rec->fields[0][0] = '\0';
	while (r->p < r->end) {
		char c = *r->p++;

		if (quoted && !closed) {
			if (c == '"') {
				if (r->p < r->end && *r->p == '"') {
					r->p++;
					if (csv_put(rec, &n, '"') != 0)
						goto too_long;
				} else {
					closed = true;
				}
				continue;
			}
			if (c == '\n')
				r->line++;
			if (csv_put(rec, &n, c) != 0)
				goto too_long;
			continue;
		}
		if (c == ',' || c == '\n' || (c == '\r' && r->p < r->end && *r->p == '\n') ||
		    (c == '\r' && r->p >= r->end)) {
			rec->fields[rec->nfields][n] = '\0';
			rec->nfields++;
			if (c == ',') {
				if (rec->nfields >= CSV_MAX_FIELDS) {
					snprintf(err, errlen, "line %u: more than %d fields", r->line,
						 CSV_MAX_FIELDS);
					return -1;
				}
				n = 0;
				quoted = closed = false;
				rec->fields[rec->nfields][0] = '\0';
				continue;
			}
			if (c == '\r')
				r->p++;
			r->line++;
			return 1;
		}
		if (closed) {
			snprintf(err, errlen, "line %u: text after a closing quote", r->line);
			return -1;
		}
		if (c == '"') {
			if (n > 0) {
				snprintf(err, errlen, "line %u: a quote inside an unquoted field",
					 r->line);
				return -1;
			}
			quoted = true;
			continue;
		}
		if (c == '\r' || c == '\0') {
			snprintf(err, errlen, "line %u: a stray control character", r->line);
			return -1;
		}
		if (csv_put(rec, &n, c) != 0)
			goto too_long;
	}
	if (quoted && !closed) {
		snprintf(err, errlen, "line %u: a quoted field is not closed", rec->line);
		return -1;
	}
	/* The last record without a line break. */
	rec->fields[rec->nfields][n] = '\0';
	rec->nfields++;
	return 1;
too_long:
	snprintf(err, errlen, "line %u: a field longer than %d bytes", r->line, CSV_FIELD_MAX - 1);
	return -1;
}
