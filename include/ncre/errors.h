/*
 * Error codes shared by ncre-server and ncre-kiosk.
 *
 * Every error the server can answer has one entry here: a stable machine
 * code (sent on the wire), the HTTP status, the rule it enforces (or NULL)
 * and a Chinese and an English message. The kiosk uses the same table to
 * show local validation failures with the server's wording.
 */
#ifndef NCRE_ERRORS_H
#define NCRE_ERRORS_H

/* Marks an English text of a shared table as a msgid of the kiosk's
 * catalogue (xgettext keyword; po/ncre-kiosk.pot). The server sends the
 * table's own Chinese and English; the kiosk shows the English through
 * gettext, and tests/unit/test_i18n.c keeps the catalogue's Chinese equal
 * to the table's. The rows of src/core/errors.c are marked by their E()
 * macro (keyword E:5). */
#define NCRE_MSGID(s) (s)

enum ncre_err {
	NCRE_OK = 0,
	/* input validation (400) */
	NCRE_E_BAD_JSON,
	NCRE_E_FIELD_REQUIRED,
	NCRE_E_FIELD_TOO_LONG,
	NCRE_E_EMAIL_INVALID,
	NCRE_E_PHONE_INVALID,
	NCRE_E_PASSWORD_LENGTH,
	NCRE_E_PASSWORD_CLASSES,
	NCRE_E_PASSWORD_CHARS,
	NCRE_E_PASSWORD_MISMATCH,
	NCRE_E_ID_TYPE_INVALID,
	NCRE_E_ID_FORMAT,
	NCRE_E_ID_CHECKSUM,
	NCRE_E_ID_BIRTHDATE,
	NCRE_E_NAME_INVALID,
	NCRE_E_POSTAL_INVALID,
	/* authentication and authorisation */
	NCRE_E_UNAUTHORIZED,      /* 401: no or unknown token */
	NCRE_E_TOKEN_EXPIRED,     /* 401 */
	NCRE_E_BAD_CREDENTIALS,   /* 401 */
	NCRE_E_FORBIDDEN,         /* 403 */
	NCRE_E_RATE_LIMITED,      /* 429, R-ACC-04 */
	/* conflicts with rules (409) */
	NCRE_E_EMAIL_TAKEN,
	NCRE_E_PHONE_TAKEN,
	NCRE_E_AGREEMENT_REQUIRED,
	NCRE_E_AGREEMENT_VERSION,
	NCRE_E_ID_TAKEN,
	NCRE_E_ID_LOCKED,
	NCRE_E_WINDOW_CLOSED,
	/* protocol */
	NCRE_E_NOT_FOUND,         /* 404 */
	NCRE_E_METHOD_NOT_ALLOWED,/* 405 */
	NCRE_E_BODY_TOO_LARGE,    /* 413 */
	NCRE_E_UNSUPPORTED_MEDIA, /* 415 */
	NCRE_E_BUSY,              /* 503 */
	NCRE_E_INTERNAL,          /* 500 */
	/* the registration form and its rules (appended; the order above is fixed) */
	NCRE_E_FORM_INVALID,      /* 400: see "fields" */
	NCRE_E_FIELD_UNKNOWN,
	NCRE_E_TEXT_INVALID,
	NCRE_E_DATE_INVALID,
	NCRE_E_OPTION_INVALID,
	NCRE_E_TRUTHFUL_REQUIRED,
	NCRE_E_BIRTHDATE_MISMATCH,
	NCRE_E_GENDER_MISMATCH,
	NCRE_E_SUBJECT_DUPLICATE,
	NCRE_E_SITE_INVALID,
	NCRE_E_IDENTITY_REQUIRED, /* 409 */
	NCRE_E_REG_LOCKED,
	NCRE_E_SUBJECT_NOT_OFFERED,
	NCRE_E_SUBJECT_LIMIT,
	NCRE_E_SUBJECT_FULL,
	NCRE_E_SITE_FULL,
	NCRE_E_SITE_CHANGE_PAID,
	NCRE_E_SUBJECT_PAID,
	NCRE_E_REG_HAS_PAID,
	/* audit and staff (appended) */
	NCRE_E_AUDIT_NOT_REQUIRED,	/* 409: the site does not audit */
	NCRE_E_AUDIT_INCOMPLETE,	/* 409: ID, information, photo or subject missing */
	NCRE_E_AUDIT_STATE,		/* 409: not allowed in this audit state */
	NCRE_E_AUDIT_NOT_APPROVED,	/* 409: payment waits for approval */
	NCRE_E_REG_WITHDRAWN,		/* 409: the candidate deleted the registration */
	/* the photo (R-PHO-01..04; appended) */
	NCRE_E_PHOTO_EXTENSION,		/* 400: not .jpg (kiosk only: uploads carry no name) */
	NCRE_E_PHOTO_EXTENSION_JPEG,	/* 400: .jpeg where the manual says .jpg */
	NCRE_E_PHOTO_SIZE,		/* 400: not 20,480..204,800 bytes */
	NCRE_E_PHOTO_NOT_JPEG,		/* 400: not JPEG data at all (PNG, empty ...) */
	NCRE_E_PHOTO_CORRUPT,		/* 400: a JPEG that does not decode fully */
	NCRE_E_PHOTO_COLORSPACE,	/* 400: CMYK or YCCK */
	NCRE_E_PHOTO_DIMENSIONS,	/* 400: under 192 high or 144 wide */
	NCRE_E_PHOTO_TOO_LARGE_PIXELS,	/* 400: too many pixels to decode safely */
	NCRE_E_PHOTO_REQUIRED,		/* 409: no photo, no payment (R-PHO-04) */
	NCRE_E_PHOTO_LOCKED,		/* 409: locked registration (R-PHO-03) */
	NCRE_E_INFO_REQUIRED,		/* 409: personal information before the photo */
	/* orders and payment (R-PAY-01..06; appended) */
	NCRE_E_CONFIRM_REQUIRED,	/* 400: the tick of R-PAY-02 */
	NCRE_E_IDEMPOTENCY_KEY,		/* 400: Idempotency-Key missing or malformed */
	NCRE_E_IDEMPOTENCY_MISMATCH,	/* 409: the key was used with another request */
	NCRE_E_NOTHING_TO_PAY,		/* 409: no unpaid subject (left) to pay */
	NCRE_E_SUBJECT_NOT_REGISTERED,	/* 409: a subject of the order is not registered */
	NCRE_E_SUBJECT_ALREADY_PAID,	/* 409: never twice (R-PAY-04) */
	NCRE_E_SUBJECT_IN_ORDER,	/* 409: in another open order */
	NCRE_E_ORDER_EXPIRED,		/* 409: the order expired */
	NCRE_E_ORDER_PAID,		/* 409: the order is paid already */
	NCRE_E_NOTIFY_SIGNATURE,	/* 401: a notification's signature is wrong */
	NCRE_E_NOTIFY_AMOUNT,		/* 400: a notification's amount is not the order's */
	NCRE_E_NOTIFY_INVALID,		/* 400: a notification that does not parse */
	NCRE_E_PLATFORM_UNAVAILABLE,	/* 503: the payment platform did not answer */
	/* intended exam dates (R-INT-01..03; appended) */
	NCRE_E_INTENT_NOT_PAID,		/* 409: only a paid subject gets an intended date */
	NCRE_E_INTENT_NOT_OFFERED,	/* 409: the site does not let candidates choose */
	NCRE_E_INTENT_GROUP,		/* 409: a group registration cannot choose */
	NCRE_E_INTENT_DATE_INVALID,	/* 400: not one of the site's dates for the subject */
	NCRE_E_INTENT_DATE_FULL,	/* 409: no intent capacity left on that date */
	/* admission tickets (R-TKT-01, R-TKT-02; appended) */
	NCRE_E_TICKET_NOT_PUBLISHED,	/* 409: the office has not published tickets yet */
	NCRE_E_TICKET_SELF_PRINT_OFF,	/* 409: the site does not let candidates print */
	NCRE_E_TICKET_NOT_ISSUED,	/* 409: no paid subject has been scheduled */
	/* password recovery (R-ACC-01; appended) */
	NCRE_E_RECOVERY_CODE_INVALID,	/* 400: wrong, expired, used or void code (or no such account) */
	NCRE_E_RECOVERY_UNAVAILABLE,	/* 503: no mail relay / SMS gateway for this kind of login */
	NCRE_E_ID_CHECK_REQUIRED,	/* 400: staff confirm the ID document was checked */
	/* group registration (集体报名; appended) */
	NCRE_E_GROUP_FILE_INVALID,	/* 400: the CSV file itself is unusable ("detail" says why) */
	NCRE_E_CLAIM_CODE_INVALID,	/* 400: no group registration of that ID takes this code */
	NCRE_E_GROUP_CLAIMED,		/* 409: the candidate has claimed it; staff issue no code */
	NCRE_E_COUNT
};

struct ncre_err_info {
	const char *code;   /* stable machine code, e.g. "EMAIL_TAKEN" */
	int http_status;    /* status the server answers with */
	const char *rule;   /* rule ID it enforces, e.g. "R-ACC-01", or NULL */
	const char *zh;     /* message in Chinese (UTF-8) */
	const char *en;     /* message in English */
};

/* The entry for err; never NULL (unknown values map to NCRE_E_INTERNAL). */
const struct ncre_err_info *ncre_err_info(enum ncre_err err);

/* Look a wire code up; returns 0 and sets *out, or -1 when unknown. */
int ncre_err_from_code(const char *code, enum ncre_err *out);

/* Message in the given language: lang "en" gives English, anything else Chinese. */
const char *ncre_err_message(enum ncre_err err, const char *lang);

#endif
