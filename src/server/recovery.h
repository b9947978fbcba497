/* Password recovery codes (R-ACC-01), shared by route-recovery.c and the desk route. */
#ifndef SRV_RECOVERY_H
#define SRV_RECOVERY_H

#include <stddef.h>

/* Digits of a code sent by e-mail or SMS, and of one issued at a site's desk. */
#define RECOVERY_MESSAGE_DIGITS 6
#define RECOVERY_DESK_DIGITS 8

/* A new random code of digits digits into code (digits + 1 bytes). */
void recovery_code_new(char *code, size_t digits);

#endif
