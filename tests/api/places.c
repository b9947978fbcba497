/*
 * The places kept as count rows (site_subject_places, site_places,
 * intent_date_places) against a recount of the rows they count, read from
 * the suite's database ($NCRE_TMP/ncre.db) in a read transaction of its
 * own while the server runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "places.h"

/* Every count row that differs from its recount, or lacks: one row each. */
static const char places_diff_sql[] =
	"SELECT 'subject', ss.site, ss.subject, '', p.taken,"
	"  (SELECT count(*) FROM registration_subjects rs"
	"    WHERE rs.site = ss.site AND rs.subject = ss.subject) AS n"
	" FROM site_subjects ss LEFT JOIN site_subject_places p"
	"   ON p.site = ss.site AND p.subject = ss.subject"
	" WHERE p.taken IS NOT n"
	" UNION ALL "
	"SELECT 'site', s.id, '', '', p.candidates,"
	"  (SELECT count(DISTINCT rs.registration) FROM registration_subjects rs"
	"    WHERE rs.site = s.id) AS n"
	" FROM sites s LEFT JOIN site_places p ON p.site = s.id"
	" WHERE p.candidates IS NOT n"
	" UNION ALL "
	"SELECT 'intent', d.site, d.subject, d.date, p.taken,"
	"  (SELECT count(*) FROM registration_intents ri"
	"    WHERE ri.site = d.site AND ri.subject = d.subject AND ri.date = d.date) AS n"
	" FROM intent_dates d LEFT JOIN intent_date_places p"
	"   ON p.site = d.site AND p.subject = d.subject AND p.date = d.date"
	" WHERE p.taken IS NOT n";

static const char places_total_sql[] =
	"SELECT (SELECT coalesce(sum(taken), 0) FROM site_subject_places)"
	" + (SELECT coalesce(sum(candidates), 0) FROM site_places)"
	" + (SELECT coalesce(sum(taken), 0) FROM intent_date_places)";

int places_assert_recount(void)
{
	const char *tmp = getenv("NCRE_TMP");
	char path[1024];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc, wrong = 0, total = -1;

	assert_non_null(tmp);
	snprintf(path, sizeof(path), "%s/ncre.db", tmp);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_busy_timeout(db, 5000), SQLITE_OK);
	/* One snapshot for both questions. */
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, places_diff_sql, -1, &st, NULL), SQLITE_OK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(stderr, "places: %s site %lld %s %s: kept %s, counted %d\n",
			(const char *)sqlite3_column_text(st, 0),
			(long long)sqlite3_column_int64(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			sqlite3_column_type(st, 4) == SQLITE_NULL
				? "no row" : (const char *)sqlite3_column_text(st, 4),
			sqlite3_column_int(st, 5));
		wrong++;
	}
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, places_total_sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	total = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	assert_int_equal(wrong, 0);
	return total;
}
