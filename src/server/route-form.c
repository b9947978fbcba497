/*
 * GET /v1/forms/{id}: the form definition and its option lists, with the
 * hash a kiosk compares with its own copy of forms/ (include/ncre/form.h).
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/form.h"

#include "http.h"
#include "routes.h"

void route_form_get(struct http_request *req)
{
	const struct ncre_form *form = req->srv->form;

	if (strcmp(req->param, ncre_form_id(form)) != 0) {
		http_reply_error(req, NCRE_E_NOT_FOUND, NULL);
		return;
	}
	http_reply_json(req, 200, cJSON_Duplicate(ncre_form_json(form), true));
}
