/*
 * Several ncre-server instances on one database behind a real haproxy
 * (tests/multi/run.sh): NCRE_URL is haproxy's, and haproxy spreads the
 * connections over the instances, sending each a PROXY v2 header.
 *   multirace   small-site.json: R-REG-08, 50 clients race for the last 3
 *               places, three rounds, exactly 3 winners each time
 *   multiorder  small-site.json: R-REG-08, saves naming the same subjects in
 *               opposite orders at once: every one answered 200, no deadlock
 *   multiintent intent-site.json: R-INT-01, the same for an intended date
 *   multiintentorder intent-site.json: R-INT-01, choices naming the same
 *               dates in opposite orders, and moves between two dates in
 *               opposite directions, at once: every one answered 200
 *   multisweep  small-site.json: R-EXP-01 the sweep run three times at once;
 *               on PostgreSQL it passes over a registration another holds
 *   multilimit  --login-ip-limit 3: R-ACC-04 counts the client's address
 *   multikill   NCRE_KILL_PID is SIGKILLed during a write load
 *   multidb     the database restarted (NCRE_DB_RESTART) during a write load
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "db.h"
#include "intent.h"
#include "tests.h"

#define MULTI_RACERS 50
#define MULTI_ROUNDS 3
#define MULTI_INTENT_RACERS 20
#define MULTI_SWEPT 12
#define MULTI_WRITERS 8
#define MULTI_ORDER_CLIENTS 16
#define MULTI_ORDER_ROUNDS 12

static pthread_barrier_t multi_start;

struct multi_racer {
	char token[128];
	char id[32];
	long status;
	char code[32];
};

static void multi_copy_code(const struct api_resp *r, char *code, size_t len)
{
	const char *c = api_error_code(r);

	snprintf(code, len, "%s", c != NULL ? c : "");
}

static void *multi_race_subject(void *p)
{
	struct multi_racer *a = p;
	struct api_resp r;

	(void)pthread_barrier_wait(&multi_start);
	a->status = api_put_info(a->token, a->id, "990101", "[\"14\"]", &r);
	multi_copy_code(&r, a->code, sizeof(a->code));
	api_resp_free(&r);
	return NULL;
}

static void *multi_race_intent(void *p)
{
	struct multi_racer *a = p;
	struct api_resp r;

	(void)pthread_barrier_wait(&multi_start);
	intent_put(a->token, "{\"14\":\"2027-03-27\"}", &r);
	a->status = r.status;
	multi_copy_code(&r, a->code, sizeof(a->code));
	api_resp_free(&r);
	return NULL;
}

/* Start n racers at one moment; returns how many got 200, checks the others' code. */
static int multi_race(struct multi_racer *racers, int n, void *(*fn)(void *),
		      const char *full_code)
{
	pthread_t th[MULTI_RACERS];
	int won = 0;

	assert_true(n <= MULTI_RACERS);
	assert_int_equal(pthread_barrier_init(&multi_start, NULL, (unsigned)n), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_create(&th[i], NULL, fn, &racers[i]), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	assert_int_equal(pthread_barrier_destroy(&multi_start), 0);
	for (int i = 0; i < n; i++) {
		if (racers[i].status == 200) {
			won++;
			continue;
		}
		if (racers[i].status != 409 || strcmp(racers[i].code, full_code) != 0)
			fprintf(stderr, "racer %d: %ld %s\n", i, racers[i].status, racers[i].code);
		assert_int_equal(racers[i].status, 409);
		assert_string_equal(racers[i].code, full_code);
	}
	return won;
}

/* R-REG-08 across instances: each round 50 new clients, 3 places, 3 winners. */
static void test_R_REG_08_race_through_haproxy_repeated(void **state)
{
	static struct multi_racer racers[MULTI_RACERS];
	struct api_resp r;
	char path[64];

	(void)state;
	for (int round = 0; round < MULTI_ROUNDS; round++) {
		int won;

		for (int i = 0; i < MULTI_RACERS; i++) {
			memset(&racers[i], 0, sizeof(racers[i]));
			api_new_registrant(racers[i].token, sizeof(racers[i].token), racers[i].id,
					   sizeof(racers[i].id));
		}
		assert_int_equal(api_remaining("990101", "14"), 3);
		won = multi_race(racers, MULTI_RACERS, multi_race_subject, "SUBJECT_FULL");
		fprintf(stderr, "# round %d: %d of %d won\n", round + 1, won, MULTI_RACERS);
		assert_int_equal(won, 3);
		assert_int_equal(api_remaining("990101", "14"), 0);
		/* The winners give their places back for the next round. */
		snprintf(path, sizeof(path), "/v1/registration/subjects/14");
		for (int i = 0; i < MULTI_RACERS; i++) {
			if (racers[i].status != 200)
				continue;
			api_send("DELETE", path, racers[i].token, NULL, &r);
			assert_int_equal(r.status, 200);
			api_resp_free(&r);
		}
	}
	assert_int_equal(api_remaining("990101", "14"), 3);
}

/* R-INT-01 across instances: 20 paid candidates, 3 places on a date, three rounds. */
static void test_R_INT_01_intent_race_through_haproxy_repeated(void **state)
{
	static struct multi_racer racers[MULTI_INTENT_RACERS];
	struct api_resp r;

	(void)state;
	for (int i = 0; i < MULTI_INTENT_RACERS; i++) {
		memset(&racers[i], 0, sizeof(racers[i]));
		intent_candidate("990101", "[\"14\"]", "[\"14\"]", racers[i].token,
				 sizeof(racers[i].token), racers[i].id, sizeof(racers[i].id));
	}
	for (int round = 0; round < MULTI_ROUNDS; round++) {
		int won;

		assert_int_equal(intent_remaining(racers[0].token, "14", "2027-03-27"), 3);
		won = multi_race(racers, MULTI_INTENT_RACERS, multi_race_intent, "INTENT_DATE_FULL");
		fprintf(stderr, "# round %d: %d of %d won\n", round + 1, won, MULTI_INTENT_RACERS);
		assert_int_equal(won, 3);
		assert_int_equal(intent_remaining(racers[0].token, "14", "2027-03-27"), 0);
		for (int i = 0; i < MULTI_INTENT_RACERS; i++) {
			if (racers[i].status != 200)
				continue;
			intent_put(racers[i].token, "{\"14\":null}", &r);
			assert_int_equal(r.status, 200);
			api_resp_free(&r);
		}
	}
}

struct multi_order_client {
	char token[128];
	char id[32];
	int index;
	int ok, busy, other;
};

/*
 * One candidate's saves, all clients starting each round at one moment:
 * even clients name ["15","26"] then keep ["26"] (giving 15 back), odd
 * clients ["26","15"] then ["15"] (giving 26 back). Each save checks the
 * count rows of both subjects, adds and gives back places: the same rows,
 * named in opposite orders by half of the clients.
 */
static void *multi_order_saves(void *p)
{
	struct multi_order_client *a = p;
	static const char *const lists[2][2] = {
		{ "[\"15\",\"26\"]", "[\"26\"]" },
		{ "[\"26\",\"15\"]", "[\"15\"]" },
	};

	for (int round = 0; round < MULTI_ORDER_ROUNDS; round++) {
		struct api_resp r;
		long status;

		(void)pthread_barrier_wait(&multi_start);
		status = api_put_info(a->token, a->id, "990101", lists[a->index % 2][round % 2], &r);
		if (status == 200) {
			a->ok++;
		} else {
			if (status == 503)
				a->busy++;
			else
				a->other++;
			fprintf(stderr, "# client %d round %d: %ld %s\n", a->index, round + 1, status,
				r.body != NULL ? r.body : "");
		}
		api_resp_free(&r);
	}
	return NULL;
}

/*
 * Run fn for each of the MULTI_ORDER_CLIENTS clients at once, and check
 * that every request of every round was answered 200: a deadlock broken
 * by PostgreSQL would be a 503.
 */
static void multi_order_run(struct multi_order_client *c, void *(*fn)(void *), const char *what)
{
	pthread_t th[MULTI_ORDER_CLIENTS];
	int ok = 0, busy = 0, other = 0;

	assert_int_equal(pthread_barrier_init(&multi_start, NULL, MULTI_ORDER_CLIENTS), 0);
	for (int i = 0; i < MULTI_ORDER_CLIENTS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, fn, &c[i]), 0);
	for (int i = 0; i < MULTI_ORDER_CLIENTS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		ok += c[i].ok;
		busy += c[i].busy;
		other += c[i].other;
	}
	assert_int_equal(pthread_barrier_destroy(&multi_start), 0);
	fprintf(stderr, "# %d %s: %d answered 200, %d 503, %d other\n",
		MULTI_ORDER_CLIENTS * MULTI_ORDER_ROUNDS, what, ok, busy, other);
	assert_int_equal(busy, 0);
	assert_int_equal(other, 0);
	assert_int_equal(ok, MULTI_ORDER_CLIENTS * MULTI_ORDER_ROUNDS);
}

/*
 * R-REG-08 without deadlocks: 16 candidates through haproxy save the same
 * two subjects at one site in opposite orders, 12 rounds at once. The
 * count rows are locked in one order whatever the request's order, so
 * none waits for another in a circle: every save is answered 200 (a
 * deadlock broken by PostgreSQL would be a 503), and the places taken add
 * up afterwards.
 */
static void test_R_REG_08_opposite_orders_do_not_deadlock(void **state)
{
	static struct multi_order_client c[MULTI_ORDER_CLIENTS];
	int left15, left26;

	(void)state;
	left15 = api_remaining("990101", "15");
	left26 = api_remaining("990101", "26");
	for (int i = 0; i < MULTI_ORDER_CLIENTS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].index = i;
		api_new_registrant(c[i].token, sizeof(c[i].token), c[i].id, sizeof(c[i].id));
	}
	multi_order_run(c, multi_order_saves, "saves");
	/* After an even number of rounds each client holds its second list: one subject. */
	assert_int_equal(api_remaining("990101", "15"), left15 - MULTI_ORDER_CLIENTS / 2);
	assert_int_equal(api_remaining("990101", "26"), left26 - MULTI_ORDER_CLIENTS / 2);
}

static time_t multi_parse_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	assert_non_null(strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm));
	return timegm(&tm);
}

/* The database as "ncre-server sweep --db" takes it. */
static void multi_db(char *buf, size_t len)
{
	const char *db = getenv("NCRE_DB"), *tmp = getenv("NCRE_TMP");

	if (db != NULL) {
		snprintf(buf, len, "%s", db);
		return;
	}
	assert_non_null(tmp);
	snprintf(buf, len, "%s/ncre.db", tmp);
}

/*
 * R-EXP-01 with the sweep run three times at once (three instances' timers,
 * or the command on three machines): every expired subject is deleted by
 * exactly one of them, and their counts add up to the number that expired.
 */
static void test_R_EXP_01_sweep_three_at_once(void **state)
{
	char tokens[MULTI_SWEPT][128], id[32], cmd[2048], iso[32], db[1024], line[128];
	const char *bin = getenv("NCRE_SERVER_BIN");
	FILE *p[3];
	struct api_resp r;
	time_t last = 0;
	int subjects = 0, registrations = 0;

	(void)state;
	assert_non_null(bin);
	multi_db(db, sizeof(db));
	for (int i = 0; i < MULTI_SWEPT; i++) {
		const cJSON *reg;

		api_new_registrant(tokens[i], sizeof(tokens[i]), id, sizeof(id));
		assert_int_equal(api_put_info(tokens[i], id, "990101", "[\"15\"]", &r), 200);
		api_resp_free(&r);
		api_get("/v1/registration", tokens[i], &r);
		assert_int_equal(r.status, 200);
		reg = cJSON_GetObjectItem(r.json, "registration");
		assert_true(cJSON_IsString(cJSON_GetObjectItem(reg, "delete_after")));
		if (multi_parse_time(cJSON_GetObjectItem(reg, "delete_after")->valuestring) > last)
			last = multi_parse_time(cJSON_GetObjectItem(reg, "delete_after")->valuestring);
		api_resp_free(&r);
	}
	{
		struct tm tm;

		assert_non_null(gmtime_r(&last, &tm));
		assert_true(strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0);
	}
	snprintf(cmd, sizeof(cmd), "'%s' sweep --db '%s' --now %s", bin, db, iso);
	for (int k = 0; k < 3; k++) {
		p[k] = popen(cmd, "r");
		assert_non_null(p[k]);
	}
	for (int k = 0; k < 3; k++) {
		int s = -1, g = -1;

		line[0] = '\0';
		if (fgets(line, sizeof(line), p[k]) == NULL)
			line[0] = '\0';
		assert_int_equal(pclose(p[k]), 0);
		fprintf(stderr, "# sweep %d: %s", k + 1, line);
		assert_int_equal(sscanf(line, "deleted subjects=%d registrations=%d", &s, &g), 2);
		subjects += s;
		registrations += g;
	}
	assert_int_equal(subjects, MULTI_SWEPT);
	assert_int_equal(registrations, MULTI_SWEPT);
	/* The deletion log: each registration recorded once, by the system. */
	{
		char out[64];

		assert_int_equal(db_sql(db, "SELECT count(*), count(DISTINCT registration) FROM"
					" registration_deletions WHERE by_system = 1", out, sizeof(out)), 0);
		snprintf(line, sizeof(line), "%d|%d\n", MULTI_SWEPT, MULTI_SWEPT);
		assert_string_equal(out, line);
	}
	for (int i = 0; i < MULTI_SWEPT; i++) {
		api_get("/v1/registration", tokens[i], &r);
		assert_int_equal(r.status, 200);
		assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
							"registration"), "exists")));
		api_resp_free(&r);
	}
	/* Run once more: nothing is left to delete. */
	p[0] = popen(cmd, "r");
	assert_non_null(p[0]);
	if (fgets(line, sizeof(line), p[0]) == NULL)
		line[0] = '\0';
	assert_int_equal(pclose(p[0]), 0);
	assert_string_equal(line, "deleted subjects=0 registrations=0\n");
}

/* Run the sweep command on db at iso; its line "deleted subjects=S registrations=G". */
static void multi_sweep_once(const char *db, const char *iso, int *subjects, int *registrations)
{
	char cmd[2048], line[128];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "timeout 30 '%s' sweep --db '%s' --now %s",
		 getenv("NCRE_SERVER_BIN"), db, iso);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (fgets(line, sizeof(line), p) == NULL)
		line[0] = '\0';
	assert_int_equal(pclose(p), 0);
	fprintf(stderr, "# sweep: %s", line);
	assert_int_equal(sscanf(line, "deleted subjects=%d registrations=%d", subjects,
				registrations), 2);
}

/*
 * R-EXP-01 on PostgreSQL: a sweep does not wait for a registration another
 * transaction holds (a candidate saving it, another sweep): it deletes the
 * rest, and the next run deletes that one. Three expired registrations;
 * one is held (SELECT ... FOR UPDATE in psql, for 3 s) while the sweep
 * runs: 2 deleted, then 1.
 */
static void test_R_EXP_01_sweep_skips_a_held_registration(void **state)
{
	char tokens[3][128], ids[3][32], db[1024], iso[32], cmd[2048], out[256];
	const char *delete_after = NULL;
	struct api_resp r;
	FILE *holder;
	int s = -1, g = -1;

	(void)state;
	if (!db_is_pg())
		skip();
	multi_db(db, sizeof(db));
	for (int i = 0; i < 3; i++) {
		api_new_registrant(tokens[i], sizeof(tokens[i]), ids[i], sizeof(ids[i]));
		assert_int_equal(api_put_info(tokens[i], ids[i], "990101", "[\"15\"]", &r), 200);
		api_resp_free(&r);
	}
	api_get("/v1/registration", tokens[2], &r);
	assert_int_equal(r.status, 200);
	delete_after = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
						"registration"), "delete_after"));
	assert_non_null(delete_after);
	snprintf(iso, sizeof(iso), "%s", delete_after);
	api_resp_free(&r);
	snprintf(cmd, sizeof(cmd), "PGAPPNAME=ncre-test-hold psql -X -q -d '%s' -c BEGIN"
		 " -c \"SELECT 1 FROM registrations WHERE id_number = '%s' FOR UPDATE\""
		 " -c 'SELECT pg_sleep(3)' -c COMMIT >/dev/null 2>&1", db, ids[0]);
	holder = popen(cmd, "r");
	assert_non_null(holder);
	/* The row is locked once the holder has gone on to its sleep. */
	for (int i = 0; i < 250; i++) {
		assert_int_equal(db_sql(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name"
					" = 'ncre-test-hold' AND state = 'active'"
					" AND query LIKE 'SELECT pg_sleep%'", out, sizeof(out)), 0);
		if (strcmp(out, "1\n") == 0)
			break;
		usleep(20 * 1000);
	}
	assert_string_equal(out, "1\n");
	multi_sweep_once(db, iso, &s, &g);
	assert_int_equal(s, 2);
	assert_int_equal(g, 2);
	assert_int_equal(pclose(holder), 0);
	multi_sweep_once(db, iso, &s, &g);
	assert_int_equal(s, 1);
	assert_int_equal(g, 1);
	for (int i = 0; i < 3; i++) {
		api_get("/v1/registration", tokens[i], &r);
		assert_int_equal(r.status, 200);
		assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
							"registration"), "exists")));
		api_resp_free(&r);
	}
}

/* A failed login from addr (a loopback address) through haproxy. */
static void multi_bad_login(const char *addr, struct api_resp *r)
{
	static atomic_uint n;
	char body[256];
	struct api_req req = { .method = "POST", .path = "/v1/sessions", .local_addr = addr };

	snprintf(body, sizeof(body),
		 "{\"login\":\"nobody%u.%ld@example.cn\",\"password\":\"Abc123!x\"}",
		 atomic_fetch_add(&n, 1), (long)getpid());
	req.body = body;
	api_do(&req, r);
}

/*
 * R-ACC-04 behind haproxy (--login-ip-limit 3): three failed logins from
 * 127.0.0.2 lock 127.0.0.2 out, while 127.0.0.3, through the same haproxy,
 * is not; every instance logs the client's address, never haproxy's
 * (127.0.0.9, whose own lines are its health checks).
 */
static void test_R_ACC_04_limits_count_the_client_behind_haproxy(void **state)
{
	struct api_resp r;
	char *log;

	(void)state;
	for (int i = 0; i < 3; i++) {
		multi_bad_login("127.0.0.2", &r);
		api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
		api_resp_free(&r);
	}
	multi_bad_login("127.0.0.2", &r);
	api_assert_error(&r, 429, "RATE_LIMITED", NULL);
	api_resp_free(&r);
	for (int i = 0; i < 2; i++) {
		multi_bad_login("127.0.0.3", &r);
		api_assert_error(&r, 401, "BAD_CREDENTIALS", NULL);
		api_resp_free(&r);
	}
	assert_true(api_server_log_wait(" 127.0.0.2 POST /v1/sessions 429 "));
	assert_true(api_server_log_wait(" 127.0.0.3 POST /v1/sessions 401 "));
	log = api_server_log();
	assert_null(strstr(log, " 127.0.0.9 POST /v1/sessions"));
	free(log);
}

/* A write load: sign-ups from MULTI_WRITERS clients until told to stop. */
struct multi_load {
	atomic_bool stop;
	atomic_int acked;
	atomic_bool event;		/* the kill or the database restart is over */
	struct timespec event_at;
	double settle;			/* failures starting this long after it are late */
};

struct multi_writer {
	struct multi_load *load;
	int index, n;
	char logins[512][64];
	bool acked[512];
	int failed, late, busy, busy_no_retry, transport, other;
};

static double multi_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void *multi_write(void *p)
{
	struct multi_writer *w = p;
	struct multi_load *l = w->load;

	while (!atomic_load(&l->stop) && w->n < 512) {
		char body[512], phone[16];
		struct api_resp r;
		bool late = atomic_load(&l->event) && multi_since(&l->event_at) >= l->settle;
		int i = w->n++;

		snprintf(w->logins[i], sizeof(w->logins[i]), "w%ld.%d.%d@example.cn",
			 (long)getpid(), w->index, i);
		snprintf(phone, sizeof(phone), "137%02ld%d%05d", (long)getpid() % 100, w->index, i);
		snprintf(body, sizeof(body),
			 "{\"email\":\"%s\",\"phone\":\"%s\",\"password\":\"%s\",\"password2\":\"%s\"}",
			 w->logins[i], phone, API_PASSWORD, API_PASSWORD);
		api_send("POST", "/v1/accounts", NULL, body, &r);
		w->acked[i] = r.status == 201;
		if (w->acked[i]) {
			atomic_fetch_add(&l->acked, 1);
			api_resp_free(&r);
			continue;
		}
		w->failed++;
		if (r.status == 503) {
			w->busy++;
			if (r.retry_after[0] == '\0')
				w->busy_no_retry++;
		} else if (r.status == 0) {
			w->transport++;		/* cut off, or haproxy had no instance up */
		} else {
			w->other++;
		}
		if (late || (r.status != 503 && r.status != 0)) {
			w->late += late;
			fprintf(stderr, "# writer %d: %ld curl %d %s\n", w->index, r.status,
				r.curl_rc, r.body != NULL ? r.body : "");
		}
		api_resp_free(&r);
		/* A kiosk waits a moment before it tries again (it would wait Retry-After). */
		usleep(100 * 1000);
	}
	return NULL;
}

static void multi_load_start(struct multi_load *l, struct multi_writer *w, pthread_t *th,
			     double settle)
{
	memset(l, 0, sizeof(*l));
	l->settle = settle;
	for (int i = 0; i < MULTI_WRITERS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].index = i;
		w[i].load = l;
		assert_int_equal(pthread_create(&th[i], NULL, multi_write, &w[i]), 0);
	}
}

/* Wait until n sign-ups were acknowledged (at most 30 s). */
static void multi_load_wait(struct multi_load *l, int n)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (atomic_load(&l->acked) < n && multi_since(&start) < 30)
		usleep(20 * 1000);
	assert_true(atomic_load(&l->acked) >= n);
}

/* The event is over: the load goes on for secs more, then stops; totals into sum. */
static void multi_load_finish(struct multi_load *l, struct multi_writer *w, pthread_t *th,
			      double secs, struct multi_writer *sum)
{
	clock_gettime(CLOCK_MONOTONIC, &l->event_at);
	atomic_store(&l->event, true);
	while (multi_since(&l->event_at) < secs)
		usleep(50 * 1000);
	atomic_store(&l->stop, true);
	memset(sum, 0, sizeof(*sum));
	for (int i = 0; i < MULTI_WRITERS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		sum->n += w[i].n;
		sum->failed += w[i].failed;
		sum->late += w[i].late;
		sum->busy += w[i].busy;
		sum->busy_no_retry += w[i].busy_no_retry;
		sum->transport += w[i].transport;
		sum->other += w[i].other;
	}
	fprintf(stderr, "# %d sign-ups sent, %d acknowledged, %d failed (%d answered 503, %d cut "
		"off, %d other), %d of them %.0f s or more after the event\n", sum->n,
		atomic_load(&l->acked), sum->failed, sum->busy, sum->transport, sum->other,
		sum->late, l->settle);
}

/*
 * Every acknowledged sign-up is there: its account is in the database
 * (read with the database's own tool), and the login of every 25th works
 * through haproxy (logging in each would cost more than the load did).
 */
static void multi_load_check_acked(struct multi_load *l, struct multi_writer *w)
{
	enum { OUT = 256 * 1024 };
	char sql[256], *out = malloc(OUT), *line;
	int ok = 0, logins = 0;

	assert_non_null(out);
	snprintf(sql, sizeof(sql), "SELECT ' ' || email || ' ' FROM accounts WHERE email LIKE 'w%ld.%%'"
		 " ORDER BY email", (long)getpid());
	assert_int_equal(db_sql(NULL, sql, out, OUT), 0);
	assert_true(strlen(out) + 1 < OUT);
	/* Lines " email ": a login is there when " login " is. */
	for (line = out; *line != '\0'; line++)
		if (*line == '\n')
			*line = ' ';
	for (int i = 0; i < MULTI_WRITERS; i++) {
		for (int k = 0; k < w[i].n; k++) {
			char want[80], token[128];

			if (!w[i].acked[k])
				continue;
			snprintf(want, sizeof(want), " %s ", w[i].logins[k]);
			if (strstr(out, want) == NULL)
				fprintf(stderr, "# acknowledged but missing: %s\n", w[i].logins[k]);
			assert_non_null(strstr(out, want));
			if (ok++ % 25 == 0) {
				api_login(w[i].logins[k], API_PASSWORD, token, sizeof(token));
				logins++;
			}
		}
	}
	free(out);
	fprintf(stderr, "# %d acknowledged sign-ups in the database, %d of them logged in\n", ok,
		logins);
	assert_int_equal(ok, atomic_load(&l->acked));
}

/*
 * One instance SIGKILLed in the middle of a write load (sign-ups from 8
 * clients): every sign-up that was answered 201 is there afterwards (its
 * login works), and once haproxy has noticed, every request succeeds on
 * the instances left.
 */
static void test_instance_killed_during_writes(void **state)
{
	static struct multi_writer w[MULTI_WRITERS];
	static struct multi_load load;
	pthread_t th[MULTI_WRITERS];
	const char *pid_text = getenv("NCRE_KILL_PID");
	struct multi_writer sum;
	int before;

	(void)state;
	assert_non_null(pid_text);
	multi_load_start(&load, w, th, 3.0);
	multi_load_wait(&load, 40);
	assert_int_equal(kill((pid_t)strtol(pid_text, NULL, 10), SIGKILL), 0);
	before = atomic_load(&load.acked);
	multi_load_finish(&load, w, th, 5.0, &sum);
	/* Requests cut by the kill fail; the instances left answer the rest. */
	assert_int_equal(sum.late, 0);
	assert_int_equal(sum.other, 0);
	assert_true(sum.failed <= MULTI_WRITERS * 2);
	assert_true(atomic_load(&load.acked) > before + 20);
	multi_load_check_acked(&load, w);
}

/*
 * The database stopped and started again (NCRE_DB_RESTART, a command) in
 * the middle of a write load: during the gap the instances answer 503
 * with Retry-After (or haproxy, all of them checked out, closes the
 * connection), never anything else; 5 s after the database is back every
 * request succeeds again, and every sign-up answered 201 is there.
 */
static void test_database_restarted_during_writes(void **state)
{
	static struct multi_writer w[MULTI_WRITERS];
	static struct multi_load load;
	pthread_t th[MULTI_WRITERS];
	const char *restart = getenv("NCRE_DB_RESTART");
	struct multi_writer sum;
	int before;

	(void)state;
	assert_non_null(restart);
	multi_load_start(&load, w, th, 5.0);
	multi_load_wait(&load, 40);
	assert_int_equal(system(restart), 0);
	before = atomic_load(&load.acked);
	multi_load_finish(&load, w, th, 8.0, &sum);
	assert_true(sum.busy > 0);		/* the gap was answered 503 */
	assert_int_equal(sum.busy_no_retry, 0);
	assert_int_equal(sum.other, 0);
	assert_int_equal(sum.late, 0);
	assert_true(atomic_load(&load.acked) > before + 20);
	multi_load_check_acked(&load, w);
}

/*
 * One paid candidate's choices, all clients starting each round at one
 * moment. Even clients name 14 then 26, odd clients 26 then 14, on the
 * same dates; every round each client gives back a date another takes,
 * 14 moving between 2027-03-28 and 2027-03-29 in opposite directions for
 * even and odd clients: the same date rows, named in opposite orders.
 */
static void *multi_intent_order_choices(void *p)
{
	struct multi_order_client *a = p;
	static const char *const lists[2][2] = {
		{ "{\"14\":\"2027-03-28\",\"26\":\"2027-03-28\"}",
		  "{\"14\":\"2027-03-29\",\"26\":null}" },
		{ "{\"26\":\"2027-03-28\",\"14\":\"2027-03-29\"}",
		  "{\"26\":null,\"14\":\"2027-03-28\"}" },
	};

	for (int round = 0; round < MULTI_ORDER_ROUNDS; round++) {
		struct api_resp r;

		(void)pthread_barrier_wait(&multi_start);
		intent_put(a->token, lists[a->index % 2][round % 2], &r);
		if (r.status == 200) {
			a->ok++;
		} else {
			if (r.status == 503)
				a->busy++;
			else
				a->other++;
			fprintf(stderr, "# client %d round %d: %ld %s\n", a->index, round + 1,
				r.status, r.body != NULL ? r.body : "");
		}
		api_resp_free(&r);
	}
	return NULL;
}

/*
 * R-INT-01 without deadlocks: 16 paid candidates through haproxy choose
 * and give back the same intended dates in opposite orders, 12 rounds at
 * once. The date count rows are locked in one order whatever the
 * request's order (docs/server.md, "Lock order"), so every choice is
 * answered 200 (a deadlock broken by PostgreSQL would be a 503), and the
 * places left add up afterwards.
 */
static void test_R_INT_01_opposite_orders_do_not_deadlock(void **state)
{
	static struct multi_order_client c[MULTI_ORDER_CLIENTS];

	(void)state;
	for (int i = 0; i < MULTI_ORDER_CLIENTS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].index = i;
		intent_candidate("990101", "[\"14\",\"26\"]", "[\"14\",\"26\"]", c[i].token,
				 sizeof(c[i].token), c[i].id, sizeof(c[i].id));
	}
	assert_int_equal(intent_remaining(c[0].token, "14", "2027-03-28"), 100);
	assert_int_equal(intent_remaining(c[0].token, "14", "2027-03-29"), 100);
	assert_int_equal(intent_remaining(c[0].token, "26", "2027-03-28"), 100);
	multi_order_run(c, multi_intent_order_choices, "choices");
	/* After an even number of rounds: even clients on 14's 03-29, odd on 03-28, none on 26. */
	assert_int_equal(intent_remaining(c[0].token, "14", "2027-03-28"),
			 100 - MULTI_ORDER_CLIENTS / 2);
	assert_int_equal(intent_remaining(c[0].token, "14", "2027-03-29"),
			 100 - MULTI_ORDER_CLIENTS / 2);
	assert_int_equal(intent_remaining(c[0].token, "26", "2027-03-28"), 100);
}

static const struct CMUnitTest multirace_tests[] = {
	cmocka_unit_test(test_R_REG_08_race_through_haproxy_repeated),
};
static const struct CMUnitTest multiorder_tests[] = {
	cmocka_unit_test(test_R_REG_08_opposite_orders_do_not_deadlock),
};
static const struct CMUnitTest multiintent_tests[] = {
	cmocka_unit_test(test_R_INT_01_intent_race_through_haproxy_repeated),
};
static const struct CMUnitTest multiintentorder_tests[] = {
	cmocka_unit_test(test_R_INT_01_opposite_orders_do_not_deadlock),
};
static const struct CMUnitTest multisweep_tests[] = {
	cmocka_unit_test(test_R_EXP_01_sweep_three_at_once),
	cmocka_unit_test(test_R_EXP_01_sweep_skips_a_held_registration),
};
static const struct CMUnitTest multilimit_tests[] = {
	cmocka_unit_test(test_R_ACC_04_limits_count_the_client_behind_haproxy),
};
static const struct CMUnitTest multikill_tests[] = {
	cmocka_unit_test(test_instance_killed_during_writes),
};
static const struct CMUnitTest multidb_tests[] = {
	cmocka_unit_test(test_database_restarted_during_writes),
};

const struct api_suite api_suite_multirace = { "multirace", multirace_tests,
	sizeof(multirace_tests) / sizeof(multirace_tests[0]) };
const struct api_suite api_suite_multiorder = { "multiorder", multiorder_tests,
	sizeof(multiorder_tests) / sizeof(multiorder_tests[0]) };
const struct api_suite api_suite_multiintent = { "multiintent", multiintent_tests,
	sizeof(multiintent_tests) / sizeof(multiintent_tests[0]) };
const struct api_suite api_suite_multiintentorder = { "multiintentorder",
	multiintentorder_tests, sizeof(multiintentorder_tests) / sizeof(multiintentorder_tests[0]) };
const struct api_suite api_suite_multisweep = { "multisweep", multisweep_tests,
	sizeof(multisweep_tests) / sizeof(multisweep_tests[0]) };
const struct api_suite api_suite_multilimit = { "multilimit", multilimit_tests,
	sizeof(multilimit_tests) / sizeof(multilimit_tests[0]) };
const struct api_suite api_suite_multikill = { "multikill", multikill_tests,
	sizeof(multikill_tests) / sizeof(multikill_tests[0]) };
const struct api_suite api_suite_multidb = { "multidb", multidb_tests,
	sizeof(multidb_tests) / sizeof(multidb_tests[0]) };
