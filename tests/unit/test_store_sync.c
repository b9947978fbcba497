/*
 * The store's commits on SQLite (src/server/store.c): each is on disk
 * before store_commit() returns, the WAL's sync runs after the writer lock
 * is let go, and commits written meanwhile share one sync.
 *
 * A VFS put in front of SQLite's own counts the writes to the WAL and
 * notes, for each sync, how many writes had been made when it began: those
 * are on disk once it returns. A sync can be made slow to hold one open.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "server/store.h"
#include "server/store-internal.h"

/* What the VFS saw of the WAL. */
static atomic_long wal_writes;		/* writes so far */
static atomic_long wal_durable;		/* writes made before the newest sync that ended began */
static atomic_long wal_syncs;		/* syncs begun */
static atomic_int sync_slow_ms;		/* each sync first sleeps this long */
static atomic_int syncs_running;
static atomic_long sync_fails_at;	/* the sync of this number (wal_syncs) fails */
static _Thread_local long my_last_write;	/* this thread's newest write, numbered from 1 */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;

struct shim_file {
	sqlite3_file base;	/* must come first */
	bool wal;
	sqlite3_file *real;	/* allocated just after this struct */
};

static struct shim_file *shim(sqlite3_file *f)
{
	return (struct shim_file *)f;
}

static int shim_close(sqlite3_file *f)
{
	return shim(f)->real->pMethods->xClose(shim(f)->real);
}

static int shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return shim(f)->real->pMethods->xRead(shim(f)->real, buf, n, off);
}

static int shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	int rc = shim(f)->real->pMethods->xWrite(shim(f)->real, buf, n, off);

	if (shim(f)->wal && rc == SQLITE_OK)
		my_last_write = atomic_fetch_add(&wal_writes, 1) + 1;
	return rc;
}

static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return shim(f)->real->pMethods->xTruncate(shim(f)->real, size);
}

static int shim_sync(sqlite3_file *f, int flags)
{
	long before, number;
	int rc, ms;

	if (!shim(f)->wal)
		return shim(f)->real->pMethods->xSync(shim(f)->real, flags);
	before = atomic_load(&wal_writes);
	number = atomic_fetch_add(&wal_syncs, 1) + 1;
	atomic_fetch_add(&syncs_running, 1);
	ms = atomic_load(&sync_slow_ms);
	if (ms > 0) {
		struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

		nanosleep(&ts, NULL);
	}
	rc = number == atomic_load(&sync_fails_at)
		     ? SQLITE_IOERR_FSYNC
		     : shim(f)->real->pMethods->xSync(shim(f)->real, flags);
	if (rc == SQLITE_OK) {
		long d = atomic_load(&wal_durable);

		while (before > d && !atomic_compare_exchange_weak(&wal_durable, &d, before))
			;
	}
	atomic_fetch_sub(&syncs_running, 1);
	return rc;
}

static int shim_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return shim(f)->real->pMethods->xFileSize(shim(f)->real, size);
}

static int shim_lock(sqlite3_file *f, int l)
{
	return shim(f)->real->pMethods->xLock(shim(f)->real, l);
}

static int shim_unlock(sqlite3_file *f, int l)
{
	return shim(f)->real->pMethods->xUnlock(shim(f)->real, l);
}

static int shim_reserved(sqlite3_file *f, int *out)
{
	return shim(f)->real->pMethods->xCheckReservedLock(shim(f)->real, out);
}

static int shim_fcntl(sqlite3_file *f, int op, void *arg)
{
	return shim(f)->real->pMethods->xFileControl(shim(f)->real, op, arg);
}

static int shim_sector(sqlite3_file *f)
{
	return shim(f)->real->pMethods->xSectorSize(shim(f)->real);
}

static int shim_caps(sqlite3_file *f)
{
	return shim(f)->real->pMethods->xDeviceCharacteristics(shim(f)->real);
}

static int shim_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **p)
{
	return shim(f)->real->pMethods->xShmMap(shim(f)->real, pg, pgsz, extend, p);
}

static int shim_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return shim(f)->real->pMethods->xShmLock(shim(f)->real, off, n, flags);
}

static void shim_shm_barrier(sqlite3_file *f)
{
	shim(f)->real->pMethods->xShmBarrier(shim(f)->real);
}

static int shim_shm_unmap(sqlite3_file *f, int del)
{
	return shim(f)->real->pMethods->xShmUnmap(shim(f)->real, del);
}

static const sqlite3_io_methods shim_io = {
	.iVersion = 2,
	.xClose = shim_close,
	.xRead = shim_read,
	.xWrite = shim_write,
	.xTruncate = shim_truncate,
	.xSync = shim_sync,
	.xFileSize = shim_size,
	.xLock = shim_lock,
	.xUnlock = shim_unlock,
	.xCheckReservedLock = shim_reserved,
	.xFileControl = shim_fcntl,
	.xSectorSize = shim_sector,
	.xDeviceCharacteristics = shim_caps,
	.xShmMap = shim_shm_map,
	.xShmLock = shim_shm_lock,
	.xShmBarrier = shim_shm_barrier,
	.xShmUnmap = shim_shm_unmap,
};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct shim_file *sf = shim(f);
	int rc;

	(void)vfs;
	sf->real = (sqlite3_file *)(sf + 1);
	sf->wal = (flags & SQLITE_OPEN_WAL) != 0;
	rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out);
	sf->base.pMethods = sf->real->pMethods != NULL ? &shim_io : NULL;
	return rc;
}

/* The unix VFS's other calls, as they are. */
static int shim_delete(sqlite3_vfs *v, const char *name, int dirsync)
{
	(void)v;
	return real_vfs->xDelete(real_vfs, name, dirsync);
}

static int shim_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int shim_fullname(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int shim_random(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int shim_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return real_vfs->xSleep(real_vfs, us);
}

static int shim_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int shim_last_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int shim_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

struct fixture {
	char dir[64];
	char path[96];
	struct store *store;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char err[256];

	assert_non_null(fx);
	if (real_vfs == NULL) {
		assert_int_equal(sqlite3_initialize(), SQLITE_OK);
		real_vfs = sqlite3_vfs_find(NULL);
		assert_non_null(real_vfs);
		shim_vfs = (sqlite3_vfs){
			.iVersion = 2,
			.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile,
			.mxPathname = real_vfs->mxPathname,
			.zName = "store-sync-shim",
			.xOpen = shim_open,
			.xDelete = shim_delete,
			.xAccess = shim_access,
			.xFullPathname = shim_fullname,
			.xRandomness = shim_random,
			.xSleep = shim_sleep,
			.xCurrentTime = shim_time,
			.xGetLastError = shim_last_error,
			.xCurrentTimeInt64 = shim_time64,
		};
		assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
	}
	atomic_store(&sync_slow_ms, 0);
	strcpy(fx->dir, "/tmp/ncre-store-sync.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/ncre.db", fx->dir);
	assert_int_equal(store_open(&fx->store, fx->path, 4, err, sizeof(err)), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char p[128];

	store_close(&fx->store);
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", fx->path, (const char *[]){ "", "-wal", "-shm" }[i]);
		(void)unlink(p);
	}
	(void)rmdir(fx->dir);
	free(fx);
	return 0;
}

/* One small write transaction of the store's kind. */
static enum store_rc one_write(struct store *s, int64_t v)
{
	struct store_conn *c = store_acquire(s);
	enum store_rc r;

	assert_non_null(c);
	r = store_begin_write(c);
	if (r == STORE_OK)
		r = store_exec_int(c, "INSERT INTO signups(addr, at) VALUES ('test', ?1)", v, "signup");
	if (r == STORE_OK)
		r = store_commit(c);
	store_release(s, &c);
	return r;
}

/* Every commit is on disk when store_commit returns, and so is a write on its own. */
static void test_commit_is_durable(void **state)
{
	struct fixture *fx = *state;
	struct store_conn *c;

	for (int i = 0; i < 20; i++) {
		long syncs = atomic_load(&wal_syncs);

		assert_int_equal(one_write(fx->store, i), STORE_OK);
		assert_true(my_last_write > 0);
		assert_true(atomic_load(&wal_durable) >= my_last_write);
		assert_true(atomic_load(&wal_syncs) > syncs);
	}
	c = store_acquire(fx->store);
	assert_non_null(c);
	assert_int_equal(store_exec_int(c, "INSERT INTO signups(addr, at) VALUES ('alone', ?1)", 1,
					"signup"), STORE_OK);
	assert_true(atomic_load(&wal_durable) >= my_last_write);
	store_release(fx->store, &c);
}

/* A rolled-back transaction syncs nothing. */
static void test_rollback_syncs_nothing(void **state)
{
	struct fixture *fx = *state;
	struct store_conn *c = store_acquire(fx->store);
	long syncs = atomic_load(&wal_syncs);

	assert_non_null(c);
	assert_int_equal(store_begin_write(c), STORE_OK);
	assert_int_equal(store_exec_int(c, "INSERT INTO signups(addr, at) VALUES ('no', ?1)", 1,
					"signup"), STORE_OK);
	store_rollback(c);
	store_release(fx->store, &c);
	assert_int_equal(atomic_load(&wal_syncs), syncs);
}

struct writer {
	struct store *store;
	int64_t v;
	enum store_rc r;
	bool durable;		/* its writes were synced when its commit returned */
	double began_write;	/* seconds, monotonic: store_begin_write returned */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *writer_run(void *p)
{
	struct writer *w = p;
	struct store_conn *c = store_acquire(w->store);

	if (c == NULL) {
		w->r = STORE_ERROR;
		return NULL;
	}
	w->r = store_begin_write(c);
	w->began_write = now_s();
	if (w->r == STORE_OK)
		w->r = store_exec_int(c, "INSERT INTO signups(addr, at) VALUES ('thread', ?1)", w->v,
				      "signup");
	if (w->r == STORE_OK)
		w->r = store_commit(c);
	w->durable = atomic_load(&wal_durable) >= my_last_write && my_last_write > 0;
	store_release(w->store, &c);
	return NULL;
}

/*
 * While one commit's sync takes 2 s, another writer gets the write lock
 * at once: the sync does not hold it.
 */
static void test_sync_outside_writer_lock(void **state)
{
	struct fixture *fx = *state;
	struct writer a = { fx->store, 1, STORE_ERROR, false, 0 };
	struct writer b = { fx->store, 2, STORE_ERROR, false, 0 };
	pthread_t ta, tb;
	double t0;

	atomic_store(&sync_slow_ms, 2000);
	assert_int_equal(pthread_create(&ta, NULL, writer_run, &a), 0);
	for (int i = 0; i < 2000 && atomic_load(&syncs_running) == 0; i++)
		usleep(1000);
	assert_int_equal(atomic_load(&syncs_running), 1);
	t0 = now_s();
	assert_int_equal(pthread_create(&tb, NULL, writer_run, &b), 0);
	assert_int_equal(pthread_join(tb, NULL), 0);
	assert_int_equal(pthread_join(ta, NULL), 0);
	atomic_store(&sync_slow_ms, 0);
	assert_int_equal(a.r, STORE_OK);
	assert_int_equal(b.r, STORE_OK);
	assert_true(a.durable);
	assert_true(b.durable);
	/* b began writing while a's sync still slept (well under its 2 s). */
	assert_true(b.began_write - t0 < 1.5);
}

/* Commits written during one sync share the next: fewer syncs than commits. */
static void test_commits_share_a_sync(void **state)
{
	struct fixture *fx = *state;
	enum { N = 8 };
	struct writer w[N];
	pthread_t t[N];
	long syncs;

	atomic_store(&sync_slow_ms, 100);
	syncs = atomic_load(&wal_syncs);
	for (int i = 0; i < N; i++) {
		w[i] = (struct writer){ fx->store, 100 + i, STORE_ERROR, false, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, writer_run, &w[i]), 0);
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	atomic_store(&sync_slow_ms, 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(w[i].r, STORE_OK);
		assert_true(w[i].durable);
	}
	/* 4 connections: at most the first, then one per round of waiters. */
	assert_true(atomic_load(&wal_syncs) - syncs < N);
}

/*
 * A failed sync fails every commit it had to cover: two commits written
 * during a slow first sync both wait for the second, which fails.
 */
static void test_failed_sync_fails_its_commits(void **state)
{
	struct fixture *fx = *state;
	struct writer r = { fx->store, 1, STORE_ERROR, false, 0 };
	struct writer w = { fx->store, 2, STORE_ERROR, false, 0 };
	struct writer x = { fx->store, 3, STORE_ERROR, false, 0 };
	pthread_t tr, tw, tx;

	atomic_store(&sync_slow_ms, 1500);
	atomic_store(&sync_fails_at, atomic_load(&wal_syncs) + 2);
	assert_int_equal(pthread_create(&tr, NULL, writer_run, &r), 0);
	for (int i = 0; i < 2000 && atomic_load(&syncs_running) == 0; i++)
		usleep(1000);
	assert_int_equal(atomic_load(&syncs_running), 1);
	assert_int_equal(pthread_create(&tw, NULL, writer_run, &w), 0);
	assert_int_equal(pthread_create(&tx, NULL, writer_run, &x), 0);
	assert_int_equal(pthread_join(tr, NULL), 0);
	assert_int_equal(pthread_join(tw, NULL), 0);
	assert_int_equal(pthread_join(tx, NULL), 0);
	atomic_store(&sync_slow_ms, 0);
	atomic_store(&sync_fails_at, 0);
	assert_int_equal(r.r, STORE_OK);
	assert_int_equal(w.r, STORE_ERROR);
	assert_int_equal(x.r, STORE_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_is_durable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_syncs_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_outside_writer_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commits_share_a_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_sync_fails_its_commits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
