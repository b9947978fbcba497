/*
 * 支付 (R-PAY-01/02/04, R-PHO-04, R-AUD-01): choose the unpaid subjects
 * to pay (all by default), tick 我确认个人信息及报考信息无误, confirm; the
 * server makes the order. Then the pay page: the pay URL as a QR code with
 * its quiet zone, amount, order number, a countdown to the order's expiry,
 * the order's state polled every few seconds, and 更新 (refresh) to have
 * the server ask the platform when a notification was lost. Esc leaves the
 * order to expire.
 *
 * Never twice, never "failed" when it succeeded: the order request carries
 * an Idempotency-Key made once and kept for every retry of the same
 * request, so a retry after a network failure gets the same order; and a
 * failure of a poll or a refresh only says the state is being checked
 * again, never that the payment failed.
 *
 * mode 1 (from 查看订单详情): arg->text is an open order's number; the pay
 * page for it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "ncre/json.h"
#include "app.h"
#include "cntime.h"
#include "qr.h"
#include "registration.h"
#include "widget-qr.h"
#include "wrap.h"
#include "keys.h"

#define MAX_SUBJ 16
#define POLL_MS 3000
#define TEXT_MIN_COLS 30             /* the column beside the code */

enum phase { PH_CHOOSE = 0, PH_LOADING, PH_PAY };
enum { REQ_CREATE = 1, REQ_POLL, REQ_REFRESH, REQ_REG, REQ_LOAD };
enum { DLG_RETRY = 1, DLG_INFO };
enum { ACT_CONFIRM = 1, ACT_BACK, ACT_REFRESH };

/* Items of the choice: heading, tip, subjects, total, tick, buttons. */
enum { C_HEAD, C_TIP, C_SUBJ0 };

struct pay {
	enum phase phase;
	/* The choice. */
	int nsubj;
	char codes[MAX_SUBJ][8];
	char label_zh[MAX_SUBJ][224], label_en[MAX_SUBJ][224];
	long long fee[MAX_SUBJ];
	char total_zh[96], total_en[96];
	struct form_item items[MAX_SUBJ + 6];
	int i_total, i_tick, nitems;
	struct form form;
	struct rect form_r;
	/* The idempotency key of the order request and the choice it was made
	 * for: a retry of the same choice sends the same key. */
	char key[40];
	unsigned long key_sel;
	cJSON *pending;              /* the body sent with key, for a retry */
	/* The order. */
	char no[40];
	char state[16];
	long long amount;
	char pay_url[256];
	char channel[32];
	char created[32], expires[32], paid_at[32];
	time_t expires_t;
	long ttl_s;                  /* expires - created: caps a kiosk clock that is behind */
	char subj_zh[600], subj_en[600];
	char payment[16];            /* the registration's payment state once read again */
	struct qr_art qr;
	bool qr_fits, qr_color;
	struct rect qr_r, text_r;
	long long next_poll_ms;
	int shown_secs;
	struct ui_msg note;
	enum ui_role note_role;
	struct form_item pitems[2];
	struct form pform;
	struct rect pform_r;
};

/* ---- helpers ------------------------------------------------------- */

static void start_or_say(struct app *app, struct pay *s, const char *method, const char *path,
			 cJSON *body, int tag)
{
	if (app_request(app, s, method, path, body, true, tag) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

/* "2027-01-15T03:20:00Z" -> seconds since the epoch; 0 when not such a time. */
static time_t utc_time(const char *iso)
{
	struct tm tm;
	char z = 0;

	memset(&tm, 0, sizeof(tm));
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon,
				  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) != 7 ||
	    z != 'Z')
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* Seconds until the order expires, as this kiosk's clock sees it. */
static long seconds_left(const struct pay *s)
{
	long left;

	if (s->expires_t == 0)
		return 0;
	left = (long)(s->expires_t - time(NULL));
	if (s->ttl_s > 0 && left > s->ttl_s)
		left = s->ttl_s;
	return left > 0 ? left : 0;
}

/* Copy, cut to n - 1 bytes (the protocol's values are far shorter). */
static void copy_str(char *dst, size_t n, const char *src)
{
	size_t len = src != NULL ? strnlen(src, n - 1) : 0;

	if (len > 0)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

static unsigned long selection(const struct pay *s)
{
	unsigned long sel = 0;

	for (int i = 0; i < s->nsubj; i++)
		if (s->items[C_SUBJ0 + i].checked)
			sel |= 1UL << i;
	return sel;
}

/* A fresh Idempotency-Key: 16 random bytes in hex. 0 or -1. */
static int new_key(struct pay *s)
{
	unsigned char b[16];

	if (sizeof(s->key) < 2 * sizeof(b) + 1)
		return -1;
	randombytes_buf(b, sizeof(b));
	(void)sodium_bin2hex(s->key, sizeof(s->key), b, sizeof(b));
	return 0;
}

/* Wrapped text in [x, x+cols) from row y, at most until row ymax (excl.). */
static int put_wrapped(WINDOW *w, int y, int x, int cols, int ymax, const char *t, attr_t a)
{
	struct wrap_line lines[32];
	size_t n = wrap_text(t, cols, lines, 32);
	char buf[512];
	int used = 0;

	for (size_t i = 0; i < n && i < 32 && y + used < ymax; i++, used++) {
		snprintf(buf, sizeof(buf), "%.*s", (int)lines[i].len, t + lines[i].off);
		ui_put(w, y + used, x, cols, buf, a);
	}
	return used;
}

/* ---- the choice ---------------------------------------------------- */

static void choose_total(struct pay *s)
{
	long long sum = 0;
	int n = 0;

	for (int i = 0; i < s->nsubj; i++)
		if (s->items[C_SUBJ0 + i].checked) {
			sum += s->fee[i];
			n++;
		}
	snprintf(s->total_zh, sizeof(s->total_zh),
		 i18n_ntext(LANG_ZH, "%d subject chosen, %lld yuan in all",
			    "%d subjects chosen, %lld yuan in all", (unsigned long)n), n, sum);
	snprintf(s->total_en, sizeof(s->total_en),
		 i18n_ntext(LANG_EN, "%d subject chosen, %lld yuan in all",
			    "%d subjects chosen, %lld yuan in all", (unsigned long)n), n, sum);
}

static void choose_build(struct app *app, struct pay *s)
{
	const cJSON *o;
	int n = 0;

	s->items[C_HEAD] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_HEADING,
					       .label = N_("Pay for subjects") };
	s->items[C_TIP] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_NORMAL,
		.label = N_("Choose the unpaid subjects to pay (all by default). Only a paid subject "
			    "counts as registered; after payment your information can no longer "
			    "be changed.") };
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(app->reg, "subjects")) {
		const char *st = ncre_json_str(o, "state"), *code = ncre_json_str(o, "code");
		char name[200];
		long long fee = 0;

		if (code == NULL || st == NULL || strcmp(st, "unpaid") != 0 || n >= MAX_SUBJ ||
		    strlen(code) >= sizeof(s->codes[0]))
			continue;
		(void)ncre_json_int(o, "fee", &fee);
		copy_str(s->codes[n], sizeof(s->codes[0]), code);
		s->fee[n] = fee;
		reg_coded_name(o, LANG_ZH, name, sizeof(name));
		snprintf(s->label_zh[n], sizeof(s->label_zh[0]), i18n_text(LANG_ZH, "%s  %lld yuan"),
			 name, fee);
		reg_coded_name(o, LANG_EN, name, sizeof(name));
		snprintf(s->label_en[n], sizeof(s->label_en[0]), i18n_text(LANG_EN, "%s  %lld yuan"),
			 name, fee);
		s->items[C_SUBJ0 + n] = (struct form_item){ .kind = ITEM_CHECK, .checked = true,
			.label = s->label_zh[n], .label_en = s->label_en[n] };
		n++;
	}
	s->nsubj = n;
	s->i_total = C_SUBJ0 + n;
	s->items[s->i_total] = (struct form_item){ .kind = ITEM_TEXT, .role = ROLE_LABEL,
						   .label = s->total_zh, .label_en = s->total_en };
	s->i_tick = s->i_total + 1;
	s->items[s->i_tick] = (struct form_item){ .kind = ITEM_CHECK, .key = "confirm",
		.label = N_("I confirm that my personal and subject information is correct") };
	s->items[s->i_tick + 1] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Confirm"),
						      .action = ACT_CONFIRM };
	s->items[s->i_tick + 2] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
						      .action = ACT_BACK };
	s->nitems = s->i_tick + 3;
	choose_total(s);
	widget_form_init(&s->form, s->items, s->nitems);
	/* Every unpaid subject comes ticked: what is left is the
	 * confirmation (R-PAY-02), so it has the focus. */
	if (n > 0)
		widget_form_focus(&s->form, s->i_tick);
	if (n == 0)
		ui_msg_text(&s->items[s->i_tick].msg, N_("There is no unpaid subject to pay."));
}

/* Send (or send again) the order request with the key of this choice. */
static void send_order(struct app *app, struct pay *s)
{
	char hdr[80];
	cJSON *body;

	if (s->pending == NULL)
		return;
	body = cJSON_Duplicate(s->pending, 1);
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", s->key);
	if (body == NULL || api_set_next_header(app->api, hdr) != 0) {
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	if (app_request(app, s, "POST", "/v1/registration/orders", body, true, REQ_CREATE) != 0) {
		(void)api_set_next_header(app->api, NULL);
		ui_msg_text(&app->status, N_("The request could not be started."));
	}
}

static void choose_confirm(struct app *app, struct pay *s)
{
	unsigned long sel = selection(s);
	cJSON *body, *arr;

	if (sel == 0) {
		ui_msg_text(&s->items[s->i_tick].msg, N_("Please choose at least one subject."));
		return;
	}
	if (!s->items[s->i_tick].checked) {
		ui_msg_err(&s->items[s->i_tick].msg, NCRE_E_CONFIRM_REQUIRED);
		widget_form_focus(&s->form, s->i_tick);
		return;
	}
	ui_msg_clear(&s->items[s->i_tick].msg);
	/* The same choice keeps its key: the server answers the same order. */
	if (s->key[0] == '\0' || sel != s->key_sel) {
		if (new_key(s) != 0) {
			ui_msg_text(&app->status, N_("The request could not be started."));
			return;
		}
		s->key_sel = sel;
	}
	body = cJSON_CreateObject();
	arr = body != NULL ? cJSON_AddArrayToObject(body, "subjects") : NULL;
	if (arr == NULL || cJSON_AddTrueToObject(body, "confirm") == NULL) {
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	for (int i = 0; i < s->nsubj; i++)
		if ((sel >> i) & 1UL) {
			cJSON *c = cJSON_CreateString(s->codes[i]);

			if (c == NULL || !cJSON_AddItemToArray(arr, c)) {
				cJSON_Delete(c);
				api_json_wipe_free(&body);
				ui_msg_text(&app->status, N_("The request could not be started."));
				return;
			}
		}
	api_json_wipe_free(&s->pending);
	s->pending = body;
	send_order(app, s);
}

/* ---- the order ----------------------------------------------------- */

static void pay_layout(struct app *app, void *st, const struct rect *body);

static bool is_state(const struct pay *s, const char *st)
{
	return strcmp(s->state, st) == 0;
}

/* Take an order object of the protocol; false when it is not one. */
static bool order_take(struct app *app, struct pay *s, const cJSON *o)
{
	const cJSON *sub;
	size_t lz = 0, le = 0;
	time_t created;

	bool same;

	if (!cJSON_IsObject(o) || ncre_json_str(o, "no") == NULL ||
	    ncre_json_str(o, "state") == NULL)
		return false;
	same = s->phase == PH_PAY && strcmp(s->state, ncre_json_str(o, "state")) == 0 &&
	       strcmp(s->pay_url, ncre_json_str(o, "pay_url") ? ncre_json_str(o, "pay_url") : "") == 0;
	copy_str(s->no, sizeof(s->no), ncre_json_str(o, "no"));
	copy_str(s->state, sizeof(s->state), ncre_json_str(o, "state"));
	s->amount = 0;
	(void)ncre_json_int(o, "amount", &s->amount);
	copy_str(s->pay_url, sizeof(s->pay_url), ncre_json_str(o, "pay_url"));
	copy_str(s->channel, sizeof(s->channel), ncre_json_str(o, "channel"));
	copy_str(s->created, sizeof(s->created), ncre_json_str(o, "created_at"));
	copy_str(s->expires, sizeof(s->expires), ncre_json_str(o, "expires_at"));
	copy_str(s->paid_at, sizeof(s->paid_at), ncre_json_str(o, "paid_at"));
	s->expires_t = utc_time(s->expires);
	created = utc_time(s->created);
	s->ttl_s = created != 0 && s->expires_t > created ? (long)(s->expires_t - created) : 0;
	s->subj_zh[0] = s->subj_en[0] = '\0';
	cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(o, "subjects")) {
		char name[200];

		reg_coded_name(sub, LANG_ZH, name, sizeof(name));
		if (lz < sizeof(s->subj_zh))
			lz += (size_t)snprintf(s->subj_zh + lz, sizeof(s->subj_zh) - lz, "%s%s",
					       lz ? i18n_text(LANG_ZH, N_(", ")) : "", name);
		reg_coded_name(sub, LANG_EN, name, sizeof(name));
		if (le < sizeof(s->subj_en))
			le += (size_t)snprintf(s->subj_en + le, sizeof(s->subj_en) - le, "%s%s",
					       le ? i18n_text(LANG_EN, N_(", ")) : "", name);
	}
	if (s->phase != PH_PAY) {
		s->phase = PH_PAY;
		s->pitems[0] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Update"),
						   .action = ACT_REFRESH };
		s->pitems[1] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
						   .action = ACT_BACK };
		widget_form_init(&s->pform, s->pitems, 2);
		s->next_poll_ms = app_now_ms() + POLL_MS;
		api_json_wipe_free(&s->pending);
		explicit_bzero(s->key, sizeof(s->key));
	}
	/* Only a new state or URL changes the page (the focus stays put). */
	if (!same) {
		if (!is_state(s, "open"))
			widget_form_init(&s->pform, &s->pitems[1], 1);   /* 返回 only */
		pay_layout(app, s, &app->body);
	}
	app->dirty = true;
	return true;
}

/* The order's state changed to paid: read the registration again, so the
 * payment state (全部支付 / 部分支付) shows here without a key. */
static void order_paid(struct app *app, struct pay *s)
{
	s->note_role = ROLE_OK;
	ui_msg_text(&s->note, N_("Payment received. Thank you."));
	if (!api_busy(app->api))
		start_or_say(app, s, "GET", "/v1/registration", NULL, REQ_REG);
}

static void order_update(struct app *app, struct pay *s, const cJSON *o)
{
	bool was_paid = is_state(s, "paid");

	if (!order_take(app, s, o))
		return;
	if (!was_paid && is_state(s, "paid"))
		order_paid(app, s);
	else if (is_state(s, "expired")) {
		s->note_role = ROLE_ERROR;
		ui_msg_text(&s->note, N_("The order has expired without payment. Go back to pay "
					 "again with a new order."));
	}
}

static const cJSON *find_order(const cJSON *body, const char *no)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(body, "orders")) {
		const char *n = ncre_json_str(o, "no");

		if (n != NULL && strcmp(n, no) == 0)
			return o;
	}
	return NULL;
}

static void pay_refresh(struct app *app, struct pay *s)
{
	char path[96];

	if (s->no[0] == '\0')
		return;
	snprintf(path, sizeof(path), "/v1/registration/orders/%s/refresh", s->no);
	s->note_role = ROLE_STATUS;
	ui_msg_text(&s->note, N_("Asking the payment platform..."));
	start_or_say(app, s, "POST", path, NULL, REQ_REFRESH);
}

/* ---- screen -------------------------------------------------------- */

static int pay_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct pay *s = st;

	s->qr_color = widget_qr_init(app->ui.color);
	s->shown_secs = -1;
	if (arg != NULL && arg->mode == 1 && arg->text[0] != '\0') {
		s->phase = PH_LOADING;
		copy_str(s->no, sizeof(s->no), arg->text);
		start_or_say(app, s, "GET", "/v1/registration/orders", NULL, REQ_LOAD);
		return 0;
	}
	choose_build(app, s);
	return 0;
}

static void pay_fini(struct app *app, void *st)
{
	struct pay *s = st;

	(void)app;
	api_json_wipe_free(&s->pending);
	qr_art_free(&s->qr);
	explicit_bzero(s, sizeof(*s));
}

static void pay_layout(struct app *app, void *st, const struct rect *body)
{
	struct pay *s = st;

	s->form.lang = app->ui.lang;
	s->form_r = (struct rect){ body->y + 1, body->x, body->h - 1, body->w };
	if (s->phase == PH_CHOOSE) {
		widget_form_layout(&s->form, s->form_r.w);
		return;
	}
	if (s->phase != PH_PAY)
		return;
	qr_art_free(&s->qr);
	s->qr_fits = is_state(s, "open") && s->pay_url[0] != '\0' &&
		     qr_art_encode(s->pay_url, body->w - TEXT_MIN_COLS - 2, body->h, &s->qr) == 0;
	if (s->qr_fits) {
		s->qr_r = (struct rect){ body->y, body->x, s->qr.rows, s->qr.cols };
		s->text_r = (struct rect){ body->y, body->x + s->qr.cols + 2, body->h,
					   body->w - s->qr.cols - 2 };
	} else {
		s->qr_r = (struct rect){ body->y, body->x, 0, 0 };
		s->text_r = *body;
	}
	widget_form_layout(&s->pform, s->text_r.w);
	s->pform_r = (struct rect){ s->text_r.y + s->text_r.h - s->pform.height, s->text_r.x,
				    s->pform.height, s->text_r.w };
}

static const char *state_word(const struct pay *s)
{
	if (is_state(s, "open"))
		return _("Awaiting payment");
	if (is_state(s, "paid"))
		return _("Paid");
	if (is_state(s, "expired"))
		return _("Expired");
	return s->state;
}

static const char *payment_word(const char *p)
{
	if (strcmp(p, "none") == 0)
		return _("Nothing paid");
	if (strcmp(p, "partial") == 0)
		return _("Partly paid");
	if (strcmp(p, "all") == 0)
		return _("All paid");
	return p;
}

static void paint_pay(struct app *app, struct pay *s, WINDOW *w)
{
	struct ui *ui = &app->ui;
	const struct rect *t = &s->text_r;
	int y = t->y, ymax = s->pform_r.y - 1;
	char buf[700], when[48];
	attr_t lab = ui_attr(ui, ROLE_LABEL);

	if (s->qr_fits)
		widget_qr_paint(w, s->qr_r.y, s->qr_r.x, &s->qr, s->qr_color);
	ui_put(w, y++, t->x, t->w, _("Pay for subjects"), ui_attr(ui, ROLE_HEADING));
	snprintf(buf, sizeof(buf), _("Order number: %s"), s->no);
	ui_put(w, y++, t->x, t->w, buf, lab);
	snprintf(buf, sizeof(buf), _("Amount: %lld yuan"), s->amount);
	ui_put(w, y++, t->x, t->w, buf, ui_attr(ui, ROLE_HEADING));
	snprintf(buf, sizeof(buf), _("Subjects: %s"),
		 i18n_pick(ui->lang, s->subj_zh, s->subj_en));
	y += put_wrapped(w, y, t->x, t->w, ymax, buf, lab);
	snprintf(buf, sizeof(buf), _("State: %s"), state_word(s));
	ui_put(w, y++, t->x, t->w, buf,
	       ui_attr(ui, is_state(s, "paid") ? ROLE_STEP_DONE : is_state(s, "open") ?
		       ROLE_STATUS : ROLE_ERROR));
	if (is_state(s, "open")) {
		long left = seconds_left(s);

		if (left > 0)
			snprintf(buf, sizeof(buf), _("Time left: %ld:%02ld"), left / 60, left % 60);
		else
			snprintf(buf, sizeof(buf), "%s", _("Time left: 0:00 (checking...)"));
		ui_put(w, y++, t->x, t->w, buf, ui_attr(ui, ROLE_STATUS));
		cntime_format(s->expires, when, sizeof(when));
		snprintf(buf, sizeof(buf), _("Pay before %s"), when);
		ui_put(w, y++, t->x, t->w, buf, lab);
		y++;
		if (s->qr_fits) {
			y += put_wrapped(w, y, t->x, t->w, ymax,
					 _("Scan the code with your phone to pay. This page "
					   "updates by itself once the payment arrives; if it "
					   "does not, press Update. If money was taken, do not "
					   "pay again."), lab);
		} else {
			y += put_wrapped(w, y, t->x, t->w, ymax,
					 _("The window is too small for the QR code. Enlarge it, "
					   "or open this address on your phone to pay:"),
					 ui_attr(ui, ROLE_ERROR));
			y += put_wrapped(w, y, t->x, t->w, ymax, s->pay_url,
					 ui_attr(ui, ROLE_HEADING));
		}
	} else if (is_state(s, "paid")) {
		if (s->paid_at[0] != '\0') {
			cntime_format(s->paid_at, when, sizeof(when));
			snprintf(buf, sizeof(buf), _("Paid at: %s"), when);
			ui_put(w, y++, t->x, t->w, buf, lab);
		}
		if (s->payment[0] != '\0') {
			snprintf(buf, sizeof(buf), _("Payment state: %s"), payment_word(s->payment));
			ui_put(w, y++, t->x, t->w, buf, ui_attr(ui, ROLE_STEP_DONE));
		}
	}
	if (!ui_msg_empty(&s->note) && y < ymax) {
		y++;
		(void)put_wrapped(w, y, t->x, t->w, ymax,
				  ui_msg_render(&s->note, ui->lang, buf, sizeof(buf)),
				  ui_attr(ui, s->note_role));
	}
	widget_form_paint(&s->pform, ui, w, &s->pform_r);
}

static void pay_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct pay *s = st;

	if (s->form.lang != app->ui.lang)
		pay_layout(app, s, b);
	switch (s->phase) {
	case PH_CHOOSE:
		widget_form_paint(&s->form, &app->ui, w, &s->form_r);
		break;
	case PH_LOADING:
		ui_put(w, b->y, b->x, b->w, _("Loading..."), ui_attr(&app->ui, ROLE_STATUS));
		break;
	case PH_PAY:
		paint_pay(app, s, w);
		break;
	}
}

static enum screen_rc pay_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct pay *s = st;
	struct form *fm = s->phase == PH_PAY ? &s->pform : &s->form;

	if (key_is_esc(kind, ch) || s->phase == PH_LOADING)
		return key_is_esc(kind, ch) ? SCREEN_BACK : SCREEN_STAY;
	if (s->phase == PH_PAY && ((kind == KEY_CODE_YES && ch == KEY_F(5)) ||
				   (kind == OK && ch == KEY_CTRL_R))) {
		pay_refresh(app, s);
		return SCREEN_STAY;
	}
	switch (widget_form_key(fm, kind, ch)) {
	case FORM_TOGGLED:
		if (s->phase == PH_CHOOSE) {
			choose_total(s);
			ui_msg_clear(&s->items[s->i_tick].msg);
		}
		break;
	case FORM_ACTION:
		switch (widget_form_focused(fm)->action) {
		case ACT_CONFIRM: choose_confirm(app, s); break;
		case ACT_REFRESH: pay_refresh(app, s); break;
		case ACT_BACK: return SCREEN_BACK;
		default: break;
		}
		break;
	default:
		break;
	}
	return SCREEN_STAY;
}

static bool network_trouble(enum api_status st)
{
	return st == API_UNREACHABLE || st == API_NETWORK || st == API_TIMEOUT ||
	       st == API_SERVER || st == API_BAD_REPLY;
}

static void create_reply(struct app *app, struct pay *s, struct api_result *res)
{
	struct ui_msg m;

	if (res->status == API_OK) {
		if (!order_take(app, s, cJSON_GetObjectItemCaseSensitive(res->body, "order")))
			ui_msg_text(&app->status,
				    N_("The server sent a reply the kiosk does not understand."));
		return;
	}
	if (network_trouble(res->status)) {
		/* The order may exist: the same key again gets it, never a second. */
		app_result_msg(res, &m);
		ui_msg_text(&m, N_("The connection failed; the order may have been made. Retry "
				   "sends the same request again: it never makes a second order "
				   "or charges twice."));
		app_confirm(app, s, DLG_RETRY, N_("Network problem"), &m);
		app->dlg.yes = N_("Retry");
		app->dlg.no = N_("Cancel");
		app->dlg.button = 0;
		return;
	}
	if (res->status == API_CANCELLED) {
		ui_msg_text(&app->status, N_("Cancelled. Confirming again continues the same order; "
					     "it is never made twice."));
		return;
	}
	if (res->status == API_ERROR && res->err_known && res->err == NCRE_E_CONFIRM_REQUIRED) {
		app_result_msg(res, &s->items[s->i_tick].msg);
		return;
	}
	app_show_failure(app, res);
}

static void pay_reply(struct app *app, void *st, struct api_result *res)
{
	struct pay *s = st;
	const cJSON *o;

	switch (res->tag) {
	case REQ_CREATE:
		create_reply(app, s, res);
		break;
	case REQ_LOAD:
		if (res->status != API_OK) {
			app_show_failure(app, res);
			break;
		}
		o = find_order(res->body, s->no);
		if (o == NULL || !order_take(app, s, o)) {
			struct ui_msg m;

			ui_msg_text(&m, N_("This order was not found."));
			app_message(app, s, DLG_INFO, N_("Not available"), &m);
		} else if (is_state(s, "paid")) {
			order_paid(app, s);
		}
		break;
	case REQ_POLL:
		if (res->status == API_OK) {
			o = find_order(res->body, s->no);
			if (o != NULL)
				order_update(app, s, o);
			if (s->note.msgid != NULL && s->note_role == ROLE_ERROR && is_state(s, "open"))
				ui_msg_clear(&s->note);
		} else if (res->status != API_CANCELLED) {
			/* Not a verdict on the payment: only that we could not look. */
			s->note_role = ROLE_ERROR;
			ui_msg_text(&s->note, N_("Cannot reach the server to check the payment; "
						 "trying again. If you have paid, nothing is lost."));
		}
		break;
	case REQ_REFRESH:
		if (res->status == API_OK) {
			const char *r = ncre_json_str(res->body, "result");

			order_update(app, s, cJSON_GetObjectItemCaseSensitive(res->body, "order"));
			if (is_state(s, "paid"))
				break;       /* order_paid said it */
			s->note_role = ROLE_STATUS;
			if (r != NULL && strcmp(r, "refund") == 0)
				ui_msg_text(&s->note, N_("The payment arrived after the order expired; "
							 "the exam office will refund it."));
			else if (is_state(s, "open"))
				ui_msg_text(&s->note, N_("The payment platform has no payment for this "
							 "order yet. If you have paid, wait a moment "
							 "and press Update again; do not pay twice."));
		} else if (res->status == API_ERROR) {
			s->note_role = ROLE_ERROR;
			app_result_msg(res, &s->note);
		} else {
			/* Look again before saying anything about the payment. */
			s->note_role = ROLE_ERROR;
			ui_msg_text(&s->note, N_("Cannot reach the server; the payment state is "
						 "being checked again. If you have paid, nothing "
						 "is lost."));
			s->next_poll_ms = 0;
		}
		break;
	case REQ_REG:
		if (res->status == API_OK) {
			const cJSON *reg = cJSON_GetObjectItemCaseSensitive(res->body, "registration");

			app_set_reg(app, reg);
			copy_str(s->payment, sizeof(s->payment), ncre_json_str(reg, "payment"));
		}
		break;
	default:
		break;
	}
	app->dirty = true;
}

static void pay_dialog(struct app *app, void *st, int tag, int result)
{
	struct pay *s = st;

	if (tag == DLG_RETRY && result == 1)
		send_order(app, s);
	else if (tag == DLG_INFO && s->phase == PH_LOADING)
		app_pop(app);
}

/* The countdown's second, and the poll of an open order every few seconds
 * (also just after paying, to read the registration's payment state). */
static void pay_tick(struct app *app, void *st)
{
	struct pay *s = st;
	long long now = app_now_ms();
	int secs;

	if (s->phase != PH_PAY)
		return;
	secs = (int)seconds_left(s);
	if (secs != s->shown_secs) {
		s->shown_secs = secs;
		app->dirty = true;
	}
	/* One request at a time, none under a dialog (a retry kept there). */
	if (!is_state(s, "open") || now < s->next_poll_ms || api_busy(app->api) ||
	    app->dlg.kind != DLG_NONE)
		return;
	s->next_poll_ms = now + POLL_MS;
	start_or_say(app, s, "GET", "/v1/registration/orders", NULL, REQ_POLL);
}

static const char *pay_hints(struct app *app, void *st)
{
	struct pay *s = st;

	(void)app;
	if (s->phase == PH_PAY)
		return N_("F5/^R: update  Tab: move  Enter: choose  Esc: back");
	return N_("Tab/Up/Down: move  Space: tick  Enter: choose  Esc: back");
}

const struct screen screen_pay = {
	.name = "pay",
	.state_size = sizeof(struct pay),
	.init = pay_init,
	.fini = pay_fini,
	.layout = pay_layout,
	.paint = pay_paint,
	.key = pay_key,
	.reply = pay_reply,
	.dialog = pay_dialog,
	.hints = pay_hints,
	.tick = pay_tick,
};
