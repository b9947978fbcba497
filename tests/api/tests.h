/* The API test groups, one per file, run by main.c by suite name. */
#ifndef TEST_API_TESTS_H
#define TEST_API_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

struct api_suite {
	const char *name;
	const struct CMUnitTest *tests;
	size_t count;
};

/* Each file exports its tests; the server each expects is set by run.sh. */
extern const struct api_suite api_suite_protocol;	/* main server */
extern const struct api_suite api_suite_catalogue;	/* main server */
extern const struct api_suite api_suite_accounts;	/* main server */
extern const struct api_suite api_suite_sessions;	/* main server */
extern const struct api_suite api_suite_registration;	/* main server */
extern const struct api_suite api_suite_expiry;		/* --session-ttl 3 */
extern const struct api_suite api_suite_ratelimit;	/* small limits */
extern const struct api_suite api_suite_busy;		/* one slow hash slot */
extern const struct api_suite api_suite_window;		/* closed-window.json, --now */
extern const struct api_suite api_suite_info;		/* main server */
extern const struct api_suite api_suite_photo;		/* main server */
extern const struct api_suite api_suite_race;		/* small-site.json, --now */
extern const struct api_suite api_suite_sweep;		/* small-site.json, --now */
extern const struct api_suite api_suite_audit;		/* main server */
extern const struct api_suite api_suite_office;		/* main server, its database */
extern const struct api_suite api_suite_group;
extern const struct api_suite api_suite_claim;		/* --claim-limit 3 --claim-ip-limit 5 */
extern const struct api_suite api_suite_pay;		/* --payment-sandbox 1 */
extern const struct api_suite api_suite_payexpiry;	/* sandbox, --order-ttl 2 */
extern const struct api_suite api_suite_intent;		/* sandbox, intent-site.json, --now */
extern const struct api_suite api_suite_ticket;		/* sandbox, ticket-site.json, --now */
extern const struct api_suite api_suite_recovery;	/* SMTP relay, SMS sandbox */
extern const struct api_suite api_suite_recoveryttl;	/* SMS sandbox, --recovery-ttl 2 */
extern const struct api_suite api_suite_recoverytls;	/* SMTP relay without its CA, SMS sandbox */
extern const struct api_suite api_suite_earlier;	/* sandbox; imports the next session */
extern const struct api_suite api_suite_hostile;	/* --request-timeout 3 */

/* Several instances behind haproxy (tests/multi/run.sh). */
extern const struct api_suite api_suite_multirace;	/* small-site.json */
extern const struct api_suite api_suite_multiorder;	/* small-site.json */
extern const struct api_suite api_suite_multiintent;	/* intent-site.json, sandbox */
extern const struct api_suite api_suite_multiintentorder;	/* intent-site.json, sandbox */
extern const struct api_suite api_suite_multisweep;	/* small-site.json */
extern const struct api_suite api_suite_multilimit;	/* --login-ip-limit 3 */
extern const struct api_suite api_suite_multikill;	/* NCRE_KILL_PID */
extern const struct api_suite api_suite_multidb;	/* NCRE_DB_RESTART */

#endif
