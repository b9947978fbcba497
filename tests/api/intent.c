/* Intended exam dates from the candidate's side (tests/api/intent.h). */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "intent.h"
#include "staff.h"
#include "tests.h"

const char *intent_str(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* A candidate at site with the subjects registered and those in paid paid. */
void intent_candidate(const char *site, const char *subjects, const char *paid,
		      char *token, size_t len, char *id, size_t idlen)
{
	staff_candidate(site, subjects, false, token, len, id, idlen);
	if (paid != NULL)
		staff_candidate_pay(token, paid);
}

/* PUT /v1/registration/intents with {"choices":choices}. */
void intent_put(const char *token, const char *choices, struct api_resp *r)
{
	char body[256];

	snprintf(body, sizeof(body), "{\"choices\":%s}", choices);
	api_send("PUT", "/v1/registration/intents", token, body, r);
}

/* The subject's entry of GET /v1/registration/intents (r must be freed). */
const cJSON *intent_subject(const char *token, const char *code, struct api_resp *r)
{
	const cJSON *s;

	api_get("/v1/registration/intents", token, r);
	assert_int_equal(r->status, 200);
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(cJSON_GetObjectItem(r->json, "intents"),
						  "subjects"))
		if (strcmp(intent_str(s, "code"), code) == 0)
			return s;
	return NULL;
}

/* Places left on a date of a subject, as the candidate sees them (-1: not listed). */
int intent_remaining(const char *token, const char *code, const char *date)
{
	struct api_resp r;
	const cJSON *s = intent_subject(token, code, &r), *d;
	int left = -1;

	assert_non_null(s);
	cJSON_ArrayForEach(d, cJSON_GetObjectItem(s, "dates"))
		if (strcmp(intent_str(d, "date"), date) == 0)
			left = (int)cJSON_GetObjectItem(d, "remaining")->valuedouble;
	api_resp_free(&r);
	return left;
}
