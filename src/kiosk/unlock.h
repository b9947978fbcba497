/*
 * The staff unlock secret of --kiosk mode, kept in the configuration as a
 * salted, slow hash: PBKDF2-HMAC-SHA256 (RFC 8018) written as
 *
 *   $pbkdf2-sha256$ITERATIONS$SALT_HEX$KEY_HEX
 *
 * (16-byte salt, 32-byte key). Self-contained so the kiosk needs no
 * crypto library of its own; checked against RFC 6234 / RFC 7914 vectors
 * in tests/unit/test_unlock.c. No curses here.
 */
#ifndef KIOSK_UNLOCK_H
#define KIOSK_UNLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UNLOCK_HASH_MAX 160          /* longest accepted hash string + NUL */
#define UNLOCK_DEFAULT_ITER 200000u
#define UNLOCK_MIN_ITER 1000u

/* SHA-256 of data into out[32]. */
void unlock_sha256(const void *data, size_t len, uint8_t out[32]);
/* PBKDF2-HMAC-SHA256. */
void unlock_pbkdf2(const void *pw, size_t pwlen, const uint8_t *salt, size_t saltlen,
		   unsigned iter, uint8_t *out, size_t outlen);

/* 0 when hash is a well-formed unlock hash (iterations >= UNLOCK_MIN_ITER). */
int unlock_hash_valid(const char *hash);
/* True when secret matches hash (constant-time comparison of the keys). */
bool unlock_verify(const char *hash, const char *secret);
/* Make a hash of secret with a fresh random salt; 0 or -1. */
int unlock_make(const char *secret, unsigned iter, char *out, size_t outsz);

#endif
