/*
 * China Standard Time formatting (see cntime.h): the offset is added by
 * hand and the result broken down with gmtime_r, so the machine's TZ and
 * its zoneinfo play no part.
 */
#include <stdio.h>
#include <string.h>

#include "cntime.h"

#define CST_OFFSET (8 * 3600)

void cntime_format(const char *iso, char *out, size_t outsz)
{
	struct tm tm;
	const char *end;
	time_t t;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (iso == NULL)
		return;
	memset(&tm, 0, sizeof(tm));
	end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL || end[0] != 'Z' || end[1] != '\0') {
		snprintf(out, outsz, "%s", iso);
		return;
	}
	t = timegm(&tm);
	if (t == (time_t)-1) {
		snprintf(out, outsz, "%s", iso);
		return;
	}
	t += CST_OFFSET;
	if (gmtime_r(&t, &tm) == NULL || strftime(out, outsz, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, outsz, "%s", iso);
}

int cntime_today_ymd(time_t now)
{
	struct tm tm;
	time_t t = now + CST_OFFSET;

	if (gmtime_r(&t, &tm) == NULL)
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

void cntime_clock(time_t now, char *out, size_t outsz)
{
	time_t t = now + CST_OFFSET;
	struct tm tm;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (gmtime_r(&t, &tm) == NULL || strftime(out, outsz, "%H:%M", &tm) == 0)
		out[0] = '\0';
}
