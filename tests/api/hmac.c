/*
 * HMAC-SHA256 for the payment tests, which sign notifications as a platform
 * would: libsodium's crypto_auth_hmacsha256, the same primitive the server
 * verifies with (the key may be any length).
 */
#include <string.h>

#include <sodium.h>

#include "hmac.h"

void hmac_sha256_hex(const char *key, const char *msg, size_t len, char hex[65])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, 65, mac, sizeof(mac));
}
