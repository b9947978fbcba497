/*
 * The input method, keystroke to repainted candidates: the kiosk's own
 * code (ime.c on librime, field.c, widget-field.c, ui.c) and a real
 * ncurses screen (80x24, TERM xterm-256color) whose output goes to a file.
 * For each of 1,000 composing keys (pinyin letters, picks, pages,
 * Backspace, strokes, a code point) the time from the key to the end of
 * doupdate(), and the bytes curses wrote for it. Also the engine's start
 * (lazy, on the first composing key) and the memory it adds.
 *   build/bench/ime-bench [KEYS]        (default 1000)
 * Prints median, p99 and max latency, mean and max bytes per key, start
 * time and VmRSS before and after. Figures: docs/performance.md.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/ime.h"
#include "kiosk/widget.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: what a key costs without the time the
 * scheduler gave to other programs (the machine may be shared). */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long rss_kb(void)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(fp);
	return kb;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The parts of the kiosk's screen a composing key changes: the field with
 * its composition, the candidate row and the key-hint line. The whole
 * screen is erased and drawn again, as app.c's paint() does. */
static void paint(struct field *f, struct ui *ui)
{
	(void)werase(stdscr);
	ui->cursor.on = false;
	ui->ime_field = NULL;
	ui_put(stdscr, 0, 0, 80, " 全国计算机等级考试 / 2027年03月全国计算机等级考试", ui_attr(ui, ROLE_TITLE));
	ui_put(stdscr, 3, 2, 10, "* 姓名", ui_attr(ui, ROLE_LABEL));
	widget_field_paint(f, ui, stdscr, 3, 14, 40, true);
	ui_put(stdscr, 4, 14, 60, "须与身份证件上的姓名一致", ui_attr(ui, ROLE_STATUS));
	if (field_composing(f))
		widget_ime_paint(f, ui, stdscr, 22, 0, 80);
	ui_fill(stdscr, 23, 0, 80, ui_attr(ui, ROLE_HINT));
	ui_put(stdscr, 23, 1, 30, widget_ime_mode(f), ui_attr(ui, ROLE_HINT_KEY));
	(void)move(ui->cursor.y, ui->cursor.x);
	(void)wnoutrefresh(stdscr);
	(void)doupdate();
}

/* Key scripts, replayed until enough keys were measured; Space or a digit
 * picks, '<' is Backspace. */
static const char *const scripts[] = {
	"wangxiaoming=-21",          /* 王小 then 明, after paging there and back */
	"beijingshihaidianqu1",
	"zhongguancundajie1",
	"zhangwei ",
	"wangx<<iao=- ",
	"`hshszh2",
	"u20bb7 ",
	"jisuanjikexueyujishu1",
	"ouyangxiuqin ",
};

int main(int argc, char **argv)
{
	int want = argc > 1 ? atoi(argv[1]) : 1000;
	double *lat, *cpu, start_ms, t0, c0, load[1] = { 0 };
	long *bytes, rss0, rss1, total = 0, maxb = 0;
	int n = 0;
	char exe[PATH_MAX], dir[PATH_MAX + 16], *slash;
	ssize_t len;
	FILE *out, *in;
	SCREEN *scr;
	struct field f;
	struct ui ui;
	struct stat st;
	off_t before;

	if (want < 10)
		want = 10;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return 1;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return 1;
	*slash = '\0';
	snprintf(dir, sizeof(dir), "%s/../rime", exe);     /* <build>/bench -> <build>/rime */
	ime_engine_dir(dir);

	lat = calloc((size_t)want, sizeof(*lat));
	cpu = calloc((size_t)want, sizeof(*cpu));
	bytes = calloc((size_t)want, sizeof(*bytes));
	out = tmpfile();
	in = fopen("/dev/null", "r");
	if (lat == NULL || cpu == NULL || bytes == NULL || out == NULL || in == NULL)
		return 1;
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	scr = newterm("xterm-256color", out, in);
	if (scr == NULL)
		return 1;
	(void)set_term(scr);
	memset(&ui, 0, sizeof(ui));
	ui_init(&ui);

	/* The engine starts with the first composing key; measured apart. */
	rss0 = rss_kb();
	t0 = now_ms();
	if (!ime_engine_start()) {
		endwin();
		fprintf(stderr, "ime-bench: %s (%s)\n", ime_error(), dir);
		return 1;
	}
	start_ms = now_ms() - t0;
	rss1 = rss_kb();

	field_init(&f, 50, 0, false);
	field_set_input(&f, FIELD_INPUT_ZH);
	paint(&f, &ui);
	while (n < want) {
		for (size_t s = 0; s < sizeof(scripts) / sizeof(scripts[0]) && n < want; s++) {
			for (const char *k = scripts[s]; *k != '\0' && n < want; k++) {
				wint_t ch = *k == '<' ? 127 : (wint_t)(unsigned char)*k;

				fflush(out);
				fstat(fileno(out), &st);
				before = st.st_size;
				t0 = now_ms();
				c0 = cpu_ms();
				(void)widget_field_key(&f, OK, ch);
				paint(&f, &ui);
				cpu[n] = cpu_ms() - c0;
				lat[n] = now_ms() - t0;
				fflush(out);
				fstat(fileno(out), &st);
				bytes[n] = (long)(st.st_size - before);
				total += bytes[n];
				if (bytes[n] > maxb)
					maxb = bytes[n];
				n++;
			}
			if (field_chars(&f) > 30)
				field_clear(&f);
		}
	}
	endwin();
	delscreen(scr);
	qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
	qsort(cpu, (size_t)n, sizeof(*cpu), cmp_double);
	(void)getloadavg(load, 1);
	printf("keys              %d composing keys (pinyin, picks, pages, Backspace, strokes, code point)\n", n);
	printf("key-to-repaint    median %.3f ms  p99 %.3f ms  max %.3f ms\n", lat[n / 2],
	       lat[(n * 99) / 100], lat[n - 1]);
	printf("key-to-repaint    CPU median %.3f ms  p99 %.3f ms  max %.3f ms (load average %.1f)\n",
	       cpu[n / 2], cpu[(n * 99) / 100], cpu[n - 1], load[0]);
	printf("bytes-per-key     mean %.1f  max %ld (80x24, xterm-256color)\n",
	       (double)total / n, maxb);
	printf("engine-start      %.1f ms (first composing key; data %s)\n", start_ms, dir);
	printf("rss               %ld kB before, %ld kB after the engine started (+%.1f MB)\n", rss0,
	       rss1, (double)(rss1 - rss0) / 1024.0);
	field_clear(&f);
	ime_engine_stop();
	fclose(out);
	fclose(in);
	free(lat);
	free(cpu);
	free(bytes);
	return 0;
}
