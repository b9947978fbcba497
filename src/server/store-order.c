/*
 * Payment orders and what guards them against charging twice (R-PAY-04):
 * orders with their subjects, idempotency keys, the sandbox platform's own
 * payments and the refunds the exam office owes. Every check-then-write
 * runs inside the caller's store_begin_write() transaction.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-internal.h"

#define ORDER_COLUMNS \
	"SELECT id, registration, no, amount, state, platform, pay_token, created_at," \
	" expires_at, coalesce(paid_at, 0), coalesce(channel, ''), coalesce(txn, '')," \
	" coalesce(confirmed_by, '') FROM orders"

enum store_rc store_orders_expire(struct store_conn *c, time_t now, int *expired)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	*expired = 0;
	r = store_prepare(c, "UPDATE orders SET state = 'expired'"
			     " WHERE state = 'open' AND expires_at <= ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)now) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind expire");
		goto out;
	}
	r = store_step_done(c, st, "expire orders");
	if (r == STORE_OK)
		*expired = sqlite3_changes(c->db);
out:
	store_finish(c, st);
	return r;
}

static enum store_rc store_order_subjects_load(struct store_conn *c, struct store_order *o)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	o->nsubjects = 0;
	r = store_prepare(c, "SELECT subject, fee FROM order_subjects WHERE order_id = ?"
			     " ORDER BY subject", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, o->id) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind order subjects");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (o->nsubjects >= STORE_ORDER_MAX_SUBJECTS) {
			r = STORE_ERROR;
			goto out;
		}
		r = store_copy_text(st, 0, o->subjects[o->nsubjects],
				    sizeof(o->subjects[o->nsubjects]));
		if (r != STORE_OK)
			goto out;
		o->fees[o->nsubjects++] = sqlite3_column_int(st, 1);
	}
	r = rc == SQLITE_DONE ? STORE_OK : store_rc_of(c, sqlite3_extended_errcode(c->db),
						       "order subjects");
out:
	store_finish(c, st);
	return r;
}

static enum store_rc store_order_row(struct store_conn *c, sqlite3_stmt *st, struct store_order *o)
{
	enum store_rc r;

	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(st, 0);
	o->registration = sqlite3_column_int64(st, 1);
	o->amount = sqlite3_column_int(st, 3);
	o->created_at = (time_t)sqlite3_column_int64(st, 7);
	o->expires_at = (time_t)sqlite3_column_int64(st, 8);
	o->paid_at = (time_t)sqlite3_column_int64(st, 9);
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO orders(no, registration, amount, platform, pay_token,"
			     " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, o->no) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, o->registration) != SQLITE_OK ||
	    sqlite3_bind_int(st, 3, o->amount) != SQLITE_OK ||
	    store_bind_text(st, 4, o->platform) != SQLITE_OK ||
	    store_bind_text(st, 5, o->pay_token) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, (sqlite3_int64)o->created_at) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 7, (sqlite3_int64)o->expires_at) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind order");
		goto out;
	}
	r = store_step_done(c, st, "insert order");
	if (r != STORE_OK)
		goto out;
	o->id = sqlite3_last_insert_rowid(c->db);
	store_finish(c, st);
	st = NULL;
	r = store_prepare(c, "INSERT INTO order_subjects(order_id, subject, fee) VALUES (?, ?, ?)",
			  &st);
	for (size_t i = 0; r == STORE_OK && i < o->nsubjects; i++) {
		if (sqlite3_reset(st) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 1, o->id) != SQLITE_OK ||
		    store_bind_text(st, 2, o->subjects[i]) != SQLITE_OK ||
		    sqlite3_bind_int(st, 3, o->fees[i]) != SQLITE_OK) {
			r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind order subject");
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, ORDER_COLUMNS " WHERE no = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, no) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind order no");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		r = STORE_NOT_FOUND;
	else if (rc == SQLITE_ROW)
		r = store_order_row(c, st, out);
	else
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "order by no");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_orders_each(struct store_conn *c, int64_t reg, store_order_cb cb, void *ud)
{
	sqlite3_stmt *st = NULL;
	struct store_order o;
	enum store_rc r;
	int rc;

	r = store_prepare(c, ORDER_COLUMNS " WHERE registration = ? ORDER BY created_at DESC, id DESC",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, reg) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind orders");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = store_order_row(c, st, &o);
		if (r != STORE_OK)
			goto out;
		if (cb(ud, &o) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	r = rc == SQLITE_DONE ? STORE_OK : store_rc_of(c, sqlite3_extended_errcode(c->db), "orders");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_order_pay(struct store_conn *c, int64_t id, time_t at, const char *channel,
			      const char *txn, const char *confirmed_by)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE orders SET state = 'paid', paid_at = ?, channel = ?, txn = ?,"
			     " confirmed_by = ? WHERE id = ? AND state = 'open'", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)at) != SQLITE_OK ||
	    store_bind_text(st, 2, channel) != SQLITE_OK ||
	    store_bind_text(st, 3, txn) != SQLITE_OK ||
	    store_bind_text(st, 4, confirmed_by) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, id) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind order pay");
		goto out;
	}
	r = store_step_done(c, st, "pay order");
	if (r != STORE_OK)
		goto out;
	if (sqlite3_changes(c->db) != 1) {
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
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind subjects pay");
		goto out;
	}
	r = store_step_done(c, st, "pay subjects");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_lock(struct store_conn *c, int64_t reg, time_t now)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET locked = 1, updated_at = ? WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, reg) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind lock");
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	*response = NULL;
	r = store_prepare(c, "SELECT request_hash, status, response FROM idempotency_keys"
			     " WHERE account = ? AND key = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, account) != SQLITE_OK ||
	    store_bind_text(st, 2, key) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind idempotency");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "idempotency");
		goto out;
	}
	if (sqlite3_column_bytes(st, 0) != STORE_IDEM_HASH_LEN) {
		r = STORE_ERROR;
		goto out;
	}
	memcpy(hash, sqlite3_column_blob(st, 0), STORE_IDEM_HASH_LEN);
	*status = sqlite3_column_int(st, 1);
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO idempotency_keys(account, key, request_hash, status,"
			     " response, created_at) VALUES (?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, account) != SQLITE_OK ||
	    store_bind_text(st, 2, key) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 3, hash, STORE_IDEM_HASH_LEN, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int(st, 4, status) != SQLITE_OK ||
	    store_bind_text(st, 5, response) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, (sqlite3_int64)now) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind idempotency put");
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO sandbox_payments(token, order_no, amount_fen, created_at)"
			     " VALUES (?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, token) != SQLITE_OK ||
	    store_bind_text(st, 2, order_no) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, amount_fen) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)now) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind sandbox");
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
	sqlite3_stmt *st = NULL;
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
	if (store_bind_text(st, 1, token != NULL ? token : order_no) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind sandbox get");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "sandbox get");
		goto out;
	}
	out->amount_fen = sqlite3_column_int64(st, 2);
	out->paid = strcmp((const char *)sqlite3_column_text(st, 3), "paid") == 0;
	out->created_at = (time_t)sqlite3_column_int64(st, 5);
	out->paid_at = (time_t)sqlite3_column_int64(st, 6);
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	*changed = false;
	r = store_prepare(c, "UPDATE sandbox_payments SET state = 'paid', txn = ?, paid_at = ?"
			     " WHERE token = ? AND state = 'pending'", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, txn) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)now) != SQLITE_OK ||
	    store_bind_text(st, 3, token) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind sandbox pay");
		goto out;
	}
	r = store_step_done(c, st, "sandbox pay");
	if (r == STORE_OK)
		*changed = sqlite3_changes(c->db) == 1;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_refund_add(struct store_conn *c, const char *platform, const char *txn,
			       const char *order_no, int64_t amount_fen, const char *reason,
			       time_t at, bool *added)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	*added = false;
	r = store_prepare(c, "INSERT OR IGNORE INTO refunds(platform, txn, order_no, amount_fen,"
			     " reason, at) VALUES (?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, platform) != SQLITE_OK ||
	    store_bind_text(st, 2, txn) != SQLITE_OK ||
	    store_bind_text(st, 3, order_no) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, amount_fen) != SQLITE_OK ||
	    store_bind_text(st, 5, reason) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, (sqlite3_int64)at) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind refund");
		goto out;
	}
	r = store_step_done(c, st, "insert refund");
	if (r == STORE_OK)
		*added = sqlite3_changes(c->db) == 1;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_refunds_each(struct store_conn *c, store_refund_cb cb, void *ud)
{
	sqlite3_stmt *st = NULL;
	struct store_refund f;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT platform, txn, order_no, amount_fen, reason, at FROM refunds"
			     " ORDER BY at, id", &st);
	if (r != STORE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.platform = (const char *)sqlite3_column_text(st, 0);
		f.txn = (const char *)sqlite3_column_text(st, 1);
		f.order_no = (const char *)sqlite3_column_text(st, 2);
		f.amount_fen = sqlite3_column_int64(st, 3);
		f.reason = (const char *)sqlite3_column_text(st, 4);
		f.at = (time_t)sqlite3_column_int64(st, 5);
		if (cb(ud, &f) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	r = rc == SQLITE_DONE ? STORE_OK : store_rc_of(c, sqlite3_extended_errcode(c->db), "refunds");
out:
	store_finish(c, st);
	return r;
}
