/*
 * Helpers for the API tests: real HTTPS requests to the server that
 * tests/lib/server.sh started (NCRE_URL), trusting only its CA (NCRE_CA),
 * with certificate and host verification always on.
 */
#ifndef TEST_API_H
#define TEST_API_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct api_resp {
	long status;		/* 0 when the transfer failed */
	int curl_rc;
	char *body;
	size_t len;
	cJSON *json;		/* parsed body, or NULL */
	char retry_after[32];	/* Retry-After header, or "" */
	char allow[64];		/* Allow header, or "" */
	char content_type[128];
};

struct api_req {
	const char *method;	/* "GET", "POST", ... */
	const char *path;	/* "/v1/..." */
	const char *token;	/* bearer token, or NULL */
	const char *content_type; /* NULL: application/json when there is a body */
	const char *body;	/* NULL: none */
	size_t len;		/* body length; 0 with body set means strlen */
	bool chunked;		/* send with Transfer-Encoding: chunked */
	bool expect100;		/* wait for 100 Continue before sending the body */
	const char *header;	/* one more header line ("Name: value"), or NULL */
	const char *local_addr;	/* connect from this loopback address, or NULL */
	long timeout_ms;	/* whole transfer; 0: 30 s */
};

/* Read NCRE_URL/NCRE_CA and initialise libcurl; -1 when unset. */
int api_init(void);
void api_cleanup(void);

/* Perform a request; always fills out (free with api_resp_free). */
void api_do(const struct api_req *req, struct api_resp *out);
void api_resp_free(struct api_resp *r);

/* Shorthands. */
void api_get(const char *path, const char *token, struct api_resp *out);
void api_send(const char *method, const char *path, const char *token, const char *json,
	      struct api_resp *out);

/* The error code of an error reply, or NULL. */
const char *api_error_code(const struct api_resp *r);
/* A member of the error object, or NULL. */
const cJSON *api_error_item(const struct api_resp *r, const char *key);

/* Unique test data for this run: e-mail, phone (11 digits), valid resident ID. */
void api_unique_email(char *buf, size_t len);
void api_unique_phone(char *buf, size_t len);
void api_unique_resident_id(char *buf, size_t len);
/* A resident ID with the given 17 leading digits and its right check char. */
void api_resident_id(const char *first17, char *buf, size_t len);

#define API_PASSWORD "Abc123!x"

/* Create an account (asserting 201); email/phone receive the values used. */
void api_make_account(char *email, size_t elen, char *phone, size_t plen);
/* Log in (asserting 201); token receives the token (at least 64 bytes). */
void api_login(const char *login, const char *password, char *token, size_t len);
/* A fresh account, logged in. */
void api_new_candidate(char *token, size_t len);

/*
 * A fresh candidate ready for personal information: account, login,
 * agreement accepted and a unique 居民身份证 number set (id receives it).
 */
void api_new_registrant(char *token, size_t len, char *id, size_t idlen);
/*
 * A valid body for /v1/registration/preview and /info: gender and birth
 * date taken from the resident ID; subjects is a JSON array text such as
 * "[\"14\"]"; confirm adds "confirm":true.
 */
void api_info_body(char *buf, size_t len, const char *id, const char *site,
		   const char *subjects, bool confirm);
/* PUT /v1/registration/info with api_info_body; returns the status, r filled. */
long api_put_info(const char *token, const char *id, const char *site, const char *subjects,
		  struct api_resp *r);

/* Places left of a subject at a site (GET /v1/sites/{site}/subjects), or -1. */
int api_remaining(const char *site, const char *subject);

/*
 * The server's log so far (NCRE_SERVER_LOG, as tests/lib/server.sh keeps
 * it), NUL-terminated; free() it. Asserts it can be read.
 */
char *api_server_log(void);
/* Wait up to 5 s for text to appear in the server's log; true when it did. */
bool api_server_log_wait(const char *text);

/* Assert a reply is the error with this status and code (and field, if not NULL). */
#define api_assert_error(resp, st, code, field) \
	api_assert_error_at((resp), (st), (code), (field), __FILE__, __LINE__)
void api_assert_error_at(const struct api_resp *r, long status, const char *code,
			 const char *field, const char *file, int line);

#endif
