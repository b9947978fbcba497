/*
 * The kiosk's request layer (src/kiosk/api.c) with its real network helper
 * (ncre-kiosk-net of this build) against a closed port on 127.0.0.1, so
 * that every request ends "unreachable" from the helper itself:
 *   - a key waiting holds the helper's start back (keys first), and so
 *     does a moment of quiet right after the request is made;
 *   - a helper that died while idle is replaced, and the next request
 *     goes through the new one instead of failing;
 *   - api_forget and api_free end the helper (what it held goes with it).
 * The test's own fd 0 is a pipe it writes "keys" into.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "kiosk/api.h"

static char helper[PATH_MAX];
static int keys[2] = { -1, -1 };
static int saved_stdin = -1;

/* A child of ours running the helper, not yet ended: its pid, or 0. */
static pid_t find_helper(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	assert_non_null(d);
	while (found == 0 && (e = readdir(d)) != NULL) {
		char path[300], line[512], comm[64], state;
		int pid, ppid;
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fgets(line, sizeof(line), f) != NULL &&
		    sscanf(line, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid) == 4 &&
		    ppid == (int)getpid() && strcmp(comm, "ncre-kiosk-net") == 0 && state != 'Z')
			found = (pid_t)pid;
		fclose(f);
	}
	closedir(d);
	return found;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Poll until the request ends (at most 20 s): its status. */
static enum api_status finish(struct api *api)
{
	struct api_result res;
	enum api_status st;
	double t0 = now_s();

	memset(&res, 0, sizeof(res));
	while (api_poll(api, 50, &res) != 1)
		assert_true(now_s() - t0 < 20);
	st = res.status;
	if (st != API_UNREACHABLE)
		print_message("status %d: %s\n", (int)st, res.detail);
	api_result_clear(&res);
	return st;
}

static struct api *make_api(void)
{
	struct api_config cfg = { .server = "https://127.0.0.1:9", .timeout_s = 10,
				  .helper = helper };
	char err[256];
	struct api *api = api_new(&cfg, err, sizeof(err));

	assert_non_null(api);
	return api;
}

/* The helper has been ended with SIGKILL: reaped here, or already by api.c
 * (which reaps without waiting when it can). */
static void assert_killed(pid_t pid)
{
	int status = 0;
	pid_t r;
	double t0 = now_s();

	while ((r = waitpid(pid, &status, WNOHANG)) == 0 && now_s() - t0 < 10)
		usleep(10000);
	if (r < 0) {
		assert_int_equal(errno, ECHILD);
		return;
	}
	assert_int_equal(r, pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
}

static void test_key_first(void **state)
{
	struct api *api = make_api();
	struct api_result res;
	pid_t h;
	char c;

	(void)state;
	memset(&res, 0, sizeof(res));
	assert_int_equal(write(keys[1], "x", 1), 1);
	assert_int_equal(api_start(api, "GET", "/v1/health", NULL, false, 1), 0);
	/* Half a second of a key waiting: no helper started, nothing ended. */
	for (int i = 0; i < 10; i++) {
		assert_int_equal(api_poll(api, 50, &res), 0);
		usleep(50000);
	}
	assert_int_equal(find_helper(), 0);
	assert_true(api_busy(api));
	/* The key read, the request goes out through a helper. */
	assert_int_equal(read(keys[0], &c, 1), 1);
	assert_int_equal(finish(api), API_UNREACHABLE);
	h = find_helper();
	assert_int_not_equal(h, 0);
	api_free(&api);
	assert_killed(h);
}

/* No key: still no helper within the first milliseconds after the request
 * (api.c's NET_START_QUIET_MS, 15). Checked only when this process was not
 * held up for 10 ms itself, so a loaded machine cannot make it fail. */
static void test_quiet_first(void **state)
{
	struct api *api = make_api();
	struct api_result res;
	double t0;
	pid_t h;
	int rc;

	(void)state;
	memset(&res, 0, sizeof(res));
	t0 = now_s();
	assert_int_equal(api_start(api, "GET", "/v1/health", NULL, false, 1), 0);
	rc = api_poll(api, 1, &res);
	if (now_s() - t0 < 0.010) {
		assert_int_equal(rc, 0);
		assert_int_equal(find_helper(), 0);
	} else {
		print_message("held up for %.1f ms: the quiet moment not checked\n",
			      (now_s() - t0) * 1e3);
		api_result_clear(&res);
	}
	if (rc == 0)
		assert_int_equal(finish(api), API_UNREACHABLE);
	h = find_helper();
	api_free(&api);
	if (h != 0)
		assert_killed(h);
}

static void test_idle_death(void **state)
{
	struct api *api = make_api();
	siginfo_t si;
	pid_t h, h2;

	(void)state;
	assert_int_equal(api_start(api, "GET", "/v1/health", NULL, false, 1), 0);
	assert_int_equal(finish(api), API_UNREACHABLE);
	h = find_helper();
	assert_int_not_equal(h, 0);
	/* Killed while idle, and surely dead (left unreaped) before the next
	 * request is handed to it. */
	assert_int_equal(kill(h, SIGKILL), 0);
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)h, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(api_start(api, "GET", "/v1/health", NULL, false, 2), 0);
	assert_int_equal(finish(api), API_UNREACHABLE);
	h2 = find_helper();
	assert_int_not_equal(h2, 0);
	assert_int_not_equal(h2, h);
	api_free(&api);
	assert_killed(h2);
}

static void test_forget_and_free(void **state)
{
	struct api *api = make_api();
	pid_t h;

	(void)state;
	assert_int_equal(api_start(api, "GET", "/v1/health", NULL, false, 1), 0);
	assert_int_equal(finish(api), API_UNREACHABLE);
	h = find_helper();
	assert_int_not_equal(h, 0);
	api_forget(api);
	assert_killed(h);
	assert_int_equal(find_helper(), 0);
	/* The next request starts a new one; api_free ends it. */
	assert_int_equal(api_start(api, "GET", "/v1/health", NULL, false, 2), 0);
	assert_int_equal(finish(api), API_UNREACHABLE);
	h = find_helper();
	assert_int_not_equal(h, 0);
	api_free(&api);
	assert_null(api);
	assert_killed(h);
}

static int setup(void **state)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	(void)state;
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	/* BUILD/tests/unit/test_kiosk_api: the helper is BUILD/ncre-kiosk-net. */
	for (int i = 0; i < 3; i++) {
		slash = strrchr(exe, '/');
		if (slash == NULL)
			return -1;
		*slash = '\0';
	}
	if ((size_t)snprintf(helper, sizeof(helper), "%s/ncre-kiosk-net", exe) >= sizeof(helper) ||
	    access(helper, X_OK) != 0) {
		fprintf(stderr, "test_kiosk_api: no helper at %s\n", helper);
		return -1;
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR || pipe(keys) != 0 ||
	    (saved_stdin = dup(STDIN_FILENO)) < 0 || dup2(keys[0], STDIN_FILENO) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (saved_stdin >= 0 && dup2(saved_stdin, STDIN_FILENO) < 0)
		return -1;
	if (saved_stdin >= 0)
		close(saved_stdin);
	close(keys[0]);
	close(keys[1]);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_first),
		cmocka_unit_test(test_quiet_first),
		cmocka_unit_test(test_idle_death),
		cmocka_unit_test(test_forget_and_free),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
