/*
 * Password recovery codes (R-ACC-01), the end of an account's sessions on a
 * reset, and the sandbox SMS gateway's outbox.
 */
#include <stdio.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_recovery_code_put(struct store_conn *c, int64_t account, const char *kind,
				      const char *code_hash, time_t now, time_t expires,
				      const char *issued_by)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO recovery_codes"
			  "(account, kind, code_hash, created_at, expires_at, tries, issued_by)"
			  " VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (account, kind) DO UPDATE SET"
			  " code_hash = excluded.code_hash, created_at = excluded.created_at,"
			  " expires_at = excluded.expires_at, tries = 0, issued_by = excluded.issued_by",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)account) != DB_OK ||
	    store_bind_text(st, 2, kind) != DB_OK ||
	    store_bind_text(st, 3, code_hash) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 5, (int64_t)expires) != DB_OK ||
	    store_bind_text(st, 6, issued_by) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind recovery code");
		goto out;
	}
	r = store_step_done(c, st, "put recovery code");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_recovery_codes_each(struct store_conn *c, int64_t account, time_t now,
					int max_tries, store_recovery_code_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_recovery_code rc;
	enum store_rc r;
	int step;

	r = store_prepare(c, "SELECT kind, code_hash, expires_at, tries FROM recovery_codes"
			  " WHERE account = ? AND expires_at > ? AND tries < ? ORDER BY kind", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)account) != DB_OK ||
	    db_bind_int64(st, 2, (int64_t)now) != DB_OK ||
	    db_bind_int(st, 3, max_tries) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind recovery codes");
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		if ((r = store_copy_text(st, 0, rc.kind, sizeof(rc.kind))) != STORE_OK ||
		    (r = store_copy_text(st, 1, rc.code_hash, sizeof(rc.code_hash))) != STORE_OK)
			goto out;
		rc.expires_at = (time_t)db_column_int64(st, 2);
		rc.tries = db_column_int(st, 3);
		if (cb(ud, &rc) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (step != DB_DONE)
		r = store_rc_of(c, step, "recovery codes");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_recovery_codes_try(struct store_conn *c, int64_t account)
{
	return store_exec_int(c, "UPDATE recovery_codes SET tries = tries + 1"
			      " WHERE account = ?", account, "count a recovery try");
}

enum store_rc store_recovery_code_take(struct store_conn *c, int64_t account, const char *kind)
{
	int changed = 0;
	enum store_rc r;

	r = store_exec_int_text(c, "DELETE FROM recovery_codes WHERE account = ? AND kind = ?",
				account, kind, "take recovery code", &changed);
	if (r == STORE_OK && changed == 0)
		r = STORE_NOT_FOUND;
	return r;
}

enum store_rc store_recovery_codes_delete(struct store_conn *c, int64_t account)
{
	return store_exec_int(c, "DELETE FROM recovery_codes WHERE account = ?", account,
			      "delete recovery codes");
}

enum store_rc store_recovery_codes_purge(struct store_conn *c, time_t before)
{
	return store_exec_int(c, "DELETE FROM recovery_codes WHERE expires_at < ?",
			      (int64_t)before, "purge recovery codes");
}

enum store_rc store_sessions_delete_account(struct store_conn *c, int64_t account)
{
	return store_exec_int(c, "DELETE FROM sessions WHERE account = ?", account,
			      "end the account's sessions");
}

enum store_rc store_sandbox_sms_add(struct store_conn *c, const char *phone, const char *text,
				    time_t at)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO sandbox_sms(phone, text, at) VALUES (?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, phone) != DB_OK ||
	    store_bind_text(st, 2, text) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)at) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind sandbox sms");
		goto out;
	}
	r = store_step_done(c, st, "insert sandbox sms");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_sandbox_sms_each(struct store_conn *c, const char *phone,
				     store_sandbox_sms_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_sandbox_sms m;
	enum store_rc r;
	int step;

	r = store_prepare(c, "SELECT id, phone, text, at FROM sandbox_sms"
			  " WHERE ?1 IS NULL OR phone = ?1 ORDER BY id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, phone) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind sandbox sms");
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		m.id = db_column_int64(st, 0);
		m.phone = (const char *)db_column_text(st, 1);
		m.text = (const char *)db_column_text(st, 2);
		m.at = (time_t)db_column_int64(st, 3);
		if (m.phone == NULL || m.text == NULL) {
			r = STORE_ERROR;
			goto out;
		}
		if (cb(ud, &m) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (step != DB_DONE)
		r = store_rc_of(c, step, "sandbox sms");
out:
	store_finish(c, st);
	return r;
}
