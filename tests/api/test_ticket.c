/*
 * Scheduling and admission tickets (R-INT-03, R-TKT-01, R-TKT-02, R-STA-02)
 * against a server with the sandbox platform and tests/api/ticket-site.json
 * at a fixed --now inside the windows (run.sh, suite "ticket"). Candidates
 * pay for real; "ncre-server schedule" then runs on the suite's database
 * with --now after the windows close, and "ncre-server publish" sets the
 * publication moment. The whole-assignment checks read the tickets table
 * with the database's own tool (sqlite3 or psql) and are skipped without it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"
#include "db.h"
#include "staff.h"
#include "tests.h"

#define TICKET_AFTER "2027-02-11T00:00:00Z"	/* every window has closed */
#define TICKET_INSIDE "2027-01-15T03:00:00Z"	/* every window is open */
#define TICKET_PAST "2027-01-01T00:00:00Z"	/* before the server's --now */
#define TICKET_FUTURE "2027-06-01T00:00:00Z"

static const char *ticket_str(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* A candidate at site with the subjects registered and paid (photo included). */
static void ticket_candidate(const char *site, const char *subjects, char *token, size_t len,
			     char *id, size_t idlen)
{
	staff_candidate(site, subjects, false, token, len, id, idlen);
	staff_candidate_pay(token, subjects);
}

/* "ncre-server schedule" on the suite's database (or db, when not NULL): the exit status. */
static int ticket_schedule(const char *db, const char *site, const char *seed, const char *now,
			   char *out, size_t outlen)
{
	char args[4096];

	snprintf(args, sizeof(args), "schedule --db %s --now %s%s%s%s%s",
		 db != NULL ? db : "%s", now, seed != NULL ? " --seed " : "",
		 seed != NULL ? seed : "", site != NULL ? " --site " : "", site != NULL ? site : "");
	return staff_cmd(args, NULL, out, outlen);
}

static void ticket_publish(const char *from)
{
	char args[256], out[1024];

	snprintf(args, sizeof(args), "publish --db %%s --from %s", from);
	assert_int_equal(staff_cmd(args, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "published from"));
}

/* The database tool's output of sql on db (NULL: the suite's): 0, or -1 without the tool. */
static int ticket_sql(const char *db, const char *sql, char *out, size_t outlen)
{
	return db_sql(db, sql, out, outlen);
}

/* GET /v1/registration/ticket (r must be freed). */
static void ticket_get(const char *token, struct api_resp *r)
{
	api_get("/v1/registration/ticket", token, r);
}

/* The ticket's subject with this code (r must hold a ticket). */
static const cJSON *ticket_subject(const struct api_resp *r, const char *code)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItem(cJSON_GetObjectItem(r->json, "ticket"),
						  "subjects"))
		if (strcmp(ticket_str(s, "code"), code) == 0)
			return s;
	return NULL;
}

/* The state of a flow step and whether an action is offered, from the status object. */
static void ticket_status(const char *token, const char *step, char *state, size_t len,
			  const char *action, bool *has_action)
{
	struct api_resp r;
	const cJSON *reg, *it;

	api_get("/v1/registration", token, &r);
	assert_int_equal(r.status, 200);
	reg = cJSON_GetObjectItem(r.json, "registration");
	state[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "flow"))
		if (strcmp(ticket_str(it, "step"), step) == 0)
			snprintf(state, len, "%s", ticket_str(it, "state"));
	*has_action = false;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "actions"))
		*has_action = *has_action || strcmp(it->valuestring, action) == 0;
	api_resp_free(&r);
}

/* R-INT-03: scheduling is refused while a window is open; nothing is written. */
static void test_R_INT_03_schedule_refused_before_window_closes(void **state)
{
	char out[2048], token[128], id[32];

	(void)state;
	ticket_candidate("990103", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	assert_int_equal(ticket_schedule(NULL, "990103", "1", TICKET_INSIDE, out, sizeof(out)), 3);
	assert_non_null(strstr(out, "refused"));
	assert_non_null(strstr(out, "990103"));
	assert_null(strstr(out, id));		/* counts and codes only, no personal data */
	assert_int_equal(ticket_schedule(NULL, NULL, "1", TICKET_INSIDE, out, sizeof(out)), 3);
	assert_int_equal(ticket_schedule(NULL, "990103", "x1", TICKET_AFTER, out, sizeof(out)), 2);
	assert_int_equal(ticket_schedule(NULL, "999999", "1", TICKET_AFTER, out, sizeof(out)), 2);
	if (ticket_sql(NULL, "SELECT count(*) FROM tickets", out, sizeof(out)) != 0)
		skip();
	assert_string_equal(out, "0\n");
}

/* R-INT-03: intended dates are honoured while the date has seats. */
static void test_R_INT_03_schedule_honours_intents(void **state)
{
	char token[2][128], id[32], out[2048];
	struct api_resp r;

	(void)state;
	for (int i = 0; i < 2; i++) {
		ticket_candidate("990101", "[\"14\"]", token[i], sizeof(token[i]), id, sizeof(id));
		api_send("PUT", "/v1/registration/intents", token[i],
			 "{\"choices\":{\"14\":\"2027-03-28\"}}", &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
	}
	assert_int_equal(ticket_schedule(NULL, "990101", "7", TICKET_AFTER, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "site 990101: 2 scheduled (2 on the intended date, 0 intended "
				    "dates full"));
	ticket_publish(TICKET_PAST);
	for (int i = 0; i < 2; i++) {
		ticket_get(token[i], &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(ticket_str(ticket_subject(&r, "14"), "date"), "2027-03-28");
		api_resp_free(&r);
	}
}

/* R-INT-03: past a date's seats, intents fall back to a random date within the period. */
static void test_R_INT_03_capacity_overflow_falls_back_to_random(void **state)
{
	char token[4][128], id[32], out[2048];
	int on_27 = 0, on_28 = 0;
	struct api_resp r;

	(void)state;
	/* 2027-03-27 has 3 seats (one room, one exam time); four want it. */
	for (int i = 0; i < 4; i++) {
		ticket_candidate("990101", "[\"14\"]", token[i], sizeof(token[i]), id, sizeof(id));
		api_send("PUT", "/v1/registration/intents", token[i],
			 "{\"choices\":{\"14\":\"2027-03-27\"}}", &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
	}
	assert_int_equal(ticket_schedule(NULL, "990101", "7", TICKET_AFTER, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "4 scheduled (3 on the intended date, 1 intended dates full, "
				    "1 at random)"));
	ticket_publish(TICKET_PAST);
	for (int i = 0; i < 4; i++) {
		const char *date;

		ticket_get(token[i], &r);
		assert_int_equal(r.status, 200);
		date = ticket_str(ticket_subject(&r, "14"), "date");
		on_27 += strcmp(date, "2027-03-27") == 0;
		on_28 += strcmp(date, "2027-03-28") == 0;	/* the period's other day */
		api_resp_free(&r);
	}
	assert_int_equal(on_27, 3);
	assert_int_equal(on_28, 1);
}

/* R-INT-03: the whole assignment: no seat twice, no candidate twice at one time, seats exist. */
static void test_R_INT_03_no_double_seats(void **state)
{
	char token[128], id[32], out[4096], sql[1024];

	(void)state;
	/*
	 * 20 seats (5 a time, 2 times, 2 days); 12 subjects, 5 candidates with
	 * two, plus the refusal test's candidate: 13. (With more free seats than
	 * one exam time has, a candidate's second subject always finds a seat.)
	 */
	for (int i = 0; i < 7; i++)
		ticket_candidate("990103", i < 5 ? "[\"14\",\"15\"]" : "[\"15\"]", token,
				 sizeof(token), id, sizeof(id));
	assert_int_equal(ticket_schedule(NULL, "990103", "42", TICKET_AFTER, out, sizeof(out)), 0);
	/* The refusal test's candidate is there too. */
	assert_non_null(strstr(out, "site 990103: 13 scheduled"));
	/* In the SQL both databases take; the number's pattern in each one's own syntax. */
	snprintf(sql, sizeof(sql), "SELECT count(*), count(DISTINCT t.date || t.time_start || t.room"
		 " || '/' || t.seat), count(DISTINCT t.no),"
		 " sum(CASE WHEN t.room = 'R1' AND t.seat BETWEEN 1 AND 3 THEN 1 ELSE 0 END)"
		 " + sum(CASE WHEN t.room = 'R2' AND t.seat BETWEEN 1 AND 2 THEN 1 ELSE 0 END),"
		 " sum(CASE WHEN t.date BETWEEN '2027-03-27' AND '2027-03-28' THEN 1 ELSE 0 END),"
		 " sum(CASE WHEN t.no %s AND substr(t.no, 11, 2) = t.subject THEN 1 ELSE 0 END)"
		 " FROM tickets t JOIN sites s ON s.id = t.site WHERE s.code = '990103'",
		 db_is_pg() ? "~ '^2703990103[0-9]{6}$'"
			    : "GLOB '2703990103[0-9][0-9][0-9][0-9][0-9][0-9]'");
	if (ticket_sql(NULL, sql, out, sizeof(out)) != 0)
		skip();
	assert_string_equal(out, "13|13|13|13|13|13\n");
	assert_int_equal(ticket_sql(NULL, "SELECT count(*) FROM (SELECT 1 FROM tickets"
				    " GROUP BY registration, date, time_start HAVING count(*) > 1) AS d",
				    out, sizeof(out)), 0);
	assert_string_equal(out, "0\n");
	/* Every paid subject of the site has its ticket. */
	assert_int_equal(ticket_sql(NULL, "SELECT count(*) FROM registration_subjects rs"
				    " JOIN sites s ON s.id = rs.site WHERE s.code = '990103'"
				    " AND rs.state = 'paid' AND NOT EXISTS (SELECT 1 FROM tickets t"
				    " WHERE t.registration = rs.registration AND t.subject = rs.subject)",
				    out, sizeof(out)), 0);
	assert_string_equal(out, "0\n");
}

/*
 * "ncre-server schedule --site 990104" twice at the same moment on db (two
 * machines of the exam office): their exit statuses and outputs. With
 * hold, on PostgreSQL, the tickets table is locked for 2 s first, so both
 * runs are under way and stopped at their first look at the tickets, and
 * go on together when it is released.
 */
static void ticket_schedule_twice(const char *db, bool hold, int status[2], char out[2][1024])
{
	const char *bin = getenv("NCRE_SERVER_BIN");
	char q[1200], cmd[2][2048], held[64];
	FILE *p[2], *holder = NULL;

	assert_non_null(bin);
	db_quote(db, q, sizeof(q));
	if (hold && db_is_pg()) {
		snprintf(cmd[0], sizeof(cmd[0]), "psql -X -q -d %s -c BEGIN"
			 " -c 'LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE' -c 'SELECT pg_sleep(2)'"
			 " -c COMMIT >/dev/null 2>&1", q);
		holder = popen(cmd[0], "r");
		assert_non_null(holder);
		for (int i = 0; i < 200; i++) {
			assert_int_equal(db_sql(db, "SELECT count(*) FROM pg_locks l JOIN pg_database d"
						" ON d.oid = l.database AND d.datname = current_database()"
						" WHERE l.relation = 'tickets'::regclass AND l.granted"
						" AND l.mode = 'AccessExclusiveLock'", held, sizeof(held)), 0);
			if (strcmp(held, "1\n") == 0)
				break;
			usleep(20 * 1000);
		}
		assert_string_equal(held, "1\n");
	}
	for (int k = 0; k < 2; k++)
		snprintf(cmd[k], sizeof(cmd[k]), "'%s' schedule --db %s --now %s --seed %d --site 990104"
			 " </dev/null 2>&1", bin, q, TICKET_AFTER, 42 + k);
	for (int k = 0; k < 2; k++) {
		p[k] = popen(cmd[k], "r");
		assert_non_null(p[k]);
	}
	if (holder != NULL)
		assert_int_equal(pclose(holder), 0);
	for (int k = 0; k < 2; k++) {
		size_t n = fread(out[k], 1, sizeof(out[k]) - 1, p[k]);

		out[k][n] = '\0';
		status[k] = pclose(p[k]);
		assert_true(status[k] != -1 && WIFEXITED(status[k]));
		status[k] = WEXITSTATUS(status[k]);
	}
}

#define TICKET_DUMP "SELECT t.registration, t.subject, t.no, t.date, t.time_start, t.room, t.seat" \
	" FROM tickets t JOIN sites s ON s.id = t.site WHERE s.code = '990104' ORDER BY 1, 2"

/* R-INT-03: the same seed gives the same assignment; a rerun changes nothing. */
static void test_R_INT_03_deterministic_for_seed_and_idempotent(void **state)
{
	char token[128], id[32], out[2048], a[4096], b[4096], c[4096], now[4096];
	char copy_a[1100], copy_b[1100], copy_c[1100], copy_d[2][1100], sql[1300], two[2][1024];
	int status[2];

	(void)state;
	for (int i = 0; i < 6; i++)
		ticket_candidate("990104", i < 3 ? "[\"14\",\"15\"]" : "[\"14\"]", token,
				 sizeof(token), id, sizeof(id));
	/* Three copies of the database as it is before scheduling. */
	if (db_copy("ticket_a", copy_a, sizeof(copy_a)) != 0)
		skip();
	assert_int_equal(db_copy("ticket_b", copy_b, sizeof(copy_b)), 0);
	assert_int_equal(db_copy("ticket_c", copy_c, sizeof(copy_c)), 0);
	assert_int_equal(db_copy("ticket_d0", copy_d[0], sizeof(copy_d[0])), 0);
	assert_int_equal(db_copy("ticket_d1", copy_d[1], sizeof(copy_d[1])), 0);

	db_quote(copy_a, sql, sizeof(sql));
	assert_int_equal(ticket_schedule(sql, "990104", "42", TICKET_AFTER, out, sizeof(out)), 0);
	/* The test's copies are private, as the server wants every database. */
	assert_null(strstr(out, "readable by every"));
	db_quote(copy_b, sql, sizeof(sql));
	assert_int_equal(ticket_schedule(sql, "990104", "42", TICKET_AFTER, out, sizeof(out)), 0);
	db_quote(copy_c, sql, sizeof(sql));
	assert_int_equal(ticket_schedule(sql, "990104", "43", TICKET_AFTER, out, sizeof(out)), 0);
	assert_int_equal(ticket_schedule(NULL, "990104", "42", TICKET_AFTER, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "site 990104: 9 scheduled"));
	assert_int_equal(ticket_sql(copy_a, TICKET_DUMP, a, sizeof(a)), 0);
	assert_int_equal(ticket_sql(copy_b, TICKET_DUMP, b, sizeof(b)), 0);
	assert_int_equal(ticket_sql(copy_c, TICKET_DUMP, c, sizeof(c)), 0);
	assert_int_equal(ticket_sql(NULL, TICKET_DUMP, now, sizeof(now)), 0);
	assert_true(strlen(a) > 0);
	assert_string_equal(a, b);		/* same data, same seed: same seats and numbers */
	assert_string_equal(a, now);
	assert_string_not_equal(a, c);		/* another seed draws otherwise */

	/* Running it again, with any seed, keeps every seat and number. */
	assert_int_equal(ticket_schedule(NULL, "990104", "99", TICKET_AFTER, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "site 990104: 0 scheduled (0 on the intended date, 0 intended "
				    "dates full, 0 at random), 9 kept"));
	assert_int_equal(ticket_sql(NULL, TICKET_DUMP, b, sizeof(b)), 0);
	assert_string_equal(a, b);

	/*
	 * Two runs at once (seeds 42 and 43), twice (the first time both held
	 * at their first look at the tickets, then let go together): one
	 * result. One run
	 * schedules all 9, the other waits for it and keeps them (exit 0, 9
	 * kept), and the tickets are exactly those of one seed, none twice.
	 */
	for (int k = 0; k < 2; k++) {
		ticket_schedule_twice(copy_d[k], k == 0, status, two);
		fprintf(stderr, "# at once %d: %s# and: %s", k + 1, two[0], two[1]);
		assert_int_equal(status[0], 0);
		assert_int_equal(status[1], 0);
		assert_true((strstr(two[0], "9 scheduled") != NULL && strstr(two[1], "9 kept") != NULL) ||
			    (strstr(two[1], "9 scheduled") != NULL && strstr(two[0], "9 kept") != NULL));
		assert_int_equal(ticket_sql(copy_d[k], TICKET_DUMP, now, sizeof(now)), 0);
		assert_true(strcmp(now, strstr(two[0], "9 scheduled") != NULL ? a : c) == 0);
	}
	if (!db_is_pg()) {
		unlink(copy_a);
		unlink(copy_b);
		unlink(copy_c);
		unlink(copy_d[0]);
		unlink(copy_d[1]);
	}
}

/* R-TKT-01: not printable until published, then the step and the action appear. */
static void test_R_TKT_01_not_printable_before_publish(void **state)
{
	char token[128], unpaid[128], id[32], out[2048], st[32];
	struct api_resp r;
	bool action;

	(void)state;
	ticket_candidate("990105", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	staff_candidate("990105", "[\"15\"]", false, unpaid, sizeof(unpaid), id, sizeof(id));
	ticket_publish(TICKET_FUTURE);
	ticket_get(token, &r);			/* neither scheduled nor published */
	api_assert_error(&r, 409, "TICKET_NOT_PUBLISHED", NULL);
	api_resp_free(&r);
	assert_int_equal(ticket_schedule(NULL, "990105", "5", TICKET_AFTER, out, sizeof(out)), 0);
	ticket_get(token, &r);			/* scheduled, not published yet */
	api_assert_error(&r, 409, "TICKET_NOT_PUBLISHED", NULL);
	api_resp_free(&r);
	ticket_status(token, "ticket", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "not_printable");
	assert_false(action);
	ticket_status(token, "exam", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "none");

	ticket_publish(TICKET_PAST);
	ticket_status(token, "ticket", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "printable");
	assert_true(action);
	ticket_status(token, "exam", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "todo");
	ticket_get(token, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	/* Nothing paid, nothing scheduled: no ticket. */
	ticket_get(unpaid, &r);
	api_assert_error(&r, 409, "TICKET_NOT_ISSUED", NULL);
	api_resp_free(&r);
	ticket_status(unpaid, "ticket", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "not_printable");
	assert_false(action);
}

/* R-TKT-01: a site without self-printing: not for the candidate, but staff print at the desk. */
static void test_R_TKT_01_site_without_self_print(void **state)
{
	char token[128], staff[128], id[32], out[2048], st[32], path[96];
	struct api_resp r;
	bool action;
	long reg;

	(void)state;
	ticket_candidate("990102", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	assert_int_equal(ticket_schedule(NULL, "990102", "3", TICKET_AFTER, out, sizeof(out)), 0);
	ticket_publish(TICKET_PAST);
	ticket_get(token, &r);
	api_assert_error(&r, 409, "TICKET_SELF_PRINT_OFF", NULL);
	api_resp_free(&r);
	ticket_status(token, "ticket", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "not_printable");
	assert_false(action);

	staff_new_session("990102", staff, sizeof(staff));
	reg = staff_reg_id(staff, id);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/ticket", reg);
	api_get(path, staff, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ticket_str(cJSON_GetObjectItem(r.json, "ticket"), "id_number"), id);
	assert_string_equal(ticket_str(ticket_subject(&r, "14"), "room"), "A1");
	api_resp_free(&r);
	api_get(path, token, &r);		/* a candidate's token is not a staff token */
	assert_int_equal(r.status, 403);
	api_resp_free(&r);
}

/* Whether GET path (a staff view: .../registrations/{id} or the look-up) lists the action. */
static bool ticket_staff_action(const char *path, const char *staff, const char *action)
{
	struct api_resp r;
	const cJSON *it;
	bool found = false;

	api_get(path, staff, &r);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"),
						   "actions"))
		found = found || (cJSON_IsString(it) && strcmp(it->valuestring, action) == 0);
	api_resp_free(&r);
	return found;
}

/*
 * R-TKT-01: the staff view offers print_ticket exactly when the desk may
 * print (GET .../{id}/ticket answers 200): published and scheduled, also
 * where candidates may not print their own; never before publication, nor
 * for a candidate with nothing paid.
 */
static void test_R_TKT_01_staff_print_ticket_action(void **state)
{
	char token[128], unpaid[128], staff[128], id[32], unpaid_id[32], out[2048], st[32];
	char path[96], lookup[96], unpaid_path[96];
	struct api_resp r;
	bool action;

	(void)state;
	/* 990102 does not let candidates print their own ticket. */
	ticket_candidate("990102", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	staff_candidate("990102", "[\"14\"]", false, unpaid, sizeof(unpaid), unpaid_id,
			sizeof(unpaid_id));
	staff_new_session("990102", staff, sizeof(staff));
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld", staff_reg_id(staff, id));
	snprintf(unpaid_path, sizeof(unpaid_path), "/v1/staff/registrations/%ld",
		 staff_reg_id(staff, unpaid_id));
	snprintf(lookup, sizeof(lookup), "/v1/staff/lookup?id_number=%s", id);
	assert_false(ticket_staff_action(path, staff, "print_ticket"));	/* not scheduled */

	assert_int_equal(ticket_schedule(NULL, "990102", "19", TICKET_AFTER, out, sizeof(out)), 0);
	ticket_publish(TICKET_FUTURE);
	assert_false(ticket_staff_action(path, staff, "print_ticket"));	/* not published */
	assert_false(ticket_staff_action(lookup, staff, "print_ticket"));

	ticket_publish(TICKET_PAST);
	assert_true(ticket_staff_action(path, staff, "print_ticket"));
	assert_true(ticket_staff_action(lookup, staff, "print_ticket"));
	assert_false(ticket_staff_action(unpaid_path, staff, "print_ticket"));	/* nothing paid */
	/* The action and the ticket agree. */
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/ticket");
	api_get(path, staff, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	/* The candidate of this site is not offered it (staff print at the desk). */
	ticket_status(token, "ticket", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "not_printable");
	assert_false(action);
}

/* R-TKT-02: every field: number, name, ID type and number, photo, subject, date and time, site, room, seat. */
static void test_R_TKT_02_ticket_fields(void **state)
{
	char token[128], id[32], out[2048];
	const cJSON *t, *s14, *s15, *site;
	struct api_resp r, st;

	(void)state;
	ticket_candidate("990105", "[\"14\",\"15\"]", token, sizeof(token), id, sizeof(id));
	assert_int_equal(ticket_schedule(NULL, "990105", "11", TICKET_AFTER, out, sizeof(out)), 0);
	ticket_publish(TICKET_PAST);
	ticket_get(token, &r);
	assert_int_equal(r.status, 200);
	t = cJSON_GetObjectItem(r.json, "ticket");
	assert_non_null(ticket_str(t, "name"));
	assert_true(strlen(ticket_str(t, "name")) > 0);
	assert_string_equal(ticket_str(t, "id_type"), "resident_id");
	assert_non_null(ticket_str(t, "id_type_zh"));
	assert_string_equal(ticket_str(t, "id_number"), id);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t, "photo")));
	assert_string_equal(ticket_str(cJSON_GetObjectItem(t, "exam_session"), "code"), "202703");
	site = cJSON_GetObjectItem(t, "site");
	assert_string_equal(ticket_str(site, "code"), "990105");
	assert_string_equal(ticket_str(site, "name_zh"), "测试大学");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "subjects")), 2);
	s14 = ticket_subject(&r, "14");
	s15 = ticket_subject(&r, "15");
	assert_non_null(s14);
	assert_non_null(s15);
	/* 16 digits: exam session 2703, site 990105, subject, sequence. */
	assert_int_equal(strlen(ticket_str(s14, "ticket_no")), 16);
	assert_int_equal(strncmp(ticket_str(s14, "ticket_no"), "270399010514", 12), 0);
	assert_int_equal(strncmp(ticket_str(s15, "ticket_no"), "270399010515", 12), 0);
	assert_string_equal(ticket_str(s14, "name_zh"), "计算机基础及WPS Office应用");
	/* One day: the two subjects go to the two exam times. */
	assert_string_equal(ticket_str(s14, "date"), "2027-03-27");
	assert_string_equal(ticket_str(s15, "date"), "2027-03-27");
	assert_string_not_equal(ticket_str(s14, "start"), ticket_str(s15, "start"));
	assert_non_null(ticket_str(s14, "end"));
	assert_string_equal(ticket_str(s14, "room"), "B201");
	assert_true(cJSON_GetObjectItem(s14, "seat")->valuedouble >= 1);
	/* The status page shows the same fixed exam. */
	api_get("/v1/registration", token, &st);
	assert_int_equal(st.status, 200);
	{
		const cJSON *s;

		cJSON_ArrayForEach(s, cJSON_GetObjectItem(cJSON_GetObjectItem(st.json,
			"registration"), "subjects"))
			if (strcmp(ticket_str(s, "code"), "14") == 0)
				assert_string_equal(ticket_str(cJSON_GetObjectItem(s, "exam"),
							       "ticket_no"),
						    ticket_str(s14, "ticket_no"));
	}
	api_resp_free(&st);
	api_resp_free(&r);
	api_get("/v1/registration/photo", token, &r);	/* the ticket's photo */
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

/* R-TKT-01: staff print only for their own site; another site's candidate is not found. */
static void test_R_TKT_01_staff_of_another_site_refused(void **state)
{
	char token[128], own[128], other[128], id[32], out[2048], path[96];
	struct api_resp r;
	long reg;

	(void)state;
	ticket_candidate("990105", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	assert_int_equal(ticket_schedule(NULL, "990105", "13", TICKET_AFTER, out, sizeof(out)), 0);
	ticket_publish(TICKET_PAST);
	staff_new_session("990105", own, sizeof(own));
	staff_new_session("990102", other, sizeof(other));
	reg = staff_reg_id(own, id);
	snprintf(path, sizeof(path), "/v1/staff/registrations/%ld/ticket", reg);
	api_get(path, other, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	api_get("/v1/staff/registrations/99999999/ticket", own, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
	api_get(path, own, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal((long)cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "ticket"),
						   "id")->valuedouble, reg);
	api_resp_free(&r);
	/* The desk print is in the audit log, without the ID number. */
	assert_int_equal(staff_cmd("log --db %s --site 990105", NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "view_ticket"));
	assert_null(strstr(out, id));
}

/* R-STA-02: once the exam has been held, 参加考试 and 结束 are done. */
static void test_R_STA_02_exam_done_after_the_exam(void **state)
{
	char token[128], id[32], out[2048], st[32];
	bool action;

	(void)state;
	/* 990106 held its exams on 2027-01-12, before the server's --now. */
	ticket_candidate("990106", "[\"14\"]", token, sizeof(token), id, sizeof(id));
	assert_int_equal(ticket_schedule(NULL, "990106", "17", TICKET_AFTER, out, sizeof(out)), 0);
	ticket_publish(TICKET_PAST);
	ticket_status(token, "exam", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "done");
	ticket_status(token, "end", st, sizeof(st), "print_ticket", &action);
	assert_string_equal(st, "done");
}

static const struct CMUnitTest ticket_tests[] = {
	cmocka_unit_test(test_R_INT_03_schedule_refused_before_window_closes),
	cmocka_unit_test(test_R_INT_03_schedule_honours_intents),
	cmocka_unit_test(test_R_INT_03_capacity_overflow_falls_back_to_random),
	cmocka_unit_test(test_R_INT_03_no_double_seats),
	cmocka_unit_test(test_R_INT_03_deterministic_for_seed_and_idempotent),
	cmocka_unit_test(test_R_TKT_01_not_printable_before_publish),
	cmocka_unit_test(test_R_TKT_01_site_without_self_print),
	cmocka_unit_test(test_R_TKT_01_staff_print_ticket_action),
	cmocka_unit_test(test_R_TKT_02_ticket_fields),
	cmocka_unit_test(test_R_TKT_01_staff_of_another_site_refused),
	cmocka_unit_test(test_R_STA_02_exam_done_after_the_exam),
};

const struct api_suite api_suite_ticket = { "ticket", ticket_tests,
					    sizeof(ticket_tests) / sizeof(ticket_tests[0]) };
