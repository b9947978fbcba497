/*
 * Passwords (argon2id through libsodium) and login tokens.
 *
 * Hashing is the server's most expensive work (about 90 ms and 64 MiB each
 * at "interactive"), so at most hash_concurrency hashes run at once; a
 * caller that cannot get a slot within the wait gets AUTH_BUSY (503).
 */
#ifndef SRV_AUTH_H
#define SRV_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#include "config.h"
#include "store.h"

/* 32 random bytes in URL-safe base64 without padding. */
#define AUTH_TOKEN_BYTES 32
#define AUTH_TOKEN_LEN 43
#define AUTH_HASH_LEN crypto_pwhash_STRBYTES
/* Longest password we hash at all; R-ACC-02 allows only 18 characters. */
#define AUTH_PASSWORD_MAX 1024

enum auth_rc {
	AUTH_OK = 0,
	AUTH_MISMATCH,	/* wrong password */
	AUTH_BUSY,	/* no hash slot in time, or out of memory */
	AUTH_ERROR
};

struct auth;

int auth_new(struct auth **out, enum config_argon2 level, unsigned concurrency,
	     unsigned wait_ms, char *err, size_t errlen);
void auth_free(struct auth **a);

/* Hash a password at the configured cost into out (AUTH_HASH_LEN bytes). */
enum auth_rc auth_hash(struct auth *a, const char *password, char *out);

/*
 * Verify password against hash. hash NULL (unknown login) checks against a
 * dummy hash so the answer takes the same time. When the stored hash used
 * other parameters than the configured ones and the password is right,
 * rehash (AUTH_HASH_LEN bytes) receives a new hash and *rehashed is true.
 */
enum auth_rc auth_verify(struct auth *a, const char *hash, const char *password,
			 char *rehash, bool *rehashed);

/* Seconds a client should wait after AUTH_BUSY. */
unsigned auth_retry_after(const struct auth *a);

/* A new token (AUTH_TOKEN_LEN + 1 bytes) and the hash the server stores. */
int auth_token_new(char *token, unsigned char hash[STORE_TOKEN_HASH_LEN]);

/* Hash of a presented token; -1 when it is not a well-formed token. */
int auth_token_hash(const char *token, unsigned char hash[STORE_TOKEN_HASH_LEN]);

#endif
