/*
 * Times for the candidate are China Standard Time (UTC+8, no daylight
 * saving) whatever the kiosk machine's TZ says: the deletion times on the
 * status page must be the same on every kiosk. Pure, unit tested
 * (tests/unit/test_cntime.c).
 */
#ifndef KIOSK_CNTIME_H
#define KIOSK_CNTIME_H

#include <stddef.h>
#include <time.h>

/* "2026-11-17T02:50:00Z" -> "2026-11-17 10:50". Anything that is not such
 * a UTC time is copied as it is. */
void cntime_format(const char *iso, char *out, size_t outsz);
/* Today's date in China as YYYYMMDD (for date checks), from now. */
int cntime_today_ymd(time_t now);
/* The wall clock in China as "HH:MM" (title bar). */
void cntime_clock(time_t now, char *out, size_t outsz);

#endif
