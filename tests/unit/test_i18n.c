/*
 * The kiosk's translations (src/kiosk/i18n.c, docs/i18n.md) against the
 * built catalogue (BUILD/locale, beside the test's BUILD/tests/unit):
 * - the shared tables' Chinese (what the server sends as message_zh) and
 *   the catalogue's Chinese for their English msgids are the same text, so
 *   the kiosk's and the server's words for an error never drift apart;
 * - a message renders in the language asked for whatever the current one
 *   is, and leaves the current one as it was;
 * - ui_msg_printf keeps a message in both languages; plurals;
 * - without a catalogue the field errors of the table follow the labels
 *   into English (they stayed Chinese beside English labels under
 *   LANG=C.UTF-8 when the catalogue was missing).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ncre/errors.h"
#include "ncre/validate.h"
#include "kiosk/i18n.h"
#include "kiosk/ui.h"

static char locale_dir[PATH_MAX];

/* BUILD/locale from BUILD/tests/unit/test_i18n. */
static int setup(void **state)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	(void)state;
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	for (int up = 0; up < 3; up++) {
		slash = strrchr(exe, '/');
		if (slash == NULL)
			return -1;
		*slash = '\0';
	}
	if ((size_t)snprintf(locale_dir, sizeof(locale_dir), "%s/locale", exe) >= sizeof(locale_dir))
		return -1;
	(void)i18n_init(LANG_ZH);
	if (bindtextdomain("ncre-kiosk", locale_dir) == NULL)
		return -1;
	i18n_set(LANG_ZH);
	return i18n_catalogue_found() ? 0 : -1;
}

static void test_error_table_equals_catalogue(void **state)
{
	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		i18n_set(pass == 0 ? LANG_ZH : LANG_EN);
		for (int i = 1; i < NCRE_E_COUNT; i++) {	/* NCRE_OK is never shown */
			const struct ncre_err_info *e = ncre_err_info((enum ncre_err)i);

			if (strcmp(i18n_err(LANG_ZH, (enum ncre_err)i), e->zh) != 0)
				fail_msg("%s: catalogue \"%s\", table \"%s\"", e->code,
					 i18n_err(LANG_ZH, (enum ncre_err)i), e->zh);
			assert_string_equal(i18n_err(LANG_EN, (enum ncre_err)i), e->en);
		}
		for (int t = 0; t < NCRE_ID_TYPE_COUNT; t++) {
			assert_string_equal(i18n_id_type(LANG_ZH, (enum ncre_id_type)t),
					    ncre_id_type_label((enum ncre_id_type)t, "zh"));
			assert_string_equal(i18n_id_type(LANG_EN, (enum ncre_id_type)t),
					    ncre_id_type_label((enum ncre_id_type)t, "en"));
		}
	}
	i18n_set(LANG_ZH);
}

static void test_text_in_either_language(void **state)
{
	(void)state;
	i18n_set(LANG_EN);
	assert_string_equal(i18n_text(LANG_ZH, "Back"), "返回");
	assert_string_equal(_("Back"), "Back");		/* still English */
	assert_string_equal(i18n_text(LANG_EN, "Back"), "Back");
	i18n_set(LANG_ZH);
	assert_string_equal(_("Back"), "返回");
	assert_string_equal(i18n_text(LANG_EN, "Back"), "Back");
	assert_string_equal(i18n_text(LANG_ZH, NULL), "");
	assert_string_equal(i18n_ntext(LANG_EN, " (wait %ld second)", " (wait %ld seconds)", 1),
			    " (wait %ld second)");
	assert_string_equal(i18n_ntext(LANG_EN, " (wait %ld second)", " (wait %ld seconds)", 2),
			    " (wait %ld seconds)");
	assert_string_equal(i18n_ntext(LANG_ZH, " (wait %ld second)", " (wait %ld seconds)", 2),
			    "（需等待%ld秒）");
}

static void test_msg_render(void **state)
{
	struct ui_msg m;
	char buf[512];

	(void)state;
	i18n_set(LANG_EN);
	ui_msg_printf(&m, "Cancel the subject %s? Its place is given up.", "二级Python");
	assert_string_equal(ui_msg_render(&m, LANG_ZH, buf, sizeof(buf)),
			    "确定取消报考二级Python？取消后名额将释放。");
	assert_string_equal(ui_msg_render(&m, LANG_EN, buf, sizeof(buf)),
			    "Cancel the subject 二级Python? Its place is given up.");
	ui_msg_err(&m, NCRE_E_EMAIL_INVALID);
	m.wait = 1;
	assert_string_equal(ui_msg_render(&m, LANG_EN, buf, sizeof(buf)),
			    "This is not a valid e-mail address (wait 1 second)");
	m.wait = 30;
	assert_string_equal(ui_msg_render(&m, LANG_ZH, buf, sizeof(buf)),
			    "电子邮箱格式不正确（需等待30秒）");
	ui_msg_text(&m, "Back");
	assert_string_equal(ui_msg_render(&m, LANG_ZH, buf, sizeof(buf)), "返回");
	i18n_set(LANG_ZH);
}

/* No catalogue: labels (msgids) and the table's errors are both English. */
static void test_no_catalogue_stays_english(void **state)
{
	struct ui_msg m;
	char buf[512];

	(void)state;
	assert_non_null(bindtextdomain("ncre-kiosk", "/nonexistent"));
	i18n_set(LANG_ZH);
	assert_false(i18n_catalogue_found());
	assert_string_equal(_("Back"), "Back");
	ui_msg_err(&m, NCRE_E_EMAIL_INVALID);
	assert_string_equal(ui_msg_render(&m, LANG_ZH, buf, sizeof(buf)),
			    "This is not a valid e-mail address");
	assert_non_null(bindtextdomain("ncre-kiosk", locale_dir));
	i18n_set(LANG_ZH);
	assert_true(i18n_catalogue_found());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_table_equals_catalogue),
		cmocka_unit_test(test_text_in_either_language),
		cmocka_unit_test(test_msg_render),
		cmocka_unit_test(test_no_catalogue_stays_english),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
