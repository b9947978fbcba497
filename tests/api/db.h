/*
 * The suite's database, whichever the server runs on (tests/lib/server.sh):
 * an SQLite file, or a PostgreSQL database of the cluster tests/lib/pg.sh
 * started. Tests reach it through the office commands and, to look or to
 * change what no request can, with the database's own tool (sqlite3 or
 * psql), never through libsqlite3 or libpq.
 */
#ifndef API_DB_H
#define API_DB_H

#include <stdbool.h>
#include <stddef.h>

/* The suite's --db value (NCRE_DB). */
const char *db_suite(void);
/* Whether the suite runs on PostgreSQL. */
bool db_is_pg(void);
/* db quoted for a shell command line into buf. */
void db_quote(const char *db, char *buf, size_t len);
/*
 * Run sql on db (NULL: the suite's) with sqlite3 or psql; rows come one a
 * line, columns joined by '|'. 0, or -1 when the tool is missing (the
 * caller skips then). Asserts the tool succeeds.
 */
int db_sql(const char *db, const char *sql, char *out, size_t outlen);
/* A new, empty database called name; its --db value into db. */
void db_new(const char *name, char *db, size_t len);
/* A copy of the suite's database as it is now, called name; -1 without the tool. */
int db_copy(const char *name, char *db, size_t len);

#endif
