/*
 * SMS gateways behind one interface, like the payment platforms
 * (payment.h): a gateway hands a text to a mobile number. The sandbox
 * (sms-sandbox.c, demos and tests) records each message in the database,
 * where "ncre-server sms-sandbox" and the tests read it; a real gateway
 * implements the same call.
 */
#ifndef SRV_SMS_H
#define SRV_SMS_H

#include <stddef.h>

#include "server.h"

struct sms_gateway {
	const char *name;
	/* Hand text to phone: 0, or -1 with err. Runs on the outbox thread. */
	int (*send)(struct server *srv, const char *phone, const char *text, char *err,
		    size_t errlen);
};

/* The sandbox (sms-sandbox.c). */
extern const struct sms_gateway sms_sandbox;

/* The enabled gateway, or NULL: no SMS can be sent. */
const struct sms_gateway *sms_gateway_default(const struct server *srv);

/* "ncre-server sms-sandbox --db FILE [--to PHONE]": the exit status. */
int sms_sandbox_main(int argc, char **argv);

#endif
