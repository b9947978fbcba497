/*
 * Payment platforms behind one interface (R-PAY-04). A platform creates a
 * payment for an order and answers its pay URL (drawn as a QR code by the
 * kiosk), verifies the asynchronous notifications it sends to
 * POST /v1/payments/notify/{platform}, and answers a query for an order's
 * payment state (the candidate's 更新). Whatever the source, notification,
 * query or the desk, an outcome goes through payment_apply(), so a payment
 * is applied once and only once.
 */
#ifndef SRV_PAYMENT_H
#define SRV_PAYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ncre/errors.h"

#include "http.h"
#include "server.h"
#include "store.h"

/* What a platform says about one payment. */
struct payment_notice {
	char order_no[24];
	char txn[64];		/* the platform's transaction id */
	int64_t amount_fen;	/* what it collected, in fen (1/100 yuan) */
	bool paid;
};

struct payment_platform {
	const char *name;	/* the {platform} of the notification endpoint */
	/* Ask the platform to collect o's amount; url receives the pay URL. */
	enum store_rc (*create)(struct server *srv, struct store_conn *db,
				const struct store_order *o, char *url, size_t len);
	/* Check a notification's signature over the raw body and parse it. */
	enum ncre_err (*verify)(struct server *srv, const struct http_request *req,
				struct payment_notice *out);
	/* The payment's state at the platform: NCRE_OK with out, or PLATFORM_UNAVAILABLE. */
	enum ncre_err (*query)(struct server *srv, struct store_conn *db,
			       const struct store_order *o, struct payment_notice *out);
	/* The pay URL of an open order (to show it again). */
	void (*pay_url)(struct server *srv, const struct store_order *o, char *url, size_t len);
};

/* The sandbox (payment-sandbox.c). */
extern const struct payment_platform payment_sandbox;

/* The enabled platform of this name, or NULL. */
const struct payment_platform *payment_platform_find(const struct server *srv, const char *name);
/* The platform new orders use, or NULL: orders are then paid at the desk only. */
const struct payment_platform *payment_platform_default(const struct server *srv);

enum payment_outcome {
	PAYMENT_NONE,		/* not paid (yet): nothing changed */
	PAYMENT_APPLIED,	/* the order and its subjects are paid now */
	PAYMENT_DUPLICATE,	/* the same payment again: nothing changed */
	PAYMENT_REFUND		/* money that pays nothing: recorded for the office */
};

/*
 * Apply what platform says about a payment, inside the caller's write
 * transaction: NCRE_OK with the outcome, NCRE_E_NOTIFY_AMOUNT when the
 * amount is not the order's, NCRE_E_INTERNAL / NCRE_E_BUSY on store faults.
 */
enum ncre_err payment_apply(struct store_conn *db, const char *platform,
			    const struct payment_notice *n, time_t now,
			    enum payment_outcome *out);

/* The name of an outcome ("none", "applied", "duplicate", "refund"). */
const char *payment_outcome_name(enum payment_outcome o);

/* HMAC-SHA256 of body under the sandbox secret, as 64 hex digits. 0 or -1. */
int payment_sandbox_sign(const struct server *srv, const char *body, size_t len,
			 char hex[65]);

#endif
