/*
 * ncre-kiosk: command line, configuration files, signals, locale, then
 * the app.
 *
 * Settings come from /etc/ncre/kiosk.conf, then the user's
 * ~/.config/ncre/kiosk.conf, then the command line, each overriding the
 * one before; --config FILE reads only FILE. A system file that says
 * "kiosk = yes" locks the terminal down, and then the user's file is not
 * read at all (it could otherwise turn the lock-down's settings off).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#include "ncre/conf.h"
#include "api.h"
#include "app.h"
#include "ncre-paths.h"
#include "ticket-pdf.h"

#define DEFAULT_SERVER "https://127.0.0.1:8443"
#define DEFAULT_TIMEOUT 20L
#define DEFAULT_IDLE 180L
#if NCRE_DEV_PATHS
#define HELP_FORMS_DEFAULT "../forms beside the program\n" \
	"                        when it exists, else " NCRE_DATADIR "/forms"
#else
#define HELP_FORMS_DEFAULT NCRE_DATADIR "/forms"
#endif


/* The one piece of state a signal handler may touch: the number of the
 * signal that asked the kiosk to stop (SIGTERM, SIGHUP; SIGINT and
 * SIGQUIT outside --kiosk mode). */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	stop_requested = sig;
}

/* A crash: put the terminal back the way the shell had it (only
 * async-signal-safe calls: tcsetattr, write) and die of the same signal,
 * so the exit status still tells what happened. */
static void on_crash(int sig)
{
	app_crash_restore();
	(void)raise(sig);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ncre-kiosk [options]\n"
		"  --server URL          registration server (default %s)\n"
		"  --ca-file FILE        trust the certificate authority in FILE (PEM)\n"
		"  --pin PIN             require the server key: sha256//BASE64[;sha256//...]\n"
		"  --config FILE         read settings from FILE only (default: %s/kiosk.conf,\n"
		"                        then ~/.config/ncre/kiosk.conf)\n"
		"  --lang zh|en          language at start (default zh)\n"
		"  --timeout SECONDS     time limit per request (default %ld)\n"
		"  --forms DIR           form definitions (default " HELP_FORMS_DEFAULT ")\n"
		"  --photo-dir DIR       where the photo file picker starts (e.g. /media, where\n"
		"                        USB sticks are mounted; default: the home folder)\n"
		"  --printer NAME        CUPS printer for admission tickets (lp -d NAME)\n"
		"  --ticket-dir DIR      save admission tickets in DIR instead (staff desks)\n"
		"  --kiosk               lock-down: leaving needs the staff unlock secret\n"
		"  --staff               offer the staff key (Ctrl-O, F9): site staff log in\n"
		"                        here to audit registrations\n"
		"  --idle-timeout SECONDS  wipe and start over after this long without a key\n"
		"                        (default %ld; 0 never)\n"
		"  --make-unlock-hash    read a staff secret, print its staff_unlock_hash line\n"
		"  --help                this text\n"
		"  --version             the version\n",
		DEFAULT_SERVER, NCRE_SYSCONFDIR, DEFAULT_TIMEOUT, DEFAULT_IDLE);
}

static int set_str(char *dst, size_t n, const char *v, const char *what, char *err, size_t errlen)
{
	if (strlen(v) >= n) {
		snprintf(err, errlen, "%s is too long", what);
		return -1;
	}
	snprintf(dst, n, "%s", v);
	return 0;
}

static int parse_long(const char *v, long lo, long hi, long *out)
{
	char *end;
	long t;

	errno = 0;
	t = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || t < lo || t > hi)
		return -1;
	*out = t;
	return 0;
}

static int parse_timeout(const char *v, long *out, char *err, size_t errlen)
{
	if (parse_long(v, 1, 600, out) != 0) {
		snprintf(err, errlen, "timeout must be 1 to 600 seconds, not \"%s\"", v);
		return -1;
	}
	return 0;
}

/* 0 (never) or 5 seconds to one day. */
static int parse_idle(const char *v, long *out, char *err, size_t errlen)
{
	long t;

	if (parse_long(v, 0, 86400, &t) != 0 || (t > 0 && t < 5)) {
		snprintf(err, errlen, "idle timeout must be 0 or 5 to 86400 seconds, not \"%s\"", v);
		return -1;
	}
	*out = t;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	    strcasecmp(v, "on") == 0) {
		*out = true;
		return 0;
	}
	if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
	    strcasecmp(v, "off") == 0) {
		*out = false;
		return 0;
	}
	return -1;
}

static int conf_key(void *ud, const char *key, const char *value, char *err, size_t errlen)
{
	struct config *c = ud;

	if (strcmp(key, "server") == 0)
		return set_str(c->server, sizeof(c->server), value, "server", err, errlen);
	if (strcmp(key, "ca_file") == 0)
		return set_str(c->ca_file, sizeof(c->ca_file), value, "ca_file", err, errlen);
	if (strcmp(key, "pin") == 0)
		return set_str(c->pin, sizeof(c->pin), value, "pin", err, errlen);
	if (strcmp(key, "timeout") == 0)
		return parse_timeout(value, &c->timeout_s, err, errlen);
	if (strcmp(key, "forms_dir") == 0)
		return set_str(c->forms_dir, sizeof(c->forms_dir), value, "forms_dir", err, errlen);
	if (strcmp(key, "photo_dir") == 0)
		return set_str(c->photo_dir, sizeof(c->photo_dir), value, "photo_dir", err, errlen);
	if (strcmp(key, "printer") == 0)
		return set_str(c->printer, sizeof(c->printer), value, "printer", err, errlen);
	if (strcmp(key, "ticket_dir") == 0)
		return set_str(c->ticket_dir, sizeof(c->ticket_dir), value, "ticket_dir", err, errlen);
	if (strcmp(key, "ticket_font") == 0)
		return set_str(c->ticket_font, sizeof(c->ticket_font), value, "ticket_font", err,
			       errlen);
	if (strcmp(key, "idle_timeout") == 0)
		return parse_idle(value, &c->idle_timeout_s, err, errlen);
	if (strcmp(key, "lang") == 0) {
		if (i18n_parse(value, &c->lang) != 0) {
			snprintf(err, errlen, "lang must be zh or en");
			return -1;
		}
		c->lang_set = true;
		return 0;
	}
	if (strcmp(key, "kiosk") == 0) {
		bool on;

		if (parse_bool(value, &on) != 0) {
			snprintf(err, errlen, "kiosk must be yes or no");
			return -1;
		}
		c->kiosk = c->kiosk || on;     /* a later file cannot lift the lock-down */
		return 0;
	}
	if (strcmp(key, "staff") == 0) {
		if (parse_bool(value, &c->staff) != 0) {
			snprintf(err, errlen, "staff must be yes or no");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "staff_unlock_hash") == 0) {
		if (unlock_hash_check(value, err, errlen) != 0)
			return -1;
		return set_str(c->unlock_hash, sizeof(c->unlock_hash), value, "staff_unlock_hash",
			       err, errlen);
	}
	snprintf(err, errlen, "unknown setting \"%s\"", key);
	return -1;
}

/* Read path when it exists; a missing file is no error. */
static int load_optional(const char *path, struct config *c, char *err, size_t errlen)
{
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	return ncre_conf_load(path, conf_key, c, err, errlen);
}

static int load_default_files(struct config *c, char *err, size_t errlen)
{
	char path[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (load_optional(NCRE_SYSCONFDIR "/kiosk.conf", c, err, errlen) != 0)
		return -1;
	if (c->kiosk)
		return 0;
	if (xdg != NULL && xdg[0] == '/')
		snprintf(path, sizeof(path), "%s/ncre/kiosk.conf", xdg);
	else if (home != NULL && home[0] == '/')
		snprintf(path, sizeof(path), "%s/.config/ncre/kiosk.conf", home);
	else
		return 0;
	return load_optional(path, c, err, errlen);
}

enum {
	OPT_SERVER = 1, OPT_CA, OPT_PIN, OPT_CONFIG, OPT_LANG, OPT_TIMEOUT, OPT_KIOSK, OPT_IDLE,
	OPT_MAKE_HASH, OPT_FORMS, OPT_PHOTO_DIR, OPT_HELP, OPT_VERSION, OPT_STAFF,
	OPT_PRINTER, OPT_TICKET_DIR
};

static const struct option options[] = {
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "ca-file", required_argument, NULL, OPT_CA },
	{ "pin", required_argument, NULL, OPT_PIN },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "kiosk", no_argument, NULL, OPT_KIOSK },
	{ "staff", no_argument, NULL, OPT_STAFF },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE },
	{ "make-unlock-hash", no_argument, NULL, OPT_MAKE_HASH },
	{ "forms", required_argument, NULL, OPT_FORMS },
	{ "photo-dir", required_argument, NULL, OPT_PHOTO_DIR },
	{ "printer", required_argument, NULL, OPT_PRINTER },
	{ "ticket-dir", required_argument, NULL, OPT_TICKET_DIR },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Read one line from stdin; with a terminal, prompt on stderr and do not
 * echo. 0 or -1. */
static int read_secret(const char *prompt, char *buf, size_t n)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	size_t len;

	if (tty) {
		fputs(prompt, stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, (int)n, stdin) == NULL)
		buf[0] = '\0';
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return len > 0 ? 0 : -1;
}

/* --make-unlock-hash: print "staff_unlock_hash = ..." for kiosk.conf. */
static int make_unlock_hash(void)
{
	char a[256], b[256], hash[UNLOCK_HASH_MAX];
	int rc = 1;

	if (read_secret("Staff unlock secret: ", a, sizeof(a)) != 0) {
		fprintf(stderr, "ncre-kiosk: empty secret\n");
		goto out;
	}
	if (isatty(STDIN_FILENO)) {
		if (read_secret("Again: ", b, sizeof(b)) != 0 || strlen(a) != strlen(b) ||
		    sodium_memcmp(a, b, strlen(a)) != 0) {
			fprintf(stderr, "ncre-kiosk: the two entries differ\n");
			goto out;
		}
	}
	if (strlen(a) < 6) {
		fprintf(stderr, "ncre-kiosk: use at least 6 characters\n");
		goto out;
	}
	if (unlock_make(a, hash, sizeof(hash)) != 0) {
		fprintf(stderr, "ncre-kiosk: cannot make the hash (out of memory?)\n");
		goto out;
	}
	printf("staff_unlock_hash = %s\n", hash);
	rc = 0;
out:
	sodium_memzero(a, sizeof(a));
	sodium_memzero(b, sizeof(b));
	return rc;
}

/* 0 to run, 1 to exit successfully (--help, --version, --make-unlock-hash
 * done), -1 on error (2 exit), -2 when the hash could not be made. */
static int parse_args(int argc, char **argv, struct config *c, char *err, size_t errlen)
{
	const char *file = NULL;
	int opt;

	/* The files first, so that options on the command line win. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			file = argv[i + 1];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			file = argv[i] + 9;
	}
	if (file != NULL) {
		if (ncre_conf_load(file, conf_key, c, err, errlen) != 0)
			return -1;
	} else if (load_default_files(c, err, errlen) != 0) {
		return -1;
	}
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case OPT_SERVER:
			if (set_str(c->server, sizeof(c->server), optarg, "--server", err, errlen))
				return -1;
			break;
		case OPT_CA:
			if (set_str(c->ca_file, sizeof(c->ca_file), optarg, "--ca-file", err, errlen))
				return -1;
			break;
		case OPT_PIN:
			if (set_str(c->pin, sizeof(c->pin), optarg, "--pin", err, errlen))
				return -1;
			break;
		case OPT_CONFIG:
			break;
		case OPT_LANG:
			if (i18n_parse(optarg, &c->lang) != 0) {
				snprintf(err, errlen, "--lang must be zh or en");
				return -1;
			}
			c->lang_set = true;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &c->timeout_s, err, errlen) != 0)
				return -1;
			break;
		case OPT_KIOSK:
			c->kiosk = true;
			break;
		case OPT_STAFF:
			c->staff = true;
			break;
		case OPT_IDLE:
			if (parse_idle(optarg, &c->idle_timeout_s, err, errlen) != 0)
				return -1;
			break;
		case OPT_MAKE_HASH:
			return make_unlock_hash() == 0 ? 1 : -2;
		case OPT_FORMS:
			if (set_str(c->forms_dir, sizeof(c->forms_dir), optarg, "--forms", err, errlen))
				return -1;
			break;
		case OPT_PHOTO_DIR:
			if (set_str(c->photo_dir, sizeof(c->photo_dir), optarg, "--photo-dir", err,
				    errlen))
				return -1;
			break;
		case OPT_PRINTER:
			if (set_str(c->printer, sizeof(c->printer), optarg, "--printer", err, errlen))
				return -1;
			break;
		case OPT_TICKET_DIR:
			if (set_str(c->ticket_dir, sizeof(c->ticket_dir), optarg, "--ticket-dir", err,
				    errlen))
				return -1;
			break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("ncre-kiosk %s\n", NCRE_VERSION);
			return 1;
		default:
			snprintf(err, errlen, "unknown or incomplete option \"%s\"",
				 argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument \"%s\"", argv[optind]);
		return -1;
	}
	if (strncasecmp(c->server, "https://", 8) != 0) {
		snprintf(err, errlen, "the server URL must start with https://");
		return -1;
	}
	if (c->ca_file[0] != '\0' && access(c->ca_file, R_OK) != 0) {
		snprintf(err, errlen, "cannot read the CA file %s: %s", c->ca_file, strerror(errno));
		return -1;
	}
	return 0;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(sig, &sa, NULL);
}

/*
 * SIGTERM and SIGHUP (the SSH connection or the terminal went away) stop
 * the loop: the kiosk wipes, logs out and exits 128 + the signal. The
 * terminal is raw, so Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys and raise
 * nothing; in --kiosk mode the same signals sent from outside the
 * terminal are ignored too. A crash restores the terminal first.
 */
static void install_signals(bool kiosk)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

	set_handler(SIGTERM, on_signal, 0);
	set_handler(SIGHUP, on_signal, 0);
	set_handler(SIGINT, kiosk ? SIG_IGN : on_signal, 0);
	set_handler(SIGQUIT, kiosk ? SIG_IGN : on_signal, 0);
	if (kiosk) {
		set_handler(SIGTSTP, SIG_IGN, 0);
		set_handler(SIGTTIN, SIG_IGN, 0);
		set_handler(SIGTTOU, SIG_IGN, 0);
	}
	set_handler(SIGPIPE, SIG_IGN, 0);
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		set_handler(crash[i], on_crash, (int)SA_RESETHAND);
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct app app;
	char err[1600];
	const char *term = getenv("TERM");
	int rc;
	struct rlimit nocore = { 0, 0 };

	/* A core dump would hold personal data. */
	(void)setrlimit(RLIMIT_CORE, &nocore);
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.server, sizeof(cfg.server), "%s", DEFAULT_SERVER);
	cfg.timeout_s = DEFAULT_TIMEOUT;
	cfg.idle_timeout_s = DEFAULT_IDLE;
	cfg.lang = LANG_ZH;
	err[0] = '\0';
	/* Well under a millisecond; the unlock hash and payment keys need it. */
	if (sodium_init() < 0) {
		fprintf(stderr, "ncre-kiosk: cannot initialise libsodium\n");
		return 1;
	}
	rc = parse_args(argc, argv, &cfg, err, sizeof(err));
	if (rc != 0) {
		if (rc == -1) {
			fprintf(stderr, "ncre-kiosk: %s\n", err);
			fprintf(stderr, "Try 'ncre-kiosk --help'.\n");
		}
		explicit_bzero(&cfg, sizeof(cfg));
		return rc == -1 ? 2 : rc == -2 ? 1 : 0;
	}
	/* The Linux console has no CJK glyphs: start in English there,
	 * unless a language was asked for (fbterm also says TERM=linux). */
	if (!cfg.lang_set && term != NULL && strncmp(term, "linux", 5) == 0) {
		cfg.lang = LANG_EN;
		cfg.linux_console = true;
	}
	if (i18n_init(cfg.lang) != 0)
		fprintf(stderr, "ncre-kiosk: no UTF-8 locale; Chinese text may not show correctly\n");
	/* Without the catalogue only the server's words could be Chinese:
	 * run in English throughout rather than half and half. */
	if (!i18n_catalogue_found()) {
		fprintf(stderr, "ncre-kiosk: the Chinese catalogue (ncre-kiosk.mo) was not found; "
			"running in English\n");
		cfg.lang = LANG_EN;
		cfg.no_catalogue = true;
		i18n_set(LANG_EN);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ncre-kiosk: needs a terminal\n");
		return 2;
	}
	install_signals(cfg.kiosk);
	if (app_init(&app, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-kiosk: %s\n", err);
		return 1;
	}
	app.stop = &stop_requested;
	rc = app_run(&app);
	app_fini(&app);
	ticket_pdf_cleanup();
	explicit_bzero(&cfg, sizeof(cfg));
	if (rc != 0) {
		fprintf(stderr, "ncre-kiosk: cannot start the terminal interface\n");
		return 1;
	}
	/* Stopped by SIGTERM or SIGHUP: after the same wipe as a normal
	 * quit, say so in the status, the shell's way (129 SIGHUP, 143 SIGTERM). */
	rc = stop_requested != 0 ? 128 + (int)stop_requested : 0;
	return rc;
}
