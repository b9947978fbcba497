/*
 * "ncre-server publish --db FILE --from TIME": the current exam session's
 * admission tickets become available from TIME (R-TKT-01): candidates of
 * sites with self_print may print theirs, staff print at the desk. A time
 * in the future withdraws an earlier publication until then.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"
#include "cmd.h"
#include "store.h"

static void cmd_publish_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server publish --db FILE --from TIME\n\n"
		   "Publish the current exam session's admission tickets from TIME\n"
		   "(2027-03-10T00:00:00Z).\n");
}

int cmd_publish_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *from_iso = NULL;
	struct store_exam_session session;
	struct store *store = NULL;
	struct store_conn *c = NULL;
	time_t from = 0;
	char err[512], detail[64];
	int opt, status = EXIT_FAILURE;

	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 'f') {
			from_iso = optarg;
		} else if (opt == 'h') {
			cmd_publish_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			cmd_publish_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || from_iso == NULL || optind < argc) {
		cmd_publish_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (clock_parse_iso(from_iso, &from) != 0 || from <= 0) {
		fprintf(stderr, "ncre-server publish: --from must look like 2027-03-10T00:00:00Z\n");
		return CMD_EXIT_USAGE;
	}
	if (store_open(&store, db, 1, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server publish: database: %s\n", err);
		return EXIT_FAILURE;
	}
	c = store_acquire(store);
	if (c == NULL || store_begin_write(c) != STORE_OK ||
	    store_exam_session_current(c, &session) != STORE_OK) {
		fprintf(stderr, "ncre-server publish: no current exam session\n");
		goto out;
	}
	snprintf(detail, sizeof(detail), "tickets from %s", from_iso);
	if (store_exam_session_set_tickets_from(c, session.id, from) != STORE_OK ||
	    store_log_add(c, time(NULL), "office", "*", "publish_tickets", 0, detail) != STORE_OK ||
	    store_commit(c) != STORE_OK) {
		fprintf(stderr, "ncre-server publish: cannot store it\n");
		goto out;
	}
	printf("exam session %s: admission tickets published from %s\n", session.code, from_iso);
	status = fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
out:
	if (c != NULL)
		store_release(store, &c);
	store_close(&store);
	return status;
}
