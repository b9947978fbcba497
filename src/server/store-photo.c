/*
 * The candidate's photo: one row per registration in its own table (never
 * in the registration row that capacity checks scan; technotes §5). The
 * row goes with its registration (ON DELETE CASCADE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-internal.h"

enum store_rc store_photo_put(struct store_conn *c, int64_t reg,
			      const unsigned char sha256[STORE_PHOTO_HASH_LEN],
			      const unsigned char *jpeg, size_t len, int width, int height,
			      time_t now)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	if (len > (size_t)INT32_MAX)
		return STORE_ERROR;
	r = store_prepare(c, "INSERT INTO photos (registration, sha256, jpeg, width, height,"
			  " uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
			  " ON CONFLICT (registration) DO UPDATE SET sha256 = excluded.sha256,"
			  " jpeg = excluded.jpeg, width = excluded.width, height = excluded.height,"
			  " uploaded_at = excluded.uploaded_at", &st);
	if (r != STORE_OK)
		return r;
	if (db_bind_int64(st, 1, reg) != DB_OK ||
	    db_bind_blob(st, 2, sha256, STORE_PHOTO_HASH_LEN) != DB_OK ||
	    db_bind_blob(st, 3, jpeg, len) != DB_OK ||
	    db_bind_int(st, 4, width) != DB_OK ||
	    db_bind_int(st, 5, height) != DB_OK ||
	    db_bind_int64(st, 6, (int64_t)now) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "photo put: bind");
		goto out;
	}
	r = store_step_done(c, st, "photo put");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_photo_exists(struct store_conn *c, int64_t reg, bool *has)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	*has = false;
	r = store_prepare(c, "SELECT 1 FROM photos WHERE registration = ?1", &st);
	if (r != STORE_OK)
		return r;
	if (db_bind_int64(st, 1, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "photo exists: bind");
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*has = true;
	r = store_rc_of(c, rc, "photo exists");
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_photo_get(struct store_conn *c, int64_t reg, struct store_photo *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	const void *blob;
	int rc, n;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, "SELECT sha256, jpeg, width, height, uploaded_at FROM photos"
			  " WHERE registration = ?1", &st);
	if (r != STORE_OK)
		return r;
	if (db_bind_int64(st, 1, reg) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "photo get: bind");
		goto out;
	}
	rc = db_step(st);
	if (rc != DB_ROW) {
		r = rc == DB_DONE ? STORE_NOT_FOUND : store_rc_of(c, rc, "photo get");
		goto out;
	}
	blob = db_column_blob(st, 0);
	if (blob == NULL || db_column_bytes(st, 0) != STORE_PHOTO_HASH_LEN) {
		r = STORE_ERROR;
		goto out;
	}
	memcpy(out->sha256, blob, STORE_PHOTO_HASH_LEN);
	blob = db_column_blob(st, 1);
	n = db_column_bytes(st, 1);
	if (blob == NULL || n <= 0) {
		r = STORE_ERROR;
		goto out;
	}
	out->jpeg = malloc((size_t)n);
	if (out->jpeg == NULL) {
		r = STORE_ERROR;
		goto out;
	}
	memcpy(out->jpeg, blob, (size_t)n);
	out->len = (size_t)n;
	out->width = db_column_int(st, 2);
	out->height = db_column_int(st, 3);
	out->uploaded_at = (time_t)db_column_int64(st, 4);
	r = STORE_OK;
out:
	store_finish(c, st);
	return r;
}

void store_photo_clear(struct store_photo *p)
{
	free(p->jpeg);
	memset(p, 0, sizeof(*p));
}
