/*
 * Intended exam dates (R-INT-01) through the API, for the intent suite and
 * the multi-instance suite: paid candidates, choices, places left.
 */
#ifndef TESTS_API_INTENT_H
#define TESTS_API_INTENT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "api.h"

/* A string member of o, or NULL. */
const char *intent_str(const cJSON *o, const char *key);
/* A candidate at site with the subjects registered and those in paid paid. */
void intent_candidate(const char *site, const char *subjects, const char *paid,
		      char *token, size_t len, char *id, size_t idlen);
/* PUT /v1/registration/intents with {"choices":choices}. */
void intent_put(const char *token, const char *choices, struct api_resp *r);
/* The subject's entry of GET /v1/registration/intents (r must be freed). */
const cJSON *intent_subject(const char *token, const char *code, struct api_resp *r);
/* Places left on a date of a subject, as the candidate sees them (-1: not listed). */
int intent_remaining(const char *token, const char *code, const char *date);

#endif
