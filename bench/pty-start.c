/*
 * Cold start and exit of a terminal program in a pseudo-terminal of 80x24,
 * as a candidate's terminal sees them:
 *
 *   pty-start [-s MS] MARKER KEYS RUNS -- PROGRAM [ARGS...]
 *
 * Each run starts PROGRAM afresh and times, from fork, the first moment its
 * output holds MARKER (the first screen painted), then writes KEYS (may be
 * "": the program leaves by itself) and times until the process is gone
 * (its exit status collected). -s MS: the keys are written MS milliseconds
 * after MARKER (the screen has settled: what a person's quit looks like),
 * and the exit is timed from then. Prints the median and range of each over
 * RUNS runs, and the resident set (VmRSS, /proc) when the screen was there.
 * TERM=xterm-256color, LANG=C.UTF-8 unless set.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PTY_MAX_RUNS 200

static double pty_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int pty_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* VmRSS of pid in kB, or -1. */
static long pty_rss(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Read and drop the program's output for ms milliseconds. */
static void pty_drain(int fd, int ms)
{
	double end = pty_now() + ms / 1e3;
	char buf[4096];

	for (double left; (left = end - pty_now()) > 0;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, (int)(left * 1e3) + 1) > 0 && read(fd, buf, sizeof(buf)) <= 0)
			return;
	}
}

/* One run: *start_ms to MARKER, *exit_ms from the keys to the end; 0 or -1. */
static int pty_run(const char *marker, const char *keys, int settle_ms, char **argv,
		   double *start_ms, double *exit_ms, long *rss)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	char seen[65536];
	size_t nseen = 0;
	double t0, t1 = 0, t2, tk = 0;
	int fd = -1, status = 0;
	pid_t pid;

	t0 = pty_now();
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int ready;

		if (pty_now() - t0 > 10 || (ready = poll(&p, 1, 100)) < 0) {
			kill(pid, SIGKILL);
			break;
		}
		if (ready == 0)
			continue;
		n = read(fd, seen + nseen, sizeof(seen) - 1 - nseen);
		if (n <= 0)
			break;
		nseen += (size_t)n;
		seen[nseen] = '\0';
		if (t1 == 0 && memmem(seen, nseen, marker, strlen(marker)) != NULL) {
			t1 = pty_now();
			*rss = pty_rss(pid);
			if (settle_ms > 0)
				pty_drain(fd, settle_ms);
			tk = pty_now();
			if (keys[0] != '\0' && write(fd, keys, strlen(keys)) < 0)
				break;
		}
		if (nseen > sizeof(seen) / 2) {	/* keep the tail, where a marker may be cut */
			memmove(seen, seen + nseen - 1024, 1024);
			nseen = 1024;
		}
	}
	/* The output ends when the program has closed the terminal; wait for the process. */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	t2 = pty_now();
	close(fd);
	if (t1 == 0) {
		fprintf(stderr, "pty-start: %s never showed \"%s\"\n", argv[0], marker);
		return -1;
	}
	*start_ms = (t1 - t0) * 1e3;
	*exit_ms = (t2 - tk) * 1e3;
	return 0;
}

int main(int argc, char **argv)
{
	static double start[PTY_MAX_RUNS], stop[PTY_MAX_RUNS];
	long rss = -1;
	int runs, settle_ms = 0;

	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		settle_ms = atoi(argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 6 || strcmp(argv[4], "--") != 0 || (runs = atoi(argv[3])) < 1 ||
	    runs > PTY_MAX_RUNS || settle_ms < 0) {
		fprintf(stderr, "usage: pty-start [-s MS] MARKER KEYS RUNS -- PROGRAM [ARGS...]\n");
		return 2;
	}
	setenv("TERM", getenv("TERM") != NULL ? getenv("TERM") : "xterm-256color", 0);
	setenv("LANG", "C.UTF-8", 0);
	for (int i = 0; i < runs; i++)
		if (pty_run(argv[1], argv[2], settle_ms, argv + 5, &start[i], &stop[i], &rss) != 0)
			return 1;
	qsort(start, (size_t)runs, sizeof(double), pty_cmp);
	qsort(stop, (size_t)runs, sizeof(double), pty_cmp);
	printf("start_ms %.1f [%.1f-%.1f]\nexit_ms %.1f [%.1f-%.1f]\nrss_kb %ld\n",
	       start[runs / 2], start[0], start[runs - 1], stop[runs / 2], stop[0],
	       stop[runs - 1], rss);
	return 0;
}
