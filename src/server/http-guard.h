/*
 * Whole-request deadlines. libmicrohttpd's own timeout counts idle time
 * only, so a client sending a byte every few seconds would hold its
 * connection for ever. The guard gives each request (TLS handshake,
 * headers and body) a deadline from the moment its connection opens or
 * its previous reply went out; a watchdog thread shuts down connections
 * that pass it, and MHD then closes them as usual.
 */
#ifndef SRV_HTTP_GUARD_H
#define SRV_HTTP_GUARD_H

#include <stddef.h>

#include <microhttpd.h>

struct http_guard;

/* Start the watchdog. Returns 0, or -1 with err. */
int http_guard_start(struct http_guard **out, unsigned request_timeout, char *err,
		     size_t errlen);
/* Stop it (after the daemon: MHD reports closed connections until then). */
void http_guard_stop(struct http_guard **g);

/* MHD_OPTION_NOTIFY_CONNECTION callback; cls is the guard. */
void http_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		       enum MHD_ConnectionNotificationCode code);
/* The request on conn has fully arrived: its clock stops. */
void http_guard_received(struct MHD_Connection *conn);
/* Its reply is done: the next request's clock starts. */
void http_guard_done(struct MHD_Connection *conn);
/* Connections cut so far (for the log and tests). */
unsigned long http_guard_cut(struct http_guard *g);

#endif
