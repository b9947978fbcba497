/*
 * The kiosk's built-in input method (中/英), on librime: pinyin to
 * simplified characters, strokes (` then h s p n z for 横 竖 撇 点 折) for
 * characters pinyin lists rarely or not at all, and entry by code point
 * (u then hex digits: u20bb7 is 𠮷). No curses here: the unit tests drive
 * it with real librime (tests/unit/test_ime.c); widget-field.c draws it.
 *
 * One Rime engine per process, started when a composition first needs it
 * from the compiled data that `make` builds (build/rime, installed in
 * $(DATADIR)/rime) and opened read-only: no user dictionary, no learning,
 * no log files, nothing written to disk. Every field has its own struct
 * ime (mode and composition); the engine's single session belongs to the
 * field that composes last.
 *
 * Keys while composing: letters build the pinyin, Space or 1 takes the
 * first candidate, 2-9 that one, - = (PgUp PgDn) page, Backspace edits,
 * Esc drops the composition, Enter commits the letters as typed, ` switches
 * to strokes. A key the input method does not take (IME_PASS) goes to the
 * field as before, after any text in ime->commit.
 */
#ifndef KIOSK_IME_H
#define KIOSK_IME_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#define IME_PAGE 9                  /* candidates on one page, picked by 1-9 */
#define IME_MAX_INPUT 40            /* letters in one composition */
#define IME_CAND_BYTES 64
#define IME_TEXT_BYTES 256

enum ime_key {
	IME_KEY_CHAR = 0,            /* a character: ch */
	IME_KEY_BACKSPACE,
	IME_KEY_ENTER,
	IME_KEY_ESC,
	IME_KEY_PGUP,
	IME_KEY_PGDN,
	IME_KEY_TOGGLE,              /* Ctrl-Space (NUL): 中 <-> 英 */
	IME_KEY_OTHER                /* arrows, Tab, function keys ... */
};

enum ime_kind {
	IME_NONE = 0,                /* not composing */
	IME_PINYIN,
	IME_STROKE,                  /* ` then h s p n z */
	IME_CODE                     /* u then hex digits */
};

enum ime_rc {
	IME_PASS = 0,                /* not taken: the field handles the key */
	IME_DONE,                    /* taken: repaint (commit may hold text) */
	IME_REFUSED,                 /* taken, but it does nothing here */
	IME_UNAVAILABLE              /* Rime could not start (ime_error()); the mode
				      * is now 英 and the key is passed on */
};

struct ime {
	bool zh;                     /* mode 中 */
	enum ime_kind kind;
	char input[IME_MAX_INPUT + 2];   /* what was typed, as typed */
	char preedit[IME_TEXT_BYTES];    /* the composition as it will convert */
	char cand[IME_PAGE][IME_CAND_BYTES];
	int ncand;
	int page;                    /* 0: the first page */
	bool last_page;
	char commit[IME_TEXT_BYTES]; /* text for the field; the caller empties it */
	bool failed;                 /* IME_UNAVAILABLE came; the caller resets it */
};

/* Where the compiled Rime data is (a folder with default.yaml); call before
 * the first composition. The engine starts lazily. */
void ime_engine_dir(const char *dir);
/* Start the engine now (the benchmark and tests measure it); false when it
 * cannot (ime_error() says why). */
bool ime_engine_start(void);
/* The data beside the program (a build folder: build/rime), else the
 * installed copy ($(DATADIR)/rime). */
void ime_engine_locate(void);
bool ime_engine_started(void);
/* Why the engine could not start: a msgid, or NULL. */
const char *ime_error(void);
/* Drop whatever composition the engine holds (a screen closed, logout);
 * a field still composing puts its letters back on its next key. */
void ime_engine_clear(void);
/* Stop the engine and forget every composition (exit; tests). */
void ime_engine_stop(void);

void ime_init(struct ime *im, bool zh);
bool ime_composing(const struct ime *im);
enum ime_rc ime_key(struct ime *im, enum ime_key key, wchar_t ch);
/* Drop the composition and wipe every buffer (logout, idle, exit); the mode stays. */
void ime_wipe(struct ime *im);

#endif
