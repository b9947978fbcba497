/*
 * ncre-server: the registration service behind ncre-kiosk.
 * Startup order: settings, clock, database (migrated), exam data, password
 * hashing, TLS listener, port file; then wait for SIGTERM/SIGINT and shut
 * down in reverse order.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>
#include <systemd/sd-daemon.h>

#include "ncre/form.h"

#include "auth.h"
#include "clock.h"
#include "cmd.h"
#include "config-table.h"
#include "config.h"
#include "http.h"
#include "initdata.h"
#include "log.h"
#include "ncre/json.h"
#include "outbox.h"
#include "server.h"
#include "sms.h"
#include "store.h"
#include "sweep.h"
#include "tls.h"

#define MAIN_EXIT_USAGE 2

enum {
	MAIN_OPT_HELP = 'h',
	MAIN_OPT_VERSION = 'V',
	MAIN_OPT_TABLE = 1000	/* + index into config_table */
};

static void main_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server [options]\n"
		   "       ncre-server sweep --db FILE [--now TIME]\n"
		   "       ncre-server staff add|passwd|disable|enable|list --db FILE ...\n"
		   "       ncre-server log --db FILE [--site CODE]\n"
		   "       ncre-server import --db FILE [--now TIME] FILE.json\n"
		   "       ncre-server export --db FILE --site CODE [--forms DIR]\n"
		   "       ncre-server refunds --db FILE\n"
		   "       ncre-server schedule --db FILE [--now TIME] [--seed N] [--site CODE]\n"
		   "       ncre-server publish --db FILE --from TIME\n"
		   "       ncre-server import-group --db FILE --site CODE [--now TIME] FILE.csv\n"
		   "       ncre-server sms-sandbox --db FILE [--to PHONE]\n\n"
		   "The NCRE registration server (HTTPS JSON API, docs/protocol.md).\n\n");
	for (const struct config_entry *e = config_table; e->name != NULL; e++) {
		char flag[64];

		snprintf(flag, sizeof(flag), "--%s %s", e->name, e->arg);
		fprintf(f, "  %-28s %s\n", flag, e->help);
	}
	fprintf(f, "  %-28s %s\n  %-28s %s\n", "--help", "show this help and exit",
		"--version", "show the version and exit");
	fprintf(f, "\nA config file (--config) takes the flag names without the dashes, one per\nline: port = 8443\n");
}

struct main_flag {
	const char *name;
	const char *value;
};

/*
 * Flags are collected first, the config file (if any) is read, then the
 * flags are applied over it. Returns 0 to go on, 1 when --help/--version
 * answered, -1 on a usage error.
 */
static int main_parse_args(int argc, char **argv, struct config *cfg)
{
	struct option *opts = NULL;
	struct main_flag *flags = NULL;
	size_t nentries = 0, nflags = 0;
	const char *config_path = NULL;
	char err[512];
	int ret = -1, c;

	for (const struct config_entry *e = config_table; e->name != NULL; e++)
		nentries++;
	opts = calloc(nentries + 3, sizeof(*opts));
	flags = calloc((size_t)argc + 1, sizeof(*flags));
	if (opts == NULL || flags == NULL) {
		fprintf(stderr, "ncre-server: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < nentries; i++) {
		opts[i].name = config_table[i].name;
		opts[i].has_arg = required_argument;
		opts[i].val = MAIN_OPT_TABLE + (int)i;
	}
	opts[nentries] = (struct option){ "help", no_argument, NULL, MAIN_OPT_HELP };
	opts[nentries + 1] = (struct option){ "version", no_argument, NULL, MAIN_OPT_VERSION };

	opterr = 1;
	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		if (c == MAIN_OPT_HELP) {
			main_usage(stdout);
			ret = 1;
			goto out;
		}
		if (c == MAIN_OPT_VERSION) {
			printf("ncre-server %s\n", NCRE_VERSION);
			ret = 1;
			goto out;
		}
		if (c < MAIN_OPT_TABLE || c >= MAIN_OPT_TABLE + (int)nentries) {
			fprintf(stderr, "Try 'ncre-server --help'.\n");
			goto out;
		}
		if (strcmp(config_table[c - MAIN_OPT_TABLE].name, "config") == 0) {
			config_path = optarg;
			continue;
		}
		flags[nflags].name = config_table[c - MAIN_OPT_TABLE].name;
		flags[nflags].value = optarg;
		nflags++;
	}
	if (optind < argc) {
		fprintf(stderr, "ncre-server: unexpected argument '%s'\n", argv[optind]);
		goto out;
	}
	if (config_path != NULL) {
		if (config_set(cfg, "config", config_path, err, sizeof(err)) != 0 ||
		    config_load_file(cfg, config_path, err, sizeof(err)) != 0) {
			fprintf(stderr, "ncre-server: %s\n", err);
			goto out;
		}
	}
	for (size_t i = 0; i < nflags; i++) {
		/* ps shows every process's command line to every local user. */
		if (strcmp(flags[i].name, "db") == 0 && store_db_has_password(flags[i].value)) {
			fprintf(stderr, "ncre-server: --db must not carry a password (every local user "
				"can read a command line): use db-password-file, PGPASSFILE or "
				"PGPASSWORD\n");
			goto out;
		}
		if (config_set(cfg, flags[i].name, flags[i].value, err, sizeof(err)) != 0) {
			fprintf(stderr, "ncre-server: %s\n", err);
			goto out;
		}
	}
	if (config_check(cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server: %s\n", err);
		goto out;
	}
	ret = 0;
out:
	free(opts);
	free(flags);
	return ret;
}

/* Write the port atomically: a temporary file renamed into place. */
static int main_write_port_file(const char *path, unsigned port)
{
	char tmp[4096], text[16];
	int fd, n;

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof(tmp))
		return -1;
	n = snprintf(text, sizeof(text), "%u\n", port);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	if (write(fd, text, (size_t)n) != n || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	log_msg(LOG_PRIO_ERR, "ncre-server: %s: %s", path, strerror(errno));
	return -1;
}

/*
 * Open the database with the pool size of the settings and, for
 * PostgreSQL, the password of db-password-file (its first line).
 */
static int main_open_store(struct server *srv, char *err, size_t errlen)
{
	unsigned pool = srv->cfg.db_pool != 0 ? srv->cfg.db_pool : srv->cfg.threads + 3;
	char password[1024] = "";
	FILE *f;
	int rc;

	if (srv->cfg.db_password_file == NULL)
		return store_open_with(&srv->store, srv->cfg.db, NULL, pool, err, errlen);
	f = fopen(srv->cfg.db_password_file, "re");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", srv->cfg.db_password_file, strerror(errno));
		return -1;
	}
	if (fgets(password, sizeof(password), f) == NULL) {
		snprintf(err, errlen, "%s: no password in it", srv->cfg.db_password_file);
		fclose(f);
		return -1;
	}
	fclose(f);
	password[strcspn(password, "\r\n")] = '\0';
	rc = store_open_with(&srv->store, srv->cfg.db, password, pool, err, errlen);
	sodium_memzero(password, sizeof(password));
	return rc;
}

/* --forms, else the default (config_default_forms). */
static int main_load_form(struct server *srv)
{
	const char *dir = srv->cfg.forms;
	char err[512];

	if (dir == NULL)
		dir = config_default_forms();
	if (ncre_form_load(dir, "registration", &srv->form, err, sizeof(err)) != 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: forms: %s", err);
		return -1;
	}
	return 0;
}

static void main_cleanup(struct server *srv)
{
	http_stop(srv);
	outbox_stop(&srv->outbox);
	sweep_stop(&srv->sweep);
	ncre_form_free(&srv->form);
	auth_free(&srv->auth);
	store_close(&srv->store);
	tls_free(&srv->tls);
	sodium_memzero(srv->login_key, sizeof(srv->login_key));
	config_free(&srv->cfg);
}

static int server_main(int argc, char **argv)
{
	struct server srv;
	sigset_t stop;
	char err[512];
	int rc, sig = 0, status = EXIT_FAILURE;
	bool curl_ready = false;

	log_init();
	if (argc > 1 && strcmp(argv[1], "sweep") == 0)
		return sweep_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "staff") == 0)
		return cmd_staff_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "log") == 0)
		return cmd_log_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "import") == 0)
		return cmd_import_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "export") == 0)
		return cmd_export_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "refunds") == 0)
		return cmd_refunds_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "schedule") == 0)
		return cmd_schedule_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "publish") == 0)
		return cmd_publish_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "import-group") == 0)
		return cmd_import_group_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "sms-sandbox") == 0)
		return sms_sandbox_main(argc - 1, argv + 1);
	memset(&srv, 0, sizeof(srv));
	config_init(&srv.cfg);
	rc = main_parse_args(argc, argv, &srv.cfg);
	if (rc != 0) {
		config_free(&srv.cfg);
		return rc > 0 ? EXIT_SUCCESS : MAIN_EXIT_USAGE;
	}
	if (clock_init(&srv.clock, srv.cfg.now) != 0) {
		fprintf(stderr, "ncre-server: --now must look like 2026-11-24T08:00:00Z\n");
		config_free(&srv.cfg);
		return MAIN_EXIT_USAGE;
	}

	/* Block the stop and reload signals before any thread starts, so all
	 * inherit the mask and only sigwait() below receives them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0 ||
	    signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		log_msg(LOG_PRIO_ERR, "ncre-server: cannot set up signals");
		goto out;
	}
	if (sodium_init() < 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: libsodium failed to initialise");
		goto out;
	}
	/* Before any thread: the outbox's mail goes through libcurl. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_msg(LOG_PRIO_ERR, "ncre-server: libcurl failed to initialise");
		goto out;
	}
	curl_ready = true;

	if (tls_new(&srv.tls, srv.cfg.cert, srv.cfg.key, err, sizeof(err)) != 0 ||
	    tls_derive_secret(srv.cfg.key, "ncre-server login failures v1", srv.login_key, err,
			      sizeof(err)) != 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: %s", err);
		goto out;
	}

	if (main_load_form(&srv) != 0)
		goto out;
	/* By default one connection per worker thread, one for startup work, the sweep and the outbox. */
	if (main_open_store(&srv, err, sizeof(err)) != 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: database: %s", err);
		goto out;
	}
	if (srv.cfg.init_data != NULL) {
		rc = initdata_load(srv.store, srv.cfg.init_data, clock_now(&srv.clock), err, sizeof(err));
		if (rc < 0) {
			log_msg(LOG_PRIO_ERR, "ncre-server: exam data: %s", err);
			goto out;
		}
		if (rc > 0)
			log_msg(LOG_PRIO_INFO, "ncre-server: loaded exam data from %s", srv.cfg.init_data);
	}
	if (auth_new(&srv.auth, srv.cfg.argon2, srv.cfg.hash_concurrency, srv.cfg.hash_wait_ms,
		     err, sizeof(err)) != 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: %s", err);
		goto out;
	}
	if (srv.cfg.sweep_interval > 0 &&
	    sweep_start(&srv.sweep, &srv, srv.cfg.sweep_interval, err, sizeof(err)) != 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: %s", err);
		goto out;
	}
	if (outbox_start(&srv.outbox, &srv, err, sizeof(err)) != 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: %s", err);
		goto out;
	}
	if (http_start(&srv, err, sizeof(err)) != 0) {
		log_msg(LOG_PRIO_ERR, "ncre-server: %s", err);
		goto out;
	}
	if (srv.cfg.port_file != NULL && main_write_port_file(srv.cfg.port_file, srv.port) != 0)
		goto out;
	log_msg(LOG_PRIO_INFO, "ncre-server %s: listening on %s port %u (argon2 %s, %u threads, "
		"%u hashes at once)", NCRE_VERSION,
		srv.cfg.listen != NULL ? srv.cfg.listen : "127.0.0.1", srv.port,
		config_argon2_name(srv.cfg.argon2), srv.cfg.threads, srv.cfg.hash_concurrency);

	/* Type=notify: systemd starts what depends on us now (no-op elsewhere). */
	sd_notify(0, "READY=1");

	for (;;) {
		rc = sigwait(&stop, &sig);
		if (rc == 0 && sig == SIGHUP) {
			/* Renewed certificate: new handshakes get it, open connections go on. */
			if (tls_reload(srv.tls, srv.cfg.cert, srv.cfg.key, err, sizeof(err)) == 0)
				log_msg(LOG_PRIO_INFO, "ncre-server: SIGHUP: reloaded the certificate %s and "
					"key %s", srv.cfg.cert, srv.cfg.key);
			else
				log_msg(LOG_PRIO_WARNING, "ncre-server: SIGHUP: kept the certificate in use: %s",
					err);
			continue;
		}
		if (rc == 0)
			break;
		if (rc != EINTR) {
			log_msg(LOG_PRIO_ERR, "ncre-server: sigwait: %s", strerror(rc));
			goto out;
		}
	}
	sd_notify(0, "STOPPING=1");
	log_msg(LOG_PRIO_INFO, "ncre-server: %s, shutting down",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_drain(&srv, srv.cfg.drain_timeout);
	status = EXIT_SUCCESS;
out:
	main_cleanup(&srv);
	if (curl_ready)
		curl_global_cleanup();
	return status;
}

int main(int argc, char **argv)
{
	int rc;

	/* Before any cJSON use: its blocks are wiped when freed, and cached per thread. */
	ncre_json_memory_init();
	rc = server_main(argc, argv);
	ncre_json_memory_release();
	return rc;
}
