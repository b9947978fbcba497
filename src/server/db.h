/*
 * The statement layer under store*.c: one set of calls over SQLite and
 * PostgreSQL (libpq), so every query is written once. Its shape is
 * SQLite's (prepare, bind by 1-based index, step over rows, column
 * getters); the PostgreSQL side runs a statement at its first step with
 * PQexecParams and walks the result's rows.
 *
 * SQL is written once, in the dialect both accept, with SQLite's
 * placeholders (?, ?N). Two differences are rewritten by db_sql_rewrite():
 *   - placeholders become $N on PostgreSQL;
 *   - a trailing " FOR UPDATE" (or " FOR UPDATE OF x") is kept only on
 *     PostgreSQL inside a write transaction (SQLite's BEGIN IMMEDIATE has
 *     excluded other writers already), and dropped everywhere else.
 * Where the dialects part further, the store passes both texts
 * (STORE_SQL2 in store-internal.h).
 */
#ifndef SRV_DB_H
#define SRV_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result codes: SQLite's values, so its own codes pass through unchanged. */
#define DB_OK 0
#define DB_ERROR 1
#define DB_BUSY 5		/* locked, or a serialization failure / deadlock to retry */
#define DB_CONSTRAINT 19
#define DB_CONSTRAINT_PRIMARYKEY (19 | (6 << 8))
#define DB_CONSTRAINT_UNIQUE (19 | (8 << 8))
#define DB_ROW 100
#define DB_DONE 101
#define DB_UNAVAILABLE 0x7f00	/* the connection to the database is lost */

/* Column types as far as the store cares. */
#define DB_NULL 5
#define DB_VALUE 1

struct store_conn;
struct db_stmt;

/* Which database a connection speaks to. */
enum db_kind {
	DB_SQLITE,
	DB_POSTGRES
};

int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_int(struct db_stmt *st, int idx, int v);
int db_bind_null(struct db_stmt *st, int idx);
/* Text (NULL binds NULL); copied. */
int db_bind_text(struct db_stmt *st, int idx, const char *s);
/* Bytes; p must stay valid until the statement is stepped. */
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
/* The highest placeholder number of the statement. */
int db_bind_parameter_count(struct db_stmt *st);

/* DB_ROW, DB_DONE, or an error code (db_errcode of the connection says the same). */
int db_step(struct db_stmt *st);
/* Back to before the first step, keeping the bindings. */
int db_reset(struct db_stmt *st);

int db_column_type(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
int db_column_int(struct db_stmt *st, int col);
/* NUL-terminated text, or NULL for NULL; valid until the next step/reset. */
const unsigned char *db_column_text(struct db_stmt *st, int col);
int db_column_bytes(struct db_stmt *st, int col);
const void *db_column_blob(struct db_stmt *st, int col);

/* The last error of the connection (an SQLite extended code or a DB_* code) and its text. */
int db_errcode(struct store_conn *c);
const char *db_errmsg(struct store_conn *c);
/* Rows changed by the connection's last INSERT, UPDATE or DELETE. */
int db_changes(struct store_conn *c);

/*
 * Rewrite sql for a dialect into a malloc'ed text: placeholders ?N / ?
 * into $N (postgres), the trailing FOR UPDATE kept only when lock is set.
 * *nparams gets the highest placeholder number. NULL on OOM or on a
 * placeholder beyond 99.
 */
char *db_sql_rewrite(const char *sql, bool postgres, bool lock, int *nparams);

#endif
