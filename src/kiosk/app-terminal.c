/*
 * Giving the terminal back. A crash signal handler needs the modes the
 * shell had and the terminfo strings that leave the kiosk's screen (clear,
 * scrollback, attributes off, cursor on, leave the alternate screen):
 * filled once when curses starts; the handler only reads them. And
 * clearing the screen with its scrollback, at idle and at exit.
 */
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app-internal.h"

static struct termios crash_tios;
static char crash_reset[512];
static size_t crash_reset_len;
static volatile sig_atomic_t crash_armed;

static const char *cap(const char *name)
{
	const char *s = tigetstr(name);

	return s != NULL && s != (const char *)-1 ? s : NULL;
}

/* The sequence a crash handler writes (see crash_reset). */
static void crash_prepare(void)
{
	static const char *const caps[] = { "sgr0", "cnorm", "clear", "E3", "rmkx", "rmcup" };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		const char *c = cap(caps[i]);
		size_t len = c != NULL ? strlen(c) : 0;

		if (len > 0 && n + len < sizeof(crash_reset) - 2) {
			memcpy(crash_reset + n, c, len);
			n += len;
		}
	}
	memcpy(crash_reset + n, "\r\n", 2);
	crash_reset_len = n + 2;
}

void app_crash_restore(void)
{
	ssize_t w;

	if (!crash_armed)
		return;
	crash_armed = 0;
	(void)tcsetattr(STDIN_FILENO, TCSANOW, &crash_tios);
	w = write(STDOUT_FILENO, crash_reset, crash_reset_len);
	(void)w;
}

/* Clear the screen and, where the terminal knows how (terminfo E3, else
 * the xterm sequence most terminals take), its scrollback. */
void app_clear_terminal(void)
{
	const char *e3 = cap("E3");

	(void)werase(stdscr);
	(void)clearok(curscr, TRUE);
	(void)wnoutrefresh(stdscr);
	(void)putp(e3 != NULL ? e3 : "\033[3J");
	(void)doupdate();
}


void app_crash_save_modes(void)
{
	if (tcgetattr(STDIN_FILENO, &crash_tios) != 0)
		memset(&crash_tios, 0, sizeof(crash_tios));
}

void app_crash_arm(void)
{
	crash_prepare();
	crash_armed = 1;
}

void app_crash_disarm(void)
{
	crash_armed = 0;
}
