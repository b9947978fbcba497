/*
 * The statement layer (db.h): SQLite calls straight through, PostgreSQL
 * in db-pg.c (SQL rewriting in db-sql.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "store-internal.h"

/* ---- SQLite: straight through ---- */

#define LITE(st) ((sqlite3_stmt *)(st)->lite)

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	if (st->lite != NULL)
		return sqlite3_bind_int64(LITE(st), idx, (sqlite3_int64)v);
	return db_pg_bind(st, idx, DB_PG_INT8, &v, 0);
}

int db_bind_int(struct db_stmt *st, int idx, int v)
{
	return db_bind_int64(st, idx, v);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	if (st->lite != NULL)
		return sqlite3_bind_null(LITE(st), idx);
	return db_pg_bind(st, idx, DB_PG_NULL, NULL, 0);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (s == NULL && st->lite == NULL)
		return db_pg_bind(st, idx, DB_PG_NULL_TEXT, NULL, 0);
	if (s == NULL)
		return db_bind_null(st, idx);
	if (st->lite != NULL)
		return sqlite3_bind_text(LITE(st), idx, s, -1, SQLITE_TRANSIENT);
	return db_pg_bind(st, idx, DB_PG_TEXT, s, strlen(s));
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	if (len > (size_t)INT32_MAX)
		return DB_ERROR;
	if (st->lite != NULL)
		return sqlite3_bind_blob(LITE(st), idx, p, (int)len, SQLITE_STATIC);
	return db_pg_bind(st, idx, DB_PG_BYTEA, p, len);
}

int db_bind_parameter_count(struct db_stmt *st)
{
	if (st->lite != NULL)
		return sqlite3_bind_parameter_count(LITE(st));
	return st->nparams;
}

int db_step(struct db_stmt *st)
{
	if (st->lite != NULL)
		return sqlite3_step(LITE(st));
	return db_pg_step(st);
}

int db_reset(struct db_stmt *st)
{
	if (st->lite != NULL)
		return sqlite3_reset(LITE(st));
	db_pg_reset(st, false);
	return DB_OK;
}

int db_column_type(struct db_stmt *st, int col)
{
	if (st->lite != NULL)
		return sqlite3_column_type(LITE(st), col) == SQLITE_NULL ? DB_NULL : DB_VALUE;
	return db_column_text(st, col) == NULL ? DB_NULL : DB_VALUE;
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	const char *t;

	if (st->lite != NULL)
		return sqlite3_column_int64(LITE(st), col);
	t = (const char *)db_column_text(st, col);
	return t != NULL ? strtoll(t, NULL, 10) : 0;
}

int db_column_int(struct db_stmt *st, int col)
{
	return (int)db_column_int64(st, col);
}

const unsigned char *db_column_text(struct db_stmt *st, int col)
{
	if (st->lite != NULL)
		return sqlite3_column_text(LITE(st), col);
	return db_pg_text(st, col);
}

int db_column_bytes(struct db_stmt *st, int col)
{
	size_t len = 0;

	if (st->lite != NULL)
		return sqlite3_column_bytes(LITE(st), col);
	(void)db_pg_blob(st, col, &len);
	return (int)len;
}

const void *db_column_blob(struct db_stmt *st, int col)
{
	size_t len = 0;

	if (st->lite != NULL)
		return sqlite3_column_blob(LITE(st), col);
	return db_pg_blob(st, col, &len);
}

int db_errcode(struct store_conn *c)
{
	if (c->kind == DB_SQLITE)
		return sqlite3_extended_errcode(c->db);
	return c->pg_err;
}

const char *db_errmsg(struct store_conn *c)
{
	if (c->kind == DB_SQLITE)
		return sqlite3_errmsg(c->db);
	return c->pg_errmsg;
}

int db_changes(struct store_conn *c)
{
	if (c->kind == DB_SQLITE)
		return sqlite3_changes(c->db);
	return c->pg_changes;
}

/* Prepare on SQLite; persistent when it goes to the statement cache. */
int db_prepare(struct store_conn *c, const char *sql, bool cached, struct db_stmt **out)
{
	struct db_stmt *st;
	char *text = NULL;
	int rc;

	*out = NULL;
	if (c->kind == DB_POSTGRES)
		return db_pg_prepare(c, sql, out);
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return SQLITE_NOMEM;
	st->c = c;
	/* SQLite has no FOR UPDATE: its writers are excluded by BEGIN IMMEDIATE. */
	if (strstr(sql, " FOR UPDATE") != NULL) {
		int n = 0;

		text = db_sql_rewrite(sql, false, false, &n);
		if (text == NULL) {
			free(st);
			return SQLITE_NOMEM;
		}
		sql = text;
	}
	rc = sqlite3_prepare_v3(c->db, sql, -1, cached ? SQLITE_PREPARE_PERSISTENT : 0,
				(sqlite3_stmt **)&st->lite, NULL);
	free(text);
	if (rc != SQLITE_OK) {
		free(st);
		return rc;
	}
	*out = st;
	return DB_OK;
}

void db_finalize(struct db_stmt *st)
{
	if (st == NULL)
		return;
	if (st->lite != NULL)
		sqlite3_finalize(LITE(st));
	else
		db_pg_free(st);
	free(st);
}

void db_clear(struct db_stmt *st)
{
	if (st->lite != NULL) {
		(void)sqlite3_reset(LITE(st));
		(void)sqlite3_clear_bindings(LITE(st));
	} else {
		db_pg_reset(st, true);
	}
}
