/*
 * "key = value" configuration files: comments, trimming, quotes, and the
 * "path:line: reason" errors. Each test writes its own mkstemp file.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ncre/conf.h"

struct seen {
	int count;
	char keys[8][64];
	char values[8][128];
	const char *reject;	/* key the callback refuses */
};

static int collect(void *ud, const char *key, const char *value, char *err, size_t errlen)
{
	struct seen *s = ud;

	if (s->reject != NULL && strcmp(key, s->reject) == 0) {
		snprintf(err, errlen, "%s is not allowed", key);
		return -1;
	}
	if (s->count >= 8)
		return -1;
	snprintf(s->keys[s->count], sizeof(s->keys[0]), "%s", key);
	snprintf(s->values[s->count], sizeof(s->values[0]), "%s", value);
	s->count++;
	return 0;
}

/* Write text to a fresh temporary file; its name goes to path. */
static void write_temp(char *path, size_t len, const char *text)
{
	int fd;
	size_t n = strlen(text);

	assert_true(len >= sizeof("/tmp/ncre-conf-XXXXXX"));
	strcpy(path, "/tmp/ncre-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
}

/* Load text; returns ncre_conf_load's result and its error text without the path. */
static int load_text(const char *text, struct seen *s, char *msg, size_t msglen)
{
	char path[64], err[256];
	int rc;
	size_t plen;

	write_temp(path, sizeof(path), text);
	rc = ncre_conf_load(path, collect, s, err, sizeof(err));
	assert_int_equal(unlink(path), 0);
	msg[0] = '\0';
	if (rc != 0) {
		plen = strlen(path);
		assert_memory_equal(err, path, plen);	/* every error starts with the path */
		snprintf(msg, msglen, "%s", err + plen);
	}
	return rc;
}

static void test_parses_pairs(void **state)
{
	struct seen s = { 0 };
	char msg[256];

	(void)state;
	assert_int_equal(load_text("# comment\n"
				   "\n"
				   "listen = 127.0.0.1:8443\n"
				   "   # indented comment\n"
				   "\tdb_path=/var/lib/ncre/ncre.db  \r\n"
				   "title = \"  报名 = 系统  \"\n"
				   "empty =\n"
				   "quoted_empty = \"\"\n"
				   "last = no newline",
				   &s, msg, sizeof(msg)), 0);
	assert_int_equal(s.count, 6);
	assert_string_equal(s.keys[0], "listen");
	assert_string_equal(s.values[0], "127.0.0.1:8443");
	assert_string_equal(s.keys[1], "db_path");
	assert_string_equal(s.values[1], "/var/lib/ncre/ncre.db");
	assert_string_equal(s.keys[2], "title");
	assert_string_equal(s.values[2], "  报名 = 系统  ");	/* quotes keep the spaces */
	assert_string_equal(s.keys[3], "empty");
	assert_string_equal(s.values[3], "");
	assert_string_equal(s.keys[4], "quoted_empty");
	assert_string_equal(s.values[4], "");
	assert_string_equal(s.keys[5], "last");
	assert_string_equal(s.values[5], "no newline");
}

static void test_empty_file(void **state)
{
	struct seen s = { 0 };
	char msg[256];

	(void)state;
	assert_int_equal(load_text("", &s, msg, sizeof(msg)), 0);
	assert_int_equal(s.count, 0);
}

static void test_missing_equals(void **state)
{
	struct seen s = { 0 };
	char msg[256];

	(void)state;
	assert_int_equal(load_text("a = 1\n# c\nlisten 8443\nb = 2\n", &s, msg, sizeof(msg)), -1);
	assert_string_equal(msg, ":3: missing '='");
	assert_int_equal(s.count, 1);	/* stops at the bad line */
}

static void test_empty_key(void **state)
{
	struct seen s = { 0 };
	char msg[256];

	(void)state;
	assert_int_equal(load_text("\n  = value\n", &s, msg, sizeof(msg)), -1);
	assert_string_equal(msg, ":2: empty key");
}

static void test_unterminated_quote(void **state)
{
	struct seen s = { 0 };
	char msg[256];

	(void)state;
	assert_int_equal(load_text("title = \"abc\n", &s, msg, sizeof(msg)), -1);
	assert_string_equal(msg, ":1: unterminated quote");
	assert_int_equal(load_text("title = \"\n", &s, msg, sizeof(msg)), -1);
	assert_string_equal(msg, ":1: unterminated quote");
}

static void test_callback_error(void **state)
{
	struct seen s = { .reject = "port" };
	char msg[256];

	(void)state;
	assert_int_equal(load_text("a = 1\nport = x\n", &s, msg, sizeof(msg)), -1);
	assert_string_equal(msg, ":2: port is not allowed");
}

static void test_unreadable_file(void **state)
{
	struct seen s = { 0 };
	char path[64], err[256], want[256];

	(void)state;
	write_temp(path, sizeof(path), "a = 1\n");
	assert_int_equal(unlink(path), 0);	/* now it does not exist */
	assert_int_equal(ncre_conf_load(path, collect, &s, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: %s", path, strerror(ENOENT));
	assert_string_equal(err, want);
	assert_int_equal(s.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parses_pairs),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_missing_equals),
		cmocka_unit_test(test_empty_key),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_callback_error),
		cmocka_unit_test(test_unreadable_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
