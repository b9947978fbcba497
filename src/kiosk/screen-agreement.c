/*
 * The registration agreement (报名协议, R-REG-01): the exam office's text
 * as the server serves it (versioned), scrollable; the candidate ticks
 * acceptance (勾选接受) and chooses 同意 or 不同意. Declining leaves the
 * flow for the home screen. Accepting sends the version read.
 * mode 1: view only (查看报名协议 from the status page).
 */
#include <stdlib.h>
#include <string.h>

#include "ncre/json.h"
#include "app.h"
#include "keys.h"

enum { I_TICK, I_AGREE, I_DECLINE, I_COUNT };
enum { ACT_AGREE = 1, ACT_DECLINE, ACT_BACK };
enum { REQ_TEXT = 1, REQ_ACCEPT };
enum { DLG_DECLINE = 1 };

struct agreement {
	int mode;
	bool loaded;
	char version[64];
	char *text_zh, *text_en;
	char title_zh[128], title_en[128];
	struct textview tv;
	struct rect tv_r, form_r;
	struct form_item items[I_COUNT];
	struct form form;
	int view_width;
	enum lang view_lang;
};

static void agreement_fetch(struct app *app, struct agreement *a)
{
	if (app_request(app, a, "GET", "/v1/agreement", NULL, false, REQ_TEXT) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int agreement_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct agreement *a = st;

	a->mode = arg != NULL ? arg->mode : 0;
	if (a->mode == 1) {
		a->items[0] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
						  .action = ACT_BACK };
		widget_form_init(&a->form, a->items, 1);
	} else {
		a->items[I_TICK] = (struct form_item){ .kind = ITEM_CHECK,
			.label = N_("I have read, accept and will abide by this site's "
				    "<<User service agreement>> <<User privacy policy>> and the "
				    "registration agreement") };
		a->items[I_AGREE] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Agree"),
							.action = ACT_AGREE };
		a->items[I_DECLINE] = (struct form_item){ .kind = ITEM_BUTTON,
							  .label = N_("Disagree"),
							  .action = ACT_DECLINE };
		widget_form_init(&a->form, a->items, I_COUNT);
	}
	agreement_fetch(app, a);
	return 0;
}

static void agreement_fini(struct app *app, void *st)
{
	struct agreement *a = st;

	(void)app;
	widget_text_clear(&a->tv);
	free(a->text_zh);
	free(a->text_en);
}

/* (Re)wrap the text for the width and language of the moment. */
static void agreement_wrap(struct app *app, struct agreement *a)
{
	int top = a->tv.top;

	widget_text_clear(&a->tv);
	if (a->loaded) {
		(void)widget_text_add(&a->tv, ROLE_NORMAL,
				      i18n_pick(app->ui.lang, a->text_zh, a->text_en),
				      a->tv_r.w - 1, 0);
		(void)widget_text_blank(&a->tv);
		(void)widget_text_add(&a->tv, ROLE_NOTICE,
				      _("Important: register your passport account, and register and "
					"pay, with your own real e-mail address that you can read; "
					"otherwise registration and payment cannot be completed."),
				      a->tv_r.w - 1, 0);
	} else
		(void)widget_text_add(&a->tv, ROLE_STATUS, _("Loading the agreement..."),
				      a->tv_r.w - 1, 0);
	a->tv.top = top;
	a->view_width = a->tv_r.w;
	a->view_lang = app->ui.lang;
}

static void agreement_layout(struct app *app, void *st, const struct rect *body)
{
	struct agreement *a = st;
	int fh;

	widget_form_layout(&a->form, body->w);
	fh = a->form.height;
	a->tv_r = (struct rect){ body->y + 2, body->x, body->h - fh - 3, body->w };
	a->form_r = (struct rect){ body->y + body->h - fh, body->x, fh, body->w };
	agreement_wrap(app, a);
}

static void agreement_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct agreement *a = st;
	struct ui *ui = &app->ui;
	char buf[128];

	if (a->view_lang != ui->lang)
		agreement_wrap(app, a);
	ui_put(w, b->y, b->x, b->w,
	       a->loaded ? i18n_pick(ui->lang, a->title_zh, a->title_en) : _("Registration agreement"),
	       ui_attr(ui, ROLE_HEADING));
	if (a->loaded) {
		snprintf(buf, sizeof(buf), _("Version %s"), a->version);
		ui_put(w, b->y, b->x + b->w - 24, 24, buf, ui_attr(ui, ROLE_LABEL));
	}
	widget_text_paint(&a->tv, ui, w, &a->tv_r);
	ui_fill(w, a->tv_r.y + a->tv_r.h, b->x, b->w, A_NORMAL);
	widget_form_paint(&a->form, ui, w, &a->form_r);
}

static void agreement_accept(struct app *app, struct agreement *a)
{
	cJSON *body;

	if (!a->loaded) {
		agreement_fetch(app, a);
		return;
	}
	if (!a->items[I_TICK].checked) {
		ui_msg_text(&a->items[I_TICK].msg, N_("Please tick the box to accept the agreement."));
		widget_form_focus(&a->form, I_TICK);
		return;
	}
	body = cJSON_CreateObject();
	if (body == NULL || cJSON_AddStringToObject(body, "version", a->version) == NULL ||
	    cJSON_AddBoolToObject(body, "accept", 1) == NULL) {
		api_json_wipe_free(&body);
		return;
	}
	if (app_request(app, a, "POST", "/v1/registration/agreement", body, true, REQ_ACCEPT) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc agreement_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct agreement *a = st;
	int page = a->tv_r.h > 1 ? a->tv_r.h - 1 : 1;

	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:    widget_text_scroll(&a->tv, -1, a->tv_r.h); return SCREEN_STAY;
		case KEY_DOWN:  widget_text_scroll(&a->tv, 1, a->tv_r.h); return SCREEN_STAY;
		case KEY_PPAGE: widget_text_scroll(&a->tv, -page, a->tv_r.h); return SCREEN_STAY;
		case KEY_NPAGE: widget_text_scroll(&a->tv, page, a->tv_r.h); return SCREEN_STAY;
		case KEY_HOME:  widget_text_scroll(&a->tv, -1000000, a->tv_r.h); return SCREEN_STAY;
		case KEY_END:   widget_text_scroll(&a->tv, 1000000, a->tv_r.h); return SCREEN_STAY;
		default: break;
		}
	}
	/* Ctrl-B / Ctrl-F page too, for terminals without PgUp/PgDn. */
	if (kind == OK && (ch == KEY_CTRL_B || ch == KEY_CTRL_F)) {
		widget_text_scroll(&a->tv, ch == KEY_CTRL_B ? -page : page, a->tv_r.h);
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	switch (widget_form_key(&a->form, kind, ch)) {
	case FORM_TOGGLED:
		ui_msg_clear(&a->items[I_TICK].msg);
		break;
	case FORM_ACTION:
		switch (widget_form_focused(&a->form)->action) {
		case ACT_AGREE:
			agreement_accept(app, a);
			break;
		case ACT_DECLINE: { /* R-REG-01: declining leaves the flow */
			struct ui_msg m;

			/* Asked first: Shift-Tab from the tick wraps round to
			 * this button, and Space presses it. */
			ui_msg_text(&m, N_("Without accepting the agreement you cannot register. "
					   "Decline and leave?"));
			app_confirm(app, a, DLG_DECLINE, N_("Decline"), &m);
			break;
		}
		case ACT_BACK:
			return SCREEN_BACK;
		}
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static char *dup_str(const char *s)
{
	return strdup(s != NULL ? s : "");
}

static void agreement_reply(struct app *app, void *st, struct api_result *res)
{
	struct agreement *a = st;

	if (res->status != API_OK) {
		if (res->status == API_ERROR && res->err_known &&
		    res->err == NCRE_E_AGREEMENT_VERSION) {
			/* The office changed the text: show the new one, tick again. */
			a->items[I_TICK].checked = false;
			agreement_fetch(app, a);
		}
		app_show_failure(app, res);
		return;
	}
	if (res->tag == REQ_TEXT) {
		const cJSON *ag = cJSON_GetObjectItemCaseSensitive(res->body, "agreement");
		char *zh = dup_str(ncre_json_str(ag, "text_zh"));
		char *en = dup_str(ncre_json_str(ag, "text_en"));

		if (zh == NULL || en == NULL || ncre_json_str(ag, "version") == NULL) {
			free(zh);
			free(en);
			ui_msg_text(&app->status,
				    N_("The server sent a reply the kiosk does not understand."));
			return;
		}
		free(a->text_zh);
		free(a->text_en);
		a->text_zh = zh;
		a->text_en = en;
		snprintf(a->version, sizeof(a->version), "%s", ncre_json_str(ag, "version"));
		snprintf(a->title_zh, sizeof(a->title_zh), "%s",
			 ncre_json_str(ag, "title_zh") ? ncre_json_str(ag, "title_zh") : "");
		snprintf(a->title_en, sizeof(a->title_en), "%s",
			 ncre_json_str(ag, "title_en") ? ncre_json_str(ag, "title_en") : "");
		a->loaded = true;
		a->tv.top = 0;
		agreement_wrap(app, a);
		return;
	}
	if (res->tag == REQ_ACCEPT) {
		struct screen_arg arg = { 0 };

		app_set_reg(app, cJSON_GetObjectItemCaseSensitive(res->body, "registration"));
		app_replace(app, &screen_identity, &arg);
	}
}

static void agreement_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if (tag == DLG_DECLINE && result == 1)
		app_pop(app);
}

static const char *agreement_hints(struct app *app, void *st)
{
	struct agreement *a = st;

	(void)app;
	if (a->mode == 1)
		return N_("PgUp/PgDn: scroll  Enter/Esc: back");
	return N_("PgUp/PgDn: scroll  Tab: move  Space: tick  Enter: choose");
}

const struct screen screen_agreement = {
	.name = "agreement",
	.state_size = sizeof(struct agreement),
	.init = agreement_init,
	.fini = agreement_fini,
	.layout = agreement_layout,
	.paint = agreement_paint,
	.key = agreement_key,
	.reply = agreement_reply,
	.dialog = agreement_dialog,
	.hints = agreement_hints,
};
