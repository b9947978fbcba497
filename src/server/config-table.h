/* The settings table behind config.c, shared with main.c's flag parser. */
#ifndef SRV_CONFIG_TABLE_H
#define SRV_CONFIG_TABLE_H

#include <stddef.h>

enum config_type {
	CONFIG_STR,
	CONFIG_UNSIGNED,
	CONFIG_ARGON2
};

struct config_entry {
	const char *name;	/* flag without dashes, and config-file key */
	enum config_type type;
	size_t offset;		/* into struct config */
	unsigned min, max;	/* CONFIG_UNSIGNED bounds */
	const char *arg;	/* argument name for --help */
	const char *help;
};

/* Terminated by a row whose name is NULL. */
extern const struct config_entry config_table[];

/* The row for key (dashes), or NULL. */
const struct config_entry *config_find(const char *key);

#endif
