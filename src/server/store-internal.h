/* What store*.c share: the connection (SQLite or PostgreSQL) and statement helpers. */
#ifndef SRV_STORE_INTERNAL_H
#define SRV_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "store.h"

/* A connection's prepared statements, by the address of their SQL text. */
#define STORE_STMT_SLOTS 256	/* a power of two, above the statements the server has */
#define STORE_STMT_NESTED 8	/* cached statements in use at once on one connection */

struct store_stmt_slot {
	const char *sql;	/* the caller's (static) SQL text; NULL: free slot */
	struct db_stmt *st;
	bool busy;		/* handed out and not yet given back */
};

/* PostgreSQL statement parameters at most (db-pg.c). */
#define DB_MAX_PARAMS 32

/* How db-pg.c sends a parameter. */
enum db_pg_type {
	DB_PG_NULL,		/* of the type its place asks for */
	DB_PG_NULL_TEXT,	/* a text that is NULL ("? IS NULL OR x = ?" needs a type) */
	DB_PG_INT8,
	DB_PG_TEXT,
	DB_PG_BYTEA
};

/* A statement of either database (db.h). */
struct db_stmt {
	struct store_conn *c;
	void *lite;		/* sqlite3_stmt; NULL on PostgreSQL */
	/* PostgreSQL: the text without and with its FOR UPDATE clause, the parameters, the result. */
	char *sql_pg[2];
	int nparams;
	char *vals[DB_MAX_PARAMS];
	char *owned[DB_MAX_PARAMS];
	int lens[DB_MAX_PARAMS];
	int fmts[DB_MAX_PARAMS];
	unsigned types[DB_MAX_PARAMS];	/* Oid */
	void *res;		/* PGresult */
	int row;		/* the current row, -1 before the first */
	bool ran;
	unsigned char **bin;	/* bytea columns of the current row, decoded */
	size_t *binlen;
	int ncols;
};

struct store_conn {
	struct store *store;
	enum db_kind kind;
	void *db;		/* sqlite3 */
	void *pg;		/* PGconn */
	char *pg_conninfo;	/* what it connects to again after a loss */
	char *pg_password;	/* from the password file, or NULL (libpq's PGPASSFILE ...) */
	bool pg_broken;		/* the connection was lost: reconnect before the next use */
	unsigned *pg_losses;	/* the pool's count of losses seen (atomic), shared */
	unsigned pg_losses_seen;	/* its value when this connection was made */
	int pg_err;		/* the last DB_* code, its text and the rows changed */
	char pg_errmsg[256];
	int pg_changes;
	bool write_tx;		/* PostgreSQL: in a store_begin_write transaction (FOR UPDATE kept) */
	/*
	 * PostgreSQL: BEGIN not sent yet; it goes with the transaction's
	 * first statement, in one round trip (db-pg.c), and a transaction
	 * that sends nothing ends without either.
	 */
	bool pg_begin;
	bool in_tx;
	bool in_use;
	bool writing;		/* holds the store's writer lock (store_begin_write, SQLite) */
	bool wal_unsynced;	/* SQLite: committed, the WAL not synced since (store_wal_hook) */
	struct store_stmt_slot *stmts;	/* STORE_STMT_SLOTS */
	struct store_stmt_slot *out[STORE_STMT_NESTED];	/* the busy ones */
	unsigned nout;
};

/*
 * Prepare sql, or hand out the connection's prepared statement of the same
 * text; give it back with store_finish(). sql must stay valid as long as
 * the connection (a string literal). Logs and returns STORE_ERROR on failure.
 */
enum store_rc store_prepare(struct store_conn *c, const char *sql, struct db_stmt **st);
/* Give back a statement of store_prepare() (reset and unbound for the next use); NULL is fine. */
void store_finish(struct store_conn *c, struct db_stmt *st);
/* Map a result code (of step or exec, db.h) to a store code, logging faults. */
enum store_rc store_rc_of(struct store_conn *c, int rc, const char *what);
/* Bind helpers; return DB_OK or an error. */
int store_bind_text(struct db_stmt *st, int idx, const char *s);
/* Copy a text column into buf; STORE_ERROR when it does not fit. NULL gives "". */
enum store_rc store_copy_text(struct db_stmt *st, int col, char *buf, size_t len);
/* Duplicate a text column (NULL gives ""); NULL on OOM. */
char *store_dup_text(struct db_stmt *st, int col);
/*
 * The text of a statement on this connection's database: the SQLite one,
 * or the PostgreSQL one where the dialects part (both literals, so the
 * statement cache keys on either address).
 */
#define STORE_SQL2(c, lite, pg) ((c)->kind == DB_POSTGRES ? (pg) : (lite))
/*
 * A site's subjects with fee, capacity and places taken (the count row,
 * which a trigger adds with every site subject); append WHERE ...
 */
#define STORE_SITE_SUBJECT_SELECT \
	"SELECT s.code, s.name_zh, s.name_en, ss.fee, ss.capacity, p.taken" \
	" FROM site_subjects ss JOIN subjects s ON s.code = ss.subject" \
	" JOIN site_subject_places p ON p.site = ss.site AND p.subject = ss.subject"
/* Read a row of STORE_SITE_SUBJECT_SELECT. */
enum store_rc store_site_subject_row(struct db_stmt *st, struct store_site_subject *out);
/*
 * Run sql, a statement without rows, with the integer v as parameter 1 and
 * text (unless NULL) as parameter 2; *changed (unless NULL) gets the count
 * of rows it changed. what names it in the log.
 */
enum store_rc store_exec_int_text(struct store_conn *c, const char *sql, int64_t v,
				  const char *text, const char *what, int *changed);
/* store_exec_int_text with the one integer parameter v. */
enum store_rc store_exec_int(struct store_conn *c, const char *sql, int64_t v, const char *what);
/* Step a statement that returns no rows; STORE_OK when done. */
enum store_rc store_step_done(struct store_conn *c, struct db_stmt *st, const char *what);
/*
 * Read the int64 of the first column of a statement's row (INSERT ...
 * RETURNING id). Inside a transaction only: on SQLite a write on its own
 * (autocommit) that is reset after its first row commits without the WAL
 * hook, so without its sync (store.c, store_wal_sync).
 */
enum store_rc store_step_id(struct store_conn *c, struct db_stmt *st, const char *what, int64_t *id);

/*
 * A database's schema: steps[i] brings it to version i + 1; lock (or NULL)
 * makes other processes wait while one migrates; table creates
 * schema_migrations, which records the steps taken.
 */
struct store_schema {
	const char *const *steps;
	size_t nsteps;
	const char *lock;
	const char *table;
};

/* ---- db.c / db-pg.c: the two databases under db.h ---- */

/* Prepare sql on the connection's database (cached: kept for the connection's life). */
int db_prepare(struct store_conn *c, const char *sql, bool cached, struct db_stmt **out);
/* Reset and unbind for the next use. */
void db_clear(struct db_stmt *st);
void db_finalize(struct db_stmt *st);
int db_pg_prepare(struct store_conn *c, const char *sql, struct db_stmt **out);
int db_pg_bind(struct db_stmt *st, int idx, enum db_pg_type type, const void *v, size_t len);
int db_pg_step(struct db_stmt *st);
void db_pg_reset(struct db_stmt *st, bool unbind);
void db_pg_free(struct db_stmt *st);
const unsigned char *db_pg_text(struct db_stmt *st, int col);
const void *db_pg_blob(struct db_stmt *st, int col, size_t *len);
/* Map a failed result (or none: the connection) to a DB_* code, keeping its message. */
int db_pg_result_error(struct store_conn *c, const void *res);

/* ---- store-pg.c: PostgreSQL connections, transactions and schema ---- */

int store_pg_open(struct store_conn *c, const char *conninfo, const char *password, char *err,
		  size_t errlen);
/* The PostgreSQL schema (store.c's store_migrate runs it). */
const struct store_schema *store_pg_schema(void);
/* Reconnect a lost connection; STORE_OK or STORE_UNAVAILABLE. */
enum store_rc store_pg_ready(struct store_conn *c);
enum store_rc store_pg_exec(struct store_conn *c, const char *sql, const char *what);
void store_pg_close(struct store_conn *c);

#endif
