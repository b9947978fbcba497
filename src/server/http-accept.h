/*
 * The listening socket's own thread. It accepts connections and hands each
 * to libmicrohttpd (MHD_add_connection) with the client's address: the
 * peer's, or, when the peer is a trusted proxy (--trusted-proxies), the
 * address in the PROXY protocol v2 header it sends first. Owning the
 * accept also lets SIGTERM stop new connections while requests in flight
 * finish (http_drain).
 */
#ifndef SRV_HTTP_ACCEPT_H
#define SRV_HTTP_ACCEPT_H

#include <stddef.h>

#include "proxy.h"

struct MHD_Daemon;
struct http_accept;

/*
 * Start accepting on listen_fd (non-blocking, listening; the thread owns it
 * from now on) for daemon. A trusted proxy's header must arrive whole
 * within header_timeout seconds. Returns 0, or -1 with err (listen_fd is
 * closed then).
 */
int http_accept_start(struct http_accept **out, int listen_fd, struct MHD_Daemon *daemon,
		      const struct proxy_list *proxies, unsigned header_timeout, char *err,
		      size_t errlen);
/* Stop accepting: close the listening socket and connections not yet handed over. */
void http_accept_stop(struct http_accept **a);

#endif
