/*
 * One table of routes; the checks every route shares run here in a fixed
 * order: 404, 405, 401 (token), 415 (content type), 400 (BAD_JSON).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "ncre/errors.h"
#include "ncre/text.h"

#include "http.h"
#include "router.h"
#include "routes.h"
#include "store.h"

enum {
	ROUTE_TOKEN = 1 << 0,	/* needs a candidate's Authorization: Bearer */
	ROUTE_BODY = 1 << 1,	/* takes a JSON object body */
	ROUTE_STAFF = 1 << 2,	/* needs a staff member's token */
	ROUTE_JPEG = 1 << 3,	/* takes an image/jpeg body up to HTTP_PHOTO_BODY_MAX */
	ROUTE_SECRET = 1 << 4	/* the {} segment is a secret: never logged */
};

struct route {
	const char *method;
	const char *pattern;	/* "{}" matches one path segment */
	unsigned flags;
	void (*fn)(struct http_request *req);
};

static const struct route router_table[] = {
	{ "GET", "/v1/health", 0, route_catalogue_health },
	{ "GET", "/v1/ready", 0, route_catalogue_ready },
	{ "POST", "/v1/accounts", ROUTE_BODY, route_account_create },
	{ "POST", "/v1/sessions", ROUTE_BODY, route_session_create },
	{ "DELETE", "/v1/sessions/current", ROUTE_TOKEN, route_session_delete },
	{ "POST", "/v1/recovery/request", ROUTE_BODY, route_recovery_request },
	{ "POST", "/v1/recovery/reset", ROUTE_BODY, route_recovery_reset },
	{ "GET", "/v1/exam-session", 0, route_catalogue_exam_session },
	{ "GET", "/v1/provinces", 0, route_catalogue_provinces },
	{ "GET", "/v1/sites", 0, route_catalogue_sites },
	{ "GET", "/v1/sites/{}/subjects", 0, route_catalogue_site_subjects },
	{ "GET", "/v1/agreement", 0, route_catalogue_agreement },
	{ "GET", "/v1/registration", ROUTE_TOKEN, route_registration_get },
	{ "GET", "/v1/registrations/earlier", ROUTE_TOKEN, route_registrations_earlier },
	{ "POST", "/v1/registration/agreement", ROUTE_TOKEN | ROUTE_BODY,
	  route_registration_agreement },
	{ "PUT", "/v1/registration/identity", ROUTE_TOKEN | ROUTE_BODY,
	  route_registration_identity },
	{ "POST", "/v1/registration/preview", ROUTE_TOKEN | ROUTE_BODY,
	  route_registration_preview },
	{ "PUT", "/v1/registration/info", ROUTE_TOKEN | ROUTE_BODY, route_registration_info },
	{ "DELETE", "/v1/registration/subjects/{}", ROUTE_TOKEN,
	  route_registration_cancel_subject },
	{ "POST", "/v1/registration/delete", ROUTE_TOKEN | ROUTE_BODY, route_registration_delete },
	{ "GET", "/v1/forms/{}", 0, route_form_get },
	{ "POST", "/v1/registration/audit", ROUTE_TOKEN, route_registration_audit },
	{ "POST", "/v1/staff/sessions", ROUTE_BODY, route_staff_session_create },
	{ "DELETE", "/v1/staff/sessions/current", ROUTE_STAFF, route_staff_session_delete },
	{ "GET", "/v1/staff/audit-queue", ROUTE_STAFF, route_staff_audit_queue },
	{ "GET", "/v1/staff/registrations/{}", ROUTE_STAFF, route_staff_registration_get },
	{ "GET", "/v1/staff/registrations/{}/photo", ROUTE_STAFF, route_staff_registration_photo },
	{ "POST", "/v1/staff/registrations/{}/approve", ROUTE_STAFF,
	  route_staff_registration_approve },
	{ "POST", "/v1/staff/registrations/{}/reject", ROUTE_STAFF | ROUTE_BODY,
	  route_staff_registration_reject },
	{ "GET", "/v1/staff/lookup", ROUTE_STAFF, route_staff_lookup },
	{ "POST", "/v1/staff/registrations/{}/recovery-code", ROUTE_STAFF | ROUTE_BODY,
	  route_staff_registration_recovery_code },
	{ "POST", "/v1/staff/registrations/{}/claim-code", ROUTE_STAFF | ROUTE_BODY,
	  route_staff_registration_claim_code },
	{ "POST", "/v1/staff/group-registrations", ROUTE_STAFF | ROUTE_BODY,
	  route_staff_group_import },
	{ "PUT", "/v1/registration/photo", ROUTE_TOKEN | ROUTE_JPEG, route_photo_put },
	{ "GET", "/v1/registration/photo", ROUTE_TOKEN, route_photo_get },
	{ "POST", "/v1/registration/orders", ROUTE_TOKEN | ROUTE_BODY, route_order_create },
	{ "GET", "/v1/registration/orders", ROUTE_TOKEN, route_order_list },
	{ "POST", "/v1/registration/orders/{}/refresh", ROUTE_TOKEN, route_order_refresh },
	{ "GET", "/v1/registration/intents", ROUTE_TOKEN, route_intent_get },
	{ "PUT", "/v1/registration/intents", ROUTE_TOKEN | ROUTE_BODY, route_intent_put },
	{ "GET", "/v1/registration/ticket", ROUTE_TOKEN, route_ticket_get },
	{ "GET", "/v1/staff/registrations/{}/ticket", ROUTE_STAFF, route_staff_registration_ticket },
	{ "POST", "/v1/payments/notify/{}", ROUTE_BODY, route_payment_notify },
	{ "POST", "/v1/staff/orders/{}/confirm", ROUTE_STAFF | ROUTE_BODY,
	  route_staff_order_confirm },
	{ "GET", "/pay/{}", ROUTE_SECRET, route_sandbox_page },
	{ "POST", "/pay/{}", ROUTE_SECRET, route_sandbox_pay },
};

#define ROUTER_NROUTES (sizeof(router_table) / sizeof(router_table[0]))
#define ROUTER_PARAM_MAX 32

/* Match path against pattern; a "{}" segment is copied into param. */
static bool router_match(const char *pattern, const char *path, char *param, size_t paramlen)
{
	while (*pattern != '\0') {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t n = strcspn(path, "/");

			if (n == 0 || n >= paramlen)
				return false;
			memcpy(param, path, n);
			param[n] = '\0';
			path += n;
			pattern += 2;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *path == '\0';
}

/*
 * cJSON ends a string at a \u0000 escape, which would cut "张三\u0000x"
 * short without a word: each such escape becomes \u0001, which the check
 * for control characters then refuses with the member's name.
 */
static bool router_nul_escapes(char *body, size_t len, bool fix)
{
	bool in_str = false, found = false;

	for (size_t i = 0; i < len; i++) {
		if (!in_str) {
			in_str = body[i] == '"';
			continue;
		}
		if (body[i] == '"') {
			in_str = false;
		} else if (body[i] == '\\') {
			if (len - i > 5 && body[i + 1] == 'u' && memcmp(body + i + 2, "0000", 4) == 0) {
				found = true;
				if (fix)
					body[i + 5] = '1';
			}
			i++;	/* the escaped character */
		}
	}
	return found;
}

/* C0 controls, DEL and the C1 controls (U+0080..U+009F). */
static bool router_has_control(const char *s, bool lines)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		/* A file's text ("csv" of a group registration) has its line breaks and tabs. */
		if (lines && (*p == '\r' || *p == '\n' || *p == '\t'))
			continue;
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return true;
	}
	return false;
}

/* The name of the member whose text holds a control character, or NULL. */
static const char *router_find_control(const cJSON *item, const char *name)
{
	for (; item != NULL; item = item->next) {
		const char *here = item->string != NULL ? item->string : name;
		const char *found;

		if (cJSON_IsString(item) && item->valuestring != NULL &&
		    router_has_control(item->valuestring, here != NULL && strcmp(here, "csv") == 0))
			return here != NULL ? here : "";
		found = router_find_control(item->child, here);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* Parse the body into req->json; replies and returns -1 on failure. */
static int router_parse_body(struct http_request *req)
{
	const char *end = NULL;
	char *text, *copy = NULL;
	int rc = -1;

	if (req->body_seen && !req->json_type) {
		http_reply_error(req, NCRE_E_UNSUPPORTED_MEDIA, NULL);
		return -1;
	}
	if (req->body.data == NULL || req->body.len == 0 ||
	    !ncre_utf8_valid(req->body.data, req->body.len)) {
		http_reply_error(req, NCRE_E_BAD_JSON, NULL);
		return -1;
	}
	/* The raw body stays as sent (a notification's signature covers it). */
	text = req->body.data;
	if (router_nul_escapes(req->body.data, req->body.len, false)) {
		copy = malloc(req->body.len + 1);
		if (copy == NULL) {
			http_reply_error(req, NCRE_E_INTERNAL, NULL);
			return -1;
		}
		memcpy(copy, req->body.data, req->body.len + 1);
		(void)router_nul_escapes(copy, req->body.len, true);
		text = copy;
	}
	req->json = cJSON_ParseWithLengthOpts(text, req->body.len, &end, false);
	if (req->json == NULL || !cJSON_IsObject(req->json)) {
		http_reply_error(req, NCRE_E_BAD_JSON, NULL);
		goto out;
	}
	/* Nothing but white space may follow the object. */
	for (; end != NULL && end < text + req->body.len; end++) {
		if (*end != ' ' && *end != '\t' && *end != '\r' && *end != '\n') {
			http_reply_error(req, NCRE_E_BAD_JSON, NULL);
			goto out;
		}
	}
	/* Text fields never hold control characters, and nothing is cut short. */
	{
		const char *field = router_find_control(req->json->child, NULL);

		if (field != NULL) {
			http_reply_error(req, NCRE_E_TEXT_INVALID, field);
			goto out;
		}
	}
	rc = 0;
out:
	if (copy != NULL) {
		sodium_memzero(copy, req->body.len);
		free(copy);
	}
	return rc;
}

/* "image/jpeg", optionally with parameters. */
static bool router_type_is_jpeg(const char *type)
{
	static const char mime[] = "image/jpeg";

	if (type == NULL)
		return false;
	while (*type == ' ' || *type == '\t')
		type++;
	if (strncasecmp(type, mime, sizeof(mime) - 1) != 0)
		return false;
	type += sizeof(mime) - 1;
	return *type == '\0' || *type == ';' || *type == ' ';
}

size_t router_body_max(const char *method, const char *path)
{
	char param[ROUTER_PARAM_MAX];

	for (size_t i = 0; i < ROUTER_NROUTES; i++) {
		const struct route *r = &router_table[i];

		if ((r->flags & ROUTE_JPEG) && strcmp(r->method, method) == 0 &&
		    router_match(r->pattern, path, param, sizeof(param)))
			return HTTP_PHOTO_BODY_MAX;
	}
	return HTTP_BODY_MAX;
}

void router_log_path(const char *path, char *out, size_t outlen)
{
	char param[ROUTER_PARAM_MAX];

	for (size_t i = 0; i < ROUTER_NROUTES; i++) {
		const struct route *r = &router_table[i];

		if ((r->flags & ROUTE_SECRET) && router_match(r->pattern, path, param, sizeof(param))) {
			snprintf(out, outlen, "%s", r->pattern);
			sodium_memzero(param, sizeof(param));
			return;
		}
	}
	/* A longer segment matches no route but may still be a token: keep the prefix only. */
	if (strncmp(path, "/pay/", 5) == 0) {
		snprintf(out, outlen, "/pay/{}");
		return;
	}
	snprintf(out, outlen, "%s", path);
}

void route_store_error(struct http_request *req, enum store_rc r)
{
	if (r == STORE_BUSY)
		http_reply_retry(req, NCRE_E_BUSY, 1);
	else if (r == STORE_UNAVAILABLE)
		http_reply_retry(req, NCRE_E_BUSY, ROUTE_UNAVAILABLE_RETRY);
	else
		http_reply_error(req, NCRE_E_INTERNAL, NULL);
}

int route_field_str(struct http_request *req, const char *name, size_t max, const char **out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(req->json, name);

	*out = NULL;
	if (item == NULL || cJSON_IsNull(item))
		return 0;
	if (!cJSON_IsString(item) || item->valuestring == NULL) {
		http_reply_error(req, NCRE_E_BAD_JSON, name);
		return -1;
	}
	/* Characters, not bytes: six full-width digits are six. */
	if (ncre_utf8_chars(item->valuestring) > max) {
		http_reply_error(req, NCRE_E_FIELD_TOO_LONG, name);
		return -1;
	}
	*out = item->valuestring;
	return 0;
}

int route_field_required(struct http_request *req, const char *name, size_t max,
			 const char **out)
{
	if (route_field_str(req, name, max, out) != 0)
		return -1;
	if (ncre_utf8_is_blank(*out)) {   /* "   " or a full-width space is no answer */
		http_reply_error(req, NCRE_E_FIELD_REQUIRED, name);
		return -1;
	}
	return 0;
}

void router_dispatch(struct http_request *req)
{
	const struct route *route = NULL;
	char param[ROUTER_PARAM_MAX];
	bool path_known = false;

	for (size_t i = 0; i < ROUTER_NROUTES; i++) {
		const struct route *r = &router_table[i];
		size_t used = strlen(req->allow);

		if (!router_match(r->pattern, req->path, param, sizeof(param)))
			continue;
		path_known = true;
		if (strcmp(r->method, req->method) == 0) {
			route = r;
			break;
		}
		snprintf(req->allow + used, sizeof(req->allow) - used, "%s%s",
			 used > 0 ? ", " : "", r->method);
	}
	if (route == NULL) {
		http_reply_error(req, path_known ? NCRE_E_METHOD_NOT_ALLOWED : NCRE_E_NOT_FOUND,
				 NULL);
		return;
	}
	req->allow[0] = '\0';
	req->param = param;
	req->db = store_acquire(req->srv->store);
	if (req->db == NULL) {
		http_reply_retry(req, NCRE_E_BUSY, 1);
		goto out;
	}
	if ((route->flags & ROUTE_TOKEN) && route_session_authenticate(req) != 0)
		goto out;
	if ((route->flags & ROUTE_STAFF) && route_staff_authenticate(req) != 0)
		goto out;
	if ((route->flags & ROUTE_BODY) && router_parse_body(req) != 0)
		goto out;
	if ((route->flags & ROUTE_JPEG) &&
	    !router_type_is_jpeg(http_header(req, "Content-Type"))) {
		http_reply_error(req, NCRE_E_UNSUPPORTED_MEDIA, "Content-Type");
		goto out;
	}
	route->fn(req);
out:
	req->param = NULL;
	if (req->db != NULL)
		store_release(req->srv->store, &req->db);
}
