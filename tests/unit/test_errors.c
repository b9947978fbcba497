/*
 * The shared error table (docs/protocol.md, "Errors"): every entry filled,
 * codes unique, and the statuses and rules exactly as documented.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ncre/errors.h"

static void test_every_entry_filled(void **state)
{
	(void)state;
	for (int i = 0; i < NCRE_E_COUNT; i++) {
		const struct ncre_err_info *e = ncre_err_info((enum ncre_err)i);

		assert_non_null(e);
		assert_non_null(e->code);
		assert_true(strlen(e->code) > 0);
		assert_non_null(e->zh);
		assert_true(strlen(e->zh) > 0);
		assert_non_null(e->en);
		assert_true(strlen(e->en) > 0);
		assert_in_range(e->http_status, 200, 599);
		if (i != NCRE_E_INTERNAL)
			assert_ptr_not_equal(e, ncre_err_info(NCRE_E_INTERNAL));
	}
}

static void test_codes_unique_and_round_trip(void **state)
{
	enum ncre_err out;

	(void)state;
	for (int i = 0; i < NCRE_E_COUNT; i++) {
		for (int j = i + 1; j < NCRE_E_COUNT; j++)
			assert_string_not_equal(ncre_err_info((enum ncre_err)i)->code,
						ncre_err_info((enum ncre_err)j)->code);
		assert_int_equal(ncre_err_from_code(ncre_err_info((enum ncre_err)i)->code, &out), 0);
		assert_int_equal(out, i);
	}
	assert_int_equal(ncre_err_from_code("NO_SUCH_CODE", &out), -1);
	assert_int_equal(ncre_err_from_code("email_taken", &out), -1);
	assert_int_equal(ncre_err_from_code("", &out), -1);
	assert_int_equal(ncre_err_from_code(NULL, &out), -1);
}

/* The protocol table, row by row. */
static void test_table_matches_protocol(void **state)
{
	static const struct {
		enum ncre_err err;
		const char *code;
		int status;
		const char *rule;
	} want[] = {
		{ NCRE_OK, "OK", 200, NULL },
		{ NCRE_E_BAD_JSON, "BAD_JSON", 400, NULL },
		{ NCRE_E_FIELD_REQUIRED, "FIELD_REQUIRED", 400, NULL },
		{ NCRE_E_FIELD_TOO_LONG, "FIELD_TOO_LONG", 400, NULL },
		{ NCRE_E_EMAIL_INVALID, "EMAIL_INVALID", 400, "R-ACC-01" },
		{ NCRE_E_PHONE_INVALID, "PHONE_INVALID", 400, "R-ACC-01" },
		{ NCRE_E_PASSWORD_LENGTH, "PASSWORD_LENGTH", 400, "R-ACC-02" },
		{ NCRE_E_PASSWORD_CLASSES, "PASSWORD_CLASSES", 400, "R-ACC-02" },
		{ NCRE_E_PASSWORD_CHARS, "PASSWORD_CHARS", 400, "R-ACC-02" },
		{ NCRE_E_PASSWORD_MISMATCH, "PASSWORD_MISMATCH", 400, "R-ACC-02" },
		{ NCRE_E_ID_TYPE_INVALID, "ID_TYPE_INVALID", 400, "R-REG-02" },
		{ NCRE_E_ID_FORMAT, "ID_FORMAT", 400, "R-REG-02" },
		{ NCRE_E_ID_CHECKSUM, "ID_CHECKSUM", 400, "R-REG-02" },
		{ NCRE_E_ID_BIRTHDATE, "ID_BIRTHDATE", 400, "R-REG-02" },
		{ NCRE_E_NAME_INVALID, "NAME_INVALID", 400, "R-REG-03" },
		{ NCRE_E_POSTAL_INVALID, "POSTAL_INVALID", 400, "R-REG-03" },
		{ NCRE_E_UNAUTHORIZED, "UNAUTHORIZED", 401, NULL },
		{ NCRE_E_TOKEN_EXPIRED, "TOKEN_EXPIRED", 401, NULL },
		{ NCRE_E_BAD_CREDENTIALS, "BAD_CREDENTIALS", 401, "R-ACC-01" },
		{ NCRE_E_FORBIDDEN, "FORBIDDEN", 403, NULL },
		{ NCRE_E_RATE_LIMITED, "RATE_LIMITED", 429, "R-ACC-04" },
		{ NCRE_E_EMAIL_TAKEN, "EMAIL_TAKEN", 409, "R-ACC-01" },
		{ NCRE_E_PHONE_TAKEN, "PHONE_TAKEN", 409, "R-ACC-01" },
		{ NCRE_E_AGREEMENT_REQUIRED, "AGREEMENT_REQUIRED", 409, "R-REG-01" },
		{ NCRE_E_AGREEMENT_VERSION, "AGREEMENT_VERSION", 409, "R-REG-01" },
		{ NCRE_E_ID_TAKEN, "ID_TAKEN", 409, "R-REG-05" },
		{ NCRE_E_ID_LOCKED, "ID_LOCKED", 409, "R-LCK-01" },
		{ NCRE_E_WINDOW_CLOSED, "WINDOW_CLOSED", 409, "R-REG-10" },
		{ NCRE_E_NOT_FOUND, "NOT_FOUND", 404, NULL },
		{ NCRE_E_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", 405, NULL },
		{ NCRE_E_BODY_TOO_LARGE, "BODY_TOO_LARGE", 413, NULL },
		{ NCRE_E_UNSUPPORTED_MEDIA, "UNSUPPORTED_MEDIA", 415, NULL },
		{ NCRE_E_BUSY, "BUSY", 503, NULL },
		{ NCRE_E_INTERNAL, "INTERNAL", 500, NULL },
		{ NCRE_E_FORM_INVALID, "FORM_INVALID", 400, "R-REG-03" },
		{ NCRE_E_FIELD_UNKNOWN, "FIELD_UNKNOWN", 400, NULL },
		{ NCRE_E_TEXT_INVALID, "TEXT_INVALID", 400, "R-REG-03" },
		{ NCRE_E_DATE_INVALID, "DATE_INVALID", 400, "R-REG-03" },
		{ NCRE_E_OPTION_INVALID, "OPTION_INVALID", 400, "R-REG-03" },
		{ NCRE_E_TRUTHFUL_REQUIRED, "TRUTHFUL_REQUIRED", 400, "R-REG-03" },
		{ NCRE_E_BIRTHDATE_MISMATCH, "BIRTHDATE_MISMATCH", 400, "R-REG-02" },
		{ NCRE_E_GENDER_MISMATCH, "GENDER_MISMATCH", 400, "R-REG-02" },
		{ NCRE_E_SUBJECT_DUPLICATE, "SUBJECT_DUPLICATE", 400, "R-REG-07" },
		{ NCRE_E_SITE_INVALID, "SITE_INVALID", 400, "R-REG-03" },
		{ NCRE_E_IDENTITY_REQUIRED, "IDENTITY_REQUIRED", 409, "R-REG-02" },
		{ NCRE_E_REG_LOCKED, "REG_LOCKED", 409, "R-LCK-01" },
		{ NCRE_E_SUBJECT_NOT_OFFERED, "SUBJECT_NOT_OFFERED", 409, "R-REG-09" },
		{ NCRE_E_SUBJECT_LIMIT, "SUBJECT_LIMIT", 409, "R-REG-07" },
		{ NCRE_E_SUBJECT_FULL, "SUBJECT_FULL", 409, "R-REG-08" },
		{ NCRE_E_SITE_FULL, "SITE_FULL", 409, "R-REG-08" },
		{ NCRE_E_SITE_CHANGE_PAID, "SITE_CHANGE_PAID", 409, "R-PAY-05" },
		{ NCRE_E_SUBJECT_PAID, "SUBJECT_PAID", 409, "R-PAY-03" },
		{ NCRE_E_REG_HAS_PAID, "REG_HAS_PAID", 409, "R-DEL-02" },
		{ NCRE_E_AUDIT_NOT_REQUIRED, "AUDIT_NOT_REQUIRED", 409, "R-AUD-01" },
		{ NCRE_E_AUDIT_INCOMPLETE, "AUDIT_INCOMPLETE", 409, "R-AUD-01" },
		{ NCRE_E_AUDIT_STATE, "AUDIT_STATE", 409, "R-AUD-02" },
		{ NCRE_E_AUDIT_NOT_APPROVED, "AUDIT_NOT_APPROVED", 409, "R-AUD-01" },
		{ NCRE_E_REG_WITHDRAWN, "REG_WITHDRAWN", 409, "R-DEL-02" },
		{ NCRE_E_PHOTO_EXTENSION, "PHOTO_EXTENSION", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_EXTENSION_JPEG, "PHOTO_EXTENSION_JPEG", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_SIZE, "PHOTO_SIZE", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_NOT_JPEG, "PHOTO_NOT_JPEG", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_CORRUPT, "PHOTO_CORRUPT", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_COLORSPACE, "PHOTO_COLORSPACE", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_DIMENSIONS, "PHOTO_DIMENSIONS", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_TOO_LARGE_PIXELS, "PHOTO_TOO_LARGE_PIXELS", 400, "R-PHO-01" },
		{ NCRE_E_PHOTO_REQUIRED, "PHOTO_REQUIRED", 409, "R-PHO-04" },
		{ NCRE_E_PHOTO_LOCKED, "PHOTO_LOCKED", 409, "R-PHO-03" },
		{ NCRE_E_INFO_REQUIRED, "INFO_REQUIRED", 409, "R-STA-02" },
		{ NCRE_E_CONFIRM_REQUIRED, "CONFIRM_REQUIRED", 400, "R-PAY-02" },
		{ NCRE_E_IDEMPOTENCY_KEY, "IDEMPOTENCY_KEY", 400, "R-PAY-04" },
		{ NCRE_E_IDEMPOTENCY_MISMATCH, "IDEMPOTENCY_MISMATCH", 409, "R-PAY-04" },
		{ NCRE_E_NOTHING_TO_PAY, "NOTHING_TO_PAY", 409, "R-PAY-01" },
		{ NCRE_E_SUBJECT_NOT_REGISTERED, "SUBJECT_NOT_REGISTERED", 409, "R-PAY-01" },
		{ NCRE_E_SUBJECT_ALREADY_PAID, "SUBJECT_ALREADY_PAID", 409, "R-PAY-04" },
		{ NCRE_E_SUBJECT_IN_ORDER, "SUBJECT_IN_ORDER", 409, "R-PAY-04" },
		{ NCRE_E_ORDER_EXPIRED, "ORDER_EXPIRED", 409, "R-PAY-04" },
		{ NCRE_E_ORDER_PAID, "ORDER_PAID", 409, "R-PAY-04" },
		{ NCRE_E_NOTIFY_SIGNATURE, "NOTIFY_SIGNATURE", 401, "R-PAY-04" },
		{ NCRE_E_NOTIFY_AMOUNT, "NOTIFY_AMOUNT", 400, "R-PAY-04" },
		{ NCRE_E_NOTIFY_INVALID, "NOTIFY_INVALID", 400, "R-PAY-04" },
		{ NCRE_E_PLATFORM_UNAVAILABLE, "PLATFORM_UNAVAILABLE", 503, "R-PAY-04" },
		{ NCRE_E_INTENT_NOT_PAID, "INTENT_NOT_PAID", 409, "R-INT-01" },
		{ NCRE_E_INTENT_NOT_OFFERED, "INTENT_NOT_OFFERED", 409, "R-INT-02" },
		{ NCRE_E_INTENT_GROUP, "INTENT_GROUP", 409, "R-INT-02" },
		{ NCRE_E_INTENT_DATE_INVALID, "INTENT_DATE_INVALID", 400, "R-INT-01" },
		{ NCRE_E_INTENT_DATE_FULL, "INTENT_DATE_FULL", 409, "R-INT-01" },
		{ NCRE_E_TICKET_NOT_PUBLISHED, "TICKET_NOT_PUBLISHED", 409, "R-TKT-01" },
		{ NCRE_E_TICKET_SELF_PRINT_OFF, "TICKET_SELF_PRINT_OFF", 409, "R-TKT-01" },
		{ NCRE_E_TICKET_NOT_ISSUED, "TICKET_NOT_ISSUED", 409, "R-TKT-02" },
		{ NCRE_E_RECOVERY_CODE_INVALID, "RECOVERY_CODE_INVALID", 400, "R-ACC-01" },
		{ NCRE_E_RECOVERY_UNAVAILABLE, "RECOVERY_UNAVAILABLE", 503, "R-ACC-01" },
		{ NCRE_E_ID_CHECK_REQUIRED, "ID_CHECK_REQUIRED", 400, "R-ACC-01" },
		{ NCRE_E_GROUP_FILE_INVALID, "GROUP_FILE_INVALID", 400, NULL },
		{ NCRE_E_CLAIM_CODE_INVALID, "CLAIM_CODE_INVALID", 400, "R-REG-05" },
		{ NCRE_E_GROUP_CLAIMED, "GROUP_CLAIMED", 409, "R-REG-05" },
	};

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), NCRE_E_COUNT);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct ncre_err_info *e = ncre_err_info(want[i].err);

		assert_string_equal(e->code, want[i].code);
		assert_int_equal(e->http_status, want[i].status);
		if (want[i].rule == NULL)
			assert_null(e->rule);
		else
			assert_string_equal(e->rule, want[i].rule);
	}
}

static void test_R_ACC_01_email_taken_message(void **state)
{
	(void)state;
	/* The example in docs/protocol.md. */
	assert_string_equal(ncre_err_message(NCRE_E_EMAIL_TAKEN, "zh"), "该电子邮箱已注册");
	assert_string_equal(ncre_err_message(NCRE_E_EMAIL_TAKEN, "en"),
			    "This e-mail address is already registered");
	assert_string_equal(ncre_err_message(NCRE_E_EMAIL_TAKEN, NULL), "该电子邮箱已注册");
	assert_string_equal(ncre_err_message(NCRE_E_EMAIL_TAKEN, "fr"), "该电子邮箱已注册");
}

static void test_unknown_maps_to_internal(void **state)
{
	(void)state;
	assert_ptr_equal(ncre_err_info(NCRE_E_COUNT), ncre_err_info(NCRE_E_INTERNAL));
	assert_ptr_equal(ncre_err_info((enum ncre_err)999), ncre_err_info(NCRE_E_INTERNAL));
	assert_ptr_equal(ncre_err_info((enum ncre_err)-1), ncre_err_info(NCRE_E_INTERNAL));
	assert_string_equal(ncre_err_message((enum ncre_err)999, "en"),
			    ncre_err_info(NCRE_E_INTERNAL)->en);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry_filled),
		cmocka_unit_test(test_codes_unique_and_round_trip),
		cmocka_unit_test(test_table_matches_protocol),
		cmocka_unit_test(test_R_ACC_01_email_taken_message),
		cmocka_unit_test(test_unknown_maps_to_internal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
