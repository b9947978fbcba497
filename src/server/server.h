/*
 * The server context: everything a request needs, passed around instead of
 * globals, so a test can build and tear down as many servers as it wants.
 */
#ifndef SRV_SERVER_H
#define SRV_SERVER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "clock.h"
#include "config.h"
#include "proxy.h"
#include "store.h"

struct MHD_Daemon;
struct http_guard;
struct http_accept;
struct tls;
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
	struct tls *tls;	/* certificate and key; SIGHUP reloads them */
	struct http_guard *guard;	/* request deadlines, while the daemon runs */
	struct http_accept *acceptor;	/* the listening socket's thread, or NULL once draining */
	struct proxy_list proxies;	/* --trusted-proxies */
	atomic_bool draining;		/* SIGTERM: not ready, connections close after their reply */
	atomic_uint inflight;		/* requests between their first byte and their reply */
	unsigned port;		/* the bound port */
	/* Keys the failed-login table's login column (route_login_reserve). */
	unsigned char login_key[32];
};

#endif
