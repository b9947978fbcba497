/*
 * The HTTPS front end (libmicrohttpd): one struct http_request per request,
 * created on the first call of the access handler and freed when MHD says
 * the request is complete. Route handlers read the request and set exactly
 * one reply through http_reply_*().
 */
#ifndef SRV_HTTP_H
#define SRV_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ncre/buf.h"
#include "ncre/errors.h"

#include "server.h"
#include "store.h"

/* Largest request body (docs/protocol.md); router_body_max() may allow more. */
#define HTTP_BODY_MAX (64 * 1024)
/* Largest photo upload: 256 KiB, above the 200 KB rule so the checks can say why. */
#define HTTP_PHOTO_BODY_MAX (256 * 1024)

struct MHD_Connection;

struct http_request {
	struct server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	char addr[48];			/* client address, text */
	struct timespec started;

	/* body, up to this route's limit (body.max: router_body_max); '\0' after it */
	struct ncre_buf body;
	bool body_seen;			/* a body was sent (or announced) */
	bool body_too_large;
	size_t discarded;		/* bytes dropped after the limit */
	bool json_type;			/* Content-Type is application/json */

	/* filled by the router */
	cJSON *json;			/* parsed body */
	const char *param;		/* the {} segment of the path */
	struct store_conn *db;
	int64_t account;		/* the token's account */
	int64_t staff;			/* the staff token's staff account */
	unsigned char token_hash[STORE_TOKEN_HASH_LEN];

	/* the reply */
	bool replied;
	unsigned status;
	char *reply;			/* body, or NULL for none */
	const char *reply_type;		/* Content-Type; NULL: JSON */
	size_t reply_len;
	unsigned retry_after;		/* 0: no Retry-After header */
	char allow[64];			/* Allow header for 405, or "" */
};

/* Start listening (fills srv->port). Returns 0, or -1 with err. */
int http_start(struct server *srv, char *err, size_t errlen);
/*
 * SIGTERM: stop accepting (the listening socket closes), answer /v1/ready
 * with 503 and close each connection after its reply; wait up to seconds
 * for the requests in flight. http_stop() comes next.
 */
void http_drain(struct server *srv, unsigned seconds);
/* Stop the daemon and wait for its threads. */
void http_stop(struct server *srv);

/*
 * Copy in to out for the log: bytes up to space, DEL and the backslash
 * become \xNN, so a logged field never holds a line break or a forged
 * field. Cut short to fit; returns the length written.
 */
size_t http_log_escape(const char *in, char *out, size_t outlen);

/* A request header, or NULL. */
const char *http_header(const struct http_request *req, const char *name);
/* A query-string argument, or NULL. */
const char *http_query(const struct http_request *req, const char *name);

/* Reply with a JSON body; takes ownership of body (NULL means out of memory). */
void http_reply_json(struct http_request *req, unsigned status, cJSON *body);
/* Reply with the error's JSON (docs/protocol.md "Errors"); field may be NULL. */
void http_reply_error(struct http_request *req, enum ncre_err err, const char *field);
/* An error that tells the client when to retry (429, 503). */
void http_reply_retry(struct http_request *req, enum ncre_err err, unsigned seconds);
/* Reply with bytes of another type (a copy is made), e.g. "image/jpeg". */
void http_reply_bytes(struct http_request *req, unsigned status, const char *type,
		      const void *buf, size_t len);
/* A reply without a body (204). */
void http_reply_empty(struct http_request *req, unsigned status);

/* The JSON error body as a cJSON object (also used by tests of routes). */
cJSON *http_error_json(enum ncre_err err, const char *field, unsigned retry_after);

#endif
