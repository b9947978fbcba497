/*
 * Reading and writing the frames of net-frame.h, whole, over a stream
 * socket (partial reads and writes and EINTR are the rule, not the
 * exception). Used by the kiosk (api.c) and by its helper (net-helper.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "net-frame.h"

int net_frame_write(int fd, uint32_t type, const int32_t num[NET_NUMS],
		    const char *const field[NET_FIELDS], const size_t len[NET_FIELDS])
{
	struct net_frame_head h = { .magic = NET_MAGIC, .type = type };
	struct iovec iov[1 + NET_FIELDS];
	int n = 0;
	size_t total = 0;

	for (int i = 0; i < NET_NUMS; i++)
		h.num[i] = num != NULL ? num[i] : 0;
	iov[n++] = (struct iovec){ .iov_base = &h, .iov_len = sizeof(h) };
	for (int i = 0; i < NET_FIELDS; i++) {
		size_t l = field != NULL && field[i] != NULL ? len[i] : 0;

		if (l > NET_FRAME_MAX - total) {
			errno = EMSGSIZE;
			return -1;
		}
		total += l;
		h.len[i] = (uint32_t)l;
		if (l > 0)
			iov[n++] = (struct iovec){ .iov_base = (void *)field[i], .iov_len = l };
	}
	for (struct iovec *v = iov; n > 0;) {
		ssize_t w = writev(fd, v, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (n > 0 && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			n--;
		}
		if (n > 0) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* len bytes into p: 0, 1 at the end before any byte, -1 otherwise. */
static int read_full(int fd, void *p, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = read(fd, (char *)p + got, len - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && got == 0)
			return 1;
		if (r <= 0) {
			if (r == 0)
				errno = EPIPE;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

int net_frame_read(int fd, struct net_frame *f)
{
	struct net_frame_head h;
	size_t total = 0, at = 0;
	int rc;

	net_frame_wipe(f);
	rc = read_full(fd, &h, sizeof(h));
	if (rc != 0)
		return rc;
	if (h.magic != NET_MAGIC)
		goto bad;
	for (int i = 0; i < NET_FIELDS; i++) {
		if (h.len[i] > NET_FRAME_MAX - total)
			goto bad;
		total += h.len[i];
	}
	f->cap = total + NET_FIELDS;		/* a NUL after each field */
	f->buf = malloc(f->cap);
	if (f->buf == NULL)
		goto bad;
	f->type = h.type;
	memcpy(f->num, h.num, sizeof(f->num));
	for (int i = 0; i < NET_FIELDS; i++) {
		f->field[i] = f->buf + at;
		f->len[i] = h.len[i];
		if (h.len[i] > 0 && read_full(fd, f->field[i], h.len[i]) != 0)
			goto bad;
		f->field[i][h.len[i]] = '\0';
		at += h.len[i] + 1;
	}
	explicit_bzero(&h, sizeof(h));
	return 0;
bad:
	explicit_bzero(&h, sizeof(h));
	net_frame_wipe(f);
	if (errno == 0)
		errno = EPROTO;
	return -1;
}

void net_frame_wipe(struct net_frame *f)
{
	if (f->buf != NULL) {
		explicit_bzero(f->buf, f->cap);
		free(f->buf);
	}
	memset(f, 0, sizeof(*f));
}
