/*
 * UTF-8 text measured in terminal columns (style.md section 5): CJK,
 * combining marks, emoji, broken bytes and cutting at a wide character.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ncre/text.h"

static int setup_locale(void **state)
{
	(void)state;
	/* wcwidth only knows CJK widths in a UTF-8 locale. */
	return setlocale(LC_ALL, "C.UTF-8") != NULL ? 0 : -1;
}

static void test_next_decodes(void **state)
{
	unsigned int wc = 0;

	(void)state;
	assert_int_equal(ncre_utf8_next("A", 1, &wc), 1);
	assert_int_equal(wc, 'A');
	assert_int_equal(ncre_utf8_next("\xc3\xa9", 2, &wc), 2);	/* é */
	assert_int_equal(wc, 0xE9);
	assert_int_equal(ncre_utf8_next("张", 3, &wc), 3);
	assert_int_equal(wc, 0x5F20);
	assert_int_equal(ncre_utf8_next("\xf0\x9f\x98\x80", 4, &wc), 4);	/* 😀 */
	assert_int_equal(wc, 0x1F600);
	assert_int_equal(ncre_utf8_next("", 1, &wc), 0);
	assert_int_equal(ncre_utf8_next("A", 0, &wc), 0);
}

static void test_next_broken_bytes(void **state)
{
	unsigned int wc = 0;

	(void)state;
	/* Each broken byte gives U+FFFD and advances one byte. */
	assert_int_equal(ncre_utf8_next("\x80", 1, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	assert_int_equal(ncre_utf8_next("\xff" "A", 2, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	/* Overlong, surrogate, above U+10FFFF. */
	wc = 0;
	assert_int_equal(ncre_utf8_next("\xc0\xaf", 2, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	wc = 0;
	assert_int_equal(ncre_utf8_next("\xe0\x80\xaf", 3, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	wc = 0;
	assert_int_equal(ncre_utf8_next("\xed\xa0\x80", 3, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	wc = 0;
	assert_int_equal(ncre_utf8_next("\xf4\x90\x80\x80", 4, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	/* A sequence cut by the end of the string, or by n. */
	wc = 0;
	assert_int_equal(ncre_utf8_next("\xe5\xbc", 2, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	wc = 0;
	assert_int_equal(ncre_utf8_next("张", 2, &wc), 1);
	assert_int_equal(wc, 0xFFFD);
	/* A lead byte followed by ASCII: the ASCII survives. */
	assert_int_equal(ncre_utf8_next("\xe5" "A", 2, &wc), 1);
	assert_int_equal(ncre_utf8_next("A", 1, &wc), 1);
	assert_int_equal(wc, 'A');
}

static void test_chars(void **state)
{
	(void)state;
	assert_int_equal(ncre_utf8_chars(""), 0);
	assert_int_equal(ncre_utf8_chars("abc"), 3);
	assert_int_equal(ncre_utf8_chars("张三"), 2);
	assert_int_equal(ncre_utf8_chars("e\xcc\x81"), 2);	/* e + U+0301 */
	assert_int_equal(ncre_utf8_chars("a\xff\xfe" "b"), 4);	/* broken bytes count one each */
	assert_int_equal(ncre_utf8_chars("\xe5\xbc"), 2);
	assert_int_equal(ncre_utf8_chars(NULL), 0);
}

static void test_width_cjk(void **state)
{
	(void)state;
	assert_int_equal(ncre_utf8_width("张三"), 4);
	assert_int_equal(ncre_utf8_width("（全角）"), 8);
	assert_int_equal(ncre_utf8_width("abc"), 3);
	assert_int_equal(ncre_utf8_width(""), 0);
	assert_int_equal(ncre_utf8_width(NULL), 0);
}

static void test_width_combining(void **state)
{
	(void)state;
	assert_int_equal(ncre_utf8_width("e\xcc\x81"), 1);	/* e + U+0301 */
	assert_int_equal(ncre_utf8_width("\xe2\x80\x8b"), 0);	/* ZWSP */
}

static void test_width_mixed(void **state)
{
	(void)state;
	assert_int_equal(ncre_utf8_width("张三 Zhang"), 10);
	assert_int_equal(ncre_utf8_width("\xf0\x9f\x98\x80!"), 3);	/* emoji is 2 */
	assert_int_equal(ncre_utf8_width("Jose\xcc\x81 张"), 7);
}

static void test_width_broken_and_controls(void **state)
{
	(void)state;
	/* Broken bytes count one column each. */
	assert_int_equal(ncre_utf8_width("a\xff\xfe" "b"), 4);
	assert_int_equal(ncre_utf8_width("\xe5\xbc"), 2);
	/* Unprintables (wcwidth -1) count one. */
	assert_int_equal(ncre_utf8_width("a\tb"), 3);
	assert_int_equal(ncre_utf8_width("\x1b"), 1);
}

static void test_fit_wide_boundary(void **state)
{
	const char *s = "张三李四";

	(void)state;
	/* 3 columns hold only 张 (2 columns); half of 三 never fits. */
	assert_int_equal(ncre_utf8_fit(s, 3), 3);
	assert_int_equal(ncre_utf8_fit(s, 4), 6);
	assert_int_equal(ncre_utf8_fit(s, 1), 0);
	assert_int_equal(ncre_utf8_fit(s, 0), 0);
	assert_int_equal(ncre_utf8_fit(s, 8), strlen(s));
	assert_int_equal(ncre_utf8_fit(s, 100), strlen(s));
	assert_int_equal(ncre_utf8_fit(s, -1), 0);
	/* Mixed: "a张b" in 2 columns is just "a". */
	assert_int_equal(ncre_utf8_fit("a张b", 2), 1);
	assert_int_equal(ncre_utf8_fit("a张b", 3), 4);
	assert_int_equal(ncre_utf8_fit("", 5), 0);
	assert_int_equal(ncre_utf8_fit(NULL, 5), 0);
}

static void test_fit_keeps_combining_mark(void **state)
{
	(void)state;
	/* "e\u0301x": the accent takes no column and stays with its e. */
	assert_int_equal(ncre_utf8_fit("e\xcc\x81x", 1), 3);
	assert_int_equal(ncre_utf8_fit("e\xcc\x81x", 2), 4);
	/* A broken byte is one column. */
	assert_int_equal(ncre_utf8_fit("\xff\xff" "a", 1), 1);
	assert_int_equal(ncre_utf8_fit("\xff\xff" "a", 2), 2);
}

/* A required answer made only of white space (R-DEL-02's reason, names) is empty. */
static void test_blank(void **state)
{
	(void)state;
	assert_true(ncre_utf8_is_blank(NULL));
	assert_true(ncre_utf8_is_blank(""));
	assert_true(ncre_utf8_is_blank(" \t\n"));
	assert_true(ncre_utf8_is_blank("\xe3\x80\x80 \xc2\xa0"));   /* U+3000, NBSP */
	assert_false(ncre_utf8_is_blank(" a "));
	assert_false(ncre_utf8_is_blank("\xe3\x80\x80\xe5\x9b\xa0"));  /* U+3000 因 */
	assert_false(ncre_utf8_is_blank("\xff"));                  /* a broken byte is not space */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_decodes),
		cmocka_unit_test(test_next_broken_bytes),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_width_cjk),
		cmocka_unit_test(test_width_combining),
		cmocka_unit_test(test_width_mixed),
		cmocka_unit_test(test_width_broken_and_controls),
		cmocka_unit_test(test_fit_wide_boundary),
		cmocka_unit_test(test_fit_keeps_combining_mark),
		cmocka_unit_test(test_blank),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, setup_locale, NULL);
}
