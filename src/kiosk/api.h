/*
 * The kiosk's HTTPS client. The requests are carried out by the network
 * helper (ncre-kiosk-net: libcurl, one kept-alive connection) in a
 * process of its own; the UI loop waits on the helper's socket and the
 * keyboard together, so the screen stays live, the spinner turns and Esc
 * cancels. Certificate verification is always on; --ca-file and --pin
 * add a private CA and a key pin.
 *
 * One request at a time: the kiosk is a wizard and never needs two.
 * The helper is started when the first request goes out, after the
 * first screen is painted; libcurl is never mapped into the kiosk.
 */
#ifndef KIOSK_API_H
#define KIOSK_API_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "ncre/errors.h"

enum api_status {
	API_OK = 0,          /* 2xx; body holds the reply (NULL for 204) */
	API_ERROR,           /* the server's verdict: an error object */
	API_UNREACHABLE,     /* refused, no route, name not found */
	API_NETWORK,         /* connection lost or another transfer error */
	API_TIMEOUT,         /* connect or total timeout */
	API_TLS,             /* certificate, pin or TLS handshake problem */
	API_SERVER,          /* 5xx without an error object */
	API_BAD_REPLY,       /* not the JSON the protocol promises */
	API_CANCELLED,       /* Esc */
	API_LOCAL            /* the request could not be started (memory) */
};

struct api_result {
	int tag;                     /* the caller's label for the request */
	enum api_status status;
	long http;                   /* HTTP status, 0 when none */
	cJSON *body;                 /* parsed reply; freed by api_result_clear */
	/* API_ERROR: the error object */
	bool err_known;              /* code is in the shared table */
	enum ncre_err err;
	char code[48];
	char field[48];              /* request field at fault, "" when none */
	char msg_zh[256];
	char msg_en[256];
	long retry_after;            /* seconds, -1 when absent */
	char detail[256];            /* libcurl's words, for the curious */
	/* API_OK with an image/... reply (the staff's photo): its bytes;
	 * body is NULL. Wiped and freed by api_result_clear. */
	unsigned char *raw;
	size_t raw_len;
	/* API_CANCELLED: the request had already gone to the server, which
	 * may have carried it out; false: it never reached the server. */
	bool sent;
};

struct api_config {
	const char *server;          /* https://host:port, no trailing slash needed */
	const char *ca_file;         /* NULL: the system bundle */
	const char *pin;             /* NULL: no pin; else "sha256//...;sha256//..." */
	long timeout_s;              /* total per request */
	const char *helper;          /* the network helper program; NULL: ncre-kiosk-net
	                              * beside a development build, else the installed one */
};

struct api;

/* NULL with a reason in err on failure. The strings in cfg are copied.
 * No helper is started yet: a request that cannot start one ends API_LOCAL. */
struct api *api_new(const struct api_config *cfg, char *err, size_t errlen);
/* Ends the helper (without waiting for it) and frees everything. */
void api_free(struct api **p);

/* A session ended: the helper and all it held (request and reply bytes,
 * the TLS session) end with it; a request under way is dropped. The next
 * request starts a new helper. */
void api_forget(struct api *api);

/* Bearer token for requests made with auth; NULL wipes it. */
int api_set_token(struct api *api, const char *token);
/* One more header ("Name: value") for the next request only: the order's
 * Idempotency-Key (protocol.md). Used up by the next request that gets
 * as far as its headers; NULL forgets it (do so when starting failed).
 * 0, or -1 when too long. */
int api_set_next_header(struct api *api, const char *header);
bool api_busy(const struct api *api);

/*
 * Start METHOD path (e.g. "POST", "/v1/sessions"). body, when not NULL, is
 * consumed: printed, sent, then wiped and freed (it may hold a password).
 * The request goes out at the next api_poll (which starts the helper first
 * when there is none). Returns 0, or -1 when busy, the path too long or out of
 * memory (body freed all the same).
 */
int api_start(struct api *api, const char *method, const char *path, cJSON *body,
	      bool auth, int tag);

/*
 * As api_start, with a body of another type (e.g. "image/jpeg"): len bytes
 * of body are copied, sent, then wiped and freed with the request. Large
 * bodies (the photo) get a total timeout of at least API_UPLOAD_TIMEOUT_MS.
 */
#define API_UPLOAD_TIMEOUT_MS 20000L
int api_start_raw(struct api *api, const char *method, const char *path,
		  const char *content_type, const void *body, size_t len, bool auth, int tag);

/*
 * Wait at most timeout_ms for the helper's socket or for input on fd 0,
 * and move the transfer on. Returns 1 and fills res when a request has
 * finished, else 0. Safe to call when idle (it then just waits on fd 0).
 */
int api_poll(struct api *api, int timeout_ms, struct api_result *res);

/* Whether the running request has gone out: connected (TLS done) and
 * sent, so the kiosk is waiting for the answer. False when idle. */
bool api_sent(const struct api *api);

/* Abort the running request; res gets API_CANCELLED (and sent). */
void api_cancel(struct api *api, struct api_result *res);

/* Free the body (wiping its strings) and clear the result. */
void api_result_clear(struct api_result *res);

/* Wipe every string inside a cJSON tree, then delete it; sets *p = NULL. */
void api_json_wipe_free(cJSON **p);

#endif
