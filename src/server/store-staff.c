/*
 * Staff accounts (one site each), their login sessions (only the token's
 * BLAKE2b hash is stored, as for candidates) and the audit log.
 */
#include <string.h>

#include "store.h"
#include "store-internal.h"

#define STAFF_COLUMNS "id, login, name, site, pw_hash, disabled, created_at"

static enum store_rc store_staff_row(struct db_stmt *st, struct store_staff *out)
{
	enum store_rc r;

	memset(out, 0, sizeof(*out));
	out->id = db_column_int64(st, 0);
	out->has_password = db_column_type(st, 4) != DB_NULL;
	out->disabled = db_column_int(st, 5) != 0;
	out->created_at = (time_t)db_column_int64(st, 6);
	if ((r = store_copy_text(st, 1, out->login, sizeof(out->login))) != STORE_OK ||
	    (r = store_copy_text(st, 2, out->name, sizeof(out->name))) != STORE_OK ||
	    (r = store_copy_text(st, 3, out->site, sizeof(out->site))) != STORE_OK ||
	    (r = store_copy_text(st, 4, out->pw_hash, sizeof(out->pw_hash))) != STORE_OK)
		return r;
	return STORE_OK;
}

/* One staff row by a text (login) or an id. */
static enum store_rc store_staff_one(struct store_conn *c, const char *sql, const char *text,
				     int64_t id, struct store_staff *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	rc = text != NULL ? store_bind_text(st, 1, text) : db_bind_int64(st, 1, id);
	if (rc != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind staff");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "staff");
		goto out;
	}
	r = store_staff_row(st, out);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_by_login(struct store_conn *c, const char *login,
				   struct store_staff *out)
{
	return store_staff_one(c, "SELECT " STAFF_COLUMNS " FROM staff WHERE login = ?", login, 0,
			       out);
}

enum store_rc store_staff_by_id(struct store_conn *c, int64_t id, struct store_staff *out)
{
	return store_staff_one(c, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?", NULL, id, out);
}

enum store_rc store_staff_insert(struct store_conn *c, const char *login, const char *name,
				 const char *site, const char *pw_hash, time_t now, int64_t *id)
{
	struct db_stmt *st = NULL;
	int64_t new_id = 0;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO staff(login, name, site, pw_hash, created_at)"
			     " VALUES (?, ?, ?, ?, ?) RETURNING id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, login) != DB_OK ||
	    store_bind_text(st, 2, name) != DB_OK ||
	    store_bind_text(st, 3, site) != DB_OK ||
	    store_bind_text(st, 4, pw_hash) != DB_OK ||
	    db_bind_int64(st, 5, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind staff insert");
		goto out;
	}
	r = store_step_id(c, st, "insert staff", &new_id);
	if (r == STORE_OK && id != NULL)
		*id = new_id;
out:
	store_finish(c, st);
	return r;
}

/* Run "... WHERE id = ?2" with ?1 bound to text or an int; NOT_FOUND when no row changed. */
static enum store_rc store_staff_update(struct store_conn *c, const char *sql, const char *text,
					int value, int64_t id, const char *what)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	rc = text != NULL ? store_bind_text(st, 1, text) : db_bind_int(st, 1, value);
	if (rc != DB_OK || db_bind_int64(st, 2, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), what);
		goto out;
	}
	r = store_step_done(c, st, what);
	if (r == STORE_OK && db_changes(c) == 0)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_set_hash(struct store_conn *c, int64_t id, const char *pw_hash)
{
	return store_staff_update(c, "UPDATE staff SET pw_hash = ?1 WHERE id = ?2", pw_hash, 0, id,
				  "staff password");
}

enum store_rc store_staff_set_disabled(struct store_conn *c, int64_t id, bool disabled)
{
	enum store_rc r;

	r = store_staff_update(c, "UPDATE staff SET disabled = ?1 WHERE id = ?2", NULL,
			       disabled ? 1 : 0, id, "staff disable");
	if (r != STORE_OK || !disabled)
		return r;
	return store_exec_int(c, "DELETE FROM staff_sessions WHERE staff = ?", id,
			      "staff sessions end");
}

enum store_rc store_staff_each(struct store_conn *c, const char *site, store_staff_cb cb,
			       void *ud)
{
	struct db_stmt *st = NULL;
	struct store_staff s;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT " STAFF_COLUMNS " FROM staff WHERE ?1 IS NULL OR site = ?1"
			     " ORDER BY site, login", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind staff list");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if ((r = store_staff_row(st, &s)) != STORE_OK)
			goto out;
		if (cb(ud, &s) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "staff list");
out:
	store_finish(c, st);
	return r;
}

/* ---- sessions ---- */

static int store_bind_token(struct db_stmt *st, int idx, const unsigned char *hash)
{
	return db_bind_blob(st, idx, hash, STORE_TOKEN_HASH_LEN);
}

enum store_rc store_staff_session_insert(struct store_conn *c,
					 const unsigned char hash[STORE_TOKEN_HASH_LEN],
					 int64_t staff, time_t now, time_t expires)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO staff_sessions(token_hash, staff, created_at, last_used,"
			     " expires_at) VALUES (?1, ?2, ?3, ?3, ?4)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_token(st, 1, hash) != DB_OK ||
	    db_bind_int64(st, 2, staff) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)expires) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind staff session");
		goto out;
	}
	r = store_step_done(c, st, "insert staff session");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_session_get(struct store_conn *c,
				      const unsigned char hash[STORE_TOKEN_HASH_LEN],
				      int64_t *staff, time_t *last_used, time_t *expires)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT ss.staff, ss.last_used, ss.expires_at FROM staff_sessions ss"
			     " JOIN staff s ON s.id = ss.staff"
			     " WHERE ss.token_hash = ? AND s.disabled = 0", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_token(st, 1, hash) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind staff session");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "staff session");
		goto out;
	}
	*staff = db_column_int64(st, 0);
	*last_used = (time_t)db_column_int64(st, 1);
	*expires = (time_t)db_column_int64(st, 2);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_session_touch(struct store_conn *c,
					const unsigned char hash[STORE_TOKEN_HASH_LEN],
					time_t now, time_t expires)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE staff_sessions SET last_used = ?1,"
			     " expires_at = CASE WHEN expires_at > ?2 THEN expires_at ELSE ?2 END WHERE token_hash = ?3"
			     " AND expires_at > ?1", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 2, (int64_t)expires) != DB_OK ||
	    store_bind_token(st, 3, hash) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind staff session touch");
		goto out;
	}
	r = store_step_done(c, st, "touch staff session");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_session_delete(struct store_conn *c,
					 const unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "DELETE FROM staff_sessions WHERE token_hash = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_token(st, 1, hash) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind staff session delete");
		goto out;
	}
	r = store_step_done(c, st, "delete staff session");
	if (r == STORE_OK && db_changes(c) == 0)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_session_purge(struct store_conn *c, time_t before)
{
	return store_exec_int(c, "DELETE FROM staff_sessions WHERE expires_at < ?", (int64_t)before,
			      "purge staff sessions");
}

/* ---- the audit log ---- */

enum store_rc store_log_add(struct store_conn *c, time_t at, const char *actor,
			    const char *site, const char *action, int64_t registration,
			    const char *detail)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO audit_log(at, actor, site, action, registration, detail)"
			     " VALUES (?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)at) != DB_OK ||
	    store_bind_text(st, 2, actor) != DB_OK ||
	    store_bind_text(st, 3, site) != DB_OK ||
	    store_bind_text(st, 4, action) != DB_OK ||
	    (registration > 0 ? db_bind_int64(st, 5, registration)
			      : db_bind_null(st, 5)) != DB_OK ||
	    store_bind_text(st, 6, detail) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind log");
		goto out;
	}
	r = store_step_done(c, st, "insert log");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_log_each(struct store_conn *c, const char *site, store_log_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_log_entry e;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT at, actor, site, action, registration, detail FROM audit_log"
			     " WHERE ?1 IS NULL OR site = ?1 ORDER BY at, id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind log list");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&e, 0, sizeof(e));
		e.at = (time_t)db_column_int64(st, 0);
		e.actor = (const char *)db_column_text(st, 1);
		e.site = (const char *)db_column_text(st, 2);
		e.action = (const char *)db_column_text(st, 3);
		e.registration = db_column_int64(st, 4);
		e.detail = (const char *)db_column_text(st, 5);
		if (e.actor == NULL || e.site == NULL || e.action == NULL || cb(ud, &e) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "log list");
out:
	store_finish(c, st);
	return r;
}
