/*
 * The client's real address behind a load balancer: the PROXY protocol
 * version 2 header (haproxy's doc/proxy-protocol.txt, section 2.2) that a
 * trusted proxy sends before anything else on a connection, and the list
 * of addresses (--trusted-proxies) whose header is believed. A connection
 * from any other address is its own client: it cannot name another.
 */
#ifndef SRV_PROXY_H
#define SRV_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* Fixed part of a v2 header: signature, version/command, family, length. */
#define PROXY_V2_FIXED 16
/* Longest header taken (addresses plus TLVs such as haproxy's unique id). */
#define PROXY_V2_MAX (PROXY_V2_FIXED + 1024)

enum proxy_rc {
	PROXY_NEED,	/* *need bytes in all are needed before the header can be read */
	PROXY_OK,	/* a header of *need bytes; *addr filled unless *local */
	PROXY_BAD	/* not a PROXY v2 header, or one we do not accept */
};

/*
 * Read a v2 header from the first len bytes of a connection. PROXY_OK with
 * *local true: a LOCAL command or an unspecified family (the proxy's own
 * health check), whose address is the peer's.
 */
enum proxy_rc proxy_parse(const unsigned char *buf, size_t len, size_t *need,
			  struct sockaddr_storage *addr, socklen_t *addrlen, bool *local);

struct proxy_net {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned prefix;	/* bits that must match */
};

struct proxy_list {
	struct proxy_net *nets;
	size_t n;
};

/*
 * Parse "10.0.0.5, 10.1.0.0/16, ::1" (numeric addresses, optional prefix
 * length; commas or spaces between). Returns 0, or -1 with err. An empty
 * or NULL text gives an empty list.
 */
int proxy_list_parse(const char *text, struct proxy_list *out, char *err, size_t errlen);
/* Is sa (IPv4, IPv6 or IPv4-mapped IPv6) in the list? */
bool proxy_list_has(const struct proxy_list *l, const struct sockaddr *sa);
void proxy_list_free(struct proxy_list *l);

#endif
