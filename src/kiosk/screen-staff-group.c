/*
 * Staff mode: 集体报名 (group registration) for the staff member's own site.
 * Choose the CSV file (the photo's file picker, e.g. on a USB stick; UTF-8,
 * a header row of field ids, docs/staff.md), confirm, and the server
 * registers each row as a candidate's own registration would be checked
 * (POST /v1/staff/group-registrations); the report lists every row,
 * registered or refused with the reason. The file's text is read into
 * memory only and wiped after sending; nothing is written to disk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ncre/json.h"
#include "app.h"
#include "widget-filepicker.h"

/* The request body limit is 64 KiB; larger files go to the office's command. */
#define GROUP_FILE_MAX (56 * 1024)

enum group_mode { MODE_PICK = 0, MODE_REPORT };
enum { REQ_IMPORT = 1 };
enum { DLG_SURE = 1, DLG_INFO };

struct staff_group {
	enum group_mode mode;
	struct filepicker fp;
	char *csv;		/* the chosen file's text until sent; wiped */
	size_t len;
	char name[256];
	struct textview tv;
	struct rect tv_r;
	int built_width;
	cJSON *report;		/* the server's report; wiped */
};

static void group_forget_file(struct staff_group *s)
{
	if (s->csv != NULL) {
		explicit_bzero(s->csv, s->len);
		free(s->csv);
	}
	s->csv = NULL;
	s->len = 0;
}

static int group_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct staff_group *s = st;

	(void)arg;
	return widget_filepicker_init(&s->fp, app->cfg.photo_dir[0] != '\0' ? app->cfg.photo_dir
									     : NULL);
}

static void group_fini(struct app *app, void *st)
{
	struct staff_group *s = st;

	(void)app;
	group_forget_file(s);
	widget_filepicker_fini(&s->fp);
	widget_text_clear(&s->tv);
	api_json_wipe_free(&s->report);
}

/* The report as lines: the counts, then every row. */
static void group_build(struct app *app, struct staff_group *s, int width)
{
	const cJSON *row;
	char buf[512];
	long long accepted = 0, refused = 0;

	widget_text_clear(&s->tv);
	s->built_width = width;
	(void)ncre_json_int(s->report, "accepted", &accepted);
	(void)ncre_json_int(s->report, "refused", &refused);
	snprintf(buf, sizeof(buf), _("%s: %lld registered, %lld refused."), s->name, accepted,
		 refused);
	(void)widget_text_add(&s->tv, refused > 0 ? ROLE_ERROR : ROLE_OK, buf, width, 0);
	if (accepted > 0)
		(void)widget_text_add(&s->tv, ROLE_NORMAL,
				      _("Hand each candidate their claim code in person: with their "
					"ID number it makes the registration theirs. It is shown "
					"only here; the registration's page issues a new one."),
				      width, 0);
	(void)widget_text_blank(&s->tv);
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(s->report, "rows")) {
		long long line = 0, reg = 0;

		(void)ncre_json_int(row, "line", &line);
		if (ncre_json_bool(row, "accepted", false)) {
			(void)ncre_json_int(row, "registration", &reg);
			snprintf(buf, sizeof(buf), _("Line %lld: registered (registration %lld), claim "
						     "code %s"), line, reg,
				 ncre_json_str(row, "claim_code") ? ncre_json_str(row, "claim_code")
								  : "-");
			(void)widget_text_add(&s->tv, ROLE_NORMAL, buf, width, 2);
		} else {
			const char *msg = i18n_pick(app->ui.lang, ncre_json_str(row, "message_zh"),
						    ncre_json_str(row, "message_en"));

			snprintf(buf, sizeof(buf), _("Line %lld: refused (%s): %s"), line,
				 ncre_json_str(row, "field") ? ncre_json_str(row, "field") : "-",
				 msg != NULL ? msg : "");
			(void)widget_text_add(&s->tv, ROLE_ERROR, buf, width, 2);
		}
	}
}

static void group_layout(struct app *app, void *st, const struct rect *body)
{
	struct staff_group *s = st;

	s->tv_r = (struct rect){ body->y + 2, body->x, body->h - 2, body->w };
	if (s->mode == MODE_REPORT)
		group_build(app, s, s->tv_r.w);
}

static void group_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct staff_group *s = st;

	if (s->mode == MODE_PICK) {
		struct rect r = { b->y + 2, b->x, b->h - 2, b->w };

		ui_put(w, b->y, b->x, b->w,
		       _("Group registration: choose the CSV file (UTF-8, header row of field ids)"),
		       ui_attr(&app->ui, ROLE_HEADING));
		widget_filepicker_paint(&s->fp, &app->ui, w, &r);
		return;
	}
	ui_put(w, b->y, b->x, b->w, _("Group registration: the report"),
	       ui_attr(&app->ui, ROLE_HEADING));
	if (s->built_width != s->tv_r.w)
		group_build(app, s, s->tv_r.w);
	widget_text_paint(&s->tv, &app->ui, w, &s->tv_r);
}

/* Read the chosen file into memory and ask before sending it. */
static void group_chosen(struct app *app, struct staff_group *s, const char *path)
{
	struct ui_msg m;
	const char *base = strrchr(path, '/');
	FILE *f = fopen(path, "rb");
	size_t n;

	group_forget_file(s);
	snprintf(s->name, sizeof(s->name), "%s", base != NULL ? base + 1 : path);
	if (f == NULL) {
		ui_msg_text(&m, N_("This file cannot be read."));
		app_message(app, s, DLG_INFO, N_("Group registration"), &m);
		return;
	}
	s->csv = malloc(GROUP_FILE_MAX + 1);
	n = s->csv != NULL ? fread(s->csv, 1, GROUP_FILE_MAX + 1, f) : 0;
	if (s->csv == NULL || ferror(f) || n > GROUP_FILE_MAX) {
		fclose(f);
		s->len = s->csv != NULL ? GROUP_FILE_MAX + 1 : 0;
		group_forget_file(s);
		ui_msg_text(&m, N_("This file is too large for the kiosk (56 KB at most). The exam "
				   "office registers larger groups with ncre-server import-group."));
		app_message(app, s, DLG_INFO, N_("Group registration"), &m);
		return;
	}
	fclose(f);
	s->csv[n] = '\0';
	s->len = n;
	ui_msg_printf(&m, N_("Register the candidates of %.60s at your site? Each row is "
			     "checked as a candidate's own registration."), s->name);
	app_confirm(app, s, DLG_SURE, N_("Group registration"), &m);
}

static void group_send(struct app *app, struct staff_group *s)
{
	cJSON *body = cJSON_CreateObject();

	if (body == NULL || s->csv == NULL || cJSON_AddStringToObject(body, "csv", s->csv) == NULL) {
		api_json_wipe_free(&body);
		ui_msg_text(&app->status, N_("The request could not be started."));
		return;
	}
	group_forget_file(s);
	if (app_request(app, s, "POST", "/v1/staff/group-registrations", body, true,
			REQ_IMPORT) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static enum screen_rc group_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct staff_group *s = st;
	int page = s->tv_r.h > 1 ? s->tv_r.h - 1 : 1;

	if (s->mode == MODE_PICK) {
		switch (widget_filepicker_key(&s->fp, kind, ch)) {
		case FP_CHOSEN:
			group_chosen(app, s, s->fp.chosen);
			break;
		case FP_CANCEL:
			return SCREEN_BACK;
		default:
			break;
		}
		return SCREEN_STAY;
	}
	if (kind == KEY_CODE_YES && (ch == KEY_PPAGE || ch == KEY_NPAGE || ch == KEY_UP ||
				     ch == KEY_DOWN)) {
		widget_text_scroll(&s->tv, ch == KEY_PPAGE ? -page : ch == KEY_NPAGE ? page
								     : ch == KEY_UP ? -1 : 1,
				   s->tv_r.h);
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch) || key_is_enter(kind, ch))
		return SCREEN_BACK;
	return SCREEN_STAY;
}

static void group_reply(struct app *app, void *st, struct api_result *res)
{
	struct staff_group *s = st;
	struct rect body = app->body;

	if (res->tag != REQ_IMPORT)
		return;
	if (res->status != API_OK) {
		app_show_failure(app, res);
		return;
	}
	api_json_wipe_free(&s->report);
	s->report = cJSON_Duplicate(res->body, 1);
	if (s->report == NULL) {
		ui_msg_text(&app->status, N_("The server sent a reply the kiosk does not understand."));
		return;
	}
	s->mode = MODE_REPORT;
	group_layout(app, s, &body);
}

static void group_dialog(struct app *app, void *st, int tag, int result)
{
	struct staff_group *s = st;

	if (tag == DLG_SURE) {
		if (result == 1)
			group_send(app, s);
		else
			group_forget_file(s);
	}
}

static const char *group_hints(struct app *app, void *st)
{
	struct staff_group *s = st;

	(void)app;
	return s->mode == MODE_PICK ? N_("Up/Down: move  Enter: open or choose  /: type a path  "
					 "Esc: back")
				    : N_("PgUp/PgDn: scroll  Enter/Esc: back");
}

const struct screen screen_staff_group = {
	.name = "staff-group",
	.state_size = sizeof(struct staff_group),
	.init = group_init,
	.fini = group_fini,
	.layout = group_layout,
	.paint = group_paint,
	.key = group_key,
	.reply = group_reply,
	.dialog = group_dialog,
	.hints = group_hints,
};
