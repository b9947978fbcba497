/*
 * "ncre-server log --db FILE [--site CODE]": the audit log for the exam
 * office, oldest first, one tab-separated line per action: time (UTC),
 * site, who (a staff login, or "office" for the staff commands), what,
 * which registration ("-" for none) and the detail (a rejection's reason,
 * a staff login). The log never holds passwords, tokens or ID numbers.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "store.h"

static void cmd_log_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server log --db FILE [--site CODE]\n\n"
		   "Print the staff audit log: time, site, actor, action, registration, detail.\n");
}

static int cmd_log_cb(void *ud, const struct store_log_entry *e)
{
	char when[CLOCK_ISO_LEN];

	(void)ud;
	clock_format_iso(e->at, when, sizeof(when));
	printf("%s\t", when);
	cmd_put_text(e->site);
	putchar('\t');
	cmd_put_text(e->actor);
	putchar('\t');
	cmd_put_text(e->action);
	if (e->registration > 0)
		printf("\t%lld\t", (long long)e->registration);
	else
		printf("\t-\t");
	cmd_put_text(e->detail != NULL ? e->detail : "");
	putchar('\n');
	return ferror(stdout) ? -1 : 0;
}

int cmd_log_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "site", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *site = NULL;
	struct store *store = NULL;
	struct store_conn *c = NULL;
	int status = EXIT_FAILURE, opt;

	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 's') {
			site = optarg;
		} else if (opt == 'h') {
			cmd_log_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			cmd_log_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || optind < argc) {
		cmd_log_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	c = cmd_db_open_read("log", db, &store);
	if (c == NULL)
		goto out;
	printf("at\tsite\tactor\taction\tregistration\tdetail\n");
	if (store_log_each(c, site, cmd_log_cb, NULL) != STORE_OK || fflush(stdout) != 0) {
		fprintf(stderr, "ncre-server log: cannot read or print the log\n");
		goto out;
	}
	status = EXIT_SUCCESS;
out:
	cmd_db_close(&store, &c);
	return status;
}
