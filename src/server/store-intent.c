/*
 * Intended exam dates (R-INT-01..03): the dates a site publishes with
 * intent capacity per subject, and the date chosen for a paid subject. A
 * choice is a row of registration_intents; a date's places taken are its
 * count row (intent_date_places, kept by triggers in the same statement as
 * the choice); the choice is checked and written in one statement inside the
 * caller's store_begin_write() transaction, and a trigger refuses a row
 * past the capacity a second time.
 */
#include <string.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_intent_dates_each(struct store_conn *c, int64_t site, const char *subject,
				      store_intent_date_cb cb, void *ud)
{
	struct db_stmt *st = NULL;
	struct store_intent_date d;
	enum store_rc r;
	int rc;

	r = store_prepare(c, "SELECT d.subject, d.date, d.capacity, coalesce(p.taken, 0)"
			     " FROM intent_dates d LEFT JOIN intent_date_places p"
			     "   ON p.site = d.site AND p.subject = d.subject AND p.date = d.date"
			     " WHERE d.site = ?1 AND (?2 IS NULL OR d.subject = ?2)"
			     " ORDER BY length(d.subject), d.subject, d.date", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK ||
	    store_bind_text(st, 2, subject) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind intent dates");
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&d, 0, sizeof(d));
		r = store_copy_text(st, 0, d.subject, sizeof(d.subject));
		if (r == STORE_OK)
			r = store_copy_text(st, 1, d.date, sizeof(d.date));
		if (r != STORE_OK)
			goto out;
		d.capacity = db_column_int(st, 2);
		d.taken = db_column_int(st, 3);
		if (cb(ud, &d) != 0) {
			r = STORE_ERROR;
			goto out;
		}
	}
	r = rc == DB_DONE ? STORE_OK
			      : store_rc_of(c, db_errcode(c), "intent dates");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_intent_date_insert(struct store_conn *c, int64_t site, const char *subject,
				       const char *date, int capacity)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO intent_dates(site, subject, date, capacity)"
			     " VALUES (?, ?, ?, ?)", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK ||
	    store_bind_text(st, 2, subject) != DB_OK ||
	    store_bind_text(st, 3, date) != DB_OK ||
	    db_bind_int(st, 4, capacity) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind intent date");
		goto out;
	}
	r = store_step_done(c, st, "insert intent date");
out:
	store_finish(c, st);
	return r;
}

/* The subject's current choice into date ("" when none). */
static enum store_rc store_intent_current(struct store_conn *c, int64_t reg, const char *subject,
					  char *date, size_t len)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	date[0] = '\0';
	r = store_prepare(c, "SELECT date FROM registration_intents"
			     " WHERE registration = ? AND subject = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK ||
	    store_bind_text(st, 2, subject) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind intent current");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		r = store_copy_text(st, 0, date, len);
	else if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "intent current");
out:
	store_finish(c, st);
	return r;
}

/*
 * Whether the site lists date for the subject, by its count row, which is
 * locked for the check that follows (PostgreSQL, in a write transaction).
 */
static enum store_rc store_intent_date_exists(struct store_conn *c, int64_t site,
					      const char *subject, const char *date, bool *exists)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	*exists = false;
	r = store_prepare(c, "SELECT 1 FROM intent_date_places"
			     " WHERE site = ? AND subject = ? AND date = ? FOR UPDATE", &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, site) != DB_OK ||
	    store_bind_text(st, 2, subject) != DB_OK ||
	    store_bind_text(st, 3, date) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind intent date exists");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*exists = true;
	else if (rc != DB_DONE)
		r = store_rc_of(c, db_errcode(c), "intent date exists");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_intent_clear(struct store_conn *c, int64_t reg, const char *subject)
{
	return store_exec_int_text(c, "DELETE FROM registration_intents"
				      " WHERE registration = ? AND subject = ?",
				   reg, subject, "clear intent", NULL);
}

enum store_rc store_intent_choose(struct store_conn *c, int64_t reg, int64_t site,
				  const char *subject, const char *date, time_t now)
{
	struct db_stmt *st = NULL;
	char current[16];
	bool exists = false;
	enum store_rc r;

	r = store_intent_current(c, reg, subject, current, sizeof(current));
	if (r != STORE_OK || strcmp(current, date) == 0)
		return r;	/* the same date again holds its place, full or not */
	if (current[0] != '\0') {
		r = store_intent_clear(c, reg, subject);
		if (r != STORE_OK)
			return r;
	}
	r = store_intent_date_exists(c, site, subject, date, &exists);
	if (r != STORE_OK)
		return r;
	if (!exists)
		return STORE_NOT_FOUND;
	/* Check and take in one statement: a row only while places are left. */
	r = store_prepare(c, "INSERT INTO registration_intents(registration, subject, site, date,"
			     " chosen_at)"
			     " SELECT ?1, d.subject, d.site, d.date, ?5 FROM intent_dates d"
			     " WHERE d.site = ?2 AND d.subject = ?3 AND d.date = ?4"
			     " AND d.capacity > coalesce((SELECT p.taken FROM intent_date_places p"
			     "   WHERE p.site = d.site AND p.subject = d.subject AND p.date = d.date), 0)",
			  &st);
	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, reg) != DB_OK ||
	    db_bind_int64(st, 2, site) != DB_OK ||
	    store_bind_text(st, 3, subject) != DB_OK ||
	    store_bind_text(st, 4, date) != DB_OK ||
	    db_bind_int64(st, 5, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind intent choose");
		goto out;
	}
	r = store_step_done(c, st, "choose intent");
	if (r == STORE_OK && db_changes(c) != 1)
		r = STORE_CONFLICT;
out:
	store_finish(c, st);
	return r;
}
