/*
 * Applying a payment outcome (R-PAY-01, R-PAY-04): whatever told us, a
 * platform's notification, a query on 更新, the payment lands here inside
 * one write transaction. An order is paid at most once; the same payment
 * again changes nothing; money that pays nothing (an expired or unknown
 * order, a second payment of a paid one) is recorded for the exam office
 * to refund. Logs carry order numbers and platform names, never personal
 * data.
 */
#include <stdio.h>
#include <string.h>

#include "payment.h"
#include "store.h"
#include "log.h"

const struct payment_platform *payment_platform_find(const struct server *srv, const char *name)
{
	if (srv->cfg.payment_sandbox && strcmp(name, payment_sandbox.name) == 0)
		return &payment_sandbox;
	return NULL;
}

const struct payment_platform *payment_platform_default(const struct server *srv)
{
	return srv->cfg.payment_sandbox ? &payment_sandbox : NULL;
}

const char *payment_outcome_name(enum payment_outcome o)
{
	switch (o) {
	case PAYMENT_APPLIED:
		return "applied";
	case PAYMENT_DUPLICATE:
		return "duplicate";
	case PAYMENT_REFUND:
		return "refund";
	case PAYMENT_NONE:
		break;
	}
	return "none";
}

static enum ncre_err payment_store_err(enum store_rc r)
{
	return r == STORE_BUSY || r == STORE_UNAVAILABLE ? NCRE_E_BUSY : NCRE_E_INTERNAL;
}

static enum ncre_err payment_refund(struct store_conn *db, const char *platform,
				    const struct payment_notice *n, const char *reason, time_t now,
				    enum payment_outcome *out)
{
	bool added = false;
	enum store_rc r = store_refund_add(db, platform, n->txn, n->order_no, n->amount_fen, reason,
					   now, &added);

	if (r != STORE_OK)
		return payment_store_err(r);
	if (added)
		log_msg(LOG_PRIO_INFO, "payment: %s payment %s of order %s recorded for refund (%s)",
			platform, n->txn, n->order_no, reason);
	*out = PAYMENT_REFUND;
	return NCRE_OK;
}

enum ncre_err payment_apply(struct store_conn *db, const char *platform,
			    const struct payment_notice *n, time_t now,
			    enum payment_outcome *out)
{
	struct store_order o;
	struct store_reg_where where;
	char detail[96];
	int expired = 0;
	enum store_rc r;

	*out = PAYMENT_NONE;
	r = store_orders_expire(db, now, &expired);
	if (r != STORE_OK)
		return payment_store_err(r);
	r = store_order_by_no(db, n->order_no, &o);
	if (r == STORE_NOT_FOUND) {
		/* Deleted with its registration (R-DEL-02), or never ours. */
		return n->paid ? payment_refund(db, platform, n, "unknown_order", now, out) : NCRE_OK;
	}
	if (r != STORE_OK)
		return payment_store_err(r);
	if (n->amount_fen != (int64_t)o.amount * 100) {
		log_msg(LOG_PRIO_WARNING, "payment: %s notification for order %s refused: amount %lld fen, "
			"the order is %d yuan", platform, o.no, (long long)n->amount_fen, o.amount);
		return NCRE_E_NOTIFY_AMOUNT;
	}
	if (!n->paid)
		return NCRE_OK;
	if (strcmp(o.state, "paid") == 0) {
		if (strcmp(o.channel, platform) == 0 && strcmp(o.txn, n->txn) == 0) {
			*out = PAYMENT_DUPLICATE;
			return NCRE_OK;
		}
		/* Paid at the desk or by another payment: this one is a second charge. */
		return payment_refund(db, platform, n, "already_paid", now, out);
	}
	if (strcmp(o.state, "open") != 0)
		return payment_refund(db, platform, n, "expired", now, out);
	r = store_order_pay(db, o.id, now, platform, n->txn, NULL);
	if (r == STORE_NOT_FOUND)
		return payment_refund(db, platform, n, "expired", now, out);
	if (r == STORE_OK)
		r = store_registration_where(db, o.registration, &where);
	if (r == STORE_OK) {
		snprintf(detail, sizeof(detail), "order %s, %d yuan, %s", o.no, o.amount, platform);
		r = store_log_add(db, now, platform, where.site, "payment", o.registration, detail);
	}
	if (r != STORE_OK)
		return payment_store_err(r == STORE_NOT_FOUND ? STORE_ERROR : r);
	*out = PAYMENT_APPLIED;
	return NCRE_OK;
}
