/*
 * ID capture (证件信息采集, R-REG-02): the ID type chosen from the five
 * types and the number. A 居民身份证 number's check digit (GB 11643) and
 * birth date are checked as it is typed; the server's verdict (ID_TAKEN,
 * ID_LOCKED, ...) is shown when it differs. When the ID is taken, the
 * screen asks for a claim code: a candidate whose site registered them
 * (集体报名) claims that registration with the code the site gave them.
 * mode 0: in the wizard (then the status page); mode 1: from the status page.
 */
#include <string.h>

#include "ncre/json.h"
#include "ncre/validate.h"
#include "app.h"
#include "screen-form.h"

enum { I_HEAD, I_TIP, I_TYPE, I_NUMBER, I_CLAIM_TIP, I_CLAIM, I_SAVE, I_BACK, I_COUNT };
enum { ACT_SAVE = 1, ACT_BACK };
enum { REQ_SAVE = 1 };
enum { DLG_DISCARD = 1, DLG_TYPE };

struct identity {
	struct form_screen fs;	/* first: form_screen_* */
	int mode;
	bool claim;		/* the claim code is asked for */
	struct form_item items[I_COUNT];
};

static const char *type_label(int i, enum lang lang, void *ud)
{
	(void)ud;
	return i18n_id_type(lang, (enum ncre_id_type)i);
}

static int identity_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct identity *s = st;
	struct form_item *it = s->items;
	enum ncre_id_type t;

	s->mode = arg != NULL ? arg->mode : 0;
	it[I_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					 .label = N_("ID document") };
	it[I_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Enter the ID document you will bring to the exam. A resident ID "
			    "card number has 18 characters; the last may be X.") };
	it[I_TYPE] = (struct form_item){ .kind = ITEM_SELECT, .key = "id_type",
					 .label = N_("ID type"), .required = true, .input_cols = 30,
					 .nchoices = NCRE_ID_TYPE_COUNT, .choice_label = type_label };
	it[I_NUMBER] = (struct form_item){ .kind = ITEM_FIELD, .key = "id_number",
					   .label = N_("ID number"), .required = true,
					   .input_cols = 24 };
	it[I_SAVE] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Save"),
					 .action = ACT_SAVE };
	it[I_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					 .action = ACT_BACK };
	/* Hidden (no rows, no focus) until the server says the ID is taken. */
	it[I_CLAIM_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL };
	it[I_CLAIM] = (struct form_item){ .kind = ITEM_TEXT, .key = "claim_code" };
	field_init(&it[I_NUMBER].field, 20, 0, false);
	field_set_input(&it[I_NUMBER].field, FIELD_INPUT_EN);
	field_init(&it[I_CLAIM].field, 16, 0, false);
	field_set_input(&it[I_CLAIM].field, FIELD_INPUT_EN);
	widget_form_init(&s->fs.form, s->items, I_COUNT);
	/* What the server has already, when changing it. */
	if (app->reg != NULL) {
		const char *code = ncre_json_str(app->reg, "id_type");
		const char *num = ncre_json_str(app->reg, "id_number");

		if (code != NULL && ncre_id_type_from_code(code, &t) == 0)
			it[I_TYPE].choice = (int)t;
		if (num != NULL)
			field_set(&it[I_NUMBER].field, num);
	}
	return 0;
}

/* Normalised copy of the number (spaces trimmed, letters upper-cased). */
static void number(const struct identity *s, char *out, size_t n)
{
	snprintf(out, n, "%s", field_text(&s->items[I_NUMBER].field));
	ncre_id_normalize(out);
}

static enum ncre_err check(const struct identity *s, bool submit)
{
	char id[FIELD_MAX_BYTES];
	enum ncre_err e;

	number(s, id, sizeof(id));
	if (id[0] == '\0')
		e = submit ? NCRE_E_FIELD_REQUIRED : NCRE_OK;
	else
		e = ncre_validate_id((enum ncre_id_type)s->items[I_TYPE].choice, id,
				     app_today_ymd(), NULL);
	explicit_bzero(id, sizeof(id));
	return e;
}

static void show(struct identity *s, enum ncre_err e)
{
	if (e == NCRE_OK)
		ui_msg_clear(&s->items[I_NUMBER].msg);
	else
		ui_msg_err(&s->items[I_NUMBER].msg, e);
}

/* Ask for the claim code under the number (kept once shown). */
static void claim_show(struct identity *s)
{
	struct form_item *it = s->items;

	if (s->claim)
		return;
	s->claim = true;
	it[I_CLAIM_TIP].label = N_("If your exam site registered you (group registration), enter "
				   "the claim code the site gave you: it proves the registration "
				   "is yours.");
	it[I_CLAIM].kind = ITEM_FIELD;
	it[I_CLAIM].label = N_("Claim code");
	it[I_CLAIM].input_cols = 16;
	widget_form_layout(&s->fs.form, s->fs.r.w);
	widget_form_focus(&s->fs.form, I_CLAIM);
}

static void save(struct app *app, struct identity *s)
{
	enum ncre_err e = check(s, true);
	char id[FIELD_MAX_BYTES];
	cJSON *body;

	show(s, e);
	if (e != NCRE_OK) {
		widget_form_focus(&s->fs.form, I_NUMBER);
		return;
	}
	number(s, id, sizeof(id));
	body = cJSON_CreateObject();
	if (body == NULL ||
	    cJSON_AddStringToObject(body, "id_type",
				    ncre_id_type_code((enum ncre_id_type)s->items[I_TYPE].choice)) == NULL ||
	    cJSON_AddStringToObject(body, "id_number", id) == NULL ||
	    (s->claim && field_text(&s->items[I_CLAIM].field)[0] != '\0' &&
	     cJSON_AddStringToObject(body, "claim_code",
				     field_text(&s->items[I_CLAIM].field)) == NULL)) {
		api_json_wipe_free(&body);
		explicit_bzero(id, sizeof(id));
		return;
	}
	explicit_bzero(id, sizeof(id));
	if (app_request(app, s, "PUT", "/v1/registration/identity", body, true, REQ_SAVE) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc identity_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct identity *s = st;

	if (key_is_esc(kind, ch))
		return app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD) ? SCREEN_STAY : SCREEN_BACK;
	switch (widget_form_key(&s->fs.form, kind, ch)) {
	case FORM_EDITED:
		show(s, check(s, false));
		break;
	case FORM_CHOOSE:
		app_choose(app, s, DLG_TYPE, N_("ID type"), NCRE_ID_TYPE_COUNT,
			   s->items[I_TYPE].choice, type_label, NULL);
		break;
	case FORM_ACTION:
		if (widget_form_focused(&s->fs.form)->action == ACT_SAVE)
			save(app, s);
		else if (!app_confirm_discard(app, s, &s->fs.form, DLG_DISCARD))
			return SCREEN_BACK;
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void identity_reply(struct app *app, void *st, struct api_result *res)
{
	struct identity *s = st;

	if (res->tag != REQ_SAVE)
		return;
	if (res->status != API_OK) {
		(void)app_form_verdict(app, &s->fs.form, res);
		/* Taken: by another candidate, or by the site's group registration. */
		if (res->status == API_ERROR && res->err == NCRE_E_ID_TAKEN &&
		    strcmp(res->field, "id_number") == 0)
			claim_show(s);
		return;
	}
	app_set_reg(app, cJSON_GetObjectItemCaseSensitive(res->body, "registration"));
	if (s->mode == 1) {
		app_pop(app);
	} else {
		/* The wizard goes on to the personal information; the status
		 * page is under it, for Back and after saving. */
		struct screen_arg next = { .mode = 2 };

		app_replace(app, &screen_status, &next);
	}
}

static void identity_dialog(struct app *app, void *st, int tag, int result)
{
	struct identity *s = st;

	if (tag == DLG_DISCARD && result == 1) {
		app_pop(app);
	} else if (tag == DLG_TYPE && result >= 0) {
		s->items[I_TYPE].choice = result;
		show(s, check(s, false));
	}
}

static const char *identity_hints(struct app *app, void *st)
{
	struct identity *s = st;

	(void)app;
	if (widget_form_enter_submits(&s->fs.form))
		return N_("Tab/Up/Down: move  Enter: save  Esc: back");
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_identity = {
	.name = "identity",
	.state_size = sizeof(struct identity),
	.init = identity_init,
	.fini = form_screen_fini,
	.layout = form_screen_layout,
	.paint = form_screen_paint,
	.key = identity_key,
	.reply = identity_reply,
	.dialog = identity_dialog,
	.hints = identity_hints,
};
