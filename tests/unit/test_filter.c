/*
 * Type-to-filter (src/kiosk/filter.c) for the long choice lists of the
 * registration form (R-REG-03: 民族 has 58 entries) and the subjects of a
 * site (R-REG-09): Hanzi substrings, code prefixes, English without case,
 * several terms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kiosk/filter.h"

static void test_empty_matches_all(void **state)
{
	(void)state;
	assert_true(filter_match("", "01", "汉族", "Han"));
	assert_true(filter_match(NULL, "01", "汉族", "Han"));
	assert_true(filter_match("   ", "01", "汉族", "Han"));
}

static void test_hanzi(void **state)
{
	(void)state;
	assert_true(filter_match("回", "03", "回族", "Hui"));
	assert_false(filter_match("回", "01", "汉族", "Han"));
	assert_true(filter_match("族", "01", "汉族", "Han"));
	assert_true(filter_match("WPS", "14", "计算机基础及WPS Office应用", "Computer ..."));
	/* a Hanzi never matches inside another character's bytes */
	assert_false(filter_match("\xe6\xb1", "01", "其他", "Other"));
}

static void test_code(void **state)
{
	(void)state;
	assert_true(filter_match("03", "03", "回族", "Hui"));
	assert_true(filter_match("0", "03", "回族", "Hui"));
	assert_false(filter_match("04", "03", "回族", "Hui"));
	assert_true(filter_match("9901", "990101", "测试学校", "Test School"));
	assert_true(filter_match("0101", "990101", "测试学校", "Test School"));
}

static void test_english_case(void **state)
{
	(void)state;
	assert_true(filter_match("hui", "03", "回族", "Hui"));
	assert_true(filter_match("HAN", "01", "汉族", "Han"));
	assert_false(filter_match("xyz", "01", "汉族", "Han"));
	assert_true(filter_match("ms office", "63", "MS Office高级应用与设计", "MS Office Advanced"));
}

static void test_terms(void **state)
{
	(void)state;
	assert_true(filter_match("计算机 WPS", "14", "计算机基础及WPS Office应用", NULL));
	assert_false(filter_match("计算机 Photoshop", "14", "计算机基础及WPS Office应用", NULL));
	assert_false(filter_match("回", NULL, NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_matches_all),
		cmocka_unit_test(test_hanzi),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_english_case),
		cmocka_unit_test(test_terms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
