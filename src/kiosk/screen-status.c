/*
 * The status page (报名信息, R-STA-01/02): drawn only from the server's
 * registration object. Lock, audit and payment states; the flow with each
 * step's state exactly as the server reports it; the summary sentence;
 * notices; and buttons for exactly the actions the server lists.
 */
#include <string.h>

#include "ncre/json.h"
#include "ncre/text.h"
#include "ncre/validate.h"
#include "app.h"
#include "cntime.h"
#include "registration.h"
#include "keys.h"

#define MAX_ACTIONS 16
#define MAX_STEPS 16

enum { ACT_HOME = 1000, ACT_VIEW };
#define MAX_CANCEL 16

enum { REQ_REG = 1, REQ_CANCEL, REQ_AUDIT };
enum { DLG_INFO = 1, DLG_CANCEL_WHICH, DLG_CANCEL_SURE, DLG_AUDIT_SURE };

struct status {
	struct textview tv;
	struct rect tv_r, form_r;
	struct form_item items[MAX_ACTIONS + 2];    /* 返回首页, 查看报名信息, the server's */
	char codes[MAX_ACTIONS][32];
	int nactions;
	struct form form;
	enum lang built_lang;
	int built_width;
	bool loaded;
	bool refocus;                /* (re)opened: focus the next step, from the top */
	/* R-DEL-01: the unpaid subjects that can be cancelled, and the one chosen. */
	char cancel_codes[MAX_CANCEL][8];
	char cancel_names[MAX_CANCEL][200];
	int ncancel, cancel_sel;
	char cancel_label[256];
};

/* Words for the codes of the protocol. */
static const struct {
	const char *code;
	const char *label;
} action_names[] = {
	{ "view_agreement", N_("View agreement") },
	{ "edit_identity", N_("Change ID document") },
	{ "edit_info", N_("Change registration") },
	{ "edit_photo", N_("Change photo") },
	{ "submit_audit", N_("Submit for audit") },
	{ "pay", N_("Pay") },
	{ "choose_intent", N_("Choose intended exam date") },
	{ "view_orders", N_("View orders") },
	{ "cancel_subject", N_("Cancel a subject") },
	{ "delete_registration", N_("Delete registration") },
	{ "print_ticket", N_("Print admission ticket") },
}, state_names[] = {
	{ "done", N_("done") },
	{ "todo", N_("not done") },
	{ "not_printable", N_("not printable") },
	{ "printable", N_("printable") },
}, audit_names[] = {
	{ "not_submitted", N_("Not submitted") },
	{ "pending", N_("Pending") },
	{ "approved", N_("Approved") },
	{ "rejected", N_("Rejected") },
}, subject_states[] = {
	{ "paid", N_("paid") },
	{ "unpaid", N_("unpaid") },
}, payment_names[] = {
	{ "none", N_("Nothing paid") },
	{ "partial", N_("Partly paid") },
	{ "all", N_("All paid") },
}, method_names[] = {
	{ "individual", N_("Candidate registration") },
	{ "group", N_("Group registration") },
};

#define LOOKUP(table, code) lookup(table, sizeof(table) / sizeof(table[0]), code)

static const char *lookup(const void *table, size_t n, const char *code)
{
	const struct { const char *code; const char *label; } *t = table;

	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return _(t[i].label);
	return code;    /* a state this kiosk does not know: shown as sent */
}

static const char *pick(const struct app *app, const cJSON *o, const char *zh, const char *en)
{
	return i18n_pick(app->ui.lang, ncre_json_str(o, zh), ncre_json_str(o, en));
}

static void status_buttons(struct status *s, const cJSON *reg)
{
	const cJSON *acts = cJSON_GetObjectItemCaseSensitive(reg, "actions");
	const cJSON *a;
	int focus = s->form.focus, n = 0;

	s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back to home"),
					    .action = ACT_HOME };
	/* What was submitted, read-only, whenever there is a registration
	 * (after payment the only way to see it). */
	if (ncre_json_bool(reg, "exists", false))
		s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
			.label = N_("View registration details"), .action = ACT_VIEW };
	s->nactions = 0;
	cJSON_ArrayForEach(a, acts) {
		const char *code = cJSON_GetStringValue(a);
		const char *label = NULL;

		if (code == NULL || s->nactions >= MAX_ACTIONS)
			continue;
		snprintf(s->codes[s->nactions], sizeof(s->codes[0]), "%s", code);
		for (size_t i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
			if (strcmp(action_names[i].code, code) == 0)
				label = action_names[i].label;
		s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
			.label = label != NULL ? label : s->codes[s->nactions],
			.action = s->nactions };
		s->nactions++;
	}
	widget_form_init(&s->form, s->items, n);
	if (focus >= 0 && focus < n)
		s->form.focus = focus;
}

/* The action that is the candidate's next step, as 报名流程 has it: the
 * photo, the audit, payment, the intended date, the ticket; NULL when
 * none is due. */
static const char *next_action(const cJSON *reg)
{
	const cJSON *acts = cJSON_GetObjectItemCaseSensitive(reg, "actions");
	const cJSON *o;
	const char *audit = ncre_json_str(reg, "audit"), *payment = ncre_json_str(reg, "payment");
	bool has[5] = { false };
	static const char *const order[5] = { "edit_photo", "submit_audit", "pay",
					      "choose_intent", "print_ticket" };
	bool want_intent = false;

	cJSON_ArrayForEach(o, acts)
		for (int i = 0; i < 5; i++)
			if (cJSON_IsString(o) && strcmp(o->valuestring, order[i]) == 0)
				has[i] = true;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(reg, "subjects")) {
		const char *st = ncre_json_str(o, "state");

		if (st != NULL && strcmp(st, "paid") == 0 &&
		    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "intent_date")))
			want_intent = true;
	}
	if (has[0] && !ncre_json_bool(reg, "photo", false))
		return order[0];
	if (has[1] && audit != NULL && (strcmp(audit, "not_submitted") == 0 ||
					strcmp(audit, "rejected") == 0))
		return order[1];
	if (has[2] && (payment == NULL || strcmp(payment, "all") != 0))
		return order[2];
	if (has[3] && want_intent)
		return order[3];
	if (has[4])
		return order[4];
	return NULL;
}

/* Put the focus on the next step's button. */
static void focus_next(struct status *s, const cJSON *reg)
{
	const char *code = next_action(reg);

	s->form.focus = 0;
	for (int i = 0; code != NULL && i < s->form.n; i++) {
		int a = s->items[i].action;

		if (a >= 0 && a < s->nactions && strcmp(s->codes[a], code) == 0)
			s->form.focus = i;
	}
}

static void add_line(struct status *s, const char *label, const char *value, enum ui_role vr)
{
	(void)widget_text_add_pair(&s->tv, label, vr, value);
}

static void site_text(const cJSON *site, enum lang lang, char *out, size_t n)
{
	if (cJSON_IsString(site)) {
		snprintf(out, n, "%s", site->valuestring);
	} else if (cJSON_IsObject(site)) {
		snprintf(out, n, "(%s)%s", ncre_json_str(site, "code") ? ncre_json_str(site, "code") : "",
			 i18n_pick(lang, ncre_json_str(site, "name_zh"), ncre_json_str(site, "name_en")));
	} else {
		snprintf(out, n, "%s", _("Not chosen"));
	}
}

/* R-INT-03: a paid subject's exam date as the server words it (intent_zh/
 * intent_en: the chosen date "(非正式, 正式考试时间以准考证为准)", or random
 * within the exam period), after "《NAME》意向考试日期:"; on one line when it
 * fits, else the date on the next, never cut in the middle. */
static void intent_line(struct app *app, struct status *s, const cJSON *o, int w)
{
	const char *when = pick(app, o, "intent_zh", "intent_en");
	char label[300], line[800];

	if (when[0] == '\0')
		return;
	snprintf(label, sizeof(label), _("Intended exam date of %s:"),
		 pick(app, o, "name_zh", "name_en"));
	snprintf(line, sizeof(line), "%s %s", label, when);
	if (ncre_utf8_width(line) > w - 4)
		snprintf(line, sizeof(line), "%s\n%s", label, when);
	(void)widget_text_add(&s->tv, ROLE_NOTICE, line, w, 4);
}

/* Build the page for the width and language of the moment. */
static void status_build(struct app *app, struct status *s)
{
	const cJSON *reg = app->reg, *flow, *step, *notices, *n;
	char buf[512], idbuf[256];
	const char *texts[MAX_STEPS];
	enum ui_role roles[MAX_STEPS];
	char tok[MAX_STEPS][160];
	int nsteps = 0, w = s->tv_r.w - 1;
	int top = s->tv.top;
	enum ncre_id_type t;

	widget_text_clear(&s->tv);
	s->built_lang = app->ui.lang;
	s->built_width = s->tv_r.w;
	(void)widget_text_add(&s->tv, ROLE_HEADING, _("Registration information"), w, 0);
	if (reg == NULL) {
		(void)widget_text_add(&s->tv, ROLE_STATUS, _("Loading..."), w, 0);
		return;
	}
	if (!ncre_json_bool(reg, "exists", false)) {
		(void)widget_text_add(&s->tv, ROLE_NORMAL,
				      _("You have not registered for this exam session yet."), w, 0);
		return;
	}
	{
		const cJSON *es = cJSON_GetObjectItemCaseSensitive(reg, "exam_session");

		add_line(s, _("Exam session: "),
			 cJSON_IsObject(es) ? pick(app, es, "name_zh", "name_en") : app_exam_name(app),
			 ROLE_NORMAL);
	}
	add_line(s, _("Candidate name: "),
		 ncre_json_str(reg, "name") ? ncre_json_str(reg, "name") : _("Not filled in"),
		 ROLE_NORMAL);
	if (ncre_json_str(reg, "id_number") != NULL &&
	    ncre_id_type_from_code(ncre_json_str(reg, "id_type"), &t) == 0) {
		snprintf(idbuf, sizeof(idbuf), "%s %s", i18n_id_type(app->ui.lang, t),
			 ncre_json_str(reg, "id_number"));
		add_line(s, _("ID document: "), idbuf, ROLE_NORMAL);
		explicit_bzero(idbuf, sizeof(idbuf));
	} else {
		add_line(s, _("ID document: "), _("Not filled in"), ROLE_NORMAL);
	}
	site_text(cJSON_GetObjectItemCaseSensitive(reg, "site"), app->ui.lang, buf, sizeof(buf));
	add_line(s, _("Exam site: "), buf, ROLE_NORMAL);
	{
		char a[160], b[160], c[160], d[160];
		const char *pair[4] = { a, b, c, d };
		enum ui_role r[4] = { ROLE_NORMAL, ROLE_NORMAL, ROLE_NORMAL, ROLE_NORMAL };
		const char *audit = ncre_json_str(reg, "audit");
		int k = 0;

		snprintf(a, sizeof(a), "%s%s", _("Registration method: "),
			 LOOKUP(method_names, ncre_json_str(reg, "method")) ?
			 LOOKUP(method_names, ncre_json_str(reg, "method")) : "-");
		snprintf(b, sizeof(b), "%s%s", _("Information locked: "),
			 ncre_json_bool(reg, "locked", false) ? _("Locked") : _("Not locked"));
		k = 2;
		if (audit != NULL) {
			snprintf(c, sizeof(c), "%s%s", _("Audit state: "), LOOKUP(audit_names, audit));
			pair[k++] = c;
		}
		snprintf(d, sizeof(d), "%s%s", _("Payment state: "),
			 LOOKUP(payment_names, ncre_json_str(reg, "payment")) ?
			 LOOKUP(payment_names, ncre_json_str(reg, "payment")) : "-");
		pair[k++] = d;
		(void)widget_text_add_tokens(&s->tv, pair, r, k, "    ", w);
	}
	/* 不通过原因: the site's words, verbatim, only while rejected. */
	if (ncre_json_str(reg, "audit_reason") != NULL)
		add_line(s, _("Reason: "), ncre_json_str(reg, "audit_reason"), ROLE_ERROR);
	/* Why the change buttons are missing (the server no longer lists them). */
	if (ncre_json_bool(reg, "locked", false)) {
		const char *audit = ncre_json_str(reg, "audit");

		(void)widget_text_add(&s->tv, ROLE_NOTICE,
			audit != NULL && strcmp(audit, "pending") == 0 ?
			_("Submitted for audit: nothing can be changed until the site has decided.") :
			audit != NULL && strcmp(audit, "approved") == 0 ?
			_("Audit approved: personal information and photo can no longer be changed.") :
			_("The registration is locked: personal information and photo can no longer "
			  "be changed."), w, 0);
	}
	add_line(s, _("Photo: "),
		 ncre_json_bool(reg, "photo", false) ? _("Photo uploaded") : _("No photo yet"),
		 ROLE_NORMAL);

	/* The subjects, each with its fee, state and deletion time (R-EXP-01). */
	{
		const cJSON *subs = cJSON_GetObjectItemCaseSensitive(reg, "subjects"), *o;

		if (cJSON_GetArraySize(subs) > 0) {
			(void)widget_text_add(&s->tv, ROLE_LABEL, _("Subjects:"), w, 0);
			cJSON_ArrayForEach(o, subs) {
				char name[200], when[48], line[512];
				long long fee = 0;

				reg_coded_name(o, app->ui.lang, name, sizeof(name));
				(void)ncre_json_int(o, "fee", &fee);
				snprintf(line, sizeof(line), _("%s  %lld yuan  %s"), name, fee,
					 LOOKUP(subject_states, ncre_json_str(o, "state")) ?
					 LOOKUP(subject_states, ncre_json_str(o, "state")) : "");
				if (ncre_json_str(o, "delete_after") != NULL) {
					size_t l = strlen(line);

					cntime_format(ncre_json_str(o, "delete_after"), when, sizeof(when));
					snprintf(line + l, sizeof(line) - l, _("  may be deleted after %s"),
						 when);
				}
				(void)widget_text_add(&s->tv, ROLE_NORMAL, line, w, 2);
				intent_line(app, s, o, w);
			}
		}
	}

	/* The flow, each step "label (state)" exactly as the server says. */
	(void)widget_text_add(&s->tv, ROLE_LABEL, _("Registration flow:"), w, 0);
	flow = cJSON_GetObjectItemCaseSensitive(reg, "flow");
	cJSON_ArrayForEach(step, flow) {
		const char *state = ncre_json_str(step, "state");
		const char *label = pick(app, step, "label_zh", "label_en");

		if (nsteps >= MAX_STEPS)
			break;
		if (state == NULL || strcmp(state, "none") == 0 || state[0] == '\0')
			snprintf(tok[nsteps], sizeof(tok[0]), "%s", label);
		else
			snprintf(tok[nsteps], sizeof(tok[0]), "%s (%s)", label,
				 LOOKUP(state_names, state));
		roles[nsteps] = state == NULL ? ROLE_STEP_OTHER :
				strcmp(state, "done") == 0 ? ROLE_STEP_DONE :
				strcmp(state, "todo") == 0 ? ROLE_STEP_TODO : ROLE_STEP_OTHER;
		texts[nsteps] = tok[nsteps];
		nsteps++;
	}
	(void)widget_text_add_tokens(&s->tv, texts, roles, nsteps, " -> ", w);
	{
		const char *sum = pick(app, reg, "summary_zh", "summary_en");

		if (sum[0] != '\0') {
			(void)widget_text_blank(&s->tv);
			(void)widget_text_add(&s->tv, ROLE_NORMAL, sum, w, 0);
		}
	}
	notices = cJSON_GetObjectItemCaseSensitive(reg, "notices");
	if (cJSON_GetArraySize(notices) > 0) {
		(void)widget_text_blank(&s->tv);
		(void)widget_text_add(&s->tv, ROLE_LABEL, _("Notices:"), w, 0);
		cJSON_ArrayForEach(n, notices)
			(void)widget_text_add(&s->tv, ROLE_NOTICE, pick(app, n, "text_zh", "text_en"),
					      w, 2);
	}
	{
		const cJSON *tips = cJSON_GetObjectItemCaseSensitive(reg, "tips");
		int k = 0;

		if (cJSON_GetArraySize(tips) > 0) {
			(void)widget_text_blank(&s->tv);
			(void)widget_text_add(&s->tv, ROLE_LABEL, _("Tips:"), w, 0);
			cJSON_ArrayForEach(n, tips) {
				char line[1200];
				const char *tip = cJSON_IsString(n) ? n->valuestring :
						i18n_pick(app->ui.lang, ncre_json_str(n, "zh"),
							  ncre_json_str(n, "en"));

				snprintf(line, sizeof(line), "%d. %s", ++k, tip);
				(void)widget_text_add(&s->tv, ROLE_NORMAL, line, w, 3);
			}
		}
	}
	s->tv.top = top;
}

static void status_fetch(struct app *app, struct status *s)
{
	if (app_request(app, s, "GET", "/v1/registration", NULL, true, REQ_REG) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int status_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct status *s = st;

	status_buttons(s, app->reg);
	s->refocus = true;
	status_fetch(app, s);
	if (arg != NULL && arg->mode == 2)
		app_push(app, &screen_personal, NULL);
	return 0;
}

static void status_fini(struct app *app, void *st)
{
	struct status *s = st;

	(void)app;
	widget_text_clear(&s->tv);
}

static void status_layout(struct app *app, void *st, const struct rect *body)
{
	struct status *s = st;
	int fh;

	widget_form_layout(&s->form, body->w);
	fh = s->form.height;
	s->tv_r = (struct rect){ body->y, body->x, body->h - fh, body->w };
	s->form_r = (struct rect){ body->y + body->h - fh, body->x, fh, body->w };
	status_build(app, s);
}

static void status_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct status *s = st;

	(void)b;
	if (s->built_lang != app->ui.lang)
		status_build(app, s);
	widget_text_paint(&s->tv, &app->ui, w, &s->tv_r);
	widget_form_paint(&s->form, &app->ui, w, &s->form_r);
}

/* R-DEL-01: which unpaid subject to cancel, then are you sure. */
static const char *cancel_label(int i, enum lang lang, void *ud)
{
	struct status *s = ud;

	(void)lang;
	return i >= 0 && i < s->ncancel ? s->cancel_names[i] : "";
}

static void cancel_choose(struct app *app, struct status *s)
{
	const cJSON *o;

	s->ncancel = 0;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(app->reg, "subjects")) {
		const char *st = ncre_json_str(o, "state"), *code = ncre_json_str(o, "code");

		if (code == NULL || (st != NULL && strcmp(st, "paid") == 0) || s->ncancel >= MAX_CANCEL)
			continue;
		snprintf(s->cancel_codes[s->ncancel], sizeof(s->cancel_codes[0]), "%s", code);
		reg_coded_name(o, app->ui.lang, s->cancel_names[s->ncancel],
			       sizeof(s->cancel_names[0]));
		s->ncancel++;
	}
	if (s->ncancel == 0)
		return;
	app_choose(app, s, DLG_CANCEL_WHICH, N_("Cancel which subject?"), s->ncancel, 0,
		   cancel_label, s);
}

static void cancel_ask(struct app *app, struct status *s, int i)
{
	struct ui_msg m;

	s->cancel_sel = i;
	ui_msg_printf(&m, N_("Cancel the subject %s? Its place is given up."), s->cancel_names[i]);
	app_confirm(app, s, DLG_CANCEL_SURE, N_("Cancel a subject"), &m);
}

static void status_dialog(struct app *app, void *st, int tag, int result)
{
	struct status *s = st;
	char path[96];

	if (tag == DLG_CANCEL_WHICH && result >= 0 && result < s->ncancel) {
		cancel_ask(app, s, result);
	} else if (tag == DLG_AUDIT_SURE && result == 1) {
		if (app_request(app, s, "POST", "/v1/registration/audit", NULL, true, REQ_AUDIT) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
	} else if (tag == DLG_CANCEL_SURE && result == 1) {
		snprintf(path, sizeof(path), "/v1/registration/subjects/%s",
			 s->cancel_codes[s->cancel_sel]);
		if (app_request(app, s, "DELETE", path, NULL, true, REQ_CANCEL) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
	}
}

static void run_action(struct app *app, struct status *s, int action)
{
	struct screen_arg arg = { .mode = 1 };
	struct ui_msg m;

	if (action == ACT_VIEW) {
		app_push(app, &screen_view, NULL);
		return;
	}
	if (action == ACT_HOME) {
		app_pop(app);
		return;
	}
	if (action < 0 || action >= s->nactions)
		return;
	if (strcmp(s->codes[action], "view_agreement") == 0) {
		app_push(app, &screen_agreement, &arg);
	} else if (strcmp(s->codes[action], "edit_identity") == 0) {
		app_push(app, &screen_identity, &arg);
	} else if (strcmp(s->codes[action], "edit_info") == 0) {
		app_push(app, &screen_personal, &arg);
	} else if (strcmp(s->codes[action], "cancel_subject") == 0) {
		cancel_choose(app, s);
	} else if (strcmp(s->codes[action], "delete_registration") == 0) {
		app_push(app, &screen_delete, &arg);
	} else if (strcmp(s->codes[action], "submit_audit") == 0) {
		/* R-AUD-01, R-LCK-01: locks the registration until the site decides. */
		ui_msg_text(&m, N_("Submit your registration for audit? Until the site has decided, "
				   "personal information and photo cannot be changed."));
		app_confirm(app, s, DLG_AUDIT_SURE, N_("Submit for audit"), &m);
	} else if (strcmp(s->codes[action], "pay") == 0) {
		app_push(app, &screen_pay, NULL);
	} else if (strcmp(s->codes[action], "view_orders") == 0) {
		app_push(app, &screen_orders, NULL);
	} else if (strcmp(s->codes[action], "choose_intent") == 0) {
		app_push(app, &screen_intent, NULL);
	} else if (strcmp(s->codes[action], "print_ticket") == 0) {
		app_push(app, &screen_ticket, NULL);	/* R-TKT-01, R-TKT-02 */
	} else if (strcmp(s->codes[action], "edit_photo") == 0) {
		app_push(app, &screen_photo, NULL);	/* starts at app->cfg.photo_dir */
	} else {
		ui_msg_text(&m, N_("This step is not available at this kiosk yet. Please ask the "
				   "site staff."));
		app_message(app, s, DLG_INFO, N_("Not available"), &m);
	}
}

static enum screen_rc status_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct status *s = st;
	int page = s->tv_r.h > 1 ? s->tv_r.h - 1 : 1;

	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:    widget_text_scroll(&s->tv, -1, s->tv_r.h); return SCREEN_STAY;
		case KEY_DOWN:  widget_text_scroll(&s->tv, 1, s->tv_r.h); return SCREEN_STAY;
		case KEY_PPAGE: widget_text_scroll(&s->tv, -page, s->tv_r.h); return SCREEN_STAY;
		case KEY_NPAGE: widget_text_scroll(&s->tv, page, s->tv_r.h); return SCREEN_STAY;
		default: break;
		}
	}
	if (kind == OK && (ch == KEY_CTRL_B || ch == KEY_CTRL_F)) {
		widget_text_scroll(&s->tv, ch == KEY_CTRL_B ? -page : page, s->tv_r.h);
		return SCREEN_STAY;
	}
	if (kind == OK && ch == KEY_CTRL_R) {
		status_fetch(app, s);
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	if (widget_form_key(&s->form, kind, ch) == FORM_ACTION)
		run_action(app, s, widget_form_focused(&s->form)->action);
	return SCREEN_STAY;
}

static void status_reply(struct app *app, void *st, struct api_result *res)
{
	struct status *s = st;
	struct rect body = app->body;

	if (res->status != API_OK) {
		app_show_failure(app, res);
		return;
	}
	if (res->tag == REQ_AUDIT)
		ui_msg_text(&app->status, N_("Submitted for audit. Please wait for the site's decision."));
	if (res->tag == REQ_CANCEL) {
		ui_msg_text(&app->status, N_("The subject was cancelled."));
		if (cJSON_GetObjectItemCaseSensitive(res->body, "registration") == NULL) {
			status_fetch(app, s);
			return;
		}
	}
	app_set_reg(app, cJSON_GetObjectItemCaseSensitive(res->body, "registration"));
	status_buttons(s, app->reg);
	if (s->refocus && res->tag == REQ_REG) {
		s->refocus = false;
		focus_next(s, app->reg);
	}
	status_layout(app, s, &body);
}

/* Back from a step: the page from the top, the next step focused. */
static void status_resume(struct app *app, void *st)
{
	struct status *s = st;

	s->tv.top = 0;
	s->refocus = true;
	status_fetch(app, s);
}

static const char *status_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("PgUp/PgDn: scroll  Tab: move  Enter: choose  ^R: refresh");
}

const struct screen screen_status = {
	.name = "status",
	.state_size = sizeof(struct status),
	.init = status_init,
	.fini = status_fini,
	.layout = status_layout,
	.paint = status_paint,
	.key = status_key,
	.reply = status_reply,
	.resume = status_resume,
	.dialog = status_dialog,
	.hints = status_hints,
};
