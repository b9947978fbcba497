/*
 * The request deadline watchdog (http-guard.h). Every open connection has
 * an entry in one list; MHD's connection notifications add and remove it
 * (removal comes before MHD closes the descriptor, so the watchdog, which
 * holds the same lock, never shuts down a descriptor already reused).
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http-guard.h"
#include "log.h"

#define HTTP_GUARD_TICK_MS 250

struct http_guard_conn {
	struct http_guard_conn *prev, *next;
	struct http_guard *guard;
	int fd;
	bool running;		/* a request is being received */
	struct timespec deadline;
};

struct http_guard {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool stop;
	unsigned timeout;
	struct http_guard_conn *head;
	unsigned long cut;
};

static void http_guard_now(struct timespec *ts)
{
	if (clock_gettime(CLOCK_MONOTONIC, ts) != 0)
		memset(ts, 0, sizeof(*ts));
}

static bool http_guard_passed(const struct timespec *now, const struct timespec *deadline)
{
	return now->tv_sec > deadline->tv_sec ||
	       (now->tv_sec == deadline->tv_sec && now->tv_nsec >= deadline->tv_nsec);
}

/* Restart the clock of c; call with the lock held. */
static void http_guard_arm(struct http_guard_conn *c)
{
	http_guard_now(&c->deadline);
	c->deadline.tv_sec += (time_t)c->guard->timeout;
	c->running = true;
}

static void *http_guard_main(void *arg)
{
	struct http_guard *g = arg;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		struct timespec now, until;
		unsigned long cut = 0;

		if (clock_gettime(CLOCK_REALTIME, &until) == 0) {
			until.tv_nsec += HTTP_GUARD_TICK_MS * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			(void)pthread_cond_timedwait(&g->wake, &g->lock, &until);
		}
		if (g->stop)
			break;
		http_guard_now(&now);
		for (struct http_guard_conn *c = g->head; c != NULL; c = c->next) {
			if (!c->running || !http_guard_passed(&now, &c->deadline))
				continue;
			/* MHD sees the end of the stream and closes the connection. */
			(void)shutdown(c->fd, SHUT_RDWR);
			c->running = false;
			cut++;
		}
		g->cut += cut;
		if (cut > 0) {
			pthread_mutex_unlock(&g->lock);
			log_msg(LOG_PRIO_WARNING, "ncre-server: closed %lu connection(s) whose request took "
				"over %u s (--request-timeout)", cut, g->timeout);
			pthread_mutex_lock(&g->lock);
		}
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

int http_guard_start(struct http_guard **out, unsigned request_timeout, char *err,
		     size_t errlen)
{
	struct http_guard *g = calloc(1, sizeof(*g));
	int rc;

	*out = NULL;
	if (g == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	g->timeout = request_timeout;
	if (pthread_mutex_init(&g->lock, NULL) != 0) {
		free(g);
		snprintf(err, errlen, "cannot create a mutex");
		return -1;
	}
	if (pthread_cond_init(&g->wake, NULL) != 0) {
		pthread_mutex_destroy(&g->lock);
		free(g);
		snprintf(err, errlen, "cannot create a condition variable");
		return -1;
	}
	rc = pthread_create(&g->thread, NULL, http_guard_main, g);
	if (rc != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		snprintf(err, errlen, "cannot start the request watchdog: %s", strerror(rc));
		return -1;
	}
	*out = g;
	return 0;
}

void http_guard_stop(struct http_guard **gp)
{
	struct http_guard *g = *gp;
	struct http_guard_conn *c, *next;

	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	/* None are left once the daemon has stopped; free any all the same. */
	for (c = g->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
	*gp = NULL;
}

void http_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		       enum MHD_ConnectionNotificationCode code)
{
	struct http_guard *g = cls;
	struct http_guard_conn *c;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		*socket_context = NULL;
		if (ci == NULL)
			return;
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			return;	/* unguarded; MHD's idle timeout still applies */
		c->guard = g;
		c->fd = ci->connect_fd;
		pthread_mutex_lock(&g->lock);
		http_guard_arm(c);
		c->next = g->head;
		if (g->head != NULL)
			g->head->prev = c;
		g->head = c;
		pthread_mutex_unlock(&g->lock);
		*socket_context = c;
		return;
	}
	c = *socket_context;
	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&g->lock);
	free(c);
	*socket_context = NULL;
}

static struct http_guard_conn *http_guard_find(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

void http_guard_received(struct MHD_Connection *conn)
{
	struct http_guard_conn *c = http_guard_find(conn);

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->guard->lock);
	c->running = false;
	pthread_mutex_unlock(&c->guard->lock);
}

void http_guard_done(struct MHD_Connection *conn)
{
	struct http_guard_conn *c = http_guard_find(conn);

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->guard->lock);
	http_guard_arm(c);
	pthread_mutex_unlock(&c->guard->lock);
}

unsigned long http_guard_cut(struct http_guard *g)
{
	unsigned long n;

	pthread_mutex_lock(&g->lock);
	n = g->cut;
	pthread_mutex_unlock(&g->lock);
	return n;
}
