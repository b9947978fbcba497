/*
 * CSV as RFC 4180 defines it, for group registration files (集体报名):
 * fields separated by commas, records by CRLF (a bare LF is accepted too),
 * a field in double quotes may hold commas, line breaks and doubled quotes.
 * A UTF-8 byte-order mark at the start is skipped. Anything else, such as
 * a quote inside an unquoted field or text after a closing quote, is an
 * error with its line.
 */
#ifndef SRV_CSV_H
#define SRV_CSV_H

#include <stddef.h>

/* Fields of one record at most, and bytes of one field. */
#define CSV_MAX_FIELDS 32
#define CSV_FIELD_MAX 1024

struct csv_record {
	size_t nfields;
	char fields[CSV_MAX_FIELDS][CSV_FIELD_MAX];
	unsigned line;		/* the line the record starts on, from 1 */
};

struct csv_reader {
	const char *p, *end;
	unsigned line;
};

void csv_reader_init(struct csv_reader *r, const char *text, size_t len);
/*
 * The next record: 1 with rec filled, 0 at the end, -1 on a malformed
 * record (err says why; the reader cannot go on).
 */
int csv_next(struct csv_reader *r, struct csv_record *rec, char *err, size_t errlen);

#endif
