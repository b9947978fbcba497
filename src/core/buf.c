/*
 * The wiped growing buffer (include/ncre/buf.h). The block only grows by
 * copying: the old one is wiped before it is freed, so no stale copy of a
 * reply or upload stays in the heap.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ncre/buf.h"

enum ncre_buf_result ncre_buf_reserve(struct ncre_buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > b->max || b->len > b->max - n)
		return NCRE_BUF_TOO_BIG;
	need = b->len + n + 1;	/* len + n <= max; 0 only when max is SIZE_MAX */
	if (need == 0)
		return NCRE_BUF_TOO_BIG;
	if (need <= b->cap)
		return NCRE_BUF_OK;
	cap = b->cap != 0 ? b->cap : (b->first != 0 ? b->first : 64);
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	if (b->max < SIZE_MAX && cap > b->max + 1)
		cap = b->max + 1;
	p = malloc(cap);
	if (p == NULL)
		return NCRE_BUF_NOMEM;
	if (b->data != NULL) {
		memcpy(p, b->data, b->len);
		explicit_bzero(b->data, b->cap);
		free(b->data);
	}
	p[b->len] = '\0';
	b->data = p;
	b->cap = cap;
	return NCRE_BUF_OK;
}

enum ncre_buf_result ncre_buf_append(struct ncre_buf *b, const void *p, size_t n)
{
	enum ncre_buf_result r;

	if (n == 0)
		return NCRE_BUF_OK;
	r = ncre_buf_reserve(b, n);
	if (r != NCRE_BUF_OK)
		return r;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return NCRE_BUF_OK;
}

void ncre_buf_wipe(struct ncre_buf *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->cap);
		free(b->data);
	}
	b->data = NULL;
	b->len = b->cap = 0;
}

char *ncre_buf_take(struct ncre_buf *b, size_t *len)
{
	char *p = b->data;

	*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
