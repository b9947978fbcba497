/* The suite's database through its own tool (db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"

const char *db_suite(void)
{
	static char path[1100];
	const char *db = getenv("NCRE_DB"), *tmp = getenv("NCRE_TMP");

	if (db != NULL && db[0] != '\0')
		return db;
	assert_non_null(tmp);
	snprintf(path, sizeof(path), "%s/ncre.db", tmp);
	return path;
}

bool db_is_pg(void)
{
	const char *b = getenv("NCRE_BACKEND");

	return b != NULL && strcmp(b, "pg") == 0;
}

void db_quote(const char *db, char *buf, size_t len)
{
	size_t o = 0;

	assert_true(len > 2);
	buf[o++] = '\'';
	for (const char *p = db; *p != '\0'; p++) {
		assert_true(*p != '\'');
		assert_true(o + 2 < len);
		buf[o++] = *p;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

/* Run cmd, its output into out; asserts it succeeds. */
static void db_run(const char *cmd, char *out, size_t outlen)
{
	size_t used = 0;
	FILE *p = popen(cmd, "r");

	assert_non_null(p);
	out[0] = '\0';
	while (used + 1 < outlen) {
		size_t n = fread(out + used, 1, outlen - used - 1, p);

		if (n == 0)
			break;
		used += n;
	}
	out[used] = '\0';
	if (pclose(p) != 0) {
		fprintf(stderr, "db: failed: %s\n%s\n", cmd, out);
		fail();
	}
}

int db_sql(const char *db, const char *sql, char *out, size_t outlen)
{
	char cmd[16384], q[1200];

	assert_null(strchr(sql, '"'));
	db_quote(db != NULL ? db : db_suite(), q, sizeof(q));
	if (db_is_pg()) {
		if (system("command -v psql >/dev/null 2>&1") != 0)
			return -1;
		snprintf(cmd, sizeof(cmd), "psql -X -A -t -q -v ON_ERROR_STOP=1 -d %s -c \"%s\" 2>&1",
			 q, sql);
	} else {
		if (system("command -v sqlite3 >/dev/null 2>&1") != 0)
			return -1;
		snprintf(cmd, sizeof(cmd), "sqlite3 -bail -cmd '.timeout 5000' %s \"%s\" 2>&1", q, sql);
	}
	db_run(cmd, out, outlen);
	return 0;
}

void db_new(const char *name, char *db, size_t len)
{
	const char *tmp = getenv("NCRE_TMP"), *base = getenv("PG_CONNINFO_BASE");
	char sql[256], out[1024], admin[1200];

	assert_non_null(tmp);
	if (!db_is_pg()) {
		snprintf(db, len, "%s/%s.db", tmp, name);
		return;
	}
	assert_non_null(base);
	/* Unique across suites: the cluster outlives each server. */
	snprintf(db, len, "%s dbname=%s_%ld", base, name, (long)getpid());
	snprintf(admin, sizeof(admin), "%s dbname=postgres", base);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s_%ld", name, (long)getpid());
	assert_int_equal(db_sql(admin, sql, out, sizeof(out)), 0);
}

int db_copy(const char *name, char *db, size_t len)
{
	char cmd[4096], out[4096], from[1200], to[1200];

	if (!db_is_pg()) {
		char sql[1200];
		mode_t mask;
		int rc;

		/* The copy holds candidates' data as the suite's database does:
		 * private to this user (the server warns otherwise). */
		db_new(name, db, len);
		snprintf(sql, sizeof(sql), ".backup '%s'", db);
		mask = umask(077);
		rc = db_sql(NULL, sql, out, sizeof(out));
		(void)umask(mask);
		return rc;
	}
	if (system("command -v pg_dump >/dev/null 2>&1") != 0)
		return -1;
	db_new(name, db, len);
	db_quote(db_suite(), from, sizeof(from));
	db_quote(db, to, sizeof(to));
	snprintf(cmd, sizeof(cmd), "pg_dump -d %s | psql -X -q -v ON_ERROR_STOP=1 -d %s 2>&1 >/dev/null",
		 from, to);
	db_run(cmd, out, sizeof(out));
	return 0;
}
