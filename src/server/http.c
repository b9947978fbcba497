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
#include <fcntl.h>
#include <stdarg.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "ncre/errors.h"
#include "ncre/json.h"

#include "clock.h"
#include "http-accept.h"
#include "http-guard.h"
#include "http.h"
#include "router.h"
#include "tls.h"
#include "log.h"

/*
 * Each connection's memory pool (MHD): request line, headers and the read
 * buffer; bodies are copied out as they arrive. MHD touches the pool's
 * pages as a connection reads, so with 1,000 idle keep-alive connections
 * it is most of the server's memory: 64 KiB made 82.6 MB, 32 KiB 41.2 MB,
 * 16 KiB 27.2 MB (bench/idle-tls.sh, docs/performance.md). 32 KiB keeps
 * room for long headers.
 */
#define HTTP_CONNECTION_MEMORY ((size_t)32 * 1024)

/* A chunked body is read and dropped this far past the limit (so the client
 * can be told 413); beyond it the connection is simply closed. */
#define HTTP_DISCARD_MAX (1024 * 1024)
/* SIGTERM: seconds a connection accepted last may take to become a request. */
#define HTTP_DRAIN_GRACE 0.5

/* Copies kept for the log line (escaped): MHD's strings may be gone by then. */
struct http_log {
	char method[64];
	char path[512];
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
	req->body = NCRE_BUF_INIT(router_body_max(req->method, req->path), 1024);
	req->json_type = http_type_is_json(http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE));
	if (te != NULL)
		req->body_seen = true;
	if (cl != NULL) {
		char *end = NULL;
		unsigned long long n;

		errno = 0;
		n = strtoull(cl, &end, 10);
		if (errno == 0 && end != cl && n > req->body.max) {
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
	switch (ncre_buf_append(&req->body, data, size)) {
	case NCRE_BUF_OK:
		return true;
	case NCRE_BUF_TOO_BIG:
		req->body_too_large = true;
		req->discarded = req->body.len + size;
		ncre_buf_wipe(&req->body);
		return true;
	case NCRE_BUF_NOMEM:
		break;
	}
	return false;
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
	/* Shutting down: the client's next request goes to another instance. */
	if (atomic_load(&req->srv->draining) &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close") != MHD_YES)
		goto out;
	ret = MHD_queue_response(req->conn, req->status, resp);
out:
	MHD_destroy_response(resp);
	return ret;
}

size_t http_log_escape(const char *in, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (outlen == 0)
		return 0;
	for (const unsigned char *p = (const unsigned char *)in; *p != '\0'; p++) {
		/* Control bytes, DEL, space and the backslash itself: \xNN. */
		if (*p <= 0x20 || *p == 0x7f || *p == '\\') {
			if (o + 4 >= outlen)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 0xf];
		} else {
			if (o + 1 >= outlen)
				break;
			out[o++] = (char)*p;
		}
	}
	out[o] = '\0';
	return o;
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
		atomic_fetch_add(&srv->inflight, 1);
		req = &state->req;
		req->srv = srv;
		req->conn = conn;
		req->method = method;
		req->path = url;
		http_log_escape(method, state->log.method, sizeof(state->log.method));
		{
			char route[256];

			/* The route for secrets in the path (/pay/{token}), else the path. */
			router_log_path(url, route, sizeof(route));
			http_log_escape(route, state->log.path, sizeof(state->log.path));
		}
		if (clock_gettime(CLOCK_MONOTONIC, &req->started) != 0)
			memset(&req->started, 0, sizeof(req->started));
		http_begin(req);
		if (req->replied) {
			http_guard_received(conn);
			return http_queue(req);
		}
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
	http_guard_received(conn);
	if (req->body_too_large)
		http_reply_error(req, NCRE_E_BODY_TOO_LARGE, NULL);
	else
		router_dispatch(req);
	return http_queue(req);
}

static void http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			   enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct http_state *state = *con_cls;
	struct http_request *req;
	struct timespec now;
	char stamp[CLOCK_ISO_LEN], status[8];
	double ms = 0;

	http_guard_done(conn);
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
	/*
	 * Client address (behind a trusted proxy, the one it names), method,
	 * path, status and time only: never bodies, tokens or personal data;
	 * method and path escaped, so a line is always one request.
	 */
	if (log_journal())	/* the journal stamps it */
		log_msg(LOG_PRIO_INFO, "%s %s %s %s %.1fms", req->addr[0] != '\0' ? req->addr : "-",
			state->log.method, state->log.path, status, ms);
	else
		log_msg(LOG_PRIO_INFO, "%s %s %s %s %s %.1fms", stamp,
			req->addr[0] != '\0' ? req->addr : "-", state->log.method, state->log.path,
			status, ms);
	/* Bodies hold passwords and personal data: wipe before freeing. */
	ncre_buf_wipe(&req->body);
	if (req->reply != NULL)
		sodium_memzero(req->reply, req->reply_len);
	free(req->reply);
	cJSON_Delete(req->json);	/* wiped block by block (ncre_json_memory_init in main) */
	if (req->db != NULL)
		store_release(srv->store, &req->db);
	sodium_memzero(req->token_hash, sizeof(req->token_hash));
	free(state);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->inflight, 1);	/* last: its database connection is back */
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
	char msg[512], line[4 * sizeof(msg) + 1];
	size_t len = 0;
	int n;

	(void)cls;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n <= 0)
		return;
	len = strlen(msg);
	while (len > 0 && msg[len - 1] == '\n')
		msg[--len] = '\0';
	/* MHD may quote what a client sent: one escaped line per message. */
	for (const unsigned char *p = (const unsigned char *)msg; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\') {
			len += (size_t)snprintf(line + len, sizeof(line) - len, "\\x%02x", *p);
		} else {
			line[len++] = (char)*p;
		}
	}
	line[len] = '\0';
	log_msg(LOG_PRIO_WARNING, "mhd: %s", line);
}

/*
 * Open connections in all: what the descriptor limit leaves after the
 * database (three descriptors per connection: file, -wal, -shm), MHD's
 * own (listener, epoll and a wake-up descriptor per thread) and a margin.
 * The soft limit is raised to the hard one first.
 */
static int http_connection_limit(const struct server *srv, unsigned *out, char *err,
				 size_t errlen)
{
	struct rlimit rl;
	rlim_t reserve = 64 + (rlim_t)srv->cfg.threads * 4 + ((rlim_t)srv->cfg.threads + 2) * 3;
	rlim_t avail;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		snprintf(err, errlen, "getrlimit(RLIMIT_NOFILE): %s", strerror(errno));
		return -1;
	}
	if (rl.rlim_cur != rl.rlim_max) {
		struct rlimit raised = { rl.rlim_max, rl.rlim_max };

		if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 1048576)
			raised.rlim_cur = 1048576;
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			rl.rlim_cur = raised.rlim_cur;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1048576)
		rl.rlim_cur = 1048576;
	if (rl.rlim_cur <= reserve + 16) {
		snprintf(err, errlen, "the descriptor limit (%llu) is too low; raise ulimit -n",
			 (unsigned long long)rl.rlim_cur);
		return -1;
	}
	avail = rl.rlim_cur - reserve;
	if (srv->cfg.max_connections == 0) {
		*out = (unsigned)avail;
	} else if (srv->cfg.max_connections > avail) {
		snprintf(err, errlen, "--max-connections %u: the descriptor limit (%llu) allows %llu",
			 srv->cfg.max_connections, (unsigned long long)rl.rlim_cur,
			 (unsigned long long)avail);
		return -1;
	} else {
		*out = srv->cfg.max_connections;
	}
	if (srv->cfg.per_ip_connections > *out) {
		snprintf(err, errlen, "--per-ip-connections %u is more than the %u connections in all",
			 srv->cfg.per_ip_connections, *out);
		return -1;
	}
	return 0;
}

/*
 * The listening socket, made here so that a taken port is reported as
 * such: SO_REUSEADDR (a restart need not wait for TIME_WAIT), and
 * SO_REUSEPORT only when asked for (--reuse-port 1).
 */
static int http_listen_socket(struct server *srv, const struct sockaddr_storage *ss, bool ipv6,
			      char *err, size_t errlen)
{
	const char *host = srv->cfg.listen != NULL ? srv->cfg.listen : "127.0.0.1";
	struct sockaddr_storage bound;
	socklen_t slen = ipv6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int one = 1, fd, flags;

	fd = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    (srv->cfg.reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) ||
	    (ipv6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0)) {
		snprintf(err, errlen, "setsockopt: %s", strerror(errno));
		goto fail;
	}
	if (bind(fd, (const struct sockaddr *)ss, slen) != 0) {
		if (errno == EADDRINUSE)
			snprintf(err, errlen, "%s port %u is already in use (another server on it? "
				 "--reuse-port 1 shares a port on purpose)", host, srv->cfg.port);
		else
			snprintf(err, errlen, "cannot listen on %s port %u: %s", host, srv->cfg.port,
				 strerror(errno));
		goto fail;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 || listen(fd, SOMAXCONN) != 0) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s", host, srv->cfg.port,
			 strerror(errno));
		goto fail;
	}
	slen = sizeof(bound);
	if (getsockname(fd, (struct sockaddr *)&bound, &slen) != 0) {
		snprintf(err, errlen, "cannot read the bound port: %s", strerror(errno));
		goto fail;
	}
	srv->port = ntohs(bound.ss_family == AF_INET6
				  ? ((const struct sockaddr_in6 *)(const void *)&bound)->sin6_port
				  : ((const struct sockaddr_in *)(const void *)&bound)->sin_port);
	return fd;
fail:
	close(fd);
	return -1;
}

int http_start(struct server *srv, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	const char *priority = srv->cfg.tls_priority != NULL ? srv->cfg.tls_priority
							      : TLS_PRIORITY_DEFAULT;
	/* No listening socket of MHD's: http-accept.c accepts and adds connections. */
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TLS |
			     MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC;
	unsigned limit = 0;
	bool ipv6 = false;
	int fd;

	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES ||
	    MHD_is_feature_supported(MHD_FEATURE_HTTPS_CERT_CALLBACK) != MHD_YES) {
		snprintf(err, errlen, "libmicrohttpd was built without TLS certificate callbacks");
		return -1;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) != MHD_YES) {
		snprintf(err, errlen, "libmicrohttpd was built without epoll");
		return -1;
	}
	if (tls_priority_check(priority, err, errlen) != 0 ||
	    proxy_list_parse(srv->cfg.trusted_proxies, &srv->proxies, err, errlen) != 0 ||
	    http_connection_limit(srv, &limit, err, errlen) != 0 ||
	    http_listen_addr(srv, &ss, &ipv6, err, errlen) != 0)
		return -1;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	fd = http_listen_socket(srv, &ss, ipv6, err, errlen);
	if (fd < 0)
		return -1;
	if (http_guard_start(&srv->guard, srv->cfg.request_timeout, err, errlen) != 0) {
		close(fd);
		return -1;
	}
	tls_set_active(srv->tls);
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, http_access, srv,
		MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, srv,	/* must come first */
		MHD_OPTION_HTTPS_CERT_CALLBACK, tls_retrieve,
		MHD_OPTION_HTTPS_PRIORITIES, priority,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)srv->cfg.threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)srv->cfg.per_ip_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)srv->cfg.connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_MEMORY,
		MHD_OPTION_NOTIFY_CONNECTION, http_guard_notify, srv->guard,
		MHD_OPTION_NOTIFY_COMPLETED, http_completed, srv,
		MHD_OPTION_END);
	if (srv->daemon == NULL) {
		snprintf(err, errlen, "cannot start the HTTPS service on %s port %u (see the mhd: lines)",
			 srv->cfg.listen != NULL ? srv->cfg.listen : "127.0.0.1", srv->port);
		close(fd);
		tls_set_active(NULL);
		http_guard_stop(&srv->guard);
		return -1;
	}
	if (http_accept_start(&srv->acceptor, fd, srv->daemon, &srv->proxies,
			      srv->cfg.request_timeout, err, errlen) != 0)
		return -1;	/* http_stop() stops the daemon */
	if (srv->proxies.n > 0)
		log_msg(LOG_PRIO_INFO, "ncre-server: connections from %s start with a PROXY protocol "
			"v2 header naming the client", srv->cfg.trusted_proxies);
	log_msg(LOG_PRIO_INFO, "ncre-server: at most %u connections, %u per address; a request must "
		"arrive within %u s", limit, srv->cfg.per_ip_connections, srv->cfg.request_timeout);
	return 0;
}

void http_drain(struct server *srv, unsigned seconds)
{
	struct timespec start, now;
	unsigned left;
	double waited = 0;

	atomic_store(&srv->draining, true);
	http_accept_stop(&srv->acceptor);
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		memset(&start, 0, sizeof(start));
	for (;;) {
		left = atomic_load(&srv->inflight);
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			now = start;
		waited = (double)(now.tv_sec - start.tv_sec) +
			 (double)(now.tv_nsec - start.tv_nsec) / 1e9;
		/*
		 * The connections just handed over are still in their TLS
		 * handshake, not yet requests: give them a moment to become ones.
		 */
		if ((left == 0 && waited >= HTTP_DRAIN_GRACE) || waited >= (double)seconds)
			break;
		usleep(20 * 1000);
	}
	if (left == 0)
		log_msg(LOG_PRIO_INFO, "ncre-server: no longer accepting; requests in flight finished "
			"within %.1f s", waited);
	else
		log_msg(LOG_PRIO_WARNING, "ncre-server: no longer accepting; %u request(s) still "
			"running after --drain-timeout %u s are cut off", left, seconds);
}

void http_stop(struct server *srv)
{
	http_accept_stop(&srv->acceptor);
	if (srv->daemon != NULL) {
		MHD_stop_daemon(srv->daemon);
		srv->daemon = NULL;
	}
	tls_set_active(NULL);
	http_guard_stop(&srv->guard);
	proxy_list_free(&srv->proxies);
}
