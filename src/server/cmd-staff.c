/*
 * "ncre-server staff": the exam office manages site staff accounts.
 *
 *   staff add     --db FILE --site CODE --login NAME --name TEXT [--argon2 LEVEL]
 *   staff passwd  --db FILE --login NAME [--argon2 LEVEL]
 *   staff disable --db FILE --login NAME
 *   staff enable  --db FILE --login NAME
 *   staff list    --db FILE [--site CODE]
 *
 * Passwords never come from argv (the process list shows it): they are read
 * from the terminal without echo, twice, or as one line from a pipe. The
 * policy is the candidates' (R-ACC-02) and the hash the same argon2id
 * (auth.c). Every change is written to the audit log as the "office".
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/validate.h"

#include "auth.h"
#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "rules-staff.h"
#include "store.h"

#define CMD_STAFF_ACTOR "office"
#define CMD_STAFF_PW_MAX 256

struct cmd_staff_opts {
	const char *db, *site, *login, *name, *argon2;
};

static void cmd_staff_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server staff add --db FILE --site CODE --login NAME --name TEXT"
		   " [--argon2 LEVEL]\n"
		   "       ncre-server staff passwd --db FILE --login NAME [--argon2 LEVEL]\n"
		   "       ncre-server staff disable|enable --db FILE --login NAME\n"
		   "       ncre-server staff list --db FILE [--site CODE]\n\n"
		   "The password is read from the terminal (twice, without echo) or as one line\n"
		   "from standard input; never from the command line.\n");
}

/* Read one line without echo when stdin is a terminal. 0, or -1 at end of input. */
static int cmd_staff_read_line(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) == 1, quieted = false;
	int ret = -1;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			quieted = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	if (fgets(buf, (int)len, stdin) != NULL) {
		buf[strcspn(buf, "\r\n")] = '\0';
		ret = 0;
	}
	if (tty) {
		if (quieted)
			(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	return ret;
}

/* The new password, checked against R-ACC-02; 0 or -1 (said why). */
static int cmd_staff_read_password(char *pw, size_t len)
{
	char again[CMD_STAFF_PW_MAX];
	enum ncre_err e;
	int ret = -1;

	if (cmd_staff_read_line("Password: ", pw, len) != 0) {
		fprintf(stderr, "ncre-server staff: no password given on standard input\n");
		goto out;
	}
	e = ncre_validate_password(pw);
	if (e == NCRE_OK && isatty(STDIN_FILENO) == 1) {
		if (cmd_staff_read_line("Again: ", again, sizeof(again)) != 0)
			again[0] = '\0';
		e = ncre_validate_password_pair(pw, again);
	}
	if (e != NCRE_OK) {
		fprintf(stderr, "ncre-server staff: %s (%s)\n", ncre_err_message(e, "en"),
			ncre_err_info(e)->rule);
		goto out;
	}
	ret = 0;
out:
	sodium_memzero(again, sizeof(again));
	return ret;
}

/* Hash pw at the level named (default interactive) into hash (AUTH_HASH_LEN). */
static int cmd_staff_hash(const char *level, const char *pw, char *hash)
{
	struct config cfg;
	struct auth *auth = NULL;
	char err[256];
	int ret = -1;

	config_init(&cfg);
	if (level != NULL && config_set(&cfg, "argon2", level, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server staff: %s\n", err);
		goto out;
	}
	if (auth_new(&auth, cfg.argon2, 1, 60000, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server staff: %s\n", err);
		goto out;
	}
	if (auth_hash(auth, pw, hash) != AUTH_OK) {
		fprintf(stderr, "ncre-server staff: cannot hash the password (out of memory?)\n");
		goto out;
	}
	ret = 0;
out:
	auth_free(&auth);
	config_free(&cfg);
	return ret;
}

static int cmd_staff_list_cb(void *ud, const struct store_staff *s)
{
	char when[CLOCK_ISO_LEN];

	(void)ud;
	clock_format_iso(s->created_at, when, sizeof(when));
	printf("%s\t%s\t%s\t%s\t%s\n", s->site, s->login,
	       s->disabled ? "disabled" : s->has_password ? "active" : "no-password", when,
	       s->name);
	return 0;
}

/* The staff member of opts->login inside an open write transaction. */
static int cmd_staff_find(struct store_conn *c, const struct cmd_staff_opts *o,
			  struct store_staff *st)
{
	enum store_rc r = store_staff_by_login(c, o->login, st);

	if (r == STORE_NOT_FOUND)
		fprintf(stderr, "ncre-server staff: no staff account '%s'\n", o->login);
	else if (r != STORE_OK)
		fprintf(stderr, "ncre-server staff: database error\n");
	return r == STORE_OK ? 0 : -1;
}

static int cmd_staff_run(const char *verb, struct cmd_staff_opts *o)
{
	struct store *store = NULL;
	struct store_conn *c = NULL;
	struct store_exam_session session;
	struct store_site site;
	struct store_staff st;
	char pw[CMD_STAFF_PW_MAX], hash[AUTH_HASH_LEN], err[512];
	bool add = strcmp(verb, "add") == 0, passwd = strcmp(verb, "passwd") == 0;
	time_t now = time(NULL);
	enum store_rc r;
	int status = EXIT_FAILURE;

	memset(pw, 0, sizeof(pw));
	memset(hash, 0, sizeof(hash));
	/* Ask for the password before touching the database. */
	if ((add || passwd) && (cmd_staff_read_password(pw, sizeof(pw)) != 0 ||
				cmd_staff_hash(o->argon2, pw, hash) != 0))
		goto out;
	if (store_open(&store, o->db, 1, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server staff: database: %s\n", err);
		goto out;
	}
	c = store_acquire(store);
	if (c == NULL || store_begin_write(c) != STORE_OK) {
		fprintf(stderr, "ncre-server staff: cannot lock the database\n");
		goto out;
	}
	if (strcmp(verb, "list") == 0) {
		if (store_staff_each(c, o->site, cmd_staff_list_cb, NULL) != STORE_OK) {
			fprintf(stderr, "ncre-server staff: database error\n");
			goto out;
		}
		status = EXIT_SUCCESS;
		goto out;
	}
	if (add) {
		/* The site must exist in the current exam session. */
		if (store_exam_session_current(c, &session) != STORE_OK ||
		    store_site_by_code(c, session.id, o->site, &site) != STORE_OK) {
			fprintf(stderr, "ncre-server staff: no site %s in the current exam session\n",
				o->site);
			goto out;
		}
		r = store_staff_insert(c, o->login, o->name, o->site, hash, now, NULL);
		if (r == STORE_CONFLICT) {
			fprintf(stderr, "ncre-server staff: the login '%s' is taken\n", o->login);
			goto out;
		}
		if (r == STORE_OK)
			r = store_log_add(c, now, CMD_STAFF_ACTOR, o->site, "staff_add", 0, o->login);
	} else {
		if (cmd_staff_find(c, o, &st) != 0)
			goto out;
		if (passwd)
			r = store_staff_set_hash(c, st.id, hash);
		else
			r = store_staff_set_disabled(c, st.id, strcmp(verb, "disable") == 0);
		if (r == STORE_OK)
			r = store_log_add(c, now, CMD_STAFF_ACTOR, st.site,
					  passwd ? "staff_passwd"
					  : strcmp(verb, "disable") == 0 ? "staff_disable"
									 : "staff_enable",
					  0, st.login);
	}
	if (r == STORE_OK)
		r = store_commit(c);
	if (r != STORE_OK) {
		fprintf(stderr, "ncre-server staff: database error; nothing changed\n");
		goto out;
	}
	fprintf(stderr, "ncre-server staff: %s %s\n", verb, o->login);
	status = EXIT_SUCCESS;
out:
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));
	if (c != NULL)
		store_release(store, &c);
	store_close(&store);
	return status;
}

int cmd_staff_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "site", required_argument, NULL, 's' },
		{ "login", required_argument, NULL, 'l' },
		{ "name", required_argument, NULL, 'n' },
		{ "argon2", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const verbs[] = { "add", "passwd", "disable", "enable", "list" };
	struct cmd_staff_opts o;
	char login[RULES_STAFF_LOGIN_MAX + 1];
	const char *verb;
	bool known = false;
	int c;

	memset(&o, 0, sizeof(o));
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cmd_staff_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? CMD_EXIT_USAGE : EXIT_SUCCESS;
	}
	verb = argv[1];
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		known = known || strcmp(verb, verbs[i]) == 0;
	if (!known) {
		fprintf(stderr, "ncre-server staff: unknown command '%s'\n", verb);
		cmd_staff_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	opterr = 1;
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 's': o.site = optarg; break;
		case 'l': o.login = optarg; break;
		case 'n': o.name = optarg; break;
		case 'a': o.argon2 = optarg; break;
		case 'h':
			cmd_staff_usage(stdout);
			return EXIT_SUCCESS;
		default:
			cmd_staff_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (o.db == NULL || optind < argc - 1 ||
	    (strcmp(verb, "list") != 0 && o.login == NULL) ||
	    (strcmp(verb, "add") == 0 && (o.site == NULL || o.name == NULL))) {
		cmd_staff_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (o.login != NULL) {
		if (strlen(o.login) >= sizeof(login)) {
			fprintf(stderr, "ncre-server staff: the login is longer than %d characters\n",
				RULES_STAFF_LOGIN_MAX);
			return CMD_EXIT_USAGE;
		}
		snprintf(login, sizeof(login), "%s", o.login);
		rules_staff_login_normalize(login);
		if (!rules_staff_login_valid(login)) {
			fprintf(stderr, "ncre-server staff: a login is 2-%d of a-z, 0-9, '.', '_',"
				" '-', starting with a letter or digit\n", RULES_STAFF_LOGIN_MAX);
			return CMD_EXIT_USAGE;
		}
		o.login = login;
	}
	if (o.name != NULL && !rules_staff_name_valid(o.name)) {
		fprintf(stderr, "ncre-server staff: a name is 1-%d characters without control"
			" characters\n", RULES_STAFF_NAME_MAX_CHARS);
		return CMD_EXIT_USAGE;
	}
	return cmd_staff_run(verb, &o);
}
