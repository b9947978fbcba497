/*
 * "ncre-server import --db FILE [--now TIME] FILE.json": load an exam
 * session's configuration (exam session, provinces, subjects, sites with
 * settings, capacities, windows and intent dates, tips, agreement, staff
 * without passwords) as the new current exam session. The same loader as
 * --init-data (initdata.c), in one transaction: all or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"
#include "cmd.h"
#include "initdata.h"
#include "store.h"

static void cmd_import_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server import --db FILE [--now TIME] FILE.json\n\n"
		   "Load an exam session (data/demo.json shows the format) as the current one.\n"
		   "Relative window times (\"+30d\") count from TIME (default: now).\n");
}

int cmd_import_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *now_iso = NULL;
	struct store *store = NULL;
	time_t now = time(NULL);
	char err[1024];
	int opt, rc;

	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 'n') {
			now_iso = optarg;
		} else if (opt == 'h') {
			cmd_import_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			cmd_import_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || optind != argc - 1) {
		cmd_import_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (now_iso != NULL && clock_parse_iso(now_iso, &now) != 0) {
		fprintf(stderr, "ncre-server import: --now must look like 2026-11-24T08:00:00Z\n");
		return CMD_EXIT_USAGE;
	}
	if (store_open(&store, db, 1, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server import: database: %s\n", err);
		return EXIT_FAILURE;
	}
	rc = initdata_import(store, argv[optind], now, err, sizeof(err));
	store_close(&store);
	if (rc < 0) {
		fprintf(stderr, "ncre-server import: %s; nothing was loaded\n", err);
		return EXIT_FAILURE;
	}
	fprintf(stderr, "ncre-server import: loaded %s\n", argv[optind]);
	return EXIT_SUCCESS;
}
