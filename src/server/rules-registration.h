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

/* More subjects than any site allows (initdata caps max_subjects at 20). */
#define RULES_MAX_SUBJECTS 32

struct rules_registration {
	const struct store_exam_session *session;
	const struct store_registration *reg;	/* NULL: agreement not accepted yet */
	const struct store_site *site;		/* NULL: no site chosen yet */
	time_t now;
	const struct store_reg_subject *subjects;	/* the registration's, by code */
	size_t nsubjects;
	const cJSON *info;	/* saved personal information, or NULL */
	const cJSON *tips;	/* [{"zh","en"}] of the exam session, or NULL */
	bool photo;		/* a photo is stored (store_photo_exists) */
	const struct store_reg_audit *audit;	/* reason and times; NULL without a registration */
	size_t norders;		/* payment orders of the registration (查看订单详情) */
};

/*
 * R-EXP-01, R-EXP-02: an unpaid subject of an unlocked registration may be
 * deleted 24 hours after it was added; an unlocked registration without
 * subjects 24 hours after its last change. The status page announces
 * rules_expiry_at(basis); the sweep deletes what has
 * basis <= rules_expiry_cutoff(now), i.e. exactly when rules_expiry_at(basis) <= now.
 */
#define RULES_EXPIRY_SECONDS (24 * 3600)
time_t rules_expiry_at(time_t basis);
time_t rules_expiry_cutoff(time_t now);
/* When the registration may be deleted (R-EXP-02); false when never (locked or paid). */
bool rules_registration_delete_after(const struct rules_registration *in, time_t *at);

/* Paid subjects of the registration. */
size_t rules_registration_paid(const struct rules_registration *in);
/* R-PAY-06: "none", "partial" or "all". */
const char *rules_registration_payment(const struct rules_registration *in);

/* Add a site's settings to o: code, province, names, max_subjects, audit, ... */
int rules_site_json(cJSON *o, const struct store_site *s);

/* open <= now < close (R-REG-10). */
bool rules_in_window(time_t open, time_t close, time_t now);

/* The window governing this registration: the site's once chosen, else the session's. */
void rules_registration_window(const struct rules_registration *in, time_t *open, time_t *close);

/* NCRE_OK when the ID may be set or changed now, else the reason (R-REG-01, R-REG-10, R-LCK-01). */
enum ncre_err rules_registration_may_edit_identity(const struct rules_registration *in);

/*
 * NCRE_OK when personal information, site and subjects may change now, else
 * the reason (R-REG-01, R-REG-02, R-REG-10, R-LCK-01). Checks the current
 * site's window; a new site's window is the caller's to check.
 */
enum ncre_err rules_registration_may_edit_info(const struct rules_registration *in);

/*
 * R-AUD-01, R-AUD-02, R-LCK-01: NCRE_OK when the registration may be
 * submitted for audit now, else the reason; *field names what is missing
 * for AUDIT_INCOMPLETE ("identity", "info", "photo", "subjects"), else NULL.
 */
enum ncre_err rules_registration_may_submit_audit(const struct rules_registration *in,
						  const char **field);

/*
 * R-AUD-01: NCRE_OK when the audit lets the candidate pay (the site does
 * not audit, or it approved), else NCRE_E_AUDIT_NOT_APPROVED. The payment
 * step adds its own checks (photo R-PHO-04, window, subjects).
 */
enum ncre_err rules_registration_audit_allows_payment(const struct rules_registration *in);

/*
 * NCRE_OK when the photo may be uploaded or replaced now, else the reason:
 * the flow's order (R-STA-02: ID, then personal information), the window
 * (R-REG-10) and the lock (R-PHO-03, R-LCK-01: PHOTO_LOCKED).
 */
enum ncre_err rules_registration_may_edit_photo(const struct rules_registration *in);

/* R-PHO-04: NCRE_OK when a photo is stored, else NCRE_E_PHOTO_REQUIRED (payment asks). */
enum ncre_err rules_registration_photo_required(const struct rules_registration *in);

/*
 * NCRE_OK when an order may be created now (R-PAY-01), else the first
 * reason: ID and personal information saved, the window (R-REG-10), the
 * photo (R-PHO-04), the audit (R-AUD-01), an unpaid subject left.
 */
enum ncre_err rules_registration_may_pay(const struct rules_registration *in);

/*
 * NCRE_OK when intended exam dates may be chosen now, else the first
 * reason: the agreement, the window (R-REG-10), a paid subject (R-INT-01),
 * the site's setting and an individual registration (R-INT-02). Each
 * subject must be paid too; that is the caller's to check.
 */
enum ncre_err rules_registration_may_choose_intent(const struct rules_registration *in);

/*
 * R-INT-03: how a paid subject's exam date reads: the chosen date (date
 * not "") marked informal, or the random assignment within the site's
 * exam period.
 */
void rules_intent_text(const struct store_site *site, const char *date, char *zh, size_t zhlen,
		       char *en, size_t enlen);

/* "exam_period": {"start","end"} of the site, or null. */
int rules_exam_period_json(cJSON *o, const struct store_site *s);

/* R-TKT-01: the office has published the exam session's admission tickets by now. */
bool rules_tickets_published(const struct store_exam_session *session, time_t now);

/*
 * R-TKT-01, R-TKT-02: NCRE_OK when the admission ticket may be shown and
 * printed now, else the reason: TICKET_NOT_ISSUED (nothing paid, or no
 * paid subject scheduled), TICKET_NOT_PUBLISHED, TICKET_SELF_PRINT_OFF
 * (candidates only; staff print at the desk whatever the site's setting).
 * The status step "ticket" and the action print_ticket ask it too.
 */
enum ncre_err rules_registration_may_view_ticket(const struct rules_registration *in,
						 bool staff);

/* When a scheduled subject's exam ends (its date and end time in Beijing); 0 when unknown. */
time_t rules_exam_end(const struct store_reg_subject *s);

/* Add "exam": {"ticket_no","date","start","end","room","seat"} of a scheduled subject. */
int rules_ticket_exam_json(cJSON *o, const struct store_reg_subject *s);

/* The "registration" object of GET /v1/registration; NULL on OOM. */
cJSON *rules_registration_json(const struct rules_registration *in);

#endif
