/*
 * Translation: gettext with English msgids and the zh_CN catalogue
 * (po/zh_CN.po). Chinese is the default; the language can change at any
 * moment (F2 / Ctrl-T) and every string is looked up again when painted.
 */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum lang { LANG_ZH = 0, LANG_EN };

/* setlocale, pick a UTF-8 codeset, bind the "ncre-kiosk" domain to the
 * installed NCRE_LOCALEDIR (a development build: the locale folder beside
 * the executable first) and select lang.
 * Returns 0, or -1 when no UTF-8 locale could be set (CJK widths then
 * cannot be measured; the caller warns). */
int i18n_init(enum lang lang);
/* Switch the language of gettext lookups from now on. */
void i18n_set(enum lang lang);
/* "zh" or "en", as ncre_err_message and the server's message_zh and message_en use. */
const char *i18n_code(enum lang lang);
/* Parse "zh"/"en" (also "zh_CN", "cn", "english"); 0 or -1. */
int i18n_parse(const char *s, enum lang *out);
/* The variant for lang, falling back to the other one, then to "". */
const char *i18n_pick(enum lang lang, const char *zh, const char *en);

#endif
