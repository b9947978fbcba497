/*
 * China time (src/kiosk/cntime.c): times shown to the candidate, like the
 * automatic deletion times of R-EXP-01/R-EXP-02 on the status page
 * (R-STA-03), are UTC+8 whatever the machine's TZ is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "kiosk/cntime.h"

static void check_in_tz(const char *tz)
{
	char out[64];

	setenv("TZ", tz, 1);
	tzset();
	cntime_format("2023-06-17T02:50:00Z", out, sizeof(out));
	assert_string_equal(out, "2023-06-17 10:50");
	cntime_format("2023-06-16T20:30:59Z", out, sizeof(out));
	assert_string_equal(out, "2023-06-17 04:30");
	cntime_format("2024-02-28T16:00:00Z", out, sizeof(out));
	assert_string_equal(out, "2024-02-29 00:00");
}

static void test_any_tz(void **state)
{
	(void)state;
	check_in_tz("UTC");
	check_in_tz("America/New_York");
	check_in_tz("Europe/Berlin");
	check_in_tz("XYZ-3");
	check_in_tz("Asia/Shanghai");
}

static void test_not_a_time(void **state)
{
	char out[64];

	(void)state;
	cntime_format("soon", out, sizeof(out));
	assert_string_equal(out, "soon");
	cntime_format("2023-06-17T02:50:00+08:00", out, sizeof(out));
	assert_string_equal(out, "2023-06-17T02:50:00+08:00");
	cntime_format(NULL, out, sizeof(out));
	assert_string_equal(out, "");
}

static void test_today(void **state)
{
	(void)state;
	/* 2023-06-16T16:00:00Z is midnight of the 17th in Beijing */
	assert_int_equal(cntime_today_ymd(1686931200), 20230617);
	assert_int_equal(cntime_today_ymd(1686931199), 20230616);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_any_tz),
		cmocka_unit_test(test_not_a_time),
		cmocka_unit_test(test_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
