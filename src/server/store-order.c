/*
 * Payment orders and what guards them against charging twice (R-PAY-04):
 * orders with their subjects, idempotency keys, the sandbox platform's own
 * payments and the refunds the exam office owes. Every check-then-write
 * runs inside the caller's store_begin_write() transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-internal.h"

#define ORDER_COLUMNS \
	"SELECT id, registration, no, amount, state, platform, pay_token, created_at," \
	" expires_at, coalesce(paid_at, 0), coalesce(channel, ''), coalesce(txn, '')," \
	" coalesce(confirmed_by, '') FROM orders"

enum store_rc store_orders_expire(struct store_conn *c, time_t now, int *expired)
{
	*expired = 0;
	return store_exec_int_text(c, "UPDATE orders SET state = 'expired'"
				      " WHERE state = 'open' AND expires_at <= ?",
				   (int64_t)now, NULL, "expire orders", expired);
}

static enum store_rc store_order_subjects_load(struct store_conn *c, struct store_order *o)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	o->nsubjects = 0;
	r = store_prepare(c, "SELECT subject, fee FROM order_subjects WHERE order_id = ?"
			     " ORDER BY subject", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, o->id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind order subjects");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (o->nsubjects >= STORE_ORDER_MAX_SUBJECTS) {
			r = STORE_ERROR;
			goto out;
		}
		r = store_copy_text(st, 0, o->subjects[o->nsubjects],
				    sizeof(o->subjects[o->nsubjects]));
		if (r != STORE_OK)
			goto out;
		o->fees[o->nsubjects++] = db_column_int(st, 1);
	}
	r = rc == DB_DONE ? STORE_OK : store_rc_of(c, db_errcode(c),
						       "order subjects");
out:
	store_finish(c, st);
	return r;
}

static enum store_rc store_order_row(struct store_conn *c, struct db_stmt *st, struct store_order *o)
{
	enum store_rc r;

	memset(o, 0, sizeof(*o));
	o->id = db_column_int64(st, 0);
	o->registration = db_column_int64(st, 1);
	o->amount = db_column_int(st, 3);
	o->created_at = (time_t)db_column_int64(st, 7);
	o->expires_at = (time_t)db_column_int64(st, 8);
	o->paid_at = (time_t)db_column_int64(st, 9);
	r = store_copy_text(st, 2, o->no, sizeof(o->no));
	if (r == STORE_OK)
		r = store_copy_text(st, 4, o->state, sizeof(o->state));
	if (r == STORE_OK)
		r = store_copy_text(st, 5, o->platform, sizeof(o->platform));
	if (r == STORE_OK)
		r = store_copy_text(st, 6, o->pay_token, sizeof(o->pay_token));
	if (r == STORE_OK)
		r = store_copy_text(st, 10, o->channel, sizeof(o->channel));
	if (r == STORE_OK)
		r = store_copy_text(st, 11, o->txn, sizeof(o->txn));
	if (r == STORE_OK)
		r = store_copy_text(st, 12, o->confirmed_by, sizeof(o->confirmed_by));
	if (r == STORE_OK)
		r = store_order_subjects_load(c, o);
	return r;
}

enum store_rc store_order_insert(struct store_conn *c, struct store_order *o)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO orders(no, registration, amount, platform, pay_token,"
			     " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, o->no) != DB_OK ||
	    db_bind_int64(st, 2, o->registration) != DB_OK ||
	    db_bind_int(st, 3, o->amount) != DB_OK ||
	    store_bind_text(st, 4, o->platform) != DB_OK ||
	    store_bind_text(st, 5, o->pay_token) != DB_OK ||
	    db_bind_int64(st, 6, (int64_t)o->created_at) != DB_OK ||
	    db_bind_int64(st, 7, (int64_t)o->expires_at) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind order");
		goto out;
	}
	r = store_step_id(c, st, "insert order", &o->id);
	if (r != STORE_OK)
		goto out;
	store_finish(c, st);
	st = NULL;
	r = store_prepare(c, "INSERT INTO order_subjects(order_id, subject, fee) VALUES (?, ?, ?)",
			  &st);
	for (size_t i = 0; r == STORE_OK && i < o->nsubjects; i++) {
		if (db_reset(st) != DB_OK ||
		    db_bind_int64(st, 1, o->id) != DB_OK ||
		    store_bind_text(st, 2, o->subjects[i]) != DB_OK ||
		    db_bind_int(st, 3, o->fees[i]) != DB_OK) {
			r = store_rc_of(c, db_errcode(c), "bind order subject");
			break;
		}
		r = store_step_done(c, st, "insert order subject");
	}
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_order_by_no(struct store_conn *c, const char *no, struct store_order *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, ORDER_COLUMNS " WHERE no = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, no) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind order no");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE)
		r = STORE_NOT_FOUND;
	else if (rc == DB_ROW)
		r = store_order_row(c, st, out);
	else
		r = store_rc_of(c, db_errcode(c), "order by no");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_orders_each(struct store_conn *c, int64_t reg, store_order_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_order o;
	enum store_rc r;
	int rc;

	r = store_prepare(c, ORDER_COLUMNS " WHERE registration = ? ORDER BY created_at DESC, id DESC",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind orders");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		r = store_order_row(c, st, &o);
		if (r != STORE_OK)
			goto out;
		if (cb(ud, &o) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	r = rc == DB_DONE ? STORE_OK : store_rc_of(c, db_errcode(c), "orders");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_order_pay(struct store_conn *c, int64_t id, time_t at, const char *channel,
			      const char *txn, const char *confirmed_by)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE orders SET state = 'paid', paid_at = ?, channel = ?, txn = ?,"
			     " confirmed_by = ? WHERE id = ? AND state = 'open'", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)at) != DB_OK ||
	    store_bind_text(st, 2, channel) != DB_OK ||
	    store_bind_text(st, 3, txn) != DB_OK ||
	    store_bind_text(st, 4, confirmed_by) != DB_OK ||
	    db_bind_int64(st, 5, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind order pay");
		goto out;
	}
	r = store_step_done(c, st, "pay order");
	if (r != STORE_OK)
		goto out;
	if (db_changes(c) != 1) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	store_finish(c, st);
	st = NULL;
	r = store_prepare(c, "UPDATE registration_subjects SET state = 'paid'"
			     " WHERE registration = (SELECT registration FROM orders WHERE id = ?1)"
			     " AND subject IN (SELECT subject FROM order_subjects WHERE order_id = ?1)",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind subjects pay");
		goto out;
	}
	r = store_step_done(c, st, "pay subjects");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_lock(struct store_conn *c, int64_t reg, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET locked = 1, updated_at = ? WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 2, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind lock");
		goto out;
	}
	r = store_step_done(c, st, "lock registration");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_idem_get(struct store_conn *c, int64_t account, const char *key,
			     unsigned char hash[STORE_IDEM_HASH_LEN], int *status, char **response)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	*response = NULL;
	r = store_prepare(c, "SELECT request_hash, status, response FROM idempotency_keys"
			     " WHERE account = ? AND key = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, account) != DB_OK ||
	    store_bind_text(st, 2, key) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind idempotency");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "idempotency");
		goto out;
	}
	if (db_column_bytes(st, 0) != STORE_IDEM_HASH_LEN) {
		r = STORE_ERROR;
		goto out;
	}
	memcpy(hash, db_column_blob(st, 0), STORE_IDEM_HASH_LEN);
	*status = db_column_int(st, 1);
	*response = store_dup_text(st, 2);
	r = *response != NULL ? STORE_OK : STORE_ERROR;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_idem_put(struct store_conn *c, int64_t account, const char *key,
			     const unsigned char hash[STORE_IDEM_HASH_LEN], int status,
			     const char *response, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO idempotency_keys(account, key, request_hash, status,"
			     " response, created_at) VALUES (?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, account) != DB_OK ||
	    store_bind_text(st, 2, key) != DB_OK ||
	    db_bind_blob(st, 3, hash, STORE_IDEM_HASH_LEN) != DB_OK ||
	    db_bind_int(st, 4, status) != DB_OK ||
	    store_bind_text(st, 5, response) != DB_OK ||
	    db_bind_int64(st, 6, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind idempotency put");
		goto out;
	}
	r = store_step_done(c, st, "insert idempotency key");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_sandbox_insert(struct store_conn *c, const char *token, const char *order_no,
				   int64_t amount_fen, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO sandbox_payments(token, order_no, amount_fen, created_at)"
			     " VALUES (?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, token) != DB_OK ||
	    store_bind_text(st, 2, order_no) != DB_OK ||
	    db_bind_int64(st, 3, amount_fen) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind sandbox");
		goto out;
	}
	r = store_step_done(c, st, "insert sandbox payment");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_sandbox_get(struct store_conn *c, const char *token, const char *order_no,
				struct store_sandbox_payment *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, token != NULL
			     ? "SELECT token, order_no, amount_fen, state, coalesce(txn, ''),"
			       " created_at, coalesce(paid_at, 0) FROM sandbox_payments WHERE token = ?"
			     : "SELECT token, order_no, amount_fen, state, coalesce(txn, ''),"
			       " created_at, coalesce(paid_at, 0) FROM sandbox_payments WHERE order_no = ?",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, token != NULL ? token : order_no) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind sandbox get");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "sandbox get");
		goto out;
	}
	out->amount_fen = db_column_int64(st, 2);
	out->paid = strcmp((const char *)db_column_text(st, 3), "paid") == 0;
	out->created_at = (time_t)db_column_int64(st, 5);
	out->paid_at = (time_t)db_column_int64(st, 6);
	r = store_copy_text(st, 0, out->token, sizeof(out->token));
	if (r == STORE_OK)
		r = store_copy_text(st, 1, out->order_no, sizeof(out->order_no));
	if (r == STORE_OK)
		r = store_copy_text(st, 4, out->txn, sizeof(out->txn));
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_sandbox_pay(struct store_conn *c, const char *token, const char *txn,
				time_t now, bool *changed)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	*changed = false;
	r = store_prepare(c, "UPDATE sandbox_payments SET state = 'paid', txn = ?, paid_at = ?"
			     " WHERE token = ? AND state = 'pending'", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, txn) != DB_OK ||
	    db_bind_int64(st, 2, (int64_t)now) != DB_OK ||
	    store_bind_text(st, 3, token) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind sandbox pay");
		goto out;
	}
	r = store_step_done(c, st, "sandbox pay");
	if (r == STORE_OK)
		*changed = db_changes(c) == 1;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_refund_add(struct store_conn *c, const char *platform, const char *txn,
			       const char *order_no, int64_t amount_fen, const char *reason,
			       time_t at, bool *added)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	*added = false;
	r = store_prepare(c, "INSERT INTO refunds(platform, txn, order_no, amount_fen,"
			     " reason, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, platform) != DB_OK ||
	    store_bind_text(st, 2, txn) != DB_OK ||
	    store_bind_text(st, 3, order_no) != DB_OK ||
	    db_bind_int64(st, 4, amount_fen) != DB_OK ||
	    store_bind_text(st, 5, reason) != DB_OK ||
	    db_bind_int64(st, 6, (int64_t)at) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind refund");
		goto out;
	}
	r = store_step_done(c, st, "insert refund");
	if (r == STORE_OK)
		*added = db_changes(c) == 1;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_refunds_each(struct store_conn *c, store_refund_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_refund f;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT platform, txn, order_no, amount_fen, reason, at FROM refunds"
			     " ORDER BY at, id", &st);
	if (r != STORE_OK)
		goto out;
	while ((rc = db_step(st)) == DB_ROW) {
		f.platform = (const char *)db_column_text(st, 0);
		f.txn = (const char *)db_column_text(st, 1);
		f.order_no = (const char *)db_column_text(st, 2);
		f.amount_fen = db_column_int64(st, 3);
		f.reason = (const char *)db_column_text(st, 4);
		f.at = (time_t)db_column_int64(st, 5);
		if (cb(ud, &f) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	r = rc == DB_DONE ? STORE_OK : store_rc_of(c, db_errcode(c), "refunds");
out:
	store_finish(c, st);
	return r;
}
