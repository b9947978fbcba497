/*
 * The references the server's figures are read against, measured on this
 * machine in the same run (bench/bench.sh):
 *
 *   ref-loops commit DIR SECONDS    SQLite commits of one small row each, in
 *                                   WAL mode at synchronous=FULL (the
 *                                   server's level), one connection: commits/s
 *   ref-loops argon2 THREADS SECONDS
 *                                   argon2id verifications at the server's
 *                                   "interactive" cost on THREADS threads at
 *                                   once: verifications/s and ms per verify
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

static double ref_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int ref_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "ref-loops: %s: %s\n", sql, msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int ref_commit(const char *dir, double seconds)
{
	char path[4096];
	sqlite3 *db = NULL;
	sqlite3_stmt *begin = NULL, *ins = NULL, *commit = NULL;
	double t0, t;
	long n = 0;
	int rc = 1;

	snprintf(path, sizeof(path), "%s/ref-commit.db", dir);
	remove(path);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    ref_exec(db, "PRAGMA journal_mode=WAL") != 0 ||
	    ref_exec(db, "PRAGMA synchronous=FULL") != 0 ||
	    ref_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER, v TEXT)") != 0 ||
	    sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t(at, v) VALUES (?, 'a small row of text')", -1,
			       &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK)
		goto out;
	t0 = t = ref_now();
	while (t - t0 < seconds) {
		if (sqlite3_step(begin) != SQLITE_DONE || sqlite3_reset(begin) != SQLITE_OK ||
		    sqlite3_bind_int64(ins, 1, n) != SQLITE_OK || sqlite3_step(ins) != SQLITE_DONE ||
		    sqlite3_reset(ins) != SQLITE_OK || sqlite3_step(commit) != SQLITE_DONE ||
		    sqlite3_reset(commit) != SQLITE_OK)
			goto out;
		n++;
		t = ref_now();
	}
	printf("sqlite_commits_per_s %.0f\n", (double)n / (t - t0));
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "ref-loops: commit: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(begin);
	sqlite3_finalize(ins);
	sqlite3_finalize(commit);
	sqlite3_close(db);
	remove(path);
	return rc;
}

struct ref_argon {
	const char *hash;
	double until;
	long n;
	int failed;
};

static void *ref_argon_run(void *p)
{
	struct ref_argon *a = p;
	static const char pw[] = "Bench#2027";

	while (ref_now() < a->until) {
		if (crypto_pwhash_str_verify(a->hash, pw, sizeof(pw) - 1) != 0) {
			a->failed = 1;
			break;
		}
		a->n++;
	}
	return NULL;
}

static int ref_argon2(long threads, double seconds)
{
	char hash[crypto_pwhash_STRBYTES];
	struct ref_argon a[64];
	pthread_t th[64];
	double t0, t1;
	long n = 0;

	if (threads < 1 || threads > 64 || sodium_init() < 0)
		return 1;
	if (crypto_pwhash_str(hash, "Bench#2027", 10, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return 1;
	t0 = ref_now();
	for (long i = 0; i < threads; i++) {
		a[i] = (struct ref_argon){ hash, t0 + seconds, 0, 0 };
		if (pthread_create(&th[i], NULL, ref_argon_run, &a[i]) != 0)
			return 1;
	}
	for (long i = 0; i < threads; i++) {
		pthread_join(th[i], NULL);
		if (a[i].failed)
			return 1;
		n += a[i].n;
	}
	t1 = ref_now();
	printf("argon2_threads %ld\nargon2_verifies_per_s %.2f\nargon2_ms_per_verify %.1f\n",
	       threads, (double)n / (t1 - t0), (t1 - t0) * 1e3 * (double)threads / (double)n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "commit") == 0)
		return ref_commit(argv[2], atof(argv[3]));
	if (argc == 4 && strcmp(argv[1], "argon2") == 0)
		return ref_argon2(atol(argv[2]), atof(argv[3]));
	fprintf(stderr, "usage: ref-loops commit DIR SECONDS | ref-loops argon2 THREADS SECONDS\n");
	return 2;
}
