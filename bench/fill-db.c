/*
 * Fill an ncre-server database with N candidates fast, for the growth
 * benchmark (bench/growth.sh): direct SQLite inserts in one transaction,
 * through the server's own schema, so its triggers keep the count rows of
 * places as the server's writes would. Each candidate has an account, a
 * registration with identity, name, personal information and a site (the
 * sites of the current exam session in turn) and one or two unpaid
 * subjects there. Capacities are raised so that the data fits; the server
 * then serves the database as it is.
 *
 *   fill-db DB N
 *
 * The database must exist with an exam session (ncre-server import). Not
 * for production data: every account has the same unusable password hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#define FILL_MAX_SITES 64
#define FILL_MAX_SUBJECTS 64

struct fill_site {
	long long id;
	int nsubjects;
	char subjects[FILL_MAX_SUBJECTS][8];
};

static int fill_fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "fill-db: %s: %s\n", what, sqlite3_errmsg(db));
	return 1;
}

static int fill_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "fill-db: %s: %s\n", sql, msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* The current exam session, its agreement and its sites with their subjects. */
static int fill_catalogue(sqlite3 *db, long long *session, char *agreement, size_t alen,
			  struct fill_site *sites, int *nsites)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*nsites = 0;
	if (sqlite3_prepare_v2(db, "SELECT e.id, (SELECT version FROM agreements a"
				   " WHERE a.exam_session = e.id ORDER BY a.id DESC LIMIT 1)"
				   " FROM exam_sessions e WHERE e.current = 1 ORDER BY e.id DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 1) == SQLITE_NULL) {
		sqlite3_finalize(st);
		return -1;
	}
	*session = sqlite3_column_int64(st, 0);
	snprintf(agreement, alen, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT ss.site, ss.subject FROM site_subjects ss"
				   " JOIN sites s ON s.id = ss.site WHERE s.exam_session = ?"
				   " ORDER BY ss.site, ss.subject", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, *session) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long site = sqlite3_column_int64(st, 0);
		struct fill_site *s = *nsites > 0 ? &sites[*nsites - 1] : NULL;

		if (s == NULL || s->id != site) {
			if (*nsites == FILL_MAX_SITES)
				break;
			s = &sites[(*nsites)++];
			memset(s, 0, sizeof(*s));
			s->id = site;
		}
		if (s->nsubjects < FILL_MAX_SUBJECTS)
			snprintf(s->subjects[s->nsubjects++], sizeof(s->subjects[0]), "%s",
				 (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? (*nsites > 0 ? 0 : -1) : -1;
}

/* A resident ID (GB 11643) of candidate i: unique, with its check character. */
static void fill_resident_id(long long i, char *buf, size_t len)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	char d[32];
	int sum = 0;

	/* Area 110101, born 1960..1999 on day 1..28 of a month, order 000..999: 13 million. */
	long long seq = i % 1000, day = 1 + (i / 1000) % 28, month = 1 + (i / 28000) % 12;
	long long year = 1960 + (i / 336000) % 40;

	snprintf(d, sizeof(d), "110101%04lld%02lld%02lld%03lld", year, month, day, seq);
	d[17] = '\0';
	for (int k = 0; k < 17; k++)
		sum += (d[k] - '0') * w[k];
	snprintf(buf, len, "%s%c", d, check[sum % 11]);
}

int main(int argc, char **argv)
{
	struct fill_site sites[FILL_MAX_SITES];
	sqlite3_stmt *acc = NULL, *reg = NULL, *sub = NULL, *base = NULL;
	char agreement[64], email[64], phone[32], id[40];
	long long session = 0, n, first = 0;
	int nsites = 0, rc = 1;
	time_t now = time(NULL);
	sqlite3 *db = NULL;
	const char *info = "{\"gender\":\"1\",\"birth_date\":\"1990-01-01\",\"ethnicity\":\"01\","
			   "\"occupation\":\"01\",\"education\":\"21\",\"training\":\"1\","
			   "\"postal_code\":\"100000\",\"address\":\"北京市海淀区\"}";

	if (argc != 3 || (n = atoll(argv[2])) <= 0) {
		fprintf(stderr, "usage: fill-db DB N\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return fill_fail(db, argv[1]);
	if (fill_exec(db, "PRAGMA foreign_keys=ON") != 0 ||
	    fill_exec(db, "PRAGMA journal_mode=WAL") != 0 ||
	    fill_exec(db, "PRAGMA cache_size=-200000") != 0 ||
	    fill_exec(db, "BEGIN IMMEDIATE") != 0)
		goto out;
	if (fill_catalogue(db, &session, agreement, sizeof(agreement), sites, &nsites) != 0) {
		fprintf(stderr, "fill-db: no current exam session with sites and an agreement\n");
		goto out;
	}
	if (fill_exec(db, "UPDATE site_subjects SET capacity = 100000000") != 0 ||
	    fill_exec(db, "UPDATE sites SET total_capacity = 100000000") != 0)
		goto out;
	/* Candidates of an earlier run keep their numbers; these follow. */
	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM accounts", -1, &base, NULL) !=
		    SQLITE_OK || sqlite3_step(base) != SQLITE_ROW) {
		fill_fail(db, "accounts");
		goto out;
	}
	first = sqlite3_column_int64(base, 0) + 1;
	sqlite3_finalize(base);
	base = NULL;
	if (sqlite3_prepare_v2(db, "INSERT INTO accounts(email, phone, pw_hash, created_at)"
				   " VALUES (?, ?, '!', ?)", -1, &acc, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO registrations(exam_session, account,"
				   " agreement_version, accepted_at, id_type, id_number, name, site,"
				   " created_at, updated_at, info)"
				   " VALUES (?1, ?2, ?3, ?4, 'resident_id', ?5, '张三', ?6, ?4, ?4, ?7)",
			       -1, &reg, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO registration_subjects(registration, site, subject,"
				   " added_at) VALUES (?, ?, ?, ?)", -1, &sub, NULL) != SQLITE_OK) {
		fill_fail(db, "prepare");
		goto out;
	}
	for (long long k = 0; k < n; k++) {
		long long i = first + k, account, r;
		const struct fill_site *s = &sites[i % nsites];

		snprintf(email, sizeof(email), "fill%lld@bench.example.cn", i);
		snprintf(phone, sizeof(phone), "19%09lld", i);
		fill_resident_id(i, id, sizeof(id));
		if (sqlite3_bind_text(acc, 1, email, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_text(acc, 2, phone, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int64(acc, 3, now) != SQLITE_OK ||
		    sqlite3_step(acc) != SQLITE_DONE || sqlite3_reset(acc) != SQLITE_OK) {
			fill_fail(db, "account");
			goto out;
		}
		account = sqlite3_last_insert_rowid(db);
		if (sqlite3_bind_int64(reg, 1, session) != SQLITE_OK ||
		    sqlite3_bind_int64(reg, 2, account) != SQLITE_OK ||
		    sqlite3_bind_text(reg, 3, agreement, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int64(reg, 4, now) != SQLITE_OK ||
		    sqlite3_bind_text(reg, 5, id, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int64(reg, 6, s->id) != SQLITE_OK ||
		    sqlite3_bind_text(reg, 7, info, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_step(reg) != SQLITE_DONE || sqlite3_reset(reg) != SQLITE_OK) {
			fill_fail(db, "registration");
			goto out;
		}
		r = sqlite3_last_insert_rowid(db);
		for (int j = 0; j < 1 + (int)(i % 2) && j < s->nsubjects; j++) {
			if (sqlite3_bind_int64(sub, 1, r) != SQLITE_OK ||
			    sqlite3_bind_int64(sub, 2, s->id) != SQLITE_OK ||
			    sqlite3_bind_text(sub, 3, s->subjects[(i / nsites + (long long)j) % s->nsubjects],
					      -1, SQLITE_STATIC) != SQLITE_OK ||
			    sqlite3_bind_int64(sub, 4, now) != SQLITE_OK ||
			    sqlite3_step(sub) != SQLITE_DONE || sqlite3_reset(sub) != SQLITE_OK) {
				fill_fail(db, "subject");
				goto out;
			}
		}
	}
	/* Into the database file now: else the server's first commit would copy the WAL. */
	if (fill_exec(db, "COMMIT") != 0 || fill_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)") != 0)
		goto out;
	printf("fill-db: %lld candidates added (accounts %lld..%lld)\n", n, first, first + n - 1);
	rc = 0;
out:
	sqlite3_finalize(base);
	sqlite3_finalize(acc);
	sqlite3_finalize(reg);
	sqlite3_finalize(sub);
	sqlite3_close(db);
	return rc;
}
