/*
 * The staff unlock hash (src/kiosk/unlock.c): SHA-256 and PBKDF2-HMAC-SHA256
 * against published vectors (FIPS 180-2 examples, RFC 7914 section 11),
 * and the $pbkdf2-sha256$ string: made, verified, malformed ones refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kiosk/unlock.h"

static void to_hex(const uint8_t *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
}

static void test_sha256(void **state)
{
	uint8_t d[32];
	char h[65];
	char million[1000];

	(void)state;
	unlock_sha256("abc", 3, d);
	to_hex(d, 32, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlock_sha256("", 0, d);
	to_hex(d, 32, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	unlock_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	to_hex(d, 32, h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof(million));
	unlock_sha256(million, 1000, d);
	to_hex(d, 32, h);
	assert_string_equal(h, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

static void test_pbkdf2(void **state)
{
	uint8_t d[64];
	char h[129];

	(void)state;
	/* RFC 7914, section 11 */
	unlock_pbkdf2("passwd", 6, (const uint8_t *)"salt", 4, 1, d, 64);
	to_hex(d, 64, h);
	assert_string_equal(h, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
			       "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
	unlock_pbkdf2("Password", 8, (const uint8_t *)"NaCl", 4, 80000, d, 64);
	to_hex(d, 64, h);
	assert_string_equal(h, "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
			       "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

static void test_hash_string(void **state)
{
	char hash[UNLOCK_HASH_MAX];
	/* made by python3: hashlib.pbkdf2_hmac('sha256', b'1234', salt, 1000, 32) */
	const char *known = "$pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
			    "b8ad0f1dacec0beb4f418fadcb2ee5939ef45823391bb89692028dd1b67e9cef";

	(void)state;
	assert_int_equal(unlock_hash_valid(known), 0);
	assert_true(unlock_verify(known, "1234"));
	assert_false(unlock_verify(known, "1235"));
	assert_false(unlock_verify(known, ""));
	assert_int_equal(unlock_make("staff-7", 1000, hash, sizeof(hash)), 0);
	assert_true(unlock_verify(hash, "staff-7"));
	assert_false(unlock_verify(hash, "staff-8"));
	assert_int_equal(unlock_make("x", 10, hash, sizeof(hash)), -1);   /* too few rounds */
	assert_int_equal(unlock_make("x", 1000, hash, 40), -1);           /* no room */
	assert_int_equal(unlock_hash_valid(""), -1);
	assert_int_equal(unlock_hash_valid("$pbkdf2-sha256$999$00112233445566778899aabbccddeeff$"
					   "b8ad0f1dacec0beb4f418fadcb2ee5939ef45823391bb89692028dd1b67e9cef"), -1);
	assert_int_equal(unlock_hash_valid("$pbkdf2-sha256$1000$0011$b8ad"), -1);
	assert_int_equal(unlock_hash_valid("$pbkdf2-sha256$1000$00112233445566778899aabbccddeefg$"
					   "b8ad0f1dacec0beb4f418fadcb2ee5939ef45823391bb89692028dd1b67e9cef"), -1);
	assert_int_equal(unlock_hash_valid("$6$salt$abcdef"), -1);
	assert_false(unlock_verify("$6$salt$abcdef", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_pbkdf2),
		cmocka_unit_test(test_hash_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
