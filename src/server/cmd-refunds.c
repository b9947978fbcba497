/*
 * "ncre-server refunds --db FILE": money the payment platforms collected
 * that paid nothing (a notification for an expired or unknown order, a
 * second payment of a paid order), for the exam office to give back (R-PAY-04). One
 * tab-separated line each: time (UTC), platform, transaction, order,
 * amount in yuan, reason. No personal data is stored with it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "cmd.h"
#include "store.h"

static void cmd_refunds_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server refunds --db FILE\n\n"
		   "List payments to refund: time, platform, transaction, order, amount, reason.\n");
}

static int cmd_refunds_cb(void *ud, const struct store_refund *r)
{
	char when[CLOCK_ISO_LEN];

	(void)ud;
	clock_format_iso(r->at, when, sizeof(when));
	printf("%s\t", when);
	cmd_put_text(r->platform);
	putchar('\t');
	cmd_put_text(r->txn);	/* the platform's words: one field, no escape sequence */
	putchar('\t');
	cmd_put_text(r->order_no);
	printf("\t%lld.%02lld\t", (long long)(r->amount_fen / 100), (long long)(r->amount_fen % 100));
	cmd_put_text(r->reason);
	putchar('\n');
	return ferror(stdout) ? -1 : 0;
}

int cmd_refunds_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct store *store = NULL;
	struct store_conn *c = NULL;
	int status = EXIT_FAILURE, opt;

	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 'h') {
			cmd_refunds_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			cmd_refunds_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || optind < argc) {
		cmd_refunds_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	c = cmd_db_open_read("refunds", db, &store);
	if (c == NULL)
		goto out;
	printf("at\tplatform\ttxn\torder\tamount\treason\n");
	if (store_refunds_each(c, cmd_refunds_cb, NULL) != STORE_OK || fflush(stdout) != 0) {
		fprintf(stderr, "ncre-server refunds: cannot read or print the refunds\n");
		goto out;
	}
	status = EXIT_SUCCESS;
out:
	cmd_db_close(&store, &c);
	return status;
}
