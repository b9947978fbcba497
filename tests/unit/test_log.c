/*
 * The server's log lines (src/server/log.c): under systemd, JOURNAL_STREAM
 * names standard error and lines carry sd-daemon priorities and no time of
 * their own; anywhere else they are the plain lines an operator reads.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "server/log.h"

/* Standard error goes to a pipe for the test's span; saved restores it. */
struct capture {
	int pipe[2];
	int saved;
};

static void capture_start(struct capture *c)
{
	assert_int_equal(pipe(c->pipe), 0);
	c->saved = dup(STDERR_FILENO);
	assert_true(c->saved >= 0);
	assert_true(dup2(c->pipe[1], STDERR_FILENO) >= 0);
	close(c->pipe[1]);
}

/* Restore standard error and return what was written (static buffer). */
static const char *capture_end(struct capture *c)
{
	static char buf[8192];
	ssize_t n;
	size_t len = 0;

	assert_true(dup2(c->saved, STDERR_FILENO) >= 0);
	close(c->saved);
	while ((n = read(c->pipe[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(c->pipe[0]);
	buf[len] = '\0';
	return buf;
}

/* JOURNAL_STREAM as systemd sets it for the current standard error. */
static void journal_stream_is_stderr(void)
{
	struct stat sb;
	char v[64];

	assert_int_equal(fstat(STDERR_FILENO, &sb), 0);
	snprintf(v, sizeof(v), "%ju:%ju", (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino);
	assert_int_equal(setenv("JOURNAL_STREAM", v, 1), 0);
}

static void test_journal_priorities(void **state)
{
	struct capture c;

	(void)state;
	capture_start(&c);
	journal_stream_is_stderr();
	log_init();
	assert_true(log_journal());
	log_msg(LOG_PRIO_ERR, "store: %s", "disk full");
	log_msg(LOG_PRIO_WARNING, "outbox: %d left", 2);
	log_msg(LOG_PRIO_INFO, "listening");
	assert_string_equal(capture_end(&c), "<3>store: disk full\n<4>outbox: 2 left\n<6>listening\n");
	unsetenv("JOURNAL_STREAM");
	log_init();
}

static void test_plain_without_journal(void **state)
{
	struct capture c;

	(void)state;
	unsetenv("JOURNAL_STREAM");
	capture_start(&c);
	log_init();
	assert_false(log_journal());
	log_msg(LOG_PRIO_ERR, "store: %s", "disk full");
	log_msg(LOG_PRIO_INFO, "listening");
	assert_string_equal(capture_end(&c), "store: disk full\nlistening\n");
}

/* A child whose stderr was redirected inherits the variable, not the stream. */
static void test_inherited_variable_ignored(void **state)
{
	struct capture c;

	(void)state;
	journal_stream_is_stderr();	/* the test's own stderr, not the pipe */
	capture_start(&c);
	log_init();
	assert_false(log_journal());
	log_msg(LOG_PRIO_WARNING, "w");
	assert_string_equal(capture_end(&c), "w\n");
	assert_int_equal(setenv("JOURNAL_STREAM", "not-a-stream", 1), 0);
	log_init();
	assert_false(log_journal());
	unsetenv("JOURNAL_STREAM");
	log_init();
}

/* One call, one line: a newline from a message cannot forge a second one. */
static void test_one_line(void **state)
{
	struct capture c;

	(void)state;
	capture_start(&c);
	journal_stream_is_stderr();
	log_init();
	log_msg(LOG_PRIO_WARNING, "mhd: %s", "bad\n<3>forged");
	assert_string_equal(capture_end(&c), "<4>mhd: bad\\x0a<3>forged\n");
	unsetenv("JOURNAL_STREAM");
	log_init();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_journal_priorities),
		cmocka_unit_test(test_plain_without_journal),
		cmocka_unit_test(test_inherited_variable_ignored),
		cmocka_unit_test(test_one_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
