/*
 * The screen stack. Handlers ask for a move (push, replace, reset, pop);
 * the move happens after the handler returns, in app_apply_nav. Each
 * screen's state is allocated here and wiped when the screen goes.
 */
#include <stdlib.h>
#include <string.h>

#include "app-internal.h"

struct screen_inst *app_top(struct app *app)
{
	return app->depth > 0 ? &app->stack[app->depth - 1] : NULL;
}

static void set_nav(struct app *app, enum nav_op op, const struct screen *s,
		    const struct screen_arg *arg)
{
	app->nav.op = op;
	app->nav.s = s;
	memset(&app->nav.arg, 0, sizeof(app->nav.arg));
	if (arg != NULL)
		app->nav.arg = *arg;
}

void app_push(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	set_nav(app, NAV_PUSH, s, arg);
}

void app_replace(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	set_nav(app, NAV_REPLACE, s, arg);
}

void app_reset(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	set_nav(app, NAV_RESET, s, arg);
}

void app_pop(struct app *app)
{
	set_nav(app, NAV_POP, NULL, NULL);
}

void app_drop_top(struct app *app)
{
	struct screen_inst *t = app_top(app);

	if (t == NULL)
		return;
	app->ui.ime_field = NULL;
	ime_engine_clear();          /* the composition goes with its screen */
	if (t->s->fini != NULL)
		t->s->fini(app, t->st);
	explicit_bzero(t->st, t->s->state_size);
	free(t->st);
	memset(t, 0, sizeof(*t));
	app->depth--;
}

static int push_now(struct app *app, const struct screen *s, const struct screen_arg *arg)
{
	struct screen_inst *t;
	void *st;

	if (app->depth >= APP_STACK_MAX)
		return -1;
	st = calloc(1, s->state_size ? s->state_size : 1);
	if (st == NULL)
		return -1;
	app->ui.ime_field = NULL;
	t = &app->stack[app->depth++];
	t->s = s;
	t->st = st;
	t->id = ++app->next_id;
	if (s->init != NULL && s->init(app, st, arg) != 0) {
		app_drop_top(app);
		return -1;
	}
	if (s->layout != NULL)
		s->layout(app, st, &app->body);
	return 0;
}

void app_apply_nav(struct app *app)
{
	/* A handler may ask for another move while a screen starts. */
	for (int guard = 0; guard < 4 && app->nav.op != NAV_NONE; guard++) {
		enum nav_op op = app->nav.op;
		const struct screen *s = app->nav.s;
		struct screen_arg arg = app->nav.arg;
		struct screen_inst *t;

		app->nav.op = NAV_NONE;
		switch (op) {
		case NAV_NONE:
			break;
		case NAV_POP:
			if (app->depth > 1) {
				app_drop_top(app);
				t = app_top(app);
				if (t->s->layout != NULL)
					t->s->layout(app, t->st, &app->body);
				if (t->s->resume != NULL)
					t->s->resume(app, t->st);
			}
			break;
		case NAV_REPLACE:
			app_drop_top(app);
			if (push_now(app, s, &arg) != 0 && app->depth == 0)
				app->quit = true;
			break;
		case NAV_RESET:
			while (app->depth > 0)
				app_drop_top(app);
			if (push_now(app, s, &arg) != 0)
				app->quit = true;
			break;
		case NAV_PUSH:
			if (push_now(app, s, &arg) != 0) {
				struct ui_msg m;

				ui_msg_text(&m, N_("Out of memory: the screen could not be opened."));
				app_message(app, NULL, APP_TAG_INFO, N_("Error"), &m);
			}
			break;
		}
		explicit_bzero(&arg, sizeof(arg));
	}
}

unsigned long app_owner_id(struct app *app, void *owner)
{
	for (int i = 0; i < app->depth; i++)
		if (app->stack[i].st == owner)
			return app->stack[i].id;
	return 0;
}
