/*
 * 查看订单详情 (R-PAY-06): every order of the registration, newest first,
 * with its subjects and fees, amount, state, times (China time) and the
 * channel it was paid through, from GET /v1/registration/orders; the
 * registration's payment state (全未支付 / 部分支付 / 全部支付) on top.
 * An open order can be paid from here (the pay page for that order).
 * screen_orders_add draws one order; the staff review uses it too.
 */
#include <string.h>

#include "ncre/json.h"
#include "app.h"
#include "cntime.h"
#include "registration.h"
#include "keys.h"

enum { REQ_ORDERS = 1 };
enum { ACT_BACK = 1, ACT_PAY };

struct orders {
	cJSON *list;                 /* the "orders" array, wiped at the end */
	char open_no[40];            /* the newest open order, "" none */
	struct textview tv;
	struct rect tv_r, form_r;
	struct form_item items[2];
	struct form form;
	enum lang built_lang;
};

static const char *state_word(const char *st)
{
	if (st == NULL)
		return "";
	if (strcmp(st, "open") == 0)
		return _("Awaiting payment");
	if (strcmp(st, "paid") == 0)
		return _("Paid");
	if (strcmp(st, "expired") == 0)
		return _("Expired");
	return st;
}

static const char *channel_word(const char *ch)
{
	if (ch == NULL)
		return "-";
	if (strcmp(ch, "cash") == 0)
		return _("cash at the desk");
	if (strcmp(ch, "card") == 0)
		return _("card at the desk");
	if (strcmp(ch, "sandbox") == 0)
		return _("online (sandbox platform)");
	return ch;                   /* a platform's own name */
}

const char *screen_orders_payment_word(const char *p)
{
	if (p == NULL)
		return "-";
	if (strcmp(p, "none") == 0)
		return _("Nothing paid");
	if (strcmp(p, "partial") == 0)
		return _("Partly paid");
	if (strcmp(p, "all") == 0)
		return _("All paid");
	return p;
}

static void when(const cJSON *o, const char *key, char *out, size_t n)
{
	const char *iso = ncre_json_str(o, key);

	if (iso == NULL)
		snprintf(out, n, "-");
	else
		cntime_format(iso, out, n);
}

void screen_orders_add(struct textview *tv, const cJSON *o, int k, enum lang lang, int w)
{
	const char *st = ncre_json_str(o, "state"), *by = ncre_json_str(o, "confirmed_by");
	const cJSON *sub;
	long long amount = 0;
	char line[800], a[64], b[64], c[64];
	const char *tok[2];
	enum ui_role roles[2];

	(void)ncre_json_int(o, "amount", &amount);
	(void)widget_text_blank(tv);
	snprintf(line, sizeof(line), _("%d. Order %s"), k,
		 ncre_json_str(o, "no") ? ncre_json_str(o, "no") : "");
	snprintf(a, sizeof(a), _("State: %s"), state_word(st));
	snprintf(b, sizeof(b), _("Amount: %lld yuan"), amount);
	tok[0] = a;
	tok[1] = b;
	roles[0] = st != NULL && strcmp(st, "paid") == 0 ? ROLE_STEP_DONE :
		   st != NULL && strcmp(st, "open") == 0 ? ROLE_STATUS : ROLE_STEP_OTHER;
	roles[1] = ROLE_NORMAL;
	(void)widget_text_add(tv, ROLE_LABEL, line, w, 0);
	(void)widget_text_add_tokens(tv, tok, roles, 2, "    ", w);
	cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(o, "subjects")) {
		char name[200];
		long long fee = 0;

		reg_coded_name(sub, lang, name, sizeof(name));
		(void)ncre_json_int(sub, "fee", &fee);
		snprintf(line, sizeof(line), _("%s  %lld yuan"), name, fee);
		(void)widget_text_add(tv, ROLE_NORMAL, line, w, 2);
	}
	when(o, "created_at", a, sizeof(a));
	when(o, "expires_at", b, sizeof(b));
	snprintf(line, sizeof(line), _("Created %s, expires %s"), a, b);
	(void)widget_text_add(tv, ROLE_NORMAL, line, w, 2);
	if (st != NULL && strcmp(st, "paid") == 0) {
		when(o, "paid_at", c, sizeof(c));
		snprintf(line, sizeof(line), _("Paid %s, channel: %s"), c,
			 channel_word(ncre_json_str(o, "channel")));
		(void)widget_text_add(tv, ROLE_NORMAL, line, w, 2);
	}
	/* Only the staff view says who took the money at the desk. */
	if (by != NULL) {
		snprintf(line, sizeof(line), _("Confirmed at the desk by: %s"), by);
		(void)widget_text_add(tv, ROLE_NORMAL, line, w, 2);
	}
}

static void orders_buttons(struct orders *s)
{
	int n = 0;

	if (s->open_no[0] != '\0')
		s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON,
						    .label = N_("Pay the open order"),
						    .action = ACT_PAY };
	s->items[n++] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					    .action = ACT_BACK };
	widget_form_init(&s->form, s->items, n);
}

static void orders_build(struct app *app, struct orders *s)
{
	const cJSON *o;
	int w = s->tv_r.w - 1, top = s->tv.top, k = 0;
	char line[200];

	widget_text_clear(&s->tv);
	s->built_lang = app->ui.lang;
	(void)widget_text_add(&s->tv, ROLE_HEADING, _("Order details"), w, 0);
	snprintf(line, sizeof(line), _("Payment state: %s"),
		 screen_orders_payment_word(ncre_json_str(app->reg, "payment")));
	(void)widget_text_add(&s->tv, ROLE_LABEL, line, w, 0);
	if (s->list == NULL) {
		(void)widget_text_add(&s->tv, ROLE_STATUS, _("Loading..."), w, 0);
		return;
	}
	if (cJSON_GetArraySize(s->list) == 0)
		(void)widget_text_add(&s->tv, ROLE_NORMAL, _("There are no orders yet."), w, 0);
	cJSON_ArrayForEach(o, s->list)
		screen_orders_add(&s->tv, o, ++k, app->ui.lang, w);
	s->tv.top = top;
}

static void orders_fetch(struct app *app, struct orders *s)
{
	if (app_request(app, s, "GET", "/v1/registration/orders", NULL, true, REQ_ORDERS) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int orders_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct orders *s = st;

	(void)arg;
	orders_buttons(s);
	orders_fetch(app, s);
	return 0;
}

static void orders_fini(struct app *app, void *st)
{
	struct orders *s = st;

	(void)app;
	widget_text_clear(&s->tv);
	api_json_wipe_free(&s->list);
}

static void orders_layout(struct app *app, void *st, const struct rect *body)
{
	struct orders *s = st;
	int fh;

	widget_form_layout(&s->form, body->w);
	fh = s->form.height;
	s->tv_r = (struct rect){ body->y, body->x, body->h - fh, body->w };
	s->form_r = (struct rect){ body->y + body->h - fh, body->x, fh, body->w };
	orders_build(app, s);
}

static void orders_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct orders *s = st;

	(void)b;
	if (s->built_lang != app->ui.lang)
		orders_build(app, s);
	widget_text_paint(&s->tv, &app->ui, w, &s->tv_r);
	widget_form_paint(&s->form, &app->ui, w, &s->form_r);
}

static enum screen_rc orders_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct orders *s = st;
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
	if (kind == OK && ch == KEY_CTRL_R) {
		orders_fetch(app, s);
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	if (widget_form_key(&s->form, kind, ch) == FORM_ACTION) {
		if (widget_form_focused(&s->form)->action == ACT_BACK)
			return SCREEN_BACK;
		if (s->open_no[0] != '\0') {
			struct screen_arg arg = { .mode = 1 };

			snprintf(arg.text, sizeof(arg.text), "%s", s->open_no);
			app_push(app, &screen_pay, &arg);
		}
	}
	return SCREEN_STAY;
}

static void orders_reply(struct app *app, void *st, struct api_result *res)
{
	struct orders *s = st;
	cJSON *list;
	const cJSON *o;

	if (res->status != API_OK) {
		app_show_failure(app, res);
		return;
	}
	list = cJSON_DetachItemFromObjectCaseSensitive(res->body, "orders");
	if (!cJSON_IsArray(list)) {
		api_json_wipe_free(&list);
		ui_msg_text(&app->status, N_("The server sent a reply the kiosk does not understand."));
		return;
	}
	api_json_wipe_free(&s->list);
	s->list = list;
	s->open_no[0] = '\0';
	cJSON_ArrayForEach(o, s->list) {
		const char *st2 = ncre_json_str(o, "state"), *no = ncre_json_str(o, "no");

		if (s->open_no[0] == '\0' && st2 != NULL && no != NULL && strcmp(st2, "open") == 0 &&
		    strlen(no) < sizeof(s->open_no))
			snprintf(s->open_no, sizeof(s->open_no), "%s", no);
	}
	orders_buttons(s);
	orders_layout(app, s, &app->body);
}

static void orders_resume(struct app *app, void *st)
{
	orders_fetch(app, st);
}

static const char *orders_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("PgUp/PgDn: scroll  Tab: move  Enter: choose  ^R: refresh");
}

const struct screen screen_orders = {
	.name = "orders",
	.state_size = sizeof(struct orders),
	.init = orders_init,
	.fini = orders_fini,
	.layout = orders_layout,
	.paint = orders_paint,
	.key = orders_key,
	.reply = orders_reply,
	.resume = orders_resume,
	.hints = orders_hints,
};
