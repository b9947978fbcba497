/* Exam sessions, provinces, sites, subjects and agreements. */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_exam_session_current(struct store_conn *c, struct store_exam_session *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT id, code, name_zh, name_en, window_open, window_close,"
			     " tickets_from"
			     " FROM exam_sessions WHERE current = 1 ORDER BY id DESC LIMIT 1", &st);
	if (r != STORE_OK)
		goto out;
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "exam session");
		goto out;
	}
	out->id = db_column_int64(st, 0);
	if ((r = store_copy_text(st, 1, out->code, sizeof(out->code))) != STORE_OK ||
	    (r = store_copy_text(st, 2, out->name_zh, sizeof(out->name_zh))) != STORE_OK ||
	    (r = store_copy_text(st, 3, out->name_en, sizeof(out->name_en))) != STORE_OK)
		goto out;
	out->window_open = (time_t)db_column_int64(st, 4);
	out->window_close = (time_t)db_column_int64(st, 5);
	out->tickets_from = (time_t)db_column_int64(st, 6);	/* NULL gives 0 */
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_exam_session_count(struct store_conn *c, int *count)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	*count = 0;
	r = store_prepare(c, "SELECT count(*) FROM exam_sessions", &st);
	if (r != STORE_OK)
		goto out;
	if (db_step(st) != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "count exam sessions");
		goto out;
	}
	*count = db_column_int(st, 0);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_exam_session_insert(struct store_conn *c,
					const struct store_exam_session *in, int64_t *id)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO exam_sessions(code, name_zh, name_en, window_open,"
			     " window_close, tickets_from, current) VALUES (?, ?, ?, ?, ?, ?, 1)"
			     " RETURNING id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, in->code) != DB_OK ||
	    store_bind_text(st, 2, in->name_zh) != DB_OK ||
	    store_bind_text(st, 3, in->name_en) != DB_OK ||
	    db_bind_int64(st, 4, (int64_t)in->window_open) != DB_OK ||
	    db_bind_int64(st, 5, (int64_t)in->window_close) != DB_OK ||
	    (in->tickets_from != 0 ? db_bind_int64(st, 6, (int64_t)in->tickets_from)
				   : db_bind_null(st, 6)) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind exam session");
		goto out;
	}
	r = store_step_id(c, st, "insert exam session", id);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_exam_session_set_tickets_from(struct store_conn *c, int64_t id,
						  time_t from)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE exam_sessions SET tickets_from = ? WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, (int64_t)from) != DB_OK ||
	    db_bind_int64(st, 2, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind tickets_from");
		goto out;
	}
	r = store_step_done(c, st, "publish tickets");
	if (r == STORE_OK && db_changes(c) != 1)
		r = STORE_NOT_FOUND;
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_provinces_each(struct store_conn *c, store_province_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_province p;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT code, name_zh, name_en FROM provinces ORDER BY code", &st);
	if (r != STORE_OK)
		goto out;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((r = store_copy_text(st, 0, p.code, sizeof(p.code))) != STORE_OK ||
		    (r = store_copy_text(st, 1, p.name_zh, sizeof(p.name_zh))) != STORE_OK ||
		    (r = store_copy_text(st, 2, p.name_en, sizeof(p.name_en))) != STORE_OK)
			goto out;
		if (cb(ud, &p) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "provinces");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_province_put(struct store_conn *c, const struct store_province *p)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO provinces(code, name_zh, name_en) VALUES (?, ?, ?)"
			     " ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh,"
			     " name_en = excluded.name_en", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, p->code) != DB_OK ||
	    store_bind_text(st, 2, p->name_zh) != DB_OK ||
	    store_bind_text(st, 3, p->name_en) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind province");
		goto out;
	}
	r = store_step_done(c, st, "insert province");
out:
	store_finish(c, st);
	return r;
}

#define SITE_COLUMNS "id, code, province, name_zh, name_en, max_subjects, audit," \
		     " total_capacity, window_open, window_close, self_print, intent_dates," \
		     " coalesce(exam_start, ''), coalesce(exam_end, '')"

static enum store_rc store_site_row(struct db_stmt *st, struct store_site *s)
{
	enum store_rc r;

	s->id = db_column_int64(st, 0);
	if ((r = store_copy_text(st, 1, s->code, sizeof(s->code))) != STORE_OK ||
	    (r = store_copy_text(st, 2, s->province, sizeof(s->province))) != STORE_OK ||
	    (r = store_copy_text(st, 3, s->name_zh, sizeof(s->name_zh))) != STORE_OK ||
	    (r = store_copy_text(st, 4, s->name_en, sizeof(s->name_en))) != STORE_OK)
		return r;
	s->max_subjects = db_column_int(st, 5);
	s->audit = db_column_int(st, 6) != 0;
	s->total_capacity = db_column_int(st, 7);
	s->window_open = (time_t)db_column_int64(st, 8);
	s->window_close = (time_t)db_column_int64(st, 9);
	s->self_print = db_column_int(st, 10) != 0;
	s->intent_dates = db_column_int(st, 11) != 0;
	if ((r = store_copy_text(st, 12, s->exam_start, sizeof(s->exam_start))) != STORE_OK ||
	    (r = store_copy_text(st, 13, s->exam_end, sizeof(s->exam_end))) != STORE_OK)
		return r;
	return STORE_OK;
}

enum store_rc store_sites_each(struct store_conn *c, int64_t exam_session,
			       const char *province, store_site_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_site s;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT " SITE_COLUMNS " FROM sites WHERE exam_session = ?"
			     " AND (?2 IS NULL OR province = ?2) ORDER BY code", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    store_bind_text(st, 2, province) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind sites");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if ((r = store_site_row(st, &s)) != STORE_OK)
			goto out;
		if (cb(ud, &s) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "sites");
out:
	store_finish(c, st);
	return r;
}

static enum store_rc store_site_one(struct store_conn *c, struct db_stmt *st, struct store_site *out)
{
	int rc = db_step(st);

	if (rc == DB_DONE)
		return STORE_NOT_FOUND;
	if (rc != DB_ROW)
		return store_rc_of(c, db_errcode(c), "site");
	return store_site_row(st, out);
}

enum store_rc store_site_by_code(struct store_conn *c, int64_t exam_session,
				 const char *code, struct store_site *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT " SITE_COLUMNS " FROM sites WHERE exam_session = ? AND code = ?",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    store_bind_text(st, 2, code) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind site");
		goto out;
	}
	r = store_site_one(c, st, out);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_by_id(struct store_conn *c, int64_t id, struct store_site *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT " SITE_COLUMNS " FROM sites WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind site");
		goto out;
	}
	r = store_site_one(c, st, out);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_insert(struct store_conn *c, int64_t exam_session,
				const struct store_site *in, int64_t *id)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO sites(exam_session, code, province, name_zh, name_en,"
			     " max_subjects, audit, total_capacity, window_open, window_close,"
			     " self_print, intent_dates, exam_start, exam_end)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    store_bind_text(st, 2, in->code) != DB_OK ||
	    store_bind_text(st, 3, in->province) != DB_OK ||
	    store_bind_text(st, 4, in->name_zh) != DB_OK ||
	    store_bind_text(st, 5, in->name_en) != DB_OK ||
	    db_bind_int(st, 6, in->max_subjects) != DB_OK ||
	    db_bind_int(st, 7, in->audit ? 1 : 0) != DB_OK ||
	    db_bind_int(st, 8, in->total_capacity) != DB_OK ||
	    db_bind_int64(st, 9, (int64_t)in->window_open) != DB_OK ||
	    db_bind_int64(st, 10, (int64_t)in->window_close) != DB_OK ||
	    db_bind_int(st, 11, in->self_print ? 1 : 0) != DB_OK ||
	    db_bind_int(st, 12, in->intent_dates ? 1 : 0) != DB_OK ||
	    store_bind_text(st, 13, in->exam_start[0] != '\0' ? in->exam_start : NULL) != DB_OK ||
	    store_bind_text(st, 14, in->exam_end[0] != '\0' ? in->exam_end : NULL) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind site");
		goto out;
	}
	r = store_step_id(c, st, "insert site", id);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_subject_put(struct store_conn *c, const struct store_subject *s)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO subjects(code, name_zh, name_en) VALUES (?, ?, ?)"
			     " ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh,"
			     " name_en = excluded.name_en", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, s->code) != DB_OK ||
	    store_bind_text(st, 2, s->name_zh) != DB_OK ||
	    store_bind_text(st, 3, s->name_en) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind subject");
		goto out;
	}
	r = store_step_done(c, st, "insert subject");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_subject_row(struct db_stmt *st, struct store_site_subject *out)
{
	enum store_rc r;

	if ((r = store_copy_text(st, 0, out->subject.code, sizeof(out->subject.code))) != STORE_OK ||
	    (r = store_copy_text(st, 1, out->subject.name_zh, sizeof(out->subject.name_zh))) != STORE_OK ||
	    (r = store_copy_text(st, 2, out->subject.name_en, sizeof(out->subject.name_en))) != STORE_OK)
		return r;
	out->fee = db_column_int(st, 3);
	out->capacity = db_column_int(st, 4);
	out->taken = db_column_int(st, 5);
	return STORE_OK;
}

enum store_rc store_site_subjects_each(struct store_conn *c, int64_t site,
				       store_site_subject_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_site_subject s;
	enum store_rc r;
	int rc;

	r = store_prepare(c, STORE_SITE_SUBJECT_SELECT
			     " WHERE ss.site = ? ORDER BY length(s.code), s.code", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind site subjects");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if ((r = store_site_subject_row(st, &s)) != STORE_OK)
			goto out;
		if (cb(ud, &s) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "site subjects");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_subject_insert(struct store_conn *c, int64_t site,
					const char *subject, int fee, int capacity)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO site_subjects(site, subject, fee, capacity)"
			     " VALUES (?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK ||
	    store_bind_text(st, 2, subject) != DB_OK ||
	    db_bind_int(st, 3, fee) != DB_OK ||
	    db_bind_int(st, 4, capacity) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind site subject");
		goto out;
	}
	r = store_step_done(c, st, "insert site subject");
out:
	store_finish(c, st);
	return r;
}

void store_agreement_clear(struct store_agreement *a)
{
	free(a->title_zh);
	free(a->title_en);
	free(a->text_zh);
	free(a->text_en);
	memset(a, 0, sizeof(*a));
}

enum store_rc store_agreement_current(struct store_conn *c, int64_t exam_session,
				      struct store_agreement *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT version, title_zh, title_en, text_zh, text_en FROM agreements"
			     " WHERE exam_session = ? ORDER BY id DESC LIMIT 1", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind agreement");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		r = STORE_NOT_FOUND;
		goto out;
	}
	if (rc != DB_ROW) {
		r = store_rc_of(c, db_errcode(c), "agreement");
		goto out;
	}
	if ((r = store_copy_text(st, 0, out->version, sizeof(out->version))) != STORE_OK)
		goto out;
	out->title_zh = store_dup_text(st, 1);
	out->title_en = store_dup_text(st, 2);
	out->text_zh = store_dup_text(st, 3);
	out->text_en = store_dup_text(st, 4);
	if (out->title_zh == NULL || out->title_en == NULL || out->text_zh == NULL ||
	    out->text_en == NULL) {
		r = STORE_ERROR;
		store_agreement_clear(out);
	}
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_agreement_insert(struct store_conn *c, int64_t exam_session,
				     const char *version, const char *title_zh,
				     const char *title_en, const char *text_zh,
				     const char *text_en)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO agreements(exam_session, version, title_zh, title_en,"
			     " text_zh, text_en) VALUES (?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, exam_session) != DB_OK ||
	    store_bind_text(st, 2, version) != DB_OK ||
	    store_bind_text(st, 3, title_zh) != DB_OK ||
	    store_bind_text(st, 4, title_en) != DB_OK ||
	    store_bind_text(st, 5, text_zh) != DB_OK ||
	    store_bind_text(st, 6, text_en) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind agreement");
		goto out;
	}
	r = store_step_done(c, st, "insert agreement");
out:
	store_finish(c, st);
	return r;
}
