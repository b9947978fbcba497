/* The fini, layout and paint of a screen that is one form (screen-form.h). */
#include "screen-form.h"

void form_screen_fini(struct app *app, void *st)
{
	struct form_screen *s = st;

	(void)app;
	widget_form_wipe(&s->form);
}

void form_screen_layout(struct app *app, void *st, const struct rect *body)
{
	struct form_screen *s = st;

	(void)app;
	s->r = *body;
	s->r.y += 1;
	s->r.h -= 1;
	widget_form_layout(&s->form, s->r.w);
}

void form_screen_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct form_screen *s = st;

	(void)body;
	widget_form_paint(&s->form, &app->ui, w, &s->r);
}
