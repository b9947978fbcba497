/*
 * gettext set-up and the live language switch.
 *
 * With LANG=C.UTF-8 (the usual kiosk environment) gettext still honours
 * LANGUAGE, so the language is chosen through LANGUAGE; textdomain() is
 * called again after each change because it bumps glibc's catalogue
 * counter, which drops translations cached for the previous language.
 */
#include <langinfo.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "libdir.h"
#include "ncre-paths.h"

#define DOMAIN "ncre-kiosk"

/* The language gettext looks up in now (LANGUAGE); i18n_set() sets it. */
static enum lang current = LANG_ZH;

static int utf8_codeset(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

/* The installed NCRE_LOCALEDIR; a development build (DEVPATHS=1) first
 * tries "<dir of /proc/self/exe>/locale" (a build folder). */
static void locale_dir(char *out, size_t outsz)
{
	if (libdir_dev("locale", out, outsz) == 0)
		return;
	snprintf(out, outsz, "%s", NCRE_LOCALEDIR);
}

int i18n_init(enum lang lang)
{
	char dir[PATH_MAX + 16];
	int rc = 0;

	if (setlocale(LC_ALL, "") == NULL || !utf8_codeset()) {
		if (setlocale(LC_ALL, "C.UTF-8") == NULL || !utf8_codeset())
			rc = -1;
	}
	locale_dir(dir, sizeof(dir));
	if (bindtextdomain(DOMAIN, dir) == NULL ||
	    bind_textdomain_codeset(DOMAIN, "UTF-8") == NULL)
		rc = -1;
	i18n_set(lang);
	return rc;
}

void i18n_set(enum lang lang)
{
	if (setenv("LANGUAGE", lang == LANG_EN ? "en" : "zh_CN", 1) != 0)
		return;
	current = lang;
	(void)textdomain(DOMAIN);
}

bool i18n_catalogue_found(void)
{
	enum lang was = current;
	const char *empty = "", *header;

	if (was != LANG_ZH)
		i18n_set(LANG_ZH);
	header = gettext(empty);	/* the catalogue's header entry, or "" */
	if (was != LANG_ZH)
		i18n_set(was);
	return header != NULL && header[0] != '\0';
}

const char *i18n_text(enum lang lang, const char *msgid)
{
	const char *t;

	if (msgid == NULL)
		return "";
	if (lang == LANG_EN)
		return msgid;
	if (current == LANG_ZH)
		return gettext(msgid);
	/* The catalogue stays mapped: the translation outlives the switch back. */
	i18n_set(LANG_ZH);
	t = gettext(msgid);
	i18n_set(LANG_EN);
	return t;
}

const char *i18n_ntext(enum lang lang, const char *msgid, const char *plural, unsigned long n)
{
	const char *t;

	if (lang == LANG_EN)
		return n == 1 ? msgid : plural;
	if (current == LANG_ZH)
		return ngettext(msgid, plural, n);
	i18n_set(LANG_ZH);
	t = ngettext(msgid, plural, n);
	i18n_set(LANG_EN);
	return t;
}

const char *i18n_err(enum lang lang, enum ncre_err err)
{
	return i18n_text(lang, ncre_err_info(err)->en);
}

const char *i18n_id_type(enum lang lang, enum ncre_id_type t)
{
	const char *en = ncre_id_type_label(t, "en");

	return en != NULL ? i18n_text(lang, en) : NULL;
}

const char *i18n_code(enum lang lang)
{
	return lang == LANG_EN ? "en" : "zh";
}

int i18n_parse(const char *s, enum lang *out)
{
	if (s == NULL)
		return -1;
	if (strcasecmp(s, "zh") == 0 || strcasecmp(s, "zh_CN") == 0 || strcasecmp(s, "cn") == 0 ||
	    strcasecmp(s, "chinese") == 0) {
		*out = LANG_ZH;
		return 0;
	}
	if (strcasecmp(s, "en") == 0 || strcasecmp(s, "english") == 0) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

const char *i18n_pick(enum lang lang, const char *zh, const char *en)
{
	const char *first = lang == LANG_EN ? en : zh, *second = lang == LANG_EN ? zh : en;

	if (first != NULL && first[0] != '\0')
		return first;
	if (second != NULL)
		return second;
	return "";
}
