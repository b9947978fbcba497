/* Attempt counters behind the rate limits, kept in the database so every
 * server process sees the same counts. */


#include "store.h"
#include "store-internal.h"

enum store_rc store_attempt_nth_recent(struct store_conn *c, enum store_attempt kind,
				       const char *key, time_t since, unsigned n, time_t *at)
{
	static const char *const sql[] = {
		[STORE_ATTEMPT_LOGIN_FAIL_BY_LOGIN] =
			"SELECT at FROM login_failures WHERE login = ? AND at >= ?"
			" ORDER BY at DESC LIMIT 1 OFFSET ?",
		[STORE_ATTEMPT_LOGIN_FAIL_BY_ADDR] =
			"SELECT at FROM login_failures WHERE addr = ? AND at >= ?"
			" ORDER BY at DESC LIMIT 1 OFFSET ?",
		[STORE_ATTEMPT_SIGNUP_BY_ADDR] =
			"SELECT at FROM signups WHERE addr = ? AND at >= ?"
			" ORDER BY at DESC LIMIT 1 OFFSET ?",
	};
	static const char recovery_sql[] =
		"SELECT at FROM recovery_attempts WHERE kind = ?4 AND key = ?1 AND at >= ?2"
		" ORDER BY at DESC LIMIT 1 OFFSET ?3";
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	if ((int)kind < 0 || kind > STORE_ATTEMPT_CLAIM_BY_ADDR || n == 0)
		return STORE_ERROR;
	r = store_prepare(c, kind > STORE_ATTEMPT_SIGNUP_BY_ADDR ? recovery_sql : sql[kind], &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, key) != DB_OK ||
	    db_bind_int64(st, 2, (int64_t)since) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)n - 1) != DB_OK ||
	    (kind > STORE_ATTEMPT_SIGNUP_BY_ADDR &&
	     db_bind_int(st, 4, (int)kind) != DB_OK)) {
		r = store_rc_of(c, db_errcode(c), "bind attempts");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "attempts");
		goto out;
	}
	*at = (time_t)db_column_int64(st, 0);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_login_failure_add(struct store_conn *c, const char *login,
				      const char *addr, time_t at, int64_t *id)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO login_failures(login, addr, at) VALUES (?, ?, ?)"
			  " RETURNING id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, login) != DB_OK ||
	    store_bind_text(st, 2, addr) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)at) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind login failure");
		goto out;
	}
	r = store_step_id(c, st, "insert login failure", id);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_login_failure_remove(struct store_conn *c, int64_t id)
{
	return store_exec_int(c, "DELETE FROM login_failures WHERE id = ?", id,
			      "remove login failure");
}

enum store_rc store_signup_add(struct store_conn *c, const char *addr, time_t at)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO signups(addr, at) VALUES (?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, addr) != DB_OK ||
	    db_bind_int64(st, 2, (int64_t)at) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind signup");
		goto out;
	}
	r = store_step_done(c, st, "insert signup");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_attempts_purge(struct store_conn *c, time_t login_before,
				   time_t signup_before)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "DELETE FROM login_failures WHERE at < ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)login_before) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind purge");
		goto out;
	}
	if ((r = store_step_done(c, st, "purge login failures")) != STORE_OK)
		goto out;
	store_finish(c, st);
	st = NULL;
	r = store_prepare(c, "DELETE FROM signups WHERE at < ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)signup_before) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind purge");
		goto out;
	}
	r = store_step_done(c, st, "purge signups");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_recovery_attempt_add(struct store_conn *c, enum store_attempt kind,
					 const char *key, time_t at)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	if (kind <= STORE_ATTEMPT_SIGNUP_BY_ADDR || kind > STORE_ATTEMPT_CLAIM_BY_ADDR)
		return STORE_ERROR;
	r = store_prepare(c, "INSERT INTO recovery_attempts(kind, key, at) VALUES (?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int(st, 1, (int)kind) != DB_OK ||
	    store_bind_text(st, 2, key) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)at) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind recovery attempt");
		goto out;
	}
	r = store_step_done(c, st, "insert recovery attempt");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_recovery_attempts_purge(struct store_conn *c, time_t before)
{
	return store_exec_int(c, "DELETE FROM recovery_attempts WHERE at < ?", (int64_t)before,
			      "purge recovery attempts");
}
