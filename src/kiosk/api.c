/*
 * The kiosk's requests, carried out by its network helper (ncre-kiosk-net,
 * net-helper.c), a process of its own that holds libcurl; the two speak
 * frames (net-frame.h) over a socketpair. libcurl and its closure (TLS,
 * IDN, PSL, Kerberos, LDAP, SSH ..., some 30 shared objects) are thus
 * never mapped into the kiosk, which stays small (docs/performance.md),
 * and starts and leaves as fast as dialog(1) does.
 *
 * The helper is started when the first request is due, in api_poll, after
 * the UI loop has painted the first screen and the terminal has then been
 * quiet for NET_START_QUIET_MS (keys come first: a candidate who leaves at
 * once does not wait for a process start), and it is ended (SIGKILL) when
 * a request is cancelled, when a session ends (api_forget) and when the
 * kiosk leaves: what it held (bodies, replies, the token in a header, the
 * TLS session) goes with the process. A helper that dies or stops
 * answering makes the request fail like a lost connection (API_NETWORK);
 * the next request starts a new one. One found dead before a request is
 * handed to it (killed, or out of memory while idle) is replaced at once,
 * and the request goes to the new one. api_start only records the request;
 * the options in the helper are those of before, verification always on.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ncre/json.h"
#include "api.h"
#include "libdir.h"
#include "net-frame.h"

#define NET_HELPER "ncre-kiosk-net"
/* The helper answers within the request's own timeout; past this much
 * more it is taken for stuck, and ended. */
#define NET_GRACE_MS 5000L
/* A helper is started once the terminal has been quiet this long after the
 * request was made: the start (a process, and libcurl's objects loaded on
 * the other core) does not compete with keys already on their way. */
#define NET_START_QUIET_MS 15

extern char **environ;

struct api {
	char *server;
	char *helper;                /* NULL: libdir_path(NET_HELPER) */
	char *ca_file;
	char *pin;
	long timeout_s;
	char token[128];
	char next_header[128];       /* api_set_next_header: for one request */
	char *req_body;
	size_t req_len;
	bool busy;
	int tag;
	/* A request recorded by api_start, sent by the next api_poll. */
	bool pending, pending_body, pending_auth;
	char method[8];
	char path[768];
	char content_type[64];
	/* The helper: its process and our end of the socketpair. */
	pid_t pid;
	pid_t dead;                  /* ended without waiting, not reaped yet */
	int fd;
	int32_t id;                  /* of the request in flight */
	bool sent;                   /* the helper said it has gone out */
	long long recorded_ms;       /* when api_start recorded the request */
	long long deadline_ms;       /* the helper is taken for stuck after this */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

static void wipe_free(char **p, size_t n)
{
	if (*p != NULL) {
		explicit_bzero(*p, n);
		free(*p);
		*p = NULL;
	}
}

/* Forget everything of the request: its body, what was recorded. */
static void request_reset(struct api *api)
{
	wipe_free(&api->req_body, api->req_len);
	api->req_len = 0;
	explicit_bzero(api->path, sizeof(api->path));
	api->busy = false;
	api->pending = false;
	api->sent = false;
}

/* Reap a helper ended without waiting: block only when asked to. */
static void helper_reap(struct api *api, bool block)
{
	pid_t r;

	if (api->dead <= 0)
		return;
	while ((r = waitpid(api->dead, NULL, block ? 0 : WNOHANG)) < 0 && errno == EINTR)
		;
	if (r != 0)
		api->dead = 0;
}

/*
 * End the helper and everything it held (SIGKILL: it runs no more code,
 * and the kernel frees its memory). wait: until it is reaped; else that
 * happens at the next start, or by init when the kiosk leaves, so a
 * cancel, a logout or a quit does not wait for the kernel to tear down
 * libcurl's 30 shared objects.
 */
static void helper_stop(struct api *api, bool wait)
{
	/* The signal first: closing the socket first would let the helper
	 * see the end of it and run its own way out. */
	if (api->pid > 0)
		(void)kill(api->pid, SIGKILL);
	if (api->fd >= 0)
		(void)close(api->fd);
	api->fd = -1;
	if (api->pid > 0) {
		helper_reap(api, true);		/* an earlier one: long dead */
		api->dead = api->pid;
		helper_reap(api, wait);
	}
	api->pid = 0;
}

/* Start the helper: 0, or -1 with err. Its fd 0 is the socket, 1 and 2 /dev/null. */
static int helper_start(struct api *api, char *err, size_t errlen)
{
	char path[PATH_MAX + 32], parent[24];
	char *argv[8];
	int sv[2], argc = 0, rc;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	/* exec resets caught signals; ignored ones (--kiosk) would stay ignored. */
	static const int ignorable[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE,
					 SIGHUP, SIGTERM };
	struct timeval tv = { .tv_sec = NET_GRACE_MS / 1000 };

	helper_reap(api, true);
	if (api->helper != NULL) {
		if ((size_t)snprintf(path, sizeof(path), "%s", api->helper) >= sizeof(path)) {
			snprintf(err, errlen, "%s: path too long", NET_HELPER);
			return -1;
		}
	} else if (libdir_path(NET_HELPER, path, sizeof(path)) != 0) {
		snprintf(err, errlen, "%s: path too long", NET_HELPER);
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, errlen, "%s: %s", NET_HELPER, strerror(errno));
		return -1;
	}
	snprintf(parent, sizeof(parent), "%ld", (long)getpid());
	argv[argc++] = path;
	argv[argc++] = "--parent";
	argv[argc++] = parent;
	if (api->ca_file != NULL) {
		argv[argc++] = "--ca-file";
		argv[argc++] = api->ca_file;
	}
	if (api->pin != NULL) {
		argv[argc++] = "--pin";
		argv[argc++] = api->pin;
	}
	argv[argc] = NULL;
	(void)sigemptyset(&none);
	(void)sigemptyset(&dfl);
	for (size_t i = 0; i < sizeof(ignorable) / sizeof(ignorable[0]); i++)
		(void)sigaddset(&dfl, ignorable[i]);
	rc = posix_spawn_file_actions_init(&fa);
	if (rc == 0) {
		rc = posix_spawnattr_init(&at);
		if (rc != 0)
			(void)posix_spawn_file_actions_destroy(&fa);
	}
	if (rc == 0) {
		/* Its own session: the terminal's hang-up is the kiosk's to handle,
		 * and the kiosk's ignored signals are not the helper's. */
		rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF |
						   POSIX_SPAWN_SETSIGMASK);
		if (rc == 0) rc = posix_spawnattr_setsigdefault(&at, &dfl);
		if (rc == 0) rc = posix_spawnattr_setsigmask(&at, &none);
		if (rc == 0) rc = posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
		if (rc == 0) rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		if (rc == 0) rc = posix_spawn_file_actions_adddup2(&fa, 1, 2);
		if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
		if (rc == 0) rc = posix_spawn(&api->pid, path, &fa, &at, argv, environ);
		(void)posix_spawn_file_actions_destroy(&fa);
		(void)posix_spawnattr_destroy(&at);
	}
	(void)close(sv[1]);
	if (rc != 0) {
		api->pid = 0;
		(void)close(sv[0]);
		snprintf(err, errlen, "cannot start %.160s: %s", path, strerror(rc));
		return -1;
	}
	api->fd = sv[0];
	/* A helper that stops reading or writing half way is taken for stuck. */
	(void)setsockopt(api->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	(void)setsockopt(api->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

struct api *api_new(const struct api_config *cfg, char *err, size_t errlen)
{
	struct api *api = calloc(1, sizeof(*api));

	if (api == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	api->fd = -1;
	api->server = strdup(cfg->server != NULL ? cfg->server : "");
	api->helper = dup_or_null(cfg->helper);
	api->ca_file = dup_or_null(cfg->ca_file);
	api->pin = dup_or_null(cfg->pin);
	api->timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 20;
	if (api->server == NULL || (cfg->helper != NULL && cfg->helper[0] && api->helper == NULL) ||
	    (cfg->ca_file != NULL && cfg->ca_file[0] && api->ca_file == NULL) ||
	    (cfg->pin != NULL && cfg->pin[0] && api->pin == NULL)) {
		snprintf(err, errlen, "out of memory");
		api_free(&api);
		return NULL;
	}
	/* Trailing slashes would double in "server" + "/v1/...". */
	for (size_t n = strlen(api->server); n > 0 && api->server[n - 1] == '/'; n--)
		api->server[n - 1] = '\0';
	return api;
}

void api_free(struct api **p)
{
	struct api *api = *p;

	if (api == NULL)
		return;
	request_reset(api);
	helper_stop(api, false);
	explicit_bzero(api->token, sizeof(api->token));
	explicit_bzero(api->next_header, sizeof(api->next_header));
	free(api->server);
	free(api->helper);
	free(api->ca_file);
	free(api->pin);
	free(api);
	*p = NULL;
}

void api_forget(struct api *api)
{
	if (api == NULL)
		return;
	request_reset(api);
	helper_stop(api, false);
}

int api_set_token(struct api *api, const char *token)
{
	explicit_bzero(api->token, sizeof(api->token));
	if (token == NULL)
		return 0;
	if (strlen(token) >= sizeof(api->token))
		return -1;
	memcpy(api->token, token, strlen(token) + 1);
	return 0;
}

int api_set_next_header(struct api *api, const char *header)
{
	explicit_bzero(api->next_header, sizeof(api->next_header));
	if (header == NULL)
		return 0;
	if (strlen(header) >= sizeof(api->next_header))
		return -1;
	memcpy(api->next_header, header, strlen(header) + 1);
	return 0;
}

bool api_busy(const struct api *api)
{
	return api->busy;
}

/* Bodies above this are uploads (the photo): they get the longer timeout. */
#define UPLOAD_BODY_MIN (64 * 1024)

/* Append "line\n" to buf (size bufsz) at *at: 0, or -1 when it does not fit. */
static int add_header(char *buf, size_t bufsz, size_t *at, const char *line)
{
	size_t n = strlen(line);

	if (n + 2 > bufsz - *at)
		return -1;
	memcpy(buf + *at, line, n);
	buf[*at + n] = '\n';
	*at += n + 1;
	buf[*at] = '\0';
	return 0;
}

/*
 * Between requests a helper has nothing to say: a readable or hung-up
 * socket means it has ended (or broke the protocol). false then.
 */
static bool helper_idle_alive(struct api *api)
{
	struct pollfd p = { .fd = api->fd, .events = POLLIN };

	return api->fd >= 0 && poll(&p, 1, 0) == 0;
}

/*
 * The recorded request goes to the helper (started first when there is
 * none): URL, headers, method, timeout and body. 0, or -1 with err; the
 * helper is ended on failure (it may have read half a frame).
 */
static int api_send(struct api *api, char *err, size_t errlen)
{
	char url[1024], headers[1024], line[192];
	size_t at = 0;
	long timeout_ms = api->timeout_s * 1000L;
	int32_t num[NET_NUMS] = { 0 };
	const char *field[NET_FIELDS];
	size_t len[NET_FIELDS];
	bool fresh;
	int rc = -1;

	headers[0] = '\0';
	if ((size_t)snprintf(url, sizeof(url), "%s%s", api->server, api->path) >= sizeof(url) ||
	    add_header(headers, sizeof(headers), &at, "Accept: application/json") != 0) {
		snprintf(err, errlen, "request too long");
		goto out;
	}
	if (api->pending_body &&
	    ((size_t)snprintf(line, sizeof(line), "Content-Type: %s", api->content_type) >=
		     sizeof(line) ||
	     add_header(headers, sizeof(headers), &at, line) != 0)) {
		snprintf(err, errlen, "request too long");
		goto out;
	}
	/* An empty Expect: stops curl waiting for "100 Continue". */
	if (add_header(headers, sizeof(headers), &at, "Expect:") != 0 ||
	    (api->next_header[0] != '\0' &&
	     add_header(headers, sizeof(headers), &at, api->next_header) != 0)) {
		snprintf(err, errlen, "request too long");
		goto out;
	}
	if (api->pending_auth && api->token[0] != '\0') {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", api->token);
		if (add_header(headers, sizeof(headers), &at, line) != 0) {
			snprintf(err, errlen, "request too long");
			goto out;
		}
	}
	if (api->pending_body && api->req_len > UPLOAD_BODY_MIN &&
	    timeout_ms < API_UPLOAD_TIMEOUT_MS)
		timeout_ms = API_UPLOAD_TIMEOUT_MS;
	/* A helper that died while idle is replaced before it is handed anything. */
	if (api->pid > 0 && !helper_idle_alive(api))
		helper_stop(api, true);
	fresh = api->pid <= 0;
	if (fresh && helper_start(api, err, errlen) != 0)
		goto out;
	api->id++;
	num[0] = api->id;
	num[1] = (int32_t)timeout_ms;
	field[0] = api->method;
	len[0] = strlen(api->method);
	field[1] = url;
	len[1] = strlen(url);
	field[2] = headers;
	len[2] = at;
	field[3] = api->pending_body ? api->req_body : NULL;
	len[3] = api->pending_body ? api->req_len : 0;
	while (net_frame_write(api->fd, NET_REQUEST, num, field, len) != 0) {
		/* Not taken whole: the helper read none of it, or is gone, so the
		 * request never left. One that had been idle may have died just
		 * now: once more through a new one. */
		snprintf(err, errlen, "%s: %s", NET_HELPER, strerror(errno));
		helper_stop(api, true);
		if (fresh)
			goto out;
		fresh = true;
		if (helper_start(api, err, errlen) != 0)
			goto out;
	}
	api->sent = false;
	api->deadline_ms = now_ms() + timeout_ms + NET_GRACE_MS;
	rc = 0;
out:
	explicit_bzero(api->next_header, sizeof(api->next_header));
	explicit_bzero(headers, sizeof(headers));
	explicit_bzero(line, sizeof(line));
	/* The helper has its copy now; ours is no longer needed. */
	wipe_free(&api->req_body, api->req_len);
	api->req_len = 0;
	return rc;
}

/* Record the request for the next api_poll, which hands it to the helper. */
static int api_record(struct api *api, const char *method, const char *path,
		      const char *content_type, bool has_body, bool auth, int tag)
{
	if (strlen(method) >= sizeof(api->method) || strlen(path) >= sizeof(api->path) ||
	    strlen(content_type) >= sizeof(api->content_type) ||
	    strlen(api->server) + strlen(path) >= 1024) {
		request_reset(api);
		return -1;
	}
	memcpy(api->method, method, strlen(method) + 1);
	memcpy(api->path, path, strlen(path) + 1);
	memcpy(api->content_type, content_type, strlen(content_type) + 1);
	api->pending_body = has_body;
	api->pending_auth = auth;
	api->pending = true;
	api->busy = true;
	api->sent = false;
	api->recorded_ms = now_ms();
	api->tag = tag;
	return 0;
}

int api_start(struct api *api, const char *method, const char *path, cJSON *body,
	      bool auth, int tag)
{
	bool has_body = body != NULL;

	if (api->busy) {
		api_json_wipe_free(&body);
		return -1;
	}
	request_reset(api);
	if (body != NULL) {
		api->req_body = ncre_json_print(body);
		api_json_wipe_free(&body);
		if (api->req_body == NULL)
			return -1;
		api->req_len = strlen(api->req_body);
	}
	return api_record(api, method, path, "application/json", has_body, auth, tag);
}

int api_start_raw(struct api *api, const char *method, const char *path,
		  const char *content_type, const void *body, size_t len, bool auth, int tag)
{
	if (api->busy || content_type == NULL || (body == NULL && len > 0))
		return -1;
	request_reset(api);
	api->req_body = malloc(len > 0 ? len : 1);
	if (api->req_body == NULL)
		return -1;
	if (len > 0)
		memcpy(api->req_body, body, len);
	api->req_len = len;
	return api_record(api, method, path, content_type, true, auth, tag);
}

static void copy_str(char *dst, size_t dstsz, const char *src)
{
	snprintf(dst, dstsz, "%s", src != NULL ? src : "");
}

static void result_init(struct api *api, struct api_result *res, enum api_status st,
			const char *detail)
{
	memset(res, 0, sizeof(*res));
	res->tag = api->tag;
	res->retry_after = -1;
	res->status = st;
	copy_str(res->detail, sizeof(res->detail), detail);
}

/* Read {"error":{...}} into res; false when the body is no such object. */
static bool read_error(const cJSON *root, struct api_result *res)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	long long ra;

	if (!cJSON_IsObject(e) || ncre_json_str(e, "code") == NULL)
		return false;
	copy_str(res->code, sizeof(res->code), ncre_json_str(e, "code"));
	copy_str(res->field, sizeof(res->field), ncre_json_str(e, "field"));
	copy_str(res->msg_zh, sizeof(res->msg_zh), ncre_json_str(e, "message_zh"));
	copy_str(res->msg_en, sizeof(res->msg_en), ncre_json_str(e, "message_en"));
	res->err_known = ncre_err_from_code(res->code, &res->err) == 0;
	if (ncre_json_int(e, "retry_after", &ra) == 0)
		res->retry_after = (long)ra;
	return true;
}

/* The helper's NET_REPLY into res; the frame's bytes are wiped by the caller. */
static void finish(struct api *api, struct net_frame *f, struct api_result *res)
{
	static const enum api_status map[] = {
		[NET_DONE] = API_OK, [NET_UNREACHABLE] = API_UNREACHABLE,
		[NET_NETWORK] = API_NETWORK, [NET_TIMEOUT] = API_TIMEOUT, [NET_TLS] = API_TLS,
		[NET_TOO_BIG] = API_BAD_REPLY, [NET_LOCAL] = API_LOCAL,
	};
	const char *ctype = f->field[0], *body = f->field[2];
	size_t body_len = f->len[2];
	cJSON *root = NULL;

	result_init(api, res, API_NETWORK, f->field[1]);
	if (f->num[1] < 0 || (size_t)f->num[1] >= sizeof(map) / sizeof(map[0])) {
		res->status = API_BAD_REPLY;
		goto out;
	}
	if (f->num[1] != NET_DONE) {
		res->status = map[f->num[1]];
		goto out;
	}
	res->http = f->num[2];
	res->retry_after = f->num[3];
	if (res->http >= 200 && res->http < 300 && body_len > 0 &&
	    strncasecmp(ctype, "image/", 6) == 0) {
		/* The bytes change hands: the frame's buffer is wiped by the caller. */
		res->raw = malloc(body_len);
		if (res->raw == NULL) {
			res->status = API_LOCAL;
			goto out;
		}
		memcpy(res->raw, body, body_len);
		res->raw_len = body_len;
		res->status = API_OK;
		goto out;
	}
	if (body_len > 0)
		root = cJSON_ParseWithLength(body, body_len);
	if (res->http >= 200 && res->http < 300) {
		if (body_len > 0 && !cJSON_IsObject(root)) {
			res->status = API_BAD_REPLY;
			goto out;
		}
		res->status = API_OK;
		res->body = root;
		root = NULL;
		goto out;
	}
	if (root != NULL && read_error(root, res)) {
		res->status = API_ERROR;
		/* Kept for verdicts with more than one field ("fields"). */
		res->body = root;
		root = NULL;
	} else {
		res->status = res->http >= 500 ? API_SERVER : API_BAD_REPLY;
	}
out:
	api_json_wipe_free(&root);
	request_reset(api);
}

/* The helper is gone or stuck: the request fails as a lost connection would. */
static void helper_failed(struct api *api, struct api_result *res, const char *why)
{
	result_init(api, res, API_NETWORK, why);
	res->sent = api->sent;
	helper_stop(api, true);
	request_reset(api);
}

/*
 * Read what the helper has to say, as long as it says something without
 * waiting: 1 with res when the request has ended, else 0.
 */
static int helper_read(struct api *api, struct api_result *res)
{
	struct net_frame f;
	struct pollfd p = { .fd = api->fd, .events = POLLIN };

	memset(&f, 0, sizeof(f));
	while (api->fd >= 0 && poll(&p, 1, 0) > 0) {
		int rc = net_frame_read(api->fd, &f);

		if (rc != 0) {
			net_frame_wipe(&f);
			if (!api->busy || api->pending) {
				helper_stop(api, true);	/* ended between requests */
				return 0;
			}
			helper_failed(api, res, rc == 1 ? "the network helper ended"
						  : "the network helper broke off");
			return 1;
		}
		if (f.num[0] != api->id || !api->busy || api->pending) {
			net_frame_wipe(&f);		/* not the request of the moment */
			continue;
		}
		if (f.type == NET_SENT) {
			api->sent = true;
			net_frame_wipe(&f);
			continue;
		}
		if (f.type == NET_REPLY) {
			finish(api, &f, res);
			net_frame_wipe(&f);
			return 1;
		}
		net_frame_wipe(&f);
	}
	return 0;
}

int api_poll(struct api *api, int timeout_ms, struct api_result *res)
{
	struct pollfd p[2] = { { .fd = 0, .events = POLLIN }, { .fd = -1, .events = POLLIN } };
	char why[256];

	if (api->pending) {
		/* Keys first: a candidate who leaves at once does not wait for a
		 * helper to start (nor does one who types: it starts a moment
		 * later). With a helper to start, first NET_START_QUIET_MS with
		 * no key; a signal (a resize) also goes to the loop first. */
		struct pollfd key = { .fd = 0, .events = POLLIN };
		long long quiet = 0;

		if (api->pid <= 0) {
			quiet = api->recorded_ms + NET_START_QUIET_MS - now_ms();
			if (quiet > timeout_ms)
				quiet = timeout_ms;
			if (quiet < 0)
				quiet = 0;
		}
		if (poll(&key, 1, (int)quiet) != 0 ||
		    (api->pid <= 0 && now_ms() < api->recorded_ms + NET_START_QUIET_MS))
			return 0;
		/* After the first paint: the helper starts with the first request. */
		api->pending = false;
		why[0] = '\0';
		if (api_send(api, why, sizeof(why)) != 0) {
			result_init(api, res, API_LOCAL, why);
			request_reset(api);
			return 1;
		}
	}
	if (api->busy && api->fd >= 0 && now_ms() > api->deadline_ms) {
		helper_failed(api, res, "the network helper did not answer");
		return 1;
	}
	p[1].fd = api->fd;
	(void)poll(p, 2, timeout_ms);
	if (api->fd >= 0 && p[1].revents != 0)
		return helper_read(api, res);
	return 0;
}

bool api_sent(const struct api *api)
{
	return api->busy && !api->pending && api->sent;
}

void api_cancel(struct api *api, struct api_result *res)
{
	struct api_result late;

	memset(&late, 0, sizeof(late));
	if (api->busy && !api->pending && api->fd >= 0 && helper_read(api, &late) == 1) {
		/* It ended just now: cancelled all the same, but it did reach the server. */
		bool reached = late.sent || late.http != 0;

		api_result_clear(&late);
		result_init(api, res, API_CANCELLED, NULL);
		res->sent = reached;
		return;
	}
	result_init(api, res, API_CANCELLED, NULL);
	if (!api->busy)
		return;
	res->sent = api_sent(api);
	/* The helper holds the request: it goes with it. */
	if (!api->pending)
		helper_stop(api, false);
	request_reset(api);
}

void api_result_clear(struct api_result *res)
{
	api_json_wipe_free(&res->body);
	if (res->raw != NULL) {
		explicit_bzero(res->raw, res->raw_len);
		free(res->raw);
	}
	explicit_bzero(res, sizeof(*res));
	res->retry_after = -1;
}

static void wipe_tree(cJSON *node)
{
	for (; node != NULL; node = node->next) {
		if (node->valuestring != NULL)
			explicit_bzero(node->valuestring, strlen(node->valuestring));
		if (node->child != NULL)
			wipe_tree(node->child);
	}
}

void api_json_wipe_free(cJSON **p)
{
	if (*p == NULL)
		return;
	wipe_tree((*p)->child);
	if ((*p)->valuestring != NULL)
		explicit_bzero((*p)->valuestring, strlen((*p)->valuestring));
	cJSON_Delete(*p);
	*p = NULL;
}
