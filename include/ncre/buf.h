/*
 * A growing byte buffer for data that must not be left behind in freed
 * memory: replies, uploads, documents. Growing copies into a new block and
 * wipes the old one (never realloc, which may leave the old bytes in the
 * heap); ncre_buf_wipe wipes and frees. The data is always followed by a
 * '\0' (not counted in len), so text can be read in place.
 *
 *   struct ncre_buf b = NCRE_BUF_INIT(limit, 4096);
 *   if (ncre_buf_append(&b, p, n) != NCRE_BUF_OK) ...
 *   ...b.data, b.len...
 *   ncre_buf_wipe(&b);
 */
#ifndef NCRE_BUF_H
#define NCRE_BUF_H

#include <stddef.h>

struct ncre_buf {
	char *data;		/* NULL until the first byte; '\0' after len */
	size_t len;		/* bytes held */
	size_t cap;		/* bytes allocated (at least len + 1) */
	size_t max;		/* at most this many bytes may be held */
	size_t first;		/* the first block's size (grown by doubling) */
};

/* An empty buffer that holds at most max bytes, first allocating first. */
#define NCRE_BUF_INIT(max_, first_) \
	((struct ncre_buf){ .data = NULL, .len = 0, .cap = 0, .max = (max_), .first = (first_) })

enum ncre_buf_result {
	NCRE_BUF_OK = 0,
	NCRE_BUF_TOO_BIG,	/* over max: nothing was added */
	NCRE_BUF_NOMEM,		/* out of memory: nothing was added */
};

/* Room for n more bytes (and the '\0') without another allocation. */
enum ncre_buf_result ncre_buf_reserve(struct ncre_buf *b, size_t n);

/* Add n bytes of p (n may be 0: nothing happens). */
enum ncre_buf_result ncre_buf_append(struct ncre_buf *b, const void *p, size_t n);

/* Wipe every allocated byte, free the block, and leave b empty (max and
 * first stay). Safe on an empty buffer. */
void ncre_buf_wipe(struct ncre_buf *b);

/* Hand the block to the caller (who wipes and frees it) and leave b empty;
 * *len gets its length. NULL when b held nothing allocated. */
char *ncre_buf_take(struct ncre_buf *b, size_t *len);

#endif
