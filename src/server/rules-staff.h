/*
 * What a staff account may be called, shared by the staff commands
 * (cmd-staff.c) and the staff login (route-staff.c), and the limits of a
 * staff member's reason.
 */
#ifndef SRV_RULES_STAFF_H
#define SRV_RULES_STAFF_H

#include <stdbool.h>

#include "ncre/errors.h"

/* Characters of a rejection reason (shown to the candidate verbatim, R-AUD-02). */
#define RULES_STAFF_REASON_MAX_CHARS 200
/* Bytes of a staff login, and characters of a staff member's name. */
#define RULES_STAFF_LOGIN_MAX 32
#define RULES_STAFF_NAME_MAX_CHARS 50

/* Trim spaces and lower-case ASCII letters in place. */
void rules_staff_login_normalize(char *login);
/* A normalised login: 2-32 of a-z, 0-9, '.', '_', '-', starting with a letter or digit. */
bool rules_staff_login_valid(const char *login);
/* A staff member's name: 1-50 characters, no control characters. */
bool rules_staff_name_valid(const char *name);
/* A reason: NCRE_OK, or FIELD_REQUIRED / FIELD_TOO_LONG / TEXT_INVALID. */
enum ncre_err rules_staff_reason_check(const char *reason);

#endif
