/*
 * The staff unlock hash (src/kiosk/unlock.c): argon2id strings through
 * libsodium, made and verified; a string of another cost verifies; the old
 * $pbkdf2-sha256$ strings and malformed ones are refused with a message
 * that says how to make a new hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kiosk/unlock.h"

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void test_make_verify(void **state)
{
	char hash[UNLOCK_HASH_MAX], why[256];

	(void)state;
	assert_int_equal(unlock_make("staff-7", hash, sizeof(hash)), 0);
	/* The kiosk's cost is written into the string. */
	assert_non_null(strstr(hash, "$argon2id$v=19$m=65536,t=3,p=1$"));
	assert_int_equal(unlock_hash_check(hash, why, sizeof(why)), 0);
	assert_true(unlock_verify(hash, "staff-7"));
	assert_false(unlock_verify(hash, "staff-8"));
	assert_false(unlock_verify(hash, ""));
	assert_false(unlock_verify(hash, NULL));
	assert_int_equal(unlock_make("x", hash, 40), -1);	/* no room */
}

/* A string whose cost differs from the kiosk's still verifies: the cost is
 * read from the string. Made with libsodium's raw crypto_pwhash ("1234",
 * salt "somesaltsomesalt", t=2, 1 MiB, argon2id) and encoded in the PHC
 * string format by hand. */
static void test_foreign_cost(void **state)
{
	const char *known = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
			    "A1jafQ0X++UajJ6juqsn8aseh/wmaVJdXqgQsVP3d58";
	char why[256];

	(void)state;
	assert_int_equal(unlock_hash_check(known, why, sizeof(why)), 0);
	assert_true(unlock_verify(known, "1234"));
	assert_false(unlock_verify(known, "1235"));
}

static void test_refused(void **state)
{
	char why[256];
	/* The format of the versions before argon2id. */
	const char *pbkdf2 = "$pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
			     "b8ad0f1dacec0beb4f418fadcb2ee5939ef45823391bb89692028dd1b67e9cef";

	(void)state;
	assert_int_equal(unlock_hash_check(pbkdf2, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "old $pbkdf2-sha256$"));
	assert_non_null(strstr(why, "ncre-kiosk --make-unlock-hash"));
	assert_false(unlock_verify(pbkdf2, "1234"));
	assert_int_equal(unlock_hash_check("", why, sizeof(why)), -1);
	assert_int_equal(unlock_hash_check(NULL, why, sizeof(why)), -1);
	assert_int_equal(unlock_hash_check("$6$salt$abcdef", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "ncre-kiosk --make-unlock-hash"));
	assert_int_equal(unlock_hash_check("$argon2id$v=19$m=65536,t=3,p=1$short", why,
					   sizeof(why)), -1);
	assert_int_equal(unlock_hash_check("$argon2i$v=19$m=1024,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
					   "Cl6hOXqGhjRRGd0NxGM0zGxTmnrL7tWhsZ5ZsFQXzzs", why,
					   sizeof(why)), -1);
	assert_false(unlock_verify("$6$salt$abcdef", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_verify),
		cmocka_unit_test(test_foreign_cost),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
