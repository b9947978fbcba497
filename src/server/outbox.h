/*
 * Messages that leave the server: password recovery codes (R-ACC-01) by
 * e-mail through the configured SMTP relay (mail-smtp.c) or by SMS through
 * a gateway (sms.h).
 *
 * A request never waits for a relay: it queues the message here and
 * answers at once; one thread of the server delivers the queue in order,
 * each message bounded by smtp-timeout. The queue lives only in memory, so
 * a code is never written anywhere in clear text (a message lost to a
 * restart is simply asked for again); every message is wiped once it is
 * delivered or dropped.
 */
#ifndef SRV_OUTBOX_H
#define SRV_OUTBOX_H

#include <stddef.h>

#include "server.h"

/* Messages waiting at most; more are dropped (and logged). */
#define OUTBOX_MAX 256

enum outbox_channel {
	OUTBOX_EMAIL,
	OUTBOX_SMS
};

struct outbox_msg {
	enum outbox_channel channel;
	char to[256];		/* e-mail address or mobile number */
	char subject[128];	/* e-mail only */
	char text[1024];	/* UTF-8 */
};

struct outbox;

/* Start the delivery thread. 0, or -1 with err. */
int outbox_start(struct outbox **out, struct server *srv, char *err, size_t errlen);
/* Queue a copy of m: 0, or -1 when the queue is full (m is not sent). */
int outbox_post(struct outbox *ob, const struct outbox_msg *m);
/* Stop after the message being delivered, wipe what waits, join; *ob becomes NULL. */
void outbox_stop(struct outbox **ob);

/* Deliver one message now, on the calling thread: 0, or -1 with err. */
int outbox_deliver(struct server *srv, const struct outbox_msg *m, char *err, size_t errlen);

#endif
