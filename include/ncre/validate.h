/*
 * Field validators shared by the kiosk (instant feedback) and the server
 * (the authority). Each returns NCRE_OK or the error that explains the
 * first problem found. Inputs are NUL-terminated UTF-8.
 */
#ifndef NCRE_VALIDATE_H
#define NCRE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include "ncre/errors.h"

/* R-REG-02: the five ID document types. */
enum ncre_id_type {
	NCRE_ID_RESIDENT = 0,      /* 居民身份证 */
	NCRE_ID_RESIDENCE_PERMIT,  /* 港澳台居民居住证 */
	NCRE_ID_HKMO_PERMIT,       /* 港澳居民来往内地通行证 */
	NCRE_ID_TW_PERMIT,         /* 台湾居民来往大陆通行证 */
	NCRE_ID_PASSPORT,          /* 护照 */
	NCRE_ID_TYPE_COUNT
};

/* Wire code of an ID type ("resident_id", ...); NULL when out of range. */
const char *ncre_id_type_code(enum ncre_id_type t);
/* Label in the given language ("en" or anything else for Chinese). */
const char *ncre_id_type_label(enum ncre_id_type t, const char *lang);
/* Parse a wire code; returns 0 and sets *out, or -1. */
int ncre_id_type_from_code(const char *code, enum ncre_id_type *out);

/* Birth date and sex carried by an 18-character ID number. */
struct ncre_id_facts {
	int year, month, day;
	char sex;                   /* 'M' or 'F' */
};

/*
 * Validate an ID number of the given type. For 居民身份证 and 港澳台居民居住证:
 * 18 characters, GB 11643 check digit (X upper or lower case accepted), a
 * real birth date not after today_ymd (YYYYMMDD as an int, e.g. 20261124;
 * 0 means "do not compare with today"). facts may be NULL.
 */
enum ncre_err ncre_validate_id(enum ncre_id_type t, const char *number,
			       int today_ymd, struct ncre_id_facts *facts);

/* GB 11643 check character for the first 17 digits; '\0' if not digits. */
char ncre_id_check_char(const char *first17);

/* Normalise an ID number in place: removes every space (also inside), upper-cases letters. */
void ncre_id_normalize(char *number);

/* Mainland China mobile number: 11 digits starting 1[3-9]. */
enum ncre_err ncre_validate_phone(const char *phone);

/* E-mail address: local@domain with a dotted domain, at most 254 bytes. */
enum ncre_err ncre_validate_email(const char *email);

/*
 * R-ACC-02: 8-18 characters, at least one letter, one digit and one of
 * ! @ # % & * ' _ - ; no other characters.
 */
enum ncre_err ncre_validate_password(const char *password);

/* R-ACC-02: both entries must match (validates the first, then compares). */
enum ncre_err ncre_validate_password_pair(const char *password, const char *again);

/* 6-digit postal code. */
enum ncre_err ncre_validate_postal(const char *code);

/* A person's name: 1-50 characters, no control characters. */
enum ncre_err ncre_validate_name(const char *name);

/* True when s is valid UTF-8 without control characters (tab excluded too). */
bool ncre_utf8_is_clean(const char *s);

/*
 * An ID number with its middle hidden, for lists where the whole number is
 * not needed: 18 characters keep the first 6 and the last 4
 * ("110105********002X"); 8 to 17 keep 2 and 2; shorter ones keep the last
 * character only. out must hold strlen(number) + 1 bytes (else it is cut).
 */
void ncre_id_mask(const char *number, char *out, size_t len);

#endif
