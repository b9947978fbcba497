/*
 * Certificates for the TLS listener. Each generation (the files as read at
 * start or at a SIGHUP) is kept until the server exits: a handshake that
 * began with one may still be using its key when the next is loaded, and
 * renewals come a few times a year, so the cost is a few kilobytes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sodium.h>

#include "tls.h"

#define TLS_PEM_MAX (1024 * 1024)
#define TLS_CHAIN_MAX 16

struct tls_cert {
	struct tls_cert *older;
	gnutls_pcert_st pcert[TLS_CHAIN_MAX];
	unsigned int npcert;
	gnutls_privkey_t key;
};

struct tls {
	pthread_mutex_t lock;
	struct tls_cert *current;	/* newest first; ->older the ones before */
};

static pthread_mutex_t tls_active_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tls *tls_active;

/* Read a whole file into datum (freed by the caller with tls_datum_wipe). */
static int tls_read_file(const char *path, gnutls_datum_t *d, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t n;

	d->data = NULL;
	d->size = 0;
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(TLS_PEM_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = fread(buf, 1, TLS_PEM_MAX + 1, f);
	if (ferror(f) || n == 0 || n > TLS_PEM_MAX) {
		fclose(f);
		sodium_memzero(buf, TLS_PEM_MAX + 1);
		free(buf);
		snprintf(err, errlen, "%s: empty, unreadable or too large", path);
		return -1;
	}
	fclose(f);
	d->data = buf;
	d->size = (unsigned int)n;
	return 0;
}

static void tls_datum_wipe(gnutls_datum_t *d)
{
	if (d->data != NULL)
		sodium_memzero(d->data, d->size);
	free(d->data);
	d->data = NULL;
	d->size = 0;
}

static void tls_cert_free(struct tls_cert *c)
{
	for (unsigned int i = 0; i < c->npcert; i++)
		gnutls_pcert_deinit(&c->pcert[i]);
	if (c->key != NULL)
		gnutls_privkey_deinit(c->key);
	free(c);
}

/* Load one generation; checks that the key belongs to the first certificate. */
static struct tls_cert *tls_cert_load(const char *cert_path, const char *key_path,
				      char *err, size_t errlen)
{
	gnutls_datum_t cert = { NULL, 0 }, key = { NULL, 0 };
	gnutls_pubkey_t pub = NULL;
	unsigned char id1[64] = { 0 }, id2[64] = { 0 };
	size_t id1_len = sizeof(id1), id2_len = sizeof(id2);
	struct tls_cert *c = calloc(1, sizeof(*c));
	int rc;

	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (tls_read_file(cert_path, &cert, err, errlen) != 0 ||
	    tls_read_file(key_path, &key, err, errlen) != 0)
		goto fail;
	c->npcert = TLS_CHAIN_MAX;
	rc = gnutls_pcert_list_import_x509_raw(c->pcert, &c->npcert, &cert, GNUTLS_X509_FMT_PEM, 0);
	if (rc < 0 || c->npcert == 0) {
		c->npcert = 0;
		snprintf(err, errlen, "%s: not a PEM certificate chain (%s)", cert_path,
			 gnutls_strerror(rc));
		goto fail;
	}
	rc = gnutls_privkey_init(&c->key);
	if (rc >= 0)
		rc = gnutls_privkey_import_x509_raw(c->key, &key, GNUTLS_X509_FMT_PEM, NULL, 0);
	if (rc < 0) {
		snprintf(err, errlen, "%s: not a PEM private key (%s)", key_path, gnutls_strerror(rc));
		goto fail;
	}
	/* The key must match the leaf certificate, or every handshake would fail. */
	rc = gnutls_pubkey_init(&pub);
	if (rc >= 0)
		rc = gnutls_pubkey_import_privkey(pub, c->key, 0, 0);
	if (rc >= 0)
		rc = gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA256, id1, &id1_len);
	if (rc >= 0)
		rc = gnutls_pubkey_get_key_id(c->pcert[0].pubkey, GNUTLS_KEYID_USE_SHA256, id2,
					      &id2_len);
	if (rc < 0 || id1_len != id2_len || memcmp(id1, id2, id1_len) != 0) {
		snprintf(err, errlen, "%s does not belong to the certificate in %s", key_path,
			 cert_path);
		goto fail;
	}
	gnutls_pubkey_deinit(pub);
	tls_datum_wipe(&cert);
	tls_datum_wipe(&key);
	return c;
fail:
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	tls_datum_wipe(&cert);
	tls_datum_wipe(&key);
	tls_cert_free(c);
	return NULL;
}

int tls_new(struct tls **out, const char *cert_path, const char *key_path,
	    char *err, size_t errlen)
{
	struct tls *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (pthread_mutex_init(&t->lock, NULL) != 0) {
		free(t);
		snprintf(err, errlen, "cannot create a mutex");
		return -1;
	}
	t->current = tls_cert_load(cert_path, key_path, err, errlen);
	if (t->current == NULL) {
		pthread_mutex_destroy(&t->lock);
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int tls_reload(struct tls *t, const char *cert_path, const char *key_path,
	       char *err, size_t errlen)
{
	struct tls_cert *c = tls_cert_load(cert_path, key_path, err, errlen);

	if (c == NULL)
		return -1;
	pthread_mutex_lock(&t->lock);
	c->older = t->current;
	t->current = c;
	pthread_mutex_unlock(&t->lock);
	return 0;
}

int tls_derive_secret(const char *key_path, const char *context, unsigned char out[32],
		      char *err, size_t errlen)
{
	gnutls_datum_t key = { NULL, 0 };
	crypto_generichash_state st;
	int rc;

	if (tls_read_file(key_path, &key, err, errlen) != 0)
		return -1;
	rc = crypto_generichash_init(&st, NULL, 0, 32);
	if (rc == 0)
		rc = crypto_generichash_update(&st, (const unsigned char *)context, strlen(context));
	if (rc == 0)
		rc = crypto_generichash_update(&st, key.data, key.size);
	if (rc == 0)
		rc = crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof(st));
	tls_datum_wipe(&key);
	if (rc != 0) {
		snprintf(err, errlen, "cannot derive a key from %s", key_path);
		return -1;
	}
	return 0;
}

int tls_priority_check(const char *priority, char *err, size_t errlen)
{
	gnutls_priority_t p;
	const char *at = NULL;
	int rc = gnutls_priority_init(&p, priority, &at);

	if (rc < 0) {
		snprintf(err, errlen, "--tls-priority: %s at \"%.40s\"", gnutls_strerror(rc),
			 at != NULL ? at : priority);
		return -1;
	}
	gnutls_priority_deinit(p);
	return 0;
}

void tls_free(struct tls **t)
{
	struct tls_cert *c, *older;

	if (*t == NULL)
		return;
	tls_set_active(NULL);
	for (c = (*t)->current; c != NULL; c = older) {
		older = c->older;
		tls_cert_free(c);
	}
	pthread_mutex_destroy(&(*t)->lock);
	free(*t);
	*t = NULL;
}

void tls_set_active(struct tls *t)
{
	pthread_mutex_lock(&tls_active_lock);
	tls_active = t;
	pthread_mutex_unlock(&tls_active_lock);
}

int tls_retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn, int nreqs,
		 const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
		 gnutls_pcert_st **pcert, unsigned int *pcert_length, gnutls_privkey_t *privkey)
{
	struct tls_cert *c = NULL;

	(void)session;
	(void)req_ca_rdn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	pthread_mutex_lock(&tls_active_lock);
	if (tls_active != NULL) {
		pthread_mutex_lock(&tls_active->lock);
		c = tls_active->current;
		pthread_mutex_unlock(&tls_active->lock);
	}
	pthread_mutex_unlock(&tls_active_lock);
	if (c == NULL)
		return -1;
	*pcert = c->pcert;
	*pcert_length = c->npcert;
	*privkey = c->key;
	return 0;
}
