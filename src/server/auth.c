/*
 * argon2id hashing behind a counting semaphore, and login tokens.
 * The semaphore is a mutex and condition variable on CLOCK_MONOTONIC so the
 * wait has a deadline that clock changes cannot stretch.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth.h"

struct auth {
	unsigned long long opslimit;
	size_t memlimit;
	unsigned wait_ms;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned slots;		/* free hash slots */
	char dummy[AUTH_HASH_LEN];
};

static void auth_level(enum config_argon2 level, unsigned long long *ops, size_t *mem)
{
	switch (level) {
	case CONFIG_ARGON2_MIN:
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
		return;
	case CONFIG_ARGON2_MODERATE:
		*ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*mem = crypto_pwhash_MEMLIMIT_MODERATE;
		return;
	case CONFIG_ARGON2_INTERACTIVE:
		break;
	}
	*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

int auth_new(struct auth **out, enum config_argon2 level, unsigned concurrency,
	     unsigned wait_ms, char *err, size_t errlen)
{
	struct auth *a = NULL;
	pthread_condattr_t ca;
	bool lock_ok = false, attr_ok = false, cond_ok = false;
	unsigned char pw[16];

	*out = NULL;
	a = calloc(1, sizeof(*a));
	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	auth_level(level, &a->opslimit, &a->memlimit);
	a->wait_ms = wait_ms;
	a->slots = concurrency > 0 ? concurrency : 1;
	if (pthread_mutex_init(&a->lock, NULL) != 0)
		goto fail_thread;
	lock_ok = true;
	if (pthread_condattr_init(&ca) != 0)
		goto fail_thread;
	attr_ok = true;
	if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&a->freed, &ca) != 0)
		goto fail_thread;
	cond_ok = true;
	pthread_condattr_destroy(&ca);
	attr_ok = false;

	/* The dummy hash for unknown logins: a random password nobody knows. */
	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(a->dummy, (const char *)pw, sizeof(pw), a->opslimit,
			      a->memlimit) != 0) {
		snprintf(err, errlen, "argon2id: cannot hash (out of memory?)");
		goto fail;
	}
	sodium_memzero(pw, sizeof(pw));
	*out = a;
	return 0;
fail_thread:
	snprintf(err, errlen, "cannot create the hash semaphore");
fail:
	if (a != NULL) {
		if (attr_ok)
			pthread_condattr_destroy(&ca);
		if (cond_ok)
			pthread_cond_destroy(&a->freed);
		if (lock_ok)
			pthread_mutex_destroy(&a->lock);
		free(a);
	}
	return -1;
}

void auth_free(struct auth **ap)
{
	struct auth *a = *ap;

	if (a == NULL)
		return;
	pthread_cond_destroy(&a->freed);
	pthread_mutex_destroy(&a->lock);
	free(a);
	*ap = NULL;
}

unsigned auth_retry_after(const struct auth *a)
{
	return a->wait_ms / 1000 + 1;
}

/* Take a hash slot, waiting at most wait_ms. Returns 0, or -1 when none freed. */
static int auth_slot_take(struct auth *a)
{
	struct timespec deadline;
	int ret = -1;

	if (clock_gettime(CLOCK_MONOTONIC, &deadline) != 0)
		return -1;
	deadline.tv_sec += a->wait_ms / 1000;
	deadline.tv_nsec += (long)(a->wait_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	if (pthread_mutex_lock(&a->lock) != 0)
		return -1;
	while (a->slots == 0) {
		int rc = pthread_cond_timedwait(&a->freed, &a->lock, &deadline);

		if (rc == ETIMEDOUT || (rc != 0 && rc != EINTR))
			break;
	}
	if (a->slots > 0) {
		a->slots--;
		ret = 0;
	}
	pthread_mutex_unlock(&a->lock);
	return ret;
}

static void auth_slot_give(struct auth *a)
{
	if (pthread_mutex_lock(&a->lock) != 0)
		return;
	a->slots++;
	pthread_cond_signal(&a->freed);
	pthread_mutex_unlock(&a->lock);
}

enum auth_rc auth_hash(struct auth *a, const char *password, char *out)
{
	size_t len = strlen(password);
	enum auth_rc r = AUTH_BUSY;

	if (len > AUTH_PASSWORD_MAX)
		return AUTH_ERROR;
	if (auth_slot_take(a) != 0)
		return AUTH_BUSY;
	/* -1 means out of memory: the client should retry, it is not a fault. */
	if (crypto_pwhash_str(out, password, len, a->opslimit, a->memlimit) == 0)
		r = AUTH_OK;
	auth_slot_give(a);
	return r;
}

enum auth_rc auth_verify(struct auth *a, const char *hash, const char *password,
			 char *rehash, bool *rehashed)
{
	size_t len = strlen(password);
	enum auth_rc r;

	if (rehashed != NULL)
		*rehashed = false;
	if (len > AUTH_PASSWORD_MAX)
		return AUTH_MISMATCH;
	if (auth_slot_take(a) != 0)
		return AUTH_BUSY;
	if (hash == NULL) {
		/* Same work as a real check; the answer is "no" whatever it says. */
		int same = crypto_pwhash_str_verify(a->dummy, password, len);

		(void)same;
		r = AUTH_MISMATCH;
		goto out;
	}
	if (crypto_pwhash_str_verify(hash, password, len) != 0) {
		r = AUTH_MISMATCH;
		goto out;
	}
	r = AUTH_OK;
	if (rehash != NULL && rehashed != NULL &&
	    crypto_pwhash_str_needs_rehash(hash, a->opslimit, a->memlimit) != 0 &&
	    crypto_pwhash_str(rehash, password, len, a->opslimit, a->memlimit) == 0)
		*rehashed = true;
out:
	auth_slot_give(a);
	return r;
}

int auth_token_new(char *token, unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	unsigned char raw[AUTH_TOKEN_BYTES];
	int ret = -1;

	randombytes_buf(raw, sizeof(raw));
	if (sodium_bin2base64(token, AUTH_TOKEN_LEN + 1, raw, sizeof(raw),
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) == NULL)
		goto out;
	if (crypto_generichash(hash, STORE_TOKEN_HASH_LEN, raw, sizeof(raw), NULL, 0) != 0)
		goto out;
	ret = 0;
out:
	sodium_memzero(raw, sizeof(raw));
	return ret;
}

int auth_token_hash(const char *token, unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	unsigned char raw[AUTH_TOKEN_BYTES];
	size_t rawlen = 0;
	const char *end = NULL;
	int ret = -1;

	if (strlen(token) != AUTH_TOKEN_LEN)
		return -1;
	if (sodium_base642bin(raw, sizeof(raw), token, AUTH_TOKEN_LEN, NULL, &rawlen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    rawlen != sizeof(raw) || end != token + AUTH_TOKEN_LEN)
		goto out;
	if (crypto_generichash(hash, STORE_TOKEN_HASH_LEN, raw, sizeof(raw), NULL, 0) != 0)
		goto out;
	ret = 0;
out:
	sodium_memzero(raw, sizeof(raw));
	return ret;
}
