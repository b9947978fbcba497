/*
 * Scheduling a site's paid subjects into exam dates, times, rooms and
 * seats, and numbering their admission tickets (R-INT-03, R-TKT-02). Pure
 * computation over what the caller loaded; cmd-schedule.c reads and writes
 * the store. The algorithm and the ticket number are documented in
 * docs/server.md ("Scheduling") and docs/protocol.md ("Admission tickets").
 */
#ifndef SRV_RULES_SCHEDULE_H
#define SRV_RULES_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Exam days in one period at most (the days are counted, not guessed). */
#define RULES_SCHEDULE_MAX_DAYS 62
/* Digits of a ticket number: exam session 4, site 6, subject 2, sequence 4. */
#define RULES_TICKET_NO_LEN 16

struct rules_schedule_site {
	const char *exam_code;		/* the exam session's code, "YYYYMM" */
	const char *site_code;		/* six digits */
	const char *period_start, *period_end;	/* "YYYY-MM-DD", Beijing */
	const struct store_room *rooms;
	size_t nrooms;
	const struct store_exam_time *times;
	size_t ntimes;
};

struct rules_schedule_item {
	struct store_unscheduled in;	/* the paid subject and its intended date */
	struct store_ticket out;	/* filled by rules_schedule() */
};

/*
 * Place every item around the tickets issued already (existing), for the
 * given seed: intended dates first while that date has a free seat at a
 * time the candidate is free, everything else at random within the exam
 * period, weighted by free seats; seats taken lowest room and seat first;
 * numbers continuing each subject's sequence. Deterministic: the same
 * inputs and seed give the same result. Returns 0, or -1 with err (no
 * seat left, data that cannot be numbered, out of memory); items are then
 * partly filled and must not be written.
 */
int rules_schedule(const struct rules_schedule_site *site, const struct store_ticket *existing,
		   size_t nexisting, struct rules_schedule_item *items, size_t nitems,
		   uint64_t seed, char *err, size_t errlen);

/* The days of a period, "YYYY-MM-DD" each: the count, or -1 when invalid or too long. */
int rules_schedule_days(const char *start, const char *end,
			char days[RULES_SCHEDULE_MAX_DAYS][11]);

#endif
