/*
 * Hostile clients (run by run.sh with --request-timeout 3): connections
 * that trickle a byte at a time must neither hold one forever nor, from
 * one address, lock everyone else out.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "tests.h"

#define HOSTILE_TRICKLERS 1000

/* The first bytes of a TLS ClientHello: a handshake that never finishes. */
static const unsigned char hostile_hello[] = { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01,
					       0xfc, 0x03, 0x03 };

static double hostile_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A non-blocking TCP connection from 127.0.0.1 to the server, or -1. */
static int hostile_connect(void)
{
	struct sockaddr_in sa;
	const char *port = getenv("NCRE_PORT");
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	assert_non_null(port);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)atoi(port));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send byte i of the hello; false once the server has closed the connection. */
static bool hostile_trickle(int fd, size_t i)
{
	char buf[64];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN))
		return false;
	n = send(fd, &hostile_hello[i % sizeof(hostile_hello)], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	return n == 1 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOTCONN));
}

/* A request from 127.0.0.2 within a second, while 127.0.0.1 trickles. */
static void hostile_served_from_elsewhere(void)
{
	struct api_req req = { .method = "GET", .path = "/v1/health", .local_addr = "127.0.0.2",
			       .timeout_ms = 1000 };
	struct api_resp r;

	api_do(&req, &r);
	if (r.status != 200)
		fail_msg("127.0.0.2 not served within a second (curl %d, status %ld)", r.curl_rc,
			 r.status);
	api_resp_free(&r);
}

static void test_one_address_cannot_lock_others_out(void **state)
{
	struct rlimit rl;
	int *fds = calloc(HOSTILE_TRICKLERS, sizeof(int));
	size_t open_now = 0;

	(void)state;
	assert_non_null(fds);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < HOSTILE_TRICKLERS + 64 && rl.rlim_max >= HOSTILE_TRICKLERS + 64) {
		rl.rlim_cur = rl.rlim_max;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	if (rl.rlim_cur < HOSTILE_TRICKLERS + 64)
		skip();
	for (size_t i = 0; i < HOSTILE_TRICKLERS; i++) {
		fds[i] = hostile_connect();
		assert_true(fds[i] >= 0);
	}
	/* Five rounds, a byte per connection each; someone else is served every round. */
	for (int round = 0; round < 5; round++) {
		open_now = 0;
		for (size_t i = 0; i < HOSTILE_TRICKLERS; i++) {
			if (fds[i] < 0)
				continue;
			if (hostile_trickle(fds[i], (size_t)round)) {
				open_now++;
			} else {
				close(fds[i]);
				fds[i] = -1;
			}
		}
		hostile_served_from_elsewhere();
		usleep(400 * 1000);
	}
	/* The server refused most of them at once instead of queueing them. */
	assert_true(open_now <= 64);
	for (size_t i = 0; i < HOSTILE_TRICKLERS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
}

/* A handshake trickled a byte a second is cut at --request-timeout (3 s). */
static void test_trickled_request_is_cut(void **state)
{
	double start = hostile_now(), closed_at = 0;
	int fd = hostile_connect();
	size_t i = 0;

	(void)state;
	assert_true(fd >= 0);
	while (hostile_now() - start < 12) {
		if (!hostile_trickle(fd, i++)) {
			closed_at = hostile_now() - start;
			break;
		}
		usleep(500 * 1000);
	}
	close(fd);
	if (closed_at == 0)
		fail_msg("a connection trickling a byte every half second was still open after 12 s");
	/* Not before the deadline: the idle timeout never fired, each byte reset it. */
	assert_true(closed_at >= 2.5);
	assert_true(api_server_log_wait("(--request-timeout)"));
}

/* A slow body is cut too, and the connection after it works. */
static void test_whole_request_in_time_is_served(void **state)
{
	struct api_resp r;

	(void)state;
	api_get("/v1/health", NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

static const struct CMUnitTest hostile_tests[] = {
	cmocka_unit_test(test_whole_request_in_time_is_served),
	cmocka_unit_test(test_trickled_request_is_cut),
	cmocka_unit_test(test_one_address_cannot_lock_others_out),
};

const struct api_suite api_suite_hostile = {
	"hostile", hostile_tests, sizeof(hostile_tests) / sizeof(hostile_tests[0])
};
