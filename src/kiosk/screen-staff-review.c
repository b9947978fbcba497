/*
 * Staff mode: one registration of the site (GET /v1/staff/registrations/
 * {id}) with every field and the photo (GET .../photo, drawn with the
 * half-block preview of preview.c / widget-preview.c), and the staff
 * actions the server lists: approve (behind a confirmation) or reject
 * with a reason (screen_staff_reject, below). A colleague who decided
 * first (AUDIT_STATE) or a candidate who deleted the registration
 * (REG_WITHDRAWN) is said plainly; the page then shows what is true now.
 *
 * On-site payment: the registration's orders (drawn as 查看订单详情 draws
 * them), and for an open one 确认现场缴费: which order (when several are
 * open), cash or card, are you sure, then POST /v1/staff/orders/{no}/confirm.
 * ORDER_PAID (paid online or by a colleague meanwhile) and ORDER_EXPIRED
 * are said in words of the desk; the page then shows the order as it is.
 *
 * Desk printing (R-TKT-01): once the server lists print_ticket (tickets
 * published, a paid subject scheduled; whatever the site's self_print),
 * 打印准考证 opens the ticket screen for this registration, which reads it
 * with the staff endpoints and prints it at this desk.
 *
 * 集体报名 not yet claimed: 发放认领码 issues a new claim code (the first
 * was in the import's report) after the ID document was checked in person.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ncre/form.h"
#include "ncre/json.h"
#include "app.h"
#include "cntime.h"
#include "registration.h"
#include "widget-preview.h"
#include "keys.h"

/* At most: approve, reject, print the ticket, confirm a desk payment, back. */
#define MAX_BUTTONS 6
#define MAX_OPEN 8

enum { ACT_BACK = 1, ACT_APPROVE, ACT_REJECT, ACT_DESK, ACT_TICKET, ACT_RESET_CODE, ACT_CLAIM_CODE };
enum { REQ_REG = 1, REQ_PHOTO, REQ_APPROVE, REQ_DESK, REQ_RESET_CODE, REQ_CLAIM_CODE };
enum {
	DLG_APPROVE = 1, DLG_GONE, DLG_INFO, DLG_DESK_ORDER, DLG_DESK_CHANNEL, DLG_DESK_SURE,
	DLG_ID_CHECKED, DLG_CLAIM_CHECKED
};

/* The channels of an on-site payment, as the server names them. */
static const struct {
	const char *code, *label;
} desk_channels[] = {
	{ "cash", N_("Cash") },
	{ "card", N_("Card") },
};
#define DESK_CHANNELS ((int)(sizeof(desk_channels) / sizeof(desk_channels[0])))
/* Sentences with a channel's name in them (name, order, yuan, channel). */
#define DESK_SURE N_("Confirm that %s paid order %s, %lld yuan, at the desk (%s)? The " \
		     "order is then paid; this cannot be undone.")
#define DESK_PAID N_("Order %s is paid at the desk (%s).")

/* An open order of the registration: what 确认现场缴费 can confirm. */
struct desk_order {
	char no[40];
	long long amount;
	char label[64];              /* "NO  70元" in the list, built in the language of now */
};

struct staff_review {
	char id[24];
	cJSON *reg;                  /* the staff view (personal data) */
	struct ncre_form *def;       /* labels of the saved information */
	struct textview tv;
	struct rect tv_r, form_r;
	struct form_item items[MAX_BUTTONS];
	struct form form;
	enum lang built_lang;
	struct photo_panel photo;    /* kept for a new layout; wiped */
	/* On-site payment: the open orders, the one picked and the channel. */
	struct desk_order open[MAX_OPEN];
	int nopen, pick, channel;
};

static const struct {
	const char *code, *label;
} audit_names[] = {
	{ "not_submitted", N_("Not submitted") },
	{ "pending", N_("Pending") },
	{ "approved", N_("Approved") },
	{ "rejected", N_("Rejected") },
};

static const char *audit_label(const char *code)
{
	if (code == NULL)
		return _("No audit at this site");
	for (size_t i = 0; i < sizeof(audit_names) / sizeof(audit_names[0]); i++)
		if (strcmp(audit_names[i].code, code) == 0)
			return _(audit_names[i].label);
	return code;
}

static void add_pair(struct staff_review *s, const char *label, const char *value,
		     enum ui_role role)
{
	(void)widget_text_add_pair(&s->tv, label, role, value != NULL && value[0] ? value : "-");
}

/* The saved personal information (reg_info_add, screen-view.c). */
static void add_info(struct app *app, struct staff_review *s, int w)
{
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(s->reg, "info")))
		return;
	(void)widget_text_add(&s->tv, ROLE_LABEL, _("Personal information:"), w, 0);
	reg_info_add(&s->tv, s->def, s->reg, app->ui.lang, w);
}

/* The payment state and every order, newest first (screen-orders.c draws them). */
static void add_orders(struct app *app, struct staff_review *s, int w)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(s->reg, "orders"), *o;
	char line[160];
	int k = 0;

	snprintf(line, sizeof(line), _("Payment state: %s"),
		 screen_orders_payment_word(ncre_json_str(s->reg, "payment")));
	(void)widget_text_add(&s->tv, ROLE_LABEL, line, w, 0);
	if (!cJSON_IsArray(list))
		return;
	(void)widget_text_add(&s->tv, ROLE_LABEL, _("Orders:"), w, 0);
	if (cJSON_GetArraySize(list) == 0)
		(void)widget_text_add(&s->tv, ROLE_NORMAL, _("There are no orders yet."), w, 2);
	cJSON_ArrayForEach(o, list)
		screen_orders_add(&s->tv, o, ++k, app->ui.lang, w);
	(void)widget_text_blank(&s->tv);
}

static void review_build(struct app *app, struct staff_review *s)
{
	const cJSON *r = s->reg, *o;
	char buf[512], when[48];
	int w = s->tv_r.w - 1, top = s->tv.top;
	const char *audit;

	widget_text_clear(&s->tv);
	s->built_lang = app->ui.lang;
	snprintf(buf, sizeof(buf), _("Registration %s"), s->id);
	(void)widget_text_add(&s->tv, ROLE_HEADING, buf, w, 0);
	if (r == NULL) {
		(void)widget_text_add(&s->tv, ROLE_STATUS, _("Loading..."), w, 0);
		return;
	}
	audit = ncre_json_str(r, "audit");
	add_pair(s, _("Candidate name: "), ncre_json_str(r, "name"), ROLE_NORMAL);
	snprintf(buf, sizeof(buf), "%s %s",
		 i18n_pick(app->ui.lang, ncre_json_str(r, "id_type_zh"), ncre_json_str(r, "id_type_en")),
		 ncre_json_str(r, "id_number") ? ncre_json_str(r, "id_number") : "");
	add_pair(s, _("ID document: "), buf, ROLE_NORMAL);
	explicit_bzero(buf, sizeof(buf));
	o = cJSON_GetObjectItemCaseSensitive(r, "site");
	if (cJSON_IsObject(o)) {
		reg_coded_name(o, app->ui.lang, buf, sizeof(buf));
		add_pair(s, _("Exam site: "), buf, ROLE_NORMAL);
	}
	/* 集体报名: the site registered the candidate from a file (考生注册 goes unsaid). */
	if (ncre_json_str(r, "method") != NULL && strcmp(ncre_json_str(r, "method"), "group") == 0)
		add_pair(s, _("Registration method: "), _("Group registration"), ROLE_NORMAL);
	add_pair(s, _("Audit state: "), audit_label(audit),
		 audit != NULL && strcmp(audit, "pending") == 0 ? ROLE_NOTICE :
		 audit != NULL && strcmp(audit, "rejected") == 0 ? ROLE_ERROR : ROLE_OK);
	if (ncre_json_str(r, "audit_reason") != NULL)
		add_pair(s, _("Reason: "), ncre_json_str(r, "audit_reason"), ROLE_ERROR);
	if (ncre_json_str(r, "audit_submitted_at") != NULL) {
		cntime_format(ncre_json_str(r, "audit_submitted_at"), when, sizeof(when));
		add_pair(s, _("Submitted: "), when, ROLE_NORMAL);
	}
	if (ncre_json_str(r, "audit_decided_at") != NULL) {
		cntime_format(ncre_json_str(r, "audit_decided_at"), when, sizeof(when));
		add_pair(s, _("Decided: "), when, ROLE_NORMAL);
	}
	add_pair(s, _("Information locked: "),
		 ncre_json_bool(r, "locked", false) ? _("Locked") : _("Not locked"), ROLE_NORMAL);
	add_pair(s, _("Photo: "),
		 ncre_json_bool(r, "photo", false) ? _("Photo uploaded") : _("No photo yet"),
		 ROLE_NORMAL);
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "subjects")) > 0) {
		(void)widget_text_add(&s->tv, ROLE_LABEL, _("Subjects:"), w, 0);
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(r, "subjects")) {
			reg_coded_name(o, app->ui.lang, buf, sizeof(buf));
			(void)widget_text_add(&s->tv, ROLE_NORMAL, buf, w, 2);
		}
	}
	add_orders(app, s, w);
	add_info(app, s, w);
	s->tv.top = top;
}

/* The open orders (the server says "expired" for one past its time). */
static void collect_open(struct staff_review *s)
{
	const cJSON *o;

	s->nopen = 0;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s->reg, "orders")) {
		const char *st = ncre_json_str(o, "state"), *no = ncre_json_str(o, "no");
		struct desk_order *d = &s->open[s->nopen];

		if (s->nopen >= MAX_OPEN || st == NULL || no == NULL || strcmp(st, "open") != 0 ||
		    strlen(no) >= sizeof(d->no))
			continue;
		memcpy(d->no, no, strlen(no) + 1);         /* length checked above */
		d->amount = 0;
		(void)ncre_json_int(o, "amount", &d->amount);
		s->nopen++;
	}
}

/* Buttons for the staff actions the server lists now (审核通过, 审核不通过,
 * 打印准考证), 确认现场缴费 while an order is open, and Back. */
static void review_buttons(struct staff_review *s)
{
	const cJSON *a;
	int n = 0, focus = s->form.focus;

	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(s->reg, "actions")) {
		const char *code = cJSON_GetStringValue(a);

		if (code != NULL && strcmp(code, "approve") == 0 && n < MAX_BUTTONS - 2)
			s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
				.label = N_("Approve"), .action = ACT_APPROVE };
		else if (code != NULL && strcmp(code, "reject") == 0 && n < MAX_BUTTONS - 2)
			s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
				.label = N_("Reject"), .action = ACT_REJECT };
		else if (code != NULL && strcmp(code, "print_ticket") == 0 && n < MAX_BUTTONS - 2)
			s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
				.label = N_("Print admission ticket"), .action = ACT_TICKET };
		else if (code != NULL && strcmp(code, "recovery_code") == 0 && n < MAX_BUTTONS - 2)
			s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
				.label = N_("Password reset code"), .action = ACT_RESET_CODE };
		else if (code != NULL && strcmp(code, "claim_code") == 0 && n < MAX_BUTTONS - 2)
			s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
				.label = N_("Claim code"), .action = ACT_CLAIM_CODE };
	}
	collect_open(s);
	if (s->nopen > 0)
		s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
			.label = N_("Confirm desk payment"), .action = ACT_DESK };
	s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					    .action = ACT_BACK };
	widget_form_init(&s->form, s->items, n);
	if (focus >= 0 && focus < n)
		s->form.focus = focus;
}

static void review_fetch(struct app *app, struct staff_review *s)
{
	char path[96];

	snprintf(path, sizeof(path), "/v1/staff/registrations/%s", s->id);
	if (app_request(app, s, "GET", path, NULL, true, REQ_REG) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int review_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct staff_review *s = st;
	char err[256];

	if (arg == NULL || arg->text[0] == '\0' ||
	    strspn(arg->text, "0123456789") != strlen(arg->text) || strlen(arg->text) >= sizeof(s->id))
		return -1;
	memcpy(s->id, arg->text, strlen(arg->text) + 1);   /* length checked above */
	photo_panel_init(&s->photo);
	if (app_form_load(app, &s->def, err, sizeof(err)) != 0)
		s->def = NULL;          /* the values are shown as sent */
	review_buttons(s);
	review_fetch(app, s);
	return 0;
}

static void review_fini(struct app *app, void *st)
{
	struct staff_review *s = st;

	(void)app;
	widget_text_clear(&s->tv);
	api_json_wipe_free(&s->reg);
	photo_panel_wipe(&s->photo);
	ncre_form_free(&s->def);
}

static void review_layout(struct app *app, void *st, const struct rect *body)
{
	struct staff_review *s = st;

	widget_form_layout(&s->form, body->w);
	photo_panel_layout(&s->photo, body, s->form.height, &s->tv_r, &s->form_r);
	review_build(app, s);
}

static void review_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct staff_review *s = st;

	if (s->built_lang != app->ui.lang)
		review_build(app, s);
	widget_text_paint(&s->tv, &app->ui, w, &s->tv_r);
	photo_panel_paint(&s->photo, &app->ui, w, b, s->reg);
	widget_form_paint(&s->form, &app->ui, w, &s->form_r);
}

static void ask_approve(struct app *app, struct staff_review *s)
{
	struct ui_msg m;
	const char *name = ncre_json_str(s->reg, "name") ? ncre_json_str(s->reg, "name") : "";

	ui_msg_printf(&m, N_("Approve the registration of %s? Personal information and "
			     "photo then stay locked, and the candidate can pay."), name);
	app_confirm(app, s, DLG_APPROVE, N_("Approve"), &m);
}

/* ---- codes issued at the desk: password reset (R-ACC-01), claim code -- */

static bool decided_elsewhere(struct app *app, struct staff_review *s,
			      const struct api_result *res);

/*
 * A code issued at the desk, a password reset code or (claim) a new claim
 * code of a group registration: only after the ID document was checked in
 * person, which the server wants said (id_checked).
 */
static void ask_id_checked(struct app *app, struct staff_review *s, bool claim)
{
	struct ui_msg m;
	const char *name = ncre_json_str(s->reg, "name") ? ncre_json_str(s->reg, "name") : "";

	ui_msg_printf(&m, claim ? N_("Have you checked the ID document of %s in person against the "
				     "registration? A new claim code is then issued, the old one is "
				     "void, and it is recorded in the audit log.")
				: N_("Have you checked the ID document of %s in person against "
				     "the registration? A one-time password reset code is then issued "
				     "and recorded in the audit log."), name);
	app_confirm(app, s, claim ? DLG_CLAIM_CHECKED : DLG_ID_CHECKED,
		    claim ? N_("Claim code") : N_("Password reset code"), &m);
}

static void desk_code_send(struct app *app, struct staff_review *s, bool claim)
{
	char path[112];
	cJSON *body = cJSON_CreateObject();

	if (body == NULL || cJSON_AddTrueToObject(body, "id_checked") == NULL) {
		cJSON_Delete(body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	snprintf(path, sizeof(path), "/v1/staff/registrations/%s/%s", s->id,
		 claim ? "claim-code" : "recovery-code");
	if (app_request(app, s, "POST", path, body, true,
			claim ? REQ_CLAIM_CODE : REQ_RESET_CODE) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

/* The code, shown once: the candidate types it at 找回密码 with the account's login. */
static void reset_code_reply(struct app *app, struct staff_review *s,
			     const struct api_result *res)
{
	struct ui_msg m;
	const char *code = ncre_json_str(res->body, "code");
	const char *email = ncre_json_str(res->body, "email_masked");
	const char *phone = ncre_json_str(res->body, "phone_masked");
	char until[32];

	if (res->status != API_OK || code == NULL) {
		if (!decided_elsewhere(app, s, res))
			app_show_failure(app, res);
		return;
	}
	app_format_time(ncre_json_str(res->body, "expires_at"), until, sizeof(until));
	ui_msg_printf(&m, N_("Password reset code: %s\nValid until %s, once.\n"
			     "Account: %s or %s\nAt the login screen the candidate chooses Forgot "
			     "the password, then I have a code from the site."),
		      code, until, email ? email : "-", phone ? phone : "-");
	app_message(app, s, DLG_INFO, N_("Password reset code"), &m);
}

/* ---- a new claim code of a group registration (集体报名) ------------- */

/* Shown once: the candidate gives it with their ID number at 证件信息采集. */
static void claim_code_reply(struct app *app, struct staff_review *s,
			     const struct api_result *res)
{
	struct ui_msg m;
	const char *code = ncre_json_str(res->body, "claim_code");
	char until[32];

	if (res->status != API_OK || code == NULL) {
		if (!decided_elsewhere(app, s, res))
			app_show_failure(app, res);
		review_fetch(app, s);
		return;
	}
	app_format_time(ncre_json_str(res->body, "expires_at"), until, sizeof(until));
	ui_msg_printf(&m, N_("Claim code: %s\nValid until %s, once.\nHand it to the candidate in "
			     "person: logged in with their passport account, they enter their ID "
			     "number and this code, and the group registration becomes theirs."),
		      code, until);
	app_message(app, s, DLG_INFO, N_("Claim code"), &m);
}

/* ---- on-site payment: which order, cash or card, are you sure ------ */

static const char *desk_order_label(int i, enum lang lang, void *ud)
{
	struct staff_review *s = ud;

	(void)lang;
	if (i < 0 || i >= s->nopen)
		return "";
	snprintf(s->open[i].label, sizeof(s->open[i].label), _("%s  %lld yuan"), s->open[i].no,
		 s->open[i].amount);
	return s->open[i].label;
}

static const char *desk_channel_label(int i, enum lang lang, void *ud)
{
	(void)lang;
	(void)ud;
	return i >= 0 && i < DESK_CHANNELS ? _(desk_channels[i].label) : "";
}

static void desk_channel(struct app *app, struct staff_review *s, int pick)
{
	s->pick = pick;
	app_choose(app, s, DLG_DESK_CHANNEL, N_("How was it paid?"), DESK_CHANNELS, 0,
		   desk_channel_label, s);
}

static void desk_start(struct app *app, struct staff_review *s)
{
	if (s->nopen == 1)
		desk_channel(app, s, 0);
	else if (s->nopen > 1)
		app_choose(app, s, DLG_DESK_ORDER, N_("Which order?"), s->nopen, 0,
			   desk_order_label, s);
}

static enum screen_rc review_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct staff_review *s = st;
	struct screen_arg arg = { 0 };
	int page = s->tv_r.h > 1 ? s->tv_r.h - 1 : 1;

	if (kind == KEY_CODE_YES && (ch == KEY_PPAGE || ch == KEY_NPAGE)) {
		widget_text_scroll(&s->tv, ch == KEY_PPAGE ? -page : page, s->tv_r.h);
		return SCREEN_STAY;
	}
	if (kind == OK && ch == KEY_CTRL_R) {
		review_fetch(app, s);
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	if (widget_form_key(&s->form, kind, ch) != FORM_ACTION)
		return SCREEN_STAY;
	switch (widget_form_focused(&s->form)->action) {
	case ACT_BACK:
		return SCREEN_BACK;
	case ACT_APPROVE:
		ask_approve(app, s);
		break;
	case ACT_REJECT:
		snprintf(arg.text, sizeof(arg.text), "%s", s->id);
		app_push(app, &screen_staff_reject, &arg);
		break;
	case ACT_DESK:
		desk_start(app, s);
		break;
	case ACT_RESET_CODE:
		ask_id_checked(app, s, false);
		break;
	case ACT_CLAIM_CODE:
		ask_id_checked(app, s, true);
		break;
	case ACT_TICKET:		/* R-TKT-01: the staff endpoints, this registration */
		snprintf(arg.text, sizeof(arg.text), "%s", s->id);
		app_push(app, &screen_ticket, &arg);
		break;
	}
	return SCREEN_STAY;
}

/* AUDIT_STATE and REG_WITHDRAWN: said plainly, then the truth of now. */
static bool decided_elsewhere(struct app *app, struct staff_review *s, const struct api_result *res)
{
	struct ui_msg m;

	if (res->status != API_ERROR || !res->err_known)
		return false;
	if (res->err == NCRE_E_REG_WITHDRAWN || res->err == NCRE_E_NOT_FOUND) {
		app_result_msg(res, &m);
		app_message(app, s, DLG_GONE, N_("Not accepted"), &m);
		return true;
	}
	if (res->err == NCRE_E_AUDIT_STATE) {
		ui_msg_text(&m, N_("This registration is no longer waiting for audit: another staff "
				   "member may have decided it a moment ago. The page now shows its "
				   "current state."));
		m.server = true;
		app_message(app, s, DLG_INFO, N_("Already decided"), &m);
		review_fetch(app, s);
		return true;
	}
	return false;
}

static void desk_ask(struct app *app, struct staff_review *s, int channel)
{
	struct ui_msg m;
	const struct desk_order *d = &s->open[s->pick];
	const char *name = ncre_json_str(s->reg, "name") ? ncre_json_str(s->reg, "name") : "";

	s->channel = channel;
	/* The channel's name goes into the sentence in each language. */
	ui_msg_clear(&m);
	m.kind = MSG_PAIR;
	snprintf(m.zh, sizeof(m.zh), i18n_text(LANG_ZH, DESK_SURE), name, d->no, d->amount,
		 i18n_text(LANG_ZH, desk_channels[channel].label));
	snprintf(m.en, sizeof(m.en), i18n_text(LANG_EN, DESK_SURE), name, d->no, d->amount,
		 i18n_text(LANG_EN, desk_channels[channel].label));
	app_confirm(app, s, DLG_DESK_SURE, N_("Confirm desk payment"), &m);
}

static void desk_send(struct app *app, struct staff_review *s)
{
	char path[96];
	cJSON *body = cJSON_CreateObject();

	if (body == NULL ||
	    cJSON_AddStringToObject(body, "channel", desk_channels[s->channel].code) == NULL) {
		cJSON_Delete(body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	snprintf(path, sizeof(path), "/v1/staff/orders/%s/confirm", s->open[s->pick].no);
	if (app_request(app, s, "POST", path, body, true, REQ_DESK) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

/* The reply of the confirmation: paid, or why not in the desk's words. */
static void desk_reply(struct app *app, struct staff_review *s, const struct api_result *res)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(res->body, "order");
	struct ui_msg m;

	if (res->status == API_OK) {
		const char *no = ncre_json_str(o, "no") ? ncre_json_str(o, "no") : "";

		ui_msg_clear(&m);
		m.kind = MSG_PAIR;
		snprintf(m.zh, sizeof(m.zh), i18n_text(LANG_ZH, DESK_PAID), no,
			 i18n_text(LANG_ZH, desk_channels[s->channel].label));
		snprintf(m.en, sizeof(m.en), i18n_text(LANG_EN, DESK_PAID), no,
			 i18n_text(LANG_EN, desk_channels[s->channel].label));
		review_fetch(app, s);        /* the page shows it paid; starting clears the status */
		app->status = m;
		return;
	}
	if (res->status == API_ERROR && res->err_known && res->err == NCRE_E_ORDER_PAID) {
		ui_msg_text(&m, N_("This order is already paid (online, or confirmed by another "
				   "staff member a moment ago). Take no money for it. The page now "
				   "shows its current state."));
		m.server = true;
		app_message(app, s, DLG_INFO, N_("Already paid"), &m);
		review_fetch(app, s);
		return;
	}
	if (res->status == API_ERROR && res->err_known && res->err == NCRE_E_ORDER_EXPIRED) {
		ui_msg_text(&m, N_("This order has expired and can no longer be paid. Take no money "
				   "for it: the candidate has to start the payment again, which makes "
				   "a new order. The page now shows its current state."));
		m.server = true;
		app_message(app, s, DLG_INFO, N_("Order expired"), &m);
		review_fetch(app, s);
		return;
	}
	if (!decided_elsewhere(app, s, res))
		app_show_failure(app, res);
}

static void review_reply(struct app *app, void *st, struct api_result *res)
{
	struct staff_review *s = st;
	struct rect body = app->body;
	const cJSON *reg;

	if (res->tag == REQ_PHOTO) {
		/* No photo is no failure here: the page says so. */
		if (res->status == API_OK && res->raw != NULL)
			photo_panel_take_jpeg(&s->photo, &res->raw, &res->raw_len);
		return;
	}
	if (res->tag == REQ_DESK) {
		desk_reply(app, s, res);
		return;
	}
	if (res->tag == REQ_RESET_CODE) {
		reset_code_reply(app, s, res);
		return;
	}
	if (res->tag == REQ_CLAIM_CODE) {
		claim_code_reply(app, s, res);
		return;
	}
	if (res->status != API_OK) {
		if (!decided_elsewhere(app, s, res))
			app_show_failure(app, res);
		return;
	}
	reg = cJSON_GetObjectItemCaseSensitive(res->body, "registration");
	if (!cJSON_IsObject(reg))
		return;
	api_json_wipe_free(&s->reg);
	s->reg = cJSON_Duplicate(reg, 1);
	if (res->tag == REQ_APPROVE)
		ui_msg_text(&app->status, N_("Approved: the candidate can now pay."));
	review_buttons(s);
	review_layout(app, s, &body);
	if (ncre_json_bool(s->reg, "photo", false) && s->photo.jpeg == NULL) {
		char path[112];

		snprintf(path, sizeof(path), "/v1/staff/registrations/%s/photo", s->id);
		if (app_request(app, s, "GET", path, NULL, true, REQ_PHOTO) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
	}
}

static void review_dialog(struct app *app, void *st, int tag, int result)
{
	struct staff_review *s = st;
	char path[112];

	if (tag == DLG_GONE) {
		app_pop(app);
	} else if (tag == DLG_DESK_ORDER && result >= 0 && result < s->nopen) {
		desk_channel(app, s, result);
	} else if (tag == DLG_DESK_CHANNEL && result >= 0 && result < DESK_CHANNELS &&
		   s->pick < s->nopen) {
		desk_ask(app, s, result);
	} else if (tag == DLG_DESK_SURE && result == 1 && s->pick < s->nopen) {
		desk_send(app, s);
	} else if (tag == DLG_ID_CHECKED && result == 1) {
		desk_code_send(app, s, false);
	} else if (tag == DLG_CLAIM_CHECKED && result == 1) {
		desk_code_send(app, s, true);
	} else if (tag == DLG_APPROVE && result == 1) {
		snprintf(path, sizeof(path), "/v1/staff/registrations/%s/approve", s->id);
		if (app_request(app, s, "POST", path, NULL, true, REQ_APPROVE) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
	}
}

static void review_resume(struct app *app, void *st)
{
	struct staff_review *s = st;

	photo_panel_wipe(&s->photo); /* a new photo may have come meanwhile */
	review_fetch(app, s);
}

static const char *review_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("PgUp/PgDn: scroll  Tab: move  Enter: choose  ^R: refresh  Esc: back");
}

const struct screen screen_staff_review = {
	.name = "staff-review",
	.state_size = sizeof(struct staff_review),
	.init = review_init,
	.fini = review_fini,
	.layout = review_layout,
	.paint = review_paint,
	.key = review_key,
	.reply = review_reply,
	.dialog = review_dialog,
	.resume = review_resume,
	.hints = review_hints,
};

/* ---- reject with a reason ----------------------------------------- */

enum { R_HEAD, R_TIP, R_REASON, R_REJECT, R_BACK, R_COUNT };
enum { REQ_REJECT = 1 };
enum { DLG_DISCARD = 1, DLG_DONE };

struct staff_reject {
	char id[24];
	struct form_item items[R_COUNT];
	struct form form;
	struct rect r;
};

static int reject_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct staff_reject *s = st;

	(void)app;
	if (arg == NULL || arg->text[0] == '\0' || strlen(arg->text) >= sizeof(s->id))
		return -1;
	memcpy(s->id, arg->text, strlen(arg->text) + 1);   /* length checked above */
	s->items[R_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					       .label = N_("Reject the registration") };
	s->items[R_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("The candidate sees this reason word for word on the status page, "
			    "fixes the information or photo and submits again.") };
	s->items[R_REASON] = (struct form_item){ .kind = ITEM_FIELD, .key = "reason",
						 .label = N_("Reason for rejection"), .required = true,
						 .input_cols = 50 };
	s->items[R_REJECT] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Reject"),
						 .action = ACT_REJECT };
	s->items[R_BACK] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					       .action = ACT_BACK };
	field_init(&s->items[R_REASON].field, 80, 0, false);
	field_set_input(&s->items[R_REASON].field, FIELD_INPUT_ZH);
	widget_form_init(&s->form, s->items, R_COUNT);
	return 0;
}

static void reject_fini(struct app *app, void *st)
{
	(void)app;
	widget_form_wipe(&((struct staff_reject *)st)->form);
}

static void reject_layout(struct app *app, void *st, const struct rect *body)
{
	struct staff_reject *s = st;

	s->r = *body;
	s->r.y += 1;
	s->r.h -= 1;
	s->form.lang = app->ui.lang;
	widget_form_layout(&s->form, s->r.w);
}

static void reject_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	struct staff_reject *s = st;

	(void)body;
	widget_form_paint(&s->form, &app->ui, w, &s->r);
}

/* Spaces (ASCII, and U+3000 from an input method) around it do not count. */
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

static void reject_send(struct app *app, struct staff_reject *s)
{
	char reason[FIELD_MAX_BYTES + 1], path[112];
	const char *t;
	size_t len;
	cJSON *body;

	t = trimmed(field_text(&s->items[R_REASON].field), &len);
	if (len == 0) {                                    /* blank is no reason */
		ui_msg_err(&s->items[R_REASON].msg, NCRE_E_FIELD_REQUIRED);
		widget_form_focus(&s->form, R_REASON);
		return;
	}
	if (len >= sizeof(reason))
		len = sizeof(reason) - 1;
	memcpy(reason, t, len);
	reason[len] = '\0';
	body = cJSON_CreateObject();
	if (body == NULL || cJSON_AddStringToObject(body, "reason", reason) == NULL) {
		explicit_bzero(reason, sizeof(reason));
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	explicit_bzero(reason, sizeof(reason));
	snprintf(path, sizeof(path), "/v1/staff/registrations/%s/reject", s->id);
	if (app_request(app, s, "POST", path, body, true, REQ_REJECT) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc reject_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct staff_reject *s = st;

	if (key_is_esc(kind, ch))
		return app_confirm_discard(app, s, &s->form, DLG_DISCARD) ? SCREEN_STAY : SCREEN_BACK;
	switch (widget_form_key(&s->form, kind, ch)) {
	case FORM_EDITED:
		ui_msg_clear(&s->items[R_REASON].msg);
		break;
	case FORM_ACTION:
		if (widget_form_focused(&s->form)->action == ACT_REJECT)
			reject_send(app, s);
		else
			return app_confirm_discard(app, s, &s->form, DLG_DISCARD) ?
			       SCREEN_STAY : SCREEN_BACK;
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static void reject_reply(struct app *app, void *st, struct api_result *res)
{
	struct staff_reject *s = st;
	struct ui_msg m;

	if (res->tag != REQ_REJECT)
		return;
	if (res->status == API_OK) {
		ui_msg_text(&app->status, N_("Rejected: the candidate sees the reason."));
		app_pop(app);
		return;
	}
	if (res->status == API_ERROR && res->err_known &&
	    (res->err == NCRE_E_AUDIT_STATE || res->err == NCRE_E_REG_WITHDRAWN ||
	     res->err == NCRE_E_NOT_FOUND)) {
		app_result_msg(res, &m);
		if (res->err == NCRE_E_AUDIT_STATE)
			ui_msg_text(&m, N_("This registration is no longer waiting for audit: another "
					   "staff member may have decided it a moment ago. The page "
					   "now shows its current state."));
		m.server = true;
		app_message(app, s, DLG_DONE, N_("Already decided"), &m);
		return;
	}
	(void)app_form_verdict(app, &s->form, res);
}

static void reject_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if ((tag == DLG_DISCARD && result == 1) || tag == DLG_DONE)
		app_pop(app);
}

static const char *reject_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Tab/Up/Down: move  Enter: next  Esc: back");
}

const struct screen screen_staff_reject = {
	.name = "staff-reject",
	.state_size = sizeof(struct staff_reject),
	.init = reject_init,
	.fini = reject_fini,
	.layout = reject_layout,
	.paint = reject_paint,
	.key = reject_key,
	.reply = reject_reply,
	.dialog = reject_dialog,
	.hints = reject_hints,
};
