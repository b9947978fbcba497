/* Staff logins, names and reasons (rules-staff.h). */
#include <string.h>

#include "ncre/text.h"
#include "ncre/validate.h"

#include "rules-staff.h"

void rules_staff_login_normalize(char *login)
{
	size_t start = 0, len;

	while (login[start] == ' ' || login[start] == '\t')
		start++;
	len = strlen(login + start);
	while (len > 0 && (login[start + len - 1] == ' ' || login[start + len - 1] == '\t'))
		len--;
	memmove(login, login + start, len);
	login[len] = '\0';
	for (char *p = login; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

bool rules_staff_login_valid(const char *login)
{
	size_t n = strlen(login);

	if (n < 2 || n > RULES_STAFF_LOGIN_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return false;
	}
	return true;
}

bool rules_staff_name_valid(const char *name)
{
	size_t n = ncre_utf8_chars(name);

	return n >= 1 && n <= RULES_STAFF_NAME_MAX_CHARS && ncre_utf8_is_clean(name);
}

enum ncre_err rules_staff_reason_check(const char *reason)
{
	const char *p = reason;

	if (reason == NULL)
		return NCRE_E_FIELD_REQUIRED;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return NCRE_E_FIELD_REQUIRED;
	if (ncre_utf8_chars(reason) > RULES_STAFF_REASON_MAX_CHARS)
		return NCRE_E_FIELD_TOO_LONG;
	if (!ncre_utf8_is_clean(reason))
		return NCRE_E_TEXT_INVALID;
	return NCRE_OK;
}
