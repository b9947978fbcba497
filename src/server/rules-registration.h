/*
 * What a registration allows and how its status reads (R-STA-01, R-STA-02):
 * the flow with each step's state, the one-sentence summary and exactly
 * the actions possible now. Route code asks these functions, so the
 * status page and the checks on each change can never disagree.
 */
#ifndef SRV_RULES_REGISTRATION_H
#define SRV_RULES_REGISTRATION_H

#include <stdbool.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"

#include "store.h"

struct rules_registration {
	const struct store_exam_session *session;
	const struct store_registration *reg;	/* NULL: agreement not accepted yet */
	const struct store_site *site;		/* NULL: no site chosen yet */
	time_t now;
};

/* open <= now < close (R-REG-10). */
bool rules_in_window(time_t open, time_t close, time_t now);

/* The window governing this registration: the site's once chosen, else the session's. */
void rules_registration_window(const struct rules_registration *in, time_t *open, time_t *close);

/* NCRE_OK when the ID may be set or changed now, else the reason (R-REG-01, R-REG-10, R-LCK-01). */
enum ncre_err rules_registration_may_edit_identity(const struct rules_registration *in);

/* The "registration" object of GET /v1/registration; NULL on OOM. */
cJSON *rules_registration_json(const struct rules_registration *in);

#endif
