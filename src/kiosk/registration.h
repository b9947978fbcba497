/*
 * What the registration screens hand each other: the form's values as
 * they go to the server, and the server's preview of the change (R-REG-04).
 * The personal-information screen owns it; the confirmation screen above
 * it on the stack reads it and marks it saved.
 */
#ifndef KIOSK_REGISTRATION_H
#define KIOSK_REGISTRATION_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "api.h"
#include "widget.h"

struct reg_draft {
	cJSON *values;               /* {"name": ..., "site": ..., "subjects": [...]} */
	cJSON *preview;              /* the server's "preview" object */
	bool saved;                  /* PUT /v1/registration/info succeeded */
	bool verdict;                /* the save was refused with field errors */
	struct api_result refused;   /* ... copied here for the form (body kept) */
};

/* The server's 400 with a list of field errors ("fields"): each message
 * under its field. Returns how many fields took one (0: none named). */
int reg_fields_verdict(struct form *fm, const struct api_result *res);

/* "(14)计算机基础及WPS Office应用" for a subject or site object
 * ({"code","name_zh","name_en"}) in lang. */
void reg_coded_name(const cJSON *o, enum lang lang, char *out, size_t n);

/* screen-orders.c: one order ({"no","state","amount","subjects",...} as
 * GET /v1/registration/orders and the staff view send it) as lines of tv,
 * numbered k, w columns wide: state, amount, subjects with fees, times,
 * the channel once paid, and who confirmed it at the desk when the server
 * says (staff only). The staff review shows a registration's orders so. */
void screen_orders_add(struct textview *tv, const cJSON *o, int k, enum lang lang, int w);
/* The registration's "payment" (none, partial, all) in words. */
const char *screen_orders_payment_word(const char *p);

/* Where the form definitions are (--forms, the installed ones; a
 * development build first ../forms beside the program): the staff's review labels the saved values. */
struct app;
void reg_forms_dir(const struct app *app, char *out, size_t n);

/* The saved personal information of reg ("info"), labelled from the form
 * def in its order, option codes as their labels; without def, as sent
 * (screen-view.c; the staff review shows it too). */
struct ncre_form;
void reg_info_add(struct textview *tv, const struct ncre_form *def, const cJSON *reg,
		  enum lang lang, int w);

#endif
