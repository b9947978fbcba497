/*
 * The registration form's definition, compared with the server's once the
 * server has answered at start (GET /v1/forms/registration, docs/protocol.md).
 * The same hash: nothing is said. Another one: the server's definition is
 * used from then on (the server validates against it) and the welcome
 * screen says so; when the server's cannot be read either, personal
 * information is not saved at this kiosk and the screens say why. The
 * request runs in the background, never before the first screen is drawn
 * and never in the way of one the candidate asked for.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "ncre/form.h"
#include "ncre/json.h"
#include "app-internal.h"
#include "registration.h"

#define FORMS_RETRY_MS 30000	/* after a network failure */

/* This kiosk's own definition (forms/), or -1 with the reason. */
static int local_form(const struct app *app, struct ncre_form **out, char *err, size_t errlen)
{
	char dir[PATH_MAX + 16];

	reg_forms_dir(app, dir, sizeof(dir));
	return ncre_form_load(dir, "registration", out, err, errlen);
}

void app_forms_check_if_due(struct app *app)
{
	struct ui_msg keep;
	long long now;

	/* Only once the server has answered (the welcome screen's first
	 * read), and never in the way of another request. */
	if (app->forms.state != FORMS_UNCHECKED || !app->exam.known || api_busy(app->api))
		return;
	now = app_now_ms();
	if (now < app->forms.next_try_ms)
		return;
	app->forms.next_try_ms = now + FORMS_RETRY_MS;
	keep = app->status;		/* a background read: the status line stays */
	if (app_request(app, NULL, "GET", "/v1/forms/registration", NULL, false,
			APP_TAG_FORMS) == 0)
		app->status = keep;
}

void app_forms_reply(struct app *app, const struct api_result *res)
{
	struct ncre_form *mine = NULL, *theirs = NULL;
	const char *hash = ncre_json_str(res->body, "hash");
	char err[sizeof(app->forms.why)];

	if (res->status != API_OK) {
		/* An older server without the endpoint: nothing to compare.
		 * A network failure: tried again later. */
		if (res->status == API_ERROR)
			app->forms.state = FORMS_UNKNOWN;
		return;
	}
	if (local_form(app, &mine, err, sizeof(err)) == 0) {
		snprintf(app->forms.here, sizeof(app->forms.here), "%s", ncre_form_version(mine));
		if (hash != NULL && strcmp(hash, ncre_form_hash(mine)) == 0) {
			app->forms.state = FORMS_SAME;
			ncre_form_free(&mine);
			return;
		}
		ncre_form_free(&mine);
	} else {
		app->forms.here[0] = '\0';
	}
	snprintf(app->forms.there, sizeof(app->forms.there), "%s",
		 ncre_json_str(res->body, "version") ? ncre_json_str(res->body, "version") : "?");
	if (ncre_form_from_json(res->body, &theirs, err, sizeof(err)) != 0) {
		app->forms.state = FORMS_BROKEN;
		snprintf(app->forms.why, sizeof(app->forms.why), "%s", err);
		return;
	}
	ncre_form_free(&app->forms.server);
	app->forms.server = theirs;
	app->forms.state = FORMS_SERVER;
	app->dirty = true;
}

int app_form_load(struct app *app, struct ncre_form **out, char *err, size_t errlen)
{
	if (app->forms.state == FORMS_SERVER && app->forms.server != NULL)
		return ncre_form_from_json(ncre_form_json(app->forms.server), out, err, errlen);
	return local_form(app, out, err, errlen);
}

bool app_form_refused(const struct app *app)
{
	return app->forms.state == FORMS_BROKEN;
}

bool app_form_notice(const struct app *app, char *buf, size_t n)
{
	switch (app->forms.state) {
	case FORMS_SERVER:
		if (app->forms.here[0] != '\0')
			snprintf(buf, n, _("This kiosk's registration form (version %s) differs from "
					   "the server's (version %s): the server's is used. Staff: "
					   "update the kiosk's forms folder."),
				 app->forms.here, app->forms.there);
		else
			snprintf(buf, n, _("This kiosk has no registration form of its own: the "
					   "server's (version %s) is used."), app->forms.there);
		return true;
	case FORMS_BROKEN:
		snprintf(buf, n, "%s", _("This kiosk's registration form differs from the server's, "
					 "which could not be read: personal information cannot be "
					 "saved here. Please call the site staff."));
		return true;
	default:
		return false;
	}
}

void app_forms_fini(struct app *app)
{
	ncre_form_free(&app->forms.server);
	memset(&app->forms, 0, sizeof(app->forms));
}
