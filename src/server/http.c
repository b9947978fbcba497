/*
 * libmicrohttpd glue: TLS daemon with a thread pool, request bodies with a
 * hard size limit, JSON replies and one log line per request.
 *
 * The access handler is called first with the headers only, then once per
 * piece of body (which must be consumed by setting *upload_data_size to 0),
 * then a last time with no data: only then may a reply be queued, except
 * that a reply to the headers alone may be queued on the first call (used
 * for a Content-Length over the limit).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "clock.h"
#include "http.h"
#include "router.h"

/* A chunked body is read and dropped this far past the limit (so the client
 * can be told 413); beyond it the connection is simply closed. */
#define HTTP_DISCARD_MAX (1024 * 1024)

/* Copies kept for the log line: MHD's strings may be gone by then. */
struct http_log {
	char method[16];
	char path[128];
};

struct http_state {
	struct http_request req;
	struct http_log log;
};

const char *http_header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

cJSON *http_error_json(enum ncre_err err, const char *field, unsigned retry_after)
{
	const struct ncre_err_info *info = ncre_err_info(err);
	cJSON *root = cJSON_CreateObject();
	cJSON *e = NULL;

	if (root == NULL)
		return NULL;
	e = cJSON_AddObjectToObject(root, "error");
	if (e == NULL ||
	    ncre_json_add_str(e, "code", info->code) != 0 ||
	    ncre_json_add_str(e, "rule", info->rule) != 0 ||
	    ncre_json_add_str(e, "message_zh", info->zh) != 0 ||
	    ncre_json_add_str(e, "message_en", info->en) != 0 ||
	    (field != NULL && ncre_json_add_str(e, "field", field) != 0) ||
	    (retry_after > 0 && cJSON_AddNumberToObject(e, "retry_after", retry_after) == NULL)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* The last resort when even the error body cannot be built. */
static const char http_oom_body[] =
	"{\"error\":{\"code\":\"INTERNAL\",\"rule\":null,"
	"\"message_zh\":\"系统内部错误，未做任何更改\","
	"\"message_en\":\"Internal error; nothing was changed\"}}";

static void http_reply_raw(struct http_request *req, unsigned status, char *body, size_t len)
{
	free(req->reply);
	req->reply_type = NULL;
	req->replied = true;
	req->status = status;
	req->reply = body;
	req->reply_len = len;
}

static void http_reply_oom(struct http_request *req)
{
	char *copy = strdup(http_oom_body);

	req->retry_after = 0;
	http_reply_raw(req, 500, copy, copy != NULL ? strlen(copy) : 0);
}

void http_reply_json(struct http_request *req, unsigned status, cJSON *body)
{
	char *printed, *copy;
	size_t len;

	if (body == NULL) {
		http_reply_oom(req);
		return;
	}
	printed = ncre_json_print(body);
	cJSON_Delete(body);
	if (printed == NULL) {
		http_reply_oom(req);
		return;
	}
	/* Our buffer is ours to free(); cJSON's goes back to cJSON. */
	len = strlen(printed);
	copy = malloc(len + 1);
	if (copy != NULL)
		memcpy(copy, printed, len + 1);
	cJSON_free(printed);
	if (copy == NULL) {
		http_reply_oom(req);
		return;
	}
	http_reply_raw(req, status, copy, len);
}

void http_reply_error(struct http_request *req, enum ncre_err err, const char *field)
{
	req->retry_after = 0;
	http_reply_json(req, (unsigned)ncre_err_info(err)->http_status,
			http_error_json(err, field, 0));
}

void http_reply_retry(struct http_request *req, enum ncre_err err, unsigned seconds)
{
	if (seconds == 0)
		seconds = 1;
	http_reply_json(req, (unsigned)ncre_err_info(err)->http_status,
			http_error_json(err, NULL, seconds));
	if (req->status != 500)
		req->retry_after = seconds;
}

void http_reply_bytes(struct http_request *req, unsigned status, const char *type,
		      const void *buf, size_t len)
{
	char *copy = malloc(len > 0 ? len : 1);

	if (copy == NULL) {
		http_reply_oom(req);
		return;
	}
	if (len > 0)
		memcpy(copy, buf, len);
	req->retry_after = 0;
	http_reply_raw(req, status, copy, len);
	req->reply_type = type;
}

void http_reply_empty(struct http_request *req, unsigned status)
{
	req->retry_after = 0;
	http_reply_raw(req, status, NULL, 0);
}

/* "application/json", optionally with "; charset=utf-8" (any case). */
static bool http_type_is_json(const char *type)
{
	static const char mime[] = "application/json";
	const char *p;

	if (type == NULL)
		return false;
	while (*type == ' ' || *type == '\t')
		type++;
	if (strncasecmp(type, mime, sizeof(mime) - 1) != 0)
		return false;
	p = type + sizeof(mime) - 1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return true;
	if (*p != ';')
		return false;
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "charset=", 8) != 0)
		return false;
	p += 8;
	if (*p == '"')
		return strncasecmp(p, "\"utf-8\"", 7) == 0 && p[7] == '\0';
	return strncasecmp(p, "utf-8", 5) == 0 && (p[5] == '\0' || p[5] == ' ' || p[5] == ';');
}

static void http_client_addr(struct MHD_Connection *conn, char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
	const void *src = NULL;

	snprintf(buf, len, "unknown");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		src = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa->sa_family == AF_INET6)
		src = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (src == NULL || inet_ntop(sa->sa_family, src, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "unknown");
}

/* First call: headers only; may reply at once (req->replied). */
static void http_begin(struct http_request *req)
{
	const char *cl = http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = http_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);

	http_client_addr(req->conn, req->addr, sizeof(req->addr));
	req->body_max = router_body_max(req->method, req->path);
	req->json_type = http_type_is_json(http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE));
	if (te != NULL)
		req->body_seen = true;
	if (cl != NULL) {
		char *end = NULL;
		unsigned long long n;

		errno = 0;
		n = strtoull(cl, &end, 10);
		if (errno == 0 && end != cl && n > req->body_max) {
			const char *expect = http_header(req, MHD_HTTP_HEADER_EXPECT);

			req->body_too_large = true;
			req->body_seen = true;
			/*
			 * A client waiting for "100 Continue" has sent nothing yet: refuse
			 * now. Otherwise the body is already on its way; closing on it
			 * would reset the connection before the client reads the 413, so
			 * read and drop it (up to HTTP_DISCARD_MAX) and answer at the end.
			 */
			if ((expect != NULL && strcasestr(expect, "100-continue") != NULL) ||
			    n > HTTP_DISCARD_MAX)
				http_reply_error(req, NCRE_E_BODY_TOO_LARGE, NULL);
		} else if (n > 0) {
			req->body_seen = true;
		}
	}
}

/* A piece of body. Returns false to drop the connection. */
static bool http_body(struct http_request *req, const char *data, size_t size)
{
	req->body_seen = true;
	if (req->body_too_large || req->replied) {
		req->discarded += size;
		return req->discarded <= HTTP_DISCARD_MAX;
	}
	if (size > req->body_max - req->body_len) {
		req->body_too_large = true;
		req->discarded = req->body_len + size;
		free(req->body);
		req->body = NULL;
		req->body_len = req->body_cap = 0;
		return true;
	}
	if (req->body_len + size + 1 > req->body_cap) {
		size_t cap = req->body_cap ? req->body_cap : 1024;
		char *p;

		while (cap < req->body_len + size + 1)
			cap *= 2;
		if (cap > req->body_max + 1)
			cap = req->body_max + 1;
		p = realloc(req->body, cap);
		if (p == NULL)
			return false;
		req->body = p;
		req->body_cap = cap;
	}
	memcpy(req->body + req->body_len, data, size);
	req->body_len += size;
	req->body[req->body_len] = '\0';
	return true;
}

static enum MHD_Result http_queue(struct http_request *req)
{
	struct MHD_Response *resp;
	enum MHD_Result ret = MHD_NO;
	char num[24];

	if (!req->replied)
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
	if (req->reply == NULL && req->status != 204)
		http_reply_oom(req);
	resp = MHD_create_response_from_buffer(req->reply_len, req->reply != NULL ? req->reply : (void *)"",
					       MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (req->reply != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				    req->reply_type != NULL ? req->reply_type
							    : "application/json; charset=utf-8") != MHD_YES)
		goto out;
	/* Replies carry tokens and personal data: never cache them. */
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES)
		goto out;
	if (req->retry_after > 0) {
		snprintf(num, sizeof(num), "%u", req->retry_after);
		if (MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num) != MHD_YES)
			goto out;
	}
	if (req->allow[0] != '\0' &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, req->allow) != MHD_YES)
		goto out;
	ret = MHD_queue_response(req->conn, req->status, resp);
out:
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result http_access(void *cls, struct MHD_Connection *conn, const char *url,
				   const char *method, const char *version,
				   const char *upload_data, size_t *upload_data_size,
				   void **con_cls)
{
	struct server *srv = cls;
	struct http_state *state = *con_cls;
	struct http_request *req;

	(void)version;
	if (state == NULL) {
		state = calloc(1, sizeof(*state));
		if (state == NULL)
			return MHD_NO;
		*con_cls = state;
		req = &state->req;
		req->srv = srv;
		req->conn = conn;
		req->method = method;
		req->path = url;
		snprintf(state->log.method, sizeof(state->log.method), "%s", method);
		snprintf(state->log.path, sizeof(state->log.path), "%s", url);
		if (clock_gettime(CLOCK_MONOTONIC, &req->started) != 0)
			memset(&req->started, 0, sizeof(req->started));
		http_begin(req);
		if (req->replied)
			return http_queue(req);
		return MHD_YES;
	}
	req = &state->req;
	req->conn = conn;
	req->method = method;
	req->path = url;
	if (*upload_data_size != 0) {
		bool keep = http_body(req, upload_data, *upload_data_size);

		*upload_data_size = 0;
		return keep ? MHD_YES : MHD_NO;
	}
	if (req->replied)
		return MHD_YES;		/* already queued on the first call */
	if (req->body_too_large)
		http_reply_error(req, NCRE_E_BODY_TOO_LARGE, NULL);
	else
		router_dispatch(req);
	return http_queue(req);
}

/* Overwrite every string in a parsed body before it is freed. */
static void http_json_wipe(cJSON *item)
{
	for (; item != NULL; item = item->next) {
		if (cJSON_IsString(item) && item->valuestring != NULL)
			sodium_memzero(item->valuestring, strlen(item->valuestring));
		http_json_wipe(item->child);
	}
}

static void http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			   enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct http_state *state = *con_cls;
	struct http_request *req;
	struct timespec now;
	char stamp[CLOCK_ISO_LEN], line[256], status[8];
	double ms = 0;
	int n;

	(void)conn;
	if (state == NULL)
		return;
	req = &state->req;
	if (clock_gettime(CLOCK_MONOTONIC, &now) == 0)
		ms = (double)(now.tv_sec - req->started.tv_sec) * 1e3 +
		     (double)(now.tv_nsec - req->started.tv_nsec) / 1e6;
	clock_format_iso(clock_now(&srv->clock), stamp, sizeof(stamp));
	if (req->replied && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		snprintf(status, sizeof(status), "%u", req->status);
	else if (req->replied)
		snprintf(status, sizeof(status), "%u!", req->status);	/* not fully sent */
	else
		snprintf(status, sizeof(status), "-");
	/* Method, path, status and time only: never bodies, tokens or personal data. */
	n = snprintf(line, sizeof(line), "%s %s %s %s %.1fms\n", stamp, state->log.method,
		     state->log.path, status, ms);
	if (n > 0) {
		size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;

		if (write(STDERR_FILENO, line, len) < 0) {
			/* nowhere left to report it */
		}
	}
	/* Bodies hold passwords and personal data: wipe before freeing. */
	if (req->body != NULL)
		sodium_memzero(req->body, req->body_cap);
	free(req->body);
	if (req->reply != NULL)
		sodium_memzero(req->reply, req->reply_len);
	free(req->reply);
	http_json_wipe(req->json);
	cJSON_Delete(req->json);
	if (req->db != NULL)
		store_release(srv->store, &req->db);
	sodium_memzero(req->token_hash, sizeof(req->token_hash));
	free(state);
	*con_cls = NULL;
}

/* Resolve --listen into a socket address (numeric addresses only). */
static int http_listen_addr(const struct server *srv, struct sockaddr_storage *ss,
			    bool *ipv6, char *err, size_t errlen)
{
	const char *host = srv->cfg.listen != NULL ? srv->cfg.listen : "127.0.0.1";
	struct addrinfo hints, *res = NULL;
	char port[8];
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	snprintf(port, sizeof(port), "%u", srv->cfg.port);
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0 || res == NULL) {
		snprintf(err, errlen, "--listen %s: not a numeric IPv4 or IPv6 address", host);
		if (res != NULL)
			freeaddrinfo(res);
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*ipv6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

static void http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	int n;

	(void)cls;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n > 0 && write(STDERR_FILENO, "mhd: ", 5) >= 0 &&
	    write(STDERR_FILENO, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1) < 0) {
		/* nothing to do */
	}
}

int http_start(struct server *srv, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TLS |
			     MHD_USE_ERROR_LOG;
	bool ipv6 = false;

	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		snprintf(err, errlen, "libmicrohttpd was built without TLS");
		return -1;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) != MHD_YES) {
		snprintf(err, errlen, "libmicrohttpd was built without epoll");
		return -1;
	}
	if (http_listen_addr(srv, &ss, &ipv6, err, errlen) != 0)
		return -1;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(
		flags, (uint16_t)srv->cfg.port, NULL, NULL, http_access, srv,
		MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, srv,	/* must come first */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_HTTPS_MEM_KEY, srv->key_pem,
		MHD_OPTION_HTTPS_MEM_CERT, srv->cert_pem,
		MHD_OPTION_HTTPS_PRIORITIES, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)srv->cfg.threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)srv->cfg.connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
		MHD_OPTION_NOTIFY_COMPLETED, http_completed, srv,
		MHD_OPTION_END);
	if (srv->daemon == NULL) {
		snprintf(err, errlen, "cannot listen on %s port %u (address in use, or bad TLS key/certificate?)",
			 srv->cfg.listen != NULL ? srv->cfg.listen : "127.0.0.1", srv->cfg.port);
		return -1;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0) {
		snprintf(err, errlen, "cannot read the bound port");
		MHD_stop_daemon(srv->daemon);
		srv->daemon = NULL;
		return -1;
	}
	srv->port = info->port;
	return 0;
}

void http_stop(struct server *srv)
{
	if (srv->daemon != NULL) {
		MHD_stop_daemon(srv->daemon);
		srv->daemon = NULL;
	}
}
