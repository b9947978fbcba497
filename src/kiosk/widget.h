/*
 * Widgets: text fields (the line editor of field.c on screen), forms of
 * fields, choices, tick boxes and buttons with Tab/Up/Down focus, choice
 * lists, a scrollable text view, and the modal dialog.
 */
#ifndef KIOSK_WIDGET_H
#define KIOSK_WIDGET_H

#include <stdbool.h>
#include <wchar.h>
#include <curses.h>

#include "field.h"
#include "ui.h"

/* ---- widget-field.c ------------------------------------------------ */

/* Draw f in a box of cols columns at (y, x); when focused, place the
 * terminal cursor (ui->cursor). */
void widget_field_paint(struct field *f, struct ui *ui, WINDOW *w, int y, int x, int cols,
			bool focused);
/* Apply an editing key (get_wch's kind and character), offered to the
 * field's input method first; FIELD_COMPOSED: repaint, nothing typed yet. */
enum field_rc widget_field_key(struct field *f, int kind, wint_t ch);
/* The same without the input method. */
enum field_rc widget_field_key_plain(struct field *f, int kind, wint_t ch);
/* The candidate row of f's composition, cols wide at (y, x). */
void widget_ime_paint(const struct field *f, struct ui *ui, WINDOW *w, int y, int x, int cols);
/* The input mode and its key, for the key-hint line. */
const char *widget_ime_mode(const struct field *f);

/* ---- widget-list.c ------------------------------------------------- */

typedef const char *(*list_label_fn)(int i, enum lang lang, void *ud);

struct list {
	int n, sel, top;
	list_label_fn label;
	void *ud;
};

enum list_rc { LIST_IGNORED = 0, LIST_MOVED, LIST_CHOSEN };

void widget_list_paint(struct list *l, struct ui *ui, WINDOW *w, const struct rect *r);
enum list_rc widget_list_key(struct list *l, int kind, wint_t ch, int page);

/* ---- widget-form.c ------------------------------------------------- */

enum item_kind { ITEM_TEXT = 0, ITEM_FIELD, ITEM_SELECT, ITEM_CHECK, ITEM_BUTTON };

struct form_item {
	enum item_kind kind;
	const char *key;             /* request field name, for the server's verdict */
	const char *label;           /* msgid; or the Chinese text when label_en is set */
	const char *label_en;        /* forms as data: zh/en pair, picked by fm->lang */
	const char *help_zh, *help_en;   /* shown under the input while no message */
	enum ui_role role;           /* ITEM_TEXT */
	bool required;               /* '*' before the label */
	struct field field;          /* ITEM_FIELD */
	int input_cols;              /* ITEM_FIELD / ITEM_SELECT: box width wanted */
	int choice, nchoices;        /* ITEM_SELECT */
	list_label_fn choice_label;  /* called with choice_ud; choice -1: none yet */
	void *choice_ud;
	bool checked;                /* ITEM_CHECK */
	int action;                  /* ITEM_BUTTON: what Enter means */
	bool enter_submits;          /* ITEM_FIELD: Enter presses the next button
				      * (what follows is optional) */
	struct ui_msg msg;           /* inline message under the input */
	/* set by widget_form_layout */
	int row, rows, x, w;
};

struct form {
	struct form_item *items;
	int n;
	int focus;
	int top;                     /* first content row shown */
	int height;                  /* content rows */
	int label_w;
	int width;                   /* columns of the last layout */
	bool placed;                 /* scrolled to the focus once since init */
	bool reveal;                 /* scroll the focus into view at next paint */
	enum lang lang;              /* for zh/en labels; set by the screen and paint */
};

enum form_rc {
	FORM_IGNORED = 0,
	FORM_MOVED,                  /* focus or cursor moved */
	FORM_EDITED,                 /* the focused field or choice changed */
	FORM_REFUSED,                /* the field refused the key (full) */
	FORM_TOGGLED,                /* a tick box changed */
	FORM_CHOOSE,                 /* open the list of a choice */
	FORM_ACTION                  /* a button: see widget_form_focused()->action */
};

void widget_form_init(struct form *fm, struct form_item *items, int n);
/* Place the items for a body width; call again after a resize or a
 * language switch (label widths change). */
void widget_form_layout(struct form *fm, int width);
void widget_form_paint(struct form *fm, struct ui *ui, WINDOW *w, const struct rect *r);
enum form_rc widget_form_key(struct form *fm, int kind, wint_t ch);
struct form_item *widget_form_focused(struct form *fm);
struct form_item *widget_form_find(struct form *fm, const char *key);
void widget_form_focus(struct form *fm, int index);
int widget_form_index(const struct form *fm, const struct form_item *it);
/* True when any text field holds something (Esc then asks first). */
bool widget_form_dirty(const struct form *fm);
/* Whether Enter in the focused field presses a button: in the last field
 * before the buttons, or one marked enter_submits (the rest is optional).
 * Enter elsewhere in a field moves on to the next item. */
bool widget_form_enter_submits(const struct form *fm);
/* Wipe every field (they may hold passwords or ID numbers). */
void widget_form_wipe(struct form *fm);

/* ---- widget-choice.c, widget-multi.c ------------------------------ */

/*
 * A list to choose from that filters as the candidate types (filter.c):
 * single choice (民族, 考点) or, in widget-multi.c, several ticks up to a
 * limit (科目, refused beyond the site's 科目上限 with the reason). Drawn
 * over the screen by the screen that owns it.
 */
#define CHOICE_MAX 128

/* What an option is matched against, and whether it can be taken now. */
typedef void (*choice_keys_fn)(int i, void *ud, const char **code, const char **zh,
			       const char **en);
/* The text of option i in a row (code, name, fee, places ...). */
typedef void (*choice_label_fn)(int i, enum lang lang, char *buf, size_t n, void *ud);
/* multi: why option i cannot be ticked (a msgid), or NULL. */
typedef const char *(*choice_block_fn)(int i, void *ud);

struct choice {
	bool open, multi;
	const char *title;           /* msgid; or Chinese when title_en is set */
	const char *title_en;
	int n;
	choice_keys_fn keys;
	choice_label_fn label;
	choice_block_fn blocked;     /* multi, may be NULL */
	void *ud;
	struct field query;
	int match[CHOICE_MAX], nmatch;
	int sel, top, rows;          /* sel: position in match */
	int chosen;                  /* single: the result */
	bool ticked[CHOICE_MAX];     /* multi */
	bool before[CHOICE_MAX];     /* multi: the ticks to restore on Esc */
	int max;                     /* multi: most ticks allowed, 0 no limit */
	const char *refusal;         /* msgid of the last refusal, or NULL */
	bool refused_limit;          /* the last tick went beyond max */
};

enum choice_rc { CHOICE_OPEN = 0, CHOICE_DONE, CHOICE_CANCELLED };

/* Open a single choice over n options, current (or -1) highlighted. */
void widget_choice_open(struct choice *c, const char *title, int n, int current,
			choice_keys_fn keys, choice_label_fn label, void *ud);
void widget_choice_paint(struct choice *c, struct ui *ui, WINDOW *w, const struct rect *area);
/* CHOICE_DONE: c->chosen (single) or c->ticked (multi) hold the result. */
enum choice_rc widget_choice_key(struct choice *c, int kind, wint_t ch);
/* The msgid of the keys while the list is open, for the hint bar. */
const char *widget_choice_hints(const struct choice *c);
/* Recompute the matches after the query changed. */
void widget_choice_refilter(struct choice *c);
/* The option under the highlight, or -1. */
int widget_choice_current(const struct choice *c);

/* widget-multi.c: ticked[] holds the current choice; max 0 is no limit. */
void widget_multi_open(struct choice *c, const char *title, int n, const bool *ticked, int max,
		       choice_keys_fn keys, choice_label_fn label, choice_block_fn blocked,
		       void *ud);
int widget_multi_count(const struct choice *c);
/* Space on the highlighted option: tick or untick; false when refused. */
bool widget_multi_toggle(struct choice *c);
/* Whether any option was ticked when the list opened. */
bool widget_multi_had_ticks(const struct choice *c);

/* ---- widget-text.c ------------------------------------------------- */

#define TV_SEGS 8

struct tv_seg {
	enum ui_role role;
	char *text;
};

struct tv_line {
	struct tv_seg seg[TV_SEGS];
	int nseg;
};

struct textview {
	struct tv_line *lines;
	size_t n, cap;
	int top;
};

/* Wipe and free every line (they may hold personal data). */
void widget_text_clear(struct textview *tv);
/* Append text wrapped to width, with an indent on every line. 0 or -1. */
int widget_text_add(struct textview *tv, enum ui_role role, const char *text, int width,
		    int indent);
/* Append "label value" on one line (value cut to fit). */
int widget_text_add_pair(struct textview *tv, const char *label, enum ui_role vrole,
			 const char *value);
/* Append unbreakable tokens joined by sep, wrapped between tokens. */
int widget_text_add_tokens(struct textview *tv, const char *const *texts,
			   const enum ui_role *roles, int n, const char *sep, int width);
int widget_text_blank(struct textview *tv);
void widget_text_paint(struct textview *tv, struct ui *ui, WINDOW *w, const struct rect *r);
/* Scroll by delta lines within a view of rows; returns true when it moved. */
bool widget_text_scroll(struct textview *tv, int delta, int rows);

/* ---- widget-dialog.c ----------------------------------------------- */

enum dialog_kind { DLG_NONE = 0, DLG_MESSAGE, DLG_CONFIRM, DLG_LIST, DLG_SECRET };

struct dialog {
	enum dialog_kind kind;
	int tag;                     /* the opener's label */
	void *owner;                 /* the screen state that opened it (NULL: the app) */
	const char *title;           /* msgid */
	struct ui_msg body;
	int button;                  /* DLG_CONFIRM: 0 yes, 1 no */
	const char *yes, *no;        /* DLG_CONFIRM: msgids of the buttons; NULL Yes/No */
	struct list list;            /* DLG_LIST */
	struct field *input;         /* DLG_SECRET: a masked field owned by the opener */
};

enum dialog_rc { DIALOG_OPEN = 0, DIALOG_DONE };

void widget_dialog_paint(struct dialog *d, struct ui *ui, WINDOW *w, int rows, int cols);
/* On DIALOG_DONE, *result is: message 0; confirm 1 (yes) or 0 (no);
 * list the chosen index or -1. */
enum dialog_rc widget_dialog_key(struct dialog *d, int kind, wint_t ch, int *result);
/* A framed notice with no keys of its own (the idle countdown): title,
 * wrapped text and a last line, centred, drawn over the screen. */
void widget_notice_paint(struct ui *ui, WINDOW *w, int rows, int cols, const char *title,
			 const char *text, const char *footer);

/* Shared key tests. */
bool key_is_enter(int kind, wint_t ch);
bool key_is_esc(int kind, wint_t ch);

#endif
