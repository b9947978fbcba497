/*
 * libcurl multi driven from the UI loop (technotes §2). One easy handle is
 * kept for the whole run so the TLS connection is reused; per-request
 * options (method, body, headers) are set again for every request.
 *
 * libcurl is not linked: it and its closure (TLS, IDN, PSL, LDAP, SSH ...,
 * some 30 shared objects) are loaded (dlopen) when the first request is
 * due, in api_poll — after the UI loop has painted the first screen — so
 * the kiosk shows its first screen as fast as dialog(1) does. The loading
 * runs in a thread of its own while the UI loop keeps reading keys, so a
 * kiosk left at once does not wait for it (api_global_cleanup). api_start
 * only records the request; the options are exactly those of a linked
 * libcurl, verification always on.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ncre/json.h"
#include "api.h"

#ifndef KIOSK_CURL_SONAME
#define KIOSK_CURL_SONAME "libcurl.so.4"
#endif

#define RESPONSE_MAX (1024 * 1024)
#define CONNECT_TIMEOUT_MS 5000L

/* libcurl's entry points: NULL until loaded; loaded once, never unloaded. One UI thread. */
static struct {
	void *lib;
	char error[256];		/* why it could not be loaded */
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	CURLHcode (*easy_header)(CURL *, const char *, size_t, unsigned int, int,
				 struct curl_header **);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} lc;

/* The loading thread: started once; done (atomic) when curl_load_now has returned. */
static struct {
	bool started, joined;
	atomic_bool done;
	pthread_t thread;
	int fd[2];		/* a byte on fd[1] when done: api_poll wakes up */
	int rc;
} loader = { .fd = { -1, -1 } };

/* Load libcurl and initialise it: 0, or -1 with lc.error. */
static int curl_load_now(void)
{
	/* POSIX: a function pointer travels through void *. */
	const struct { const char *name; void **slot; } syms[] = {
		{ "curl_global_init", (void **)&lc.global_init },
		{ "curl_global_cleanup", (void **)&lc.global_cleanup },
		{ "curl_easy_init", (void **)&lc.easy_init },
		{ "curl_easy_cleanup", (void **)&lc.easy_cleanup },
		{ "curl_easy_setopt", (void **)&lc.easy_setopt },
		{ "curl_easy_getinfo", (void **)&lc.easy_getinfo },
		{ "curl_easy_strerror", (void **)&lc.easy_strerror },
		{ "curl_easy_header", (void **)&lc.easy_header },
		{ "curl_multi_init", (void **)&lc.multi_init },
		{ "curl_multi_cleanup", (void **)&lc.multi_cleanup },
		{ "curl_multi_add_handle", (void **)&lc.multi_add_handle },
		{ "curl_multi_remove_handle", (void **)&lc.multi_remove_handle },
		{ "curl_multi_perform", (void **)&lc.multi_perform },
		{ "curl_multi_poll", (void **)&lc.multi_poll },
		{ "curl_multi_info_read", (void **)&lc.multi_info_read },
		{ "curl_slist_append", (void **)&lc.slist_append },
		{ "curl_slist_free_all", (void **)&lc.slist_free_all },
	};
	const char *e;

	lc.lib = dlopen(KIOSK_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (lc.lib == NULL) {
		e = dlerror();
		snprintf(lc.error, sizeof(lc.error), "%s", e != NULL ? e : KIOSK_CURL_SONAME);
		return -1;
	}
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		*syms[i].slot = dlsym(lc.lib, syms[i].name);
		if (*syms[i].slot == NULL) {
			snprintf(lc.error, sizeof(lc.error), "%s: no %s", KIOSK_CURL_SONAME,
				 syms[i].name);
			goto fail;
		}
	}
	if (lc.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(lc.error, sizeof(lc.error), "cannot initialise libcurl");
		goto fail;
	}
	return 0;
fail:
	/* Nothing of it was used: it may go (no global_init ran, or it failed). */
	(void)dlclose(lc.lib);
	lc.lib = NULL;
	return -1;
}

static void *curl_load_thread(void *ud)
{
	(void)ud;
	loader.rc = curl_load_now();
	atomic_store(&loader.done, true);
	if (loader.fd[1] >= 0)
		(void)!write(loader.fd[1], "", 1);
	return NULL;
}

/* Start loading libcurl in the background (once); runs it here when no thread can be had. */
static void curl_load_start(void)
{
	sigset_t all, old;

	if (loader.started)
		return;
	loader.started = true;
	if (pipe2(loader.fd, O_CLOEXEC | O_NONBLOCK) != 0)
		loader.fd[0] = loader.fd[1] = -1;
	/* Signals stay with the UI thread (SIGWINCH, SIGTERM ...). */
	sigfillset(&all);
	(void)pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&loader.thread, NULL, curl_load_thread, NULL) != 0) {
		loader.joined = true;		/* no thread: load here */
		(void)curl_load_thread(NULL);
	}
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* libcurl loaded (waiting for the thread if it is still at work): 0, or -1 with lc.error. */
static int curl_load(void)
{
	curl_load_start();
	if (!loader.joined) {
		(void)pthread_join(loader.thread, NULL);
		loader.joined = true;
	}
	return loader.rc;
}

bool api_global_cleanup(void)
{
	if (loader.started && !atomic_load(&loader.done))
		return false;		/* still loading: the caller ends without waiting */
	if (loader.started && !loader.joined) {
		(void)pthread_join(loader.thread, NULL);
		loader.joined = true;
	}
	if (lc.lib != NULL && loader.rc == 0)
		lc.global_cleanup();
	for (int i = 0; i < 2; i++)
		if (loader.fd[i] >= 0)
			(void)close(loader.fd[i]);
	loader.fd[0] = loader.fd[1] = -1;
	return true;
}

struct api {
	CURLM *multi;
	CURL *easy;
	struct curl_slist *headers;
	char *server;
	char *ca_file;
	char *pin;
	long timeout_s;
	char token[128];
	char next_header[128];       /* api_set_next_header: for one request */
	char errbuf[CURL_ERROR_SIZE];
	char *req_body;
	size_t req_len;
	char *resp;
	size_t resp_len, resp_cap;
	bool resp_overflow;
	bool busy;
	int tag;
	bool ready;                  /* libcurl loaded, easy and multi made */
	/* A request recorded by api_start, sent by the next api_poll. */
	bool pending, pending_body, pending_auth;
	char method[8];
	char path[768];
	char content_type[64];
};

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

static void wipe_headers(struct api *api)
{
	for (struct curl_slist *h = api->headers; h != NULL; h = h->next)
		if (h->data != NULL)
			explicit_bzero(h->data, strlen(h->data));
	if (api->headers != NULL)
		lc.slist_free_all(api->headers);
	api->headers = NULL;
}

/* Forget everything of the finished request: body, reply, headers. */
static void request_reset(struct api *api)
{
	wipe_free(&api->req_body, api->req_len);
	api->req_len = 0;
	wipe_free(&api->resp, api->resp_cap);
	api->resp_len = api->resp_cap = 0;
	api->resp_overflow = false;
	wipe_headers(api);
	api->busy = false;
	api->pending = false;
}

static size_t on_data(char *data, size_t size, size_t nmemb, void *ud)
{
	struct api *api = ud;
	size_t n = size * nmemb;

	if (api->resp_len + n + 1 > RESPONSE_MAX) {
		api->resp_overflow = true;
		return 0;	/* aborts with CURLE_WRITE_ERROR */
	}
	if (api->resp_len + n + 1 > api->resp_cap) {
		size_t cap = api->resp_cap ? api->resp_cap : 4096;
		char *p;

		while (cap < api->resp_len + n + 1)
			cap *= 2;
		p = malloc(cap);
		if (p == NULL)
			return 0;
		if (api->resp != NULL) {
			memcpy(p, api->resp, api->resp_len);
			explicit_bzero(api->resp, api->resp_cap);
			free(api->resp);
		}
		api->resp = p;
		api->resp_cap = cap;
	}
	memcpy(api->resp + api->resp_len, data, n);
	api->resp_len += n;
	api->resp[api->resp_len] = '\0';
	return n;
}

struct api *api_new(const struct api_config *cfg, char *err, size_t errlen)
{
	struct api *api = calloc(1, sizeof(*api));

	if (api == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	api->server = strdup(cfg->server != NULL ? cfg->server : "");
	api->ca_file = dup_or_null(cfg->ca_file);
	api->pin = dup_or_null(cfg->pin);
	api->timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 20;
	if (api->server == NULL ||
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

/* libcurl loaded and the handles made, with the options that never change: 0, or -1 with err. */
static int api_ready(struct api *api, char *err, size_t errlen)
{
	CURLcode rc = CURLE_OK;

	if (api->ready)
		return 0;
	if (curl_load() != 0) {
		snprintf(err, errlen, "%s", lc.error);
		return -1;
	}
	if (api->multi == NULL)
		api->multi = lc.multi_init();
	if (api->easy == NULL)
		api->easy = lc.easy_init();
	if (api->multi == NULL || api->easy == NULL) {
		snprintf(err, errlen, "cannot initialise libcurl");
		return -1;
	}
	/* Options that never change. Verification stays on, always. */
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_ERRORBUFFER, api->errbuf);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_PROTOCOLS_STR, "https");
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_NOSIGNAL, 1L);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_CONNECTTIMEOUT_MS,
						CONNECT_TIMEOUT_MS);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_TIMEOUT_MS,
						api->timeout_s * 1000L);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_LOW_SPEED_TIME,
						api->timeout_s);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_USERAGENT,
						"ncre-kiosk/" NCRE_VERSION);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_WRITEFUNCTION, on_data);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_WRITEDATA, api);
	if (rc == CURLE_OK && api->ca_file != NULL)
		rc = lc.easy_setopt(api->easy, CURLOPT_CAINFO, api->ca_file);
	if (rc == CURLE_OK && api->pin != NULL)
		rc = lc.easy_setopt(api->easy, CURLOPT_PINNEDPUBLICKEY, api->pin);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "libcurl: %s", lc.easy_strerror(rc));
		return -1;
	}
	api->ready = true;
	return 0;
}

void api_free(struct api **p)
{
	struct api *api = *p;

	if (api == NULL)
		return;
	if (api->busy && !api->pending)
		(void)lc.multi_remove_handle(api->multi, api->easy);
	request_reset(api);
	if (api->easy != NULL)
		lc.easy_cleanup(api->easy);
	if (api->multi != NULL)
		(void)lc.multi_cleanup(api->multi);
	explicit_bzero(api->token, sizeof(api->token));
	free(api->server);
	free(api->ca_file);
	free(api->pin);
	free(api);
	*p = NULL;
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

static int add_header(struct api *api, const char *h)
{
	struct curl_slist *l = lc.slist_append(api->headers, h);

	if (l == NULL)
		return -1;
	api->headers = l;
	return 0;
}

/* Bodies above this are uploads (the photo): they get the longer timeout. */
#define UPLOAD_BODY_MIN (64 * 1024)

/*
 * The part of a request after its body is in api->req_body / req_len (or
 * there is none): headers, URL, method, the timeout, and the hand-over to
 * curl multi. On failure everything of the request is wiped.
 */
static int api_send_prepared(struct api *api, const char *method, const char *path,
			     const char *content_type, bool has_body, bool auth)
{
	char url[1024], bearer[160], ctype[128];
	CURLcode rc = CURLE_OK;
	long timeout_ms = api->timeout_s * 1000L;

	if ((size_t)snprintf(url, sizeof(url), "%s%s", api->server, path) >= sizeof(url))
		goto fail;
	if (add_header(api, "Accept: application/json") != 0)
		goto fail;
	if (has_body) {
		if ((size_t)snprintf(ctype, sizeof(ctype), "Content-Type: %s", content_type) >=
			    sizeof(ctype) ||
		    add_header(api, ctype) != 0)
			goto fail;
	}
	/* An empty Expect: stops curl waiting for "100 Continue". */
	if (add_header(api, "Expect:") != 0)
		goto fail;
	if (api->next_header[0] != '\0' && add_header(api, api->next_header) != 0)
		goto fail;
	explicit_bzero(api->next_header, sizeof(api->next_header));
	if (auth && api->token[0] != '\0') {
		snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s", api->token);
		if (add_header(api, bearer) != 0) {
			explicit_bzero(bearer, sizeof(bearer));
			goto fail;
		}
		explicit_bzero(bearer, sizeof(bearer));
	}
	if (has_body && api->req_len > UPLOAD_BODY_MIN && timeout_ms < API_UPLOAD_TIMEOUT_MS)
		timeout_ms = API_UPLOAD_TIMEOUT_MS;
	api->errbuf[0] = '\0';
	rc = lc.easy_setopt(api->easy, CURLOPT_URL, url);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_HTTPHEADER, api->headers);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_CUSTOMREQUEST, NULL);
	if (rc == CURLE_OK) rc = lc.easy_setopt(api->easy, CURLOPT_TIMEOUT_MS, timeout_ms);
	if (rc != CURLE_OK)
		goto fail;
	if (strcmp(method, "GET") == 0 || strcmp(method, "DELETE") == 0) {
		rc = lc.easy_setopt(api->easy, CURLOPT_HTTPGET, 1L);
		if (rc == CURLE_OK && method[0] == 'D')
			rc = lc.easy_setopt(api->easy, CURLOPT_CUSTOMREQUEST, "DELETE");
	} else {
		rc = lc.easy_setopt(api->easy, CURLOPT_POST, 1L);
		if (rc == CURLE_OK)
			rc = lc.easy_setopt(api->easy, CURLOPT_POSTFIELDS,
					    api->req_body != NULL ? api->req_body : "");
		if (rc == CURLE_OK)
			rc = lc.easy_setopt(api->easy, CURLOPT_POSTFIELDSIZE, (long)api->req_len);
		if (rc == CURLE_OK && strcmp(method, "POST") != 0)
			rc = lc.easy_setopt(api->easy, CURLOPT_CUSTOMREQUEST, method);
	}
	if (rc != CURLE_OK)
		goto fail;
	if (lc.multi_add_handle(api->multi, api->easy) != CURLM_OK)
		goto fail;
	return 0;
fail:
	explicit_bzero(api->next_header, sizeof(api->next_header));
	request_reset(api);
	return -1;
}

/* Record the request for the next api_poll, which loads libcurl if needed and sends it. */
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

static enum api_status classify(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return API_UNREACHABLE;
	case CURLE_OPERATION_TIMEDOUT:
		return API_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		return API_TLS;
	default:
		return API_NETWORK;
	}
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

/* A reply of type image/... (GET /v1/staff/registrations/{id}/photo). */
static bool reply_is_image(struct api *api)
{
	char *ct = NULL;

	return lc.easy_getinfo(api->easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK &&
	       ct != NULL && strncasecmp(ct, "image/", 6) == 0;
}

static void finish(struct api *api, CURLcode rc, struct api_result *res)
{
	cJSON *root = NULL;

	memset(res, 0, sizeof(*res));
	res->tag = api->tag;
	res->retry_after = -1;
	(void)lc.multi_remove_handle(api->multi, api->easy);
	copy_str(res->detail, sizeof(res->detail),
		 api->errbuf[0] ? api->errbuf : lc.easy_strerror(rc));
	if (rc != CURLE_OK) {
		res->status = api->resp_overflow ? API_BAD_REPLY : classify(rc);
		goto out;
	}
	if (lc.easy_getinfo(api->easy, CURLINFO_RESPONSE_CODE, &res->http) != CURLE_OK)
		res->http = 0;
	if (res->http >= 200 && res->http < 300 && api->resp_len > 0 && reply_is_image(api)) {
		/* The bytes change hands: no copy to wipe later. */
		res->status = API_OK;
		res->raw = (unsigned char *)api->resp;
		res->raw_len = api->resp_len;
		api->resp = NULL;
		api->resp_len = api->resp_cap = 0;
		goto out;
	}
	if (api->resp_len > 0)
		root = cJSON_ParseWithLength(api->resp, api->resp_len);
	if (res->http >= 200 && res->http < 300) {
		if (api->resp_len > 0 && !cJSON_IsObject(root)) {
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
		if (res->retry_after < 0) {
			struct curl_header *h = NULL;

			if (lc.easy_header(api->easy, "Retry-After", 0, CURLH_HEADER, -1, &h) ==
				    CURLHE_OK && h != NULL) {
				char *end;
				long v = strtol(h->value, &end, 10);

				if (end != h->value && v >= 0)
					res->retry_after = v;
			}
		}
	} else {
		res->status = res->http >= 500 ? API_SERVER : API_BAD_REPLY;
	}
out:
	api_json_wipe_free(&root);
	request_reset(api);
}

/* The recorded request goes out: libcurl loaded first when needed. 0, or -1 with res. */
static int api_send_pending(struct api *api, struct api_result *res)
{
	char why[CURL_ERROR_SIZE];

	api->pending = false;
	why[0] = '\0';
	if (api_ready(api, why, sizeof(why)) == 0 &&
	    api_send_prepared(api, api->method, api->path, api->content_type, api->pending_body,
			      api->pending_auth) == 0)
		return 0;
	memset(res, 0, sizeof(*res));
	res->tag = api->tag;
	res->retry_after = -1;
	res->status = API_LOCAL;
	copy_str(res->detail, sizeof(res->detail), why);
	request_reset(api);
	return -1;
}

int api_poll(struct api *api, int timeout_ms, struct api_result *res)
{
	struct curl_waitfd wfd = { .fd = 0, .events = CURL_WAIT_POLLIN, .revents = 0 };
	int running = 0;

	if (api->pending && !api->ready) {
		/* libcurl loads in the background; keys are read meanwhile. */
		curl_load_start();
		if (!atomic_load(&loader.done)) {
			struct pollfd in[2] = { { .fd = 0, .events = POLLIN },
						{ .fd = loader.fd[0], .events = POLLIN } };

			(void)poll(in, loader.fd[0] >= 0 ? 2 : 1,
				   loader.fd[0] >= 0 ? timeout_ms : 10);
			if (!atomic_load(&loader.done))
				return 0;
		}
	}
	if (api->pending && api_send_pending(api, res) != 0)
		return 1;
	if (!api->ready) {
		/* Nothing has gone out yet: wait for a key only. */
		struct pollfd in = { .fd = 0, .events = POLLIN, .revents = 0 };

		(void)poll(&in, 1, timeout_ms);
		return 0;
	}
	for (int pass = 0; pass < 2; pass++) {
		if (api->busy) {
			CURLMsg *msg;
			int left;

			(void)lc.multi_perform(api->multi, &running);
			while ((msg = lc.multi_info_read(api->multi, &left)) != NULL) {
				if (msg->msg == CURLMSG_DONE && msg->easy_handle == api->easy) {
					finish(api, msg->data.result, res);
					return 1;
				}
			}
		}
		if (pass == 0)
			(void)lc.multi_poll(api->multi, &wfd, 1, timeout_ms, NULL);
	}
	return 0;
}

bool api_sent(const struct api *api)
{
	curl_off_t pre = 0;
	long size = 0;

	if (!api->busy || api->pending)
		return false;
	/* The request's bytes have gone (REQUEST_SIZE counts them as they
	 * are sent); PRETRANSFER is set once connected, TLS done. */
	if (lc.easy_getinfo(api->easy, CURLINFO_REQUEST_SIZE, &size) == CURLE_OK && size > 0)
		return true;
	return lc.easy_getinfo(api->easy, CURLINFO_PRETRANSFER_TIME_T, &pre) == CURLE_OK &&
	       pre > 0;
}

void api_cancel(struct api *api, struct api_result *res)
{
	memset(res, 0, sizeof(*res));
	res->retry_after = -1;
	res->tag = api->tag;
	res->status = API_CANCELLED;
	if (!api->busy)
		return;
	res->sent = api_sent(api);
	if (!api->pending)
		(void)lc.multi_remove_handle(api->multi, api->easy);
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
