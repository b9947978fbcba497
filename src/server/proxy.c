/*
 * PROXY protocol v2 headers and the trusted-proxy list (proxy.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"

static const unsigned char proxy_sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

#define PROXY_CMD_LOCAL 0x20
#define PROXY_CMD_PROXY 0x21
#define PROXY_FAM_UNSPEC 0x00
#define PROXY_FAM_TCP4 0x11
#define PROXY_FAM_TCP6 0x21

enum proxy_rc proxy_parse(const unsigned char *buf, size_t len, size_t *need,
			  struct sockaddr_storage *addr, socklen_t *addrlen, bool *local)
{
	size_t body, cmp = len < sizeof(proxy_sig) ? len : sizeof(proxy_sig);

	*local = false;
	/* Refuse a stranger's bytes (a TLS ClientHello) as soon as they differ. */
	if (memcmp(buf, proxy_sig, cmp) != 0)
		return PROXY_BAD;
	if (len >= 13 && buf[12] != PROXY_CMD_LOCAL && buf[12] != PROXY_CMD_PROXY)
		return PROXY_BAD;
	if (len < PROXY_V2_FIXED) {
		*need = PROXY_V2_FIXED;
		return PROXY_NEED;
	}
	body = ((size_t)buf[14] << 8) | buf[15];
	if (PROXY_V2_FIXED + body > PROXY_V2_MAX)
		return PROXY_BAD;
	*need = PROXY_V2_FIXED + body;
	if (len < *need)
		return PROXY_NEED;
	memset(addr, 0, sizeof(*addr));
	*addrlen = 0;
	if (buf[12] == PROXY_CMD_LOCAL || buf[13] == PROXY_FAM_UNSPEC) {
		*local = true;
		return PROXY_OK;
	}
	if (buf[13] == PROXY_FAM_TCP4 && body >= 12) {
		struct sockaddr_in *in = (struct sockaddr_in *)(void *)addr;

		in->sin_family = AF_INET;
		memcpy(&in->sin_addr, buf + 16, 4);
		memcpy(&in->sin_port, buf + 24, 2);
		*addrlen = sizeof(*in);
		return PROXY_OK;
	}
	if (buf[13] == PROXY_FAM_TCP6 && body >= 36) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)addr;

		in6->sin6_family = AF_INET6;
		memcpy(&in6->sin6_addr, buf + 16, 16);
		memcpy(&in6->sin6_port, buf + 48, 2);
		*addrlen = sizeof(*in6);
		return PROXY_OK;
	}
	/* UDP, Unix sockets, or addresses cut short. */
	return PROXY_BAD;
}

static int proxy_net_parse(const char *word, struct proxy_net *net, char *err, size_t errlen)
{
	char host[64];
	const char *slash = strchr(word, '/');
	size_t hlen = slash != NULL ? (size_t)(slash - word) : strlen(word);
	unsigned max;

	if (hlen == 0 || hlen >= sizeof(host))
		goto bad;
	memcpy(host, word, hlen);
	host[hlen] = '\0';
	memset(net, 0, sizeof(*net));
	if (inet_pton(AF_INET, host, net->addr) == 1) {
		net->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, host, net->addr) == 1) {
		net->family = AF_INET6;
		max = 128;
	} else {
		goto bad;
	}
	net->prefix = max;
	if (slash != NULL) {
		char *end = NULL;
		unsigned long p;

		if (slash[1] < '0' || slash[1] > '9')
			goto bad;
		p = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || p > max)
			goto bad;
		net->prefix = (unsigned)p;
	}
	return 0;
bad:
	snprintf(err, errlen, "--trusted-proxies: '%s' is not a numeric address or ADDRESS/BITS",
		 word);
	return -1;
}

int proxy_list_parse(const char *text, struct proxy_list *out, char *err, size_t errlen)
{
	const char *p = text != NULL ? text : "";

	out->nets = NULL;
	out->n = 0;
	while (*p != '\0') {
		char word[128];
		size_t n;
		struct proxy_net *grown;

		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n == 0)
			break;
		if (n >= sizeof(word)) {
			snprintf(err, errlen, "--trusted-proxies: an entry is too long");
			goto fail;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		p += n;
		grown = realloc(out->nets, (out->n + 1) * sizeof(*grown));
		if (grown == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		out->nets = grown;
		if (proxy_net_parse(word, &out->nets[out->n], err, errlen) != 0)
			goto fail;
		out->n++;
	}
	return 0;
fail:
	proxy_list_free(out);
	return -1;
}

static bool proxy_net_match(const struct proxy_net *net, int family, const unsigned char *a)
{
	unsigned full = net->prefix / 8, rest = net->prefix % 8;

	if (net->family != family)
		return false;
	if (memcmp(net->addr, a, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((net->addr[full] ^ a[full]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

bool proxy_list_has(const struct proxy_list *l, const struct sockaddr *sa)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const unsigned char *a;
	int family;

	if (sa == NULL || l == NULL)
		return false;
	if (sa->sa_family == AF_INET) {
		family = AF_INET;
		a = (const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	} else if (sa->sa_family == AF_INET6) {
		a = (const unsigned char *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		family = AF_INET6;
		if (memcmp(a, mapped, sizeof(mapped)) == 0) {
			family = AF_INET;
			a += sizeof(mapped);
		}
	} else {
		return false;
	}
	for (size_t i = 0; i < l->n; i++)
		if (proxy_net_match(&l->nets[i], family, a))
			return true;
	return false;
}

void proxy_list_free(struct proxy_list *l)
{
	free(l->nets);
	l->nets = NULL;
	l->n = 0;
}
