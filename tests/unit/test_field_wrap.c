/*
 * Word wrap by columns (src/kiosk/wrap.c): CJK lines break between
 * characters at the column limit, Latin lines after spaces, newlines end
 * lines, and no line is ever wider than asked.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ncre/text.h"
#include "kiosk/wrap.h"

static int line_width(const char *text, const struct wrap_line *l)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%.*s", (int)l->len, text + l->off);
	return ncre_utf8_width(buf);
}

static void expect(const char *text, int cols, const char *const *want, size_t nwant)
{
	struct wrap_line lines[32];
	size_t n = wrap_text(text, cols, lines, 32);

	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++) {
		char buf[512];

		snprintf(buf, sizeof(buf), "%.*s", (int)lines[i].len, text + lines[i].off);
		assert_string_equal(buf, want[i]);
		assert_true(line_width(text, &lines[i]) <= cols);
	}
}

static void test_cjk(void **state)
{
	const char *want[] = { "考生本人已", "阅读并同意" };

	(void)state;
	expect("考生本人已阅读并同意", 10, want, 2);
	{
		const char *w2[] = { "考生本人", "已阅读并", "同意" };

		expect("考生本人已阅读并同意", 9, w2, 3);   /* odd width: 4 chars a line */
	}
}

static void test_latin(void **state)
{
	const char *want[] = { "The quick", "brown fox", "jumps" };

	(void)state;
	expect("The quick brown fox jumps", 10, want, 3);
}

static void test_long_word(void **state)
{
	const char *want[] = { "abcdef", "ghij" };

	(void)state;
	expect("abcdefghij", 6, want, 2);
}

static void test_newlines(void **state)
{
	const char *want[] = { "1. 甲", "", "2. 乙" };

	(void)state;
	expect("1. 甲\n\n2. 乙", 20, want, 3);
}

/* A Chinese comma or full stop never starts a line: the character before
 * it moves down with it. */
static void test_no_punct_at_line_start(void **state)
{
	const char *want[] = { "考生本人", "已，读" };

	(void)state;
	expect("考生本人已，读", 10, want, 2);
}

static void test_mixed(void **state)
{
	struct wrap_line lines[64];
	const char *t = "当前在报名时间内, 请上传个人照片, 已报考1科, 全未支付, "
			"可以修改报考科目信息或支付。Registration is open (NCRE).";

	(void)state;
	for (int cols = 2; cols < 40; cols++) {
		size_t n = wrap_text(t, cols, lines, 64);
		size_t total = 0;

		assert_true(n < 64);
		for (size_t i = 0; i < n; i++) {
			assert_true(line_width(t, &lines[i]) <= cols);
			total += lines[i].len;
		}
		assert_true(total > 0);
	}
	assert_int_equal(wrap_text("", 10, lines, 64), 1);
	assert_int_equal(wrap_text("abc", 10, NULL, 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_latin),
		cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_no_punct_at_line_start),
		cmocka_unit_test(test_mixed),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
