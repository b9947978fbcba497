/*
 * Drawing helpers shared by every screen: colours named by role (with a
 * monochrome fallback), text put and cut by columns, and the message type
 * that re-renders itself in the current language.
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "ncre/errors.h"
#include "i18n.h"

struct field;

struct rect {
	int y, x, h, w;
};

enum ui_role {
	ROLE_NORMAL = 0,
	ROLE_TITLE,              /* title bar */
	ROLE_HINT,               /* key-hint bar */
	ROLE_HINT_KEY,           /* the key names inside it */
	ROLE_STATUS,             /* status line: spinner, progress */
	ROLE_HEADING,            /* screen heading */
	ROLE_LABEL,              /* field labels */
	ROLE_FIELD,              /* an input box */
	ROLE_FIELD_FOCUS,        /* the input box being edited */
	ROLE_ERROR,              /* inline messages and failures */
	ROLE_OK,
	ROLE_BUTTON,
	ROLE_BUTTON_FOCUS,
	ROLE_STEP_DONE,          /* flow step 已完成 */
	ROLE_STEP_TODO,          /* flow step 未完成 */
	ROLE_STEP_OTHER,         /* 不可打印, no state ... */
	ROLE_NOTICE,             /* notices on the status page */
	ROLE_DIALOG,
	ROLE_DIALOG_TITLE,
	ROLE_STAFF_BAR,          /* title bar in staff mode: never the candidate's */
	ROLE_COUNT
};

/* Presentation state: colours, the language of the moment, and where the
 * terminal cursor goes after this frame (set by the focused text field). */
struct ui {
	bool color;
	enum lang lang;
	struct {
		bool on;
		int y, x;
	} cursor;
	/* The focused field that takes the input method, set when painted
	 * (as the cursor is); NULL when none. Only valid until the screens
	 * change: the app clears it whenever they do. */
	struct field *ime_field;
};

/* Set up colour pairs when the terminal has colours. */
void ui_init(struct ui *ui);
attr_t ui_attr(const struct ui *ui, enum ui_role role);

/* Put s at (y, x) using at most maxcols columns (cut at a character
 * boundary, never in the middle of a wide one). Returns columns used. */
int ui_put(WINDOW *w, int y, int x, int maxcols, const char *s, attr_t a);
/* Put s centred in [x, x + cols). */
/* s padded with spaces to cols terminal columns (wide characters count
 * two), into out: columns of names line up. */
void ui_pad(char *out, size_t n, const char *s, int cols);
/* As ui_put, but a text too wide ends in "…" where it is cut, so that
 * nothing is shortened silently. */
int ui_put_short(WINDOW *w, int y, int x, int maxcols, const char *s, attr_t a);
int ui_put_center(WINDOW *w, int y, int x, int cols, const char *s, attr_t a);
/* cols spaces. */
void ui_fill(WINDOW *w, int y, int x, int cols, attr_t a);
/* Frame with ASCII corners and lines (box-drawing characters are East
 * Asian "ambiguous" and break layouts on wide-ambiguous terminals). */
void ui_frame(WINDOW *w, const struct rect *r, attr_t a);

/*
 * A message kept in a form that can be drawn in either language: a msgid
 * (translated when drawn), an error of the shared table (its English text
 * is the msgid), or a zh/en pair: the server's own words for codes the
 * kiosk does not know, or a msgid with arguments rendered in both
 * languages when made (ui_msg_printf).
 */
enum ui_msg_kind { MSG_NONE = 0, MSG_TEXT, MSG_ERR, MSG_PAIR };

struct ui_msg {
	enum ui_msg_kind kind;
	const char *msgid;           /* MSG_TEXT */
	enum ncre_err err;           /* MSG_ERR */
	char zh[256], en[256];       /* MSG_PAIR */
	long wait;                   /* >= 0: "please wait N seconds" is added */
	char detail[256];            /* shown in parentheses (libcurl's words) */
	bool server;                 /* the server's verdict, not a local check */
};

void ui_msg_clear(struct ui_msg *m);
void ui_msg_text(struct ui_msg *m, const char *msgid);
void ui_msg_err(struct ui_msg *m, enum ncre_err err);
/* A MSG_PAIR of the format msgid with args, in Chinese (the catalogue's
 * translation) and English (the msgid). Only %s, %d, %ld, %lld and the
 * like: msgfmt -c checks the translation takes the same arguments. */
void ui_msg_printf(struct ui_msg *m, const char *msgid, ...) __attribute__((format(printf, 2, 3)));
bool ui_msg_empty(const struct ui_msg *m);
/* Render in lang into buf; returns buf. */
const char *ui_msg_render(const struct ui_msg *m, enum lang lang, char *buf, size_t bufsz);

#endif
