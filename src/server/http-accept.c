/*
 * The accept thread (http-accept.h). One poll() loop over a wake-up pipe,
 * the listening socket and the trusted proxies' connections whose PROXY
 * header has not fully arrived; each of those has a deadline. A header is
 * read with exact lengths (16 bytes, then its stated length), so not one
 * byte of the TLS handshake behind it is taken from MHD.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http-accept.h"
#include "log.h"

/* Trusted connections waiting for their header; more wait in the backlog. */
#define HTTP_ACCEPT_PENDING_MAX 256
/* Connections taken per wake-up before the pending ones are looked at again. */
#define HTTP_ACCEPT_BURST 64

struct http_accept_pending {
	int fd;
	struct sockaddr_storage peer;
	socklen_t peerlen;
	size_t have, want;
	struct timespec deadline;
	unsigned char buf[PROXY_V2_MAX];
};

struct http_accept {
	pthread_t thread;
	int listen_fd;
	int wake[2];
	struct MHD_Daemon *daemon;
	const struct proxy_list *proxies;
	unsigned timeout;
	struct http_accept_pending *pend;
	size_t npend;
};

static void http_accept_now(struct timespec *ts)
{
	if (clock_gettime(CLOCK_MONOTONIC, ts) != 0)
		memset(ts, 0, sizeof(*ts));
}

static long http_accept_ms_left(const struct timespec *now, const struct timespec *deadline)
{
	return (long)(deadline->tv_sec - now->tv_sec) * 1000 +
	       (deadline->tv_nsec - now->tv_nsec) / 1000000;
}

/* Give fd to MHD as a connection from sa; MHD closes it if it cannot take it. */
static void http_accept_hand(struct http_accept *a, int fd, const struct sockaddr_storage *sa,
			     socklen_t len)
{
	/* On MHD_NO (limits reached) MHD has closed the socket already. */
	(void)MHD_add_connection(a->daemon, fd, (const struct sockaddr *)(const void *)sa, len);
}

static void http_accept_drop(struct http_accept *a, size_t i)
{
	close(a->pend[i].fd);
	a->npend--;
	if (i != a->npend)
		memcpy(&a->pend[i], &a->pend[a->npend], sizeof(a->pend[i]));
}

static void http_accept_log_peer(const char *what, const struct http_accept_pending *p)
{
	char host[64] = "?";
	const void *src = NULL;

	if (p->peer.ss_family == AF_INET)
		src = &((const struct sockaddr_in *)(const void *)&p->peer)->sin_addr;
	else if (p->peer.ss_family == AF_INET6)
		src = &((const struct sockaddr_in6 *)(const void *)&p->peer)->sin6_addr;
	if (src != NULL && inet_ntop(p->peer.ss_family, src, host, sizeof(host)) == NULL)
		snprintf(host, sizeof(host), "?");
	log_msg(LOG_PRIO_WARNING, "ncre-server: trusted proxy %s: %s; connection closed", host, what);
}

/* Read more of pending connection i. Returns false when it left the list. */
static bool http_accept_read(struct http_accept *a, size_t i)
{
	struct http_accept_pending *p = &a->pend[i];
	struct sockaddr_storage real;
	socklen_t reallen = 0;
	bool local = false;
	ssize_t n;

	for (;;) {
		n = recv(p->fd, p->buf + p->have, p->want - p->have, 0);
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return true;
	if (n <= 0) {
		http_accept_drop(a, i);		/* closed before its header */
		return false;
	}
	p->have += (size_t)n;
	switch (proxy_parse(p->buf, p->have, &p->want, &real, &reallen, &local)) {
	case PROXY_NEED:
		return true;
	case PROXY_OK:
		if (local)
			http_accept_hand(a, p->fd, &p->peer, p->peerlen);
		else
			http_accept_hand(a, p->fd, &real, reallen);
		/* The descriptor is MHD's now: remove without closing. */
		a->npend--;
		if (i != a->npend)
			memcpy(&a->pend[i], &a->pend[a->npend], sizeof(a->pend[i]));
		return false;
	case PROXY_BAD:
		break;
	}
	http_accept_log_peer("no valid PROXY protocol v2 header", p);
	http_accept_drop(a, i);
	return false;
}

/* Accept what the backlog holds (up to a burst); returns how many were taken. */
static int http_accept_new(struct http_accept *a)
{
	int taken = 0;

	for (int k = 0; k < HTTP_ACCEPT_BURST && a->npend < HTTP_ACCEPT_PENDING_MAX; k++) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer);
		int fd = accept4(a->listen_fd, (struct sockaddr *)&peer, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				/* Out of descriptors: let the backlog hold them a moment. */
				log_msg(LOG_PRIO_WARNING, "ncre-server: accept: %s", strerror(errno));
				usleep(10 * 1000);
			}
			return taken;
		}
		taken++;
		if (a->proxies->n > 0 &&
		    proxy_list_has(a->proxies, (const struct sockaddr *)&peer)) {
			struct http_accept_pending *p = &a->pend[a->npend++];

			p->fd = fd;
			p->peer = peer;
			p->peerlen = len;
			p->have = 0;
			p->want = PROXY_V2_FIXED;
			http_accept_now(&p->deadline);
			p->deadline.tv_sec += (time_t)a->timeout;
			continue;
		}
		http_accept_hand(a, fd, &peer, len);
	}
	return taken;
}

/*
 * Stopping: connections the kernel has already accepted wait in the
 * backlog, their client (haproxy) may have sent its first bytes, and
 * closing the socket would reset them. Take them all, then close.
 */
static void http_accept_close_listener(struct http_accept *a)
{
	for (int k = 0; k < 64 && http_accept_new(a) > 0; k++) {
		/* the pending list may fill: the loop below reads their headers */
	}
	close(a->listen_fd);
	a->listen_fd = -1;
}

static void *http_accept_main(void *arg)
{
	struct http_accept *a = arg;
	struct pollfd *pfd = calloc(HTTP_ACCEPT_PENDING_MAX + 2, sizeof(*pfd));

	if (pfd == NULL) {
		log_msg(LOG_PRIO_WARNING, "ncre-server: the accept thread is out of memory");
		return NULL;
	}
	for (;;) {
		struct timespec now;
		size_t n = a->npend;
		int timeout = -1, rc;

		/* Once the listener is closed, only the trusted connections' headers are left. */
		if (a->listen_fd < 0 && n == 0)
			break;
		http_accept_now(&now);
		pfd[0] = (struct pollfd){ .fd = a->listen_fd < 0 ? -1 : a->wake[0], .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = a->listen_fd,
					  .events = a->npend < HTTP_ACCEPT_PENDING_MAX ? POLLIN : 0 };
		for (size_t i = 0; i < n; i++) {
			long left = http_accept_ms_left(&now, &a->pend[i].deadline);

			pfd[2 + i] = (struct pollfd){ .fd = a->pend[i].fd, .events = POLLIN };
			if (left < 0)
				left = 0;
			if (timeout < 0 || left < timeout)
				timeout = (int)(left > 1000 ? 1000 : left);
		}
		rc = poll(pfd, (nfds_t)(n + 2), timeout);
		if (rc < 0 && errno != EINTR) {
			log_msg(LOG_PRIO_WARNING, "ncre-server: accept: poll: %s", strerror(errno));
			usleep(10 * 1000);
			continue;
		}
		if (rc > 0 && pfd[0].revents != 0) {
			http_accept_close_listener(a);
			continue;
		}
		/* From the end, so removing one (the last moves into its place) skips none. */
		http_accept_now(&now);
		for (size_t i = n; i-- > 0;) {
			if (rc > 0 && pfd[2 + i].revents != 0 && !http_accept_read(a, i))
				continue;
			if (http_accept_ms_left(&now, &a->pend[i].deadline) <= 0) {
				http_accept_log_peer("the PROXY header did not arrive in time",
						     &a->pend[i]);
				http_accept_drop(a, i);
			}
		}
		if (rc > 0 && a->listen_fd >= 0 && (pfd[1].revents & POLLIN))
			(void)http_accept_new(a);
	}
	free(pfd);
	return NULL;
}

int http_accept_start(struct http_accept **out, int listen_fd, struct MHD_Daemon *daemon,
		      const struct proxy_list *proxies, unsigned header_timeout, char *err,
		      size_t errlen)
{
	struct http_accept *a = calloc(1, sizeof(*a));
	int rc;

	*out = NULL;
	if (a == NULL)
		goto oom;
	a->pend = calloc(HTTP_ACCEPT_PENDING_MAX, sizeof(*a->pend));
	if (a->pend == NULL)
		goto oom;
	a->listen_fd = listen_fd;
	a->daemon = daemon;
	a->proxies = proxies;
	a->timeout = header_timeout;
	if (pipe2(a->wake, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	rc = pthread_create(&a->thread, NULL, http_accept_main, a);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the accept thread: %s", strerror(rc));
		close(a->wake[0]);
		close(a->wake[1]);
		goto fail;
	}
	*out = a;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	if (a != NULL)
		free(a->pend);
	free(a);
	close(listen_fd);
	return -1;
}

void http_accept_stop(struct http_accept **ap)
{
	struct http_accept *a = *ap;
	char one = 1;

	if (a == NULL)
		return;
	while (write(a->wake[1], &one, 1) < 0 && errno == EINTR) {
		/* again */
	}
	pthread_join(a->thread, NULL);
	if (a->listen_fd >= 0)
		close(a->listen_fd);
	while (a->npend > 0)
		http_accept_drop(a, a->npend - 1);
	close(a->wake[0]);
	close(a->wake[1]);
	free(a->pend);
	free(a);
	*ap = NULL;
}
