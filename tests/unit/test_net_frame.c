/*
 * The frames between the kiosk and its network helper (src/kiosk/net-frame.c):
 * a round trip through a socketpair, fields with NULs and a large body in
 * pieces, the end of the stream, and frames that are refused (bad magic,
 * too long, cut short).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kiosk/net-frame.h"

static void pair(int sv[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

static void test_round_trip(void **state)
{
	int sv[2];
	int32_t num[NET_NUMS] = { 7, -1, 200, 42 };
	const char body[] = "a\0b";
	const char *field[NET_FIELDS] = { "GET", "https://x/v1", NULL, body };
	size_t len[NET_FIELDS] = { 3, 12, 0, 3 };
	struct net_frame f;

	(void)state;
	memset(&f, 0, sizeof(f));
	pair(sv);
	assert_int_equal(net_frame_write(sv[0], NET_REQUEST, num, field, len), 0);
	assert_int_equal(net_frame_read(sv[1], &f), 0);
	assert_int_equal(f.type, NET_REQUEST);
	assert_memory_equal(f.num, num, sizeof(num));
	assert_string_equal(f.field[0], "GET");
	assert_string_equal(f.field[1], "https://x/v1");
	assert_int_equal(f.len[2], 0);
	assert_string_equal(f.field[2], "");
	assert_int_equal(f.len[3], 3);
	assert_memory_equal(f.field[3], body, 3);
	net_frame_wipe(&f);
	assert_null(f.buf);
	/* The writer closes: the end of the stream, not an error. */
	close(sv[0]);
	assert_int_equal(net_frame_read(sv[1], &f), 1);
	close(sv[1]);
}

/* A body larger than the socket's buffer: written by a child, read whole. */
static void test_large_body(void **state)
{
	int sv[2], status;
	size_t n = 3u * 1024u * 1024u;
	char *big = malloc(n);
	struct net_frame f;
	pid_t pid;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)(i * 31u);
	memset(&f, 0, sizeof(f));
	pair(sv);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *field[NET_FIELDS] = { NULL, NULL, NULL, big };
		size_t len[NET_FIELDS] = { 0, 0, 0, n };

		close(sv[1]);
		_exit(net_frame_write(sv[0], NET_REPLY, NULL, field, len) == 0 ? 0 : 1);
	}
	close(sv[0]);
	assert_int_equal(net_frame_read(sv[1], &f), 0);
	assert_int_equal(f.len[3], n);
	assert_memory_equal(f.field[3], big, n);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	net_frame_wipe(&f);
	close(sv[1]);
	free(big);
}

static void test_refused(void **state)
{
	int sv[2];
	struct net_frame_head h = { .magic = 0x12345678u, .type = NET_REPLY };
	struct net_frame f;

	(void)state;
	memset(&f, 0, sizeof(f));
	/* Not a frame. */
	pair(sv);
	assert_int_equal(write(sv[0], &h, sizeof(h)), (ssize_t)sizeof(h));
	assert_int_equal(net_frame_read(sv[1], &f), -1);
	assert_null(f.buf);
	close(sv[0]);
	close(sv[1]);
	/* Longer than any frame may be: refused before anything is allocated. */
	pair(sv);
	h.magic = NET_MAGIC;
	h.len[0] = NET_FRAME_MAX;
	h.len[1] = 1;
	assert_int_equal(write(sv[0], &h, sizeof(h)), (ssize_t)sizeof(h));
	assert_int_equal(net_frame_read(sv[1], &f), -1);
	assert_null(f.buf);
	close(sv[0]);
	close(sv[1]);
	/* Cut short: the writer died in the middle of the body. */
	pair(sv);
	memset(h.len, 0, sizeof(h.len));
	h.len[3] = 100;
	assert_int_equal(write(sv[0], &h, sizeof(h)), (ssize_t)sizeof(h));
	assert_int_equal(write(sv[0], "0123456789", 10), 10);
	close(sv[0]);
	assert_int_equal(net_frame_read(sv[1], &f), -1);
	assert_null(f.buf);
	close(sv[1]);
	/* A frame too long to write is not written. */
	{
		const char *field[NET_FIELDS] = { "x", "x", NULL, NULL };
		size_t len[NET_FIELDS] = { NET_FRAME_MAX, 1, 0, 0 };

		pair(sv);
		assert_int_equal(net_frame_write(sv[0], NET_REPLY, NULL, field, len), -1);
		close(sv[0]);
		close(sv[1]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_large_body),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
