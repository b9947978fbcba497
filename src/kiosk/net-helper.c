/*
 * ncre-kiosk-net: the kiosk's network, in a process of its own.
 *
 *   ncre-kiosk-net --parent PID [--ca-file FILE] [--pin PINS]
 *
 * The kiosk starts it (api.c) with one end of a socketpair as fd 0 and
 * /dev/null as fd 1 and 2, and sends it requests as frames (net-frame.h).
 * libcurl and its closure (TLS, IDN, PSL, Kerberos, LDAP, SSH ..., some 30
 * shared objects, 11 MB of the kiosk's resident memory when they lived in
 * it) are mapped here, not in the kiosk.
 *
 * Every request goes out with verification on: peer and host name
 * verified, https only, the CA file and the key pin as given. One easy
 * handle serves the whole run, so the TLS connection is kept alive
 * between requests. The request's and the reply's bytes are wiped as
 * soon as the reply has been handed over. The kiosk ends this process
 * (SIGKILL) when a session ends, when it cancels a request, and when it
 * leaves; this process also ends when the kiosk does (PR_SET_PDEATHSIG)
 * and when the socket closes.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ncre/buf.h"
#include "net-frame.h"

#define NET_CONNECT_TIMEOUT_MS 5000L

struct net {
	CURL *easy;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
	struct ncre_buf resp;	/* the reply's body, under NET_REPLY_MAX */
	bool too_big;
	int32_t id;
	bool sent;		/* NET_SENT written for this request */
	bool broken;		/* the socket failed: stop */
};

static void net_wipe_reply(struct net *n)
{
	ncre_buf_wipe(&n->resp);
	n->too_big = false;
}

static void net_wipe_headers(struct net *n)
{
	for (struct curl_slist *h = n->headers; h != NULL; h = h->next)
		if (h->data != NULL)
			explicit_bzero(h->data, strlen(h->data));
	curl_slist_free_all(n->headers);
	n->headers = NULL;
}

static size_t net_on_data(char *data, size_t size, size_t nmemb, void *ud)
{
	struct net *n = ud;
	size_t len = size * nmemb;

	switch (ncre_buf_append(&n->resp, data, len)) {
	case NCRE_BUF_OK:
		return len;
	case NCRE_BUF_TOO_BIG:
		n->too_big = true;
		return 0;	/* aborts with CURLE_WRITE_ERROR */
	case NCRE_BUF_NOMEM:
		break;
	}
	return 0;
}

/* Called by libcurl while the transfer runs: tell the kiosk once the request is out. */
static int net_on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
			   curl_off_t ulnow)
{
	struct net *n = ud;
	curl_off_t pre = 0;
	long size = 0;
	int32_t num[NET_NUMS] = { n->id };

	(void)dltotal; (void)dlnow; (void)ultotal; (void)ulnow;
	if (n->sent)
		return 0;
	if (!((curl_easy_getinfo(n->easy, CURLINFO_REQUEST_SIZE, &size) == CURLE_OK && size > 0) ||
	      (curl_easy_getinfo(n->easy, CURLINFO_PRETRANSFER_TIME_T, &pre) == CURLE_OK && pre > 0)))
		return 0;
	n->sent = true;
	if (net_frame_write(0, NET_SENT, num, NULL, NULL) != 0) {
		n->broken = true;
		return 1;	/* the kiosk is gone: abort */
	}
	return 0;
}

static enum net_status net_classify(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return NET_UNREACHABLE;
	case CURLE_OPERATION_TIMEDOUT:
		return NET_TIMEOUT;
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
		return NET_TLS;
	default:
		return NET_NETWORK;
	}
}

/* The options that never change. Verification stays on, always. */
static CURLcode net_setup(struct net *n, const char *ca_file, const char *pin)
{
	CURLcode rc = CURLE_OK;

	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_ERRORBUFFER, n->errbuf);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_PROTOCOLS_STR, "https");
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_NOSIGNAL, 1L);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_CONNECTTIMEOUT_MS,
						  NET_CONNECT_TIMEOUT_MS);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_USERAGENT,
						  "ncre-kiosk/" NCRE_VERSION);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_WRITEFUNCTION, net_on_data);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_WRITEDATA, n);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_XFERINFOFUNCTION, net_on_progress);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_XFERINFODATA, n);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_NOPROGRESS, 0L);
	if (rc == CURLE_OK && ca_file != NULL)
		rc = curl_easy_setopt(n->easy, CURLOPT_CAINFO, ca_file);
	if (rc == CURLE_OK && pin != NULL)
		rc = curl_easy_setopt(n->easy, CURLOPT_PINNEDPUBLICKEY, pin);
	return rc;
}

/* The request's own options; CURLE_OK or the first failure. */
static CURLcode net_prepare(struct net *n, const struct net_frame *q)
{
	const char *method = q->field[0], *url = q->field[1];
	long timeout_ms = q->num[1] > 0 ? (long)q->num[1] : 20000L;
	CURLcode rc = CURLE_OK;

	/* Header lines, one per "\n"-separated part of field 2. */
	for (char *line = q->field[2], *end; line != NULL && *line != '\0'; line = end) {
		struct curl_slist *l;

		end = strchr(line, '\n');
		if (end != NULL)
			*end++ = '\0';
		l = curl_slist_append(n->headers, line);
		if (l == NULL)
			return CURLE_OUT_OF_MEMORY;
		n->headers = l;
	}
	rc = curl_easy_setopt(n->easy, CURLOPT_URL, url);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_HTTPHEADER, n->headers);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_CUSTOMREQUEST, NULL);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_TIMEOUT_MS, timeout_ms);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_LOW_SPEED_TIME,
						  (timeout_ms + 999) / 1000);
	if (rc != CURLE_OK)
		return rc;
	if (strcmp(method, "GET") == 0 || strcmp(method, "DELETE") == 0) {
		rc = curl_easy_setopt(n->easy, CURLOPT_HTTPGET, 1L);
		if (rc == CURLE_OK && method[0] == 'D')
			rc = curl_easy_setopt(n->easy, CURLOPT_CUSTOMREQUEST, "DELETE");
		return rc;
	}
	rc = curl_easy_setopt(n->easy, CURLOPT_POST, 1L);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_POSTFIELDS, q->field[3]);
	if (rc == CURLE_OK) rc = curl_easy_setopt(n->easy, CURLOPT_POSTFIELDSIZE, (long)q->len[3]);
	if (rc == CURLE_OK && strcmp(method, "POST") != 0)
		rc = curl_easy_setopt(n->easy, CURLOPT_CUSTOMREQUEST, method);
	return rc;
}

/* Carry out one request and write its NET_REPLY: 0, or -1 when the socket failed. */
static int net_exchange(struct net *n, const struct net_frame *q)
{
	int32_t num[NET_NUMS] = { q->num[0], NET_LOCAL, 0, -1 };
	const char *field[NET_FIELDS] = { NULL, NULL, NULL, NULL };
	size_t len[NET_FIELDS] = { 0, 0, 0, 0 };
	char *ctype = NULL;
	long http = 0;
	CURLcode rc;
	int out;

	n->id = q->num[0];
	n->sent = false;
	n->errbuf[0] = '\0';
	rc = net_prepare(n, q);
	if (rc == CURLE_OK) {
		rc = curl_easy_perform(n->easy);
		if (n->broken)
			return -1;
		if (rc == CURLE_OK) {
			struct curl_header *h = NULL;

			num[1] = NET_DONE;
			if (curl_easy_getinfo(n->easy, CURLINFO_RESPONSE_CODE, &http) == CURLE_OK)
				num[2] = (int32_t)http;
			if (curl_easy_getinfo(n->easy, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK &&
			    ctype != NULL) {
				field[0] = ctype;
				len[0] = strlen(ctype);
			}
			if (curl_easy_header(n->easy, "Retry-After", 0, CURLH_HEADER, -1, &h) ==
				    CURLHE_OK && h != NULL) {
				char *end;
				long v = strtol(h->value, &end, 10);

				if (end != h->value && v >= 0 && v < INT32_MAX)
					num[3] = (int32_t)v;
			}
			field[2] = n->resp.data;
			len[2] = n->resp.len;
		} else {
			num[1] = n->too_big ? NET_TOO_BIG : net_classify(rc);
		}
	}
	field[1] = n->errbuf[0] != '\0' ? n->errbuf : curl_easy_strerror(rc);
	len[1] = strlen(field[1]);
	out = net_frame_write(0, NET_REPLY, num, field, len);
	/* Nothing of the exchange stays here. */
	net_wipe_reply(n);
	net_wipe_headers(n);
	(void)curl_easy_setopt(n->easy, CURLOPT_HTTPHEADER, NULL);
	(void)curl_easy_setopt(n->easy, CURLOPT_POSTFIELDS, NULL);
	explicit_bzero(n->errbuf, sizeof(n->errbuf));
	return out;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "parent", required_argument, NULL, 'p' },
		{ "ca-file", required_argument, NULL, 'c' },
		{ "pin", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct rlimit nocore = { 0, 0 };
	struct net n;
	struct net_frame q;
	const char *ca_file = NULL, *pin = NULL;
	long parent = 0;
	int c, rc = 0;

	/* A core dump would hold personal data. */
	(void)setrlimit(RLIMIT_CORE, &nocore);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': parent = strtol(optarg, NULL, 10); break;
		case 'c': ca_file = optarg; break;
		case 'k': pin = optarg; break;
		default:
			fprintf(stderr, "usage: ncre-kiosk-net --parent PID [--ca-file FILE] "
				"[--pin PINS]\n");
			return 2;
		}
	}
	/* Started by the kiosk, and ends with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || parent <= 0 || getppid() != (pid_t)parent) {
		fprintf(stderr, "ncre-kiosk-net: run by ncre-kiosk only\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	memset(&n, 0, sizeof(n));
	/* With its '\0', a reply is under NET_REPLY_MAX bytes. */
	n.resp = NCRE_BUF_INIT(NET_REPLY_MAX - 1, 4096);
	memset(&q, 0, sizeof(q));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	n.easy = curl_easy_init();
	if (n.easy == NULL || net_setup(&n, ca_file, pin) != CURLE_OK) {
		rc = 1;
		goto out;
	}
	for (;;) {
		int r = net_frame_read(0, &q);

		if (r == 1)
			break;		/* the kiosk closed the socket */
		if (r != 0 || q.type != NET_REQUEST || net_exchange(&n, &q) != 0) {
			rc = 1;
			break;
		}
		net_frame_wipe(&q);
	}
out:
	net_frame_wipe(&q);
	net_wipe_reply(&n);
	net_wipe_headers(&n);
	if (n.easy != NULL)
		curl_easy_cleanup(n.easy);
	curl_global_cleanup();
	return rc;
}
