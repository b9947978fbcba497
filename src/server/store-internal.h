/* What store*.c share: the SQLite connection and statement helpers. */
#ifndef SRV_STORE_INTERNAL_H
#define SRV_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

/* A connection's prepared statements, by the address of their SQL text. */
#define STORE_STMT_SLOTS 256	/* a power of two, above the statements the server has */
#define STORE_STMT_NESTED 8	/* cached statements in use at once on one connection */

struct store_stmt_slot {
	const char *sql;	/* the caller's (static) SQL text; NULL: free slot */
	sqlite3_stmt *st;
	bool busy;		/* handed out and not yet given back */
};

struct store_conn {
	struct store *store;
	sqlite3 *db;
	bool in_tx;
	bool in_use;
	bool writing;		/* holds the store's writer lock (store_begin_write) */
	struct store_stmt_slot *stmts;	/* STORE_STMT_SLOTS */
	struct store_stmt_slot *out[STORE_STMT_NESTED];	/* the busy ones */
	unsigned nout;
};

/*
 * Prepare sql, or hand out the connection's prepared statement of the same
 * text; give it back with store_finish(). sql must stay valid as long as
 * the connection (a string literal). Logs and returns STORE_ERROR on failure.
 */
enum store_rc store_prepare(struct store_conn *c, const char *sql, sqlite3_stmt **st);
/* Give back a statement of store_prepare() (reset and unbound for the next use); NULL is fine. */
void store_finish(struct store_conn *c, sqlite3_stmt *st);
/* Map an SQLite result code (of step or exec) to a store code, logging faults. */
enum store_rc store_rc_of(struct store_conn *c, int rc, const char *what);
/* Bind helpers; return SQLITE_OK or an SQLite error. */
int store_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Copy a text column into buf; STORE_ERROR when it does not fit. NULL gives "". */
enum store_rc store_copy_text(sqlite3_stmt *st, int col, char *buf, size_t len);
/* Duplicate a text column (NULL gives ""); NULL on OOM. */
char *store_dup_text(sqlite3_stmt *st, int col);
/* A site's subjects with fee, capacity and places taken (the count row); append WHERE ... */
#define STORE_SITE_SUBJECT_SELECT \
	"SELECT s.code, s.name_zh, s.name_en, ss.fee, ss.capacity, coalesce(p.taken, 0)" \
	" FROM site_subjects ss JOIN subjects s ON s.code = ss.subject" \
	" LEFT JOIN site_subject_places p ON p.site = ss.site AND p.subject = ss.subject"
/* Read a row of STORE_SITE_SUBJECT_SELECT. */
enum store_rc store_site_subject_row(sqlite3_stmt *st, struct store_site_subject *out);
/* Step a statement that returns no rows; STORE_OK when done. */
enum store_rc store_step_done(struct store_conn *c, sqlite3_stmt *st, const char *what);

#endif
