/*
 * The scheduling algorithm (R-INT-03) and the ticket number (R-TKT-02).
 *
 * A slot is one exam day and daily exam time; each slot has every seat of
 * every room. Each subject to place gets a key: a splitmix64 hash of the
 * seed, the registration id and the subject code. Subjects with an
 * intended date inside the period are placed first, by key, into a slot
 * of that day; those whose day is full (or whose candidate has no free
 * time that day) join the others, which are placed by key into any slot
 * of the period, chosen at random (from the key) with each slot weighted
 * by its free seats. A candidate never gets two exams in one slot. In a
 * slot the lowest free seat of the first room with one is taken.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules-schedule.h"

struct sched {
	const struct rules_schedule_site *site;
	char days[RULES_SCHEDULE_MAX_DAYS][11];
	int ndays;
	size_t nslots;		/* ndays * ntimes */
	size_t nseats;		/* seats of all rooms together */
	size_t *room_first;	/* the first seat index of each room */
	unsigned char *used;	/* nslots * nseats */
	size_t *free;		/* free seats per slot */
	/* (registration, slot) of every exam given, to keep a candidate to one at a time. */
	int64_t *busy_reg;
	size_t *busy_slot;
	size_t nbusy;
};

static uint64_t sched_mix(uint64_t x)
{
	/* splitmix64's finaliser */
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static uint64_t sched_key(uint64_t seed, int64_t reg, const char *subject)
{
	uint64_t h = 0xCBF29CE484222325ULL;	/* FNV-1a of the subject code */

	for (const unsigned char *p = (const unsigned char *)subject; *p != '\0'; p++)
		h = (h ^ *p) * 0x100000001B3ULL;
	return sched_mix(seed ^ sched_mix((uint64_t)reg ^ sched_mix(h)));
}

int rules_schedule_days(const char *start, const char *end,
			char days[RULES_SCHEDULE_MAX_DAYS][11])
{
	struct tm tm;
	time_t t;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (start == NULL || end == NULL || strlen(start) != 10 || strlen(end) != 10 ||
	    sscanf(start, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	for (;;) {
		struct tm d;

		if (n == RULES_SCHEDULE_MAX_DAYS || gmtime_r(&t, &d) == NULL ||
		    strftime(days[n], 11, "%Y-%m-%d", &d) != 10)
			return -1;
		if (strcmp(days[n], end) > 0)
			return n > 0 ? n : -1;
		n++;
		if (strcmp(days[n - 1], end) == 0)
			return n;
		t += 86400;
	}
}

static int sched_day(const struct sched *s, const char *date)
{
	for (int d = 0; d < s->ndays; d++)
		if (strcmp(s->days[d], date) == 0)
			return d;
	return -1;
}

static int sched_time(const struct sched *s, const char *start)
{
	for (size_t i = 0; i < s->site->ntimes; i++)
		if (strcmp(s->site->times[i].start, start) == 0)
			return (int)i;
	return -1;
}

static int sched_room(const struct sched *s, const char *code)
{
	for (size_t i = 0; i < s->site->nrooms; i++)
		if (strcmp(s->site->rooms[i].code, code) == 0)
			return (int)i;
	return -1;
}

static void sched_busy_add(struct sched *s, int64_t reg, size_t slot)
{
	s->busy_reg[s->nbusy] = reg;
	s->busy_slot[s->nbusy] = slot;
	s->nbusy++;
}

/* Mark the slots where reg sits an exam already. */
static void sched_busy_of(const struct sched *s, int64_t reg, bool *busy)
{
	memset(busy, 0, s->nslots * sizeof(*busy));
	for (size_t i = 0; i < s->nbusy; i++)
		if (s->busy_reg[i] == reg)
			busy[s->busy_slot[i]] = true;
}

/* Take a seat in slot: the first room with a free seat, its lowest free seat. */
static void sched_take(struct sched *s, size_t slot, struct rules_schedule_item *it)
{
	const struct rules_schedule_site *site = s->site;
	unsigned char *row = s->used + slot * s->nseats;
	size_t seat = 0, room = 0;

	while (seat < s->nseats && row[seat])
		seat++;
	/* The caller checked s->free[slot] > 0, so seat < nseats. */
	while (room + 1 < site->nrooms && s->room_first[room + 1] <= seat)
		room++;
	row[seat] = 1;
	s->free[slot]--;
	it->out.registration = it->in.registration;
	snprintf(it->out.subject, sizeof(it->out.subject), "%s", it->in.subject);
	snprintf(it->out.date, sizeof(it->out.date), "%s", s->days[slot / site->ntimes]);
	snprintf(it->out.time_start, sizeof(it->out.time_start), "%s",
		 site->times[slot % site->ntimes].start);
	snprintf(it->out.time_end, sizeof(it->out.time_end), "%s",
		 site->times[slot % site->ntimes].end);
	snprintf(it->out.room, sizeof(it->out.room), "%s", site->rooms[room].code);
	it->out.seat = (int)(seat - s->room_first[room]) + 1;
	sched_busy_add(s, it->in.registration, slot);
}

/*
 * Pick a slot for it on day (or any day when day < 0) at random from r,
 * each eligible slot weighted by its free seats: true when placed.
 */
static bool sched_place(struct sched *s, struct rules_schedule_item *it, int day, uint64_t r,
			bool *busy)
{
	size_t first = 0, last = s->nslots, total = 0, k;

	if (day >= 0) {
		first = (size_t)day * s->site->ntimes;
		last = first + s->site->ntimes;
	}
	sched_busy_of(s, it->in.registration, busy);
	for (size_t i = first; i < last; i++)
		if (!busy[i])
			total += s->free[i];
	if (total == 0)
		return false;
	k = (size_t)(r % total);
	for (size_t i = first; i < last; i++) {
		if (busy[i])
			continue;
		if (k < s->free[i]) {
			sched_take(s, i, it);
			return true;
		}
		k -= s->free[i];
	}
	return false;	/* not reached: k < total */
}

struct sched_order {
	uint64_t key;
	size_t item;
};

static int sched_order_cmp(const void *a, const void *b)
{
	const struct sched_order *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

static bool sched_digits(const char *s, size_t n)
{
	return s != NULL && strlen(s) == n && strspn(s, "0123456789") == n;
}

/* The sequence of a ticket number with this 12-digit prefix, or 0. */
static int sched_seq_of(const char *no, const char *prefix)
{
	if (strlen(no) != RULES_TICKET_NO_LEN || strncmp(no, prefix, 12) != 0 ||
	    !sched_digits(no + 12, 4))
		return 0;
	return (no[12] - '0') * 1000 + (no[13] - '0') * 100 + (no[14] - '0') * 10 + (no[15] - '0');
}

struct sched_seat {
	const char *subject;
	int day, time, room, seat;
	size_t item;
};

static int sched_seat_cmp(const void *a, const void *b)
{
	const struct sched_seat *x = a, *y = b;
	int c = strcmp(x->subject, y->subject);

	if (c != 0)
		return c;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->room != y->room)
		return x->room < y->room ? -1 : 1;
	return x->seat < y->seat ? -1 : x->seat > y->seat;
}

/* Number the new tickets: each subject's sequence goes on in seat order. */
static int sched_number(const struct sched *s, const struct store_ticket *existing,
			size_t nexisting, struct rules_schedule_item *items, size_t nitems,
			char *err, size_t errlen)
{
	const struct rules_schedule_site *site = s->site;
	struct sched_seat *seats = calloc(nitems + 1, sizeof(*seats));
	char prefix[16] = "";
	int seq = 0, ret = -1;

	if (seats == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nitems; i++) {
		const struct store_ticket *t = &items[i].out;

		if (!sched_digits(items[i].in.subject, 2)) {
			snprintf(err, errlen, "subject code %s is not two digits; tickets cannot "
				 "be numbered", items[i].in.subject);
			goto out;
		}
		seats[i] = (struct sched_seat){ items[i].in.subject, sched_day(s, t->date),
						sched_time(s, t->time_start), sched_room(s, t->room),
						t->seat, i };
	}
	qsort(seats, nitems, sizeof(*seats), sched_seat_cmp);
	for (size_t k = 0; k < nitems; k++) {
		struct store_ticket *t = &items[seats[k].item].out;

		if (k == 0 || strcmp(seats[k].subject, seats[k - 1].subject) != 0) {
			snprintf(prefix, sizeof(prefix), "%.4s%.6s%.2s", site->exam_code + 2,
				 site->site_code, seats[k].subject);
			seq = 0;
			for (size_t e = 0; e < nexisting; e++) {
				int n = sched_seq_of(existing[e].no, prefix);

				seq = n > seq ? n : seq;
			}
		}
		if (++seq > 9999) {
			snprintf(err, errlen, "more than 9999 tickets for subject %s at site %s",
				 seats[k].subject, site->site_code);
			goto out;
		}
		snprintf(t->no, sizeof(t->no), "%.12s%04d", prefix, seq);
	}
	ret = 0;
out:
	free(seats);
	return ret;
}

static void sched_free(struct sched *s)
{
	free(s->room_first);
	free(s->used);
	free(s->free);
	free(s->busy_reg);
	free(s->busy_slot);
}

int rules_schedule(const struct rules_schedule_site *site, const struct store_ticket *existing,
		   size_t nexisting, struct rules_schedule_item *items, size_t nitems,
		   uint64_t seed, char *err, size_t errlen)
{
	struct sched s;
	struct sched_order *order = NULL;
	bool *busy = NULL;
	size_t norder = 0, nlater = 0;
	int ret = -1;

	memset(&s, 0, sizeof(s));
	s.site = site;
	if (!sched_digits(site->exam_code, 6) || !sched_digits(site->site_code, 6)) {
		snprintf(err, errlen, "the exam session code (YYYYMM) and the site code (six digits) "
			 "number the tickets; %s / %s do not fit", site->exam_code, site->site_code);
		return -1;
	}
	s.ndays = rules_schedule_days(site->period_start, site->period_end, s.days);
	if (s.ndays < 0 || site->nrooms == 0 || site->ntimes == 0) {
		snprintf(err, errlen, "site %s needs an exam period (at most %d days), rooms and "
			 "exam times", site->site_code, RULES_SCHEDULE_MAX_DAYS);
		return -1;
	}
	s.nslots = (size_t)s.ndays * site->ntimes;
	s.room_first = calloc(site->nrooms, sizeof(*s.room_first));
	if (s.room_first == NULL)
		goto oom;
	for (size_t r = 0; r < site->nrooms; r++) {
		s.room_first[r] = s.nseats;
		s.nseats += (size_t)site->rooms[r].seats;
	}
	s.used = calloc(s.nslots * s.nseats, 1);
	s.free = calloc(s.nslots, sizeof(*s.free));
	s.busy_reg = calloc(nexisting + nitems + 1, sizeof(*s.busy_reg));
	s.busy_slot = calloc(nexisting + nitems + 1, sizeof(*s.busy_slot));
	busy = calloc(s.nslots, sizeof(*busy));
	order = calloc(nitems + 1, sizeof(*order));
	if (s.used == NULL || s.free == NULL || s.busy_reg == NULL || s.busy_slot == NULL ||
	    busy == NULL || order == NULL)
		goto oom;
	for (size_t i = 0; i < s.nslots; i++)
		s.free[i] = s.nseats;
	/* Seats given already stay taken, whatever this run decides. */
	for (size_t e = 0; e < nexisting; e++) {
		const struct store_ticket *t = &existing[e];
		int d = sched_day(&s, t->date), tm = sched_time(&s, t->time_start);
		int rm = sched_room(&s, t->room);
		size_t slot, seat;

		if (d < 0 || tm < 0)
			continue;	/* outside today's data: it cannot collide */
		slot = (size_t)d * site->ntimes + (size_t)tm;
		sched_busy_add(&s, t->registration, slot);
		if (rm < 0 || t->seat < 1 || t->seat > site->rooms[rm].seats)
			continue;
		seat = s.room_first[rm] + (size_t)t->seat - 1;
		if (!s.used[slot * s.nseats + seat]) {
			s.used[slot * s.nseats + seat] = 1;
			s.free[slot]--;
		}
	}

	/* Pass 1: intended dates inside the period, by key. */
	for (size_t i = 0; i < nitems; i++) {
		memset(&items[i].out, 0, sizeof(items[i].out));
		if (items[i].in.intent_date[0] != '\0' && sched_day(&s, items[i].in.intent_date) >= 0)
			order[norder++] = (struct sched_order){
				sched_key(seed, items[i].in.registration, items[i].in.subject), i };
	}
	qsort(order, norder, sizeof(*order), sched_order_cmp);
	for (size_t k = 0; k < norder; k++) {
		struct rules_schedule_item *it = &items[order[k].item];
		int day = sched_day(&s, it->in.intent_date);

		if (sched_place(&s, it, day, sched_mix(order[k].key ^ 1), busy))
			it->out.intent = true;
	}
	/* Pass 2: everything not placed yet, by key, at random within the period. */
	for (size_t i = 0; i < nitems; i++)
		if (items[i].out.date[0] == '\0')
			order[nlater++] = (struct sched_order){
				sched_key(seed, items[i].in.registration, items[i].in.subject), i };
	qsort(order, nlater, sizeof(*order), sched_order_cmp);
	for (size_t k = 0; k < nlater; k++) {
		struct rules_schedule_item *it = &items[order[k].item];

		if (!sched_place(&s, it, -1, sched_mix(order[k].key ^ 2), busy)) {
			snprintf(err, errlen, "site %s has no free seat left for every paid subject "
				 "(%zu seats a day in %zu rooms, %zu exam times, %d days)",
				 site->site_code, s.nseats, site->nrooms, site->ntimes, s.ndays);
			goto out;
		}
	}
	ret = sched_number(&s, existing, nexisting, items, nitems, err, errlen);
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	free(order);
	free(busy);
	sched_free(&s);
	return ret;
}
