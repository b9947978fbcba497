/*
 * 找回密码 (R-ACC-01, R-ACC-02): the candidate gives the e-mail address or
 * mobile number of the passport account and the server sends a code there
 * (or the candidate already holds a code from the site's desk); then the
 * code and a new password, twice. The server answers alike whether or not
 * the account exists, so this screen never says either. A reset logs in;
 * every other session of the account has ended.
 */
#include <stdio.h>
#include <string.h>

#include "ncre/validate.h"
#include "app.h"
#include "screen-form.h"

/* ---- 1: whose password ------------------------------------------------ */

enum { A_HEAD, A_LOGIN, A_TIP, A_SEND, A_HAVE, A_BACK, A_COUNT };
enum { ACT_SEND = 1, ACT_HAVE, ACT_BACK };
enum { REQ_SEND = 1 };
enum { DLG_DISCARD = 1 };
/* screen_arg.mode of the second screen: how the code came. */
enum { VIA_MESSAGE = 1, VIA_DESK };

struct recovery {
	struct form_screen fs;	/* first: form_screen_* */
	struct form_item items[A_COUNT];
};

static int recovery_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct recovery *s = st;

	(void)app;
	s->items[A_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					       .label = N_("Forgot the password") };
	s->items[A_LOGIN] = (struct form_item){ .kind = ITEM_FIELD, .key = "login",
						.label = N_("E-mail or mobile"), .required = true,
						.input_cols = 40 };
	s->items[A_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("A one-time code goes to this e-mail address, or by SMS to this mobile "
			    "number, if it belongs to a passport account. Staff at your exam site "
			    "can also give you a code after checking your ID document.") };
	s->items[A_SEND] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Send a code"),
					       .action = ACT_SEND };
	s->items[A_HAVE] = (struct form_item){ .kind = ITEM_BUTTON,
					       .label = N_("I have a code from the site"),
					       .action = ACT_HAVE };
	s->items[A_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					       .action = ACT_BACK };
	field_init(&s->items[A_LOGIN].field, 254, 0, false);
	field_set_input(&s->items[A_LOGIN].field, FIELD_INPUT_EN);
	widget_form_init(&s->fs.form, s->items, A_COUNT);
	if (arg != NULL && arg->text[0] != '\0')
		field_set(&s->items[A_LOGIN].field, arg->text);
	return 0;
}

/* The login as typed is an e-mail address or a mobile number. */
static enum ncre_err login_check(const char *v, bool submit)
{
	if (v[0] == '\0')
		return submit ? NCRE_E_FIELD_REQUIRED : NCRE_OK;
	return strchr(v, '@') != NULL ? ncre_validate_email(v) : ncre_validate_phone(v);
}

static void show(struct ui_msg *msg, enum ncre_err e)
{
	if (e == NCRE_OK)
		ui_msg_clear(msg);
	else
		ui_msg_err(msg, e);
}

static bool recovery_login_ok(struct recovery *s)
{
	enum ncre_err e = login_check(field_text(&s->items[A_LOGIN].field), true);

	show(&s->items[A_LOGIN].msg, e);
	if (e != NCRE_OK)
		widget_form_focus(&s->fs.form, A_LOGIN);
	return e == NCRE_OK;
}

static void to_reset(struct app *app, struct recovery *s, int via)
{
	struct screen_arg arg = { .mode = via };

	snprintf(arg.text, sizeof(arg.text), "%s", field_text(&s->items[A_LOGIN].field));
	app_push(app, &screen_recovery_reset, &arg);
	memset(arg.text, 0, sizeof(arg.text));
}

static void send_code(struct app *app, struct recovery *s)
{
	cJSON *body;

	if (!recovery_login_ok(s))
		return;
	body = cJSON_CreateObject();
	if (body == NULL ||
	    cJSON_AddStringToObject(body, "login", field_text(&s->items[A_LOGIN].field)) == NULL) {
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	if (app_request(app, s, "POST", "/v1/recovery/request", body, false, REQ_SEND) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc recovery_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct recovery *s = st;
	enum form_rc rc;

	if (key_is_esc(kind, ch)) {
		if (app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_STAY;
		return SCREEN_BACK;
	}
	rc = widget_form_key(&s->fs.form, kind, ch);
	if (rc == FORM_EDITED && s->fs.form.focus == A_LOGIN) {
		show(&s->items[A_LOGIN].msg,
		     login_check(field_text(&s->items[A_LOGIN].field), false));
	} else if (rc == FORM_ACTION) {
		switch (widget_form_focused(&s->fs.form)->action) {
		case ACT_SEND:
			send_code(app, s);
			break;
		case ACT_HAVE:
			if (recovery_login_ok(s))
				to_reset(app, s, VIA_DESK);
			break;
		default:
			if (!app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
				return SCREEN_BACK;
		}
	}
	return SCREEN_STAY;
}

static void recovery_reply(struct app *app, void *st, struct api_result *res)
{
	struct recovery *s = st;

	if (res->tag != REQ_SEND)
		return;
	if (res->status == API_OK) {
		to_reset(app, s, VIA_MESSAGE);
		return;
	}
	if (res->status == API_ERROR && res->err_known &&
	    (res->err == NCRE_E_RATE_LIMITED || res->err == NCRE_E_RECOVERY_UNAVAILABLE)) {
		app_result_msg(res, &s->items[A_LOGIN].msg);
		app_show_failure(app, res);
		return;
	}
	(void)app_form_verdict(app, &s->fs.form, res);
}

static void recovery_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if (tag == DLG_DISCARD && result == 1)
		app_pop(app);
}

static const char *recovery_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_recovery = {
	.name = "recovery",
	.state_size = sizeof(struct recovery),
	.init = recovery_init,
	.fini = form_screen_fini,
	.layout = form_screen_layout,
	.paint = form_screen_paint,
	.key = recovery_key,
	.reply = recovery_reply,
	.dialog = recovery_dialog,
	.hints = recovery_hints,
};

/* ---- 2: the code and the new password --------------------------------- */

enum { B_HEAD, B_INFO, B_CODE, B_PW, B_PW2, B_TIP, B_SUBMIT, B_BACK, B_COUNT };
enum { ACT_RESET = 1, ACT_RBACK };
enum { REQ_RESET = 1 };

struct reset {
	struct form_screen fs;	/* first: form_screen_* */
	struct form_item items[B_COUNT];
	char login[256];
};

static int reset_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct reset *s = st;
	struct form_item *it = s->items;

	(void)app;
	if (arg == NULL || arg->text[0] == '\0')
		return -1;
	snprintf(s->login, sizeof(s->login), "%s", arg->text);
	it[B_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					 .label = N_("Set a new password") };
	it[B_INFO] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = arg->mode == VIA_DESK
			? N_("Type the code the staff at your exam site gave you.")
			: N_("If this is the login of a passport account, a code is on its way to "
			     "it. It is valid for a few minutes and works once.") };
	it[B_CODE] = (struct form_item){ .kind = ITEM_FIELD, .key = "code",
					 .label = N_("Code"), .required = true, .input_cols = 10 };
	it[B_PW] = (struct form_item){ .kind = ITEM_FIELD, .key = "password",
				       .label = N_("New password"), .required = true,
				       .input_cols = 20 };
	it[B_PW2] = (struct form_item){ .kind = ITEM_FIELD, .key = "password2",
					.label = N_("New password again"), .required = true,
					.input_cols = 20 };
	it[B_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Password: 8-18 characters with a letter, a digit and one of "
			    "! @ # % & * ' _ -") };
	it[B_SUBMIT] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Reset the password"),
					   .action = ACT_RESET };
	it[B_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					 .action = ACT_RBACK };
	field_init(&it[B_CODE].field, 8, 0, false);
	field_set_input(&it[B_CODE].field, FIELD_INPUT_EN);
	field_init(&it[B_PW].field, 64, 0, true);
	field_init(&it[B_PW2].field, 64, 0, true);
	widget_form_init(&s->fs.form, s->items, B_COUNT);
	widget_form_focus(&s->fs.form, B_CODE);
	return 0;
}

static void reset_fini(struct app *app, void *st)
{
	struct reset *s = st;

	(void)app;
	widget_form_wipe(&s->fs.form);
	explicit_bzero(s->login, sizeof(s->login));
}

static enum ncre_err reset_check(struct reset *s, int i, bool submit)
{
	const char *v = field_text(&s->items[i].field);
	size_t n = strlen(v);

	if (v[0] == '\0')
		return submit ? NCRE_E_FIELD_REQUIRED : NCRE_OK;
	if (i == B_CODE)
		return strspn(v, "0123456789") == n && (n >= 6 || !submit)
			       ? NCRE_OK : NCRE_E_RECOVERY_CODE_INVALID;
	if (i == B_PW)
		return ncre_validate_password(v);
	if (i == B_PW2)
		return ncre_validate_password_pair(field_text(&s->items[B_PW].field), v);
	return NCRE_OK;
}

static void reset_submit(struct app *app, struct reset *s)
{
	static const int order[] = { B_CODE, B_PW, B_PW2 };
	int first_bad = -1;
	cJSON *body;

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		enum ncre_err e = reset_check(s, order[k], true);

		show(&s->items[order[k]].msg, e);
		if (e != NCRE_OK && first_bad < 0)
			first_bad = order[k];
	}
	if (first_bad >= 0) {
		widget_form_focus(&s->fs.form, first_bad);
		return;
	}
	body = cJSON_CreateObject();
	if (body == NULL || cJSON_AddStringToObject(body, "login", s->login) == NULL ||
	    cJSON_AddStringToObject(body, "code", field_text(&s->items[B_CODE].field)) == NULL ||
	    cJSON_AddStringToObject(body, "password", field_text(&s->items[B_PW].field)) == NULL ||
	    cJSON_AddStringToObject(body, "password2", field_text(&s->items[B_PW2].field)) == NULL) {
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	if (app_request(app, s, "POST", "/v1/recovery/reset", body, false, REQ_RESET) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc reset_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct reset *s = st;
	enum form_rc rc;

	if (key_is_esc(kind, ch)) {
		if (app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_STAY;
		return SCREEN_BACK;
	}
	rc = widget_form_key(&s->fs.form, kind, ch);
	if (rc == FORM_EDITED) {
		int i = s->fs.form.focus;

		show(&s->items[i].msg, reset_check(s, i, false));
	} else if (rc == FORM_ACTION) {
		if (widget_form_focused(&s->fs.form)->action == ACT_RESET)
			reset_submit(app, s);
		else if (!app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_BACK;
	}
	return SCREEN_STAY;
}

static void reset_reply(struct app *app, void *st, struct api_result *res)
{
	struct reset *s = st;

	if (res->tag != REQ_RESET)
		return;
	if (res->status == API_OK) {
		if (app_login(app, res->body) != 0) {
			ui_msg_text(&app->status,
				    N_("The server sent a reply the kiosk does not understand."));
			return;
		}
		app_reset(app, &screen_home, NULL);
		return;
	}
	if (res->status == API_ERROR && res->err_known &&
	    (res->err == NCRE_E_RECOVERY_CODE_INVALID || res->err == NCRE_E_RATE_LIMITED)) {
		/* Wrong, used up or expired: the code is emptied for the next one. */
		app_result_msg(res, &s->items[B_CODE].msg);
		field_clear(&s->items[B_CODE].field);
		widget_form_focus(&s->fs.form, B_CODE);
		if (res->err == NCRE_E_RATE_LIMITED)
			app_show_failure(app, res);
		return;
	}
	(void)app_form_verdict(app, &s->fs.form, res);
}

static const char *reset_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_recovery_reset = {
	.name = "recovery-reset",
	.state_size = sizeof(struct reset),
	.init = reset_init,
	.fini = reset_fini,
	.layout = form_screen_layout,
	.paint = form_screen_paint,
	.key = reset_key,
	.reply = reset_reply,
	.dialog = recovery_dialog,
	.hints = reset_hints,
};
