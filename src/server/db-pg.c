/*
 * The statement layer on PostgreSQL (libpq). A statement runs at its first
 * step with PQexecParams: the unnamed statement of the extended protocol,
 * parsed again each time, so no prepared statement outlives a transaction
 * and the store works through pgbouncer in transaction mode. Parameters go
 * as text (bytea as binary) with their types; results come as text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "store-internal.h"

/* Type OIDs of pg_type (stable across versions). */
#define DB_OID_BYTEA 17
#define DB_OID_INT8 20
#define DB_OID_TEXT 25

#define PGRES(st) ((PGresult *)(st)->res)

int db_pg_prepare(struct store_conn *c, const char *sql, struct db_stmt **out)
{
	struct db_stmt *st = calloc(1, sizeof(*st));
	int n0 = 0, n1 = 0;

	*out = NULL;
	if (st == NULL)
		return DB_ERROR;
	st->c = c;
	st->sql_pg[0] = db_sql_rewrite(sql, true, false, &n0);
	st->sql_pg[1] = db_sql_rewrite(sql, true, true, &n1);
	if (st->sql_pg[0] == NULL || st->sql_pg[1] == NULL || n0 > DB_MAX_PARAMS) {
		snprintf(c->pg_errmsg, sizeof(c->pg_errmsg), "cannot rewrite: %s", sql);
		c->pg_err = DB_ERROR;
		db_pg_free(st);
		free(st);
		return DB_ERROR;
	}
	st->nparams = n0;
	*out = st;
	return DB_OK;
}

static void db_pg_clear_columns(struct db_stmt *st)
{
	for (int i = 0; i < st->ncols; i++)
		PQfreemem(st->bin[i]);
	free(st->bin);
	free(st->binlen);
	st->bin = NULL;
	st->binlen = NULL;
	st->ncols = 0;
}

void db_pg_reset(struct db_stmt *st, bool unbind)
{
	db_pg_clear_columns(st);
	PQclear(PGRES(st));
	st->res = NULL;
	st->ran = false;
	st->row = -1;
	if (!unbind)
		return;
	for (int i = 0; i < DB_MAX_PARAMS; i++) {
		free(st->owned[i]);
		st->owned[i] = NULL;
		st->vals[i] = NULL;
		st->lens[i] = 0;
		st->fmts[i] = 0;
		st->types[i] = 0;
	}
}

void db_pg_free(struct db_stmt *st)
{
	db_pg_reset(st, true);
	free(st->sql_pg[0]);
	free(st->sql_pg[1]);
	st->sql_pg[0] = st->sql_pg[1] = NULL;
}

int db_pg_bind(struct db_stmt *st, int idx, enum db_pg_type type, const void *v, size_t len)
{
	int i = idx - 1;
	char *copy = NULL;

	if (i < 0 || i >= st->nparams || i >= DB_MAX_PARAMS)
		return DB_ERROR;
	switch (type) {
	case DB_PG_NULL:
	case DB_PG_NULL_TEXT:
		break;
	case DB_PG_INT8:
		copy = malloc(24);
		if (copy == NULL)
			return DB_ERROR;
		snprintf(copy, 24, "%lld", (long long)*(const int64_t *)v);
		break;
	case DB_PG_TEXT:
		copy = malloc(len + 1);
		if (copy == NULL)
			return DB_ERROR;
		memcpy(copy, v, len);
		copy[len] = '\0';
		break;
	case DB_PG_BYTEA:
		break;
	}
	free(st->owned[i]);
	st->owned[i] = copy;
	st->vals[i] = type == DB_PG_BYTEA ? (char *)(uintptr_t)v : copy;
	st->lens[i] = (int)len;
	st->fmts[i] = type == DB_PG_BYTEA ? 1 : 0;
	st->types[i] = type == DB_PG_INT8 ? DB_OID_INT8
		     : type == DB_PG_TEXT || type == DB_PG_NULL_TEXT ? DB_OID_TEXT
		     : type == DB_PG_BYTEA ? DB_OID_BYTEA : 0;
	/* An empty blob still needs a non-NULL value to be a value. */
	if (type == DB_PG_BYTEA && v == NULL)
		st->vals[i] = (char *)"";
	return DB_OK;
}

int db_pg_result_error(struct store_conn *c, const void *resv)
{
	const PGresult *res = resv;
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(c->pg);
	int rc = DB_ERROR;

	snprintf(c->pg_errmsg, sizeof(c->pg_errmsg), "%s", msg != NULL && *msg ? msg : "no result");
	/* one line */
	c->pg_errmsg[strcspn(c->pg_errmsg, "\n")] = '\0';
	if (PQstatus(c->pg) != CONNECTION_OK || state == NULL ||
	    strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strcmp(state, "25P03") == 0) {
		/*
		 * Lost, shut down, or in recovery: a new connection on the next
		 * use; the pool's other connections most likely went the same
		 * way (a restart), so they are made again before their next use.
		 */
		if (!c->pg_broken && c->pg_losses != NULL)
			__atomic_add_fetch(c->pg_losses, 1, __ATOMIC_RELAXED);
		c->pg_broken = true;
		rc = DB_UNAVAILABLE;
	} else if (strcmp(state, "23505") == 0) {
		rc = DB_CONSTRAINT_UNIQUE;
	} else if (strncmp(state, "23", 2) == 0) {
		rc = DB_CONSTRAINT;
	} else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		   strcmp(state, "55P03") == 0) {
		rc = DB_BUSY;
	}
	c->pg_err = rc;
	return rc;
}

/*
 * BEGIN and the statement in one round trip: both sent in pipeline mode
 * with one Sync. BEGIN opens a transaction block, so the Sync does not
 * end it, and pgbouncer (transaction mode) keeps the server connection
 * for it as for a BEGIN sent alone. Returns the statement's result, or
 * BEGIN's when BEGIN failed (the statement then did not run), or NULL.
 * *lost: the connection was lost before BEGIN did anything.
 */
static PGresult *db_pg_exec_begin(struct db_stmt *st, bool *lost)
{
	struct store_conn *c = st->c;
	PGconn *pg = c->pg;
	PGresult *res[2] = { NULL, NULL }, *x;
	bool synced = false;

	*lost = false;
	if (PQenterPipelineMode(pg) != 1)
		return NULL;
	if (PQsendQueryParams(pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) != 1 ||
	    PQsendQueryParams(pg, st->sql_pg[c->write_tx ? 1 : 0], st->nparams, st->types,
			      (const char *const *)st->vals, st->lens, st->fmts, 0) != 1 ||
	    PQpipelineSync(pg) != 1) {
		*lost = PQstatus(pg) != CONNECTION_OK;
		c->pg_broken = true;	/* a half-sent pipeline: not usable again */
		return NULL;
	}
	/* Each query's results end with a NULL; then the Sync's own result. */
	for (int q = 0; q < 2 && !synced; q++) {
		while ((x = PQgetResult(pg)) != NULL) {
			if (PQresultStatus(x) == PGRES_PIPELINE_SYNC)
				synced = true;
			if (res[q] == NULL && !synced)
				res[q] = x;
			else
				PQclear(x);
			if (synced)
				break;
		}
		if (PQstatus(pg) != CONNECTION_OK)
			break;
	}
	if (!synced && PQstatus(pg) == CONNECTION_OK) {
		x = PQgetResult(pg);
		synced = x != NULL && PQresultStatus(x) == PGRES_PIPELINE_SYNC;
		PQclear(x);
	}
	if (!synced || PQexitPipelineMode(pg) != 1) {
		*lost = res[0] == NULL || PQstatus(pg) != CONNECTION_OK;
		c->pg_broken = true;
	}
	if (res[0] == NULL || PQresultStatus(res[0]) != PGRES_COMMAND_OK) {
		PQclear(res[1]);
		return res[0];
	}
	PQclear(res[0]);
	return res[1];
}

static PGresult *db_pg_exec(struct db_stmt *st)
{
	struct store_conn *c = st->c;
	PGresult *res;
	bool lost;

	if (!c->pg_begin)
		return PQexecParams(c->pg, st->sql_pg[c->write_tx ? 1 : 0], st->nparams,
				    st->types, (const char *const *)st->vals, st->lens, st->fmts, 0);
	c->pg_begin = false;
	res = db_pg_exec_begin(st, &lost);
	/* A connection found lost at BEGIN: once more on a new one (nothing was done). */
	if (lost) {
		PQclear(res);
		c->pg_broken = true;
		if (store_pg_ready(c) != STORE_OK)
			return NULL;
		res = db_pg_exec_begin(st, &lost);
	}
	return res;
}

int db_pg_step(struct db_stmt *st)
{
	struct store_conn *c = st->c;
	PGresult *res;

	if (!st->ran) {
		/* Outside a transaction a statement may make the connection again first. */
		if (!c->in_tx && store_pg_ready(c) != STORE_OK)
			return DB_UNAVAILABLE;
		if (c->pg == NULL || c->pg_broken) {
			snprintf(c->pg_errmsg, sizeof(c->pg_errmsg), "no connection to the database");
			c->pg_err = DB_UNAVAILABLE;
			return DB_UNAVAILABLE;
		}
		res = db_pg_exec(st);
		/*
		 * A read outside a transaction, on a connection found lost: once
		 * more on a new one (a read changes nothing, so it may run twice).
		 */
		if ((res == NULL || PQstatus(c->pg) != CONNECTION_OK) && !c->in_tx &&
		    strncmp(st->sql_pg[0], "SELECT ", 7) == 0) {
			PQclear(res);
			c->pg_broken = true;
			if (store_pg_ready(c) != STORE_OK)
				return DB_UNAVAILABLE;
			res = db_pg_exec(st);
		}
		st->ran = true;
		st->row = -1;
		c->pg_changes = 0;
		if (res == NULL ||
		    (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK)) {
			int rc = db_pg_result_error(c, res);

			PQclear(res);
			return rc;
		}
		st->res = res;
		c->pg_changes = (int)strtol(PQcmdTuples(res), NULL, 10);
		c->pg_err = DB_OK;
	}
	db_pg_clear_columns(st);
	if (st->res == NULL)
		return c->pg_err != DB_OK ? c->pg_err : DB_DONE;
	if (st->row + 1 >= PQntuples(PGRES(st))) {
		st->row = PQntuples(PGRES(st));
		return DB_DONE;
	}
	st->row++;
	return DB_ROW;
}

static bool db_pg_has(struct db_stmt *st, int col)
{
	return st->res != NULL && st->row >= 0 && st->row < PQntuples(PGRES(st)) && col >= 0 &&
	       col < PQnfields(PGRES(st));
}

const unsigned char *db_pg_text(struct db_stmt *st, int col)
{
	if (!db_pg_has(st, col) || PQgetisnull(PGRES(st), st->row, col))
		return NULL;
	return (const unsigned char *)PQgetvalue(PGRES(st), st->row, col);
}

const void *db_pg_blob(struct db_stmt *st, int col, size_t *len)
{
	const unsigned char *t = db_pg_text(st, col);

	*len = 0;
	if (t == NULL)
		return NULL;
	if (PQftype(PGRES(st), col) != DB_OID_BYTEA) {
		*len = (size_t)PQgetlength(PGRES(st), st->row, col);
		return t;
	}
	if (st->bin == NULL) {
		int n = PQnfields(PGRES(st));

		st->bin = calloc((size_t)n, sizeof(*st->bin));
		st->binlen = calloc((size_t)n, sizeof(*st->binlen));
		if (st->bin == NULL || st->binlen == NULL) {
			free(st->bin);
			free(st->binlen);
			st->bin = NULL;
			st->binlen = NULL;
			return NULL;
		}
		st->ncols = n;
	}
	if (st->bin[col] == NULL)
		st->bin[col] = PQunescapeBytea(t, &st->binlen[col]);
	*len = st->bin[col] != NULL ? st->binlen[col] : 0;
	return st->bin[col];
}
