/*
 * The line editor behind every text field: a UTF-8 buffer edited at
 * character boundaries, measured in terminal columns (wcwidth), with
 * horizontal scrolling by columns. No curses here, so the unit tests can
 * drive it directly (tests/unit/test_field.c); widget-field.c draws it.
 *
 * The cursor sits between "clusters": a character of non-zero width and
 * the zero-width characters (combining marks) that follow it. So the
 * cursor never lands between a letter and its accent, and Backspace
 * removes what the candidate sees as one character.
 *
 * Needs a UTF-8 LC_CTYPE (setlocale) for wcwidth to know CJK widths.
 */
#ifndef KIOSK_FIELD_H
#define KIOSK_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "ime.h"

#define FIELD_MAX_BYTES 256

/* Whether and how the field's input method starts (forms/: "input"). */
enum field_input {
	FIELD_INPUT_NONE = 0,        /* never composes: passwords, codes, filters */
	FIELD_INPUT_EN,              /* starts in 英; Ctrl-Space switches to 中 */
	FIELD_INPUT_ZH               /* starts in 中 */
};

struct field {
	char buf[FIELD_MAX_BYTES];   /* NUL-terminated UTF-8 */
	size_t len;                  /* bytes in buf */
	size_t cursor;               /* byte offset, always a cluster boundary */
	int scroll;                  /* first visible column (a cluster start) */
	int max_chars;               /* 0: only the buffer size limits */
	int max_cols;                /* 0: no limit on the text's width */
	bool masked;                 /* passwords: each character drawn as '*' */
	enum field_input input;      /* FIELD_INPUT_NONE unless field_set_input() */
	struct ime ime;              /* mode and composition (ime.h) */
};

/* What an editing call did. */
enum field_rc {
	FIELD_UNCHANGED = 0,         /* nothing to do (e.g. Left at the start) */
	FIELD_MOVED,                 /* only the cursor moved */
	FIELD_EDITED,                /* the text changed */
	FIELD_REFUSED,               /* refused: full, too wide, or unprintable */
	FIELD_COMPOSED               /* only the input method's composition or mode changed */
};

void field_init(struct field *f, int max_chars, int max_cols, bool masked);
/* Let the field compose with the input method, starting in 中 or 英
 * (FIELD_INPUT_NONE: never; a masked field never composes). */
void field_set_input(struct field *f, enum field_input input);
/* Start again in the field's declared mode, composition dropped. */
void field_reset_input(struct field *f);
/*
 * Offer a key to the input method first. *taken false: the key is the
 * field's (or the form's) as before. Text the input method commits is
 * inserted at the cursor: FIELD_EDITED, or FIELD_REFUSED when it did not
 * all fit; FIELD_COMPOSED when only the composition changed.
 */
enum field_rc field_ime_key(struct field *f, enum ime_key key, wchar_t ch, bool *taken);
bool field_composing(const struct field *f);

/* Replace the text (cut to the limits at a character boundary), cursor at the end. */
void field_set(struct field *f, const char *text);
/* Empty the field and wipe the old bytes (they may be a password), and
 * any composition with them. */
void field_clear(struct field *f);
const char *field_text(const struct field *f);
bool field_empty(const struct field *f);

enum field_rc field_insert(struct field *f, wchar_t wc);
enum field_rc field_backspace(struct field *f);
enum field_rc field_delete(struct field *f);
enum field_rc field_left(struct field *f);
enum field_rc field_right(struct field *f);
enum field_rc field_home(struct field *f);
enum field_rc field_end(struct field *f);
/* Ctrl-U: delete everything before the cursor. */
enum field_rc field_kill_before(struct field *f);

/* Characters (code points) in the text, and before the cursor. */
size_t field_chars(const struct field *f);
size_t field_cursor_chars(const struct field *f);
/* Display width of the whole text and of the part before the cursor. */
int field_width(const struct field *f);
int field_cursor_col(const struct field *f);

/*
 * Fit the view into cols columns: moves f->scroll so the cursor (and the
 * whole character under it) is visible and as much text as possible shows.
 * Then writes the visible text to out (NUL-terminated, '*' per character
 * when masked), padded with spaces to exactly cols columns, never starting
 * or ending in the middle of a wide character. *cursor_x gets the cursor's
 * column inside the view. Returns the bytes written (without the NUL).
 */
size_t field_view(struct field *f, int cols, char *out, size_t outsz, int *cursor_x);

#endif
