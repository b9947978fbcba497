/*
 * 删除报考信息 (R-DEL-02): a candidate with no paid subject deletes the
 * whole registration, giving a reason (required), after a confirmation.
 * Not limited by the registration window or by any count of cancellations;
 * the server decides (REG_HAS_PAID when a subject is paid).
 */
#include <string.h>

#include "app.h"

enum { I_HEAD, I_TIP, I_REASON, I_DELETE, I_BACK, I_COUNT };
enum { ACT_DELETE = 1, ACT_BACK };
enum { REQ_DELETE = 1 };
enum { DLG_SURE = 1, DLG_DISCARD };

struct delreg {
	struct form_item items[I_COUNT];
	struct form form;
	struct rect r;
};

static int delete_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct delreg *s = st;

	(void)app;
	(void)arg;
	s->items[I_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					       .label = N_("Delete the registration") };
	s->items[I_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Candidates without a paid subject may delete their registration "
			    "themselves, at any time. Please give the reason.") };
	s->items[I_REASON] = (struct form_item){ .kind = ITEM_FIELD, .key = "reason",
						 .label = N_("Reason"), .required = true,
						 .input_cols = 50 };
	s->items[I_DELETE] = (struct form_item){ .kind = ITEM_BUTTON,
						 .label = N_("Delete registration"),
						 .action = ACT_DELETE };
	s->items[I_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					       .action = ACT_BACK };
	field_init(&s->items[I_REASON].field, 100, 0, false);
	field_set_input(&s->items[I_REASON].field, FIELD_INPUT_ZH);
	widget_form_init(&s->form, s->items, I_COUNT);
	return 0;
}

static void delete_fini(struct app *app, void *st)
{
	(void)app;
	widget_form_wipe(&((struct delreg *)st)->form);
}

static void delete_layout(struct app *app, void *st, const struct rect *body)
{
	struct delreg *s = st;

	s->r = *body;
	s->r.y += 1;
	s->r.h -= 1;
	s->form.lang = app->ui.lang;
	widget_form_layout(&s->form, s->r.w);
}

static void delete_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	(void)body;
	widget_form_paint(&((struct delreg *)st)->form, &app->ui, w, &((struct delreg *)st)->r);
}

/* The reason without the spaces around it (ASCII and the ideographic
 * space U+3000 an input method gives): *len bytes from the result. */
static const char *trimmed(const char *t, size_t *len)
{
	size_t n;

	for (;;) {
		if (*t == ' ' || *t == '\t')
			t++;
		else if (strncmp(t, "\xe3\x80\x80", 3) == 0)
			t += 3;
		else
			break;
	}
	n = strlen(t);
	for (;;) {
		if (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
			n--;
		else if (n >= 3 && strncmp(t + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	*len = n;
	return t;
}

static void ask(struct app *app, struct delreg *s)
{
	struct ui_msg m;
	size_t len;

	/* Spaces alone are no reason (R-DEL-02). */
	(void)trimmed(field_text(&s->items[I_REASON].field), &len);
	if (len == 0) {
		ui_msg_err(&s->items[I_REASON].msg, NCRE_E_FIELD_REQUIRED);
		widget_form_focus(&s->form, I_REASON);
		return;
	}
	ui_msg_text(&m, N_("Delete your registration and all its subjects? This cannot be "
			   "undone."));
	app_confirm(app, s, DLG_SURE, N_("Delete registration"), &m);
}

static enum screen_rc delete_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct delreg *s = st;

	if (key_is_esc(kind, ch))
		return app_confirm_discard(app, s, &s->form, DLG_DISCARD) ? SCREEN_STAY : SCREEN_BACK;
	switch (widget_form_key(&s->form, kind, ch)) {
	case FORM_EDITED:
		ui_msg_clear(&s->items[I_REASON].msg);
		break;
	case FORM_ACTION:
		if (widget_form_focused(&s->form)->action == ACT_DELETE)
			ask(app, s);
		else
			return SCREEN_BACK;
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void delete_dialog(struct app *app, void *st, int tag, int result)
{
	struct delreg *s = st;
	cJSON *body;
	char reason[FIELD_MAX_BYTES + 1];
	const char *t;
	size_t len;

	if (tag == DLG_DISCARD && result == 1) {
		app_pop(app);
		return;
	}
	if (tag != DLG_SURE || result != 1)
		return;
	t = trimmed(field_text(&s->items[I_REASON].field), &len);
	if (len >= sizeof(reason))
		len = sizeof(reason) - 1;
	memcpy(reason, t, len);
	reason[len] = '\0';
	body = cJSON_CreateObject();
	if (body == NULL || cJSON_AddStringToObject(body, "reason", reason) == NULL) {
		explicit_bzero(reason, sizeof(reason));
		api_json_wipe_free(&body);
		return;
	}
	explicit_bzero(reason, sizeof(reason));
	if (app_request(app, s, "POST", "/v1/registration/delete", body, true, REQ_DELETE) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static void delete_reply(struct app *app, void *st, struct api_result *res)
{
	struct delreg *s = st;

	if (res->tag != REQ_DELETE)
		return;
	if (res->status != API_OK) {
		(void)app_form_verdict(app, &s->form, res);
		return;
	}
	app_set_reg(app, res->body != NULL ?
		    cJSON_GetObjectItemCaseSensitive(res->body, "registration") : NULL);
	ui_msg_text(&app->status, N_("Your registration has been deleted."));
	app_pop(app);
}

static const char *delete_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_delete = {
	.name = "delete",
	.state_size = sizeof(struct delreg),
	.init = delete_init,
	.fini = delete_fini,
	.layout = delete_layout,
	.paint = delete_paint,
	.key = delete_key,
	.reply = delete_reply,
	.dialog = delete_dialog,
	.hints = delete_hints,
};
