/*
 * The store's connection pool, transactions and statement cache over
 * either database, and the SQLite schema migrations (PostgreSQL's are in
 * store-pg.c). Queries live in store-*.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "store-internal.h"
#include "log.h"

struct store {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	/*
	 * Writers of this process queue here for the write lock rather than in
	 * SQLite's busy handler, which sleeps (1, 2, 5, 10 ms ...) and polls;
	 * other processes (the commands) still meet busy_timeout.
	 */
	pthread_mutex_t writer;
	/*
	 * SQLite: one fdatasync of the WAL at a time, run after the writer lock
	 * is let go and shared by every commit written before it began
	 * (store_wal_sync; docs/server.md "Commits").
	 */
	pthread_mutex_t sync;
	pthread_cond_t synced;
	uint64_t syncs_begun;	/* under sync */
	uint64_t syncs_done;	/* the newest sync that ended well, under sync */
	uint64_t syncs_failed;	/* the newest sync that failed, under sync */
	bool syncing;		/* a sync is running, under sync */
	unsigned pg_losses;	/* PostgreSQL: connections found lost (atomic; store-pg.c) */
	unsigned nconn;
	struct store_conn *conns;
};

/*
 * Versioned schema steps: step i brings the schema to version i + 1. Never
 * edit a step that has shipped; append a new one.
 */
static const char *const store_migrations[] = {
	/* 1: catalogue, accounts, sessions, attempt counters, registrations */
	"CREATE TABLE exam_sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
	"  window_open INTEGER NOT NULL, window_close INTEGER NOT NULL,"
	"  current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),"
	"  CHECK (window_open < window_close));"
	"CREATE TABLE provinces ("
	"  code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL);"
	"CREATE TABLE sites ("
	"  id INTEGER PRIMARY KEY,"
	"  exam_session INTEGER NOT NULL REFERENCES exam_sessions(id),"
	"  code TEXT NOT NULL,"
	"  province TEXT NOT NULL REFERENCES provinces(code),"
	"  name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
	"  max_subjects INTEGER NOT NULL CHECK (max_subjects > 0),"
	"  audit INTEGER NOT NULL CHECK (audit IN (0, 1)),"
	"  total_capacity INTEGER NOT NULL CHECK (total_capacity >= 0),"
	"  window_open INTEGER NOT NULL, window_close INTEGER NOT NULL,"
	"  self_print INTEGER NOT NULL CHECK (self_print IN (0, 1)),"
	"  intent_dates INTEGER NOT NULL CHECK (intent_dates IN (0, 1)),"
	"  UNIQUE (exam_session, code),"
	"  CHECK (window_open < window_close));"
	"CREATE TABLE subjects ("
	"  code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL);"
	"CREATE TABLE site_subjects ("
	"  site INTEGER NOT NULL REFERENCES sites(id),"
	"  subject TEXT NOT NULL REFERENCES subjects(code),"
	"  fee INTEGER NOT NULL CHECK (fee >= 0),"
	"  capacity INTEGER NOT NULL CHECK (capacity >= 0),"
	"  PRIMARY KEY (site, subject));"
	"CREATE TABLE agreements ("
	"  id INTEGER PRIMARY KEY,"
	"  exam_session INTEGER NOT NULL REFERENCES exam_sessions(id),"
	"  version TEXT NOT NULL,"
	"  title_zh TEXT NOT NULL, title_en TEXT NOT NULL,"
	"  text_zh TEXT NOT NULL, text_en TEXT NOT NULL,"
	"  UNIQUE (exam_session, version));"
	"CREATE TABLE accounts ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE,"
	"  phone TEXT NOT NULL UNIQUE,"
	"  pw_hash TEXT NOT NULL,"
	"  id_type TEXT, id_number TEXT, name TEXT,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE sessions ("
	"  token_hash BLOB PRIMARY KEY,"
	"  account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  last_used INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE INDEX sessions_account ON sessions(account);"
	"CREATE INDEX sessions_expires ON sessions(expires_at);"
	"CREATE TABLE login_failures ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL, addr TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX login_failures_login ON login_failures(login, at);"
	"CREATE INDEX login_failures_addr ON login_failures(addr, at);"
	"CREATE TABLE signups ("
	"  id INTEGER PRIMARY KEY, addr TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX signups_addr ON signups(addr, at);"
	"CREATE TABLE registrations ("
	"  id INTEGER PRIMARY KEY,"
	"  exam_session INTEGER NOT NULL REFERENCES exam_sessions(id),"
	"  account INTEGER NOT NULL REFERENCES accounts(id),"
	"  agreement_version TEXT NOT NULL,"
	"  accepted_at INTEGER NOT NULL,"
	"  id_type TEXT, id_number TEXT,"
	"  name TEXT,"
	"  site INTEGER REFERENCES sites(id),"
	"  method TEXT NOT NULL DEFAULT 'individual' CHECK (method IN ('individual', 'group')),"
	"  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),"
	"  audit TEXT CHECK (audit IN ('not_submitted', 'pending', 'approved', 'rejected')),"
	"  audit_reason TEXT,"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
	"  UNIQUE (exam_session, account),"			/* R-REG-06 */
	"  UNIQUE (exam_session, id_type, id_number),"		/* R-REG-05 */
	"  CHECK ((id_type IS NULL) = (id_number IS NULL)));"
	"CREATE TABLE registration_subjects ("
	"  registration INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,"
	"  site INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'unpaid' CHECK (state IN ('unpaid', 'paid')),"
	"  added_at INTEGER NOT NULL,"
	"  PRIMARY KEY (registration, subject),"		/* R-REG-07 */
	"  FOREIGN KEY (site, subject) REFERENCES site_subjects(site, subject));"
	"CREATE INDEX registration_subjects_site ON registration_subjects(site, subject);",
	/* 2: personal information, exam tips, deletion records, expiry indexes */
	"ALTER TABLE registrations ADD COLUMN info TEXT;"
	"CREATE TABLE exam_tips ("
	"  exam_session INTEGER NOT NULL REFERENCES exam_sessions(id),"
	"  seq INTEGER NOT NULL,"
	"  text_zh TEXT NOT NULL, text_en TEXT NOT NULL,"
	"  PRIMARY KEY (exam_session, seq));"
	/* Who deleted which registration when and why; no personal data. */
	"CREATE TABLE registration_deletions ("
	"  id INTEGER PRIMARY KEY,"
	"  exam_session INTEGER NOT NULL, account INTEGER NOT NULL,"
	"  by_system INTEGER NOT NULL CHECK (by_system IN (0, 1)),"
	"  reason TEXT, at INTEGER NOT NULL);"
	"CREATE INDEX registration_subjects_expiry ON registration_subjects(state, added_at);"
	"CREATE INDEX registrations_updated ON registrations(updated_at);",
	/* 3: audit (R-AUD-01/02), staff accounts and sessions, the staff audit log */
	"ALTER TABLE registrations ADD COLUMN audit_submitted_at INTEGER;"
	"ALTER TABLE registrations ADD COLUMN audit_decided_at INTEGER;"
	"CREATE INDEX registrations_audit ON registrations(audit, audit_submitted_at);"
	/* Which registration went and from which site: staff are told "withdrawn". */
	"ALTER TABLE registration_deletions ADD COLUMN registration INTEGER;"
	"ALTER TABLE registration_deletions ADD COLUMN site INTEGER;"
	"CREATE INDEX registration_deletions_registration ON registration_deletions(registration);"
	/* Staff belong to a site by its code, so an account outlives one exam session. */
	"CREATE TABLE staff ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  site TEXT NOT NULL,"
	"  pw_hash TEXT,"				/* NULL: imported, no password yet */
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE staff_sessions ("
	"  token_hash BLOB PRIMARY KEY,"
	"  staff INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  last_used INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE INDEX staff_sessions_staff ON staff_sessions(staff);"
	"CREATE INDEX staff_sessions_expires ON staff_sessions(expires_at);"
	/* Who did what when to which registration; no passwords, tokens or ID numbers. */
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  site TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  registration INTEGER,"
	"  detail TEXT);"
	"CREATE INDEX audit_log_site ON audit_log(site, at);",
	/* 4: the photo (R-PHO-01..04), in its own table; it goes with its registration */
	"CREATE TABLE photos ("
	"  id INTEGER PRIMARY KEY,"
	"  registration INTEGER NOT NULL UNIQUE REFERENCES registrations(id) ON DELETE CASCADE,"
	"  sha256 BLOB NOT NULL CHECK (length(sha256) = 32),"
	"  jpeg BLOB NOT NULL,"
	"  width INTEGER NOT NULL, height INTEGER NOT NULL,"
	"  uploaded_at INTEGER NOT NULL);",
	/*
	 * 5: payment orders (R-PAY-01..06, R-LCK-01), idempotency keys, the
	 * sandbox platform's own payments and the refunds the office owes.
	 */
	"CREATE TABLE orders ("
	"  id INTEGER PRIMARY KEY,"
	"  no TEXT NOT NULL UNIQUE,"
	"  registration INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,"
	"  amount INTEGER NOT NULL CHECK (amount >= 0),"		/* yuan */
	"  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'paid', 'expired')),"
	"  platform TEXT NOT NULL,"
	"  pay_token TEXT NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
	"  paid_at INTEGER,"
	"  channel TEXT,"			/* platform name, 'cash' or 'card' once paid */
	"  txn TEXT,"				/* the platform's transaction id */
	"  confirmed_by TEXT);"			/* staff login of an on-site payment */
	"CREATE INDEX orders_registration ON orders(registration, created_at);"
	"CREATE INDEX orders_open ON orders(state, expires_at);"
	"CREATE TABLE order_subjects ("
	"  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
	"  subject TEXT NOT NULL,"
	"  fee INTEGER NOT NULL,"
	"  PRIMARY KEY (order_id, subject));"
	/* A repeated request with the same key answers the stored reply. */
	"CREATE TABLE idempotency_keys ("
	"  account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  request_hash BLOB NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  response TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (account, key));"
	/* The sandbox platform's side: what it was asked to collect and did. */
	"CREATE TABLE sandbox_payments ("
	"  token TEXT PRIMARY KEY,"
	"  order_no TEXT NOT NULL UNIQUE,"
	"  amount_fen INTEGER NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid')),"
	"  txn TEXT,"
	"  created_at INTEGER NOT NULL, paid_at INTEGER);"
	/* Money received that paid nothing: the exam office refunds it. No personal data. */
	"CREATE TABLE refunds ("
	"  id INTEGER PRIMARY KEY,"
	"  platform TEXT NOT NULL,"
	"  txn TEXT NOT NULL,"
	"  order_no TEXT NOT NULL,"
	"  amount_fen INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  UNIQUE (platform, txn));",
	/*
	 * 6: intended exam dates (R-INT-01..03): a site's exam period (Beijing
	 * dates, NULL when not published), its exam dates with intent capacity
	 * per subject, and each paid subject's chosen date. A chosen date is a
	 * row, so clearing or changing it frees the place without bookkeeping.
	 */
	"ALTER TABLE sites ADD COLUMN exam_start TEXT;"
	"ALTER TABLE sites ADD COLUMN exam_end TEXT;"
	"CREATE TABLE intent_dates ("
	"  site INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  capacity INTEGER NOT NULL CHECK (capacity >= 0),"
	"  PRIMARY KEY (site, subject, date),"
	"  FOREIGN KEY (site, subject) REFERENCES site_subjects(site, subject));"
	"CREATE TABLE registration_intents ("
	"  registration INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  site INTEGER NOT NULL,"
	"  date TEXT NOT NULL,"
	"  chosen_at INTEGER NOT NULL,"
	"  PRIMARY KEY (registration, subject),"		/* one date per subject */
	"  FOREIGN KEY (registration, subject)"
	"    REFERENCES registration_subjects(registration, subject) ON DELETE CASCADE,"
	"  FOREIGN KEY (site, subject, date) REFERENCES intent_dates(site, subject, date));"
	"CREATE INDEX registration_intents_date ON registration_intents(site, subject, date);"
	/* The database's own guard: never more choices than the date's capacity. */
	"CREATE TRIGGER registration_intents_capacity BEFORE INSERT ON registration_intents"
	" WHEN (SELECT count(*) FROM registration_intents"
	"       WHERE site = NEW.site AND subject = NEW.subject AND date = NEW.date)"
	"   >= (SELECT capacity FROM intent_dates"
	"       WHERE site = NEW.site AND subject = NEW.subject AND date = NEW.date)"
	" BEGIN SELECT RAISE(ABORT, 'intent date full'); END;"
	"CREATE TRIGGER registration_intents_no_update BEFORE UPDATE ON registration_intents"
	" BEGIN SELECT RAISE(ABORT, 'delete and insert a changed intent'); END;",
	/*
	 * 7: admission tickets (R-TKT-01, R-TKT-02, R-INT-03): the moment the
	 * exam session's tickets are published (NULL: not yet), each site's
	 * exam rooms with their seats and its daily exam times, and one ticket
	 * per paid subject with its date, time, room and seat. A seat is taken
	 * once (UNIQUE), a candidate sits one exam at a time, and a ticket is
	 * never changed once issued.
	 */
	"ALTER TABLE exam_sessions ADD COLUMN tickets_from INTEGER;"
	"CREATE TABLE site_rooms ("
	"  site INTEGER NOT NULL REFERENCES sites(id),"
	"  seq INTEGER NOT NULL,"
	"  code TEXT NOT NULL,"
	"  seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 999),"
	"  PRIMARY KEY (site, seq),"
	"  UNIQUE (site, code));"
	"CREATE TABLE site_exam_times ("
	"  site INTEGER NOT NULL REFERENCES sites(id),"
	"  seq INTEGER NOT NULL,"
	"  time_start TEXT NOT NULL CHECK (time_start GLOB '[0-2][0-9]:[0-5][0-9]'),"
	"  time_end TEXT NOT NULL CHECK (time_end GLOB '[0-2][0-9]:[0-5][0-9]'),"
	"  PRIMARY KEY (site, seq),"
	"  UNIQUE (site, time_start),"
	"  CHECK (time_start < time_end));"
	"CREATE TABLE tickets ("
	"  registration INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  site INTEGER NOT NULL REFERENCES sites(id),"
	"  no TEXT NOT NULL UNIQUE,"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  time_start TEXT NOT NULL, time_end TEXT NOT NULL,"
	"  room TEXT NOT NULL,"
	"  seat INTEGER NOT NULL CHECK (seat > 0),"
	"  intent INTEGER NOT NULL CHECK (intent IN (0, 1)),"	/* the intended date was honoured */
	"  seed INTEGER NOT NULL,"
	"  scheduled_at INTEGER NOT NULL,"
	"  PRIMARY KEY (registration, subject),"
	"  FOREIGN KEY (registration, subject)"
	"    REFERENCES registration_subjects(registration, subject) ON DELETE CASCADE,"
	"  UNIQUE (site, date, time_start, room, seat),"	/* never a seat twice */
	"  UNIQUE (registration, date, time_start));"		/* one exam at a time */
	"CREATE INDEX tickets_site ON tickets(site, subject);"
	"CREATE TRIGGER tickets_no_update BEFORE UPDATE ON tickets"
	" BEGIN SELECT RAISE(ABORT, 'an issued ticket is never changed'); END;",
	/*
	 * 8: places taken, kept as count rows (R-REG-08, R-INT-02) so that no
	 * request counts registrations: per site and subject the subjects
	 * held, per site the candidates holding a subject there (限报总人数),
	 * per intent date the dates chosen. Every catalogue row gets its count
	 * row when inserted; triggers on registration_subjects and
	 * registration_intents keep the counts in the writer's own statement,
	 * so every insert, delete (cascades, the sweep included) and change
	 * counts, whichever code runs it. A PostgreSQL back end locks exactly
	 * these rows (docs/server.md). The existing data is counted once here.
	 * A registration's own rows are found by registration ("+site" keeps
	 * SQLite off the index of all the site's rows). With the indexes below
	 * no request reads rows in proportion to the registrations held.
	 */
	"CREATE TABLE site_subject_places ("
	"  site INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  taken INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),"
	"  PRIMARY KEY (site, subject),"
	"  FOREIGN KEY (site, subject) REFERENCES site_subjects(site, subject));"
	"CREATE TABLE site_places ("
	"  site INTEGER PRIMARY KEY REFERENCES sites(id),"
	"  candidates INTEGER NOT NULL DEFAULT 0 CHECK (candidates >= 0));"
	"CREATE TABLE intent_date_places ("
	"  site INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  taken INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),"
	"  PRIMARY KEY (site, subject, date),"
	"  FOREIGN KEY (site, subject, date) REFERENCES intent_dates(site, subject, date));"
	"INSERT INTO site_places(site, candidates) SELECT s.id,"
	"  (SELECT count(DISTINCT rs.registration) FROM registration_subjects rs WHERE rs.site = s.id)"
	"  FROM sites s;"
	"INSERT INTO site_subject_places(site, subject, taken) SELECT ss.site, ss.subject,"
	"  (SELECT count(*) FROM registration_subjects rs"
	"    WHERE rs.site = ss.site AND rs.subject = ss.subject)"
	"  FROM site_subjects ss;"
	"INSERT INTO intent_date_places(site, subject, date, taken) SELECT d.site, d.subject, d.date,"
	"  (SELECT count(*) FROM registration_intents ri"
	"    WHERE ri.site = d.site AND ri.subject = d.subject AND ri.date = d.date)"
	"  FROM intent_dates d;"
	"CREATE TRIGGER sites_places AFTER INSERT ON sites"
	" BEGIN INSERT INTO site_places(site) VALUES (NEW.id); END;"
	"CREATE TRIGGER site_subjects_places AFTER INSERT ON site_subjects"
	" BEGIN INSERT INTO site_subject_places(site, subject) VALUES (NEW.site, NEW.subject); END;"
	"CREATE TRIGGER intent_dates_places AFTER INSERT ON intent_dates"
	" BEGIN INSERT INTO intent_date_places(site, subject, date)"
	"   VALUES (NEW.site, NEW.subject, NEW.date); END;"
	/* A subject taken: its place, and the site's candidate when it is the first there. */
	"CREATE TRIGGER registration_subjects_take AFTER INSERT ON registration_subjects BEGIN"
	"  UPDATE site_subject_places SET taken = taken + 1"
	"   WHERE site = NEW.site AND subject = NEW.subject;"
	"  UPDATE site_places SET candidates = candidates + 1 WHERE site = NEW.site"
	"   AND NOT EXISTS (SELECT 1 FROM registration_subjects"
	"     WHERE registration = NEW.registration AND +site = NEW.site AND rowid <> NEW.rowid);"
	" END;"
	/* A subject given up: the candidate leaves the site with the last one there. */
	"CREATE TRIGGER registration_subjects_free AFTER DELETE ON registration_subjects BEGIN"
	"  UPDATE site_subject_places SET taken = taken - 1"
	"   WHERE site = OLD.site AND subject = OLD.subject;"
	"  UPDATE site_places SET candidates = candidates - 1 WHERE site = OLD.site"
	"   AND NOT EXISTS (SELECT 1 FROM registration_subjects"
	"     WHERE registration = OLD.registration AND +site = OLD.site);"
	" END;"
	"CREATE TRIGGER registration_subjects_move AFTER UPDATE OF registration, site, subject"
	" ON registration_subjects BEGIN"
	"  UPDATE site_subject_places SET taken = taken - 1"
	"   WHERE site = OLD.site AND subject = OLD.subject;"
	"  UPDATE site_places SET candidates = candidates - 1 WHERE site = OLD.site"
	"   AND NOT EXISTS (SELECT 1 FROM registration_subjects"
	"     WHERE registration = OLD.registration AND +site = OLD.site);"
	"  UPDATE site_subject_places SET taken = taken + 1"
	"   WHERE site = NEW.site AND subject = NEW.subject;"
	"  UPDATE site_places SET candidates = candidates + 1 WHERE site = NEW.site"
	"   AND NOT EXISTS (SELECT 1 FROM registration_subjects"
	"     WHERE registration = NEW.registration AND +site = NEW.site AND rowid <> NEW.rowid);"
	" END;"
	/* The capacity guard reads the count row instead of counting. */
	"DROP TRIGGER registration_intents_capacity;"
	"CREATE TRIGGER registration_intents_capacity BEFORE INSERT ON registration_intents"
	" WHEN coalesce((SELECT taken FROM intent_date_places"
	"       WHERE site = NEW.site AND subject = NEW.subject AND date = NEW.date), 0)"
	"   >= (SELECT capacity FROM intent_dates"
	"       WHERE site = NEW.site AND subject = NEW.subject AND date = NEW.date)"
	" BEGIN SELECT RAISE(ABORT, 'intent date full'); END;"
	"CREATE TRIGGER registration_intents_take AFTER INSERT ON registration_intents"
	" BEGIN UPDATE intent_date_places SET taken = taken + 1"
	"   WHERE site = NEW.site AND subject = NEW.subject AND date = NEW.date; END;"
	"CREATE TRIGGER registration_intents_free AFTER DELETE ON registration_intents"
	" BEGIN UPDATE intent_date_places SET taken = taken - 1"
	"   WHERE site = OLD.site AND subject = OLD.subject AND date = OLD.date; END;"
	/* The staff queue and look-up of one site; the sweep's candidates; the purges. */
	"CREATE INDEX registrations_site_audit ON registrations(site, audit, audit_submitted_at);"
	"CREATE INDEX registrations_site_id_number ON registrations(site, id_number);"
	"CREATE INDEX registrations_unlocked_updated ON registrations(updated_at) WHERE locked = 0;"
	"CREATE INDEX login_failures_at ON login_failures(at);"
	"CREATE INDEX signups_at ON signups(at);",
	/*
	 * 9: failed logins keep a keyed hash of the typed login (people type
	 * passwords there), never the text; the counts of the last window that
	 * held clear text are dropped.
	 */
	"DELETE FROM login_failures;",
	/*
	 * 10: password recovery (R-ACC-01): at most one live code per account
	 * and kind (sent by message, or issued at a site's desk), stored as an
	 * argon2id hash, with its wrong tries; the counters behind its rate
	 * limits; the sandbox SMS gateway's record of what it "sent".
	 */
	"CREATE TABLE recovery_codes ("
	"  account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('message', 'desk')),"
	"  code_hash TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  tries INTEGER NOT NULL DEFAULT 0,"
	"  issued_by TEXT,"				/* staff login of a desk code */
	"  PRIMARY KEY (account, kind));"
	"CREATE INDEX recovery_codes_expires ON recovery_codes(expires_at);"
	"CREATE TABLE recovery_attempts ("
	"  id INTEGER PRIMARY KEY,"
	"  kind INTEGER NOT NULL,"
	"  key TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX recovery_attempts_key ON recovery_attempts(kind, key, at);"
	"CREATE TABLE sandbox_sms ("
	"  id INTEGER PRIMARY KEY,"
	"  phone TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  at INTEGER NOT NULL);",
	/*
	 * 11: group registration (集体报名): a site registers candidates who may
	 * have no passport account yet, so a registration's account may be
	 * NULL until the candidate claims it. Dropping a NOT NULL constraint
	 * changes nothing stored, which SQLite allows through the schema text
	 * (sqlite.org/lang_altertable.html, "other kinds of table schema
	 * changes"); store_migrate() bumps schema_version afterwards.
	 */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	"  'account INTEGER NOT NULL REFERENCES accounts(id),',"
	"  'account INTEGER REFERENCES accounts(id),')"
	" WHERE type = 'table' AND name = 'registrations';"
	"PRAGMA writable_schema = OFF;"
	"CREATE INDEX registrations_group ON registrations(exam_session, method)"
	" WHERE account IS NULL;",
	/*
	 * 12: the claim code of a group registration: whoever claims it must
	 * give the code its site handed out (route-registration.c). A keyed
	 * BLAKE2b hash (random salt per code), never the code; its wrong tries;
	 * valid until the site's window closes. Group registrations imported
	 * before have none until staff issue one.
	 */
	"CREATE TABLE group_claims ("
	"  registration INTEGER PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,"
	"  salt BLOB NOT NULL,"
	"  code_hash BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  tries INTEGER NOT NULL DEFAULT 0,"
	"  issued_by TEXT NOT NULL);"
	"CREATE INDEX group_claims_expires ON group_claims(expires_at);",
};

#define STORE_NMIGRATIONS (sizeof(store_migrations) / sizeof(store_migrations[0]))

enum store_rc store_rc_of(struct store_conn *c, int rc, const char *what)
{
	if (rc == DB_UNAVAILABLE) {
		log_msg(LOG_PRIO_ERR, "store: %s: database unavailable: %s", what,
			c != NULL ? db_errmsg(c) : "");
		return STORE_UNAVAILABLE;
	}
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_msg(LOG_PRIO_WARNING, "store: %s: database busy", what);
		return STORE_BUSY;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return STORE_CONFLICT;
		break;
	default:
		break;
	}
	log_msg(LOG_PRIO_ERR, "store: %s: %s", what, c != NULL ? db_errmsg(c) : sqlite3_errstr(rc));
	return STORE_ERROR;
}

static size_t store_stmt_hash(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;

	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15u;
	return (size_t)(h >> 7) & (STORE_STMT_SLOTS - 1);
}

/* The slot of sql (sql != NULL) or a free slot to put it in; NULL when neither. */
static struct store_stmt_slot *store_stmt_slot(struct store_conn *c, const char *sql)
{
	size_t i = store_stmt_hash(sql);

	for (size_t n = 0; n < STORE_STMT_SLOTS; n++, i = (i + 1) & (STORE_STMT_SLOTS - 1)) {
		struct store_stmt_slot *slot = &c->stmts[i];

		if (slot->sql == NULL || slot->sql == sql)
			return slot;
	}
	return NULL;
}

enum store_rc store_prepare(struct store_conn *c, const char *sql, struct db_stmt **st)
{
	struct store_stmt_slot *slot = c->stmts != NULL ? store_stmt_slot(c, sql) : NULL;
	int rc;

	/* The text at this address is the text prepared (a literal never changes). */
	if (slot != NULL && slot->sql == sql && !slot->busy && c->nout < STORE_STMT_NESTED) {
		slot->busy = true;
		c->out[c->nout++] = slot;
		*st = slot->st;
		return STORE_OK;
	}
	if (slot != NULL && slot->sql == NULL && c->nout < STORE_STMT_NESTED) {
		rc = db_prepare(c, sql, true, st);
		if (rc != DB_OK) {
			*st = NULL;
			return store_rc_of(c, rc, "prepare");
		}
		slot->sql = sql;
		slot->st = *st;
		slot->busy = true;
		c->out[c->nout++] = slot;
		return STORE_OK;
	}
	/* In use already (a nested use of the same statement), or no room: a one-off. */
	rc = db_prepare(c, sql, false, st);
	if (rc != DB_OK) {
		*st = NULL;
		return store_rc_of(c, rc, "prepare");
	}
	return STORE_OK;
}

void store_finish(struct store_conn *c, struct db_stmt *st)
{
	if (st == NULL)
		return;
	for (unsigned i = c->nout; i-- > 0;) {
		if (c->out[i]->st == st) {
			/* Reset ends the statement's read of the database; its error was seen by step. */
			db_clear(st);
			c->out[i]->busy = false;
			c->out[i] = c->out[--c->nout];
			return;
		}
	}
	db_finalize(st);
}

int store_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return db_bind_text(st, idx, s);
}

enum store_rc store_copy_text(struct db_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *t = db_column_text(st, col);
	int n = db_column_bytes(st, col);

	if (t == NULL) {
		buf[0] = '\0';
		return STORE_OK;
	}
	if (n < 0 || (size_t)n >= len) {
		log_msg(LOG_PRIO_ERR, "store: text column %d too long (%d bytes)", col, n);
		buf[0] = '\0';
		return STORE_ERROR;
	}
	memcpy(buf, t, (size_t)n);
	buf[n] = '\0';
	return STORE_OK;
}

char *store_dup_text(struct db_stmt *st, int col)
{
	const unsigned char *t = db_column_text(st, col);

	return strdup(t != NULL ? (const char *)t : "");
}

enum store_rc store_exec_int_text(struct store_conn *c, const char *sql, int64_t v,
				  const char *text, const char *what, int *changed)
{
	struct db_stmt *st = NULL;
	enum store_rc r = store_prepare(c, sql, &st);

	if (r != STORE_OK)
		goto out;
	if (db_bind_int64(st, 1, v) != DB_OK ||
	    (text != NULL && store_bind_text(st, 2, text) != DB_OK)) {
		r = store_rc_of(c, db_errcode(c), what);
		goto out;
	}
	r = store_step_done(c, st, what);
	if (r == STORE_OK && changed != NULL)
		*changed = db_changes(c);
out:
	store_finish(c, st);
	return r;
}

enum store_rc store_exec_int(struct store_conn *c, const char *sql, int64_t v, const char *what)
{
	return store_exec_int_text(c, sql, v, NULL, what, NULL);
}

enum store_rc store_step_done(struct store_conn *c, struct db_stmt *st, const char *what)
{
	int rc = db_step(st);

	if (rc == DB_DONE)
		return STORE_OK;
	if (rc == DB_ROW)
		return STORE_OK;
	return store_rc_of(c, db_errcode(c), what);
}

enum store_rc store_step_id(struct store_conn *c, struct db_stmt *st, const char *what, int64_t *id)
{
	int rc = db_step(st);

	if (rc == DB_ROW) {
		*id = db_column_int64(st, 0);
		return STORE_OK;
	}
	if (rc == DB_DONE) {
		log_msg(LOG_PRIO_ERR, "store: %s: no id returned", what);
		return STORE_ERROR;
	}
	return store_rc_of(c, db_errcode(c), what);
}

static enum store_rc store_exec(struct store_conn *c, const char *sql, const char *what)
{
	char *msg = NULL;
	int rc;

	if (c->kind == DB_POSTGRES)
		return store_pg_exec(c, sql, what);
	rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		enum store_rc r = store_rc_of(c, sqlite3_extended_errcode(c->db), what);

		sqlite3_free(msg);
		return r;
	}
	return STORE_OK;
}

/* One statement of no rows, prepared once per connection (BEGIN, COMMIT, ...). */
static enum store_rc store_exec1(struct store_conn *c, const char *sql, const char *what)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	if (c->kind == DB_POSTGRES)
		return store_pg_exec(c, sql, what);
	r = store_prepare(c, sql, &st);
	if (r == STORE_OK)
		r = store_step_done(c, st, what);
	store_finish(c, st);
	return r;
}

/*
 * PostgreSQL: BEGIN on a connection found lost is retried once on a new
 * one (nothing was done in it yet).
 */
static enum store_rc store_begin(struct store_conn *c, const char *sql, const char *what)
{
	enum store_rc r;

	if (c->kind == DB_POSTGRES && store_pg_ready(c) != STORE_OK)
		return STORE_UNAVAILABLE;
	r = store_exec1(c, sql, what);
	if (r == STORE_UNAVAILABLE && c->kind == DB_POSTGRES && store_pg_ready(c) == STORE_OK)
		r = store_exec1(c, sql, what);
	return r;
}

/*
 * PostgreSQL: the connection checked (and made again if it was lost), and
 * BEGIN left to go with the first statement (db-pg.c, which retries the
 * two once on a new connection when the old one turns out lost).
 */
static enum store_rc store_begin_pg(struct store_conn *c)
{
	if (store_pg_ready(c) != STORE_OK)
		return STORE_UNAVAILABLE;
	c->pg_begin = true;
	return STORE_OK;
}

enum store_rc store_begin_read(struct store_conn *c)
{
	enum store_rc r = c->kind == DB_POSTGRES ? store_begin_pg(c)
						 : store_begin(c, "BEGIN", "begin");

	if (r == STORE_OK)
		c->in_tx = true;
	return r;
}

enum store_rc store_job_lock(struct store_conn *c, const char *job)
{
	struct db_stmt *st = NULL;
	enum store_rc r;

	if (c->kind != DB_POSTGRES)
		return STORE_OK;
	r = store_prepare(c, "SELECT pg_advisory_xact_lock(hashtext(?))", &st);
	if (r == STORE_OK && store_bind_text(st, 1, job) != DB_OK)
		r = store_rc_of(c, db_errcode(c), "bind job lock");
	if (r == STORE_OK)
		r = store_step_done(c, st, "job lock");
	store_finish(c, st);
	return r;
}

/*
 * Make every commit this process has written so far durable: wait for a
 * sync of the WAL that began after the caller's commit was written, or run
 * it. Writers go on meanwhile: the writer lock is not held here. Returns
 * SQLITE_OK or the sync's error (the commit is then not known to be on
 * disk).
 */
static int store_wal_sync(struct store_conn *c)
{
	struct store *s = c->store;
	sqlite3_file *f = NULL;
	uint64_t need;
	int rc = SQLITE_OK;

	c->wal_unsynced = false;
	if (sqlite3_file_control(c->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK ||
	    f == NULL || f->pMethods == NULL)
		return SQLITE_IOERR_FSYNC;
	if (pthread_mutex_lock(&s->sync) != 0)
		return SQLITE_IOERR_FSYNC;
	/* A sync already running may have begun before this commit was written. */
	need = s->syncs_begun + 1;
	for (;;) {
		uint64_t mine;

		/*
		 * A failed sync fails every commit it had to cover, not only its
		 * runner's, and a later sync that succeeds does not make up for
		 * it: the kernel may have dropped the pages that failed to write.
		 */
		if (s->syncs_failed >= need) {
			rc = SQLITE_IOERR_FSYNC;
			break;
		}
		if (s->syncs_done >= need)
			break;
		if (s->syncing) {
			if (pthread_cond_wait(&s->synced, &s->sync) != 0) {
				rc = SQLITE_IOERR_FSYNC;
				break;
			}
			continue;
		}
		mine = ++s->syncs_begun;
		s->syncing = true;
		pthread_mutex_unlock(&s->sync);
		rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
		pthread_mutex_lock(&s->sync);
		s->syncing = false;
		if (rc == SQLITE_OK && mine > s->syncs_done)
			s->syncs_done = mine;
		else if (rc != SQLITE_OK && mine > s->syncs_failed)
			s->syncs_failed = mine;
		pthread_cond_broadcast(&s->synced);
		if (rc != SQLITE_OK)
			break;
	}
	pthread_mutex_unlock(&s->sync);
	return rc;
}

/* SQLite's own automatic checkpoint, which this hook replaces, starts at 1000 frames. */
#define STORE_WAL_CHECKPOINT_FRAMES 1000

/*
 * SQLite calls this after each commit of the connection, the write lock
 * given up. A write transaction of store_begin_write() syncs in
 * store_commit(), once the writer lock is let go; a statement that wrote
 * on its own (autocommit) syncs here. The WAL is checkpointed as SQLite
 * would have done by itself.
 */
static int store_wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store_conn *c = arg;
	int rc = SQLITE_OK, ck;

	c->wal_unsynced = true;
	if (!c->writing)
		rc = store_wal_sync(c);
	if (frames >= STORE_WAL_CHECKPOINT_FRAMES) {
		ck = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		if (ck != SQLITE_OK && ck != SQLITE_BUSY)
			log_msg(LOG_PRIO_WARNING, "store: checkpoint: %s", sqlite3_errstr(ck));
	}
	return rc;
}

/* Let the next writer of this process in. */
static void store_writer_leave(struct store_conn *c)
{
	if (!c->writing)
		return;
	c->writing = false;
	pthread_mutex_unlock(&c->store->writer);
}

enum store_rc store_begin_write(struct store_conn *c)
{
	enum store_rc r;

	if (c->kind == DB_POSTGRES) {
		/*
		 * READ COMMITTED; the checks read their rows with FOR UPDATE,
		 * which waits for a writer of the same rows and then sees its
		 * commit (docs/server.md). No process-wide lock.
		 */
		r = store_begin_pg(c);
		if (r == STORE_OK) {
			c->in_tx = true;
			c->write_tx = true;
		}
		return r;
	}
	if (c->store != NULL && !c->writing) {
		if (pthread_mutex_lock(&c->store->writer) != 0)
			return STORE_ERROR;
		c->writing = true;
	}
	/* IMMEDIATE takes the write lock now (waiting up to busy_timeout for
	 * other processes), so a read-check-write sequence cannot fail halfway
	 * with SQLITE_BUSY. */
	r = store_exec1(c, "BEGIN IMMEDIATE", "begin immediate");
	if (r == STORE_OK)
		c->in_tx = true;
	else
		store_writer_leave(c);
	return r;
}

enum store_rc store_commit(struct store_conn *c)
{
	enum store_rc r = store_exec1(c, "COMMIT", "commit");

	if (r == STORE_OK) {
		c->in_tx = false;
		c->write_tx = false;
		store_writer_leave(c);
		/* Durable before the caller is told: the WAL synced, outside the writer lock. */
		if (c->kind == DB_SQLITE && c->wal_unsynced) {
			int rc = store_wal_sync(c);

			if (rc != SQLITE_OK) {
				log_msg(LOG_PRIO_ERR, "store: sync after commit: %s", sqlite3_errstr(rc));
				r = STORE_ERROR;
			}
		}
	} else {
		store_rollback(c);
	}
	return r;
}

enum store_rc store_write_done(struct store_conn *c)
{
	enum store_rc r;

	if (c->kind == DB_POSTGRES || !c->writing)
		return STORE_OK;
	r = store_commit(c);
	return r == STORE_OK ? store_begin_read(c) : r;
}

void store_rollback(struct store_conn *c)
{
	if (c->in_tx) {
		if (c->kind == DB_POSTGRES) {
			if (!c->pg_broken)
				(void)store_exec1(c, "ROLLBACK", "rollback");
		} else if (sqlite3_get_autocommit(c->db) == 0) {
			(void)store_exec1(c, "ROLLBACK", "rollback");
		}
		c->in_tx = false;
	}
	c->write_tx = false;
	c->pg_begin = false;
	store_writer_leave(c);
}

/* Finalize the cached statements and close; c->db becomes NULL. */
static void store_conn_close(struct store_conn *c)
{
	if (c->stmts != NULL) {
		for (size_t i = 0; i < STORE_STMT_SLOTS; i++)
			db_finalize(c->stmts[i].st);
		free(c->stmts);
		c->stmts = NULL;
	}
	c->nout = 0;
	store_pg_close(c);
	if (c->db != NULL && sqlite3_close(c->db) != SQLITE_OK)
		log_msg(LOG_PRIO_ERR, "store: close: %s", sqlite3_errmsg(c->db));
	c->db = NULL;
}

/*
 * The database holds ID numbers, names and password hashes: a new one is
 * created 0600 here, whatever the umask, and SQLite gives its -wal and
 * -shm files the database file's mode. An existing file keeps its mode
 * (the operator's choice), with a warning when every local user can read it.
 */
static int store_create_private(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return 0;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		if (fchmod(fd, 0600) != 0) {
			snprintf(err, errlen, "%s: chmod 0600: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		return close(fd) == 0 ? 0 : -1;
	}
	if (errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (stat(path, &st) == 0 && (st.st_mode & S_IROTH) != 0)
		log_msg(LOG_PRIO_WARNING, "ncre-server: warning: %s is readable by every local user "
			"(chmod 600 it)", path);
	return 0;
}

static int store_conn_open(struct store *s, struct store_conn *c, const char *path,
			   const char *password, char *err, size_t errlen)
{
	static const char *const pragmas[] = {
		"PRAGMA journal_mode=WAL",
		/*
		 * NORMAL: a commit does not sync the WAL itself; the store syncs it
		 * after every commit, before the caller hears of it, outside the
		 * writer lock and shared by the commits written meanwhile
		 * (store_wal_sync): as durable as FULL.
		 */
		"PRAGMA synchronous=NORMAL",
		"PRAGMA foreign_keys=ON",
	};
	sqlite3 *db = NULL;
	int rc;

	c->store = s;
	c->stmts = calloc(STORE_STMT_SLOTS, sizeof(*c->stmts));
	if (c->stmts == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (store_is_postgres(path)) {
		c->kind = DB_POSTGRES;
		c->pg_losses = &s->pg_losses;
		if (store_pg_open(c, path, password, err, errlen) != 0)
			goto fail;
		return 0;
	}
	c->kind = DB_SQLITE;
	rc = sqlite3_open_v2(path, &db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	c->db = db;
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	rc = sqlite3_busy_timeout(c->db, 5000);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: busy_timeout: %s", path, sqlite3_errmsg(c->db));
		goto fail;
	}
	rc = sqlite3_extended_result_codes(c->db, 1);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: extended codes: %s", path, sqlite3_errmsg(c->db));
		goto fail;
	}
	for (size_t i = 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++) {
		if (store_exec(c, pragmas[i], pragmas[i]) != STORE_OK) {
			snprintf(err, errlen, "%s: %s failed: %s", path, pragmas[i],
				 sqlite3_errmsg(c->db));
			goto fail;
		}
	}
	/* Replaces SQLite's automatic checkpoint (the hook does that too). */
	(void)sqlite3_wal_hook(c->db, store_wal_hook, c);
	return 0;
fail:
	store_conn_close(c);
	return -1;
}

/* SQLite's schema: its steps and the table that records them. */
static const struct store_schema store_sqlite_schema = {
	store_migrations, STORE_NMIGRATIONS, NULL,
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY,"
	" applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
};

/* SQLite: a step that edits the schema text (migration 11) does not move
 * the schema cookie by itself: move it, so every connection reloads. */
static enum store_rc store_bump_schema_cookie(struct store_conn *c)
{
	struct db_stmt *st = NULL;
	char bump[64];
	int cookie;
	enum store_rc r;

	if ((r = store_prepare(c, "PRAGMA schema_version", &st)) != STORE_OK)
		return r;
	if (db_step(st) != DB_ROW) {
		store_finish(c, st);
		return STORE_ERROR;
	}
	cookie = db_column_int(st, 0);
	store_finish(c, st);
	snprintf(bump, sizeof(bump), "PRAGMA schema_version = %d", cookie + 1);
	if ((r = store_exec(c, bump, "schema cookie")) != STORE_OK)
		return r;
	return store_exec(c, "PRAGMA integrity_check", "integrity");
}

/*
 * Bring the database's schema to this server's version, in one write
 * transaction, on either database: step i of the schema's list brings it
 * to version i + 1, and schema_migrations records each one.
 */
static int store_migrate(struct store_conn *c, char *err, size_t errlen)
{
	const struct store_schema *schema =
		c->kind == DB_POSTGRES ? store_pg_schema() : &store_sqlite_schema;
	struct db_stmt *st = NULL;
	int version = 0;
	int ret = -1;

	if (store_begin_write(c) != STORE_OK) {
		snprintf(err, errlen, "cannot lock the database for migration: %s", db_errmsg(c));
		return -1;
	}
	if (schema->lock != NULL && store_exec(c, schema->lock, "migration lock") != STORE_OK) {
		snprintf(err, errlen, "cannot lock the database for migration: %s", db_errmsg(c));
		goto out;
	}
	if (store_exec(c, schema->table, "schema_migrations") != STORE_OK) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", db_errmsg(c));
		goto out;
	}
	if (store_prepare(c, "SELECT coalesce(max(version), 0) FROM schema_migrations", &st) != STORE_OK ||
	    db_step(st) != DB_ROW) {
		snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(c));
		goto out;
	}
	version = db_column_int(st, 0);
	store_finish(c, st);
	st = NULL;
	if (version > (int)schema->nsteps) {
		snprintf(err, errlen, "database schema version %d is newer than this server (%zu)",
			 version, schema->nsteps);
		goto out;
	}
	for (size_t i = (size_t)version; i < schema->nsteps; i++) {
		if (store_exec(c, schema->steps[i], "migration") != STORE_OK) {
			snprintf(err, errlen, "migration %zu failed: %s", i + 1, db_errmsg(c));
			goto out;
		}
		if (store_prepare(c, "INSERT INTO schema_migrations(version) VALUES (?)", &st) != STORE_OK ||
		    db_bind_int(st, 1, (int)i + 1) != DB_OK ||
		    store_step_done(c, st, "record migration") != STORE_OK) {
			snprintf(err, errlen, "cannot record migration %zu: %s", i + 1, db_errmsg(c));
			goto out;
		}
		store_finish(c, st);
		st = NULL;
		if (c->kind == DB_SQLITE && strstr(schema->steps[i], "writable_schema") != NULL &&
		    store_bump_schema_cookie(c) != STORE_OK) {
			snprintf(err, errlen, "migration %zu: %s", i + 1, db_errmsg(c));
			goto out;
		}
	}
	if (store_commit(c) != STORE_OK) {
		snprintf(err, errlen, "cannot commit the migration: %s", db_errmsg(c));
		goto out;
	}
	ret = 0;
out:
	store_finish(c, st);
	store_rollback(c);
	return ret;
}

static pthread_once_t store_sqlite_once = PTHREAD_ONCE_INIT;
static int store_sqlite_rc = SQLITE_OK;	/* written once, before any connection */

/*
 * Before SQLite starts: no memory statistics. Keeping them takes one
 * process-wide mutex on every allocation, which all worker threads share
 * (the server reads none of them).
 */
static void store_sqlite_setup(void)
{
	int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

	/* SQLITE_MISUSE: the library started already (another user in this process). */
	if (rc != SQLITE_OK && rc != SQLITE_MISUSE)
		store_sqlite_rc = rc;
	else
		store_sqlite_rc = sqlite3_initialize();
}

int store_open(struct store **out, const char *db, unsigned nconn, char *err, size_t errlen)
{
	*out = NULL;
	if (store_db_has_password(db)) {
		snprintf(err, errlen, "a password in --db is visible to every local user; "
			 "give it in PGPASSFILE or PGPASSWORD (the server: db-password-file)");
		return -1;
	}
	return store_open_with(out, db, NULL, nconn, err, errlen);
}

int store_open_with(struct store **out, const char *path, const char *password, unsigned nconn,
		    char *err, size_t errlen)
{
	struct store *s = NULL;
	bool lock_ok = false, cond_ok = false, writer_ok = false, sync_ok = false, synced_ok = false;

	*out = NULL;
	if (nconn == 0)
		nconn = 1;
	if (sqlite3_threadsafe() == 0) {
		snprintf(err, errlen, "SQLite was built without thread support");
		return -1;
	}
	if (pthread_once(&store_sqlite_once, store_sqlite_setup) != 0 || store_sqlite_rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot initialise SQLite: %s", sqlite3_errstr(store_sqlite_rc));
		return -1;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		goto oom;
	s->conns = calloc(nconn, sizeof(*s->conns));
	if (s->conns == NULL)
		goto oom;
	if (pthread_mutex_init(&s->lock, NULL) != 0)
		goto oom;
	lock_ok = true;
	if (pthread_cond_init(&s->freed, NULL) != 0)
		goto oom;
	cond_ok = true;
	if (pthread_mutex_init(&s->writer, NULL) != 0)
		goto oom;
	writer_ok = true;
	if (pthread_mutex_init(&s->sync, NULL) != 0)
		goto oom;
	sync_ok = true;
	if (pthread_cond_init(&s->synced, NULL) != 0)
		goto oom;
	synced_ok = true;
	if (!store_is_postgres(path) && store_create_private(path, err, errlen) != 0)
		goto fail;
	for (unsigned i = 0; i < nconn; i++) {
		if (store_conn_open(s, &s->conns[i], path, password, err, errlen) != 0)
			goto fail;
		s->nconn = i + 1;
		if (i == 0 && store_migrate(&s->conns[0], err, errlen) != 0)
			goto fail;
	}
	*out = s;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	if (s != NULL) {
		for (unsigned i = 0; i < s->nconn; i++)
			store_conn_close(&s->conns[i]);
		if (synced_ok)
			pthread_cond_destroy(&s->synced);
		if (sync_ok)
			pthread_mutex_destroy(&s->sync);
		if (writer_ok)
			pthread_mutex_destroy(&s->writer);
		if (cond_ok)
			pthread_cond_destroy(&s->freed);
		if (lock_ok)
			pthread_mutex_destroy(&s->lock);
		free(s->conns);
		free(s);
	}
	return -1;
}

void store_close(struct store **sp)
{
	struct store *s = *sp;

	if (s == NULL)
		return;
	for (unsigned i = 0; i < s->nconn; i++) {
		if (s->conns[i].in_use)
			log_msg(LOG_PRIO_WARNING, "store: closing a connection still in use");
		store_conn_close(&s->conns[i]);
	}
	pthread_cond_destroy(&s->synced);
	pthread_mutex_destroy(&s->sync);
	pthread_mutex_destroy(&s->writer);
	pthread_cond_destroy(&s->freed);
	pthread_mutex_destroy(&s->lock);
	free(s->conns);
	free(s);
	*sp = NULL;
}

struct store_conn *store_acquire(struct store *s)
{
	struct store_conn *c = NULL;

	if (pthread_mutex_lock(&s->lock) != 0)
		return NULL;
	for (;;) {
		for (unsigned i = 0; i < s->nconn; i++) {
			if (!s->conns[i].in_use) {
				c = &s->conns[i];
				c->in_use = true;
				break;
			}
		}
		if (c != NULL)
			break;
		if (pthread_cond_wait(&s->freed, &s->lock) != 0)
			break;
	}
	pthread_mutex_unlock(&s->lock);
	return c;
}

void store_release(struct store *s, struct store_conn **cp)
{
	struct store_conn *c = *cp;

	if (c == NULL)
		return;
	/* A statement not given back still reads the database: end it. */
	while (c->nout > 0) {
		log_msg(LOG_PRIO_WARNING, "store: a statement was not finished: %s", c->out[0]->sql);
		store_finish(c, c->out[0]->st);
	}
	store_rollback(c);
	if (pthread_mutex_lock(&s->lock) == 0) {
		c->in_use = false;
		pthread_cond_signal(&s->freed);
		pthread_mutex_unlock(&s->lock);
	}
	*cp = NULL;
}
