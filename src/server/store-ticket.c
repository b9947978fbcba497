/* Exam rooms, daily exam times and admission tickets (migration 7). */
#include <string.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_site_room_insert(struct store_conn *c, int64_t site, int seq,
				     const struct store_room *room)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO site_rooms(site, seq, code, seats) VALUES (?, ?, ?, ?)",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK ||
	    db_bind_int(st, 2, seq) != DB_OK ||
	    store_bind_text(st, 3, room->code) != DB_OK ||
	    db_bind_int(st, 4, room->seats) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind room");
		goto out;
	}
	r = store_step_done(c, st, "insert room");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_exam_time_insert(struct store_conn *c, int64_t site, int seq,
					  const struct store_exam_time *t)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO site_exam_times(site, seq, time_start, time_end)"
			     " VALUES (?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK ||
	    db_bind_int(st, 2, seq) != DB_OK ||
	    store_bind_text(st, 3, t->start) != DB_OK ||
	    store_bind_text(st, 4, t->end) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind exam time");
		goto out;
	}
	r = store_step_done(c, st, "insert exam time");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_rooms_each(struct store_conn *c, int64_t site, store_room_cb cb,
				    void *ud)
{
	struct db_stmt *st = NULL;
	struct store_room room;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT code, seats FROM site_rooms WHERE site = ? ORDER BY seq", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind rooms");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&room, 0, sizeof(room));
		r = store_copy_text(st, 0, room.code, sizeof(room.code));
		if (r != STORE_OK)
			goto out;
		room.seats = db_column_int(st, 1);
		if (cb(ud, &room) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "rooms");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_site_exam_times_each(struct store_conn *c, int64_t site,
					 store_exam_time_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_exam_time t;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT time_start, time_end FROM site_exam_times WHERE site = ?"
			     " ORDER BY seq", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind exam times");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&t, 0, sizeof(t));
		if ((r = store_copy_text(st, 0, t.start, sizeof(t.start))) != STORE_OK ||
		    (r = store_copy_text(st, 1, t.end, sizeof(t.end))) != STORE_OK)
			goto out;
		if (cb(ud, &t) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "exam times");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_unscheduled_each(struct store_conn *c, int64_t site,
				     store_unscheduled_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_unscheduled u;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT rs.registration, rs.subject, ri.date"
			     " FROM registration_subjects rs"
			     " LEFT JOIN registration_intents ri"
			     "   ON ri.registration = rs.registration AND ri.subject = rs.subject"
			     " WHERE rs.site = ? AND rs.state = 'paid' AND NOT EXISTS"
			     "   (SELECT 1 FROM tickets t"
			     "    WHERE t.registration = rs.registration AND t.subject = rs.subject)"
			     " ORDER BY rs.registration, rs.subject", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind unscheduled");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&u, 0, sizeof(u));
		u.registration = db_column_int64(st, 0);
		if ((r = store_copy_text(st, 1, u.subject, sizeof(u.subject))) != STORE_OK ||
		    (r = store_copy_text(st, 2, u.intent_date, sizeof(u.intent_date))) != STORE_OK)
			goto out;
		if (cb(ud, &u) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "unscheduled subjects");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_tickets_each(struct store_conn *c, int64_t site, store_ticket_cb cb,
				 void *ud)
{
	struct db_stmt *st = NULL;
	struct store_ticket t;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT registration, subject, no, date, time_start, time_end, room,"
			     " seat, intent FROM tickets WHERE site = ?"
			     " ORDER BY registration, subject", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind tickets");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&t, 0, sizeof(t));
		t.registration = db_column_int64(st, 0);
		if ((r = store_copy_text(st, 1, t.subject, sizeof(t.subject))) != STORE_OK ||
		    (r = store_copy_text(st, 2, t.no, sizeof(t.no))) != STORE_OK ||
		    (r = store_copy_text(st, 3, t.date, sizeof(t.date))) != STORE_OK ||
		    (r = store_copy_text(st, 4, t.time_start, sizeof(t.time_start))) != STORE_OK ||
		    (r = store_copy_text(st, 5, t.time_end, sizeof(t.time_end))) != STORE_OK ||
		    (r = store_copy_text(st, 6, t.room, sizeof(t.room))) != STORE_OK)
			goto out;
		t.seat = db_column_int(st, 7);
		t.intent = db_column_int(st, 8) != 0;
		if (cb(ud, &t) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "tickets");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_ticket_insert(struct store_conn *c, int64_t site,
				  const struct store_ticket *t, int64_t seed, time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO tickets(registration, subject, site, no, date,"
			     " time_start, time_end, room, seat, intent, seed, scheduled_at)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, t->registration) != DB_OK ||
	    store_bind_text(st, 2, t->subject) != DB_OK ||
	    db_bind_int64(st, 3, site) != DB_OK ||
	    store_bind_text(st, 4, t->no) != DB_OK ||
	    store_bind_text(st, 5, t->date) != DB_OK ||
	    store_bind_text(st, 6, t->time_start) != DB_OK ||
	    store_bind_text(st, 7, t->time_end) != DB_OK ||
	    store_bind_text(st, 8, t->room) != DB_OK ||
	    db_bind_int(st, 9, t->seat) != DB_OK ||
	    db_bind_int(st, 10, t->intent ? 1 : 0) != DB_OK ||
	    db_bind_int64(st, 11, seed) != DB_OK ||
	    db_bind_int64(st, 12, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind ticket");
		goto out;
	}
	r = store_step_done(c, st, "insert ticket");
out:
	store_finish(c, st);
	return r;
}
