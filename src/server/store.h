/*
 * Storage interface of ncre-server. Rule code (route-*.c, rules-*.c) sees
 * only these operations; every SQL statement lives in store*.c, so a
 * PostgreSQL back end can replace store*.c without touching the rules.
 *
 * Connections come from a small pool; a connection is used by one thread at
 * a time. Check-then-write sequences run inside store_begin_write() ...
 * store_commit(): that transaction excludes every other writer until it
 * ends (SQLite: BEGIN IMMEDIATE; PostgreSQL: row locks with SELECT ... FOR
 * UPDATE), so a check stays true until the write commits. UNIQUE
 * constraints guard the same facts a second time (STORE_CONFLICT).
 *
 * Times are Unix seconds. Text is UTF-8.
 */
#ifndef SRV_STORE_H
#define SRV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum store_rc {
	STORE_OK = 0,
	STORE_NOT_FOUND,	/* no such row */
	STORE_CONFLICT,		/* a UNIQUE constraint refused the write */
	STORE_BUSY,		/* the database stayed locked past the busy timeout */
	STORE_ERROR,		/* anything else; logged by the store */
	/*
	 * The database cannot be reached (PostgreSQL down, restarted, the
	 * connection lost): nothing of the transaction was committed. The
	 * connection is re-established by itself on its next use; the caller
	 * answers 503 with Retry-After.
	 */
	STORE_UNAVAILABLE
};

#define STORE_TOKEN_HASH_LEN 32

struct store;
struct store_conn;

/*
 * Open (creating and migrating when needed) with nconn pooled connections.
 * db is an SQLite file, or PostgreSQL: a postgresql:// URI or a libpq
 * key=value string (store_is_postgres). store_open refuses a PostgreSQL
 * password inside db (it came from a command line, which every local user
 * can read); store_open_with takes one from a file (password, or NULL for
 * libpq's own PGPASSWORD / PGPASSFILE / ~/.pgpass).
 */
int store_open(struct store **out, const char *db, unsigned nconn,
	       char *err, size_t errlen);
int store_open_with(struct store **out, const char *db, const char *password, unsigned nconn,
		    char *err, size_t errlen);
/* Whether db names a PostgreSQL database rather than an SQLite file. */
bool store_is_postgres(const char *db);
/* Whether a PostgreSQL db carries a password. */
bool store_db_has_password(const char *db);
/* Close every connection; *s becomes NULL. All connections must be released. */
void store_close(struct store **s);
/* Take a connection from the pool, waiting when all are in use. */
struct store_conn *store_acquire(struct store *s);
/* Return a connection (rolling back an open transaction); *c becomes NULL. */
void store_release(struct store *s, struct store_conn **c);

enum store_rc store_begin_read(struct store_conn *c);
enum store_rc store_begin_write(struct store_conn *c);
enum store_rc store_commit(struct store_conn *c);
/*
 * Inside a write transaction, when its writes are done and only reads
 * follow (the reply): SQLite commits now and goes on in a read
 * transaction, so the process-wide writer lock is not held while the reply
 * is read and built; PostgreSQL keeps the one transaction (its row locks
 * hold back only writers of the same rows). store_commit() ends either.
 */
enum store_rc store_write_done(struct store_conn *c);
/* Roll back the open transaction, if any. */
void store_rollback(struct store_conn *c);
/*
 * Inside a write transaction: one run of the named job (the office's
 * schedule) at a time across every process, until the transaction ends.
 * SQLite's write transaction excludes the others already; PostgreSQL takes
 * a transaction-scoped advisory lock of the job's name (never one lock
 * around every write: only this job waits for itself).
 */
enum store_rc store_job_lock(struct store_conn *c, const char *job);

/* ---- catalogue (store-catalogue.c) ---- */

struct store_exam_session {
	int64_t id;
	char code[16];
	char name_zh[128];
	char name_en[128];
	time_t window_open, window_close;
	time_t tickets_from;	/* admission tickets published from (R-TKT-01); 0: not yet */
};

struct store_province {
	char code[8];
	char name_zh[128];
	char name_en[128];
};

struct store_site {
	int64_t id;
	char code[16];
	char province[8];
	char name_zh[128];
	char name_en[128];
	int max_subjects;
	bool audit;
	int total_capacity;
	time_t window_open, window_close;
	bool self_print;
	bool intent_dates;
	char exam_start[11];	/* exam period, "YYYY-MM-DD" in Beijing; "" when not published */
	char exam_end[11];
};

struct store_subject {
	char code[8];
	char name_zh[128];
	char name_en[128];
};

struct store_site_subject {
	struct store_subject subject;
	int fee;		/* yuan */
	int capacity;
	int taken;		/* places held by registrations */
};

struct store_agreement {
	char version[32];
	char *title_zh, *title_en, *text_zh, *text_en;	/* owned; store_agreement_clear */
};

/* Row callbacks: return 0 to go on, non-zero to stop (the call then fails). */
typedef int (*store_province_cb)(void *ud, const struct store_province *p);
typedef int (*store_site_cb)(void *ud, const struct store_site *s);
typedef int (*store_site_subject_cb)(void *ud, const struct store_site_subject *s);

/* The current exam session (the newest one marked current). */
enum store_rc store_exam_session_current(struct store_conn *c, struct store_exam_session *out);
enum store_rc store_exam_session_count(struct store_conn *c, int *count);
enum store_rc store_exam_session_insert(struct store_conn *c,
					const struct store_exam_session *in, int64_t *id);
/* Publish the exam session's admission tickets from this moment (R-TKT-01). */
enum store_rc store_exam_session_set_tickets_from(struct store_conn *c, int64_t id,
						  time_t from);

enum store_rc store_provinces_each(struct store_conn *c, store_province_cb cb, void *ud);
enum store_rc store_province_put(struct store_conn *c, const struct store_province *p);

/* Sites of an exam session, optionally of one province (NULL: all). */
enum store_rc store_sites_each(struct store_conn *c, int64_t exam_session,
			       const char *province, store_site_cb cb, void *ud);
enum store_rc store_site_by_code(struct store_conn *c, int64_t exam_session,
				 const char *code, struct store_site *out);
enum store_rc store_site_by_id(struct store_conn *c, int64_t id, struct store_site *out);
enum store_rc store_site_insert(struct store_conn *c, int64_t exam_session,
				const struct store_site *in, int64_t *id);

enum store_rc store_subject_put(struct store_conn *c, const struct store_subject *s);
enum store_rc store_site_subjects_each(struct store_conn *c, int64_t site,
				       store_site_subject_cb cb, void *ud);
enum store_rc store_site_subject_insert(struct store_conn *c, int64_t site,
					const char *subject, int fee, int capacity);

enum store_rc store_agreement_current(struct store_conn *c, int64_t exam_session,
				      struct store_agreement *out);
enum store_rc store_agreement_insert(struct store_conn *c, int64_t exam_session,
				     const char *version, const char *title_zh,
				     const char *title_en, const char *text_zh,
				     const char *text_en);
void store_agreement_clear(struct store_agreement *a);

/* ---- accounts (store-account.c) ---- */

struct store_account {
	int64_t id;
	char email[256];
	char phone[16];
	bool has_name;
	char name[256];
	char pw_hash[128];
};

struct store_account_new {
	const char *email, *phone, *pw_hash;
	const char *id_type, *id_number, *name;	/* NULL when not given */
	time_t created_at;
};

enum store_rc store_account_by_email(struct store_conn *c, const char *email,
				     struct store_account *out);
enum store_rc store_account_by_phone(struct store_conn *c, const char *phone,
				     struct store_account *out);
enum store_rc store_account_by_id(struct store_conn *c, int64_t id, struct store_account *out);
enum store_rc store_account_insert(struct store_conn *c, const struct store_account_new *in,
				   int64_t *id);
enum store_rc store_account_set_hash(struct store_conn *c, int64_t id, const char *pw_hash);

/* ---- login sessions (store-session.c) ---- */

enum store_rc store_session_insert(struct store_conn *c,
				   const unsigned char hash[STORE_TOKEN_HASH_LEN],
				   int64_t account, time_t now, time_t expires);
enum store_rc store_session_get(struct store_conn *c,
				const unsigned char hash[STORE_TOKEN_HASH_LEN],
				int64_t *account, time_t *last_used, time_t *expires);
enum store_rc store_session_touch(struct store_conn *c,
				  const unsigned char hash[STORE_TOKEN_HASH_LEN],
				  time_t now, time_t expires);
enum store_rc store_session_delete(struct store_conn *c,
				   const unsigned char hash[STORE_TOKEN_HASH_LEN]);
/* Delete sessions that expired before the given time. */
enum store_rc store_session_purge(struct store_conn *c, time_t before);

/* ---- attempt counters for rate limits (store-ratelimit.c) ---- */

enum store_attempt {
	STORE_ATTEMPT_LOGIN_FAIL_BY_LOGIN,
	STORE_ATTEMPT_LOGIN_FAIL_BY_ADDR,
	STORE_ATTEMPT_SIGNUP_BY_ADDR,
	/* password recovery (R-ACC-01), in recovery_attempts */
	STORE_ATTEMPT_RECOVERY_BY_LOGIN,	/* codes asked for a login */
	STORE_ATTEMPT_RECOVERY_BY_ACCOUNT,	/* codes sent to an account */
	STORE_ATTEMPT_RECOVERY_BY_ADDR,		/* codes asked from an address */
	STORE_ATTEMPT_RESET_BY_ADDR,		/* resets tried from an address */
	/* claiming a group registration (集体报名), in recovery_attempts */
	STORE_ATTEMPT_CLAIM_BY_ACCOUNT,		/* claim codes tried by an account */
	STORE_ATTEMPT_CLAIM_BY_ADDR		/* claim codes tried from an address */
};

/*
 * The time of the n-th most recent attempt of this kind and key at or after
 * since (n >= 1): STORE_OK with *at, or STORE_NOT_FOUND when there are fewer.
 */
enum store_rc store_attempt_nth_recent(struct store_conn *c, enum store_attempt kind,
				       const char *key, time_t since, unsigned n, time_t *at);
/*
 * Record a failed login (or reserve one before checking the password);
 * login is the keyed hash of what was typed (route_login_reserve).
 */
enum store_rc store_login_failure_add(struct store_conn *c, const char *login,
				      const char *addr, time_t at, int64_t *id);
/* Forget one recorded failure (the reserved attempt turned out right). */
enum store_rc store_login_failure_remove(struct store_conn *c, int64_t id);
enum store_rc store_signup_add(struct store_conn *c, const char *addr, time_t at);
/* Forget failures before login_before and sign-ups before signup_before. */
enum store_rc store_attempts_purge(struct store_conn *c, time_t login_before,
				   time_t signup_before);

/* Record a recovery attempt of one of the STORE_ATTEMPT_RECOVERY_* / RESET_* kinds. */
enum store_rc store_recovery_attempt_add(struct store_conn *c, enum store_attempt kind,
					 const char *key, time_t at);
/* Forget recovery attempts before the given time. */
enum store_rc store_recovery_attempts_purge(struct store_conn *c, time_t before);

/* ---- password recovery codes (store-recovery.c, R-ACC-01) ---- */

struct store_recovery_code {
	char kind[8];		/* "message" or "desk" */
	char code_hash[128];	/* argon2id string */
	time_t expires_at;
	int tries;		/* wrong codes tried */
};

typedef int (*store_recovery_code_cb)(void *ud, const struct store_recovery_code *rc);

/* Set the account's code of this kind, replacing an earlier one (issued_by NULL: none). */
enum store_rc store_recovery_code_put(struct store_conn *c, int64_t account, const char *kind,
				      const char *code_hash, time_t now, time_t expires,
				      const char *issued_by);
/* The account's codes still valid at now with fewer than max_tries wrong tries. */
enum store_rc store_recovery_codes_each(struct store_conn *c, int64_t account, time_t now,
					int max_tries, store_recovery_code_cb cb, void *ud);
/* Count one more wrong try on every code of the account (reserved before the check). */
enum store_rc store_recovery_codes_try(struct store_conn *c, int64_t account);
/* Use the code of this kind: STORE_OK once, STORE_NOT_FOUND when it is gone already. */
enum store_rc store_recovery_code_take(struct store_conn *c, int64_t account, const char *kind);
/* Forget every code of the account (the password changed). */
enum store_rc store_recovery_codes_delete(struct store_conn *c, int64_t account);
/* Forget codes that expired before the given time. */
enum store_rc store_recovery_codes_purge(struct store_conn *c, time_t before);
/* End every login session of the account. */
enum store_rc store_sessions_delete_account(struct store_conn *c, int64_t account);

/* The sandbox SMS gateway's outbox (demos and tests). */
struct store_sandbox_sms {
	int64_t id;
	const char *phone, *text;	/* valid during the callback */
	time_t at;
};
typedef int (*store_sandbox_sms_cb)(void *ud, const struct store_sandbox_sms *m);
enum store_rc store_sandbox_sms_add(struct store_conn *c, const char *phone, const char *text,
				    time_t at);
/* Messages to phone (NULL: every one), oldest first. */
enum store_rc store_sandbox_sms_each(struct store_conn *c, const char *phone,
				     store_sandbox_sms_cb cb, void *ud);

/* ---- registrations (store-registration.c) ---- */

struct store_registration {
	int64_t id, exam_session, account;
	char agreement_version[32];
	time_t accepted_at;
	bool has_identity;
	char id_type[24];
	char id_number[32];
	bool has_name;
	char name[256];
	int64_t site;		/* 0: none chosen yet */
	char method[16];	/* "individual" or "group" */
	bool locked;
	char audit[16];		/* "" (none) or not_submitted/pending/approved/rejected */
	time_t created_at, updated_at;
	bool has_info;
	char info[4096];	/* personal information: a JSON object, when has_info */
};

/* A subject of a registration, with the catalogue's names and fee. */
struct store_reg_subject {
	struct store_subject subject;
	int fee;
	bool paid;
	time_t added_at;
	char intent_date[11];	/* the intended exam date (R-INT-01), or "" */
	/* The admission ticket (R-TKT-02); ticket_no "" until scheduled. */
	char ticket_no[24];
	char exam_date[11];	/* "YYYY-MM-DD" in Beijing */
	char time_start[6], time_end[6];	/* "HH:MM" in Beijing */
	char room[16];
	int seat;
};

typedef int (*store_reg_subject_cb)(void *ud, const struct store_reg_subject *s);

struct store_tip {
	int seq;
	const char *zh, *en;	/* valid during the callback */
};

typedef int (*store_tip_cb)(void *ud, const struct store_tip *t);

enum store_rc store_registration_get(struct store_conn *c, int64_t exam_session,
				     int64_t account, struct store_registration *out);
/* The registration with this id in the exam session (group registrations have account 0). */
enum store_rc store_registration_by_id(struct store_conn *c, int64_t exam_session, int64_t id,
				       struct store_registration *out);
/* What the registration page needs beside the registration (struct store_reg_audit below). */
struct store_reg_more;
/*
 * The registration of the account (account > 0) or with this id (account
 * 0), with its audit, whether a photo is stored and its count of orders:
 * one statement where store_registration_get, store_registration_audit_get,
 * store_photo_exists and store_orders_each were four.
 */
enum store_rc store_registration_more(struct store_conn *c, int64_t exam_session, int64_t account,
				      int64_t id, struct store_registration *out,
				      struct store_reg_more *more);
/* account 0: none (a group registration, 集体报名, until a candidate claims it). */
enum store_rc store_registration_insert(struct store_conn *c, int64_t exam_session,
					int64_t account, const char *agreement_version,
					time_t now, int64_t *id);
/* A registration of the account in another exam session than the current one (R-ACC-05). */
struct store_earlier {
	int64_t registration;
	int64_t site;		/* 0: none chosen */
	char method[16];
	char session_code[16], session_zh[128], session_en[128];
};
typedef int (*store_earlier_cb)(void *ud, const struct store_earlier *e);
/* The account's registrations outside exam session current, newest session first. */
enum store_rc store_registrations_earlier_each(struct store_conn *c, int64_t account,
					       int64_t current, store_earlier_cb cb, void *ud);
/* Mark a registration as registered by its site (method "group"). */
enum store_rc store_registration_set_group(struct store_conn *c, int64_t id);
/*
 * A candidate claims the group registration holding this ID (no account
 * yet): the account's own registration own, fresh (agreement only), goes,
 * and the group registration becomes the account's with own's agreement.
 * STORE_NOT_FOUND when either is not as said (nothing changed then: roll back).
 */
enum store_rc store_registration_claim(struct store_conn *c, int64_t exam_session,
				       const char *id_type, const char *id_number,
				       int64_t account, int64_t own, const char *agreement_version,
				       time_t accepted_at, time_t now);

/* ---- claim codes of group registrations (store-claim.c) ---- */

#define STORE_CLAIM_SALT_LEN 16
#define STORE_CLAIM_HASH_LEN 32

struct store_claim {
	int64_t registration;
	unsigned char salt[STORE_CLAIM_SALT_LEN];
	unsigned char hash[STORE_CLAIM_HASH_LEN];
};

/* Set the claim code of group registration reg, replacing an earlier one (tries 0). */
enum store_rc store_claim_put(struct store_conn *c, int64_t reg,
			      const unsigned char salt[STORE_CLAIM_SALT_LEN],
			      const unsigned char hash[STORE_CLAIM_HASH_LEN], time_t now,
			      time_t expires, const char *issued_by);
/*
 * The live claim code of the group registration that holds this ID in the
 * exam session and has no account yet: valid at now, fewer than max_tries
 * wrong tries. STORE_NOT_FOUND when there is none.
 */
enum store_rc store_claim_get(struct store_conn *c, int64_t exam_session, const char *id_type,
			      const char *id_number, time_t now, int max_tries,
			      struct store_claim *out);
/* Count one try of reg's code (before it is checked). */
enum store_rc store_claim_try(struct store_conn *c, int64_t reg);
/* The code is used (or the registration claimed): it goes. */
enum store_rc store_claim_delete(struct store_conn *c, int64_t reg);
/* Forget codes that expired before the given time. */
enum store_rc store_claims_purge(struct store_conn *c, time_t before);

enum store_rc store_registration_set_agreement(struct store_conn *c, int64_t id,
					       const char *agreement_version, time_t now);
/* The account holding this ID in the exam session: STORE_OK or STORE_NOT_FOUND. */
enum store_rc store_registration_id_owner(struct store_conn *c, int64_t exam_session,
					  const char *id_type, const char *id_number,
					  int64_t *account);
enum store_rc store_registration_set_identity(struct store_conn *c, int64_t id,
					      const char *id_type, const char *id_number,
					      time_t now);

/* The registration's subjects, by code. */
enum store_rc store_registration_subjects_each(struct store_conn *c, int64_t reg,
					       store_reg_subject_cb cb, void *ud);
/*
 * Personal information, name and site; updated_at becomes now. site_was is
 * the registration's site until now (0: none): a site that stays is not
 * written, and the indexes on it are left alone.
 */
enum store_rc store_registration_set_info(struct store_conn *c, int64_t id, const char *name,
					  const char *info_json, int64_t site, int64_t site_was,
					  time_t now);
/* Add an unpaid subject at the site (STORE_CONFLICT when already there). */
enum store_rc store_registration_subject_add(struct store_conn *c, int64_t reg, int64_t site,
					     const char *subject, time_t now);
/* Remove an unpaid subject: STORE_OK, or STORE_NOT_FOUND when there is no such unpaid subject. */
enum store_rc store_registration_subject_remove(struct store_conn *c, int64_t reg,
						const char *subject);
/* Set updated_at (the moment the R-EXP-02 grace period counts from). */
enum store_rc store_registration_touch(struct store_conn *c, int64_t id, time_t now);
/* Delete a registration and its subjects, recording who and why (reason NULL: the system). */
enum store_rc store_registration_delete(struct store_conn *c, int64_t id, const char *reason,
					time_t now);

/*
 * Places taken are kept as count rows (site × subject, site, intent date),
 * changed in the same transaction as every write of the rows they count;
 * reading them costs the same whatever the number of registrations. A
 * back end that locks rows locks these for the check (docs/server.md).
 */
/* A site's offer of one subject with the places taken: STORE_NOT_FOUND when not offered. */
enum store_rc store_site_subject_get(struct store_conn *c, int64_t site, const char *subject,
				     struct store_site_subject *out);
/*
 * A count row: a site's subject (subject set, date NULL), the site's own
 * row (subject and date NULL) or an intended date of a site's subject
 * (subject and date set).
 */
struct store_count_key {
	int64_t site;
	const char *subject;
	const char *date;
};
/*
 * Lock the count rows a write is about to check or change, all at once and
 * in one fixed order whatever order the request named them in: subject
 * rows by site then subject code (bytewise), then site rows by site, then
 * intended-date rows by site, subject code and date (bytewise). Two
 * writers naming the same rows in opposite orders then queue instead of
 * deadlocking (docs/server.md, "Lock order"). Sorts keys in place. On
 * SQLite, whose write transaction already excludes every other writer,
 * it does nothing. Keys may repeat; a row that does not exist is skipped.
 */
enum store_rc store_count_rows_lock(struct store_conn *c, struct store_count_key *keys, size_t n);
/* Candidates (registrations holding a subject) at a site, not counting registration except. */
enum store_rc store_site_candidates(struct store_conn *c, int64_t site, int64_t except,
				    int *count);

/* The exam session's tips (R-STA-03), in order. */
enum store_rc store_tips_each(struct store_conn *c, int64_t exam_session, store_tip_cb cb,
			      void *ud);
enum store_rc store_tip_insert(struct store_conn *c, int64_t exam_session, int seq,
			       const char *zh, const char *en);

/*
 * The expiry sweep (R-EXP-01, R-EXP-02), inside the caller's write
 * transaction: delete unpaid subjects of unlocked registrations added at or
 * before cutoff, then unlocked registrations without subjects last changed
 * at or before cutoff. Conditional deletes, so several processes may sweep
 * at once. Counts what it deleted.
 */
enum store_rc store_sweep_expired(struct store_conn *c, time_t cutoff, time_t now,
				  int *subjects, int *registrations);

/* ---- audit of registrations (store-audit.c) ---- */

/* What the audit adds to a registration (R-AUD-01, R-AUD-02). */
struct store_reg_audit {
	bool has_reason;
	char reason[1024];	/* the site's reason of a rejection, verbatim */
	time_t submitted_at;	/* 0: never submitted */
	time_t decided_at;	/* 0: no decision since the last submission */
};

struct store_reg_more {
	struct store_reg_audit audit;
	bool photo;		/* a photo is stored */
	size_t norders;		/* payment orders of the registration */
};

enum store_rc store_registration_audit_get(struct store_conn *c, int64_t reg,
					   struct store_reg_audit *out);
/* Submit for audit: locked, pending, reason cleared (R-LCK-01). */
enum store_rc store_registration_audit_submit(struct store_conn *c, int64_t reg, time_t now);
/*
 * Decide a pending registration: approved stays locked, rejected unlocks
 * with the reason. STORE_NOT_FOUND when it is not pending (any more).
 */
enum store_rc store_registration_audit_decide(struct store_conn *c, int64_t reg, bool approve,
					      const char *reason, time_t now);

/* Where a registration is: STORE_NOT_FOUND when there is no such registration. */
struct store_reg_where {
	int64_t exam_session, account;
	char site[16];		/* site code, "" when none chosen */
};
enum store_rc store_registration_where(struct store_conn *c, int64_t reg,
				       struct store_reg_where *out);
/* Whether registration reg was deleted while at the site with this code. */
enum store_rc store_registration_deleted_at(struct store_conn *c, int64_t reg,
					    const char *site, bool *deleted);

struct store_reg_ref {
	int64_t id, account;
	time_t submitted_at;	/* 0: never submitted */
};
typedef int (*store_reg_ref_cb)(void *ud, const struct store_reg_ref *r);
/*
 * Registrations of the exam session at the site with this code: audit NULL
 * gives every one by id; "pending" the audit queue, oldest submission first.
 */
enum store_rc store_site_registrations_each(struct store_conn *c, int64_t exam_session,
					    const char *site, const char *audit,
					    store_reg_ref_cb cb, void *ud);
/* A registration at the site by ID number (and type, when not NULL). */
enum store_rc store_site_registration_by_id_number(struct store_conn *c, int64_t exam_session,
						   const char *site, const char *id_type,
						   const char *id_number, struct store_reg_ref *out);

/* ---- staff accounts, their sessions and the audit log (store-staff.c) ---- */

struct store_staff {
	int64_t id;
	char login[64];
	char name[256];
	char site[16];		/* site code */
	bool has_password;	/* imported staff have none until "staff passwd" */
	char pw_hash[128];
	bool disabled;
	time_t created_at;
};

typedef int (*store_staff_cb)(void *ud, const struct store_staff *s);

enum store_rc store_staff_by_login(struct store_conn *c, const char *login,
				   struct store_staff *out);
enum store_rc store_staff_by_id(struct store_conn *c, int64_t id, struct store_staff *out);
/* pw_hash NULL: no password yet. STORE_CONFLICT when the login exists. */
enum store_rc store_staff_insert(struct store_conn *c, const char *login, const char *name,
				 const char *site, const char *pw_hash, time_t now, int64_t *id);
enum store_rc store_staff_set_hash(struct store_conn *c, int64_t id, const char *pw_hash);
/* Disabling also ends every session of the account. */
enum store_rc store_staff_set_disabled(struct store_conn *c, int64_t id, bool disabled);
/* Staff of one site (site NULL: all), by site and login. */
enum store_rc store_staff_each(struct store_conn *c, const char *site, store_staff_cb cb,
			       void *ud);

enum store_rc store_staff_session_insert(struct store_conn *c,
					 const unsigned char hash[STORE_TOKEN_HASH_LEN],
					 int64_t staff, time_t now, time_t expires);
/* The session of an enabled staff account: STORE_NOT_FOUND otherwise. */
enum store_rc store_staff_session_get(struct store_conn *c,
				      const unsigned char hash[STORE_TOKEN_HASH_LEN],
				      int64_t *staff, time_t *last_used, time_t *expires);
enum store_rc store_staff_session_touch(struct store_conn *c,
					const unsigned char hash[STORE_TOKEN_HASH_LEN],
					time_t now, time_t expires);
enum store_rc store_staff_session_delete(struct store_conn *c,
					 const unsigned char hash[STORE_TOKEN_HASH_LEN]);
enum store_rc store_staff_session_purge(struct store_conn *c, time_t before);

struct store_log_entry {
	time_t at;
	const char *actor, *site, *action, *detail;	/* valid during the callback; detail may be NULL */
	int64_t registration;	/* 0: none */
};

typedef int (*store_log_cb)(void *ud, const struct store_log_entry *e);

/* Record an action (registration 0: none; detail NULL: none). */
enum store_rc store_log_add(struct store_conn *c, time_t at, const char *actor,
			    const char *site, const char *action, int64_t registration,
			    const char *detail);
/* The log of one site (NULL: all), oldest first. */
enum store_rc store_log_each(struct store_conn *c, const char *site, store_log_cb cb, void *ud);

/* ---- the photo (store-photo.c) ---- */

#define STORE_PHOTO_HASH_LEN 32

struct store_photo {
	unsigned char sha256[STORE_PHOTO_HASH_LEN];
	unsigned char *jpeg;	/* owned; store_photo_clear */
	size_t len;
	int width, height;
	time_t uploaded_at;
};

/* Set or replace the registration's photo (the JPEG as stored, upright). */
enum store_rc store_photo_put(struct store_conn *c, int64_t reg,
			      const unsigned char sha256[STORE_PHOTO_HASH_LEN],
			      const unsigned char *jpeg, size_t len, int width, int height,
			      time_t now);
enum store_rc store_photo_exists(struct store_conn *c, int64_t reg, bool *has);
/* STORE_OK with out filled, or STORE_NOT_FOUND. */
enum store_rc store_photo_get(struct store_conn *c, int64_t reg, struct store_photo *out);
void store_photo_clear(struct store_photo *p);

/* ---- payment orders, idempotency keys, sandbox payments, refunds (store-order.c) ---- */

#define STORE_ORDER_MAX_SUBJECTS 32

struct store_order {
	int64_t id, registration;
	char no[24];
	int amount;		/* yuan: the sum of the subjects' fees */
	char state[12];		/* "open", "paid" or "expired" */
	char platform[16];
	char pay_token[16];
	time_t created_at, expires_at, paid_at;	/* paid_at 0: unpaid */
	char channel[16];	/* "" unpaid; the platform's name, "cash" or "card" */
	char txn[64];		/* the platform's transaction id, or "" */
	char confirmed_by[64];	/* staff login of an on-site payment, or "" */
	size_t nsubjects;
	char subjects[STORE_ORDER_MAX_SUBJECTS][8];
	int fees[STORE_ORDER_MAX_SUBJECTS];
};

typedef int (*store_order_cb)(void *ud, const struct store_order *o);

/*
 * Open orders whose expires_at is at or before now become expired; their
 * subjects stay unpaid. A conditional update, so any process may run it.
 */
enum store_rc store_orders_expire(struct store_conn *c, time_t now, int *expired);
/* Insert o (state open) with its subjects; sets o->id. STORE_CONFLICT: no or token taken. */
enum store_rc store_order_insert(struct store_conn *c, struct store_order *o);
enum store_rc store_order_by_no(struct store_conn *c, const char *no, struct store_order *out);
/* The registration's orders, newest first. */
enum store_rc store_orders_each(struct store_conn *c, int64_t reg, store_order_cb cb, void *ud);
/*
 * Mark an open order paid and its subjects paid (R-PAY-01), in the caller's
 * transaction: STORE_NOT_FOUND when the order is not open any more.
 */
enum store_rc store_order_pay(struct store_conn *c, int64_t id, time_t at, const char *channel,
			      const char *txn, const char *confirmed_by);
/* R-LCK-01: starting a payment locks the registration. */
enum store_rc store_registration_lock(struct store_conn *c, int64_t reg, time_t now);

#define STORE_IDEM_HASH_LEN 32
/*
 * The stored reply of (account, key): STORE_OK with *status and *response
 * (owned, free()) and the request hash, or STORE_NOT_FOUND.
 */
enum store_rc store_idem_get(struct store_conn *c, int64_t account, const char *key,
			     unsigned char hash[STORE_IDEM_HASH_LEN], int *status, char **response);
enum store_rc store_idem_put(struct store_conn *c, int64_t account, const char *key,
			     const unsigned char hash[STORE_IDEM_HASH_LEN], int status,
			     const char *response, time_t now);

/* The sandbox platform's own record of a payment it was asked to collect. */
struct store_sandbox_payment {
	char token[16];
	char order_no[24];
	int64_t amount_fen;
	bool paid;
	char txn[64];
	time_t created_at, paid_at;
};
enum store_rc store_sandbox_insert(struct store_conn *c, const char *token, const char *order_no,
				   int64_t amount_fen, time_t now);
/* By token (order_no NULL) or by order number (token NULL). */
enum store_rc store_sandbox_get(struct store_conn *c, const char *token, const char *order_no,
				struct store_sandbox_payment *out);
/* Mark it paid with txn unless it is already paid (*changed false then). */
enum store_rc store_sandbox_pay(struct store_conn *c, const char *token, const char *txn,
				time_t now, bool *changed);

struct store_refund {
	const char *platform, *txn, *order_no, *reason;	/* valid during the callback */
	int64_t amount_fen;
	time_t at;
};
typedef int (*store_refund_cb)(void *ud, const struct store_refund *r);
/* Record money to give back; *added false when (platform, txn) is recorded already. */
enum store_rc store_refund_add(struct store_conn *c, const char *platform, const char *txn,
			       const char *order_no, int64_t amount_fen, const char *reason,
			       time_t at, bool *added);
enum store_rc store_refunds_each(struct store_conn *c, store_refund_cb cb, void *ud);

/* ---- intended exam dates (store-intent.c, R-INT-01..03) ---- */

struct store_intent_date {
	char subject[8];
	char date[11];		/* "YYYY-MM-DD" in Beijing */
	int capacity;		/* intent places */
	int taken;		/* dates chosen */
};

typedef int (*store_intent_date_cb)(void *ud, const struct store_intent_date *d);

/* A site's exam dates of one subject (NULL: of every subject), by subject and date. */
enum store_rc store_intent_dates_each(struct store_conn *c, int64_t site, const char *subject,
				      store_intent_date_cb cb, void *ud);
/* Publish an exam date with its intent capacity (STORE_CONFLICT when listed already). */
enum store_rc store_intent_date_insert(struct store_conn *c, int64_t site, const char *subject,
				       const char *date, int capacity);
/*
 * Choose date for a subject of registration reg at site, replacing an
 * earlier choice, inside the caller's write transaction: STORE_OK (also
 * when it was the choice already), STORE_NOT_FOUND when the site has no
 * such date for the subject, STORE_CONFLICT when no intent place is left.
 * On a refusal the earlier choice may be gone: roll back.
 */
enum store_rc store_intent_choose(struct store_conn *c, int64_t reg, int64_t site,
				  const char *subject, const char *date, time_t now);
/* Clear a subject's choice (STORE_OK also when there was none). */
enum store_rc store_intent_clear(struct store_conn *c, int64_t reg, const char *subject);

/* ---- exam rooms, exam times and admission tickets (store-ticket.c, R-TKT-01/02) ---- */

struct store_room {
	char code[16];
	int seats;		/* seats 1..seats */
};

struct store_exam_time {
	char start[6], end[6];	/* "HH:MM" in Beijing, every exam day */
};

typedef int (*store_room_cb)(void *ud, const struct store_room *r);
typedef int (*store_exam_time_cb)(void *ud, const struct store_exam_time *t);

/* seq orders a site's rooms and times as the exam data lists them. */
enum store_rc store_site_room_insert(struct store_conn *c, int64_t site, int seq,
				     const struct store_room *r);
enum store_rc store_site_exam_time_insert(struct store_conn *c, int64_t site, int seq,
					  const struct store_exam_time *t);
enum store_rc store_site_rooms_each(struct store_conn *c, int64_t site, store_room_cb cb,
				    void *ud);
enum store_rc store_site_exam_times_each(struct store_conn *c, int64_t site,
					 store_exam_time_cb cb, void *ud);

/* A paid subject at a site without a ticket yet, with its intended date. */
struct store_unscheduled {
	int64_t registration;
	char subject[8];
	char intent_date[11];	/* "" when none chosen */
};
typedef int (*store_unscheduled_cb)(void *ud, const struct store_unscheduled *u);
/* The site's paid subjects without a ticket, by registration and subject. */
enum store_rc store_unscheduled_each(struct store_conn *c, int64_t site,
				     store_unscheduled_cb cb, void *ud);

struct store_ticket {
	int64_t registration;
	char subject[8];
	char no[24];
	char date[11];
	char time_start[6], time_end[6];
	char room[16];
	int seat;
	bool intent;		/* the intended date was honoured */
};
typedef int (*store_ticket_cb)(void *ud, const struct store_ticket *t);
/* The site's tickets, by registration and subject. */
enum store_rc store_tickets_each(struct store_conn *c, int64_t site, store_ticket_cb cb,
				 void *ud);
/* Issue a ticket; STORE_CONFLICT when its number, seat or time is taken. */
enum store_rc store_ticket_insert(struct store_conn *c, int64_t site,
				  const struct store_ticket *t, int64_t seed, time_t now);

#endif
