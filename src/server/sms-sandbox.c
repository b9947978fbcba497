/*
 * The sandbox SMS gateway (--sms-sandbox 1, demos and tests): instead of
 * a phone network it records each message in the database, and
 * "ncre-server sms-sandbox --db FILE [--to PHONE]" prints them, so a demo
 * or a test reads the code a phone would have received. Never enable it
 * in production: the codes it records are in clear text.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "server.h"
#include "sms.h"
#include "store.h"

static int sms_sandbox_send(struct server *srv, const char *phone, const char *text, char *err,
			    size_t errlen)
{
	struct store_conn *c = store_acquire(srv->store);
	enum store_rc r;

	if (c == NULL) {
		snprintf(err, errlen, "sandbox: no database connection");
		return -1;
	}
	r = store_begin_write(c);
	if (r == STORE_OK)
		r = store_sandbox_sms_add(c, phone, text, clock_now(&srv->clock));
	if (r == STORE_OK)
		r = store_commit(c);
	store_release(srv->store, &c);
	if (r != STORE_OK) {
		snprintf(err, errlen, "sandbox: cannot record the message");
		return -1;
	}
	return 0;
}

const struct sms_gateway sms_sandbox = {
	.name = "sandbox",
	.send = sms_sandbox_send,
};

const struct sms_gateway *sms_gateway_default(const struct server *srv)
{
	return srv->cfg.sms_sandbox ? &sms_sandbox : NULL;
}

static void sms_sandbox_usage(FILE *f)
{
	fprintf(f, "usage: ncre-server sms-sandbox --db FILE [--to PHONE]\n\n"
		   "Print what the sandbox SMS gateway sent: time, phone, text.\n");
}

static int sms_sandbox_cb(void *ud, const struct store_sandbox_sms *m)
{
	char when[CLOCK_ISO_LEN];

	(void)ud;
	clock_format_iso(m->at, when, sizeof(when));
	printf("%s\t", when);
	cmd_put_text(m->phone);
	putchar('\t');
	cmd_put_text(m->text);
	putchar('\n');
	return ferror(stdout) ? -1 : 0;
}

int sms_sandbox_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *to = NULL;
	struct store *store = NULL;
	struct store_conn *c = NULL;
	int status = EXIT_FAILURE, opt;

	opterr = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 't') {
			to = optarg;
		} else if (opt == 'h') {
			sms_sandbox_usage(stdout);
			return EXIT_SUCCESS;
		} else {
			sms_sandbox_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (db == NULL || optind < argc) {
		sms_sandbox_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	c = cmd_db_open_read("sms-sandbox", db, &store);
	if (c == NULL)
		goto out;
	if (store_sandbox_sms_each(c, to, sms_sandbox_cb, NULL) != STORE_OK ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "ncre-server sms-sandbox: cannot read or print the messages\n");
		goto out;
	}
	status = EXIT_SUCCESS;
out:
	cmd_db_close(&store, &c);
	return status;
}
