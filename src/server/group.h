/*
 * Group registration (集体报名): a site registers candidates from a CSV file
 * (csv.h), one registration per data row, each row checked with the same
 * rules as a candidate's own registration (the ID, R-REG-02; one
 * registration per ID, R-REG-05; the form, R-REG-03; the site's window,
 * subjects, 科目上限 and capacities, R-REG-07..R-REG-11: the plan of
 * route-registration-info.c) and written in its own transaction: a row is
 * registered whole or not at all. The registrations have method "group"
 * and no passport account until the candidate claims theirs (PUT
 * /v1/registration/identity with the same ID and the row's claim code).
 *
 * Used by "ncre-server import-group" (cmd-import-group.c) and staff mode
 * (POST /v1/staff/group-registrations, route-staff-group.c).
 */
#ifndef SRV_GROUP_H
#define SRV_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ncre/form.h"

#include "store.h"

/*
 * Import csv for the site with this code of the current exam session, as
 * of now, on connection c (outside any transaction), for by (a staff login
 * or "office"). Returns 0 with *report {"site","accepted","refused",
 * "rows":[...]} (owned by the caller; an accepted row has its
 * "claim_code"), or -1 with err when the file itself is unusable (not
 * UTF-8, malformed CSV, unknown or missing columns, no such site): nothing
 * is registered then. Store faults end the import: -1, rows before stay.
 */
int group_import(struct store_conn *c, const struct ncre_form *form, const char *site,
		 const char *by, const char *csv, size_t len, time_t now, cJSON **report, char *err,
		 size_t errlen);

/*
 * Claim codes. A site hands each candidate of a group registration the
 * registration's claim code; the candidate gives it with their ID number
 * (PUT /v1/registration/identity "claim_code") to make the registration
 * theirs. 12 random digits, shown as "1234-5678-9012"; the store keeps a
 * BLAKE2b hash keyed with a random salt of its own, never the code.
 */
#define GROUP_CLAIM_DIGITS 12
#define GROUP_CLAIM_TEXT_LEN (GROUP_CLAIM_DIGITS + GROUP_CLAIM_DIGITS / 4)	/* with NUL */

/*
 * A new code for registration reg, valid until expires (the site's window
 * closes), issued by (a staff login or "office"), stored on c inside the
 * caller's transaction; the code as shown into text (GROUP_CLAIM_TEXT_LEN).
 */
enum store_rc group_claim_issue(struct store_conn *c, int64_t reg, time_t now, time_t expires,
				const char *by, char text[GROUP_CLAIM_TEXT_LEN]);
/* A code as typed (spaces and '-' dropped) into digits (GROUP_CLAIM_DIGITS + 1): 0, or -1. */
int group_claim_read(const char *in, char *digits);
/* Whether digits is the code stored as cl (constant time). */
bool group_claim_matches(const struct store_claim *cl, const char *digits);

#endif
