/*
 * The staff unlock secret of --kiosk mode, kept in the configuration as
 * libsodium's argon2id string (crypto_pwhash_str):
 *
 *   $argon2id$v=19$m=65536,t=3,p=1$SALT$KEY
 *
 * The cost is in the string, so a site may make a dearer one; the kiosk
 * makes t=3 passes over 64 MiB (docs/kiosk.md, "Staff unlock secret").
 * The hash is checked only when staff unlock, never at start. The old
 * $pbkdf2-sha256$ strings are refused with a message that says how to make
 * a new one. No curses here; callers call sodium_init() first.
 */
#ifndef KIOSK_UNLOCK_H
#define KIOSK_UNLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#define UNLOCK_HASH_MAX crypto_pwhash_STRBYTES	/* longest hash string + NUL */
#define UNLOCK_OPSLIMIT 3ull			/* passes */
#define UNLOCK_MEMLIMIT ((size_t)64 << 20)	/* bytes of memory */

/* 0 when hash is an argon2id string libsodium accepts; -1 with the reason
 * (and what to do) in why otherwise. Cheap: nothing is hashed. */
int unlock_hash_check(const char *hash, char *why, size_t whysz);
/* True when secret matches hash (argon2id; the comparison is constant-time). */
bool unlock_verify(const char *hash, const char *secret);
/* Make the hash of secret with a fresh random salt at the kiosk's cost; 0 or -1. */
int unlock_make(const char *secret, char *out, size_t outsz);

#endif
