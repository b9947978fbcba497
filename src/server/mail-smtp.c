/*
 * One e-mail through the SMTP relay with libcurl. The message is plain
 * UTF-8 text, base64-encoded (any relay carries it), with an RFC 2047
 * subject. TLS is never optional: smtps:// starts with it, smtp:// must
 * upgrade with STARTTLS (CURLUSESSL_ALL), and the relay's certificate and
 * name are verified.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "mail.h"

struct mail_body {
	const char *p;
	size_t left;
};

static size_t mail_read(char *buf, size_t size, size_t n, void *ud)
{
	struct mail_body *b = ud;
	size_t len = size * n;

	if (len > b->left)
		len = b->left;
	memcpy(buf, b->p, len);
	b->p += len;
	b->left -= len;
	return len;
}

/* An address we put in a header or an envelope: no spaces, brackets or line breaks. */
static bool mail_address_ok(const char *a)
{
	return a != NULL && a[0] != '\0' && strchr(a, '@') != NULL &&
	       strpbrk(a, " \t\r\n<>,;\"") == NULL && strlen(a) < 255;
}

/* Append base64 of src to out (wrapped at 76 columns with CRLF). 0 or -1. */
static int mail_base64(char *out, size_t outlen, size_t *used, const char *src, size_t len,
		       bool wrap)
{
	size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64len);
	size_t n;

	if (b64 == NULL)
		return -1;
	sodium_bin2base64(b64, b64len, (const unsigned char *)src, len,
			  sodium_base64_VARIANT_ORIGINAL);
	n = strlen(b64);
	for (size_t i = 0; i < n; i += 76) {
		size_t chunk = n - i < 76 ? n - i : 76;

		if (*used + chunk + 3 > outlen) {
			free(b64);
			return -1;
		}
		memcpy(out + *used, b64 + i, chunk);
		*used += chunk;
		if (wrap) {
			memcpy(out + *used, "\r\n", 2);
			*used += 2;
		}
	}
	out[*used] = '\0';
	free(b64);
	return 0;
}

/* The whole message, headers and body, into out. 0 or -1. */
static int mail_compose(char *out, size_t outlen, const char *from, const char *to,
			const char *subject, const char *text, time_t now)
{
	unsigned char rnd[12];
	char id[sizeof(rnd) * 2 + 1], date[64];
	struct tm tm;
	size_t used;
	int n;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm) == 0)
		return -1;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
	n = snprintf(out, outlen,
		     "Date: %s\r\nFrom: %s\r\nTo: %s\r\nMessage-ID: <%s@ncre-server>\r\n"
		     "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		     "Content-Transfer-Encoding: base64\r\nSubject: =?UTF-8?B?",
		     date, from, to, id);
	if (n < 0 || (size_t)n >= outlen)
		return -1;
	used = (size_t)n;
	if (mail_base64(out, outlen, &used, subject, strlen(subject), false) != 0 ||
	    used + 6 > outlen)
		return -1;
	memcpy(out + used, "?=\r\n\r\n", 6);
	used += 6;
	return mail_base64(out, outlen, &used, text, strlen(text), true);
}

int mail_send(const struct config *cfg, const char *to, const char *subject, const char *text,
	      time_t now, char *err, size_t errlen)
{
	char msg[8192], envelope_from[260], envelope_to[260], curl_err[CURL_ERROR_SIZE];
	struct curl_slist *rcpt = NULL;
	struct mail_body body;
	CURL *h = NULL;
	CURLcode rc = CURLE_OK;
	long smtp_code = 0;
	int status = -1;

	if (cfg->smtp_url == NULL || !mail_address_ok(cfg->smtp_from)) {
		snprintf(err, errlen, "no mail relay configured");
		return -1;
	}
	if (!mail_address_ok(to)) {
		snprintf(err, errlen, "unusable recipient address");
		return -1;
	}
	if (mail_compose(msg, sizeof(msg), cfg->smtp_from, to, subject, text, now) != 0) {
		snprintf(err, errlen, "message too long");
		goto out;
	}
	snprintf(envelope_from, sizeof(envelope_from), "<%s>", cfg->smtp_from);
	snprintf(envelope_to, sizeof(envelope_to), "<%s>", to);
	h = curl_easy_init();
	rcpt = curl_slist_append(NULL, envelope_to);
	if (h == NULL || rcpt == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	body.p = msg;
	body.left = strlen(msg);
	curl_err[0] = '\0';
#define MAIL_SET(opt, val) \
	do { if (rc == CURLE_OK) rc = curl_easy_setopt(h, opt, val); } while (0)
	MAIL_SET(CURLOPT_URL, cfg->smtp_url);
	MAIL_SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	MAIL_SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	MAIL_SET(CURLOPT_SSL_VERIFYPEER, 1L);
	MAIL_SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg->smtp_ca != NULL)
		MAIL_SET(CURLOPT_CAINFO, cfg->smtp_ca);
	if (cfg->smtp_user != NULL) {
		MAIL_SET(CURLOPT_USERNAME, cfg->smtp_user);
		MAIL_SET(CURLOPT_PASSWORD, cfg->smtp_password);
	}
	MAIL_SET(CURLOPT_MAIL_FROM, envelope_from);
	MAIL_SET(CURLOPT_MAIL_RCPT, rcpt);
	MAIL_SET(CURLOPT_READFUNCTION, mail_read);
	MAIL_SET(CURLOPT_READDATA, &body);
	MAIL_SET(CURLOPT_UPLOAD, 1L);
	MAIL_SET(CURLOPT_NOSIGNAL, 1L);
	MAIL_SET(CURLOPT_CONNECTTIMEOUT, (long)(cfg->smtp_timeout < 10 ? cfg->smtp_timeout : 10));
	MAIL_SET(CURLOPT_TIMEOUT, (long)cfg->smtp_timeout);
	MAIL_SET(CURLOPT_ERRORBUFFER, curl_err);
#undef MAIL_SET
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "libcurl: %s", curl_easy_strerror(rc));
		goto out;
	}
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		(void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
		snprintf(err, errlen, "%s (SMTP %ld)",
			 curl_err[0] != '\0' ? curl_err : curl_easy_strerror(rc), smtp_code);
		goto out;
	}
	status = 0;
out:
	curl_slist_free_all(rcpt);
	if (h != NULL)
		curl_easy_cleanup(h);
	sodium_memzero(msg, sizeof(msg));
	return status;
}
