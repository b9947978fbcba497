/*
 * "ncre-server schedule --db FILE [--now TIME] [--seed N] [--site CODE]":
 * after a site's registration window has closed, give every paid subject
 * there an exam date and time, a room and a seat, and an admission ticket
 * number (R-INT-03, R-TKT-02); rules-schedule.c decides, this file loads
 * and writes. Tickets issued already are kept, so a second run changes
 * nothing. All sites go in one write transaction: all or nothing. The
 * output gives counts and the seed, never names or ID numbers.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "clock.h"
#include "cmd.h"
#include "rules-schedule.h"
#include "store.h"

#define CMD_SCHEDULE_MAX_ROOMS 1000
#define CMD_SCHEDULE_MAX_TIMES 16

static void cmd_schedule_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server schedule --db FILE [--now TIME] [--seed N] [--site CODE]\n\n"
		   "After the registration window has closed, assign every paid subject an exam\n"
		   "date, time, room and seat and a ticket number. Without --site every site of the\n"
		   "current exam session; all must be closed. The same seed and data give the same\n"
		   "result; issued tickets never change.\n"
		   "Exit status: 0 done, 1 failed, 2 usage, 3 a window is still open, 4 cannot be\n"
		   "scheduled (no exam period, rooms or times, or not enough seats).\n");
}

/* A growable array of fixed-size rows. */
struct cmd_vec {
	void *rows;
	size_t n, cap, size, max;
};

static void *cmd_vec_push(struct cmd_vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap != 0 ? v->cap * 2 : 64;
		void *p;

		if (v->max != 0 && v->n >= v->max)
			return NULL;
		p = realloc(v->rows, cap * v->size);
		if (p == NULL)
			return NULL;
		v->rows = p;
		v->cap = cap;
	}
	return (char *)v->rows + v->size * v->n++;
}

static int cmd_schedule_room_cb(void *ud, const struct store_room *r)
{
	struct store_room *row = cmd_vec_push(ud);

	if (row == NULL)
		return -1;
	*row = *r;
	return 0;
}

static int cmd_schedule_time_cb(void *ud, const struct store_exam_time *t)
{
	struct store_exam_time *row = cmd_vec_push(ud);

	if (row == NULL)
		return -1;
	*row = *t;
	return 0;
}

static int cmd_schedule_ticket_cb(void *ud, const struct store_ticket *t)
{
	struct store_ticket *row = cmd_vec_push(ud);

	if (row == NULL)
		return -1;
	*row = *t;
	return 0;
}

static int cmd_schedule_item_cb(void *ud, const struct store_unscheduled *u)
{
	struct rules_schedule_item *row = cmd_vec_push(ud);

	if (row == NULL)
		return -1;
	memset(row, 0, sizeof(*row));
	row->in = *u;
	return 0;
}

struct cmd_schedule_run {
	struct store_conn *c;
	const struct store_exam_session *session;
	time_t now;
	uint64_t seed;
	const char *only;	/* --site, or NULL */
	int status;		/* exit status so far */
	size_t nsites;
	struct store_site *sites;
};

static int cmd_schedule_site_cb(void *ud, const struct store_site *s)
{
	struct cmd_schedule_run *run = ud;
	struct store_site *p;

	if (run->only != NULL && strcmp(run->only, s->code) != 0)
		return 0;
	p = realloc(run->sites, (run->nsites + 1) * sizeof(*p));
	if (p == NULL)
		return -1;
	run->sites = p;
	run->sites[run->nsites++] = *s;
	return 0;
}

/* Schedule one site inside the open transaction: 0, or the exit status. */
static int cmd_schedule_site(struct cmd_schedule_run *run, const struct store_site *site)
{
	struct cmd_vec rooms = { NULL, 0, 0, sizeof(struct store_room), CMD_SCHEDULE_MAX_ROOMS };
	struct cmd_vec times = { NULL, 0, 0, sizeof(struct store_exam_time), CMD_SCHEDULE_MAX_TIMES };
	struct cmd_vec tickets = { NULL, 0, 0, sizeof(struct store_ticket), 0 };
	struct cmd_vec items = { NULL, 0, 0, sizeof(struct rules_schedule_item), 0 };
	struct rules_schedule_site in;
	struct rules_schedule_item *it;
	size_t honoured = 0, full = 0;
	char err[512], detail[128];
	enum store_rc r;
	int status = EXIT_FAILURE;

	r = store_site_rooms_each(run->c, site->id, cmd_schedule_room_cb, &rooms);
	if (r == STORE_OK)
		r = store_site_exam_times_each(run->c, site->id, cmd_schedule_time_cb, &times);
	if (r == STORE_OK)
		r = store_tickets_each(run->c, site->id, cmd_schedule_ticket_cb, &tickets);
	if (r == STORE_OK)
		r = store_unscheduled_each(run->c, site->id, cmd_schedule_item_cb, &items);
	if (r != STORE_OK) {
		fprintf(stderr, "ncre-server schedule: site %s: cannot read it\n", site->code);
		goto out;
	}
	if (items.n > 0) {
		in = (struct rules_schedule_site){
			.exam_code = run->session->code, .site_code = site->code,
			.period_start = site->exam_start, .period_end = site->exam_end,
			.rooms = rooms.rows, .nrooms = rooms.n, .times = times.rows, .ntimes = times.n,
		};
		if (rules_schedule(&in, tickets.rows, tickets.n, items.rows, items.n, run->seed,
				   err, sizeof(err)) != 0) {
			fprintf(stderr, "ncre-server schedule: %s; nothing was scheduled\n", err);
			status = CMD_SCHEDULE_EXIT_CANNOT;
			goto out;
		}
	}
	it = items.rows;
	for (size_t i = 0; i < items.n; i++) {
		r = store_ticket_insert(run->c, site->id, &it[i].out, (int64_t)run->seed, run->now);
		if (r != STORE_OK) {
			fprintf(stderr, "ncre-server schedule: site %s: cannot store a ticket%s\n",
				site->code, r == STORE_CONFLICT ? " (a seat or number is taken)" : "");
			goto out;
		}
		honoured += it[i].out.intent;
		full += it[i].in.intent_date[0] != '\0' && !it[i].out.intent;
	}
	snprintf(detail, sizeof(detail), "seed %" PRIu64 ": %zu new, %zu kept", run->seed, items.n,
		 tickets.n);
	if (store_log_add(run->c, run->now, "office", site->code, "schedule", 0, detail) != STORE_OK) {
		fprintf(stderr, "ncre-server schedule: cannot write the audit log\n");
		goto out;
	}
	printf("site %s: %zu scheduled (%zu on the intended date, %zu intended dates full, "
	       "%zu at random), %zu kept\n", site->code, items.n, honoured, full,
	       items.n - honoured, tickets.n);
	status = EXIT_SUCCESS;
out:
	free(rooms.rows);
	free(times.rows);
	free(tickets.rows);
	free(items.rows);
	return status;
}

static int cmd_schedule_parse_seed(const char *s, uint64_t *out)
{
	char *end = NULL;
	unsigned long long v;

	errno = 0;
	if (s[0] < '0' || s[0] > '9')
		return -1;
	v = strtoull(s, &end, 10);
	/* Stored as a signed 64-bit integer. */
	if (errno != 0 || *end != '\0' || v > (unsigned long long)INT64_MAX)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

int cmd_schedule_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "site", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *now_iso = NULL, *seed_arg = NULL;
	struct cmd_schedule_run run;
	struct store_exam_session session;
	struct store *store = NULL;
	char err[512], when[32];
	int opt, status = EXIT_FAILURE;

	memset(&run, 0, sizeof(run));
	run.now = time(NULL);
	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 'n') {
			now_iso = optarg;
		} else if (opt == 's') {
			seed_arg = optarg;
		} else if (opt == 'S') {
			run.only = optarg;
		} else if (opt == 'h') {
			cmd_schedule_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			cmd_schedule_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || optind < argc) {
		cmd_schedule_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (now_iso != NULL && clock_parse_iso(now_iso, &run.now) != 0) {
		fprintf(stderr, "ncre-server schedule: --now must look like 2026-11-24T08:00:00Z\n");
		return CMD_EXIT_USAGE;
	}
	if (seed_arg != NULL && cmd_schedule_parse_seed(seed_arg, &run.seed) != 0) {
		fprintf(stderr, "ncre-server schedule: --seed must be a whole number from 0 to %"
			PRId64 "\n", INT64_MAX);
		return CMD_EXIT_USAGE;
	}
	if (seed_arg == NULL) {
		/* Unpredictable unless given; printed and logged so the run can be redone. */
		if (sodium_init() < 0) {
			fprintf(stderr, "ncre-server schedule: libsodium failed to initialise\n");
			return EXIT_FAILURE;
		}
		randombytes_buf(&run.seed, sizeof(run.seed));
		run.seed &= (uint64_t)INT64_MAX;
	}
	if (store_open(&store, db, 1, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server schedule: database: %s\n", err);
		return EXIT_FAILURE;
	}
	run.c = store_acquire(store);
	/* Two runs at once: the second waits, then finds the tickets issued and keeps them. */
	if (run.c == NULL || store_begin_write(run.c) != STORE_OK ||
	    store_job_lock(run.c, "schedule") != STORE_OK ||
	    store_exam_session_current(run.c, &session) != STORE_OK ||
	    store_sites_each(run.c, session.id, NULL, cmd_schedule_site_cb, &run) != STORE_OK) {
		fprintf(stderr, "ncre-server schedule: cannot read the current exam session\n");
		goto out;
	}
	run.session = &session;
	if (run.only != NULL && run.nsites == 0) {
		fprintf(stderr, "ncre-server schedule: no site %s in exam session %s\n", run.only,
			session.code);
		status = CMD_EXIT_USAGE;
		goto out;
	}
	/* R-INT-03: dates are fixed only once nobody can register or choose any more. */
	for (size_t i = 0; i < run.nsites; i++) {
		if (run.now < run.sites[i].window_close) {
			clock_format_iso(run.sites[i].window_close, when, sizeof(when));
			fprintf(stderr, "ncre-server schedule: refused: the registration window of "
				"site %s is open until %s; schedule after it closes\n",
				run.sites[i].code, when);
			status = CMD_SCHEDULE_EXIT_OPEN;
			goto out;
		}
	}
	printf("seed %" PRIu64 "\n", run.seed);
	for (size_t i = 0; i < run.nsites; i++) {
		status = cmd_schedule_site(&run, &run.sites[i]);
		if (status != EXIT_SUCCESS)
			goto out;
	}
	status = EXIT_FAILURE;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ncre-server schedule: cannot write the output; nothing was "
			"scheduled\n");
		goto out;
	}
	if (store_commit(run.c) != STORE_OK) {
		fprintf(stderr, "ncre-server schedule: cannot commit; nothing was scheduled\n");
		goto out;
	}
	status = EXIT_SUCCESS;
out:
	if (run.c != NULL)
		store_release(store, &run.c);	/* rolls back what was not committed */
	store_close(&store);
	free(run.sites);
	return status;
}
