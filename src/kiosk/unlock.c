/*
 * SHA-256 (FIPS 180-4), HMAC (RFC 2104) and PBKDF2 (RFC 8018) for the
 * staff unlock hash. Every intermediate that depends on the secret is
 * wiped before returning.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "unlock.h"

#define PREFIX "$pbkdf2-sha256$"
#define SALT_LEN 16
#define KEY_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	uint8_t block[64];
	size_t fill;
};

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2
};

static uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(struct sha256 *s, const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) +
			      K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
	explicit_bzero(w, sizeof(w));
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, iv, sizeof(iv));
	s->bytes = 0;
	s->fill = 0;
}

static void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;

	s->bytes += len;
	while (len > 0) {
		size_t n = 64 - s->fill < len ? 64 - s->fill : len;

		memcpy(s->block + s->fill, p, n);
		s->fill += n;
		p += n;
		len -= n;
		if (s->fill == 64) {
			sha256_block(s, s->block);
			s->fill = 0;
		}
	}
}

static void sha256_final(struct sha256 *s, uint8_t out[32])
{
	uint64_t bits = s->bytes * 8;
	uint8_t pad = 0x80, zero = 0, len[8];

	sha256_update(s, &pad, 1);
	while (s->fill != 56)
		sha256_update(s, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
	explicit_bzero(s, sizeof(*s));
}

void unlock_sha256(const void *data, size_t len, uint8_t out[32])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, out);
}

/* HMAC-SHA256 with the key already folded into the inner and outer
 * states, so PBKDF2's many rounds do not hash the key again. */
struct hmac {
	struct sha256 inner, outer;
};

static void hmac_init(struct hmac *m, const void *key, size_t keylen)
{
	uint8_t k[64], pad[64];

	memset(k, 0, sizeof(k));
	if (keylen > 64)
		unlock_sha256(key, keylen, k);
	else
		memcpy(k, key, keylen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&m->inner);
	sha256_update(&m->inner, pad, 64);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&m->outer);
	sha256_update(&m->outer, pad, 64);
	explicit_bzero(k, sizeof(k));
	explicit_bzero(pad, sizeof(pad));
}

static void hmac(const struct hmac *m, const void *data, size_t len, const void *data2,
		 size_t len2, uint8_t out[32])
{
	struct sha256 s = m->inner;
	uint8_t ih[32];

	sha256_update(&s, data, len);
	if (data2 != NULL)
		sha256_update(&s, data2, len2);
	sha256_final(&s, ih);
	s = m->outer;
	sha256_update(&s, ih, 32);
	sha256_final(&s, out);
	explicit_bzero(ih, sizeof(ih));
}

void unlock_pbkdf2(const void *pw, size_t pwlen, const uint8_t *salt, size_t saltlen,
		   unsigned iter, uint8_t *out, size_t outlen)
{
	struct hmac m;
	uint8_t u[32], t[32], ctr[4];

	hmac_init(&m, pw, pwlen);
	for (uint32_t block = 1; outlen > 0; block++) {
		size_t n = outlen < 32 ? outlen : 32;

		ctr[0] = (uint8_t)(block >> 24);
		ctr[1] = (uint8_t)(block >> 16);
		ctr[2] = (uint8_t)(block >> 8);
		ctr[3] = (uint8_t)block;
		hmac(&m, salt, saltlen, ctr, 4, u);
		memcpy(t, u, 32);
		for (unsigned i = 1; i < iter; i++) {
			hmac(&m, u, 32, NULL, 0, u);
			for (int j = 0; j < 32; j++)
				t[j] ^= u[j];
		}
		memcpy(out, t, n);
		out += n;
		outlen -= n;
	}
	explicit_bzero(&m, sizeof(m));
	explicit_bzero(u, sizeof(u));
	explicit_bzero(t, sizeof(t));
}

static int unhex(const char *s, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int v = 0;

		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + k];

			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= c - '0';
			else if (c >= 'a' && c <= 'f')
				v |= c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				v |= c - 'A' + 10;
			else
				return -1;
		}
		out[i] = (uint8_t)v;
	}
	return 0;
}

/* Split "$pbkdf2-sha256$ITER$SALT$KEY"; 0 or -1. */
static int parse(const char *hash, unsigned *iter, uint8_t salt[SALT_LEN], uint8_t key[KEY_LEN])
{
	const char *p, *d1, *d2;
	char *end;
	unsigned long it;

	if (hash == NULL || strncmp(hash, PREFIX, strlen(PREFIX)) != 0)
		return -1;
	p = hash + strlen(PREFIX);
	errno = 0;
	it = strtoul(p, &end, 10);
	if (errno != 0 || end == p || *end != '$' || it < UNLOCK_MIN_ITER || it > 100000000ul)
		return -1;
	d1 = end + 1;
	d2 = strchr(d1, '$');
	if (d2 == NULL || d2 - d1 != 2 * SALT_LEN || strlen(d2 + 1) != 2 * KEY_LEN)
		return -1;
	if (unhex(d1, SALT_LEN, salt) != 0 || unhex(d2 + 1, KEY_LEN, key) != 0)
		return -1;
	*iter = (unsigned)it;
	return 0;
}

int unlock_hash_valid(const char *hash)
{
	uint8_t salt[SALT_LEN], key[KEY_LEN];
	unsigned iter;

	if (hash == NULL || strlen(hash) >= UNLOCK_HASH_MAX)
		return -1;
	return parse(hash, &iter, salt, key);
}

bool unlock_verify(const char *hash, const char *secret)
{
	uint8_t salt[SALT_LEN], key[KEY_LEN], got[KEY_LEN];
	unsigned iter, diff = 0;

	if (secret == NULL || parse(hash, &iter, salt, key) != 0)
		return false;
	unlock_pbkdf2(secret, strlen(secret), salt, SALT_LEN, iter, got, KEY_LEN);
	for (int i = 0; i < KEY_LEN; i++)
		diff |= (unsigned)(got[i] ^ key[i]);
	explicit_bzero(got, sizeof(got));
	return diff == 0;
}

static void hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

int unlock_make(const char *secret, unsigned iter, char *out, size_t outsz)
{
	uint8_t salt[SALT_LEN], key[KEY_LEN];
	char salt_hex[2 * SALT_LEN + 1], key_hex[2 * KEY_LEN + 1];
	int n;

	if (iter < UNLOCK_MIN_ITER || getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt))
		return -1;
	unlock_pbkdf2(secret, strlen(secret), salt, SALT_LEN, iter, key, KEY_LEN);
	hex(salt, SALT_LEN, salt_hex);
	hex(key, KEY_LEN, key_hex);
	n = snprintf(out, outsz, PREFIX "%u$%s$%s", iter, salt_hex, key_hex);
	explicit_bzero(key, sizeof(key));
	explicit_bzero(key_hex, sizeof(key_hex));
	if (n < 0 || (size_t)n >= outsz || unlock_hash_valid(out) != 0)
		return -1;
	return 0;
}
