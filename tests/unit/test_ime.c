/*
 * The input method's composition state machine (src/kiosk/ime.c) on real
 * librime and the compiled data that `make` builds beside the binaries
 * (<build>/rime): letters, Space, digits, paging, Backspace, Esc, Enter,
 * the 中/英 switch, wipe, strokes, code points, no learning, missing data.
 */
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kiosk/ime.h"

static char data_dir[PATH_MAX + 16];

/* <build>/tests/unit/test_ime -> <build>/rime */
static int find_data(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	snprintf(data_dir, sizeof(data_dir), "%s/../../rime", exe);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	ime_engine_stop();
	ime_engine_dir(data_dir);
	return 0;
}

static void type(struct ime *im, const char *letters)
{
	for (const char *p = letters; *p; p++)
		assert_int_equal(ime_key(im, IME_KEY_CHAR, (wchar_t)*p), IME_DONE);
}

static int find_cand(const struct ime *im, const char *text)
{
	for (int i = 0; i < im->ncand; i++)
		if (strcmp(im->cand[i], text) == 0)
			return i;
	return -1;
}

static void pick(struct ime *im, int i)
{
	assert_in_range(i, 0, IME_PAGE - 1);
	assert_int_equal(ime_key(im, IME_KEY_CHAR, (wchar_t)(L'1' + i)), IME_DONE);
}

static void test_letters_compose_lazily(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	assert_false(ime_engine_started());
	assert_false(ime_composing(&im));
	type(&im, "wang");
	assert_true(ime_engine_started());
	assert_true(ime_composing(&im));
	assert_int_equal(im.kind, IME_PINYIN);
	assert_string_equal(im.input, "wang");
	assert_string_equal(im.preedit, "wang");
	assert_int_equal(im.ncand, IME_PAGE);
	assert_true(find_cand(&im, "王") >= 0);
	assert_string_equal(im.commit, "");
}

/* 王小明: among the first candidates, or built in two picks. */
static void test_wangxiaoming(void **state)
{
	struct ime im;
	int i;

	(void)state;
	ime_init(&im, true);
	type(&im, "wangxiaoming");
	assert_string_equal(im.preedit, "wang xiao ming");
	i = find_cand(&im, "王小明");
	if (i < 0) {
		i = find_cand(&im, "王小");
		pick(&im, i);
		assert_string_equal(im.commit, "");          /* ming still to pick */
		assert_true(ime_composing(&im));
		i = find_cand(&im, "明");
	}
	pick(&im, i);
	assert_string_equal(im.commit, "王小明");
	assert_false(ime_composing(&im));
}

static void test_space_takes_first(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	type(&im, "zhangwei");
	assert_string_equal(im.cand[0], "张伟");
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L' '), IME_DONE);
	assert_string_equal(im.commit, "张伟");
	assert_false(ime_composing(&im));
	/* An address phrase in one go. */
	im.commit[0] = '\0';
	type(&im, "beijingshihaidianqu");
	assert_string_equal(im.cand[0], "北京市海淀区");
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'1'), IME_DONE);
	assert_string_equal(im.commit, "北京市海淀区");
}

static void test_digit_picks_and_refuses_beyond(void **state)
{
	struct ime im;
	int i;

	(void)state;
	ime_init(&im, true);
	type(&im, "yan");
	i = find_cand(&im, "严");
	assert_true(i > 0);
	pick(&im, i);
	assert_string_equal(im.commit, "严");
	/* 9 on a page of fewer candidates does nothing. */
	im.commit[0] = '\0';
	type(&im, "ng");                    /* 嗯: a short page */
	if (im.ncand < IME_PAGE) {
		assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'9'), IME_REFUSED);
		assert_true(ime_composing(&im));
	}
	assert_int_equal(ime_key(&im, IME_KEY_ESC, 0), IME_DONE);
}

static void test_paging(void **state)
{
	struct ime im;
	char first[IME_CAND_BYTES];

	(void)state;
	ime_init(&im, true);
	type(&im, "yi");
	assert_int_equal(im.page, 0);
	assert_false(im.last_page);
	snprintf(first, sizeof(first), "%s", im.cand[0]);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'='), IME_DONE);
	assert_int_equal(im.page, 1);
	assert_string_not_equal(im.cand[0], first);
	assert_int_equal(ime_key(&im, IME_KEY_PGDN, 0), IME_DONE);
	assert_int_equal(im.page, 2);
	assert_int_equal(ime_key(&im, IME_KEY_PGUP, 0), IME_DONE);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'-'), IME_DONE);
	assert_int_equal(im.page, 0);
	assert_string_equal(im.cand[0], first);
	/* Before the first page: nothing moves. */
	ime_key(&im, IME_KEY_CHAR, L'-');
	assert_int_equal(im.page, 0);
	assert_string_equal(im.cand[0], first);
	/* A digit picks on the page shown. */
	ime_key(&im, IME_KEY_CHAR, L'=');
	snprintf(first, sizeof(first), "%s", im.cand[1]);
	pick(&im, 1);
	assert_string_equal(im.commit, first);
}

static void test_backspace_edits_pinyin(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	type(&im, "wangx");
	assert_int_equal(ime_key(&im, IME_KEY_BACKSPACE, 0), IME_DONE);
	assert_string_equal(im.input, "wang");
	assert_true(find_cand(&im, "王") >= 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ime_key(&im, IME_KEY_BACKSPACE, 0), IME_DONE);
	assert_string_equal(im.input, "w");
	assert_int_equal(ime_key(&im, IME_KEY_BACKSPACE, 0), IME_DONE);
	assert_false(ime_composing(&im));
	assert_string_equal(im.commit, "");
	/* Not composing: Backspace is the field's. */
	assert_int_equal(ime_key(&im, IME_KEY_BACKSPACE, 0), IME_PASS);
}

static void test_esc_drops_composition(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	type(&im, "xiaoming");
	assert_int_equal(ime_key(&im, IME_KEY_ESC, 0), IME_DONE);
	assert_false(ime_composing(&im));
	assert_string_equal(im.commit, "");
	assert_int_equal(im.ncand, 0);
	/* Not composing: Esc is the screen's (back). */
	assert_int_equal(ime_key(&im, IME_KEY_ESC, 0), IME_PASS);
	/* The session is clean: the next composition starts afresh. */
	type(&im, "li");
	assert_string_equal(im.input, "li");
}

static void test_enter_commits_letters(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	type(&im, "wangxiaoming");
	assert_int_equal(ime_key(&im, IME_KEY_ENTER, 0), IME_DONE);
	assert_string_equal(im.commit, "wangxiaoming");
	assert_false(ime_composing(&im));
	assert_int_equal(ime_key(&im, IME_KEY_ENTER, 0), IME_PASS);
}

static void test_mode_switch(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, false);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'w'), IME_PASS);
	assert_false(ime_composing(&im));
	assert_int_equal(ime_key(&im, IME_KEY_TOGGLE, 0), IME_DONE);
	assert_true(im.zh);
	type(&im, "wang");
	/* Switching while composing keeps the letters as typed. */
	assert_int_equal(ime_key(&im, IME_KEY_TOGGLE, 0), IME_DONE);
	assert_false(im.zh);
	assert_string_equal(im.commit, "wang");
	assert_false(ime_composing(&im));
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'a'), IME_PASS);
}

/* UTF-8 from the terminal's own input method, capitals, digits and
 * punctuation go to the field unchanged in either mode. */
static void test_other_characters_pass(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'张'), IME_PASS);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'A'), IME_PASS);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'7'), IME_PASS);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L' '), IME_PASS);
	assert_false(ime_composing(&im));
	type(&im, "wang");
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'张'), IME_PASS);
	assert_string_equal(im.commit, "wang");
	assert_false(ime_composing(&im));
	/* Arrows and Tab do not leave a composition behind. */
	im.commit[0] = '\0';
	type(&im, "li");
	assert_int_equal(ime_key(&im, IME_KEY_OTHER, 0), IME_REFUSED);
	assert_true(ime_composing(&im));
}

static void test_wipe(void **state)
{
	struct ime im;
	static const char zero[IME_TEXT_BYTES];

	(void)state;
	ime_init(&im, true);
	type(&im, "zhangsan");
	snprintf(im.commit, sizeof(im.commit), "%s", "张");
	ime_wipe(&im);
	assert_false(ime_composing(&im));
	assert_true(im.zh);
	assert_memory_equal(im.input, zero, sizeof(im.input));
	assert_memory_equal(im.preedit, zero, sizeof(im.preedit));
	assert_memory_equal(im.cand, zero, sizeof(im.cand[0]));
	assert_memory_equal(im.commit, zero, sizeof(im.commit));
	assert_int_equal(im.ncand, 0);
	/* and Rime's session holds nothing of it */
	type(&im, "a");
	assert_string_equal(im.input, "a");
}

/* 𠮷 (CJK Extension B): not in the pinyin dictionary, found by strokes. */
static void test_strokes(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	type(&im, "ji");
	/* Every page of ji: no 𠮷. */
	for (int page = 0; page < 200; page++) {
		assert_int_equal(find_cand(&im, "𠮷"), -1);
		if (im.last_page)
			break;
		assert_int_equal(ime_key(&im, IME_KEY_PGDN, 0), IME_DONE);
	}
	assert_true(im.last_page);
	/* ` inside the composition switches to strokes */
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'`'), IME_DONE);
	assert_int_equal(im.kind, IME_STROKE);
	type(&im, "hshszh");
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'a'), IME_REFUSED);
	assert_string_equal(im.input, "`hshszh");
	assert_non_null(strstr(im.preedit, "一丨一丨乙一"));
	pick(&im, find_cand(&im, "𠮷"));
	assert_string_equal(im.commit, "𠮷");
	assert_false(ime_composing(&im));
	/* ` may also start a composition; Backspace back to nothing ends it. */
	im.commit[0] = '\0';
	type(&im, "`h");
	ime_key(&im, IME_KEY_BACKSPACE, 0);
	ime_key(&im, IME_KEY_BACKSPACE, 0);
	assert_false(ime_composing(&im));
	assert_string_equal(im.commit, "");
}

static void test_code_point(void **state)
{
	struct ime im;

	(void)state;
	ime_init(&im, true);
	type(&im, "u20bb7");
	assert_int_equal(im.kind, IME_CODE);
	assert_int_equal(im.ncand, 1);
	assert_string_equal(im.cand[0], "𠮷");
	/* Beyond U+10FFFF: no candidate; 6 digits at most. */
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'0'), IME_DONE);
	assert_int_equal(im.ncand, 0);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'0'), IME_REFUSED);
	assert_int_equal(ime_key(&im, IME_KEY_BACKSPACE, 0), IME_DONE);
	assert_string_equal(im.cand[0], "𠮷");
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L' '), IME_DONE);
	assert_string_equal(im.commit, "𠮷");
	assert_false(ime_composing(&im));
	/* Not a character: nothing to take; Backspace and Esc as in pinyin. */
	im.commit[0] = '\0';
	type(&im, "ud800");
	assert_int_equal(im.ncand, 0);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L' '), IME_REFUSED);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'x'), IME_REFUSED);
	assert_int_equal(ime_key(&im, IME_KEY_BACKSPACE, 0), IME_DONE);
	assert_string_equal(im.input, "ud80");
	for (int i = 0; i < 3; i++)
		assert_int_equal(ime_key(&im, IME_KEY_BACKSPACE, 0), IME_DONE);
	assert_string_equal(im.input, "u");
	type(&im, "4e2d");
	assert_string_equal(im.input, "u4e2d");
	assert_string_equal(im.cand[0], "中");
	assert_int_equal(ime_key(&im, IME_KEY_ESC, 0), IME_DONE);
	assert_false(ime_composing(&im));
	assert_string_equal(im.commit, "");
}

/* No learning: a rare pick does not move up for the next candidate. */
static void test_no_learning(void **state)
{
	struct ime a, b;
	char before[IME_PAGE][IME_CAND_BYTES];

	(void)state;
	ime_init(&a, true);
	type(&a, "zhang");
	memcpy(before, a.cand, sizeof(before));
	pick(&a, 7);
	assert_string_equal(a.commit, before[7]);
	ime_init(&b, true);
	type(&b, "zhang");
	assert_memory_equal(b.cand, before, sizeof(before));
}

/* Two fields share the engine's one session: each keeps its own. */
static void test_two_fields(void **state)
{
	struct ime a, b;

	(void)state;
	ime_init(&a, true);
	ime_init(&b, true);
	type(&a, "wang");
	type(&b, "li");
	type(&a, "x");
	assert_string_equal(a.input, "wangx");
	ime_wipe(&a);
	type(&b, "n");
	assert_string_equal(b.input, "lin");
}

static void test_missing_data(void **state)
{
	struct ime im;

	(void)state;
	ime_engine_dir("/nonexistent/rime");
	ime_init(&im, true);
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'w'), IME_UNAVAILABLE);
	assert_false(im.zh);
	assert_non_null(ime_error());
	assert_false(ime_composing(&im));
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L'w'), IME_PASS);
	/* Code points need no data. */
	ime_init(&im, true);
	type(&im, "u4e2d");
	assert_int_equal(ime_key(&im, IME_KEY_CHAR, L' '), IME_DONE);
	assert_string_equal(im.commit, "中");
	/* With the data back, the engine starts again. */
	ime_engine_dir(data_dir);
	ime_init(&im, true);
	type(&im, "zhongguo");
	assert_string_equal(im.cand[0], "中国");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_letters_compose_lazily, setup),
		cmocka_unit_test(test_wangxiaoming),
		cmocka_unit_test(test_space_takes_first),
		cmocka_unit_test(test_digit_picks_and_refuses_beyond),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_backspace_edits_pinyin),
		cmocka_unit_test(test_esc_drops_composition),
		cmocka_unit_test(test_enter_commits_letters),
		cmocka_unit_test(test_mode_switch),
		cmocka_unit_test(test_other_characters_pass),
		cmocka_unit_test(test_wipe),
		cmocka_unit_test(test_strokes),
		cmocka_unit_test(test_code_point),
		cmocka_unit_test(test_no_learning),
		cmocka_unit_test(test_two_fields),
		cmocka_unit_test_setup(test_missing_data, setup),
	};
	int rc;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	if (find_data() != 0)
		return 1;
	ime_engine_dir(data_dir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	ime_engine_stop();
	return rc;
}
