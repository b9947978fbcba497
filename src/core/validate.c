/*
 * Field validators (docs/protocol.md, "ID types"; spec rules R-ACC-01,
 * R-ACC-02, R-REG-02, R-REG-03). Each returns the error for the first
 * problem found, so kiosk and server explain a failure the same way.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ncre/errors.h"
#include "ncre/text.h"
#include "ncre/validate.h"

struct id_type_row {
	const char *code, *zh, *en;
};

static const struct id_type_row id_types[NCRE_ID_TYPE_COUNT] = {
	[NCRE_ID_RESIDENT] = { "resident_id", "居民身份证", NCRE_MSGID("Resident ID card") },
	[NCRE_ID_RESIDENCE_PERMIT] = { "residence_permit", "港澳台居民居住证",
				       NCRE_MSGID("Residence permit for HK/Macao/Taiwan residents") },
	[NCRE_ID_HKMO_PERMIT] = { "hkmo_permit", "港澳居民来往内地通行证",
				  NCRE_MSGID("Mainland travel permit for HK/Macao residents") },
	[NCRE_ID_TW_PERMIT] = { "tw_permit", "台湾居民来往大陆通行证",
				NCRE_MSGID("Mainland travel permit for Taiwan residents") },
	[NCRE_ID_PASSPORT] = { "passport", "护照", NCRE_MSGID("Passport") },
};

/* Locale-independent ASCII classes: validators must not change with LC_CTYPE. */
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
static bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

const char *ncre_id_type_code(enum ncre_id_type t)
{
	if ((int)t < 0 || t >= NCRE_ID_TYPE_COUNT)
		return NULL;
	return id_types[t].code;
}

const char *ncre_id_type_label(enum ncre_id_type t, const char *lang)
{
	if ((int)t < 0 || t >= NCRE_ID_TYPE_COUNT)
		return NULL;
	if (lang != NULL && strcmp(lang, "en") == 0)
		return id_types[t].en;
	return id_types[t].zh;
}

int ncre_id_type_from_code(const char *code, enum ncre_id_type *out)
{
	if (code == NULL)
		return -1;
	for (int i = 0; i < NCRE_ID_TYPE_COUNT; i++) {
		if (strcmp(id_types[i].code, code) == 0) {
			if (out != NULL)
				*out = (enum ncre_id_type)i;
			return 0;
		}
	}
	return -1;
}

char ncre_id_check_char(const char *first17)
{
	/* GB 11643-1999, ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11. */
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char map[] = "10X98765432";
	int sum = 0;

	if (first17 == NULL)
		return '\0';
	for (int i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return '\0';	/* also stops at an early NUL */
		sum += (first17[i] - '0') * weight[i];
	}
	return map[sum % 11];
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* 居民身份证 and 港澳台居民居住证: both carry the 18-character GB 11643 layout. */
static enum ncre_err validate_gb11643(const char *number, bool permit, int today_ymd,
				      struct ncre_id_facts *facts)
{
	char check;
	int y, m, d;

	if (strlen(number) != 18 || !all_digits(number, 17))
		return NCRE_E_ID_FORMAT;
	check = number[17];
	if (check == 'x')
		check = 'X';
	if (!is_digit(check) && check != 'X')
		return NCRE_E_ID_FORMAT;
	if (number[0] == '0')
		return NCRE_E_ID_FORMAT;	/* no region code starts with 0 */
	if (permit && strncmp(number, "810000", 6) != 0 && strncmp(number, "820000", 6) != 0 &&
	    strncmp(number, "830000", 6) != 0)
		return NCRE_E_ID_FORMAT;
	if (ncre_id_check_char(number) != check)
		return NCRE_E_ID_CHECKSUM;

	y = digits_value(number + 6, 4);
	m = digits_value(number + 10, 2);
	d = digits_value(number + 12, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return NCRE_E_ID_BIRTHDATE;
	if (today_ymd != 0 && y * 10000 + m * 100 + d > today_ymd)
		return NCRE_E_ID_BIRTHDATE;

	if (facts != NULL) {
		facts->year = y;
		facts->month = m;
		facts->day = d;
		facts->sex = ((number[16] - '0') % 2 == 1) ? 'M' : 'F';
	}
	return NCRE_OK;
}

enum ncre_err ncre_validate_id(enum ncre_id_type t, const char *number,
			       int today_ymd, struct ncre_id_facts *facts)
{
	size_t len;

	if (facts != NULL)
		memset(facts, 0, sizeof(*facts));
	if ((int)t < 0 || t >= NCRE_ID_TYPE_COUNT)
		return NCRE_E_ID_TYPE_INVALID;
	if (number == NULL)
		return NCRE_E_ID_FORMAT;
	len = strlen(number);

	switch (t) {
	case NCRE_ID_RESIDENT:
		return validate_gb11643(number, false, today_ymd, facts);
	case NCRE_ID_RESIDENCE_PERMIT:
		return validate_gb11643(number, true, today_ymd, facts);
	case NCRE_ID_HKMO_PERMIT:
		if ((len != 9 && len != 11) || (number[0] != 'H' && number[0] != 'M') ||
		    !all_digits(number + 1, len - 1))
			return NCRE_E_ID_FORMAT;
		return NCRE_OK;
	case NCRE_ID_TW_PERMIT:
		if ((len != 8 && len != 10) || !all_digits(number, len))
			return NCRE_E_ID_FORMAT;
		return NCRE_OK;
	case NCRE_ID_PASSPORT:
		if (len < 5 || len > 20)
			return NCRE_E_ID_FORMAT;
		for (size_t i = 0; i < len; i++)
			if (!is_alnum(number[i]))
				return NCRE_E_ID_FORMAT;
		return NCRE_OK;
	case NCRE_ID_TYPE_COUNT:
		break;
	}
	return NCRE_E_ID_TYPE_INVALID;
}

void ncre_id_normalize(char *number)
{
	size_t o = 0;

	if (number == NULL)
		return;
	/* People group the digits ("110105 19900101 001X"): every space goes. */
	for (size_t i = 0; number[i] != '\0'; i++) {
		if (is_space(number[i]))
			continue;
		number[o++] = is_lower(number[i]) ? (char)(number[i] - 'a' + 'A') : number[i];
	}
	number[o] = '\0';
}

enum ncre_err ncre_validate_phone(const char *phone)
{
	if (phone == NULL || strlen(phone) != 11 || !all_digits(phone, 11) ||
	    phone[0] != '1' || phone[1] < '3')
		return NCRE_E_PHONE_INVALID;
	return NCRE_OK;
}

static bool is_local_char(char c)
{
	return c != '\0' && (is_alnum(c) || strchr(".!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static bool valid_domain(const char *d)
{
	const char *label = d, *last = NULL;
	size_t dots = 0;

	for (const char *p = d;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t n = (size_t)(p - label);

			if (n < 1 || n > 63 || label[0] == '-' || label[n - 1] == '-')
				return false;
			last = label;
			if (*p == '\0')
				break;
			dots++;
			label = p + 1;
		} else if (!is_alnum(*p) && *p != '-') {
			return false;
		}
	}
	if (dots == 0)
		return false;
	/* The top-level label: letters only, at least two. */
	if (strlen(last) < 2)
		return false;
	for (const char *p = last; *p != '\0'; p++)
		if (!is_alpha(*p))
			return false;
	return true;
}

enum ncre_err ncre_validate_email(const char *email)
{
	const char *at;
	size_t local_len;

	if (email == NULL || strlen(email) > 254)
		return NCRE_E_EMAIL_INVALID;
	at = strchr(email, '@');
	if (at == NULL || strchr(at + 1, '@') != NULL)
		return NCRE_E_EMAIL_INVALID;
	local_len = (size_t)(at - email);
	if (local_len < 1 || local_len > 64 || email[0] == '.' || at[-1] == '.')
		return NCRE_E_EMAIL_INVALID;
	for (size_t i = 0; i < local_len; i++) {
		if (!is_local_char(email[i]))
			return NCRE_E_EMAIL_INVALID;
		if (email[i] == '.' && email[i + 1] == '.')
			return NCRE_E_EMAIL_INVALID;
	}
	if (!valid_domain(at + 1))
		return NCRE_E_EMAIL_INVALID;
	return NCRE_OK;
}

static bool is_pw_special(char c)
{
	return c != '\0' && strchr("!@#%&*'_-", c) != NULL;
}

enum ncre_err ncre_validate_password(const char *password)
{
	bool letter = false, digit = false, special = false;
	size_t chars;

	if (password == NULL)
		return NCRE_E_PASSWORD_LENGTH;
	chars = ncre_utf8_chars(password);
	if (chars < 8 || chars > 18)
		return NCRE_E_PASSWORD_LENGTH;
	for (const char *p = password; *p != '\0'; p++) {
		if (is_alpha(*p))
			letter = true;
		else if (is_digit(*p))
			digit = true;
		else if (is_pw_special(*p))
			special = true;
		else
			return NCRE_E_PASSWORD_CHARS;
	}
	if (!letter || !digit || !special)
		return NCRE_E_PASSWORD_CLASSES;
	return NCRE_OK;
}

enum ncre_err ncre_validate_password_pair(const char *password, const char *again)
{
	enum ncre_err e = ncre_validate_password(password);

	if (e != NCRE_OK)
		return e;
	if (again == NULL || strcmp(password, again) != 0)
		return NCRE_E_PASSWORD_MISMATCH;
	return NCRE_OK;
}

enum ncre_err ncre_validate_postal(const char *code)
{
	if (code == NULL || strlen(code) != 6 || !all_digits(code, 6))
		return NCRE_E_POSTAL_INVALID;
	return NCRE_OK;
}

enum ncre_err ncre_validate_name(const char *name)
{
	size_t n, used, chars = 0;
	unsigned int wc;
	bool visible = false;

	if (name == NULL || !ncre_utf8_is_clean(name))
		return NCRE_E_NAME_INVALID;
	n = strlen(name);
	while ((used = ncre_utf8_next(name, n, &wc)) > 0) {
		if (!ncre_unicode_is_space(wc))
			visible = true;
		chars++;
		name += used;
		n -= used;
	}
	if (chars < 1 || chars > 50 || !visible)
		return NCRE_E_NAME_INVALID;
	return NCRE_OK;
}

bool ncre_utf8_is_clean(const char *s)
{
	size_t n, used;
	unsigned int wc;

	if (s == NULL)
		return false;
	n = strlen(s);
	while ((used = ncre_utf8_next(s, n, &wc)) > 0) {
		/* A broken byte decodes as U+FFFD in one byte; a real U+FFFD takes three. */
		if (wc == 0xFFFDu && used == 1)
			return false;
		if (wc < 0x20 || (wc >= 0x7F && wc <= 0x9F))
			return false;
		s += used;
		n -= used;
	}
	return true;
}

void ncre_id_mask(const char *number, char *out, size_t len)
{
	size_t n = strlen(number), head, tail, i;

	if (len == 0)
		return;
	if (n >= 15) {
		head = 6;
		tail = 4;
	} else if (n >= 8) {
		head = 2;
		tail = 2;
	} else {
		head = 0;
		tail = n > 0 ? 1 : 0;
	}
	for (i = 0; i < n && i + 1 < len; i++)
		out[i] = i < head || i >= n - tail ? number[i] : '*';
	out[i] = '\0';
}
