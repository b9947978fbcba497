/* The expiry sweep: one pass, the periodic thread, and the command. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "rules-registration.h"
#include "server.h"
#include "store.h"
#include "sweep.h"
#include "log.h"

struct sweep {
	struct server *srv;
	unsigned interval;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

int sweep_run(struct store *store, time_t now, int *subjects, int *registrations)
{
	struct store_conn *c = store_acquire(store);
	enum store_rc r;

	*subjects = *registrations = 0;
	if (c == NULL)
		return -1;
	r = store_begin_write(c);
	if (r == STORE_OK)
		r = store_sweep_expired(c, rules_expiry_cutoff(now), now, subjects, registrations);
	if (r == STORE_OK)
		r = store_commit(c);
	store_release(store, &c);	/* rolls back what was not committed */
	if (r != STORE_OK) {
		*subjects = *registrations = 0;
		log_msg(LOG_PRIO_ERR, "sweep: failed; nothing deleted");
		return -1;
	}
	return 0;
}

static void *sweep_thread(void *arg)
{
	struct sweep *sw = arg;
	struct timespec until;
	int subjects, registrations;

	if (pthread_mutex_lock(&sw->lock) != 0)
		return NULL;
	while (!sw->stop) {
		if (clock_gettime(CLOCK_MONOTONIC, &until) != 0)
			break;
		until.tv_sec += sw->interval;
		while (!sw->stop) {
			int rc = pthread_cond_timedwait(&sw->wake, &sw->lock, &until);

			if (rc == ETIMEDOUT)
				break;
			if (rc != 0 && rc != EINTR)
				goto out;
		}
		if (sw->stop)
			break;
		pthread_mutex_unlock(&sw->lock);
		if (sweep_run(sw->srv->store, clock_now(&sw->srv->clock), &subjects,
			      &registrations) == 0 && (subjects > 0 || registrations > 0))
			log_msg(LOG_PRIO_INFO, "sweep: deleted %d subject(s), %d registration(s)",
				subjects, registrations);
		if (pthread_mutex_lock(&sw->lock) != 0)
			return NULL;
	}
out:
	pthread_mutex_unlock(&sw->lock);
	return NULL;
}

int sweep_start(struct sweep **out, struct server *srv, unsigned interval,
		char *err, size_t errlen)
{
	struct sweep *sw = calloc(1, sizeof(*sw));
	pthread_condattr_t attr;
	int cond_rc = -1;

	*out = NULL;
	if (sw == NULL) {
		snprintf(err, errlen, "sweep: out of memory");
		return -1;
	}
	sw->srv = srv;
	sw->interval = interval;
	if (pthread_mutex_init(&sw->lock, NULL) != 0) {
		free(sw);
		snprintf(err, errlen, "sweep: cannot create a mutex");
		return -1;
	}
	if (pthread_condattr_init(&attr) == 0) {
		if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0)
			cond_rc = pthread_cond_init(&sw->wake, &attr);
		pthread_condattr_destroy(&attr);
	}
	if (cond_rc != 0) {
		pthread_mutex_destroy(&sw->lock);
		free(sw);
		snprintf(err, errlen, "sweep: cannot create a condition variable");
		return -1;
	}
	if (pthread_create(&sw->thread, NULL, sweep_thread, sw) != 0) {
		pthread_cond_destroy(&sw->wake);
		pthread_mutex_destroy(&sw->lock);
		free(sw);
		snprintf(err, errlen, "sweep: cannot start the thread");
		return -1;
	}
	*out = sw;
	return 0;
}

void sweep_stop(struct sweep **swp)
{
	struct sweep *sw = *swp;

	if (sw == NULL)
		return;
	if (pthread_mutex_lock(&sw->lock) == 0) {
		sw->stop = true;
		pthread_cond_signal(&sw->wake);
		pthread_mutex_unlock(&sw->lock);
	}
	pthread_join(sw->thread, NULL);
	pthread_cond_destroy(&sw->wake);
	pthread_mutex_destroy(&sw->lock);
	free(sw);
	*swp = NULL;
}

int sweep_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *now_iso = NULL;
	struct store *store = NULL;
	int subjects = 0, registrations = 0, c;
	time_t now = time(NULL);
	char err[512];

	opterr = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'n') {
			now_iso = optarg;
		} else if (c == 'h') {
			printf("usage: ncre-server sweep --db FILE [--now TIME]\n\n"
			       "Delete what has expired (R-EXP-01, R-EXP-02) as of TIME\n"
			       "(default: now), print the counts and exit.\n");
			return EXIT_SUCCESS;
		} else {
			fprintf(stderr, "Try 'ncre-server sweep --help'.\n");
			return 2;
		}
	}
	if (db == NULL || optind < argc) {
		fprintf(stderr, "usage: ncre-server sweep --db FILE [--now TIME]\n");
		return 2;
	}
	if (now_iso != NULL && clock_parse_iso(now_iso, &now) != 0) {
		fprintf(stderr, "ncre-server sweep: --now must look like 2026-11-24T08:00:00Z\n");
		return 2;
	}
	if (store_open(&store, db, 1, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server sweep: database: %s\n", err);
		return EXIT_FAILURE;
	}
	c = sweep_run(store, now, &subjects, &registrations);
	store_close(&store);
	if (c != 0)
		return EXIT_FAILURE;
	printf("deleted subjects=%d registrations=%d\n", subjects, registrations);
	return EXIT_SUCCESS;
}
