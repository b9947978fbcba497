/* The outbox: a bounded in-memory queue and the thread that delivers it. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "clock.h"
#include "mail.h"
#include "outbox.h"
#include "server.h"
#include "sms.h"
#include "log.h"

struct outbox {
	struct server *srv;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	size_t head, count;		/* a ring of OUTBOX_MAX */
	struct outbox_msg msgs[OUTBOX_MAX];
};

int outbox_deliver(struct server *srv, const struct outbox_msg *m, char *err, size_t errlen)
{
	const struct sms_gateway *gw;

	if (m->channel == OUTBOX_EMAIL)
		return mail_send(&srv->cfg, m->to, m->subject, m->text, clock_now(&srv->clock),
				 err, errlen);
	gw = sms_gateway_default(srv);
	if (gw == NULL) {
		snprintf(err, errlen, "no SMS gateway");
		return -1;
	}
	return gw->send(srv, m->to, m->text, err, errlen);
}

static void *outbox_thread(void *arg)
{
	struct outbox *ob = arg;
	struct outbox_msg m;
	char err[256];

	if (pthread_mutex_lock(&ob->lock) != 0)
		return NULL;
	for (;;) {
		while (!ob->stop && ob->count == 0)
			if (pthread_cond_wait(&ob->wake, &ob->lock) != 0)
				goto out;
		if (ob->stop)
			break;
		m = ob->msgs[ob->head];
		sodium_memzero(&ob->msgs[ob->head], sizeof(ob->msgs[ob->head]));
		ob->head = (ob->head + 1) % OUTBOX_MAX;
		ob->count--;
		pthread_mutex_unlock(&ob->lock);

		err[0] = '\0';
		/* The log names the channel, never the address or the text. */
		if (outbox_deliver(ob->srv, &m, err, sizeof(err)) != 0)
			log_msg(LOG_PRIO_WARNING, "outbox: %s not delivered: %s",
				m.channel == OUTBOX_EMAIL ? "e-mail" : "SMS", err);
		sodium_memzero(&m, sizeof(m));
		if (pthread_mutex_lock(&ob->lock) != 0)
			return NULL;
	}
out:
	pthread_mutex_unlock(&ob->lock);
	return NULL;
}

int outbox_start(struct outbox **out, struct server *srv, char *err, size_t errlen)
{
	struct outbox *ob = calloc(1, sizeof(*ob));

	*out = NULL;
	if (ob == NULL) {
		snprintf(err, errlen, "outbox: out of memory");
		return -1;
	}
	ob->srv = srv;
	if (pthread_mutex_init(&ob->lock, NULL) != 0) {
		free(ob);
		snprintf(err, errlen, "outbox: cannot create a mutex");
		return -1;
	}
	if (pthread_cond_init(&ob->wake, NULL) != 0) {
		pthread_mutex_destroy(&ob->lock);
		free(ob);
		snprintf(err, errlen, "outbox: cannot create a condition variable");
		return -1;
	}
	if (pthread_create(&ob->thread, NULL, outbox_thread, ob) != 0) {
		pthread_cond_destroy(&ob->wake);
		pthread_mutex_destroy(&ob->lock);
		free(ob);
		snprintf(err, errlen, "outbox: cannot start the thread");
		return -1;
	}
	*out = ob;
	return 0;
}

int outbox_post(struct outbox *ob, const struct outbox_msg *m)
{
	int rc = -1;

	if (ob == NULL || pthread_mutex_lock(&ob->lock) != 0)
		return -1;
	if (!ob->stop && ob->count < OUTBOX_MAX) {
		ob->msgs[(ob->head + ob->count) % OUTBOX_MAX] = *m;
		ob->count++;
		pthread_cond_signal(&ob->wake);
		rc = 0;
	}
	pthread_mutex_unlock(&ob->lock);
	return rc;
}

void outbox_stop(struct outbox **obp)
{
	struct outbox *ob = *obp;

	if (ob == NULL)
		return;
	if (pthread_mutex_lock(&ob->lock) == 0) {
		ob->stop = true;
		pthread_cond_signal(&ob->wake);
		pthread_mutex_unlock(&ob->lock);
	}
	pthread_join(ob->thread, NULL);
	if (ob->count > 0)
		log_msg(LOG_PRIO_WARNING, "outbox: %zu message(s) not delivered at shutdown", ob->count);
	pthread_cond_destroy(&ob->wake);
	pthread_mutex_destroy(&ob->lock);
	sodium_memzero(ob->msgs, sizeof(ob->msgs));
	free(ob);
	*obp = NULL;
}
