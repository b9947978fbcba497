/*
 * The places kept as count rows (site_subject_places, site_places,
 * intent_date_places) against a recount of the rows they count, read from
 * the suite's database (SQLite or PostgreSQL) in one statement of its own
 * while the server runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "places.h"

/*
 * Every count row that differs from its recount, or lacks: one row each,
 * then one "total" row with the sum of every count row. One statement, so
 * one snapshot of the database for both.
 */
static const char places_sql[] =
	"SELECT 'subject', ss.site, ss.subject, '', coalesce(CAST(p.taken AS TEXT), 'no row'),"
	"  (SELECT count(*) FROM registration_subjects rs"
	"    WHERE rs.site = ss.site AND rs.subject = ss.subject)"
	" FROM site_subjects ss LEFT JOIN site_subject_places p"
	"   ON p.site = ss.site AND p.subject = ss.subject"
	" WHERE p.taken IS DISTINCT FROM (SELECT count(*) FROM registration_subjects rs"
	"    WHERE rs.site = ss.site AND rs.subject = ss.subject)"
	" UNION ALL "
	"SELECT 'site', s.id, '', '', coalesce(CAST(p.candidates AS TEXT), 'no row'),"
	"  (SELECT count(DISTINCT rs.registration) FROM registration_subjects rs"
	"    WHERE rs.site = s.id)"
	" FROM sites s LEFT JOIN site_places p ON p.site = s.id"
	" WHERE p.candidates IS DISTINCT FROM (SELECT count(DISTINCT rs.registration)"
	"    FROM registration_subjects rs WHERE rs.site = s.id)"
	" UNION ALL "
	"SELECT 'intent', d.site, d.subject, d.date, coalesce(CAST(p.taken AS TEXT), 'no row'),"
	"  (SELECT count(*) FROM registration_intents ri"
	"    WHERE ri.site = d.site AND ri.subject = d.subject AND ri.date = d.date)"
	" FROM intent_dates d LEFT JOIN intent_date_places p"
	"   ON p.site = d.site AND p.subject = d.subject AND p.date = d.date"
	" WHERE p.taken IS DISTINCT FROM (SELECT count(*) FROM registration_intents ri"
	"    WHERE ri.site = d.site AND ri.subject = d.subject AND ri.date = d.date)"
	" UNION ALL "
	"SELECT 'total', 0, '', '', '',"
	"  (SELECT coalesce(sum(taken), 0) FROM site_subject_places)"
	"  + (SELECT coalesce(sum(candidates), 0) FROM site_places)"
	"  + (SELECT coalesce(sum(taken), 0) FROM intent_date_places)";

int places_assert_recount(void)
{
	char *out = malloc(1 << 16);
	const char *row;
	int wrong = 0, total = -1;

	assert_non_null(out);
	assert_int_equal(db_sql(NULL, places_sql, out, 1 << 16), 0);
	for (row = out; *row != '\0';) {
		const char *end = strchr(row, '\n');
		int len = end != NULL ? (int)(end - row) : (int)strlen(row);

		if (strncmp(row, "total|", 6) == 0) {
			total = atoi(strrchr(row, '|') + 1);
		} else if (len > 0) {
			/* kind|site|subject|date|kept|counted */
			fprintf(stderr, "places: %.*s\n", len, row);
			wrong++;
		}
		if (end == NULL)
			break;
		row = end + 1;
	}
	free(out);
	assert_int_equal(wrong, 0);
	assert_true(total >= 0);
	return total;
}
