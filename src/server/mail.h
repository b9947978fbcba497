/*
 * E-mail through the SMTP relay of the configuration (libcurl): smtps://
 * or smtp:// with STARTTLS required, the relay's certificate verified
 * (smtp-ca, or the system's CAs), optional login. Blocks for up to
 * smtp-timeout seconds: call it from the outbox thread, never a request's.
 */
#ifndef SRV_MAIL_H
#define SRV_MAIL_H

#include <stddef.h>
#include <time.h>

#include "config.h"

/* Send a UTF-8 text message to one address: 0, or -1 with err. */
int mail_send(const struct config *cfg, const char *to, const char *subject, const char *text,
	      time_t now, char *err, size_t errlen);

#endif
