/*
 * Log in with the e-mail address or the mobile number and the password
 * (R-ACC-01). Failed logins are rate limited by the server (R-ACC-04);
 * RATE_LIMITED is shown with the time to wait.
 */
#include <string.h>

#include "ncre/validate.h"
#include "app.h"
#include "screen-form.h"

enum { I_HEAD, I_LOGIN, I_PASSWORD, I_TIP, I_SUBMIT, I_FORGOT, I_BACK, I_COUNT };
enum { ACT_SUBMIT = 1, ACT_FORGOT, ACT_BACK };
enum { REQ_LOGIN = 1 };
enum { DLG_DISCARD = 1 };

struct login {
	struct form_screen fs;	/* first: form_screen_* */
	struct form_item items[I_COUNT];
};

static int login_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct login *s = st;

	(void)app;
	s->items[I_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .label = N_("Log in"),
					       .role = ROLE_HEADING };
	s->items[I_LOGIN] = (struct form_item){ .kind = ITEM_FIELD, .key = "login",
						.label = N_("E-mail or mobile"), .required = true,
						.input_cols = 40 };
	s->items[I_PASSWORD] = (struct form_item){ .kind = ITEM_FIELD, .key = "password",
						   .label = N_("Password"), .required = true,
						   .input_cols = 24 };
	s->items[I_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Both the e-mail address and the mobile number of your passport "
			    "account can be used to log in.") };
	s->items[I_SUBMIT] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Log in"),
						 .action = ACT_SUBMIT };
	s->items[I_FORGOT] = (struct form_item){ .kind = ITEM_BUTTON,
						 .label = N_("Forgot the password"),
						 .action = ACT_FORGOT };
	s->items[I_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					       .action = ACT_BACK };
	field_init(&s->items[I_LOGIN].field, 254, 0, false);
	field_set_input(&s->items[I_LOGIN].field, FIELD_INPUT_EN);
	field_init(&s->items[I_PASSWORD].field, 64, 0, true);
	widget_form_init(&s->fs.form, s->items, I_COUNT);
	if (arg != NULL && arg->text[0] != '\0') {
		field_set(&s->items[I_LOGIN].field, arg->text);
		widget_form_focus(&s->fs.form, I_PASSWORD);
	}
	return 0;
}

/* Local checks, for instant feedback; the server has the last word. */
static enum ncre_err check(struct login *s, int i, bool submit)
{
	const char *v = field_text(&s->items[i].field);

	if (v[0] == '\0')
		return submit ? NCRE_E_FIELD_REQUIRED : NCRE_OK;
	if (i == I_LOGIN)
		return strchr(v, '@') != NULL ? ncre_validate_email(v) : ncre_validate_phone(v);
	return NCRE_OK;
}

static void show(struct login *s, int i, enum ncre_err e)
{
	if (e == NCRE_OK)
		ui_msg_clear(&s->items[i].msg);
	else
		ui_msg_err(&s->items[i].msg, e);
}

static void submit(struct app *app, struct login *s)
{
	static const int order[] = { I_LOGIN, I_PASSWORD };
	int first_bad = -1;
	cJSON *body;

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		enum ncre_err e = check(s, order[k], true);

		show(s, order[k], e);
		if (e != NCRE_OK && first_bad < 0)
			first_bad = order[k];
	}
	if (first_bad >= 0) {
		widget_form_focus(&s->fs.form, first_bad);
		return;
	}
	body = cJSON_CreateObject();
	if (body == NULL ||
	    cJSON_AddStringToObject(body, "login", field_text(&s->items[I_LOGIN].field)) == NULL ||
	    cJSON_AddStringToObject(body, "password", field_text(&s->items[I_PASSWORD].field)) == NULL) {
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	if (app_request(app, s, "POST", "/v1/sessions", body, false, REQ_LOGIN) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc login_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct login *s = st;
	enum form_rc rc;

	if (key_is_esc(kind, ch)) {
		if (app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_STAY;
		return SCREEN_BACK;
	}
	rc = widget_form_key(&s->fs.form, kind, ch);
	if (rc == FORM_EDITED) {
		int i = s->fs.form.focus;

		show(s, i, check(s, i, false));
	} else if (rc == FORM_ACTION) {
		if (widget_form_focused(&s->fs.form)->action == ACT_SUBMIT) {
			submit(app, s);
		} else if (widget_form_focused(&s->fs.form)->action == ACT_FORGOT) {
			/* 找回密码 (R-ACC-01): the login typed so far comes along; the password does not. */
			struct screen_arg arg = { 0 };

			snprintf(arg.text, sizeof(arg.text), "%s", field_text(&s->items[I_LOGIN].field));
			app_push(app, &screen_recovery, &arg);
			explicit_bzero(arg.text, sizeof(arg.text));
		} else if (!app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_BACK;
	}
	return SCREEN_STAY;
}

static void login_reply(struct app *app, void *st, struct api_result *res)
{
	struct login *s = st;

	if (res->tag != REQ_LOGIN)
		return;
	if (res->status == API_OK) {
		if (app_login(app, res->body) != 0) {
			ui_msg_text(&app->status, N_("The server sent a reply the kiosk does not understand."));
			return;
		}
		app_reset(app, &screen_home, NULL);
		return;
	}
	if (res->status == API_ERROR && res->err_known && res->err == NCRE_E_BAD_CREDENTIALS) {
		/* Never says which of the two was wrong: shown under the password,
		 * which is emptied for the next try. */
		app_result_msg(res, &s->items[I_PASSWORD].msg);
		field_clear(&s->items[I_PASSWORD].field);
		widget_form_focus(&s->fs.form, I_PASSWORD);
		return;
	}
	if (res->status == API_ERROR && res->err_known && res->err == NCRE_E_RATE_LIMITED) {
		app_result_msg(res, &s->items[I_PASSWORD].msg);
		app_show_failure(app, res);
		return;
	}
	(void)app_form_verdict(app, &s->fs.form, res);
}

static void login_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if (tag == DLG_DISCARD && result == 1)
		app_pop(app);
}

static const char *login_hints(struct app *app, void *st)
{
	struct login *s = st;

	(void)app;
	if (widget_form_enter_submits(&s->fs.form))
		return N_("Tab/Up/Down: move  Enter: log in  Esc: back");
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_login = {
	.name = "login",
	.state_size = sizeof(struct login),
	.init = login_init,
	.fini = form_screen_fini,
	.layout = form_screen_layout,
	.paint = form_screen_paint,
	.key = login_key,
	.reply = login_reply,
	.dialog = login_dialog,
	.hints = login_hints,
};
