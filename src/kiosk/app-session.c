/*
 * Who is logged in: the candidate's session or the staff's (never both),
 * the exam session shown in the title bar and the registration last read.
 * Everything personal is wiped at logout.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ncre/json.h"
#include "app-internal.h"
#include "cntime.h"

/* Best-effort logout when leaving without the candidate (idle, signal). */
#define LOGOUT_WAIT_MS 1500

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

int app_login(struct app *app, const cJSON *reply)
{
	const char *token = ncre_json_str(reply, "token");
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(reply, "account");

	if (token == NULL || strlen(token) >= sizeof(app->sess.token))
		return -1;
	app_wipe_session(app);
	if (api_set_token(app->api, token) != 0)
		return -1;
	copy(app->sess.token, sizeof(app->sess.token), token);
	copy(app->sess.email, sizeof(app->sess.email), ncre_json_str(acc, "email"));
	copy(app->sess.phone, sizeof(app->sess.phone), ncre_json_str(acc, "phone"));
	copy(app->sess.name, sizeof(app->sess.name), ncre_json_str(acc, "name"));
	app->sess.active = true;
	return 0;
}

void app_wipe_session(struct app *app)
{
	/* The network helper held the session's requests and replies too. */
	if (app->sess.active || app->staff.active)
		api_forget(app->api);
	explicit_bzero(&app->sess, sizeof(app->sess));
	explicit_bzero(&app->staff, sizeof(app->staff));
	(void)api_set_token(app->api, NULL);
	app_set_reg(app, NULL);
	app_forget_last(app);
	app->reread_due = false;
	ui_msg_clear(&app->note_later);
}

void app_logout(struct app *app)
{
	if (app->sess.active &&
	    app_request(app, NULL, "DELETE", "/v1/sessions/current", NULL, true,
			APP_TAG_LOGOUT) == 0)
		return;
	app_wipe_session(app);
	app_reset(app, &screen_welcome, NULL);
}

int app_staff_login(struct app *app, const cJSON *reply)
{
	const char *token = ncre_json_str(reply, "token");
	const cJSON *who = cJSON_GetObjectItemCaseSensitive(reply, "staff");
	const cJSON *site = cJSON_GetObjectItemCaseSensitive(who, "site");

	if (token == NULL || strlen(token) >= sizeof(app->staff.token) || !cJSON_IsObject(who))
		return -1;
	app_wipe_session(app);
	if (api_set_token(app->api, token) != 0)
		return -1;
	copy(app->staff.token, sizeof(app->staff.token), token);
	copy(app->staff.login, sizeof(app->staff.login), ncre_json_str(who, "login"));
	copy(app->staff.name, sizeof(app->staff.name), ncre_json_str(who, "name"));
	copy(app->staff.site_code, sizeof(app->staff.site_code), ncre_json_str(site, "code"));
	copy(app->staff.site_zh, sizeof(app->staff.site_zh), ncre_json_str(site, "name_zh"));
	copy(app->staff.site_en, sizeof(app->staff.site_en), ncre_json_str(site, "name_en"));
	app->staff.site_audits = ncre_json_bool(site, "audit", false);
	app->staff.active = true;
	return 0;
}

void app_staff_logout(struct app *app)
{
	if (app->staff.active &&
	    app_request(app, NULL, "DELETE", "/v1/staff/sessions/current", NULL, true,
			APP_TAG_STAFF_LOGOUT) == 0)
		return;
	app_wipe_session(app);
	app_reset(app, &screen_welcome, NULL);
}

/* Where the session of the moment ends on the server, or NULL. */
const char *app_session_path(const struct app *app)
{
	if (app->staff.active)
		return "/v1/staff/sessions/current";
	if (app->sess.active)
		return "/v1/sessions/current";
	return NULL;
}

void app_set_exam(struct app *app, const cJSON *exam)
{
	if (!cJSON_IsObject(exam))
		return;
	copy(app->exam.code, sizeof(app->exam.code), ncre_json_str(exam, "code"));
	copy(app->exam.name_zh, sizeof(app->exam.name_zh), ncre_json_str(exam, "name_zh"));
	copy(app->exam.name_en, sizeof(app->exam.name_en), ncre_json_str(exam, "name_en"));
	copy(app->exam.open, sizeof(app->exam.open), ncre_json_str(exam, "window_open"));
	copy(app->exam.close, sizeof(app->exam.close), ncre_json_str(exam, "window_close"));
	app->exam.in_window = ncre_json_bool(exam, "in_window", false);
	app->exam.known = true;
}

void app_set_reg(struct app *app, const cJSON *reg)
{
	api_json_wipe_free(&app->reg);
	if (reg != NULL)
		app->reg = cJSON_Duplicate(reg, 1);
}

const char *app_exam_name(const struct app *app)
{
	if (!app->exam.known)
		return "";
	return i18n_pick(app->ui.lang, app->exam.name_zh, app->exam.name_en);
}

int app_today_ymd(void)
{
	return cntime_today_ymd(time(NULL));
}

void app_format_time(const char *iso, char *out, size_t outsz)
{
	cntime_format(iso, out, outsz);
}

/* Best effort: end the session on the server, waiting a moment only. */
void app_logout_now(struct app *app)
{
	struct api_result res;
	long long end;

	if (app_session_path(app) == NULL || app->api == NULL)
		return;
	app_cancel_request(app);
	if (api_start(app->api, "DELETE", app_session_path(app), NULL, true, APP_TAG_LOGOUT) != 0)
		return;
	end = app_now_ms() + LOGOUT_WAIT_MS;
	while (app_now_ms() < end) {
		memset(&res, 0, sizeof(res));
		if (api_poll(app->api, 100, &res) == 1) {
			api_result_clear(&res);
			return;
		}
	}
	app_cancel_request(app);
}

void app_wipe_all(struct app *app)
{
	app_cancel_request(app);
	app_logout_now(app);
	while (app->depth > 0)
		app_drop_top(app);
	app_wipe_session(app);
	/* What was typed without a session (a sign-up, a recovery) too. */
	api_forget(app->api);
	explicit_bzero(&app->dlg, sizeof(app->dlg));
	field_clear(&app->unlock);
}
