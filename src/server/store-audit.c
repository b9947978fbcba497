/* The audit of registrations by site staff (R-AUD-01, R-AUD-02). */
#include <string.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_registration_audit_get(struct store_conn *c, int64_t reg,
					   struct store_reg_audit *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT audit_reason, audit_submitted_at, audit_decided_at"
			     " FROM registrations WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind audit");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "audit");
		goto out;
	}
	out->has_reason = db_column_type(st, 0) != DB_NULL;
	out->submitted_at = (time_t)db_column_int64(st, 1);
	out->decided_at = (time_t)db_column_int64(st, 2);
	r = store_copy_text(st, 0, out->reason, sizeof(out->reason));
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_audit_submit(struct store_conn *c, int64_t reg, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET locked = 1, audit = 'pending',"
			     " audit_reason = NULL, audit_submitted_at = ?1, audit_decided_at = NULL,"
			     " updated_at = ?1 WHERE id = ?2", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 2, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind audit submit");
		goto out;
	}
	r = store_step_done(c, st, "audit submit");
	if (r == STORE_OK && db_changes(c) == 0)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_audit_decide(struct store_conn *c, int64_t reg, bool approve,
					      const char *reason, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	/* Conditional on 'pending': of two staff deciding at once, one wins. */
	r = store_prepare(c, "UPDATE registrations SET audit = ?1, locked = ?2, audit_reason = ?3,"
			     " audit_decided_at = ?4 WHERE id = ?5 AND audit = 'pending'", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, approve ? "approved" : "rejected") != DB_OK ||
	    db_bind_int(st, 2, approve ? 1 : 0) != DB_OK ||
	    store_bind_text(st, 3, approve ? NULL : reason) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 5, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind audit decide");
		goto out;
	}
	r = store_step_done(c, st, "audit decide");
	if (r == STORE_OK && db_changes(c) == 0)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_where(struct store_conn *c, int64_t reg,
				       struct store_reg_where *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT r.exam_session, r.account, s.code FROM registrations r"
			     " LEFT JOIN sites s ON s.id = r.site WHERE r.id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind where");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "where");
		goto out;
	}
	out->exam_session = db_column_int64(st, 0);
	out->account = db_column_int64(st, 1);
	r = store_copy_text(st, 2, out->site, sizeof(out->site));
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_deleted_at(struct store_conn *c, int64_t reg,
					    const char *site, bool *deleted)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	*deleted = false;
	r = store_prepare(c, "SELECT 1 FROM registration_deletions d JOIN sites s ON s.id = d.site"
			     " WHERE d.registration = ? AND s.code = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK ||
	    store_bind_text(st, 2, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind deleted");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*deleted = true;
	else if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "deleted");
out:
	store_finish(c, st);
	return r;
}

static void store_reg_ref_row(struct db_stmt *st, struct store_reg_ref *out)
{
	out->id = db_column_int64(st, 0);
	out->account = db_column_int64(st, 1);
	out->submitted_at = (time_t)db_column_int64(st, 2);
}

enum store_rc store_site_registrations_each(struct store_conn *c, int64_t exam_session,
					    const char *site, const char *audit,
					    store_reg_ref_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_reg_ref ref;
	enum store_rc r;
	int rc;

	/* From the site to its rows (index registrations_site_audit), never the session's. */
	r = store_prepare(c, audit == NULL
			     ? "SELECT r.id, r.account, r.audit_submitted_at FROM sites s"
			       " JOIN registrations r ON r.site = s.id"
			       " WHERE s.exam_session = ?1 AND s.code = ?2 AND +r.exam_session = ?1"
			       " AND ?3 IS NULL ORDER BY r.id"
			     : "SELECT r.id, r.account, r.audit_submitted_at FROM sites s"
			       " JOIN registrations r ON r.site = s.id AND r.audit = ?3"
			       " WHERE s.exam_session = ?1 AND s.code = ?2 AND +r.exam_session = ?1"
			       " ORDER BY r.audit_submitted_at, r.id", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    store_bind_text(st, 2, site) != DB_OK ||
	    store_bind_text(st, 3, audit) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind site registrations");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		store_reg_ref_row(st, &ref);
		if (cb(ud, &ref) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "site registrations");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_registration_by_id_number(struct store_conn *c, int64_t exam_session,
						   const char *site, const char *id_type,
						   const char *id_number, struct store_reg_ref *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT r.id, r.account, r.audit_submitted_at FROM sites s"
			     " JOIN registrations r ON r.site = s.id AND r.id_number = ?3"
			     " WHERE s.exam_session = ?1 AND s.code = ?2 AND +r.exam_session = ?1"
			     " AND (?4 IS NULL OR r.id_type = ?4) ORDER BY r.id LIMIT 1", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    store_bind_text(st, 2, site) != DB_OK ||
	    store_bind_text(st, 3, id_number) != DB_OK ||
	    store_bind_text(st, 4, id_type) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind lookup");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "lookup");
		goto out;
	}
	store_reg_ref_row(st, out);
out:
	store_finish(c, st);
	return r;
}
