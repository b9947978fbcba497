/*
 * What the office commands share: the database opened for one connection
 * with a read transaction, and closed again.
 */
#include <stdio.h>

#include "cmd.h"
#include "store.h"

struct store_conn *cmd_db_open_read(const char *name, const char *path, struct store **store)
{
	struct store_conn *c;
	char err[512];

	*store = NULL;
	if (store_open(store, path, 1, err, sizeof(err)) != 0) {
		fprintf(stderr, "ncre-server %s: database: %s\n", name, err);
		return NULL;
	}
	c = store_acquire(*store);
	if (c == NULL || store_begin_read(c) != STORE_OK) {
		fprintf(stderr, "ncre-server %s: cannot read the database\n", name);
		cmd_db_close(store, &c);
		return NULL;
	}
	return c;
}

void cmd_db_close(struct store **store, struct store_conn **c)
{
	if (*c != NULL)
		store_release(*store, c);
	store_close(store);
}

void cmd_put_text(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\t' || c == '\n' || c == '\r')
			putchar(' ');
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);	/* never a raw escape sequence on the terminal */
		else
			putchar(c);
	}
}
