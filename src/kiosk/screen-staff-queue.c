/*
 * Staff mode's first screen: the audit queue of the staff member's site
 * (GET /v1/staff/audit-queue), oldest submission first, one line each:
 * name, ID type, masked number, subjects, waiting time. Enter opens one
 * (screen-staff-review.c); the buttons look a candidate up by ID number,
 * refresh, and end staff mode. Esc ends staff mode too (after a question).
 */
#include <stdio.h>
#include <string.h>

#include "ncre/json.h"
#include "ncre/text.h"
#include "app.h"
#include "keys.h"

#define QUEUE_MAX 200

enum { ACT_LOOKUP = 1, ACT_GROUP, ACT_REFRESH, ACT_END };
#define QUEUE_BUTTONS 4
enum { REQ_QUEUE = 1 };
enum { DLG_END = 1 };

struct staff_queue {
	cJSON *queue;                /* the server's "queue" array (personal data) */
	int n;
	struct list list;
	char row[512];               /* the label of the row being drawn */
	bool on_buttons;             /* Tab: the list or the buttons */
	struct form_item items[QUEUE_BUTTONS];
	struct form form;
	struct rect list_r, form_r;
	bool loaded;
};

/* "35分钟", "2小时5分钟", "1天3小时". */
static void waiting(long long s, char *out, size_t n)
{
	long long m = s / 60, h = m / 60, d = h / 24;

	if (d > 0)
		snprintf(out, n, _("%lldd %lldh"), d, h % 24);
	else if (h > 0)
		snprintf(out, n, _("%lldh %lldmin"), h, m % 60);
	else
		snprintf(out, n, _("%lldmin"), m);
}

/* The widest value of a member (zh, or zh/en by language) in the queue. */
static int column_width(const struct staff_queue *q, enum lang lang, const char *zh,
			const char *en)
{
	const cJSON *o;
	int widest = 1;

	cJSON_ArrayForEach(o, q->queue) {
		const char *v = en != NULL ? i18n_pick(lang, ncre_json_str(o, zh), ncre_json_str(o, en))
					   : ncre_json_str(o, zh);
		int w = v != NULL ? ncre_utf8_width(v) : 1;

		if (w > widest)
			widest = w;
	}
	return widest > 40 ? 40 : widest;
}

static const char *row_label(int i, enum lang lang, void *ud)
{
	struct staff_queue *q = ud;
	const cJSON *o = cJSON_GetArrayItem(q->queue, i), *sub;
	char subs[128] = "", wait[48], name[200], idt[200];
	long long secs = 0;
	size_t len = 0;

	cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(o, "subjects")) {
		const char *code = ncre_json_str(sub, "code");

		if (code != NULL && len + strlen(code) + 3 < sizeof(subs))
			len += (size_t)snprintf(subs + len, sizeof(subs) - len, "(%s)", code);
	}
	(void)ncre_json_int(o, "waiting_seconds", &secs);
	waiting(secs, wait, sizeof(wait));
	/* Names and ID types differ in width (CJK counts two columns):
	 * padded to the widest of the queue, so the columns line up. */
	ui_pad(name, sizeof(name), ncre_json_str(o, "name") ? ncre_json_str(o, "name") : "-",
	       column_width(q, lang, "name", NULL));
	ui_pad(idt, sizeof(idt), i18n_pick(lang, ncre_json_str(o, "id_type_zh"),
					   ncre_json_str(o, "id_type_en")),
	       column_width(q, lang, "id_type_zh", "id_type_en"));
	if (snprintf(q->row, sizeof(q->row), "%-3d %s  %s %s  %s  %s %s", i + 1, name, idt,
		     ncre_json_str(o, "id_number_masked") ? ncre_json_str(o, "id_number_masked") : "",
		     subs, _("waiting"), wait) >= (int)sizeof(q->row))
		q->row[sizeof(q->row) - 1] = '\0';      /* cut at the list's width anyway */
	explicit_bzero(name, sizeof(name));
	return q->row;
}

static void queue_fetch(struct app *app, struct staff_queue *q)
{
	if (app_request(app, q, "GET", "/v1/staff/audit-queue", NULL, true, REQ_QUEUE) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int queue_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct staff_queue *q = st;

	(void)arg;
	q->items[0] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Look up a candidate"),
					  .action = ACT_LOOKUP };
	q->items[1] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Group registration"),
					  .action = ACT_GROUP };
	q->items[2] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Refresh"),
					  .action = ACT_REFRESH };
	q->items[3] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("End staff mode"),
					  .action = ACT_END };
	widget_form_init(&q->form, q->items, QUEUE_BUTTONS);
	q->form.focus = -1;
	q->list = (struct list){ .label = row_label, .ud = q };
	queue_fetch(app, q);
	return 0;
}

static void queue_forget(struct staff_queue *q)
{
	api_json_wipe_free(&q->queue);
	explicit_bzero(q->row, sizeof(q->row));
	q->n = 0;
	q->list.n = 0;
}

static void queue_fini(struct app *app, void *st)
{
	(void)app;
	queue_forget(st);
}

static void queue_layout(struct app *app, void *st, const struct rect *body)
{
	struct staff_queue *q = st;
	int fh;

	(void)app;
	widget_form_layout(&q->form, body->w);
	fh = q->form.height;
	q->list_r = (struct rect){ body->y + 4, body->x, body->h - fh - 5, body->w };
	q->form_r = (struct rect){ body->y + body->h - fh, body->x, fh, body->w };
}

static void queue_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct staff_queue *q = st;
	struct ui *ui = &app->ui;
	char buf[512];

	snprintf(buf, sizeof(buf), _("Audit queue of (%s)%s"), app->staff.site_code,
		 i18n_pick(ui->lang, app->staff.site_zh, app->staff.site_en));
	ui_put(w, b->y, b->x, b->w, buf, ui_attr(ui, ROLE_HEADING));
	if (!app->staff.site_audits)
		ui_put(w, b->y + 1, b->x, b->w, _("This site does not audit registrations."),
		       ui_attr(ui, ROLE_NOTICE));
	if (q->loaded) {
		snprintf(buf, sizeof(buf),
			 ngettext("%d registration waits for audit. Enter opens it.",
				  "%d registrations wait for audit, oldest first. Enter opens one.",
				  (unsigned long)q->n), q->n);
		ui_put(w, b->y + 2, b->x, b->w, buf, ui_attr(ui, ROLE_NORMAL));
	}
	if (q->n > 0 && q->list_r.h > 0) {
		widget_list_paint(&q->list, ui, w, &q->list_r);
	} else if (q->loaded) {
		ui_put(w, q->list_r.y, q->list_r.x + 2, q->list_r.w - 2,
		       _("Nothing waits for audit."), ui_attr(ui, ROLE_OK));
	}
	widget_form_paint(&q->form, ui, w, &q->form_r);
}

static void open_selected(struct app *app, struct staff_queue *q)
{
	const cJSON *o = cJSON_GetArrayItem(q->queue, q->list.sel);
	struct screen_arg arg = { 0 };
	long long id;

	if (o == NULL || ncre_json_int(o, "id", &id) != 0)
		return;
	snprintf(arg.text, sizeof(arg.text), "%lld", id);
	app_push(app, &screen_staff_review, &arg);
}

static void ask_end(struct app *app, struct staff_queue *q)
{
	struct ui_msg m;

	ui_msg_text(&m, N_("End staff mode and log out?"));
	app_confirm(app, q, DLG_END, N_("Staff"), &m);
}

static void focus_buttons(struct staff_queue *q, bool on, int which)
{
	q->on_buttons = on;
	q->form.focus = on ? which : -1;
}

static enum screen_rc queue_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct staff_queue *q = st;
	bool special = kind == KEY_CODE_YES;
	bool tab = !special && ch == '\t', btab = special && ch == KEY_BTAB;

	if (key_is_esc(kind, ch)) {
		ask_end(app, q);
		return SCREEN_STAY;
	}
	if (!special && ch == KEY_CTRL_R) {
		queue_fetch(app, q);
		return SCREEN_STAY;
	}
	if (!q->on_buttons) {
		if (tab || btab) {
			focus_buttons(q, true, tab ? 0 : QUEUE_BUTTONS - 1);
			return SCREEN_STAY;
		}
		if (q->n > 0 && widget_list_key(&q->list, kind, ch, q->list_r.h) == LIST_CHOSEN)
			open_selected(app, q);
		return SCREEN_STAY;
	}
	/* On the buttons: Tab past either end goes back to the list. */
	if ((tab && q->form.focus == QUEUE_BUTTONS - 1) || (btab && q->form.focus == 0) ||
	    (special && (ch == KEY_UP || ch == KEY_DOWN))) {
		focus_buttons(q, false, -1);
		return SCREEN_STAY;
	}
	if (widget_form_key(&q->form, kind, ch) != FORM_ACTION)
		return SCREEN_STAY;
	switch (widget_form_focused(&q->form)->action) {
	case ACT_LOOKUP:
		app_push(app, &screen_staff_lookup, NULL);
		break;
	case ACT_GROUP:
		app_push(app, &screen_staff_group, NULL);
		break;
	case ACT_REFRESH:
		queue_fetch(app, q);
		break;
	case ACT_END:
		ask_end(app, q);
		break;
	}
	return SCREEN_STAY;
}

static void queue_reply(struct app *app, void *st, struct api_result *res)
{
	struct staff_queue *q = st;
	const cJSON *arr;
	int sel = q->list.sel;

	if (res->tag != REQ_QUEUE)
		return;
	if (res->status != API_OK) {
		app_show_failure(app, res);
		return;
	}
	queue_forget(q);
	arr = cJSON_GetObjectItemCaseSensitive(res->body, "queue");
	if (cJSON_IsArray(arr))
		q->queue = cJSON_DetachItemViaPointer(res->body, (cJSON *)arr);
	q->n = cJSON_GetArraySize(q->queue);
	if (q->n > QUEUE_MAX)
		q->n = QUEUE_MAX;
	q->list.n = q->n;
	q->list.sel = sel >= 0 && sel < q->n ? sel : 0;
	q->loaded = true;
}

static void queue_dialog(struct app *app, void *st, int tag, int result)
{
	(void)st;
	if (tag == DLG_END && result == 1)
		app_staff_logout(app);
}

static void queue_resume(struct app *app, void *st)
{
	queue_fetch(app, st);
}

static const char *queue_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("Up/Down: choose  Enter: open  Tab: buttons  ^R: refresh  Esc: end");
}

const struct screen screen_staff_queue = {
	.name = "staff-queue",
	.state_size = sizeof(struct staff_queue),
	.init = queue_init,
	.fini = queue_fini,
	.layout = queue_layout,
	.paint = queue_paint,
	.key = queue_key,
	.reply = queue_reply,
	.dialog = queue_dialog,
	.resume = queue_resume,
	.hints = queue_hints,
};
