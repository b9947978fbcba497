/*
 * Field validators: R-REG-02 (ID documents), R-ACC-01 (e-mail, phone),
 * R-ACC-02 (password policy), R-REG-03 (name, postal code).
 *
 * GB 11643 check digits below were computed by hand with the weights
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and the map "10X98765432"
 * (sum of digit*weight, then map[sum % 11]); each fixture notes its sum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ncre/validate.h"

/* --- R-REG-02: 居民身份证 -------------------------------------------------- */

static void test_R_REG_02_resident_id_check_digit(void **state)
{
	(void)state;
	/* GB 11643-1999's own example: sum 167, 167 % 11 = 2 -> 'X'. */
	assert_int_equal(ncre_id_check_char("11010519491231002"), 'X');
	/* sum 195, 195 % 11 = 8 -> '4'. */
	assert_int_equal(ncre_id_check_char("44052418800101001"), '4');
	/* sum 222, 222 % 11 = 2 -> 'X'. */
	assert_int_equal(ncre_id_check_char("11010119900307803"), 'X');
	/* sum 253, 253 % 11 = 0 -> '1'. */
	assert_int_equal(ncre_id_check_char("81000019940823002"), '1');
	/* sum 175, 175 % 11 = 10 -> '2'. */
	assert_int_equal(ncre_id_check_char("82000019900101123"), '2');
	/* The 18-character number works too: only the first 17 are read. */
	assert_int_equal(ncre_id_check_char("11010519491231002X"), 'X');
	/* Not 17 digits. */
	assert_int_equal(ncre_id_check_char("1101051949123100"), '\0');
	assert_int_equal(ncre_id_check_char("1101051949123A002"), '\0');
	assert_int_equal(ncre_id_check_char(NULL), '\0');
}

static void test_R_REG_02_resident_id_valid(void **state)
{
	struct ncre_id_facts f;

	(void)state;
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010519491231002X", 20261124, &f),
			 NCRE_OK);
	assert_int_equal(f.year, 1949);
	assert_int_equal(f.month, 12);
	assert_int_equal(f.day, 31);
	assert_int_equal(f.sex, 'F');	/* 17th digit 2 is even */

	/* 440524188001010014: its check digit '4' is right (see above), but the
	 * birth year 1880 is before 1900, which this policy rejects. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "440524188001010014", 20261124, &f),
			 NCRE_E_ID_BIRTHDATE);
	/* 110105200002290021 (sum 132 -> '1'): born on a leap day. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105200002290021", 20261124, &f),
			 NCRE_OK);
	assert_int_equal(f.year, 2000);
	assert_int_equal(f.month, 2);
	assert_int_equal(f.day, 29);
	assert_int_equal(f.sex, 'F');	/* 17th digit 2 is even */

	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010119900307803X", 20261124, &f),
			 NCRE_OK);
	assert_int_equal(f.year, 1990);
	assert_int_equal(f.month, 3);
	assert_int_equal(f.day, 7);
	assert_int_equal(f.sex, 'M');	/* 17th digit 3 */

	/* facts may be NULL. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010519491231002X", 0, NULL),
			 NCRE_OK);
}

static void test_R_REG_02_resident_id_lower_x(void **state)
{
	char buf[] = "  11010519491231002x\t";

	(void)state;
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010519491231002x", 0, NULL),
			 NCRE_OK);
	ncre_id_normalize(buf);
	assert_string_equal(buf, "11010519491231002X");
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, buf, 0, NULL), NCRE_OK);
}

static void test_R_REG_02_resident_id_checksum_errors(void **state)
{
	(void)state;
	/* One digit changed (17th 2 -> 3): sum 169 -> '8', not 'X'. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010519491231003X", 0, NULL),
			 NCRE_E_ID_CHECKSUM);
	/* Region digit changed (0 -> 1 at position 5) with the old check char. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11011519491231002X", 0, NULL),
			 NCRE_E_ID_CHECKSUM);
	/* Wrong check character. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105194912310021", 0, NULL),
			 NCRE_E_ID_CHECKSUM);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "440524188001010015", 0, NULL),
			 NCRE_E_ID_CHECKSUM);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "44052418800101001X", 0, NULL),
			 NCRE_E_ID_CHECKSUM);
}

static void test_R_REG_02_resident_id_format_errors(void **state)
{
	(void)state;
	/* 17 characters. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010519491231002", 0, NULL),
			 NCRE_E_ID_FORMAT);
	/* 19 characters. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010519491231002X1", 0, NULL),
			 NCRE_E_ID_FORMAT);
	/* Letters inside. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "1101051949A231002X", 0, NULL),
			 NCRE_E_ID_FORMAT);
	/* A check character other than a digit or X. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010519491231002Y", 0, NULL),
			 NCRE_E_ID_FORMAT);
	/* Region starting with 0 (check char valid: 010105194912310026). */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "010105194912310026", 0, NULL),
			 NCRE_E_ID_FORMAT);
	/* Spaces are not trimmed by the validator (normalise first). */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, " 11010519491231002X", 0, NULL),
			 NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "", 0, NULL), NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, NULL, 0, NULL), NCRE_E_ID_FORMAT);
}

static void test_R_REG_02_resident_id_birthdate(void **state)
{
	struct ncre_id_facts f;

	(void)state;
	/* 1999-02-30 does not exist; check digit '5' is right (sum 183). */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105199902300015", 0, NULL),
			 NCRE_E_ID_BIRTHDATE);
	/* Month 13 and day 00, both with correct check digits. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105198813010011", 0, NULL),
			 NCRE_E_ID_BIRTHDATE);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105198801000019", 0, NULL),
			 NCRE_E_ID_BIRTHDATE);
	/* Leap years: 2000-02-29 and 2024-02-29 exist, 1900-02-29 does not. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105200002290021", 0, &f),
			 NCRE_OK);
	assert_int_equal(f.day, 29);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105202402290011", 20261124, NULL),
			 NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105190002290017", 0, NULL),
			 NCRE_E_ID_BIRTHDATE);
	/* Before 1900. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105189912310015", 0, NULL),
			 NCRE_E_ID_BIRTHDATE);
	/* Future date: 2030-01-01 after 2026-11-24; accepted with today_ymd 0. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010520300101001X", 20261124, NULL),
			 NCRE_E_ID_BIRTHDATE);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "11010520300101001X", 0, NULL),
			 NCRE_OK);
	/* Born today is fine, tomorrow is not. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105202311240019", 20231124, NULL),
			 NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "110105202311250014", 20231124, NULL),
			 NCRE_E_ID_BIRTHDATE);
}

/* --- R-REG-02: 港澳台居民居住证 and the other types ---------------------------- */

static void test_R_REG_02_residence_permit(void **state)
{
	struct ncre_id_facts f;

	(void)state;
	/* 81000019940823002 -> sum 253, 253 % 11 = 0 -> '1'. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENCE_PERMIT, "810000199408230021",
					  20261124, &f), NCRE_OK);
	assert_int_equal(f.year, 1994);
	assert_int_equal(f.month, 8);
	assert_int_equal(f.day, 23);
	assert_int_equal(f.sex, 'F');
	/* 820000200001010024 and 83000019800615001X: Macao and Taiwan prefixes. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENCE_PERMIT, "820000200001010024", 0, NULL),
			 NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENCE_PERMIT, "83000019800615001X", 0, NULL),
			 NCRE_OK);
	/* A mainland number is not a residence permit. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENCE_PERMIT, "11010519491231002X", 0, NULL),
			 NCRE_E_ID_FORMAT);
	/* 710000 (a valid check digit, '8') is not one of the three prefixes. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENCE_PERMIT, "710000199408230028", 0, NULL),
			 NCRE_E_ID_FORMAT);
	/* Same check digit rules as 居民身份证. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENCE_PERMIT, "810000199408230022", 0, NULL),
			 NCRE_E_ID_CHECKSUM);
	/* ... and the permit number is also a structurally valid resident number. */
	assert_int_equal(ncre_validate_id(NCRE_ID_RESIDENT, "810000199408230021", 0, NULL),
			 NCRE_OK);
}

static void test_R_REG_02_hkmo_permit(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_id(NCRE_ID_HKMO_PERMIT, "H12345678", 0, NULL), NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_HKMO_PERMIT, "M1234567890", 0, NULL), NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_HKMO_PERMIT, "H123456789", 0, NULL),
			 NCRE_E_ID_FORMAT);	/* 9 digits */
	assert_int_equal(ncre_validate_id(NCRE_ID_HKMO_PERMIT, "H1234567", 0, NULL),
			 NCRE_E_ID_FORMAT);	/* 7 digits */
	assert_int_equal(ncre_validate_id(NCRE_ID_HKMO_PERMIT, "C12345678", 0, NULL),
			 NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_HKMO_PERMIT, "H1234567A", 0, NULL),
			 NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_HKMO_PERMIT, "123456789", 0, NULL),
			 NCRE_E_ID_FORMAT);
}

static void test_R_REG_02_tw_permit(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_id(NCRE_ID_TW_PERMIT, "12345678", 0, NULL), NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_TW_PERMIT, "1234567890", 0, NULL), NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_TW_PERMIT, "123456789", 0, NULL),
			 NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_TW_PERMIT, "1234567", 0, NULL),
			 NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_TW_PERMIT, "T2345678", 0, NULL),
			 NCRE_E_ID_FORMAT);
}

static void test_R_REG_02_passport(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "E1234", 0, NULL), NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "G12345678", 0, NULL), NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "ABCDEFGHIJ0123456789", 0, NULL),
			 NCRE_OK);
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "E123", 0, NULL), NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "ABCDEFGHIJ01234567890", 0, NULL),
			 NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "E12-345", 0, NULL), NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "E12 345", 0, NULL), NCRE_E_ID_FORMAT);
	assert_int_equal(ncre_validate_id(NCRE_ID_PASSPORT, "护照12345", 0, NULL),
			 NCRE_E_ID_FORMAT);
}

static void test_R_REG_02_id_types(void **state)
{
	enum ncre_id_type t;
	static const char *const codes[NCRE_ID_TYPE_COUNT] = {
		"resident_id", "residence_permit", "hkmo_permit", "tw_permit", "passport",
	};

	(void)state;
	for (int i = 0; i < NCRE_ID_TYPE_COUNT; i++) {
		assert_string_equal(ncre_id_type_code((enum ncre_id_type)i), codes[i]);
		assert_int_equal(ncre_id_type_from_code(codes[i], &t), 0);
		assert_int_equal(t, i);
		assert_non_null(ncre_id_type_label((enum ncre_id_type)i, "zh"));
		assert_non_null(ncre_id_type_label((enum ncre_id_type)i, "en"));
	}
	assert_string_equal(ncre_id_type_label(NCRE_ID_RESIDENT, "zh"), "居民身份证");
	assert_string_equal(ncre_id_type_label(NCRE_ID_RESIDENT, NULL), "居民身份证");
	assert_string_equal(ncre_id_type_label(NCRE_ID_RESIDENT, "en"), "Resident ID card");
	assert_string_equal(ncre_id_type_label(NCRE_ID_RESIDENCE_PERMIT, "zh"), "港澳台居民居住证");
	assert_string_equal(ncre_id_type_label(NCRE_ID_HKMO_PERMIT, "zh"), "港澳居民来往内地通行证");
	assert_string_equal(ncre_id_type_label(NCRE_ID_TW_PERMIT, "zh"), "台湾居民来往大陆通行证");
	assert_string_equal(ncre_id_type_label(NCRE_ID_PASSPORT, "zh"), "护照");
	assert_null(ncre_id_type_code(NCRE_ID_TYPE_COUNT));
	assert_null(ncre_id_type_label(NCRE_ID_TYPE_COUNT, "en"));
	assert_int_equal(ncre_id_type_from_code("Resident_ID", &t), -1);
	assert_int_equal(ncre_id_type_from_code("", &t), -1);
	assert_int_equal(ncre_id_type_from_code(NULL, &t), -1);
	assert_int_equal(ncre_validate_id(NCRE_ID_TYPE_COUNT, "E12345", 0, NULL),
			 NCRE_E_ID_TYPE_INVALID);
}

static void test_R_REG_02_id_normalize(void **state)
{
	char a[] = " \t g12345678 \r\n";
	char b[] = "h12345678";
	char c[] = "   ";
	char d[] = "";

	(void)state;
	ncre_id_normalize(a);
	assert_string_equal(a, "G12345678");
	ncre_id_normalize(b);
	assert_string_equal(b, "H12345678");
	ncre_id_normalize(c);
	assert_string_equal(c, "");
	ncre_id_normalize(d);
	assert_string_equal(d, "");
	ncre_id_normalize(NULL);
	{
		char e[] = " 110105 19900101 001x ";

		/* Spaces inside go too: people group the digits. */
		ncre_id_normalize(e);
		assert_string_equal(e, "11010519900101001X");
	}
}

/* --- R-ACC-01: phone and e-mail ------------------------------------------- */

static void test_R_ACC_01_phone(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_phone("13800138000"), NCRE_OK);
	assert_int_equal(ncre_validate_phone("19912345678"), NCRE_OK);
	assert_int_equal(ncre_validate_phone("12800138000"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone("10800138000"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone("23800138000"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone("1380013800"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone("138001380001"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone("1380013800a"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone("+8613800138"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone("138 0013 80"), NCRE_E_PHONE_INVALID);
	/* Full-width digits are not ASCII digits. */
	assert_int_equal(ncre_validate_phone("１３８００１３８０００"), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone(""), NCRE_E_PHONE_INVALID);
	assert_int_equal(ncre_validate_phone(NULL), NCRE_E_PHONE_INVALID);
}

static void test_R_ACC_01_email(void **state)
{
	char longest[255], too_long[256];
	static const char *const good[] = {
		"zhang@example.cn", "a@b.co", "first.last+tag@mail.example.com.cn",
		"x_y-z!#$%&'*/=?^`{|}~@sub-domain.example.org", "a1@xn--fiqs8s.cn",
	};
	static const char *const bad[] = {
		"", "plain", "@example.cn", "zhang@", "zhang@example", "zhang@@example.cn",
		"a@b@example.cn", ".zhang@example.cn", "zhang.@example.cn", "zh..ang@example.cn",
		"zhang@-example.cn", "zhang@example-.cn", "zhang@example..cn", "zhang@.example.cn",
		"zhang@example.cn.", "zhang@example.c", "zhang@example.c1", "zhang@exa_mple.cn",
		"zh ang@example.cn", "zhang@example .cn", "张三@example.cn", "zhang@例子.cn",
		"zh\"ang@example.cn",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (ncre_validate_email(good[i]) != NCRE_OK)
			fail_msg("rejected a good address: %s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ncre_validate_email(bad[i]) != NCRE_E_EMAIL_INVALID)
			fail_msg("accepted a bad address: %s", bad[i]);
	assert_int_equal(ncre_validate_email(NULL), NCRE_E_EMAIL_INVALID);

	/* Local part: 64 is the limit. */
	char local64[80], local65[80];
	memset(local64, 'a', 64);
	strcpy(local64 + 64, "@b.cn");
	memset(local65, 'a', 65);
	strcpy(local65 + 65, "@b.cn");
	assert_int_equal(ncre_validate_email(local64), NCRE_OK);
	assert_int_equal(ncre_validate_email(local65), NCRE_E_EMAIL_INVALID);

	/* Labels: 63 is the limit. */
	char label63[80], label64[80];
	strcpy(label63, "a@");
	memset(label63 + 2, 'b', 63);
	strcpy(label63 + 65, ".cn");
	strcpy(label64, "a@");
	memset(label64 + 2, 'b', 64);
	strcpy(label64 + 66, ".cn");
	assert_int_equal(ncre_validate_email(label63), NCRE_OK);
	assert_int_equal(ncre_validate_email(label64), NCRE_E_EMAIL_INVALID);

	/* Total: 254 bytes is the limit: "a@" + 3 * (63 + '.') + 57 + ".cn" = 254. */
	strcpy(longest, "a@");
	for (int i = 0; i < 3; i++) {
		size_t len = strlen(longest);

		memset(longest + len, 'd', 63);
		strcpy(longest + len + 63, ".");
	}
	memset(longest + strlen(longest), 'e', 57);
	strcpy(longest + 2 + 3 * 64 + 57, ".cn");
	assert_int_equal(strlen(longest), 254);
	assert_int_equal(ncre_validate_email(longest), NCRE_OK);
	/* One more byte in the last label (58, still under 63) breaks only the total. */
	strcpy(too_long, longest);
	memmove(too_long + 2 + 3 * 64 + 1, too_long + 2 + 3 * 64, 57 + 3 + 1);
	assert_int_equal(strlen(too_long), 255);
	assert_int_equal(ncre_validate_email(too_long), NCRE_E_EMAIL_INVALID);
}

/* --- R-ACC-02: password policy --------------------------------------------- */

static void test_R_ACC_02_password_policy(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_password("Abc123!x"), NCRE_OK);
	assert_int_equal(ncre_validate_password("a1!a1!a1"), NCRE_OK);	/* 8 */
	assert_int_equal(ncre_validate_password("a1'_-#%&*@a1a1a1a1"), NCRE_OK);	/* 18 */
	/* Each special character alone is enough. */
	static const char *const specials[] = {
		"abcdef1!", "abcdef1@", "abcdef1#", "abcdef1%", "abcdef1&",
		"abcdef1*", "abcdef1'", "abcdef1_", "abcdef1-",
	};
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		assert_int_equal(ncre_validate_password(specials[i]), NCRE_OK);
}

static void test_R_ACC_02_password_length(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_password("Ab1!xyz"), NCRE_E_PASSWORD_LENGTH);	/* 7 */
	assert_int_equal(ncre_validate_password("Ab1!xyzAb1!xyzAb1!x"),
			 NCRE_E_PASSWORD_LENGTH);	/* 19 */
	assert_int_equal(ncre_validate_password(""), NCRE_E_PASSWORD_LENGTH);
	assert_int_equal(ncre_validate_password(NULL), NCRE_E_PASSWORD_LENGTH);
	/* Length comes first: too short and with a bad character. */
	assert_int_equal(ncre_validate_password("a b"), NCRE_E_PASSWORD_LENGTH);
	/* Counted in characters: 6 CJK characters are 18 bytes but 6 characters. */
	assert_int_equal(ncre_validate_password("密码密码密码"), NCRE_E_PASSWORD_LENGTH);
	/* 8 characters (14 bytes) of which 3 are CJK: length passes, chars fail. */
	assert_int_equal(ncre_validate_password("密码码Ab1!x"), NCRE_E_PASSWORD_CHARS);
}

static void test_R_ACC_02_password_chars(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_password("Abc123!x$"), NCRE_E_PASSWORD_CHARS);
	assert_int_equal(ncre_validate_password("Abc 123!x"), NCRE_E_PASSWORD_CHARS);
	assert_int_equal(ncre_validate_password("Abc123!x\""), NCRE_E_PASSWORD_CHARS);
	assert_int_equal(ncre_validate_password("Abc123!x."), NCRE_E_PASSWORD_CHARS);
	assert_int_equal(ncre_validate_password("Abc123!x\t"), NCRE_E_PASSWORD_CHARS);
	/* Chars come before classes: no special character and a '$'. */
	assert_int_equal(ncre_validate_password("Abc123$xy"), NCRE_E_PASSWORD_CHARS);
}

static void test_R_ACC_02_password_classes(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_password("abcdefgh"), NCRE_E_PASSWORD_CLASSES);
	assert_int_equal(ncre_validate_password("Abcdefg1"), NCRE_E_PASSWORD_CLASSES);
	assert_int_equal(ncre_validate_password("Abcdefg!"), NCRE_E_PASSWORD_CLASSES);
	assert_int_equal(ncre_validate_password("1234567!"), NCRE_E_PASSWORD_CLASSES);
	assert_int_equal(ncre_validate_password("!@#%&*'_-"), NCRE_E_PASSWORD_CLASSES);
}

static void test_R_ACC_02_password_pair(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_password_pair("Abc123!x", "Abc123!x"), NCRE_OK);
	assert_int_equal(ncre_validate_password_pair("Abc123!x", "Abc123!y"),
			 NCRE_E_PASSWORD_MISMATCH);
	assert_int_equal(ncre_validate_password_pair("Abc123!x", "abc123!x"),
			 NCRE_E_PASSWORD_MISMATCH);
	assert_int_equal(ncre_validate_password_pair("Abc123!x", ""), NCRE_E_PASSWORD_MISMATCH);
	assert_int_equal(ncre_validate_password_pair("Abc123!x", NULL), NCRE_E_PASSWORD_MISMATCH);
	/* The first entry is validated before comparing. */
	assert_int_equal(ncre_validate_password_pair("short", "other"), NCRE_E_PASSWORD_LENGTH);
	assert_int_equal(ncre_validate_password_pair("abcdefgh", "abcdefgh"),
			 NCRE_E_PASSWORD_CLASSES);
}

/* --- R-REG-03: postal code and name ---------------------------------------- */

static void test_R_REG_03_postal(void **state)
{
	(void)state;
	assert_int_equal(ncre_validate_postal("100081"), NCRE_OK);
	assert_int_equal(ncre_validate_postal("10008"), NCRE_E_POSTAL_INVALID);
	assert_int_equal(ncre_validate_postal("1000812"), NCRE_E_POSTAL_INVALID);
	assert_int_equal(ncre_validate_postal("10008a"), NCRE_E_POSTAL_INVALID);
	assert_int_equal(ncre_validate_postal(" 10008"), NCRE_E_POSTAL_INVALID);
	assert_int_equal(ncre_validate_postal(""), NCRE_E_POSTAL_INVALID);
	assert_int_equal(ncre_validate_postal(NULL), NCRE_E_POSTAL_INVALID);
}

static void test_R_REG_03_name(void **state)
{
	char fifty[160], fifty_one[160];

	(void)state;
	assert_int_equal(ncre_validate_name("张三"), NCRE_OK);
	assert_int_equal(ncre_validate_name("Zhang San"), NCRE_OK);
	assert_int_equal(ncre_validate_name("买买提·艾力"), NCRE_OK);
	assert_int_equal(ncre_validate_name("José"), NCRE_OK);
	assert_int_equal(ncre_validate_name(""), NCRE_E_NAME_INVALID);
	assert_int_equal(ncre_validate_name("   "), NCRE_E_NAME_INVALID);
	assert_int_equal(ncre_validate_name("\xe3\x80\x80"), NCRE_E_NAME_INVALID);	/* U+3000 */
	assert_int_equal(ncre_validate_name("张\t三"), NCRE_E_NAME_INVALID);
	assert_int_equal(ncre_validate_name("张三\n"), NCRE_E_NAME_INVALID);
	assert_int_equal(ncre_validate_name("张\x7f三"), NCRE_E_NAME_INVALID);
	assert_int_equal(ncre_validate_name("张\xc2\x85三"), NCRE_E_NAME_INVALID);	/* U+0085 */
	assert_int_equal(ncre_validate_name("\xe5\xbc"), NCRE_E_NAME_INVALID);	/* cut */
	assert_int_equal(ncre_validate_name(NULL), NCRE_E_NAME_INVALID);

	/* 50 characters (150 bytes) pass, 51 do not. */
	fifty[0] = '\0';
	for (int i = 0; i < 50; i++)
		strcat(fifty, "张");
	assert_int_equal(strlen(fifty), 150);
	assert_int_equal(ncre_validate_name(fifty), NCRE_OK);
	strcpy(fifty_one, fifty);
	strcat(fifty_one, "a");
	assert_int_equal(ncre_validate_name(fifty_one), NCRE_E_NAME_INVALID);
}

static void test_R_REG_03_utf8_is_clean(void **state)
{
	(void)state;
	assert_true(ncre_utf8_is_clean(""));
	assert_true(ncre_utf8_is_clean("abc 张三 😀"));
	assert_true(ncre_utf8_is_clean("\xef\xbf\xbd"));	/* a real U+FFFD */
	assert_true(ncre_utf8_is_clean("\xf4\x8f\xbf\xbf"));	/* U+10FFFF */
	assert_false(ncre_utf8_is_clean("a\tb"));
	assert_false(ncre_utf8_is_clean("a\x1b[0m"));
	assert_false(ncre_utf8_is_clean("a\x7f"));
	assert_false(ncre_utf8_is_clean("\xc2\x80"));	/* U+0080, C1 */
	assert_false(ncre_utf8_is_clean("\xc2\x9f"));	/* U+009F, C1 */
	assert_true(ncre_utf8_is_clean("\xc2\xa0"));	/* U+00A0 */
	assert_false(ncre_utf8_is_clean("\xc0\xaf"));	/* overlong '/' */
	assert_false(ncre_utf8_is_clean("\xe0\x80\xaf"));	/* overlong '/' */
	assert_false(ncre_utf8_is_clean("\xed\xa0\x80"));	/* surrogate U+D800 */
	assert_false(ncre_utf8_is_clean("\xf4\x90\x80\x80"));	/* U+110000 */
	assert_false(ncre_utf8_is_clean("\xff"));
	assert_false(ncre_utf8_is_clean("\x80"));
	assert_false(ncre_utf8_is_clean("\xe5\xbc"));	/* truncated */
	assert_false(ncre_utf8_is_clean(NULL));
}

/* The staff audit queue shows ID numbers masked. */
static void test_id_mask_hides_the_middle(void **state)
{
	char out[32], small[8];

	(void)state;
	ncre_id_mask("11010519491231002X", out, sizeof(out));
	assert_string_equal(out, "110105********002X");
	ncre_id_mask("H12345678", out, sizeof(out));
	assert_string_equal(out, "H1*****78");
	ncre_id_mask("E1234", out, sizeof(out));
	assert_string_equal(out, "****4");
	ncre_id_mask("", out, sizeof(out));
	assert_string_equal(out, "");
	ncre_id_mask("11010519491231002X", small, sizeof(small));
	assert_string_equal(small, "110105*");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_REG_02_resident_id_check_digit),
		cmocka_unit_test(test_R_REG_02_resident_id_valid),
		cmocka_unit_test(test_R_REG_02_resident_id_lower_x),
		cmocka_unit_test(test_R_REG_02_resident_id_checksum_errors),
		cmocka_unit_test(test_R_REG_02_resident_id_format_errors),
		cmocka_unit_test(test_R_REG_02_resident_id_birthdate),
		cmocka_unit_test(test_R_REG_02_residence_permit),
		cmocka_unit_test(test_R_REG_02_hkmo_permit),
		cmocka_unit_test(test_R_REG_02_tw_permit),
		cmocka_unit_test(test_R_REG_02_passport),
		cmocka_unit_test(test_R_REG_02_id_types),
		cmocka_unit_test(test_R_REG_02_id_normalize),
		cmocka_unit_test(test_R_ACC_01_phone),
		cmocka_unit_test(test_R_ACC_01_email),
		cmocka_unit_test(test_R_ACC_02_password_policy),
		cmocka_unit_test(test_R_ACC_02_password_length),
		cmocka_unit_test(test_R_ACC_02_password_chars),
		cmocka_unit_test(test_R_ACC_02_password_classes),
		cmocka_unit_test(test_R_ACC_02_password_pair),
		cmocka_unit_test(test_R_REG_03_postal),
		cmocka_unit_test(test_R_REG_03_name),
		cmocka_unit_test(test_R_REG_03_utf8_is_clean),
		cmocka_unit_test(test_id_mask_hides_the_middle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
