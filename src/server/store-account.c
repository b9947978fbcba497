/* Passport accounts. */
#include <string.h>

#include "store.h"
#include "store-internal.h"

#define ACCOUNT_COLUMNS "id, email, phone, name, pw_hash"

static enum store_rc store_account_one(struct store_conn *c, struct db_stmt *st,
				       struct store_account *out)
{
	enum store_rc r;
	int rc = db_step(st);

	if (rc == DB_DONE)
		return STORE_NOT_FOUND;
	if (rc != DB_ROW)
		return store_rc_of(c, db_errcode(c), "account");
	out->id = db_column_int64(st, 0);
	out->has_name = db_column_type(st, 3) != DB_NULL;
	if ((r = store_copy_text(st, 1, out->email, sizeof(out->email))) != STORE_OK ||
	    (r = store_copy_text(st, 2, out->phone, sizeof(out->phone))) != STORE_OK ||
	    (r = store_copy_text(st, 3, out->name, sizeof(out->name))) != STORE_OK ||
	    (r = store_copy_text(st, 4, out->pw_hash, sizeof(out->pw_hash))) != STORE_OK)
		return r;
	return STORE_OK;
}

static enum store_rc store_account_by(struct store_conn *c, const char *sql,
				      const char *text, int64_t id, struct store_account *out)
{
	struct db_stmt *st = NULL;
	enum store_rc r;
	int rc;

	memset(out, 0, sizeof(*out));
	r = store_prepare(c, sql, &st);
	if (r != STORE_OK)
		goto out;
	rc = text != NULL ? store_bind_text(st, 1, text) : db_bind_int64(st, 1, id);
	if (rc != DB_OK) {
		r = store_rc_of(c, rc, "bind account");
		goto out;
	}
	r = store_account_one(c, st, out);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_account_by_email(struct store_conn *c, const char *email,
				     struct store_account *out)
{
	return store_account_by(c, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE email = ?",
				email, 0, out);
}

enum store_rc store_account_by_phone(struct store_conn *c, const char *phone,
				     struct store_account *out)
{
	return store_account_by(c, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE phone = ?",
				phone, 0, out);
}

enum store_rc store_account_by_id(struct store_conn *c, int64_t id, struct store_account *out)
{
	return store_account_by(c, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?",
				NULL, id, out);
}

enum store_rc store_account_insert(struct store_conn *c, const struct store_account_new *in,
				   int64_t *id)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "INSERT INTO accounts(email, phone, pw_hash, id_type, id_number, name,"
			     " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, in->email) != DB_OK ||
	    store_bind_text(st, 2, in->phone) != DB_OK ||
	    store_bind_text(st, 3, in->pw_hash) != DB_OK ||
	    store_bind_text(st, 4, in->id_type) != DB_OK ||
	    store_bind_text(st, 5, in->id_number) != DB_OK ||
	    store_bind_text(st, 6, in->name) != DB_OK ||
	    db_bind_int64(st, 7, (int64_t)in->created_at) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind account");
		goto out;
	}
	r = store_step_id(c, st, "insert account", id);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_account_set_hash(struct store_conn *c, int64_t id, const char *pw_hash)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	r = store_prepare(c, "UPDATE accounts SET pw_hash = ? WHERE id = ?", &st);
	if (r != STORE_OK)
		goto out;
	if (store_bind_text(st, 1, pw_hash) != DB_OK ||
	    db_bind_int64(st, 2, id) != DB_OK) {
		r = store_rc_of(c, db_errcode(c), "bind rehash");
		goto out;
	}
	r = store_step_done(c, st, "rehash");
out:
	store_finish(c, st);
	return r;
}
