/* Exam data from JSON into the store, in one write transaction. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/json.h"

#include "clock.h"
#include "initdata.h"
#include "rules-staff.h"
#include "store.h"

#define INITDATA_MAX_FILE (4 * 1024 * 1024)

int initdata_parse_time(const char *s, time_t now, time_t *out)
{
	char *end = NULL;
	long n;

	if (s == NULL)
		return -1;
	if (s[0] != '+' && s[0] != '-')
		return clock_parse_iso(s, out);
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s + 1 || n < -36500 || n > 36500)
		return -1;
	if (strcmp(end, "d") == 0) {
		*out = clock_day_start_cst(now) + (time_t)n * 86400;
		return 0;
	}
	if (strcmp(end, "h") == 0) {
		*out = now + (time_t)n * 3600;
		return 0;
	}
	return -1;
}

static char *initdata_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (n + 4096 + 1 > cap) {
			char *p;

			cap = cap ? cap * 2 : 16384;
			if (cap > INITDATA_MAX_FILE + 1) {
				snprintf(err, errlen, "%s: file too large", path);
				goto fail;
			}
			p = realloc(buf, cap);
			if (p == NULL) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/* Copy a required string member into buf. */
static int initdata_str(const cJSON *obj, const char *key, char *buf, size_t len,
			const char *where, char *err, size_t errlen)
{
	const char *s = ncre_json_str(obj, key);

	if (s == NULL || s[0] == '\0' || strlen(s) >= len) {
		snprintf(err, errlen, "%s: '%s' missing, empty or too long", where, key);
		return -1;
	}
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

static int initdata_int(const cJSON *obj, const char *key, int min, int max, int *out,
			const char *where, char *err, size_t errlen)
{
	long long v;

	if (ncre_json_int(obj, key, &v) != 0 || v < min || v > max) {
		snprintf(err, errlen, "%s: '%s' must be a whole number from %d to %d", where, key,
			 min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int initdata_bool(const cJSON *obj, const char *key, bool *out, const char *where,
			 char *err, size_t errlen)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsBool(item)) {
		snprintf(err, errlen, "%s: '%s' must be true or false", where, key);
		return -1;
	}
	*out = cJSON_IsTrue(item);
	return 0;
}

static int initdata_window(const cJSON *obj, time_t now, time_t *open, time_t *close,
			   const char *where, char *err, size_t errlen)
{
	if (initdata_parse_time(ncre_json_str(obj, "window_open"), now, open) != 0 ||
	    initdata_parse_time(ncre_json_str(obj, "window_close"), now, close) != 0) {
		snprintf(err, errlen, "%s: window_open/window_close must be ISO times or "
			 "offsets such as \"-7d\", \"+30d\", \"+12h\"", where);
		return -1;
	}
	if (*open >= *close) {
		snprintf(err, errlen, "%s: the window closes before it opens", where);
		return -1;
	}
	return 0;
}

/* A calendar date "YYYY-MM-DD" (exam dates are Beijing dates, kept as text). */
static bool initdata_date_valid(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, max;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return false;
	/* Digits checked above. */
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || m < 1 || m > 12)
		return false;
	max = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	return d >= 1 && d <= max;
}

/*
 * Optional "exam_period": {"start","end"}: the Beijing dates within which
 * exams are held and undecided candidates are placed at random (R-INT-03).
 */
static int initdata_exam_period(const cJSON *js, struct store_site *site, const char *where,
				char *err, size_t errlen)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(js, "exam_period");
	const char *start, *end;

	if (p == NULL)
		return 0;
	start = ncre_json_str(p, "start");
	end = ncre_json_str(p, "end");
	if (!cJSON_IsObject(p) || !initdata_date_valid(start) || !initdata_date_valid(end) ||
	    strcmp(start, end) > 0) {
		snprintf(err, errlen, "%s: 'exam_period' must be {\"start\",\"end\"} with dates "
			 "such as \"2027-03-27\", start not after end", where);
		return -1;
	}
	memcpy(site->exam_start, start, 11);
	memcpy(site->exam_end, end, 11);
	return 0;
}

/*
 * Optional "exam_dates": [{"date","intent_capacity"}] of a subject: its
 * exam dates inside the site's exam period with the places candidates may
 * take by choosing the date (R-INT-01). Offered where "intent_dates" is true.
 */
static int initdata_exam_dates(struct store_conn *c, int64_t site_id,
			       const struct store_site *site, const cJSON *sub, const char *code,
			       const char *where, char *err, size_t errlen)
{
	const cJSON *dates = cJSON_GetObjectItemCaseSensitive(sub, "exam_dates"), *d;

	if (dates == NULL)
		return 0;
	if (!cJSON_IsArray(dates)) {
		snprintf(err, errlen, "%s: subject %s: 'exam_dates' must be an array", where, code);
		return -1;
	}
	cJSON_ArrayForEach(d, dates) {
		const char *date = ncre_json_str(d, "date");
		int capacity;
		enum store_rc r;

		if (!initdata_date_valid(date)) {
			snprintf(err, errlen, "%s: subject %s: each exam date needs a 'date' such as "
				 "\"2027-03-27\"", where, code);
			return -1;
		}
		if (site->exam_start[0] == '\0') {
			snprintf(err, errlen, "%s: exam dates need the site's 'exam_period'", where);
			return -1;
		}
		if (strcmp(date, site->exam_start) < 0 || strcmp(date, site->exam_end) > 0) {
			snprintf(err, errlen, "%s: subject %s: exam date %s is outside the site's "
				 "'exam_period'", where, code, date);
			return -1;
		}
		if (initdata_int(d, "intent_capacity", 0, 10000000, &capacity, where, err,
				 errlen) != 0)
			return -1;
		r = store_intent_date_insert(c, site_id, code, date, capacity);
		if (r != STORE_OK) {
			snprintf(err, errlen, "%s: subject %s: exam date %s: %s", where, code, date,
				 r == STORE_CONFLICT ? "listed twice" : "cannot store it");
			return -1;
		}
	}
	return 0;
}

/* "HH:MM", 00:00 to 23:59. */
static bool initdata_hhmm_valid(const char *s)
{
	return s != NULL && strlen(s) == 5 && s[2] == ':' && strspn(s, "0123456789") == 2 &&
	       strspn(s + 3, "0123456789") == 2 && (s[0] < '2' || (s[0] == '2' && s[1] <= '3')) &&
	       s[3] <= '5';
}

/*
 * Optional "rooms": [{"code","seats"}] and "exam_times": [{"start","end"}]
 * of a site: where and when its exams are held, the same times every exam
 * day (Beijing time, in order, not overlapping). A date-time's capacity is
 * the seats of all rooms (R-INT-03; docs/server.md).
 */
static int initdata_rooms_times(struct store_conn *c, int64_t site_id, const cJSON *js,
				const char *where, char *err, size_t errlen)
{
	const cJSON *rooms = cJSON_GetObjectItemCaseSensitive(js, "rooms");
	const cJSON *times = cJSON_GetObjectItemCaseSensitive(js, "exam_times"), *it;
	char prev_end[6] = "";
	int seq = 0;

	if (rooms != NULL && !cJSON_IsArray(rooms)) {
		snprintf(err, errlen, "%s: 'rooms' must be an array", where);
		return -1;
	}
	cJSON_ArrayForEach(it, rooms) {
		struct store_room room;
		enum store_rc r;

		memset(&room, 0, sizeof(room));
		if (!cJSON_IsObject(it) ||
		    initdata_str(it, "code", room.code, sizeof(room.code), where, err, errlen) != 0 ||
		    initdata_int(it, "seats", 1, 999, &room.seats, where, err, errlen) != 0) {
			if (!cJSON_IsObject(it))
				snprintf(err, errlen, "%s: each room must be {\"code\",\"seats\"}", where);
			return -1;
		}
		r = store_site_room_insert(c, site_id, ++seq, &room);
		if (r != STORE_OK) {
			snprintf(err, errlen, "%s: room %s: %s", where, room.code,
				 r == STORE_CONFLICT ? "listed twice" : "cannot store it");
			return -1;
		}
	}
	if (times != NULL && !cJSON_IsArray(times)) {
		snprintf(err, errlen, "%s: 'exam_times' must be an array", where);
		return -1;
	}
	seq = 0;
	cJSON_ArrayForEach(it, times) {
		struct store_exam_time t;
		const char *start = ncre_json_str(it, "start"), *end = ncre_json_str(it, "end");

		if (!initdata_hhmm_valid(start) || !initdata_hhmm_valid(end) ||
		    strcmp(start, end) >= 0 || strcmp(start, prev_end) < 0) {
			snprintf(err, errlen, "%s: each exam time must be {\"start\":\"09:00\","
				 "\"end\":\"10:30\"}, in order and not overlapping", where);
			return -1;
		}
		memcpy(t.start, start, 6);
		memcpy(t.end, end, 6);
		memcpy(prev_end, end, 6);
		if (store_site_exam_time_insert(c, site_id, ++seq, &t) != STORE_OK) {
			snprintf(err, errlen, "%s: exam time %s: cannot store it", where, start);
			return -1;
		}
	}
	return 0;
}

/* "1. ...\n2. ..." from an array of points. NULL with err on failure. */
static char *initdata_points(const cJSON *arr, const char *where, char *err, size_t errlen)
{
	const cJSON *p;
	size_t len = 0, used = 0;
	char *text;
	int i = 0;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
		snprintf(err, errlen, "%s: must be a non-empty array of strings", where);
		return NULL;
	}
	cJSON_ArrayForEach(p, arr) {
		if (!cJSON_IsString(p) || p->valuestring == NULL) {
			snprintf(err, errlen, "%s: must be an array of strings", where);
			return NULL;
		}
		len += strlen(p->valuestring) + 16;
	}
	text = malloc(len + 1);
	if (text == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	text[0] = '\0';
	cJSON_ArrayForEach(p, arr) {
		int n = snprintf(text + used, len + 1 - used, "%s%d. %s", i > 0 ? "\n" : "", i + 1,
				 p->valuestring);

		if (n < 0 || (size_t)n >= len + 1 - used) {
			snprintf(err, errlen, "%s: text too long", where);
			free(text);
			return NULL;
		}
		used += (size_t)n;
		i++;
	}
	return text;
}

static int initdata_agreement(struct store_conn *c, int64_t session, const cJSON *ag,
			      char *err, size_t errlen)
{
	char version[32], title_zh[128], title_en[128];
	char *text_zh = NULL, *text_en = NULL;
	int ret = -1;

	if (!cJSON_IsObject(ag)) {
		snprintf(err, errlen, "'agreement' must be an object");
		return -1;
	}
	if (initdata_str(ag, "version", version, sizeof(version), "agreement", err, errlen) != 0 ||
	    initdata_str(ag, "title_zh", title_zh, sizeof(title_zh), "agreement", err, errlen) != 0 ||
	    initdata_str(ag, "title_en", title_en, sizeof(title_en), "agreement", err, errlen) != 0)
		return -1;
	text_zh = initdata_points(cJSON_GetObjectItemCaseSensitive(ag, "points_zh"),
				  "agreement.points_zh", err, errlen);
	if (text_zh == NULL)
		goto out;
	text_en = initdata_points(cJSON_GetObjectItemCaseSensitive(ag, "points_en"),
				  "agreement.points_en", err, errlen);
	if (text_en == NULL)
		goto out;
	if (store_agreement_insert(c, session, version, title_zh, title_en, text_zh, text_en) != STORE_OK) {
		snprintf(err, errlen, "agreement: cannot store it");
		goto out;
	}
	ret = 0;
out:
	free(text_zh);
	free(text_en);
	return ret;
}

static int initdata_site(struct store_conn *c, int64_t session, const cJSON *js, time_t now,
			 char *err, size_t errlen)
{
	struct store_site site;
	const cJSON *subjects, *sub;
	char where[64];
	int64_t id = 0;

	memset(&site, 0, sizeof(site));
	if (!cJSON_IsObject(js)) {
		snprintf(err, errlen, "sites: each site must be an object");
		return -1;
	}
	if (initdata_str(js, "code", site.code, sizeof(site.code), "site", err, errlen) != 0)
		return -1;
	snprintf(where, sizeof(where), "site %s", site.code);
	if (initdata_str(js, "province", site.province, sizeof(site.province), where, err, errlen) != 0 ||
	    initdata_str(js, "name_zh", site.name_zh, sizeof(site.name_zh), where, err, errlen) != 0 ||
	    initdata_str(js, "name_en", site.name_en, sizeof(site.name_en), where, err, errlen) != 0 ||
	    initdata_int(js, "max_subjects", 1, 20, &site.max_subjects, where, err, errlen) != 0 ||
	    initdata_int(js, "total_capacity", 0, 10000000, &site.total_capacity, where, err, errlen) != 0 ||
	    initdata_bool(js, "audit", &site.audit, where, err, errlen) != 0 ||
	    initdata_bool(js, "self_print", &site.self_print, where, err, errlen) != 0 ||
	    initdata_bool(js, "intent_dates", &site.intent_dates, where, err, errlen) != 0 ||
	    initdata_window(js, now, &site.window_open, &site.window_close, where, err, errlen) != 0 ||
	    initdata_exam_period(js, &site, where, err, errlen) != 0)
		return -1;
	if (store_site_insert(c, session, &site, &id) != STORE_OK) {
		snprintf(err, errlen, "%s: cannot store it (unknown province or duplicate code?)", where);
		return -1;
	}
	if (initdata_rooms_times(c, id, js, where, err, errlen) != 0)
		return -1;
	subjects = cJSON_GetObjectItemCaseSensitive(js, "subjects");
	if (!cJSON_IsArray(subjects)) {
		snprintf(err, errlen, "%s: 'subjects' must be an array", where);
		return -1;
	}
	cJSON_ArrayForEach(sub, subjects) {
		char code[8];
		int fee, capacity;

		if (!cJSON_IsObject(sub) ||
		    initdata_str(sub, "code", code, sizeof(code), where, err, errlen) != 0 ||
		    initdata_int(sub, "fee", 0, 100000, &fee, where, err, errlen) != 0 ||
		    initdata_int(sub, "capacity", 0, 10000000, &capacity, where, err, errlen) != 0) {
			if (!cJSON_IsObject(sub))
				snprintf(err, errlen, "%s: each subject must be an object", where);
			return -1;
		}
		if (store_site_subject_insert(c, id, code, fee, capacity) != STORE_OK) {
			snprintf(err, errlen, "%s: subject %s: cannot store it (not in 'subjects'?)",
				 where, code);
			return -1;
		}
		if (initdata_exam_dates(c, id, &site, sub, code, where, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Optional "tips": [{"zh","en"}] shown on the status page (R-STA-03). */
static int initdata_tips(struct store_conn *c, int64_t session, const cJSON *tips,
			 char *err, size_t errlen)
{
	const cJSON *t;
	int seq = 0;

	if (tips == NULL)
		return 0;
	if (!cJSON_IsArray(tips)) {
		snprintf(err, errlen, "'tips' must be an array");
		return -1;
	}
	cJSON_ArrayForEach(t, tips) {
		const char *zh = ncre_json_str(t, "zh"), *en = ncre_json_str(t, "en");

		seq++;
		if (zh == NULL || en == NULL || zh[0] == '\0' || en[0] == '\0') {
			snprintf(err, errlen, "tip %d: needs non-empty 'zh' and 'en'", seq);
			return -1;
		}
		if (store_tip_insert(c, session, seq, zh, en) != STORE_OK) {
			snprintf(err, errlen, "tip %d: cannot store it", seq);
			return -1;
		}
	}
	return 0;
}

/*
 * Optional "staff": [{"site","login","name"}], without passwords (the
 * exam office sets them with "ncre-server staff passwd"). A login that
 * exists already at the same site is kept; at another site it is an error.
 */
static int initdata_staff(struct store_conn *c, int64_t session, const cJSON *list, time_t now,
			  char *err, size_t errlen)
{
	const cJSON *item;

	if (list == NULL)
		return 0;
	if (!cJSON_IsArray(list)) {
		snprintf(err, errlen, "'staff' must be an array");
		return -1;
	}
	cJSON_ArrayForEach(item, list) {
		struct store_staff old;
		struct store_site site;
		char login[RULES_STAFF_LOGIN_MAX + 1], code[16], name[256];
		enum store_rc r;

		if (initdata_str(item, "login", login, sizeof(login), "staff", err, errlen) != 0)
			return -1;
		rules_staff_login_normalize(login);
		if (!rules_staff_login_valid(login)) {
			snprintf(err, errlen, "staff %s: a login is 2-%d of a-z, 0-9, '.', '_', '-'",
				 login, RULES_STAFF_LOGIN_MAX);
			return -1;
		}
		if (initdata_str(item, "site", code, sizeof(code), "staff", err, errlen) != 0 ||
		    initdata_str(item, "name", name, sizeof(name), "staff", err, errlen) != 0)
			return -1;
		if (!rules_staff_name_valid(name) ||
		    store_site_by_code(c, session, code, &site) != STORE_OK) {
			snprintf(err, errlen, "staff %s: a bad name, or no site %s in this exam session",
				 login, code);
			return -1;
		}
		r = store_staff_by_login(c, login, &old);
		if (r == STORE_OK && strcmp(old.site, code) == 0)
			continue;
		if (r == STORE_OK) {
			snprintf(err, errlen, "staff %s: the login belongs to site %s", login, old.site);
			return -1;
		}
		if (r != STORE_NOT_FOUND ||
		    store_staff_insert(c, login, name, code, NULL, now, NULL) != STORE_OK ||
		    store_log_add(c, now, "office", code, "staff_import", 0, login) != STORE_OK) {
			snprintf(err, errlen, "staff %s: cannot store it", login);
			return -1;
		}
	}
	return 0;
}

static int initdata_apply(struct store_conn *c, const cJSON *root, time_t now,
			  char *err, size_t errlen)
{
	const cJSON *es = cJSON_GetObjectItemCaseSensitive(root, "exam_session");
	const cJSON *list, *item;
	struct store_exam_session session;
	int64_t session_id = 0;

	memset(&session, 0, sizeof(session));
	if (!cJSON_IsObject(es)) {
		snprintf(err, errlen, "'exam_session' must be an object");
		return -1;
	}
	if (initdata_str(es, "code", session.code, sizeof(session.code), "exam_session", err, errlen) != 0 ||
	    initdata_str(es, "name_zh", session.name_zh, sizeof(session.name_zh), "exam_session", err, errlen) != 0 ||
	    initdata_str(es, "name_en", session.name_en, sizeof(session.name_en), "exam_session", err, errlen) != 0 ||
	    initdata_window(es, now, &session.window_open, &session.window_close, "exam_session",
			    err, errlen) != 0)
		return -1;
	/* Optional: admission tickets published from then (R-TKT-01); "ncre-server publish" sets it later. */
	if (cJSON_GetObjectItemCaseSensitive(es, "tickets_from") != NULL &&
	    initdata_parse_time(ncre_json_str(es, "tickets_from"), now, &session.tickets_from) != 0) {
		snprintf(err, errlen, "exam_session: 'tickets_from' must be an ISO time or an "
			 "offset such as \"+40d\"");
		return -1;
	}
	if (store_exam_session_insert(c, &session, &session_id) != STORE_OK) {
		snprintf(err, errlen, "exam_session %s: cannot store it (loaded already?)",
			 session.code);
		return -1;
	}

	list = cJSON_GetObjectItemCaseSensitive(root, "provinces");
	if (!cJSON_IsArray(list)) {
		snprintf(err, errlen, "'provinces' must be an array");
		return -1;
	}
	cJSON_ArrayForEach(item, list) {
		struct store_province p;

		if (initdata_str(item, "code", p.code, sizeof(p.code), "province", err, errlen) != 0 ||
		    initdata_str(item, "name_zh", p.name_zh, sizeof(p.name_zh), "province", err, errlen) != 0 ||
		    initdata_str(item, "name_en", p.name_en, sizeof(p.name_en), "province", err, errlen) != 0)
			return -1;
		if (store_province_put(c, &p) != STORE_OK) {
			snprintf(err, errlen, "province %s: cannot store it", p.code);
			return -1;
		}
	}

	list = cJSON_GetObjectItemCaseSensitive(root, "subjects");
	if (!cJSON_IsArray(list)) {
		snprintf(err, errlen, "'subjects' must be an array");
		return -1;
	}
	cJSON_ArrayForEach(item, list) {
		struct store_subject s;

		if (initdata_str(item, "code", s.code, sizeof(s.code), "subject", err, errlen) != 0 ||
		    initdata_str(item, "name_zh", s.name_zh, sizeof(s.name_zh), "subject", err, errlen) != 0 ||
		    initdata_str(item, "name_en", s.name_en, sizeof(s.name_en), "subject", err, errlen) != 0)
			return -1;
		if (store_subject_put(c, &s) != STORE_OK) {
			snprintf(err, errlen, "subject %s: cannot store it", s.code);
			return -1;
		}
	}

	list = cJSON_GetObjectItemCaseSensitive(root, "sites");
	if (!cJSON_IsArray(list)) {
		snprintf(err, errlen, "'sites' must be an array");
		return -1;
	}
	cJSON_ArrayForEach(item, list) {
		if (initdata_site(c, session_id, item, now, err, errlen) != 0)
			return -1;
	}
	if (initdata_tips(c, session_id, cJSON_GetObjectItemCaseSensitive(root, "tips"),
			  err, errlen) != 0 ||
	    initdata_staff(c, session_id, cJSON_GetObjectItemCaseSensitive(root, "staff"), now,
			   err, errlen) != 0)
		return -1;
	return initdata_agreement(c, session_id, cJSON_GetObjectItemCaseSensitive(root, "agreement"),
				  err, errlen);
}

/* Load path; only_if_empty: do nothing (0) once an exam session exists. */
static int initdata_run(struct store *store, const char *path, time_t now, bool only_if_empty,
			char *err, size_t errlen)
{
	struct store_conn *c = NULL;
	cJSON *root = NULL;
	char *text = NULL;
	size_t len = 0;
	int count = 0, ret = -1;

	text = initdata_read_file(path, &len, err, errlen);
	if (text == NULL)
		goto out;
	root = cJSON_ParseWithLength(text, len);
	if (root == NULL || !cJSON_IsObject(root)) {
		snprintf(err, errlen, "%s: not a JSON object", path);
		goto out;
	}
	c = store_acquire(store);
	if (c == NULL) {
		snprintf(err, errlen, "no database connection");
		goto out;
	}
	/* Servers starting at once on one database: one loads, the others find it loaded. */
	if (store_begin_write(c) != STORE_OK || store_job_lock(c, "exam data") != STORE_OK) {
		snprintf(err, errlen, "cannot lock the database");
		goto out;
	}
	if (store_exam_session_count(c, &count) != STORE_OK) {
		snprintf(err, errlen, "cannot read exam sessions");
		goto out;
	}
	if (count > 0 && only_if_empty) {
		ret = 0;
		goto out;
	}
	if (initdata_apply(c, root, now, err, errlen) != 0) {
		char where[256];

		snprintf(where, sizeof(where), "%s", err);
		snprintf(err, errlen, "%s: %s", path, where);
		goto out;
	}
	if (store_commit(c) != STORE_OK) {
		snprintf(err, errlen, "cannot commit the exam data");
		goto out;
	}
	ret = 1;
out:
	if (c != NULL)
		store_release(store, &c);	/* rolls back what was not committed */
	cJSON_Delete(root);
	free(text);
	return ret;
}

int initdata_load(struct store *store, const char *path, time_t now, char *err, size_t errlen)
{
	return initdata_run(store, path, now, true, err, errlen);
}

int initdata_import(struct store *store, const char *path, time_t now, char *err,
		    size_t errlen)
{
	return initdata_run(store, path, now, false, err, errlen);
}
