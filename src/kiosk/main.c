/*
 * ncre-kiosk: command line, configuration file, locale, then the app.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>
#include <curl/curl.h>

#include "ncre/conf.h"
#include "app.h"

#define DEFAULT_SERVER "https://127.0.0.1:8443"
#define DEFAULT_TIMEOUT 20L

/* The one piece of state a signal handler may touch. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ncre-kiosk [options]\n"
		"  --server URL       registration server (default %s)\n"
		"  --ca-file FILE     trust the certificate authority in FILE (PEM)\n"
		"  --pin PIN          require the server key: sha256//BASE64[;sha256//...]\n"
		"  --config FILE      read settings (server, ca_file, pin, lang, timeout)\n"
		"  --lang zh|en       language at start (default zh)\n"
		"  --timeout SECONDS  time limit per request (default %ld)\n"
		"  --help             this text\n"
		"  --version          the version\n",
		DEFAULT_SERVER, DEFAULT_TIMEOUT);
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

static int parse_timeout(const char *v, long *out, char *err, size_t errlen)
{
	char *end;
	long t;

	errno = 0;
	t = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || t < 1 || t > 600) {
		snprintf(err, errlen, "timeout must be 1 to 600 seconds, not \"%s\"", v);
		return -1;
	}
	*out = t;
	return 0;
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
	if (strcmp(key, "lang") == 0) {
		if (i18n_parse(value, &c->lang) != 0) {
			snprintf(err, errlen, "lang must be zh or en");
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen, "unknown setting \"%s\"", key);
	return -1;
}

enum { OPT_SERVER = 1, OPT_CA, OPT_PIN, OPT_CONFIG, OPT_LANG, OPT_TIMEOUT, OPT_HELP, OPT_VERSION };

static const struct option options[] = {
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "ca-file", required_argument, NULL, OPT_CA },
	{ "pin", required_argument, NULL, OPT_PIN },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* 0 to run, 1 to exit successfully (--help, --version), -1 on error. */
static int parse_args(int argc, char **argv, struct config *c, char *err, size_t errlen)
{
	int opt;

	/* The file first, so that options on the command line win. */
	for (int i = 1; i < argc; i++) {
		const char *file = NULL;

		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			file = argv[i + 1];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			file = argv[i] + 9;
		if (file != NULL && ncre_conf_load(file, conf_key, c, err, errlen) != 0)
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
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &c->timeout_s, err, errlen) != 0)
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

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct app app;
	char err[1600];
	int rc;
	struct rlimit nocore = { 0, 0 };

	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.server, sizeof(cfg.server), "%s", DEFAULT_SERVER);
	cfg.timeout_s = DEFAULT_TIMEOUT;
	cfg.lang = LANG_ZH;
	err[0] = '\0';
	rc = parse_args(argc, argv, &cfg, err, sizeof(err));
	if (rc != 0) {
		if (rc < 0) {
			fprintf(stderr, "ncre-kiosk: %s\n", err);
			fprintf(stderr, "Try 'ncre-kiosk --help'.\n");
		}
		return rc < 0 ? 2 : 0;
	}
	/* A core dump would hold personal data. */
	(void)setrlimit(RLIMIT_CORE, &nocore);
	if (i18n_init(cfg.lang) != 0)
		fprintf(stderr, "ncre-kiosk: no UTF-8 locale; Chinese text may not show correctly\n");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ncre-kiosk: needs a terminal\n");
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "ncre-kiosk: cannot initialise libcurl\n");
		return 1;
	}
	install_signals();
	if (app_init(&app, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-kiosk: %s\n", err);
		curl_global_cleanup();
		return 1;
	}
	app.stop = &stop_requested;
	rc = app_run(&app);
	app_fini(&app);
	curl_global_cleanup();
	explicit_bzero(&cfg, sizeof(cfg));
	if (rc != 0) {
		fprintf(stderr, "ncre-kiosk: cannot start the terminal interface\n");
		return 1;
	}
	return 0;
}
