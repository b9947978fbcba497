/*
 * Route handlers, one file per resource (route-*.c). Each is called with
 * req->db held, req->json parsed when the route takes a body, and
 * req->account set when the route needs a token; each sets one reply.
 */
#ifndef SRV_ROUTES_H
#define SRV_ROUTES_H

#include <cjson/cJSON.h>

#include "http.h"
#include "store.h"

/* route-catalogue.c */
void route_catalogue_health(struct http_request *req);
void route_catalogue_ready(struct http_request *req);
void route_catalogue_exam_session(struct http_request *req);
void route_catalogue_provinces(struct http_request *req);
void route_catalogue_sites(struct http_request *req);
void route_catalogue_site_subjects(struct http_request *req);
void route_catalogue_agreement(struct http_request *req);

/* route-account.c */
void route_account_create(struct http_request *req);
/* {"id","email","phone","name"} of an account; NULL on OOM. */
cJSON *route_account_json(const struct store_account *acc);
/* Trim a login and lower-case it when it is an e-mail address. */
void route_login_normalize(char *login);

/* route-session.c */
void route_session_create(struct http_request *req);
/* The 201 body of a login: {"token","expires_at","account"}; NULL on OOM. */
cJSON *route_session_reply(const char *token, time_t expires, const struct store_account *acc);
void route_session_delete(struct http_request *req);
/* Check the bearer token: sets req->account and returns 0, or replies 401 and returns -1. */
int route_session_authenticate(struct http_request *req);
/* Hash the bearer token into req->token_hash: 0, or replies 401 and returns -1. */
int route_bearer_hash(struct http_request *req);
/* Logging in, candidates and staff alike (R-ACC-04): see route-session.c. */
enum { ROUTE_LOGIN_GO, ROUTE_LOGIN_REPLIED, ROUTE_LOGIN_STORE };
int route_login_reserve(struct http_request *req, const char *key, int64_t *attempt,
			enum store_rc *r);
int route_login_verdict(struct http_request *req, enum auth_rc a, int64_t attempt);

/* route-recovery.c: password recovery (R-ACC-01) */
void route_recovery_request(struct http_request *req);
void route_recovery_reset(struct http_request *req);

/* route-registration-earlier.c: earlier exam sessions, read-only (R-ACC-05) */
void route_registrations_earlier(struct http_request *req);

/* route-registration-audit.c */
void route_registration_audit(struct http_request *req);

/* route-staff.c */
void route_staff_session_create(struct http_request *req);
void route_staff_session_delete(struct http_request *req);
/*
 * Check a staff bearer token: sets req->staff and returns 0, or replies
 * 401 (403 FORBIDDEN for a candidate's token) and returns -1.
 */
int route_staff_authenticate(struct http_request *req);

/* route-staff-audit.c */
void route_staff_audit_queue(struct http_request *req);
void route_staff_registration_get(struct http_request *req);
void route_staff_registration_photo(struct http_request *req);
void route_staff_registration_approve(struct http_request *req);
void route_staff_registration_reject(struct http_request *req);
void route_staff_lookup(struct http_request *req);
void route_staff_registration_recovery_code(struct http_request *req);
/* POST /v1/staff/registrations/{id}/claim-code: a new claim code of an unclaimed 集体报名. */
void route_staff_registration_claim_code(struct http_request *req);

/*
 * Refuse a call and record it in the audit log (docs/protocol.md "Audit
 * log"): the refused work is rolled back, then actor, site, action (e.g.
 * "refused_view"), the registration asked for (0: none or not a number)
 * and the reason are written in a transaction of their own. asked, when
 * not NULL, is the id as sent (escaped into the detail). Replies e, or 500
 * or 503 when the log cannot be written.
 */
void route_refuse_logged(struct http_request *req, const char *actor, const char *site,
			 const char *action, int64_t registration, const char *asked,
			 const char *reason, enum ncre_err e);

/* route-registration.c */
void route_registration_get(struct http_request *req);
void route_registration_agreement(struct http_request *req);
void route_registration_identity(struct http_request *req);

/* route-registration-info.c */
void route_registration_preview(struct http_request *req);
void route_registration_info(struct http_request *req);

/* route-registration-delete.c */
void route_registration_cancel_subject(struct http_request *req);
void route_registration_delete(struct http_request *req);

/* route-photo.c: PUT and GET /v1/registration/photo (R-PHO-01, R-PHO-03) */
void route_photo_put(struct http_request *req);
void route_photo_get(struct http_request *req);

/* route-order.c: payment orders (R-PAY-01..06) */
void route_order_create(struct http_request *req);
void route_order_list(struct http_request *req);
void route_order_refresh(struct http_request *req);
void route_payment_notify(struct http_request *req);
void route_staff_order_confirm(struct http_request *req);

/* route-intent.c: intended exam dates (R-INT-01..03) */
void route_intent_get(struct http_request *req);
void route_intent_put(struct http_request *req);

/* route-ticket.c: the admission ticket (R-TKT-01, R-TKT-02) */
void route_ticket_get(struct http_request *req);
void route_staff_registration_ticket(struct http_request *req);

/* payment-sandbox.c: the sandbox platform's pay page (demos and tests) */
void route_sandbox_page(struct http_request *req);
void route_sandbox_pay(struct http_request *req);

/* route-staff-group.c: group registration (集体报名) by a site's staff */
void route_staff_group_import(struct http_request *req);

/* route-form.c */
void route_form_get(struct http_request *req);

/* Shared helpers (router.c). */
/* Seconds a client waits after the database was unreachable (it reconnects by itself). */
#define ROUTE_UNAVAILABLE_RETRY 2
/*
 * Answer a store failure: STORE_BUSY and STORE_UNAVAILABLE are BUSY (503)
 * with Retry-After, anything else INTERNAL.
 */
void route_store_error(struct http_request *req, enum store_rc r);
/*
 * A string field of the JSON body: returns 0 with *out (NULL when absent or
 * null), or replies BAD_JSON (wrong type) / FIELD_TOO_LONG (over max bytes)
 * and returns -1.
 */
int route_field_str(struct http_request *req, const char *name, size_t max, const char **out);
/* As route_field_str, but absent or empty replies FIELD_REQUIRED. */
int route_field_required(struct http_request *req, const char *name, size_t max,
			 const char **out);

#endif
