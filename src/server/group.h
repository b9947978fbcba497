/*
 * Group registration (集体报名): a site registers candidates from a CSV file
 * (csv.h), one registration per data row, each row checked with the same
 * rules as a candidate's own registration (the ID, R-REG-02; one
 * registration per ID, R-REG-05; the form, R-REG-03; the site's window,
 * subjects, 科目上限 and capacities, R-REG-07..R-REG-11: the plan of
 * route-registration-info.c) and written in its own transaction: a row is
 * registered whole or not at all. The registrations have method "group"
 * and no passport account until the candidate claims theirs (PUT
 * /v1/registration/identity with the same ID).
 *
 * Used by "ncre-server import-group" (cmd-import-group.c) and staff mode
 * (POST /v1/staff/group-registrations, route-staff-group.c).
 */
#ifndef SRV_GROUP_H
#define SRV_GROUP_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ncre/form.h"

#include "store.h"

/*
 * Import csv for the site with this code of the current exam session, as
 * of now, on connection c (outside any transaction). Returns 0 with
 * *report {"site","accepted","refused","rows":[...]} (owned by the
 * caller), or -1 with err when the file itself is unusable (not UTF-8,
 * malformed CSV, unknown or missing columns, no such site): nothing is
 * registered then. Store faults end the import: -1, rows before stay.
 */
int group_import(struct store_conn *c, const struct ncre_form *form, const char *site,
		 const char *csv, size_t len, time_t now, cJSON **report, char *err,
		 size_t errlen);

#endif
