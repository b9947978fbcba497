/* Claim codes of group registrations (集体报名) (store.h). */
#include <string.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_claim_put(struct store_conn *c, int64_t reg,
			      const unsigned char salt[STORE_CLAIM_SALT_LEN],
			      const unsigned char hash[STORE_CLAIM_HASH_LEN], time_t now,
			      time_t expires, const char *issued_by)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO group_claims"
			  "(registration, salt, code_hash, created_at, expires_at, tries, issued_by)"
			  " VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (registration) DO UPDATE SET"
			  " salt = excluded.salt, code_hash = excluded.code_hash,"
			  " created_at = excluded.created_at, expires_at = excluded.expires_at,"
			  " tries = 0, issued_by = excluded.issued_by", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)reg) != DB_OK ||
	    db_bind_blob(st, 2, salt, STORE_CLAIM_SALT_LEN) != DB_OK ||
	    db_bind_blob(st, 3, hash, STORE_CLAIM_HASH_LEN) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 5, (int64_t)expires) != DB_OK ||
	    store_bind_text(st, 6, issued_by) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind claim code");
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
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT g.registration, g.salt, g.code_hash FROM registrations r"
			  " JOIN group_claims g ON g.registration = r.id"
			  " WHERE r.exam_session = ? AND r.id_type = ? AND r.id_number = ?"
			  " AND r.account IS NULL AND r.method = 'group'"
			  " AND g.expires_at > ? AND g.tries < ? FOR UPDATE OF g", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)exam_session) != DB_OK ||
	    store_bind_text(st, 2, id_type) != DB_OK ||
	    store_bind_text(st, 3, id_number) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK ||
	    db_bind_int(st, 5, max_tries) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind claim code");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "claim code");
		goto out;
	}
	if (db_column_bytes(st, 1) != STORE_CLAIM_SALT_LEN ||
	    db_column_bytes(st, 2) != STORE_CLAIM_HASH_LEN) {
		r = STORE_ERROR;
		goto out;
	}
	out->registration = db_column_int64(st, 0);
	memcpy(out->salt, db_column_blob(st, 1), STORE_CLAIM_SALT_LEN);
	memcpy(out->hash, db_column_blob(st, 2), STORE_CLAIM_HASH_LEN);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_claim_try(struct store_conn *c, int64_t reg)
{
	return store_exec_int(c, "UPDATE group_claims SET tries = tries + 1"
			      " WHERE registration = ?", reg, "count a claim try");
}

enum store_rc store_claim_delete(struct store_conn *c, int64_t reg)
{
	return store_exec_int(c, "DELETE FROM group_claims WHERE registration = ?", reg,
			      "delete claim code");
}

enum store_rc store_claims_purge(struct store_conn *c, time_t before)
{
	return store_exec_int(c, "DELETE FROM group_claims WHERE expires_at < ?",
			      (int64_t)before, "purge claim codes");
}
