/*
 * Staff mode: look up a candidate of the staff member's own site by ID
 * number (GET /v1/staff/lookup?id_number=...), to help at the desk. The
 * registration found opens in the review screen (its status, every field,
 * the photo). The number travels in the query string, which the server
 * never logs; the field is wiped when the screen goes.
 */
#include <stdio.h>
#include <string.h>

#include "ncre/json.h"
#include "app.h"

enum { I_HEAD, I_TIP, I_NUMBER, I_FIND, I_BACK, I_COUNT };
enum { ACT_FIND = 1, ACT_BACK };
enum { REQ_LOOKUP = 1 };

struct staff_lookup {
	struct form_item items[I_COUNT];
	struct form form;
	struct rect r;
};

static int lookup_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct staff_lookup *s = st;

	(void)app;
	(void)arg;
	s->items[I_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					       .label = N_("Look up a candidate") };
	s->items[I_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Only candidates registered at your site in the current exam session "
			    "are found.") };
	s->items[I_NUMBER] = (struct form_item){ .kind = ITEM_FIELD, .key = "id_number",
						 .label = N_("ID number"), .required = true,
						 .input_cols = 24 };
	s->items[I_FIND] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Look up"),
					       .action = ACT_FIND };
	s->items[I_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					       .action = ACT_BACK };
	field_init(&s->items[I_NUMBER].field, 24, 0, false);
	field_set_input(&s->items[I_NUMBER].field, FIELD_INPUT_EN);
	widget_form_init(&s->form, s->items, I_COUNT);
	return 0;
}

static void lookup_fini(struct app *app, void *st)
{
	(void)app;
	widget_form_wipe(&((struct staff_lookup *)st)->form);
}

static void lookup_layout(struct app *app, void *st, const struct rect *body)
{
	struct staff_lookup *s = st;

	s->r = *body;
	s->r.y += 1;
	s->r.h -= 1;
	s->form.lang = app->ui.lang;
	widget_form_layout(&s->form, s->r.w);
}

static void lookup_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct staff_lookup *s = st;

	(void)body;
	widget_form_paint(&s->form, &app->ui, w, &s->r);
}

static void find(struct app *app, struct staff_lookup *s)
{
	const char *num = field_text(&s->items[I_NUMBER].field);
	char path[128];
	const char *q;
	size_t n;

	if (num[0] == '\0') {
		ui_msg_err(&s->items[I_NUMBER].msg, NCRE_E_FIELD_REQUIRED);
		widget_form_focus(&s->form, I_NUMBER);
		return;
	}
	/* Letters and digits only go in the query as they are; anything
	 * else is escaped (the server normalises and judges it). */
	n = (size_t)snprintf(path, sizeof(path), "/v1/staff/lookup?id_number=");
	for (q = num; *q != '\0' && n + 4 < sizeof(path); q++) {
		unsigned char c = (unsigned char)*q;

		if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			path[n++] = (char)c;
		else
			n += (size_t)snprintf(path + n, sizeof(path) - n, "%%%02X", c);
	}
	path[n] = '\0';
	if (app_request(app, s, "GET", path, NULL, true, REQ_LOOKUP) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
	explicit_bzero(path, sizeof(path));
}

static enum screen_rc lookup_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct staff_lookup *s = st;

	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	switch (widget_form_key(&s->form, kind, ch)) {
	case FORM_EDITED:
		ui_msg_clear(&s->items[I_NUMBER].msg);
		break;
	case FORM_ACTION:
		if (widget_form_focused(&s->form)->action == ACT_BACK)
			return SCREEN_BACK;
		find(app, s);
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void lookup_reply(struct app *app, void *st, struct api_result *res)
{
	struct staff_lookup *s = st;
	const cJSON *reg;
	struct screen_arg arg = { 0 };
	long long id;

	if (res->tag != REQ_LOOKUP)
		return;
	if (res->status != API_OK) {
		if (res->status == API_ERROR && res->err_known && res->err == NCRE_E_NOT_FOUND) {
			ui_msg_text(&s->items[I_NUMBER].msg,
				    N_("No registration with this ID number at your site."));
			s->items[I_NUMBER].msg.server = true;
			widget_form_focus(&s->form, I_NUMBER);
			return;
		}
		(void)app_form_verdict(app, &s->form, res);
		return;
	}
	reg = cJSON_GetObjectItemCaseSensitive(res->body, "registration");
	if (ncre_json_int(reg, "id", &id) != 0) {
		ui_msg_text(&app->status, N_("The server sent a reply the kiosk does not understand."));
		return;
	}
	snprintf(arg.text, sizeof(arg.text), "%lld", id);
	app_push(app, &screen_staff_review, &arg);
}

static const char *lookup_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_staff_lookup = {
	.name = "staff-lookup",
	.state_size = sizeof(struct staff_lookup),
	.init = lookup_init,
	.fini = lookup_fini,
	.layout = lookup_layout,
	.paint = lookup_paint,
	.key = lookup_key,
	.reply = lookup_reply,
	.hints = lookup_hints,
};
