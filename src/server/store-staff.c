/*
 * Staff accounts (one site each), their login sessions (only the token's
 * BLAKE2b hash is stored, as for candidates) and the audit log (SQLite).
 */
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-internal.h"

#define STAFF_COLUMNS "id, login, name, site, pw_hash, disabled, created_at"

static enum store_rc store_staff_row(sqlite3_stmt *st, struct store_staff *out)
{
	enum store_rc r;

	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	out->has_password = sqlite3_column_type(st, 4) != SQLITE_NULL;
	out->disabled = sqlite3_column_int(st, 5) != 0;
	out->created_at = (time_t)sqlite3_column_int64(st, 6);
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	rc = text != NULL ? store_bind_text(st, 1, text) : sqlite3_bind_int64(st, 1, id);
	if (rc != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "staff");
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO staff(login, name, site, pw_hash, created_at)"
			     " VALUES (?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, login) != SQLITE_OK ||
	    store_bind_text(st, 2, name) != SQLITE_OK ||
	    store_bind_text(st, 3, site) != SQLITE_OK ||
	    store_bind_text(st, 4, pw_hash) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, (sqlite3_int64)now) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff insert");
		goto out;
	}
	r = store_step_done(c, st, "insert staff");
	if (r == STORE_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(c->db);
out:
	store_finish(c, st);
	return r;
}

/* Run "... WHERE id = ?2" with ?1 bound to text or an int; NOT_FOUND when no row changed. */
static enum store_rc store_staff_update(struct store_conn *c, const char *sql, const char *text,
					int value, int64_t id, const char *what)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	rc = text != NULL ? store_bind_text(st, 1, text) : sqlite3_bind_int(st, 1, value);
	if (rc != SQLITE_OK || sqlite3_bind_int64(st, 2, id) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), what);
		goto out;
	}
	r = store_step_done(c, st, what);
	if (r == STORE_OK && sqlite3_changes(c->db) == 0)
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

	sqlite3_stmt *st = NULL;

	r = store_staff_update(c, "UPDATE staff SET disabled = ?1 WHERE id = ?2", NULL,
			       disabled ? 1 : 0, id, "staff disable");
	if (r != STORE_OK || !disabled)
		return r;
	r = store_prepare(c, "DELETE FROM staff_sessions WHERE staff = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff sessions end");
		goto out;
	}
	r = store_step_done(c, st, "staff sessions end");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_each(struct store_conn *c, const char *site, store_staff_cb cb,
			       void *ud)
{
	sqlite3_stmt *st = NULL;
	struct store_staff s;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT " STAFF_COLUMNS " FROM staff WHERE ?1 IS NULL OR site = ?1"
			     " ORDER BY site, login", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, site) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff list");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((r = store_staff_row(st, &s)) != STORE_OK)
			goto out;
		if (cb(ud, &s) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "staff list");
out:
	store_finish(c, st);
	return r;
}

/* ---- sessions ---- */

static int store_bind_token(sqlite3_stmt *st, int idx, const unsigned char *hash)
{
	return sqlite3_bind_blob(st, idx, hash, STORE_TOKEN_HASH_LEN, SQLITE_TRANSIENT);
}

enum store_rc store_staff_session_insert(struct store_conn *c,
					 const unsigned char hash[STORE_TOKEN_HASH_LEN],
					 int64_t staff, time_t now, time_t expires)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO staff_sessions(token_hash, staff, created_at, last_used,"
			     " expires_at) VALUES (?1, ?2, ?3, ?3, ?4)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_token(st, 1, hash) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, staff) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)expires) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff session");
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT ss.staff, ss.last_used, ss.expires_at FROM staff_sessions ss"
			     " JOIN staff s ON s.id = ss.staff"
			     " WHERE ss.token_hash = ? AND s.disabled = 0", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_token(st, 1, hash) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff session");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "staff session");
		goto out;
	}
	*staff = sqlite3_column_int64(st, 0);
	*last_used = (time_t)sqlite3_column_int64(st, 1);
	*expires = (time_t)sqlite3_column_int64(st, 2);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_session_touch(struct store_conn *c,
					const unsigned char hash[STORE_TOKEN_HASH_LEN],
					time_t now, time_t expires)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE staff_sessions SET last_used = ?1,"
			     " expires_at = max(expires_at, ?2) WHERE token_hash = ?3"
			     " AND expires_at > ?1", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)expires) != SQLITE_OK ||
	    store_bind_token(st, 3, hash) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff session touch");
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
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "DELETE FROM staff_sessions WHERE token_hash = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_token(st, 1, hash) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff session delete");
		goto out;
	}
	r = store_step_done(c, st, "delete staff session");
	if (r == STORE_OK && sqlite3_changes(c->db) == 0)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_staff_session_purge(struct store_conn *c, time_t before)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "DELETE FROM staff_sessions WHERE expires_at < ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)before) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind staff session purge");
		goto out;
	}
	r = store_step_done(c, st, "purge staff sessions");
out:
	store_finish(c, st);
	return r;
}

/* ---- the audit log ---- */

enum store_rc store_log_add(struct store_conn *c, time_t at, const char *actor,
			    const char *site, const char *action, int64_t registration,
			    const char *detail)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO audit_log(at, actor, site, action, registration, detail)"
			     " VALUES (?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)at) != SQLITE_OK ||
	    store_bind_text(st, 2, actor) != SQLITE_OK ||
	    store_bind_text(st, 3, site) != SQLITE_OK ||
	    store_bind_text(st, 4, action) != SQLITE_OK ||
	    (registration > 0 ? sqlite3_bind_int64(st, 5, registration)
			      : sqlite3_bind_null(st, 5)) != SQLITE_OK ||
	    store_bind_text(st, 6, detail) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind log");
		goto out;
	}
	r = store_step_done(c, st, "insert log");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_log_each(struct store_conn *c, const char *site, store_log_cb cb, void *ud)
{
	sqlite3_stmt *st = NULL;
	struct store_log_entry e;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT at, actor, site, action, registration, detail FROM audit_log"
			     " WHERE ?1 IS NULL OR site = ?1 ORDER BY at, id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, site) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind log list");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.at = (time_t)sqlite3_column_int64(st, 0);
		e.actor = (const char *)sqlite3_column_text(st, 1);
		e.site = (const char *)sqlite3_column_text(st, 2);
		e.action = (const char *)sqlite3_column_text(st, 3);
		e.registration = sqlite3_column_int64(st, 4);
		e.detail = (const char *)sqlite3_column_text(st, 5);
		if (e.actor == NULL || e.site == NULL || e.action == NULL || cb(ud, &e) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "log list");
out:
	store_finish(c, st);
	return r;
}
