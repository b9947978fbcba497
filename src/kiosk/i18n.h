/*
 * Translation: gettext with English msgids and the zh_CN catalogue
 * (po/zh_CN.po). Chinese is the default; the language can change at any
 * moment (F2 / Ctrl-T) and every string is looked up again when painted.
 */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <libintl.h>
#include <stdbool.h>

#include "ncre/errors.h"
#include "ncre/validate.h"

#define _(s) gettext(s)
#define N_(s) (s)

enum lang { LANG_ZH = 0, LANG_EN };

/* setlocale, pick a UTF-8 codeset, bind the "ncre-kiosk" domain to the
 * installed NCRE_LOCALEDIR (a development build: the locale folder beside
 * the executable first) and select lang.
 * Returns 0, or -1 when no UTF-8 locale could be set (CJK widths then
 * cannot be measured; the caller warns). */
int i18n_init(enum lang lang);
/* True when the Chinese catalogue was found (its header translates). A
 * kiosk without it would show its own words in English and the server's
 * in Chinese: main() then starts in English and says why. */
bool i18n_catalogue_found(void);
/* Switch the language of gettext lookups from now on. */
void i18n_set(enum lang lang);
/* "zh" or "en", as ncre_err_message and the server's message_zh and message_en use. */
const char *i18n_code(enum lang lang);
/* Parse "zh"/"en" (also "zh_CN", "cn", "english"); 0 or -1. */
int i18n_parse(const char *s, enum lang *out);
/* The variant for lang, falling back to the other one, then to "". Only
 * for pairs that are data (the server's replies, forms/): the kiosk's own
 * words are msgids. */
const char *i18n_pick(enum lang lang, const char *zh, const char *en);

/* msgid in lang whatever the current language: the msgid itself in English
 * (the msgids are English), the catalogue's translation in Chinese. For
 * text made once that must exist in both languages (struct ui_msg pairs,
 * zh/en labels of a form). Never NULL. */
const char *i18n_text(enum lang lang, const char *msgid) __attribute__((format_arg(2)));
/* ngettext in lang: singular or plural for n in English; the catalogue's
 * form (Chinese has one) in Chinese. */
const char *i18n_ntext(enum lang lang, const char *msgid, const char *plural,
		       unsigned long n) __attribute__((format_arg(2), format_arg(3)));
/* The message of an error of the shared table (include/ncre/errors.h) in
 * lang: its English text is the msgid; the catalogue gives the Chinese,
 * which tests/unit/test_i18n.c holds equal to the table's (the server's). */
const char *i18n_err(enum lang lang, enum ncre_err err);
/* The label of an ID document type in lang (English msgid, as i18n_err). */
const char *i18n_id_type(enum lang lang, enum ncre_id_type t);

#endif
