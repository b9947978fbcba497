/*
 * Create a passport (通行证) account: e-mail and mobile number both
 * required (R-ACC-01), the password twice (R-ACC-02), ID type, number and
 * name optional (R-ACC-03). Each field is checked with the shared
 * validators as it is typed; the server's verdict (e.g. EMAIL_TAKEN) is
 * shown next to the field it names.
 */
#include <string.h>

#include "ncre/validate.h"
#include "app.h"

enum {
	I_HEAD, I_EMAIL, I_PHONE, I_PW, I_PW2, I_TIP, I_OPT, I_IDTYPE, I_IDNUM, I_NAME,
	I_SUBMIT, I_BACK, I_COUNT
};
enum { ACT_SUBMIT = 1, ACT_BACK };
enum { REQ_CREATE = 1, REQ_LOGIN };
enum { DLG_DISCARD = 1, DLG_CREATED, DLG_IDTYPE };

struct signup {
	struct form_item items[I_COUNT];
	struct form form;
	struct rect r;
	char email[256];             /* for the login screen after success */
};

/* Choice 0 is "not given"; 1..5 are the ID types. */
static const char *idtype_label(int i, enum lang lang, void *ud)
{
	(void)ud;
	if (i <= 0)
		return _("(not given)");
	return i18n_id_type(lang, (enum ncre_id_type)(i - 1));
}

static int signup_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct signup *s = st;
	struct form_item *it = s->items;

	(void)app;
	(void)arg;
	it[I_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					 .label = N_("Create a passport account") };
	it[I_EMAIL] = (struct form_item){ .kind = ITEM_FIELD, .key = "email",
					  .label = N_("E-mail"), .required = true, .input_cols = 40 };
	it[I_PHONE] = (struct form_item){ .kind = ITEM_FIELD, .key = "phone",
					  .label = N_("Mobile phone"), .required = true,
					  .input_cols = 16 };
	it[I_PW] = (struct form_item){ .kind = ITEM_FIELD, .key = "password",
				       .label = N_("Password"), .required = true, .input_cols = 20 };
	it[I_PW2] = (struct form_item){ .kind = ITEM_FIELD, .key = "password2",
					.label = N_("Password again"), .required = true,
					.input_cols = 20, .enter_submits = true };
	it[I_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Both the e-mail address and the mobile number log in. Password: 8-18 "
			    "characters with a letter, a digit and one of ! @ # % & * ' _ -") };
	it[I_OPT] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_LABEL,
		.label = N_("Personal details (optional, not part of the NCRE registration):") };
	it[I_IDTYPE] = (struct form_item){ .kind = ITEM_SELECT, .key = "id_type",
					   .label = N_("ID type"), .input_cols = 28,
					   .nchoices = NCRE_ID_TYPE_COUNT + 1,
					   .choice_label = idtype_label };
	it[I_IDNUM] = (struct form_item){ .kind = ITEM_FIELD, .key = "id_number",
					  .label = N_("ID number"), .input_cols = 24 };
	it[I_NAME] = (struct form_item){ .kind = ITEM_FIELD, .key = "name",
					 .label = N_("Name"), .input_cols = 24 };
	it[I_SUBMIT] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Create account"),
					   .action = ACT_SUBMIT };
	it[I_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					 .action = ACT_BACK };
	field_init(&it[I_EMAIL].field, 254, 0, false);
	field_init(&it[I_PHONE].field, 11, 0, false);
	field_init(&it[I_PW].field, 64, 0, true);
	field_init(&it[I_PW2].field, 64, 0, true);
	field_init(&it[I_IDNUM].field, 20, 0, false);
	field_init(&it[I_NAME].field, 50, 0, false);
	field_set_input(&it[I_EMAIL].field, FIELD_INPUT_EN);
	field_set_input(&it[I_PHONE].field, FIELD_INPUT_EN);
	field_set_input(&it[I_IDNUM].field, FIELD_INPUT_EN);
	field_set_input(&it[I_NAME].field, FIELD_INPUT_ZH);
	widget_form_init(&s->form, s->items, I_COUNT);
	return 0;
}

static void signup_fini(struct app *app, void *st)
{
	struct signup *s = st;

	(void)app;
	widget_form_wipe(&s->form);
	explicit_bzero(s->email, sizeof(s->email));
}

static void signup_layout(struct app *app, void *st, const struct rect *body)
{
	struct signup *s = st;

	(void)app;
	s->r = *body;
	widget_form_layout(&s->form, s->r.w);
}

static void signup_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct signup *s = st;

	(void)body;
	widget_form_paint(&s->form, &app->ui, w, &s->r);
}

static const char *text(struct signup *s, int i)
{
	return field_text(&s->items[i].field);
}

/* The local verdict on item i; submit also reports empty required fields. */
static enum ncre_err check(struct signup *s, int i, bool submit)
{
	const char *v;
	char id[FIELD_MAX_BYTES];

	if (s->items[i].kind != ITEM_FIELD)
		return NCRE_OK;
	v = text(s, i);
	if (v[0] == '\0')
		return submit && s->items[i].required ? NCRE_E_FIELD_REQUIRED : NCRE_OK;
	switch (i) {
	case I_EMAIL:
		return ncre_validate_email(v);
	case I_PHONE:
		return ncre_validate_phone(v);
	case I_PW:
		return ncre_validate_password(v);
	case I_PW2:
		return ncre_validate_password_pair(text(s, I_PW), v) == NCRE_E_PASSWORD_MISMATCH ?
		       NCRE_E_PASSWORD_MISMATCH : NCRE_OK;
	case I_IDNUM:
		if (s->items[I_IDTYPE].choice == 0)
			return NCRE_E_ID_TYPE_INVALID;
		snprintf(id, sizeof(id), "%s", v);
		ncre_id_normalize(id);
		{
			enum ncre_err e = ncre_validate_id(
				(enum ncre_id_type)(s->items[I_IDTYPE].choice - 1), id,
				app_today_ymd(), NULL);

			explicit_bzero(id, sizeof(id));
			return e;
		}
	case I_NAME:
		return ncre_validate_name(v);
	default:
		return NCRE_OK;
	}
}

static void show(struct signup *s, int i, enum ncre_err e)
{
	if (e == NCRE_OK)
		ui_msg_clear(&s->items[i].msg);
	else if (i == I_IDNUM && e == NCRE_E_ID_TYPE_INVALID)
		ui_msg_text(&s->items[i].msg, N_("Choose the ID type first."));
	else
		ui_msg_err(&s->items[i].msg, e);
}

static int add(cJSON *o, const char *k, const char *v)
{
	return cJSON_AddStringToObject(o, k, v) != NULL ? 0 : -1;
}

static void submit(struct app *app, struct signup *s)
{
	int first_bad = -1, rc = 0;
	cJSON *body;

	for (int i = 0; i < I_COUNT; i++) {
		enum ncre_err e;

		if (s->items[i].kind != ITEM_FIELD)
			continue;
		e = check(s, i, true);
		show(s, i, e);
		if (e != NCRE_OK && first_bad < 0)
			first_bad = i;
	}
	if (first_bad >= 0) {
		widget_form_focus(&s->form, first_bad);
		return;
	}
	body = cJSON_CreateObject();
	if (body == NULL)
		goto fail;
	rc |= add(body, "email", text(s, I_EMAIL));
	rc |= add(body, "phone", text(s, I_PHONE));
	rc |= add(body, "password", text(s, I_PW));
	rc |= add(body, "password2", text(s, I_PW2));
	if (s->items[I_IDTYPE].choice > 0 && text(s, I_IDNUM)[0] != '\0') {
		char id[FIELD_MAX_BYTES];

		snprintf(id, sizeof(id), "%s", text(s, I_IDNUM));
		ncre_id_normalize(id);
		rc |= add(body, "id_type",
			  ncre_id_type_code((enum ncre_id_type)(s->items[I_IDTYPE].choice - 1)));
		rc |= add(body, "id_number", id);
		explicit_bzero(id, sizeof(id));
	}
	if (text(s, I_NAME)[0] != '\0')
		rc |= add(body, "name", text(s, I_NAME));
	if (rc != 0)
		goto fail;
	snprintf(s->email, sizeof(s->email), "%s", text(s, I_EMAIL));
	if (app_request(app, s, "POST", "/v1/accounts", body, false, REQ_CREATE) == 0)
		return;
	body = NULL;    /* consumed by app_request even when it fails */
fail:
	api_json_wipe_free(&body);
	ui_msg_text(&app->status, N_("The request could not be started."));
}

/* The account is made: log in with what was just typed, so that the
 * candidate goes straight on to 开始报名. 0, or -1 when it could not start. */
static int log_in(struct app *app, struct signup *s)
{
	cJSON *body = cJSON_CreateObject();

	if (body == NULL || add(body, "login", text(s, I_EMAIL)) != 0 ||
	    add(body, "password", text(s, I_PW)) != 0) {
		api_json_wipe_free(&body);
		return -1;
	}
	return app_request(app, s, "POST", "/v1/sessions", body, false, REQ_LOGIN);
}

static enum screen_rc signup_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct signup *s = st;
	enum form_rc rc;
	int i;

	if (key_is_esc(kind, ch))
		return app_confirm_discard(app, s, &s->form, DLG_DISCARD) ? SCREEN_STAY : SCREEN_BACK;
	rc = widget_form_key(&s->form, kind, ch);
	i = s->form.focus;
	switch (rc) {
	case FORM_EDITED:
		show(s, i, check(s, i, false));
		/* The repeat and the ID number depend on the field before them. */
		if (i == I_PW && !field_empty(&s->items[I_PW2].field))
			show(s, I_PW2, check(s, I_PW2, false));
		if (i == I_IDTYPE)
			show(s, I_IDNUM, check(s, I_IDNUM, false));
		break;
	case FORM_CHOOSE:
		app_choose(app, s, DLG_IDTYPE, N_("ID type"), s->items[I_IDTYPE].nchoices,
			   s->items[I_IDTYPE].choice, idtype_label, NULL);
		break;
	case FORM_ACTION:
		if (widget_form_focused(&s->form)->action == ACT_SUBMIT)
			submit(app, s);
		else if (!app_confirm_discard(app, s, &s->form, DLG_DISCARD))
			return SCREEN_BACK;
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void signup_reply(struct app *app, void *st, struct api_result *res)
{
	struct signup *s = st;
	struct ui_msg m;

	if (res->tag == REQ_CREATE && res->status == API_OK && log_in(app, s) == 0)
		return;
	if (res->tag == REQ_LOGIN && res->status == API_OK && app_login(app, res->body) == 0) {
		struct screen_arg arg = { .mode = HOME_SIGNED_UP };

		app_reset(app, &screen_home, &arg);
		return;
	}
	if (res->status == API_OK || res->tag == REQ_LOGIN) {
		/* Created, but the log-in that follows did not work out: the
		 * candidate logs in on the login screen. */
		ui_msg_text(&m, N_("Your passport account has been created. Please log in."));
		app_message(app, s, DLG_CREATED, N_("Account created"), &m);
		return;
	}
	(void)app_form_verdict(app, &s->form, res);
}

static void signup_dialog(struct app *app, void *st, int tag, int result)
{
	struct signup *s = st;
	struct screen_arg arg;

	switch (tag) {
	case DLG_DISCARD:
		if (result == 1)
			app_pop(app);
		break;
	case DLG_CREATED:
		memset(&arg, 0, sizeof(arg));
		snprintf(arg.text, sizeof(arg.text), "%s", s->email);
		app_replace(app, &screen_login, &arg);
		explicit_bzero(&arg, sizeof(arg));
		break;
	case DLG_IDTYPE:
		if (result >= 0) {
			s->items[I_IDTYPE].choice = result;
			show(s, I_IDNUM, check(s, I_IDNUM, false));
			/* A passport holder's name is usually in Latin letters. */
			if (!field_composing(&s->items[I_NAME].field))
				s->items[I_NAME].field.ime.zh =
					result - 1 != (int)NCRE_ID_PASSPORT;
		}
		break;
	default:
		break;
	}
}

static const char *signup_hints(struct app *app, void *st)
{
	struct signup *s = st;

	(void)app;
	if (widget_form_enter_submits(&s->form))
		return N_("Tab/Up/Down: move  Enter: create account  Esc: back");
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_signup = {
	.name = "signup",
	.state_size = sizeof(struct signup),
	.init = signup_init,
	.fini = signup_fini,
	.layout = signup_layout,
	.paint = signup_paint,
	.key = signup_key,
	.reply = signup_reply,
	.dialog = signup_dialog,
	.hints = signup_hints,
};
