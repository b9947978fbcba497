/*
 * The server context: everything a request needs, passed around instead of
 * globals, so a test can build and tear down as many servers as it wants.
 */
#ifndef SRV_SERVER_H
#define SRV_SERVER_H

#include <stddef.h>

#include "auth.h"
#include "clock.h"
#include "config.h"
#include "store.h"

struct MHD_Daemon;
struct ncre_form;
struct sweep;
struct outbox;

struct server {
	struct config cfg;
	struct clock clock;
	struct store *store;
	struct auth *auth;
	struct MHD_Daemon *daemon;
	struct ncre_form *form;	/* forms/registration.json and its option lists */
	struct sweep *sweep;	/* the expiry sweep thread, or NULL */
	struct outbox *outbox;	/* recovery messages on their way (outbox.h), or NULL */
	char *cert_pem;		/* PEM contents, alive while the daemon runs */
	char *key_pem;
	size_t key_len;
	unsigned port;		/* the bound port */
};

#endif
