/*
 * The staff unlock hash through libsodium: argon2id strings made by
 * crypto_pwhash_str and checked by crypto_pwhash_str_verify.
 */
#include <stdio.h>
#include <string.h>

#include "unlock.h"

#define ARGON2ID_PREFIX "$argon2id$"
#define PBKDF2_PREFIX "$pbkdf2-sha256$"
#define REMAKE "make a new one with: ncre-kiosk --make-unlock-hash"

int unlock_hash_check(const char *hash, char *why, size_t whysz)
{
	if (hash == NULL || hash[0] == '\0') {
		snprintf(why, whysz, "staff_unlock_hash is empty; " REMAKE);
		return -1;
	}
	if (strncmp(hash, PBKDF2_PREFIX, strlen(PBKDF2_PREFIX)) == 0) {
		snprintf(why, whysz, "staff_unlock_hash is an old $pbkdf2-sha256$ hash, which this "
			 "version no longer accepts; " REMAKE " (argon2id)");
		return -1;
	}
	/* needs_rehash parses the string (-1 when it is not a valid argon2id
	 * string of this libsodium) without hashing anything. */
	if (strncmp(hash, ARGON2ID_PREFIX, strlen(ARGON2ID_PREFIX)) != 0 ||
	    strlen(hash) >= UNLOCK_HASH_MAX ||
	    crypto_pwhash_str_needs_rehash(hash, UNLOCK_OPSLIMIT, UNLOCK_MEMLIMIT) < 0) {
		snprintf(why, whysz, "staff_unlock_hash is not an $argon2id$ hash; " REMAKE);
		return -1;
	}
	return 0;
}

bool unlock_verify(const char *hash, const char *secret)
{
	char why[8];

	if (secret == NULL || unlock_hash_check(hash, why, sizeof(why)) != 0)
		return false;
	return crypto_pwhash_str_verify(hash, secret, strlen(secret)) == 0;
}

int unlock_make(const char *secret, char *out, size_t outsz)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = -1;

	if (secret == NULL ||
	    crypto_pwhash_str(hash, secret, strlen(secret), UNLOCK_OPSLIMIT, UNLOCK_MEMLIMIT) != 0)
		goto out;
	if ((size_t)snprintf(out, outsz, "%s", hash) >= outsz)
		goto out;
	rc = 0;
out:
	sodium_memzero(hash, sizeof(hash));
	return rc;
}
