/*
 * The server's certificate and key, handed to each TLS handshake through
 * GnuTLS's retrieve callback so that SIGHUP can swap them (tls_reload)
 * while open connections go on with the ones they started with.
 */
#ifndef SRV_TLS_H
#define SRV_TLS_H

#include <stddef.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>

/*
 * The default GnuTLS priority (--tls-priority): TLS 1.3, and TLS 1.2 only
 * with ECDHE key exchange and AEAD ciphers; no SHA-1 signatures. The
 * server's order wins, AES-GCM first: with the AES instructions of every
 * x86-64 server since 2010 it costs a fraction of ChaCha20-Poly1305, which
 * stays for clients that ask for nothing else (docs/server.md "TLS").
 */
#define TLS_PRIORITY_DEFAULT                                                          \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"                                 \
	"-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:"                   \
	"-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:"                            \
	"-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256:+SIGN-ECDSA-SECP384R1-SHA384:"        \
	"+SIGN-ECDSA-SECP521R1-SHA512:+SIGN-ECDSA-SHA256:+SIGN-ECDSA-SHA384:"         \
	"+SIGN-ECDSA-SHA512:+SIGN-EDDSA-ED25519:+SIGN-RSA-PSS-RSAE-SHA256:"           \
	"+SIGN-RSA-PSS-RSAE-SHA384:+SIGN-RSA-PSS-RSAE-SHA512:+SIGN-RSA-SHA256:"       \
	"+SIGN-RSA-SHA384:+SIGN-RSA-SHA512:%SERVER_PRECEDENCE"

struct tls;

/* Load the PEM certificate chain and key. Returns 0, or -1 with err. */
int tls_new(struct tls **out, const char *cert_path, const char *key_path,
	    char *err, size_t errlen);
/*
 * Read the files again; new handshakes get them, the old ones stay alive
 * until tls_free. On failure (-1, err) the current ones stay in use.
 */
int tls_reload(struct tls *t, const char *cert_path, const char *key_path,
	       char *err, size_t errlen);
/*
 * A 32-byte key derived from the private key file (BLAKE2b with a context
 * of its own): shared by every server process with the same key, never in
 * the database. Returns 0, or -1 with err.
 */
int tls_derive_secret(const char *key_path, const char *context, unsigned char out[32],
		      char *err, size_t errlen);
/* Check a priority string. Returns 0, or -1 with err. */
int tls_priority_check(const char *priority, char *err, size_t errlen);
void tls_free(struct tls **t);

/*
 * GnuTLS's retrieve callback carries no user pointer: the listening
 * server's credentials are reached through this one slot, set while the
 * daemon runs (NULL otherwise).
 */
void tls_set_active(struct tls *t);
/* The gnutls_certificate_retrieve_function2 given to MHD_OPTION_HTTPS_CERT_CALLBACK. */
int tls_retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn, int nreqs,
		 const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
		 gnutls_pcert_st **pcert, unsigned int *pcert_length, gnutls_privkey_t *privkey);

#endif
