/*
 * HMAC-SHA256 for the payment tests, which sign notifications as a
 * platform would (libsodium underneath).
 */
#ifndef TEST_HMAC_H
#define TEST_HMAC_H

#include <stddef.h>

/* hex receives 64 hex digits and a NUL. */
void hmac_sha256_hex(const char *key, const char *msg, size_t len, char hex[65]);

#endif
