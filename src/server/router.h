/*
 * The routing table: which handler answers which method and path, whether
 * it needs a token and a JSON body. Checks common to all routes (404, 405,
 * 415, 400 BAD_JSON, 401) happen here, before a handler runs.
 */
#ifndef SRV_ROUTER_H
#define SRV_ROUTER_H

#include "http.h"

/* The largest body the route for method and path takes (HTTP_BODY_MAX by default). */
size_t router_body_max(const char *method, const char *path);

/*
 * The path as the request log shows it: a path whose {} segment is a
 * secret (the sandbox's /pay/{token}) becomes the route's pattern.
 */
void router_log_path(const char *path, char *out, size_t outlen);
/* Answer req: sets exactly one reply. */
void router_dispatch(struct http_request *req);

#endif
