/* Login sessions: only the BLAKE2b hash of a token is stored (SQLite). */
#include <sqlite3.h>

#include "store.h"
#include "store-internal.h"

static int store_bind_hash(sqlite3_stmt *st, int idx, const unsigned char *hash)
{
	return sqlite3_bind_blob(st, idx, hash, STORE_TOKEN_HASH_LEN, SQLITE_TRANSIENT);
}

enum store_rc store_session_insert(struct store_conn *c,
				   const unsigned char hash[STORE_TOKEN_HASH_LEN],
				   int64_t account, time_t now, time_t expires)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO sessions(token_hash, account, created_at, last_used,"
			     " expires_at) VALUES (?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_hash(st, 1, hash) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, account) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, (sqlite3_int64)expires) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind session");
		goto out;
	}
	r = store_step_done(c, st, "insert session");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_session_get(struct store_conn *c,
				const unsigned char hash[STORE_TOKEN_HASH_LEN],
				int64_t *account, time_t *last_used, time_t *expires)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT account, last_used, expires_at FROM sessions"
			     " WHERE token_hash = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_hash(st, 1, hash) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind session");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "session");
		goto out;
	}
	*account = sqlite3_column_int64(st, 0);
	*last_used = (time_t)sqlite3_column_int64(st, 1);
	*expires = (time_t)sqlite3_column_int64(st, 2);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_session_touch(struct store_conn *c,
				  const unsigned char hash[STORE_TOKEN_HASH_LEN],
				  time_t now, time_t expires)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	/* Never shorten a session, and never revive one that has expired. */
	r = store_prepare(c, "UPDATE sessions SET last_used = ?1, expires_at = max(expires_at, ?2)"
			     " WHERE token_hash = ?3 AND expires_at > ?1", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)expires) != SQLITE_OK ||
	    store_bind_hash(st, 3, hash) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind session touch");
		goto out;
	}
	r = store_step_done(c, st, "touch session");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_session_delete(struct store_conn *c,
				   const unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "DELETE FROM sessions WHERE token_hash = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_hash(st, 1, hash) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind session delete");
		goto out;
	}
	r = store_step_done(c, st, "delete session");
	if (r == STORE_OK && sqlite3_changes(c->db) == 0)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_session_purge(struct store_conn *c, time_t before)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "DELETE FROM sessions WHERE expires_at < ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)before) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind session purge");
		goto out;
	}
	r = store_step_done(c, st, "purge sessions");
out:
	store_finish(c, st);
	return r;
}
