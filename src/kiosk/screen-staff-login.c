/*
 * Staff log in (POST /v1/staff/sessions): a site staff member's login and
 * password, reached with the staff key (Ctrl-O, F9) when the kiosk is
 * configured with staff = yes. Success starts staff mode: the title bar
 * changes colour and says so, and the audit queue opens. The password is
 * wiped with the form; the token lives in app->staff only.
 */
#include <string.h>

#include "app.h"
#include "screen-form.h"

enum { I_HEAD, I_TIP, I_LOGIN, I_PASSWORD, I_SUBMIT, I_BACK, I_COUNT };
enum { ACT_SUBMIT = 1, ACT_BACK };
enum { REQ_LOGIN = 1 };
enum { DLG_DISCARD = 1 };

struct staff_login {
	struct form_screen fs;	/* first: form_screen_* */
	struct form_item items[I_COUNT];
};

static int staff_login_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct staff_login *s = st;

	(void)app;
	(void)arg;
	s->items[I_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					       .label = N_("Staff login") };
	s->items[I_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("For site staff only: audit the registrations of your site. "
			    "Candidates: press Esc.") };
	s->items[I_LOGIN] = (struct form_item){ .kind = ITEM_FIELD, .key = "login",
						.label = N_("Staff login name"), .required = true,
						.input_cols = 32 };
	s->items[I_PASSWORD] = (struct form_item){ .kind = ITEM_FIELD, .key = "password",
						   .label = N_("Password"), .required = true,
						   .input_cols = 24 };
	s->items[I_SUBMIT] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Log in"),
						 .action = ACT_SUBMIT };
	s->items[I_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					       .action = ACT_BACK };
	field_init(&s->items[I_LOGIN].field, 32, 0, false);
	field_set_input(&s->items[I_LOGIN].field, FIELD_INPUT_EN);
	field_init(&s->items[I_PASSWORD].field, 64, 0, true);
	widget_form_init(&s->fs.form, s->items, I_COUNT);
	return 0;
}

static void submit(struct app *app, struct staff_login *s)
{
	static const int order[] = { I_LOGIN, I_PASSWORD };
	int first_bad = -1;
	cJSON *body;

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		struct form_item *it = &s->items[order[k]];

		if (field_text(&it->field)[0] == '\0') {
			ui_msg_err(&it->msg, NCRE_E_FIELD_REQUIRED);
			if (first_bad < 0)
				first_bad = order[k];
		} else {
			ui_msg_clear(&it->msg);
		}
	}
	if (first_bad >= 0) {
		widget_form_focus(&s->fs.form, first_bad);
		return;
	}
	body = cJSON_CreateObject();
	if (body == NULL ||
	    cJSON_AddStringToObject(body, "login", field_text(&s->items[I_LOGIN].field)) == NULL ||
	    cJSON_AddStringToObject(body, "password",
				    field_text(&s->items[I_PASSWORD].field)) == NULL) {
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	/* The body (with the password) is wiped by the api once sent. */
	if (app_request(app, s, "POST", "/v1/staff/sessions", body, false, REQ_LOGIN) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc staff_login_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct staff_login *s = st;
	enum form_rc rc;

	if (key_is_esc(kind, ch)) {
		if (app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_STAY;
		return SCREEN_BACK;
	}
	rc = widget_form_key(&s->fs.form, kind, ch);
	if (rc == FORM_EDITED) {
		ui_msg_clear(&s->items[s->fs.form.focus].msg);
	} else if (rc == FORM_ACTION) {
		if (widget_form_focused(&s->fs.form)->action == ACT_SUBMIT)
			submit(app, s);
		else if (!app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_BACK;
	}
	return SCREEN_STAY;
}

static void staff_login_reply(struct app *app, void *st, struct api_result *res)
{
	struct staff_login *s = st;

	if (res->tag != REQ_LOGIN)
		return;
	if (res->status == API_OK) {
		if (app_staff_login(app, res->body) != 0) {
			app_wipe_session(app);
			ui_msg_text(&app->status,
				    N_("The server sent a reply the kiosk does not understand."));
			return;
		}
		field_clear(&s->items[I_PASSWORD].field);
		app_reset(app, &screen_staff_queue, NULL);
		return;
	}
	if (res->status == API_ERROR && res->err_known &&
	    (res->err == NCRE_E_BAD_CREDENTIALS || res->err == NCRE_E_RATE_LIMITED)) {
		/* Never says which of the two was wrong. */
		app_result_msg(res, &s->items[I_PASSWORD].msg);
		field_clear(&s->items[I_PASSWORD].field);
		widget_form_focus(&s->fs.form, I_PASSWORD);
		return;
	}
	(void)app_form_verdict(app, &s->fs.form, res);
}

static void staff_login_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if (tag == DLG_DISCARD && result == 1)
		app_pop(app);
}

static const char *staff_login_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_staff_login = {
	.name = "staff-login",
	.state_size = sizeof(struct staff_login),
	.init = staff_login_init,
	.fini = form_screen_fini,
	.layout = form_screen_layout,
	.paint = form_screen_paint,
	.key = staff_login_key,
	.reply = staff_login_reply,
	.dialog = staff_login_dialog,
	.hints = staff_login_hints,
};
