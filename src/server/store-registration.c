/* Candidates' registrations in an exam session (SQLite). */
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_registration_get(struct store_conn *c, int64_t exam_session,
				     int64_t account, struct store_registration *out)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT id, exam_session, account, agreement_version, accepted_at,"
			     " id_type, id_number, name, site, method, locked, audit,"
			     " created_at, updated_at FROM registrations"
			     " WHERE exam_session = ? AND account = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, exam_session) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, account) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind registration");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "registration");
		goto out;
	}
	out->id = sqlite3_column_int64(st, 0);
	out->exam_session = sqlite3_column_int64(st, 1);
	out->account = sqlite3_column_int64(st, 2);
	out->accepted_at = (time_t)sqlite3_column_int64(st, 4);
	out->has_identity = sqlite3_column_type(st, 5) != SQLITE_NULL;
	out->has_name = sqlite3_column_type(st, 7) != SQLITE_NULL;
	out->site = sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 8);
	out->locked = sqlite3_column_int(st, 10) != 0;
	out->created_at = (time_t)sqlite3_column_int64(st, 12);
	out->updated_at = (time_t)sqlite3_column_int64(st, 13);
	if ((r = store_copy_text(st, 3, out->agreement_version,
				 sizeof(out->agreement_version))) != STORE_OK ||
	    (r = store_copy_text(st, 5, out->id_type, sizeof(out->id_type))) != STORE_OK ||
	    (r = store_copy_text(st, 6, out->id_number, sizeof(out->id_number))) != STORE_OK ||
	    (r = store_copy_text(st, 7, out->name, sizeof(out->name))) != STORE_OK ||
	    (r = store_copy_text(st, 9, out->method, sizeof(out->method))) != STORE_OK ||
	    (r = store_copy_text(st, 11, out->audit, sizeof(out->audit))) != STORE_OK)
		goto out;
out:
	sqlite3_finalize(st);
	return r;
}

enum store_rc store_registration_insert(struct store_conn *c, int64_t exam_session,
					int64_t account, const char *agreement_version,
					time_t now, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO registrations(exam_session, account, agreement_version,"
			     " accepted_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4, ?4)",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, exam_session) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, account) != SQLITE_OK ||
	    store_bind_text(st, 3, agreement_version) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)now) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind registration");
		goto out;
	}
	r = store_step_done(c, st, "insert registration");
	if (r == STORE_OK)
		*id = sqlite3_last_insert_rowid(c->db);
out:
	sqlite3_finalize(st);
	return r;
}

enum store_rc store_registration_set_agreement(struct store_conn *c, int64_t id,
					       const char *agreement_version, time_t now)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET agreement_version = ?1, accepted_at = ?2,"
			     " updated_at = ?2 WHERE id = ?3", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, agreement_version) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, id) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind agreement");
		goto out;
	}
	r = store_step_done(c, st, "update agreement");
out:
	sqlite3_finalize(st);
	return r;
}

enum store_rc store_registration_id_owner(struct store_conn *c, int64_t exam_session,
					  const char *id_type, const char *id_number,
					  int64_t *account)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT account FROM registrations WHERE exam_session = ?"
			     " AND id_type = ? AND id_number = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, exam_session) != SQLITE_OK ||
	    store_bind_text(st, 2, id_type) != SQLITE_OK ||
	    store_bind_text(st, 3, id_number) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind id owner");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "id owner");
		goto out;
	}
	*account = sqlite3_column_int64(st, 0);
out:
	sqlite3_finalize(st);
	return r;
}

enum store_rc store_registration_set_identity(struct store_conn *c, int64_t id,
					      const char *id_type, const char *id_number,
					      time_t now)
{
	sqlite3_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET id_type = ?, id_number = ?, updated_at = ?"
			     " WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, id_type) != SQLITE_OK ||
	    store_bind_text(st, 2, id_number) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, id) != SQLITE_OK) {
		r = store_rc_of(c, sqlite3_extended_errcode(c->db), "bind identity");
		goto out;
	}
	r = store_step_done(c, st, "update identity");
out:
	sqlite3_finalize(st);
	return r;
}
