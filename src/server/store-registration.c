/* Candidates' registrations in an exam session. */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-internal.h"

#define STORE_REGISTRATION_SELECT \
	"SELECT id, exam_session, account, agreement_version, accepted_at," \
	" id_type, id_number, name, site, method, locked, audit," \
	" created_at, updated_at, info FROM registrations"

/*
 * What store_registration_more() reads with the registration, in the same
 * statement: its audit, whether a photo is stored (0/1 on both databases,
 * not PostgreSQL's boolean) and how many orders it has.
 */
#define STORE_REGISTRATION_MORE_SELECT \
	"SELECT r.id, r.exam_session, r.account, r.agreement_version, r.accepted_at," \
	" r.id_type, r.id_number, r.name, r.site, r.method, r.locked, r.audit," \
	" r.created_at, r.updated_at, r.info," \
	" r.audit_reason, r.audit_submitted_at, r.audit_decided_at," \
	" CASE WHEN EXISTS (SELECT 1 FROM photos p WHERE p.registration = r.id) THEN 1 ELSE 0 END," \
	" (SELECT count(*) FROM orders o WHERE o.registration = r.id)" \
	" FROM registrations r"

/*
 * The registration of a statement of STORE_REGISTRATION_SELECT (more NULL)
 * or STORE_REGISTRATION_MORE_SELECT with ?1 and ?2 bound to a and b.
 */
static enum store_rc store_registration_read(struct store_conn *c, const char *sql, int64_t a,
					     int64_t b, struct store_registration *out,
					     struct store_reg_more *more);

enum store_rc store_registration_get(struct store_conn *c, int64_t exam_session,
				     int64_t account, struct store_registration *out)
{
	/*
	 * In a write transaction on PostgreSQL the row is locked: one request
	 * at a time changes a registration (its subjects, 科目上限, its site).
	 */
	return store_registration_read(c, STORE_REGISTRATION_SELECT
				       " WHERE exam_session = ?1 AND account = ?2 FOR UPDATE",
				       exam_session, account, out, NULL);
}

enum store_rc store_registration_by_id(struct store_conn *c, int64_t exam_session, int64_t id,
				       struct store_registration *out)
{
	return store_registration_read(c, STORE_REGISTRATION_SELECT
				       " WHERE exam_session = ?1 AND id = ?2 FOR UPDATE", exam_session, id,
				       out, NULL);
}

enum store_rc store_registration_more(struct store_conn *c, int64_t exam_session, int64_t account,
				      int64_t id, struct store_registration *out,
				      struct store_reg_more *more)
{
	/* Locked as store_registration_get's row is; the counted rows are not. */
	if (account > 0)
		return store_registration_read(c, STORE_REGISTRATION_MORE_SELECT
					       " WHERE r.exam_session = ?1 AND r.account = ?2"
					       " FOR UPDATE OF r", exam_session, account, out, more);
	return store_registration_read(c, STORE_REGISTRATION_MORE_SELECT
				       " WHERE r.exam_session = ?1 AND r.id = ?2 FOR UPDATE OF r",
				       exam_session, id, out, more);
}

static enum store_rc store_registration_read(struct store_conn *c, const char *sql, int64_t a,
					     int64_t b, struct store_registration *out,
					     struct store_reg_more *more)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, a) != DB_OK ||
	    db_bind_int64(st, 2, b) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind registration");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "registration");
		goto out;
	}
	out->id = db_column_int64(st, 0);
	out->exam_session = db_column_int64(st, 1);
	out->account = db_column_int64(st, 2);
	out->accepted_at = (time_t)db_column_int64(st, 4);
	out->has_identity = db_column_type(st, 5) != DB_NULL;
	out->has_name = db_column_type(st, 7) != DB_NULL;
	out->site = db_column_type(st, 8) == DB_NULL ? 0 : db_column_int64(st, 8);
	out->locked = db_column_int(st, 10) != 0;
	out->created_at = (time_t)db_column_int64(st, 12);
	out->updated_at = (time_t)db_column_int64(st, 13);
	out->has_info = db_column_type(st, 14) != DB_NULL;
	if ((r = store_copy_text(st, 3, out->agreement_version,
				 sizeof(out->agreement_version))) != STORE_OK ||
	    (r = store_copy_text(st, 5, out->id_type, sizeof(out->id_type))) != STORE_OK ||
	    (r = store_copy_text(st, 6, out->id_number, sizeof(out->id_number))) != STORE_OK ||
	    (r = store_copy_text(st, 7, out->name, sizeof(out->name))) != STORE_OK ||
	    (r = store_copy_text(st, 9, out->method, sizeof(out->method))) != STORE_OK ||
	    (r = store_copy_text(st, 11, out->audit, sizeof(out->audit))) != STORE_OK ||
	    (r = store_copy_text(st, 14, out->info, sizeof(out->info))) != STORE_OK)
		goto out;
	if (more != NULL) {
		memset(more, 0, sizeof(*more));
		more->audit.has_reason = db_column_type(st, 15) != DB_NULL;
		more->audit.submitted_at = (time_t)db_column_int64(st, 16);
		more->audit.decided_at = (time_t)db_column_int64(st, 17);
		more->photo = db_column_int(st, 18) != 0;
		more->norders = (size_t)db_column_int64(st, 19);
		r = store_copy_text(st, 15, more->audit.reason, sizeof(more->audit.reason));
	}
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_insert(struct store_conn *c, int64_t exam_session,
					int64_t account, const char *agreement_version,
					time_t now, int64_t *id)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	/* Ids are never reused (PostgreSQL: the identity's sequence): staff decide by
	 * id, and an id of a deleted registration must not come to mean another
	 * candidate. */
	r = store_prepare(c, STORE_SQL2(c,
			  "INSERT INTO registrations(id, exam_session, account, agreement_version,"
			  " accepted_at, created_at, updated_at) VALUES (1 + max("
			  "coalesce((SELECT max(id) FROM registrations), 0),"
			  " coalesce((SELECT max(registration) FROM registration_deletions), 0)),"
			  " ?1, ?2, ?3, ?4, ?4, ?4) RETURNING id",
			  "INSERT INTO registrations(exam_session, account, agreement_version,"
			  " accepted_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4, ?4)"
			  " RETURNING id"),
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    (account > 0 ? db_bind_int64(st, 2, account)
			 : db_bind_null(st, 2)) != DB_OK ||
	    store_bind_text(st, 3, agreement_version) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind registration");
		goto out;
	}
	r = store_step_id(c, st, "insert registration", id);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_set_agreement(struct store_conn *c, int64_t id,
					       const char *agreement_version, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET agreement_version = ?1, accepted_at = ?2,"
			     " updated_at = ?2 WHERE id = ?3", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, agreement_version) != DB_OK ||
	    db_bind_int64(st, 2, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 3, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind agreement");
		goto out;
	}
	r = store_step_done(c, st, "update agreement");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_id_owner(struct store_conn *c, int64_t exam_session,
					  const char *id_type, const char *id_number,
					  int64_t *account)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT account FROM registrations WHERE exam_session = ?"
			     " AND id_type = ? AND id_number = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    store_bind_text(st, 2, id_type) != DB_OK ||
	    store_bind_text(st, 3, id_number) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind id owner");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "id owner");
		goto out;
	}
	*account = db_column_int64(st, 0);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_set_identity(struct store_conn *c, int64_t id,
					      const char *id_type, const char *id_number,
					      time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET id_type = ?, id_number = ?, updated_at = ?"
			     " WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, id_type) != DB_OK ||
	    store_bind_text(st, 2, id_number) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 4, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind identity");
		goto out;
	}
	r = store_step_done(c, st, "update identity");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_subjects_each(struct store_conn *c, int64_t reg,
					       store_reg_subject_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_reg_subject s;
	const char *state;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT s.code, s.name_zh, s.name_en, ss.fee, rs.state, rs.added_at,"
			     " ri.date, t.no, t.date, t.time_start, t.time_end, t.room, t.seat"
			     " FROM registration_subjects rs"
			     " JOIN subjects s ON s.code = rs.subject"
			     " JOIN site_subjects ss ON ss.site = rs.site AND ss.subject = rs.subject"
			     " LEFT JOIN registration_intents ri"
			     "   ON ri.registration = rs.registration AND ri.subject = rs.subject"
			     " LEFT JOIN tickets t"
			     "   ON t.registration = rs.registration AND t.subject = rs.subject"
			     " WHERE rs.registration = ? ORDER BY length(s.code), s.code", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind registration subjects");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&s, 0, sizeof(s));
		if ((r = store_copy_text(st, 0, s.subject.code, sizeof(s.subject.code))) != STORE_OK ||
		    (r = store_copy_text(st, 1, s.subject.name_zh, sizeof(s.subject.name_zh))) != STORE_OK ||
		    (r = store_copy_text(st, 2, s.subject.name_en, sizeof(s.subject.name_en))) != STORE_OK ||
		    (r = store_copy_text(st, 6, s.intent_date, sizeof(s.intent_date))) != STORE_OK ||
		    (r = store_copy_text(st, 7, s.ticket_no, sizeof(s.ticket_no))) != STORE_OK ||
		    (r = store_copy_text(st, 8, s.exam_date, sizeof(s.exam_date))) != STORE_OK ||
		    (r = store_copy_text(st, 9, s.time_start, sizeof(s.time_start))) != STORE_OK ||
		    (r = store_copy_text(st, 10, s.time_end, sizeof(s.time_end))) != STORE_OK ||
		    (r = store_copy_text(st, 11, s.room, sizeof(s.room))) != STORE_OK)
			goto out;
		s.seat = db_column_int(st, 12);
		s.fee = db_column_int(st, 3);
		state = (const char *)db_column_text(st, 4);
		s.paid = state != NULL && strcmp(state, "paid") == 0;
		s.added_at = (time_t)db_column_int64(st, 5);
		if (cb(ud, &s) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "registration subjects");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_set_info(struct store_conn *c, int64_t id, const char *name,
					  const char *info_json, int64_t site, int64_t site_was,
					  time_t now)
{
	struct db_stmt *st = NULL;
	bool moves = site != site_was;
	enum store_rc r;

	/* A column left out of SET is an index not rewritten: the site's two. */
	r = store_prepare(c, moves ? "UPDATE registrations SET name = ?, info = ?, updated_at = ?,"
				     " site = ? WHERE id = ?"
				   : "UPDATE registrations SET name = ?, info = ?, updated_at = ?"
				     " WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, name) != DB_OK ||
	    store_bind_text(st, 2, info_json) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)now) != DB_OK ||
	    (moves && db_bind_int64(st, 4, site) != DB_OK) ||
	    db_bind_int64(st, moves ? 5 : 4, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind info");
		goto out;
	}
	r = store_step_done(c, st, "update info");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_subject_add(struct store_conn *c, int64_t reg, int64_t site,
					     const char *subject, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO registration_subjects(registration, site, subject, added_at)"
			     " VALUES (?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK ||
	    db_bind_int64(st, 2, site) != DB_OK ||
	    store_bind_text(st, 3, subject) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind subject add");
		goto out;
	}
	r = store_step_done(c, st, "add subject");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_subject_remove(struct store_conn *c, int64_t reg,
						const char *subject)
{
	int changed = 0;
	enum store_rc r;

	r = store_exec_int_text(c, "DELETE FROM registration_subjects WHERE registration = ?1"
				  " AND subject = ?2 AND state = 'unpaid'", reg, subject,
			       "remove subject", &changed);
	if (r == STORE_OK && changed == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_registration_touch(struct store_conn *c, int64_t id, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE registrations SET updated_at = ? WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 2, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind touch");
		goto out;
	}
	r = store_step_done(c, st, "touch registration");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registration_delete(struct store_conn *c, int64_t id, const char *reason,
					time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO registration_deletions(exam_session, account, by_system,"
			     " reason, at, registration, site) SELECT exam_session, account,"
			     " CASE WHEN ?2 IS NULL THEN 1 ELSE 0 END, ?2, ?3, id, site FROM registrations"
			     " WHERE id = ?1", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, id) != DB_OK ||
	    store_bind_text(st, 2, reason) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind deletion");
		goto out;
	}
	r = store_step_done(c, st, "record deletion");
	if (r != STORE_OK)
		goto out;
	/* registration_subjects go with it (ON DELETE CASCADE). */
	r = store_exec_int_text(c, "DELETE FROM registrations WHERE id = ?1", id, NULL,
			       "delete registration", NULL);
out:
	store_finish(c, st);
	return r;
}

/* One integer from a query of one or two int64 parameters (nparams). */
static enum store_rc store_count_n(struct store_conn *c, const char *sql, int nparams, int64_t a,
				   int64_t b, const char *what, int *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	*out = 0;
	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, a) != DB_OK ||
	    (nparams > 1 && db_bind_int64(st, 2, b) != DB_OK)) {
		r = store_rc_of(c, db_errcode(c), what);
		goto out;
	}
	if (db_step(st) != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), what);
		goto out;
	}
	*out = db_column_int(st, 0);
out:
	store_finish(c, st);
	return r;
}

static enum store_rc store_count2(struct store_conn *c, const char *sql, int64_t a, int64_t b,
				  const char *what, int *out)
{
	return store_count_n(c, sql, 2, a, b, what, out);
}

/* Subject rows first, then site rows, then intended-date rows. */
static int store_count_key_rank(const struct store_count_key *k)
{
	if (k->date != NULL)
		return 2;
	return k->subject != NULL ? 0 : 1;
}

static int store_count_key_cmp(const void *a, const void *b)
{
	const struct store_count_key *x = a, *y = b;
	int rx = store_count_key_rank(x), ry = store_count_key_rank(y), d;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->site != y->site)
		return x->site < y->site ? -1 : 1;
	if (x->subject == NULL)
		return 0;
	d = strcmp(x->subject, y->subject);
	if (d != 0 || x->date == NULL)
		return d;
	return strcmp(x->date, y->date);
}

static const char *const store_count_lock_sql[] = {
	"SELECT taken FROM site_subject_places WHERE site = ? AND subject = ? FOR UPDATE",
	"SELECT candidates FROM site_places WHERE site = ? FOR UPDATE",
	"SELECT taken FROM intent_date_places WHERE site = ? AND subject = ? AND date = ?"
	" FOR UPDATE",
};

enum store_rc store_count_rows_lock(struct store_conn *c, struct store_count_key *keys, size_t n)
{
	if (c->kind != DB_POSTGRES || !c->write_tx || n == 0)
		return STORE_OK;
	qsort(keys, n, sizeof(keys[0]), store_count_key_cmp);
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = NULL;
		enum store_rc r;
		int rc;

		if (i > 0 && store_count_key_cmp(&keys[i - 1], &keys[i]) == 0)
			continue;
		r = store_prepare(c, store_count_lock_sql[store_count_key_rank(&keys[i])], &st);
		if (r == STORE_OK && (db_bind_int64(st, 1, keys[i].site) != DB_OK ||
				      (keys[i].subject != NULL &&
				       store_bind_text(st, 2, keys[i].subject) != DB_OK) ||
				      (keys[i].date != NULL &&
				       store_bind_text(st, 3, keys[i].date) != DB_OK)))
			r = store_rc_of(c, db_errcode(c), "bind count row");
		if (r == STORE_OK) {
			rc = db_step(st);
			if (rc != DB_ROW && rc != DB_DONE)
				r = store_rc_of(c, db_errcode(c), "lock count row");
		}
		store_finish(c, st);
		if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}

enum store_rc store_site_candidates(struct store_conn *c, int64_t site, int64_t except,
				    int *count)
{
	/*
	 * The site's count row, less the registration itself when it holds a
	 * subject there; locked for the check (FOR UPDATE: PostgreSQL, in a
	 * write transaction). Every site has its row (a trigger adds it).
	 */
	return store_count2(c, "SELECT p.candidates - CASE WHEN EXISTS (SELECT 1"
			       " FROM registration_subjects WHERE registration = ?2 AND +site = ?1)"
			       " THEN 1 ELSE 0 END FROM site_places p WHERE p.site = ?1 FOR UPDATE",
			    site, except, "site candidates", count);
}

enum store_rc store_site_subject_get(struct store_conn *c, int64_t site, const char *subject,
				     struct store_site_subject *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	/* The count row is locked for the check (PostgreSQL, in a write transaction). */
	r = store_prepare(c, STORE_SITE_SUBJECT_SELECT " WHERE ss.site = ? AND ss.subject = ?"
			  " FOR UPDATE OF p", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK ||
	    store_bind_text(st, 2, subject) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind site subject");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "site subject");
		goto out;
	}
	r = store_site_subject_row(st, out);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_tips_each(struct store_conn *c, int64_t exam_session, store_tip_cb cb,
			      void *ud)
{
	struct db_stmt *st = NULL;
	struct store_tip t;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT seq, text_zh, text_en FROM exam_tips WHERE exam_session = ?"
			     " ORDER BY seq", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind tips");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		t.seq = db_column_int(st, 0);
		t.zh = (const char *)db_column_text(st, 1);
		t.en = (const char *)db_column_text(st, 2);
		if (t.zh == NULL || t.en == NULL || cb(ud, &t) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "tips");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_tip_insert(struct store_conn *c, int64_t exam_session, int seq,
			       const char *zh, const char *en)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO exam_tips(exam_session, seq, text_zh, text_en)"
			     " VALUES (?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    db_bind_int(st, 2, seq) != DB_OK ||
	    store_bind_text(st, 3, zh) != DB_OK ||
	    store_bind_text(st, 4, en) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind tip");
		goto out;
	}
	r = store_step_done(c, st, "insert tip");
out:
	store_finish(c, st);
	return r;
}

/* Run one sweep statement with ?1 = cutoff, ?2 = now; *changed gets the rows touched. */
static enum store_rc store_sweep_step(struct store_conn *c, const char *sql, time_t cutoff,
				      time_t now, int *changed)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)cutoff) != DB_OK ||
	    (db_bind_parameter_count(st) >= 2 &&
	     db_bind_int64(st, 2, (int64_t)now) != DB_OK)) {
		r = store_rc_of(c, db_errcode(c), "bind sweep");
		goto out;
	}
	r = store_step_done(c, st, "sweep");
	if (r == STORE_OK && changed != NULL)
		*changed = db_changes(c);
out:
	store_finish(c, st);
	return r;
}

#define STORE_SWEEP_EMPTY_REG \
	" FROM registrations r WHERE r.locked = 0 AND r.updated_at <= ?1" \
	" AND NOT EXISTS (SELECT 1 FROM registration_subjects rs WHERE rs.registration = r.id)"

enum store_rc store_sweep_expired(struct store_conn *c, time_t cutoff, time_t now,
				  int *subjects, int *registrations)
{
	enum store_rc r;

	*subjects = *registrations = 0;
	if (c->kind == DB_POSTGRES) {
		/*
		 * Several sweeps at once: each locks the registrations it
		 * empties and skips those another holds (a sweep, or a
		 * candidate changing them), so each expired subject and each
		 * empty registration is deleted, and recorded, exactly once.
		 * The count rows the deletions change are locked first, in the
		 * order of store_count_rows_lock, so that a sweep and a
		 * candidate's save never wait for each other in a circle.
		 */
		int locked;

		r = store_count_n(c, "SELECT count(*) FROM (SELECT 1 FROM site_subject_places p"
				    " WHERE EXISTS (SELECT 1 FROM registration_subjects x"
				    "  JOIN registrations r ON r.id = x.registration"
				    "  WHERE x.site = p.site AND x.subject = p.subject AND x.state = 'unpaid'"
				    "  AND x.added_at <= ?1 AND r.locked = 0)"
				    " ORDER BY p.site, p.subject COLLATE \"C\" FOR UPDATE OF p) l",
				  1, cutoff, 0, "sweep lock subjects", &locked);
		if (r == STORE_OK)
			r = store_count_n(c, "SELECT count(*) FROM (SELECT 1 FROM site_places p"
					    " WHERE EXISTS (SELECT 1 FROM registration_subjects x"
					    "  JOIN registrations r ON r.id = x.registration"
					    "  WHERE x.site = p.site AND x.state = 'unpaid'"
					    "  AND x.added_at <= ?1 AND r.locked = 0)"
					    " ORDER BY p.site FOR UPDATE OF p) l",
					  1, cutoff, 0, "sweep lock sites", &locked);
		if (r != STORE_OK)
			return r;
		r = store_sweep_step(c, "DELETE FROM registration_subjects WHERE state = 'unpaid'"
					" AND added_at <= ?1 AND registration IN (SELECT r.id"
					"  FROM registrations r WHERE r.locked = 0 AND EXISTS (SELECT 1"
					"   FROM registration_subjects x WHERE x.registration = r.id"
					"   AND x.state = 'unpaid' AND x.added_at <= ?1)"
					"  FOR UPDATE SKIP LOCKED)", cutoff, now, subjects);
		if (r != STORE_OK)
			return r;
		return store_sweep_step(c, "WITH gone AS (DELETE FROM registrations WHERE id IN"
					   " (SELECT r.id" STORE_SWEEP_EMPTY_REG " FOR UPDATE SKIP LOCKED)"
					   " RETURNING exam_session, account, id, site)"
					   " INSERT INTO registration_deletions(exam_session, account,"
					   " by_system, reason, at, registration, site)"
					   " SELECT exam_session, account, 1, NULL, ?2, id, site FROM gone",
				     cutoff, now, registrations);
	}
	r = store_sweep_step(c, "DELETE FROM registration_subjects WHERE state = 'unpaid'"
				" AND added_at <= ?1 AND EXISTS (SELECT 1 FROM registrations r"
				"   WHERE r.id = registration_subjects.registration AND r.locked = 0)",
			     cutoff, now, subjects);
	if (r != STORE_OK)
		return r;
	r = store_sweep_step(c, "INSERT INTO registration_deletions(exam_session, account,"
				" by_system, reason, at, registration, site)"
				" SELECT r.exam_session, r.account, 1, NULL, ?2, r.id, r.site"
				STORE_SWEEP_EMPTY_REG, cutoff, now, NULL);
	if (r != STORE_OK)
		return r;
	return store_sweep_step(c, "DELETE FROM registrations WHERE id IN (SELECT r.id"
				   STORE_SWEEP_EMPTY_REG ")", cutoff, now, registrations);
}

enum store_rc store_registration_set_group(struct store_conn *c, int64_t id)
{
	return store_exec_int(c, "UPDATE registrations SET method = 'group' WHERE id = ?", id,
			      "set group");
}

enum store_rc store_registration_claim(struct store_conn *c, int64_t exam_session,
				       const char *id_type, const char *id_number,
				       int64_t account, int64_t own, const char *agreement_version,
				       time_t accepted_at, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	/* The account's own registration is a fresh one: agreement and nothing else. */
	r = store_prepare(c, "DELETE FROM registrations WHERE id = ? AND account = ?"
			     " AND info IS NULL AND site IS NULL", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, own) != DB_OK ||
	    db_bind_int64(st, 2, account) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind claim");
		goto out;
	}
	if ((r = store_step_done(c, st, "claim: drop the fresh registration")) != STORE_OK)
		goto out;
	if (db_changes(c) != 1) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	store_finish(c, st);
	st = NULL;
	r = store_prepare(c, "UPDATE registrations SET account = ?, agreement_version = ?,"
			     " accepted_at = ?, updated_at = ? WHERE exam_session = ? AND id_type = ?"
			     " AND id_number = ? AND account IS NULL AND method = 'group'", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, account) != DB_OK ||
	    store_bind_text(st, 2, agreement_version) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)accepted_at) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)now) != DB_OK ||
	    db_bind_int64(st, 5, exam_session) != DB_OK ||
	    store_bind_text(st, 6, id_type) != DB_OK ||
	    store_bind_text(st, 7, id_number) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind claim");
		goto out;
	}
	r = store_step_done(c, st, "claim");
	if (r == STORE_OK && db_changes(c) != 1)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_registrations_earlier_each(struct store_conn *c, int64_t account,
					       int64_t current, store_earlier_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_earlier e;
	enum store_rc r;
	int step;

	r = store_prepare(c, "SELECT r.id, r.site, r.method, e.code, e.name_zh, e.name_en"
			     " FROM registrations r JOIN exam_sessions e ON e.id = r.exam_session"
			     " WHERE r.account = ? AND r.exam_session <> ? ORDER BY e.id DESC", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, account) != DB_OK ||
	    db_bind_int64(st, 2, current) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind earlier");
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		memset(&e, 0, sizeof(e));
		e.registration = db_column_int64(st, 0);
		e.site = db_column_type(st, 1) == DB_NULL ? 0 : db_column_int64(st, 1);
		if ((r = store_copy_text(st, 2, e.method, sizeof(e.method))) != STORE_OK ||
		    (r = store_copy_text(st, 3, e.session_code, sizeof(e.session_code))) != STORE_OK ||
		    (r = store_copy_text(st, 4, e.session_zh, sizeof(e.session_zh))) != STORE_OK ||
		    (r = store_copy_text(st, 5, e.session_en, sizeof(e.session_en))) != STORE_OK)
			goto out;
		if (cb(ud, &e) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (step != DB_DONE)
		r = store_rc_of(c, step, "earlier registrations");
out:
	store_finish(c, st);
	return r;
}
