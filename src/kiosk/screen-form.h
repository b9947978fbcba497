/*
 * A screen that is one form, a line below the title (log in, staff log in,
 * password recovery, ID document): its state begins with struct
 * form_screen, and these serve as its fini, layout and paint.
 */
#ifndef KIOSK_SCREEN_FORM_H
#define KIOSK_SCREEN_FORM_H

#include "app.h"
#include "widget.h"

struct form_screen {
	struct form form;
	struct rect r;		/* where the form is painted */
};

/* Wipe what was typed. */
void form_screen_fini(struct app *app, void *st);
void form_screen_layout(struct app *app, void *st, const struct rect *body);
void form_screen_paint(struct app *app, void *st, WINDOW *w, const struct rect *body);

#endif
