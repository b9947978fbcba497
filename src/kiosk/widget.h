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
/* Apply an editing key (get_wch's kind and character). */
enum field_rc widget_field_key(struct field *f, int kind, wint_t ch);

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
	const char *label;           /* msgid */
	enum ui_role role;           /* ITEM_TEXT */
	bool required;               /* '*' before the label */
	struct field field;          /* ITEM_FIELD */
	int input_cols;              /* ITEM_FIELD / ITEM_SELECT: box width wanted */
	int choice, nchoices;        /* ITEM_SELECT */
	list_label_fn choice_label;
	bool checked;                /* ITEM_CHECK */
	int action;                  /* ITEM_BUTTON: what Enter means */
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
	bool reveal;                 /* scroll the focus into view at next paint */
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
/* Wipe every field (they may hold passwords or ID numbers). */
void widget_form_wipe(struct form *fm);

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

enum dialog_kind { DLG_NONE = 0, DLG_MESSAGE, DLG_CONFIRM, DLG_LIST };

struct dialog {
	enum dialog_kind kind;
	int tag;                     /* the opener's label */
	void *owner;                 /* the screen state that opened it (NULL: the app) */
	const char *title;           /* msgid */
	struct ui_msg body;
	int button;                  /* DLG_CONFIRM: 0 yes, 1 no */
	struct list list;            /* DLG_LIST */
};

enum dialog_rc { DIALOG_OPEN = 0, DIALOG_DONE };

void widget_dialog_paint(struct dialog *d, struct ui *ui, WINDOW *w, int rows, int cols);
/* On DIALOG_DONE, *result is: message 0; confirm 1 (yes) or 0 (no);
 * list the chosen index or -1. */
enum dialog_rc widget_dialog_key(struct dialog *d, int kind, wint_t ch, int *result);

/* Shared key tests. */
bool key_is_enter(int kind, wint_t ch);
bool key_is_esc(int kind, wint_t ch);

#endif
