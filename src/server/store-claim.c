/* Claim codes of group registrations (集体报名), SQLite (store.h). */
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-internal.h"

/* Run a statement without rows whose only parameter is one integer. */
static enum store_rc store_claim_exec_int(struct store_conn *c, const char *sql, int64_t v,
					  const char *what)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)v) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), what);
		goto out;
	}
	r = store_step_done(c, st, what);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_claim_put(struct store_conn *c, int64_t reg,
			      const unsigned char salt[STORE_CLAIM_SALT_LEN],
			      const unsigned char hash[STORE_CLAIM_HASH_LEN], time_t now,
			      time_t expires, const char *issued_by)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT OR REPLACE INTO group_claims"
			  "(registration, salt, code_hash, created_at, expires_at, tries, issued_by)"
			  " VALUES (?, ?, ?, ?, ?, 0, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)reg) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 2, salt, STORE_CLAIM_SALT_LEN, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 3, hash, STORE_CLAIM_HASH_LEN, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, (sqlite3_int64)expires) != SQLITE_OK ||
	    store_bind_text(st, 6, issued_by) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind claim code");
		goto out;
	}
	r = store_step_done(c, st, "put claim code");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_claim_get(struct store_conn *c, int64_t exam_session, const char *id_type,
			      const char *id_number, time_t now, int max_tries,
			      struct store_claim *out)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT g.registration, g.salt, g.code_hash FROM registrations r"
			  " JOIN group_claims g ON g.registration = r.id"
			  " WHERE r.exam_session = ? AND r.id_type = ? AND r.id_number = ?"
			  " AND r.account IS NULL AND r.method = 'group'"
			  " AND g.expires_at > ? AND g.tries < ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)exam_session) != SQLITE_OK ||
	    store_bind_text(st, 2, id_type) != SQLITE_OK ||
	    store_bind_text(st, 3, id_number) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int(st, 5, max_tries) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind claim code");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "claim code");
		goto out;
	}
	if (sqlite3_column_bytes(st, 1) != STORE_CLAIM_SALT_LEN ||
	    sqlite3_column_bytes(st, 2) != STORE_CLAIM_HASH_LEN) {
		r = STORE_ERROR;
		goto out;
	}
	out->registration = sqlite3_column_int64(st, 0);
	memcpy(out->salt, sqlite3_column_blob(st, 1), STORE_CLAIM_SALT_LEN);
	memcpy(out->hash, sqlite3_column_blob(st, 2), STORE_CLAIM_HASH_LEN);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_claim_try(struct store_conn *c, int64_t reg)
{
	return store_claim_exec_int(c, "UPDATE group_claims SET tries = tries + 1"
				    " WHERE registration = ?", reg, "count a claim try");
}

enum store_rc store_claim_delete(struct store_conn *c, int64_t reg)
{
	return store_claim_exec_int(c, "DELETE FROM group_claims WHERE registration = ?", reg,
				    "delete claim code");
}

enum store_rc store_claims_purge(struct store_conn *c, time_t before)
{
	return store_claim_exec_int(c, "DELETE FROM group_claims WHERE expires_at < ?",
				    (int64_t)before, "purge claim codes");
}
