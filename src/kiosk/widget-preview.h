/* The photo preview on screen (widget-preview.c); the cells come from preview.c. */
#ifndef KIOSK_WIDGET_PREVIEW_H
#define KIOSK_WIDGET_PREVIEW_H

#include <curses.h>

#include "preview.h"
#include "ui.h"

struct cJSON;

/* Colour pairs made for one preview (at most one per distinct colour pair drawn). */
#define WIDGET_PREVIEW_PAIRS_MAX 2048

struct widget_preview_pairs {
	int base;			/* first pair number; two previews on one screen need apart ranges */
	int n;
	unsigned fg[WIDGET_PREVIEW_PAIRS_MAX], bg[WIDGET_PREVIEW_PAIRS_MAX];
};

/* Draw p with its top-left cell at (y, x). */
void widget_preview_paint(WINDOW *w, int y, int x, const struct preview *p,
			  struct widget_preview_pairs *pp);

/*
 * The candidate's photo at the right of a screen whose text is at the left
 * and whose form of buttons is at the bottom (staff review, ticket): the
 * JPEG as the server sent it, kept for a new layout and wiped when done,
 * and its preview decoded at the size of the panel.
 */
struct photo_panel {
	unsigned char *jpeg;		/* owned; wiped by photo_panel_wipe */
	size_t jpeg_len;
	struct preview pv;
	struct widget_preview_pairs pairs;
	enum preview_depth depth;
	int cols, rows;
};

/* The depth of the terminal, the colour pairs from 64. */
void photo_panel_init(struct photo_panel *pp);
/* Place the panel in body above a form form_h rows high: the text at the
 * left (*text_r), the form at the bottom (*form_r); the preview is redone. */
void photo_panel_layout(struct photo_panel *pp, const struct rect *body, int form_h,
			struct rect *text_r, struct rect *form_r);
/* Take the JPEG bytes *jpeg (the old ones are wiped; *jpeg and *len are
 * cleared) and decode them at the size of the panel. */
void photo_panel_take_jpeg(struct photo_panel *pp, unsigned char **jpeg, size_t *len);
/* The preview, or what there is instead once subject (an object with a
 * "photo" flag) has come: "(loading photo)" or "(no photo)". */
void photo_panel_paint(struct photo_panel *pp, const struct ui *ui, WINDOW *w,
		       const struct rect *body, const struct cJSON *subject);
/* Wipe and free the bytes, the preview and the colours drawn. */
void photo_panel_wipe(struct photo_panel *pp);

#endif
