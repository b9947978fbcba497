/*
 * The frames the kiosk and its network helper (ncre-kiosk-net) exchange
 * over a socketpair: nothing touches the disk. One request at a time.
 *
 *   kiosk -> helper  NET_REQUEST  num: id, timeout ms
 *                                 fields: method, URL, header lines ("\n"), body
 *   helper -> kiosk  NET_SENT     num: id: the request has gone out
 *                                 (connected, TLS done), sent at most once
 *                    NET_REPLY    num: id, enum net_status, HTTP status,
 *                                 Retry-After (-1 when none)
 *                                 fields: Content-Type, libcurl's words, body
 *
 * A frame is a struct net_frame_head (host byte order: both ends are on
 * one machine) and its fields one after the other. Both ends wipe every
 * frame they have read or written once done with it.
 */
#ifndef KIOSK_NET_FRAME_H
#define KIOSK_NET_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define NET_MAGIC 0x4e43524bu		/* "NCRK" */
#define NET_NUMS 4
#define NET_FIELDS 4
/* A reply is at most 1 MiB (the kiosk's limit), a request the photo and a little. */
#define NET_REPLY_MAX (1024u * 1024u)
#define NET_FRAME_MAX (16u * 1024u * 1024u)

enum net_type { NET_REQUEST = 1, NET_SENT, NET_REPLY };

/* What became of a request, as the helper saw it. */
enum net_status {
	NET_DONE = 0,		/* an HTTP reply arrived (any status) */
	NET_UNREACHABLE,	/* refused, no route, name not found */
	NET_NETWORK,		/* connection lost or another transfer error */
	NET_TIMEOUT,
	NET_TLS,		/* certificate, pin or handshake */
	NET_TOO_BIG,		/* the reply was over NET_REPLY_MAX */
	NET_LOCAL		/* the helper could not make the request */
};

struct net_frame_head {
	uint32_t magic;
	uint32_t type;
	int32_t num[NET_NUMS];
	uint32_t len[NET_FIELDS];
};

struct net_frame {
	uint32_t type;
	int32_t num[NET_NUMS];
	char *field[NET_FIELDS];	/* each NUL-terminated, inside buf */
	size_t len[NET_FIELDS];
	char *buf;
	size_t cap;
};

/* Write one frame (fields may be NULL with length 0): 0, or -1 with errno. */
int net_frame_write(int fd, uint32_t type, const int32_t num[NET_NUMS],
		    const char *const field[NET_FIELDS], const size_t len[NET_FIELDS]);

/* Read one whole frame into f (f's old contents wiped first): 0, 1 at the
 * end of the stream before a frame began, or -1 (broken or too big). */
int net_frame_read(int fd, struct net_frame *f);

/* Wipe and free what f holds. */
void net_frame_wipe(struct net_frame *f);

#endif
