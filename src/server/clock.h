/*
 * The one place ncre-server reads the time. Normally the system clock; with
 * --now the clock starts at a fixed moment and then advances in real time,
 * so tests can put the server inside or outside a registration window.
 */
#ifndef SRV_CLOCK_H
#define SRV_CLOCK_H

#include <stddef.h>
#include <time.h>

/* "2026-11-24T08:00:00Z" plus NUL. */
#define CLOCK_ISO_LEN 21

struct clock {
	time_t offset;	/* added to the system clock; fixed after clock_init */
};

/* Start the clock; start_iso NULL means "the system clock". Returns 0 or -1. */
int clock_init(struct clock *c, const char *start_iso);

/* The current time. */
time_t clock_now(const struct clock *c);

/*
 * The moment seconds from now, rounded up to the next whole second, so a
 * deadline stored in whole seconds never falls before its time (compare it
 * with clock_now: passed when clock_now() >= it).
 */
time_t clock_after(const struct clock *c, unsigned seconds);

/* Parse "YYYY-MM-DDTHH:MM:SSZ" (UTC). Returns 0 or -1. */
int clock_parse_iso(const char *s, time_t *out);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least CLOCK_ISO_LEN). */
void clock_format_iso(time_t t, char *buf, size_t len);

/* The calendar date in China Standard Time (UTC+8) as YYYYMMDD. */
int clock_ymd_cst(time_t t);

/* Start of the CST day containing t, as a UTC timestamp. */
time_t clock_day_start_cst(time_t t);

#endif
