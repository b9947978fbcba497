/* Login sessions: only the BLAKE2b hash of a token is stored. */


#include "store.h"
#include "store-internal.h"

static int store_bind_hash(struct db_stmt *st, int idx, const unsigned char *hash)
{
	return db_bind_blob(st, idx, hash, STORE_TOKEN_HASH_LEN);
}

enum store_rc store_session_insert(struct store_conn *c,
				   const unsigned char hash[STORE_TOKEN_HASH_LEN],
				   int64_t account, time_t now, time_t expires)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO sessions(token_hash, account, created_at, last_used,"
			     " expires_at) VALUES (?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_hash(st, 1, hash) != DB_OK ||
	    db_bind_int64(st, 2, account) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 5, (int64_t)expires) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind session");
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
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT account, last_used, expires_at FROM sessions"
			     " WHERE token_hash = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_hash(st, 1, hash) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind session");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "session");
		goto out;
	}
	*account = db_column_int64(st, 0);
	*last_used = (time_t)db_column_int64(st, 1);
	*expires = (time_t)db_column_int64(st, 2);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_session_touch(struct store_conn *c,
				  const unsigned char hash[STORE_TOKEN_HASH_LEN],
				  time_t now, time_t expires)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	/* Never shorten a session, and never revive one that has expired. */
	r = store_prepare(c, "UPDATE sessions SET last_used = ?1,"
			     " expires_at = CASE WHEN expires_at > ?2 THEN expires_at ELSE ?2 END"
			     " WHERE token_hash = ?3 AND expires_at > ?1", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 2, (int64_t)expires) != DB_OK ||
	    store_bind_hash(st, 3, hash) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind session touch");
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
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "DELETE FROM sessions WHERE token_hash = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_hash(st, 1, hash) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind session delete");
		goto out;
	}
	r = store_step_done(c, st, "delete session");
	if (r == STORE_OK && db_changes(c) == 0)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_session_purge(struct store_conn *c, time_t before)
{
	return store_exec_int(c, "DELETE FROM sessions WHERE expires_at < ?", (int64_t)before,
			      "purge sessions");
}
