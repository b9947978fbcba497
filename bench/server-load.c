/*
 * A load generator for ncre-server: C concurrent clients, each on its own
 * kept-alive TLS connection (certificate verified against the given CA),
 * send the same request for a fixed time; prints requests per second and
 * latency percentiles.
 *
 *   server-load URL CA-FILE [-c CLIENTS] [-d SECONDS] [-m METHOD] [-b BODY]
 *               [-B OTHER-BODY] [-H HEADER] [-n MAX-REQUESTS]
 *
 * With -b the body is sent as application/json; with -B each client sends
 * BODY and OTHER-BODY in turn (a save that moves back and forth). -H adds
 * one header line ("Authorization: Bearer ..."). Only loopback URLs are
 * accepted: this is a benchmark for a server on this machine.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct client {
	CURL *easy;
	struct curl_slist *hdr;
	double started;
	unsigned sent;
};

struct stats {
	double *lat;
	size_t n, cap;
	size_t ok, failed;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t discard(char *p, size_t sz, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return sz * n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int stats_add(struct stats *st, double v)
{
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 4096;
		double *p = realloc(st->lat, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		st->lat = p;
		st->cap = cap;
	}
	st->lat[st->n++] = v;
	return 0;
}

static double pct(const struct stats *st, double p)
{
	size_t i;

	if (st->n == 0)
		return 0;
	i = (size_t)(p * (double)(st->n - 1));
	return st->lat[i];
}

static int client_setup(struct client *c, const char *url, const char *ca, const char *method,
			const char *body, const char *header)
{
	c->easy = curl_easy_init();
	if (c->easy == NULL)
		return -1;
	c->hdr = NULL;
	if (body != NULL) {
		c->hdr = curl_slist_append(NULL, "Content-Type: application/json");
		if (c->hdr == NULL)
			return -1;
	}
	if (header != NULL) {
		struct curl_slist *h = curl_slist_append(c->hdr, header);

		if (h == NULL)
			return -1;
		c->hdr = h;
	}
	if (curl_easy_setopt(c->easy, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(c->easy, CURLOPT_CAINFO, ca) != CURLE_OK ||
	    curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, discard) != CURLE_OK ||
	    curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(c->easy, CURLOPT_TIMEOUT, 30L) != CURLE_OK ||
	    curl_easy_setopt(c->easy, CURLOPT_CUSTOMREQUEST, method) != CURLE_OK)
		return -1;
	if (body != NULL && curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, body) != CURLE_OK)
		return -1;
	if (c->hdr != NULL && curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->hdr) != CURLE_OK)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *url, *ca, *method = "GET", *body = NULL, *body2 = NULL, *header = NULL;
	long clients = 8, seconds = 5, max_req = 0;
	struct client *cs = NULL;
	struct stats st = {0};
	CURLM *multi = NULL;
	double t0, t_end, elapsed;
	int running, rc = 1;
	long issued = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s URL CA-FILE [-c N] [-d S] [-m METHOD] [-b BODY]"
			" [-B BODY] [-H HEADER] [-n MAX]\n", argv[0]);
		return 2;
	}
	url = argv[1];
	ca = argv[2];
	if (strncmp(url, "https://127.", 12) != 0 && strncmp(url, "https://localhost", 17) != 0 &&
	    strncmp(url, "https://[::1]", 13) != 0) {
		fprintf(stderr, "server-load: only loopback servers are measured\n");
		return 2;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		char *end;

		if (strcmp(argv[i], "-c") == 0)
			clients = strtol(argv[i + 1], &end, 10);
		else if (strcmp(argv[i], "-d") == 0)
			seconds = strtol(argv[i + 1], &end, 10);
		else if (strcmp(argv[i], "-n") == 0)
			max_req = strtol(argv[i + 1], &end, 10);
		else if (strcmp(argv[i], "-m") == 0)
			method = argv[i + 1];
		else if (strcmp(argv[i], "-b") == 0)
			body = argv[i + 1];
		else if (strcmp(argv[i], "-B") == 0)
			body2 = argv[i + 1];
		else if (strcmp(argv[i], "-H") == 0)
			header = argv[i + 1];
		else {
			fprintf(stderr, "server-load: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (clients < 1 || clients > 256 || seconds < 1 || seconds > 120) {
		fprintf(stderr, "server-load: 1..256 clients, 1..120 seconds\n");
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	multi = curl_multi_init();
	cs = calloc((size_t)clients, sizeof(*cs));
	if (multi == NULL || cs == NULL)
		goto out;
	for (long i = 0; i < clients; i++) {
		if (client_setup(&cs[i], url, ca, method, body, header) != 0)
			goto out;
		if (curl_easy_setopt(cs[i].easy, CURLOPT_PRIVATE, &cs[i]) != CURLE_OK)
			goto out;
	}
	t0 = now_s();
	t_end = t0 + (double)seconds;
	for (long i = 0; i < clients; i++) {
		cs[i].started = now_s();
		if (curl_multi_add_handle(multi, cs[i].easy) != CURLM_OK)
			goto out;
		issued++;
	}
	do {
		CURLMsg *m;
		int left;

		if (curl_multi_perform(multi, &running) != CURLM_OK)
			goto out;
		while ((m = curl_multi_info_read(multi, &left)) != NULL) {
			struct client *c;
			long code = 0;
			double t = now_s();

			if (m->msg != CURLMSG_DONE)
				continue;
			if (curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c) != CURLE_OK)
				goto out;
			curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &code);
			if (m->data.result == CURLE_OK && code >= 200 && code < 300)
				st.ok++;
			else
				st.failed++;
			if (stats_add(&st, t - c->started) != 0)
				goto out;
			curl_multi_remove_handle(multi, c->easy);
			if (t < t_end && (max_req == 0 || issued < max_req)) {
				c->started = t;
				c->sent++;
				if (body != NULL && body2 != NULL &&
				    curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS,
						     c->sent % 2 != 0 ? body2 : body) != CURLE_OK)
					goto out;
				if (curl_multi_add_handle(multi, c->easy) != CURLM_OK)
					goto out;
				issued++;
				running++;
			}
		}
		if (running > 0 && curl_multi_poll(multi, NULL, 0, 100, NULL) != CURLM_OK)
			goto out;
	} while (running > 0);
	elapsed = now_s() - t0;
	qsort(st.lat, st.n, sizeof(*st.lat), cmp_double);
	printf("%s %s: %ld clients, %.1f s, %zu ok, %zu failed, %.0f req/s, "
	       "latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms\n",
	       method, url, clients, elapsed, st.ok, st.failed, (double)st.n / elapsed,
	       pct(&st, 0.50) * 1e3, pct(&st, 0.90) * 1e3, pct(&st, 0.99) * 1e3);
	rc = st.failed == 0 ? 0 : 1;
out:
	if (cs != NULL) {
		for (long i = 0; i < clients; i++) {
			if (cs[i].easy != NULL) {
				curl_multi_remove_handle(multi, cs[i].easy);
				curl_easy_cleanup(cs[i].easy);
			}
			curl_slist_free_all(cs[i].hdr);
		}
		free(cs);
	}
	if (multi != NULL)
		curl_multi_cleanup(multi);
	free(st.lat);
	curl_global_cleanup();
	return rc;
}
