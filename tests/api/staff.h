/*
 * Helpers for the audit and staff tests: run ncre-server's office commands
 * on the test server's database (NCRE_SERVER_BIN, NCRE_TMP), create and log
 * in staff, give a candidate a photo, and take a candidate up to submitted.
 */
#ifndef TEST_STAFF_H
#define TEST_STAFF_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"

#define STAFF_PASSWORD "Staff#2027x"

/*
 * Run "ncre-server ARGS" (ARGS already shell-quoted, "%s" in it is the
 * server's database) with input on stdin (NULL: none); stdout and stderr
 * go to out. Returns the exit status.
 */
int staff_cmd(const char *args, const char *input, char *out, size_t outlen);
/* A new staff account at site (asserting success); login receives its name. */
void staff_new(const char *site, char *login, size_t len);
/* Log a staff member in (asserting 201); token receives the token. */
void staff_login(const char *login, const char *password, char *token, size_t len);
/* A new staff member at site, logged in. */
void staff_new_session(const char *site, char *token, size_t len);

/* Upload a valid photo (asserting 200). */
void staff_give_photo(const char *candidate);
/*
 * Pay the subjects (a JSON array, e.g. "[\"14\"]") of token's registration
 * through the sandbox platform, as a phone would pay the pay URL.
 */
void staff_candidate_pay(const char *token, const char *subjects);
/*
 * A candidate at site with the subjects (JSON array text), personal
 * information and a photo; submitted for audit when submit (asserting 200).
 */
void staff_candidate(const char *site, const char *subjects, bool submit, char *token,
		     size_t len, char *id, size_t idlen);
/* The registration id of a candidate of the staff member's site (staff look-up). */
long staff_reg_id(const char *staff_token, const char *id_number);
/* The id of the queue entry whose masked number ends like id_number's; 0 when absent. */
long staff_queue_find(const char *staff_token, const char *id_number);

/*
 * Whether "ncre-server log --site site" has a line with this action and
 * registration (0: none, "-"; negative: any) whose detail contains detail
 * (NULL: any).
 */
bool staff_log_has(const char *site, const char *action, long reg, const char *detail);

#endif
