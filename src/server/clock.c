/*
 * Wall-clock time with an optional fixed start (--now). The offset is set
 * once before any thread starts and never changes, so reading it needs no
 * lock.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"

#define CLOCK_CST_OFFSET (8 * 3600)

int clock_init(struct clock *c, const char *start_iso)
{
	time_t start;

	c->offset = 0;
	if (start_iso == NULL)
		return 0;
	if (clock_parse_iso(start_iso, &start) != 0)
		return -1;
	c->offset = start - time(NULL);
	return 0;
}

time_t clock_now(const struct clock *c)
{
	return time(NULL) + c->offset;
}

time_t clock_after(const struct clock *c, unsigned seconds)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return clock_now(c) + (time_t)seconds + 1;
	return ts.tv_sec + c->offset + (time_t)seconds + (ts.tv_nsec > 0 ? 1 : 0);
}

int clock_parse_iso(const char *s, time_t *out)
{
	struct tm tm;
	int n = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n != 20)
		return -1;
	if (tm.tm_year < 1970 || tm.tm_year > 9999 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 59)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	/* timegm normalises 31 February into March: refuse such dates. */
	{
		struct tm back;

		if (gmtime_r(&t, &back) == NULL || back.tm_mday != tm.tm_mday)
			return -1;
	}
	*out = t;
	return 0;
}

void clock_format_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (len > 0)
			buf[0] = '\0';
	}
}

int clock_ymd_cst(time_t t)
{
	time_t local = t + CLOCK_CST_OFFSET;
	struct tm tm;

	if (gmtime_r(&local, &tm) == NULL)
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

time_t clock_day_start_cst(time_t t)
{
	time_t local = t + CLOCK_CST_OFFSET;

	return local - (local % 86400) - CLOCK_CST_OFFSET;
}
