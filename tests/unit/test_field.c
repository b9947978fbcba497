/*
 * The kiosk's line editor (src/kiosk/field.c): CJK insert and Backspace at
 * the field's edge, combining marks, mixed text, the column limit that
 * refuses a wide character when one column is free (the libformw bug noted
 * in technotes §1), masking and horizontal scrolling by columns.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ncre/text.h"
#include "kiosk/field.h"

/* <build>/tests/unit/test_field -> <build>/rime, for the input method. */
static void locate_rime(void)
{
	char exe[1024], dir[1100];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return;
	*slash = '\0';
	snprintf(dir, sizeof(dir), "%s/../../rime", exe);
	ime_engine_dir(dir);
}

static void ime_type(struct field *f, const char *letters)
{
	bool taken;

	for (const char *p = letters; *p; p++) {
		assert_int_equal(field_ime_key(f, IME_KEY_CHAR, (wchar_t)*p, &taken), FIELD_COMPOSED);
		assert_true(taken);
	}
}

/* The input method inside the line editor: a commit is inserted at the
 * cursor, within the field's limits. */
static void test_ime_commit_inserts(void **state)
{
	struct field f;
	bool taken;

	(void)state;
	field_init(&f, 0, 0, false);
	field_set_input(&f, FIELD_INPUT_ZH);
	field_set(&f, "李");
	field_home(&f);
	ime_type(&f, "zhangwei");
	assert_true(field_composing(&f));
	assert_string_equal(field_text(&f), "李");
	assert_int_equal(field_ime_key(&f, IME_KEY_CHAR, L' ', &taken), FIELD_EDITED);
	assert_true(taken);
	assert_string_equal(field_text(&f), "张伟李");
	assert_int_equal(field_cursor_chars(&f), 2);
	assert_false(field_composing(&f));
	assert_string_equal(f.ime.commit, "");
	/* Not composing: Backspace, arrows and UTF-8 from the terminal are the field's. */
	assert_int_equal(field_ime_key(&f, IME_KEY_BACKSPACE, 0, &taken), FIELD_UNCHANGED);
	assert_false(taken);
	assert_int_equal(field_ime_key(&f, IME_KEY_CHAR, L'王', &taken), FIELD_UNCHANGED);
	assert_false(taken);
	field_clear(&f);
}

static void test_ime_commit_refused_when_full(void **state)
{
	struct field f;
	bool taken;

	(void)state;
	field_init(&f, 3, 0, false);
	field_set_input(&f, FIELD_INPUT_ZH);
	field_set(&f, "欧阳");
	ime_type(&f, "zhangwei");
	assert_int_equal(field_ime_key(&f, IME_KEY_CHAR, L'1', &taken), FIELD_REFUSED);
	assert_string_equal(field_text(&f), "欧阳张");
	field_clear(&f);
}

/* A password never composes, whatever it is asked. */
static void test_ime_never_in_password(void **state)
{
	struct field f;
	bool taken;

	(void)state;
	field_init(&f, 0, 0, true);
	field_set_input(&f, FIELD_INPUT_ZH);
	assert_int_equal(f.input, FIELD_INPUT_NONE);
	assert_int_equal(field_ime_key(&f, IME_KEY_TOGGLE, 0, &taken), FIELD_UNCHANGED);
	assert_false(taken);
	assert_int_equal(field_ime_key(&f, IME_KEY_CHAR, L'a', &taken), FIELD_UNCHANGED);
	assert_false(taken);
	assert_false(field_composing(&f));
}

/* Ctrl-Space switches; clearing the field wipes the composition and a
 * reset goes back to the declared mode. */
static void test_ime_toggle_clear_reset(void **state)
{
	struct field f;
	bool taken;

	(void)state;
	field_init(&f, 0, 0, false);
	field_set_input(&f, FIELD_INPUT_EN);
	assert_int_equal(field_ime_key(&f, IME_KEY_CHAR, L'a', &taken), FIELD_UNCHANGED);
	assert_false(taken);
	assert_int_equal(field_ime_key(&f, IME_KEY_TOGGLE, 0, &taken), FIELD_COMPOSED);
	assert_true(f.ime.zh);
	ime_type(&f, "wang");
	field_clear(&f);
	assert_false(field_composing(&f));
	assert_string_equal(f.ime.input, "");
	assert_true(f.ime.zh);
	field_reset_input(&f);
	assert_false(f.ime.zh);
}

static void type(struct field *f, const wchar_t *s)
{
	for (; *s; s++)
		assert_int_equal(field_insert(f, *s), FIELD_EDITED);
}

static void test_ascii_edit(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 0, 0, false);
	type(&f, L"abc");
	assert_string_equal(field_text(&f), "abc");
	assert_int_equal(field_left(&f), FIELD_MOVED);
	assert_int_equal(field_backspace(&f), FIELD_EDITED);
	assert_string_equal(field_text(&f), "ac");
	assert_int_equal(field_cursor_chars(&f), 1);
	assert_int_equal(field_delete(&f), FIELD_EDITED);
	assert_string_equal(field_text(&f), "a");
	assert_int_equal(field_delete(&f), FIELD_UNCHANGED);
	assert_int_equal(field_home(&f), FIELD_MOVED);
	assert_int_equal(field_left(&f), FIELD_UNCHANGED);
	assert_int_equal(field_backspace(&f), FIELD_UNCHANGED);
	assert_int_equal(field_end(&f), FIELD_MOVED);
	assert_int_equal(field_insert(&f, L'z'), FIELD_EDITED);
	assert_string_equal(field_text(&f), "az");
}

static void test_cjk_insert_backspace(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 0, 0, false);
	type(&f, L"张三丰");
	assert_int_equal(field_chars(&f), 3);
	assert_int_equal(field_width(&f), 6);
	assert_int_equal(field_cursor_col(&f), 6);
	assert_int_equal(field_backspace(&f), FIELD_EDITED);
	assert_string_equal(field_text(&f), "张三");
	assert_int_equal(field_cursor_col(&f), 4);
	assert_int_equal(field_left(&f), FIELD_MOVED);
	assert_int_equal(field_cursor_col(&f), 2);
	assert_int_equal(field_insert(&f, L'a'), FIELD_EDITED);
	assert_string_equal(field_text(&f), "张a三");
	assert_int_equal(field_cursor_chars(&f), 2);
	assert_int_equal(field_cursor_col(&f), 3);
}

/* The libformw bug: with one column free a 2-column character must be
 * refused, at the end and in the middle, and the text stays intact. */
static void test_max_cols_refuses_wide(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 0, 9, false);
	type(&f, L"张三李四");                 /* 8 columns */
	assert_int_equal(field_insert(&f, L'王'), FIELD_REFUSED);
	assert_string_equal(field_text(&f), "张三李四");
	assert_int_equal(field_cursor_col(&f), 8);
	field_home(&f);
	field_right(&f);
	assert_int_equal(field_insert(&f, L'王'), FIELD_REFUSED);
	assert_int_equal(field_insert(&f, L'x'), FIELD_EDITED);    /* 1 column fits */
	assert_string_equal(field_text(&f), "张x三李四");
	assert_int_equal(field_width(&f), 9);
	assert_int_equal(field_insert(&f, L'y'), FIELD_REFUSED);
	/* Backspace after the refusal deletes the right character. */
	assert_int_equal(field_backspace(&f), FIELD_EDITED);
	assert_string_equal(field_text(&f), "张三李四");
}

static void test_max_chars(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 3, 0, false);
	type(&f, L"a张b");
	assert_int_equal(field_insert(&f, L'c'), FIELD_REFUSED);
	field_set(&f, "12345");
	assert_string_equal(field_text(&f), "123");
}

static void test_combining_marks(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 0, 0, false);
	/* e + COMBINING ACUTE, then x: two clusters, width 2. */
	type(&f, L"e\u0301x");
	assert_int_equal(field_chars(&f), 3);
	assert_int_equal(field_width(&f), 2);
	field_left(&f);                         /* before x */
	assert_int_equal(field_cursor_col(&f), 1);
	field_left(&f);                         /* before e, never between e and the mark */
	assert_int_equal(field_cursor_chars(&f), 0);
	field_right(&f);
	assert_int_equal(field_cursor_chars(&f), 2);
	assert_int_equal(field_backspace(&f), FIELD_EDITED);  /* removes e + mark together */
	assert_string_equal(field_text(&f), "x");
}

static void test_controls_refused(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 0, 0, false);
	assert_int_equal(field_insert(&f, L'\n'), FIELD_REFUSED);
	assert_int_equal(field_insert(&f, 0x7F), FIELD_REFUSED);
	assert_int_equal(field_insert(&f, 0xD800), FIELD_REFUSED);
	assert_true(field_empty(&f));
}

static void test_kill_before(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 0, 0, false);
	type(&f, L"abc张三");
	field_left(&f);
	assert_int_equal(field_kill_before(&f), FIELD_EDITED);
	assert_string_equal(field_text(&f), "三");
	assert_int_equal(field_cursor_chars(&f), 0);
}

static void test_view_scrolls_by_columns(void **state)
{
	struct field f;
	char out[128];
	int cx;

	(void)state;
	field_init(&f, 0, 0, false);
	type(&f, L"abcdefgh");
	field_view(&f, 5, out, sizeof(out), &cx);
	/* Cursor at the end needs one cell: "efgh" + cursor cell. */
	assert_string_equal(out, "efgh ");
	assert_int_equal(cx, 4);
	field_home(&f);
	field_view(&f, 5, out, sizeof(out), &cx);
	assert_string_equal(out, "abcde");
	assert_int_equal(cx, 0);
}

/* Never print starting in the 2nd cell of a wide character: when the view
 * would cut one at the left edge, scrolling moves to a whole character. */
static void test_view_cjk_edges(void **state)
{
	struct field f;
	char out[128];
	int cx;

	(void)state;
	field_init(&f, 0, 0, false);
	type(&f, L"a张三李四");                 /* columns: a=1, then 2 each = 9 */
	field_view(&f, 6, out, sizeof(out), &cx);
	/* The cursor at column 9 needs 1 cell: view must start at a cluster
	 * boundary >= 4: 三 starts at 3, 李 at 5; choose 5 -> "李四  ". */
	assert_string_equal(out, "李四  ");
	assert_int_equal(cx, 4);
	assert_int_equal(ncre_utf8_width(out), 6);
	field_home(&f);
	field_view(&f, 6, out, sizeof(out), &cx);
	/* a张三 = 5 columns, 李 would need columns 5-6: left out, padded. */
	assert_string_equal(out, "a张三 ");
	assert_int_equal(cx, 0);
}

static void test_view_shrinks_back(void **state)
{
	struct field f;
	char out[128];
	int cx;

	(void)state;
	field_init(&f, 0, 0, false);
	type(&f, L"张三李四王五");
	field_view(&f, 6, out, sizeof(out), &cx);
	for (int i = 0; i < 4; i++)
		field_backspace(&f);
	field_view(&f, 6, out, sizeof(out), &cx);
	assert_string_equal(out, "张三  ");
	assert_int_equal(cx, 4);
}

static void test_masked(void **state)
{
	struct field f;
	char out[64];
	int cx;

	(void)state;
	field_init(&f, 18, 0, true);
	type(&f, L"Abc123!x");
	field_view(&f, 10, out, sizeof(out), &cx);
	assert_string_equal(out, "********  ");
	assert_int_equal(cx, 8);
	assert_string_equal(field_text(&f), "Abc123!x");
	field_clear(&f);
	assert_true(field_empty(&f));
	for (size_t i = 0; i < sizeof(f.buf); i++)
		assert_int_equal(f.buf[i], 0);
}

static void test_mixed_set(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, 0, 10, false);
	field_set(&f, "ab张三李四");             /* 2 + 8 = 10 columns: all fit */
	assert_int_equal(field_width(&f), 10);
	field_set(&f, "abc张三李四");            /* 11: 四 does not fit */
	assert_string_equal(field_text(&f), "abc张三李");
	/* Broken UTF-8 bytes count one column and show as U+FFFD. */
	{
		char out[64];
		int cx;

		field_init(&f, 0, 0, false);
		field_set(&f, "a\xff" "b");
		assert_int_equal(field_width(&f), 3);
		field_view(&f, 4, out, sizeof(out), &cx);
		assert_string_equal(out, "a\xEF\xBF\xBD" "b ");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ime_commit_inserts),
		cmocka_unit_test(test_ime_commit_refused_when_full),
		cmocka_unit_test(test_ime_never_in_password),
		cmocka_unit_test(test_ime_toggle_clear_reset),
		cmocka_unit_test(test_ascii_edit),
		cmocka_unit_test(test_cjk_insert_backspace),
		cmocka_unit_test(test_max_cols_refuses_wide),
		cmocka_unit_test(test_max_chars),
		cmocka_unit_test(test_combining_marks),
		cmocka_unit_test(test_controls_refused),
		cmocka_unit_test(test_kill_before),
		cmocka_unit_test(test_view_scrolls_by_columns),
		cmocka_unit_test(test_view_cjk_edges),
		cmocka_unit_test(test_view_shrinks_back),
		cmocka_unit_test(test_masked),
		cmocka_unit_test(test_mixed_set),
	};

	int rc;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	locate_rime();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	ime_engine_stop();
	return rc;
}
