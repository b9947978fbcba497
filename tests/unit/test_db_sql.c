/*
 * The SQL rewriting under the store (src/server/db-sql.c): SQLite's
 * placeholders become PostgreSQL's, numbered as SQLite numbers them, never
 * inside quotes; a trailing FOR UPDATE stays only on PostgreSQL inside a
 * write transaction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "server/db.h"

static void check(const char *sql, bool pg, bool lock, const char *want, int want_n)
{
	int n = -1;
	char *out = db_sql_rewrite(sql, pg, lock, &n);

	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(n, want_n);
	free(out);
}

static void test_placeholders(void **state)
{
	(void)state;
	check("SELECT a FROM t WHERE b = ? AND c = ?", true, false,
	      "SELECT a FROM t WHERE b = $1 AND c = $2", 2);
	check("UPDATE t SET a = ?1 WHERE b = ?2 AND c > ?1", true, false,
	      "UPDATE t SET a = $1 WHERE b = $2 AND c > $1", 2);
	/* A bare ? after ?N takes one past the largest so far, as in SQLite. */
	check("SELECT ?3, ?, ?1", true, false, "SELECT $3, $4, $1", 4);
	check("SELECT 1", true, false, "SELECT 1", 0);
	/* SQLite keeps its own placeholders (numbered). */
	check("SELECT a FROM t WHERE b = ?", false, false, "SELECT a FROM t WHERE b = ?1", 1);
}

static void test_quotes(void **state)
{
	(void)state;
	check("SELECT '?' || ?, \"a?b\" FROM t WHERE s = 'it''s ?'", true, false,
	      "SELECT '?' || $1, \"a?b\" FROM t WHERE s = 'it''s ?'", 1);
}

static void test_for_update(void **state)
{
	(void)state;
	check("SELECT a FROM t WHERE id = ? FOR UPDATE", true, true,
	      "SELECT a FROM t WHERE id = $1 FOR UPDATE", 1);
	check("SELECT a FROM t WHERE id = ? FOR UPDATE", true, false,
	      "SELECT a FROM t WHERE id = $1", 1);
	check("SELECT a FROM t WHERE id = ? FOR UPDATE", false, true,
	      "SELECT a FROM t WHERE id = ?1", 1);
	check("SELECT a FROM t p WHERE id = ? FOR UPDATE OF p", true, true,
	      "SELECT a FROM t p WHERE id = $1 FOR UPDATE OF p", 1);
	check("SELECT a FROM t p WHERE id = ? FOR UPDATE OF p", false, false,
	      "SELECT a FROM t p WHERE id = ?1", 1);
	/* Only a trailing clause is the store's to drop: a subquery's stays. */
	check("DELETE FROM t WHERE id IN (SELECT id FROM t FOR UPDATE SKIP LOCKED)", true, false,
	      "DELETE FROM t WHERE id IN (SELECT id FROM t FOR UPDATE SKIP LOCKED)", 0);
}

static void test_refused(void **state)
{
	int n = 0;

	(void)state;
	assert_null(db_sql_rewrite("SELECT ?100", true, false, &n));
	assert_null(db_sql_rewrite("SELECT ?0", true, false, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_for_update),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
