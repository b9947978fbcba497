/*
 * The pure line editor (see field.h). Fields are short (at most
 * FIELD_MAX_BYTES), so each call decodes the buffer afresh instead of
 * keeping index arrays in step with the text.
 */
#include <string.h>
#include <wchar.h>

#include "ncre/text.h"
#include "field.h"

#define REPLACEMENT 0xFFFDu

/* One decoded character of the buffer. */
struct ch {
	unsigned int cp;
	size_t used;                 /* bytes */
	int width;                   /* columns; broken bytes and controls: 1 */
	bool broken;
};

static bool decode(const struct field *f, size_t off, struct ch *c)
{
	c->used = ncre_utf8_next(f->buf + off, f->len - off, &c->cp);
	if (c->used == 0)
		return false;
	c->broken = c->cp == REPLACEMENT && c->used == 1;
	if (c->broken) {
		c->width = 1;
	} else {
		int w = wcwidth((wchar_t)c->cp);

		c->width = w < 0 ? 1 : w;
	}
	return true;
}

/* A zero-width character joins the cluster before it (combining marks). */
static bool joins(const struct ch *c)
{
	return !c->broken && c->width == 0;
}

/* End of the cluster that starts at off. */
static size_t cluster_end(const struct field *f, size_t off)
{
	struct ch c;

	if (!decode(f, off, &c))
		return off;
	off += c.used;
	while (decode(f, off, &c) && joins(&c))
		off += c.used;
	return off;
}

/* Start of the cluster that ends at (or contains) off. */
static size_t cluster_start_before(const struct field *f, size_t off)
{
	size_t pos = 0, prev = 0;

	while (pos < off && pos < f->len) {
		prev = pos;
		pos = cluster_end(f, pos);
	}
	return prev;
}

/* Columns a cluster takes on screen. */
static int cluster_width(const struct field *f, size_t start, size_t end)
{
	struct ch c;
	int w = 0;

	if (f->masked)
		return 1;
	while (start < end && decode(f, start, &c)) {
		w += c.width;
		start += c.used;
	}
	return w;
}

static int width_between(const struct field *f, size_t from, size_t to)
{
	int w = 0;

	while (from < to) {
		size_t e = cluster_end(f, from);

		if (e == from)
			break;
		w += cluster_width(f, from, e);
		from = e;
	}
	return w;
}

/* Keep the cursor on a cluster boundary after an edit changed clusters. */
static void snap_cursor(struct field *f)
{
	size_t pos = 0;

	while (pos < f->cursor && pos < f->len)
		pos = cluster_end(f, pos);
	f->cursor = pos > f->len ? f->len : pos;
}

static size_t encode(unsigned int cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Remove bytes [from, to) and wipe the freed tail (passwords live here). */
static void cut(struct field *f, size_t from, size_t to)
{
	size_t n = to - from;

	memmove(f->buf + from, f->buf + to, f->len - to);
	f->len -= n;
	explicit_bzero(f->buf + f->len, n);
	f->buf[f->len] = '\0';
}

void field_init(struct field *f, int max_chars, int max_cols, bool masked)
{
	explicit_bzero(f, sizeof(*f));
	f->max_chars = max_chars;
	f->max_cols = max_cols;
	f->masked = masked;
}

void field_clear(struct field *f)
{
	ime_wipe(&f->ime);
	explicit_bzero(f->buf, sizeof(f->buf));
	f->len = 0;
	f->cursor = 0;
	f->scroll = 0;
}

void field_set(struct field *f, const char *text)
{
	size_t n, off = 0, chars = 0;
	unsigned int cp;
	int cols = 0;

	field_clear(f);
	if (text == NULL)
		return;
	n = strlen(text);
	for (;;) {
		size_t used = ncre_utf8_next(text + off, n - off, &cp);
		int w;

		if (used == 0 || off + used >= sizeof(f->buf))
			break;
		if (f->max_chars > 0 && chars + 1 > (size_t)f->max_chars)
			break;
		w = (cp == REPLACEMENT && used == 1) ? 1 : wcwidth((wchar_t)cp);
		w = w < 0 ? 1 : w;
		if (f->masked && w == 0)
			w = 1;
		if (f->max_cols > 0 && cols + w > f->max_cols)
			break;
		cols += w;
		off += used;
		chars++;
	}
	memcpy(f->buf, text, off);
	f->buf[off] = '\0';
	f->len = off;
	f->cursor = off;
}

const char *field_text(const struct field *f)
{
	return f->buf;
}

bool field_empty(const struct field *f)
{
	return f->len == 0;
}

size_t field_chars(const struct field *f)
{
	return ncre_utf8_chars(f->buf);
}

size_t field_cursor_chars(const struct field *f)
{
	size_t off = 0, n = 0;
	struct ch c;

	while (off < f->cursor && decode(f, off, &c)) {
		off += c.used;
		n++;
	}
	return n;
}

int field_width(const struct field *f)
{
	return width_between(f, 0, f->len);
}

int field_cursor_col(const struct field *f)
{
	return width_between(f, 0, f->cursor);
}

enum field_rc field_insert(struct field *f, wchar_t wc)
{
	unsigned int cp = (unsigned int)wc;
	char bytes[4];
	size_t n;
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return FIELD_REFUSED;
	w = wcwidth(wc);
	if (w < 0)
		return FIELD_REFUSED;
	n = encode(cp, bytes);
	if (f->len + n >= sizeof(f->buf))
		return FIELD_REFUSED;
	if (f->max_chars > 0 && field_chars(f) + 1 > (size_t)f->max_chars)
		return FIELD_REFUSED;
	if (f->masked)
		w = w == 0 ? 0 : 1;
	/* The test that libformw lacks: a wide character with one column
	 * left is refused instead of overflowing the field. */
	if (f->max_cols > 0 && w > 0 && field_width(f) + w > f->max_cols)
		return FIELD_REFUSED;
	memmove(f->buf + f->cursor + n, f->buf + f->cursor, f->len - f->cursor);
	memcpy(f->buf + f->cursor, bytes, n);
	f->len += n;
	f->buf[f->len] = '\0';
	f->cursor += n;
	snap_cursor(f);
	return FIELD_EDITED;
}

enum field_rc field_backspace(struct field *f)
{
	size_t start;

	if (f->cursor == 0)
		return FIELD_UNCHANGED;
	start = cluster_start_before(f, f->cursor);
	cut(f, start, f->cursor);
	f->cursor = start;
	snap_cursor(f);
	return FIELD_EDITED;
}

enum field_rc field_delete(struct field *f)
{
	if (f->cursor >= f->len)
		return FIELD_UNCHANGED;
	cut(f, f->cursor, cluster_end(f, f->cursor));
	return FIELD_EDITED;
}

enum field_rc field_left(struct field *f)
{
	if (f->cursor == 0)
		return FIELD_UNCHANGED;
	f->cursor = cluster_start_before(f, f->cursor);
	return FIELD_MOVED;
}

enum field_rc field_right(struct field *f)
{
	if (f->cursor >= f->len)
		return FIELD_UNCHANGED;
	f->cursor = cluster_end(f, f->cursor);
	return FIELD_MOVED;
}

enum field_rc field_home(struct field *f)
{
	if (f->cursor == 0)
		return FIELD_UNCHANGED;
	f->cursor = 0;
	return FIELD_MOVED;
}

enum field_rc field_end(struct field *f)
{
	if (f->cursor == f->len)
		return FIELD_UNCHANGED;
	f->cursor = f->len;
	return FIELD_MOVED;
}

enum field_rc field_kill_before(struct field *f)
{
	if (f->cursor == 0)
		return FIELD_UNCHANGED;
	cut(f, 0, f->cursor);
	f->cursor = 0;
	snap_cursor(f);
	return FIELD_EDITED;
}

/* Append src (n bytes) to out if it fits; returns false when out is full. */
static bool put(char *out, size_t outsz, size_t *pos, const char *src, size_t n)
{
	if (*pos + n + 1 > outsz)
		return false;
	memcpy(out + *pos, src, n);
	*pos += n;
	out[*pos] = '\0';
	return true;
}

/* Copy one cluster for display: '*' when masked, U+FFFD for broken bytes,
 * '?' for characters the terminal cannot print. */
static bool put_cluster(const struct field *f, size_t start, size_t end,
			char *out, size_t outsz, size_t *pos)
{
	struct ch c;

	if (f->masked)
		return put(out, outsz, pos, "*", 1);
	while (start < end && decode(f, start, &c)) {
		bool ok;

		if (c.broken)
			ok = put(out, outsz, pos, "\xEF\xBF\xBD", 3);
		else if (c.cp < 0x20 || (c.cp >= 0x7F && c.cp < 0xA0) ||
			 wcwidth((wchar_t)c.cp) < 0)
			ok = put(out, outsz, pos, "?", 1);
		else
			ok = put(out, outsz, pos, f->buf + start, c.used);
		if (!ok)
			return false;
		start += c.used;
	}
	return true;
}

size_t field_view(struct field *f, int cols, char *out, size_t outsz, int *cursor_x)
{
	/* Cluster starts (bytes and columns); one extra slot for the end. */
	size_t starts[FIELD_MAX_BYTES + 1];
	int colpos[FIELD_MAX_BYTES + 1];
	size_t n = 0, k, pos = 0, off = 0;
	int cc, cw, s, content_end;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	*cursor_x = 0;
	if (cols <= 0)
		return 0;
	colpos[0] = 0;
	while (off < f->len && n < FIELD_MAX_BYTES) {
		size_t e = cluster_end(f, off);

		if (e == off)
			break;
		starts[n] = off;
		colpos[n + 1] = colpos[n] + cluster_width(f, off, e);
		n++;
		off = e;
	}
	starts[n] = f->len;
	for (k = 0; k < n && starts[k] < f->cursor; k++)
		;
	cc = colpos[k];
	cw = k < n ? colpos[k + 1] - colpos[k] : 1;
	if (cw < 1)
		cw = 1;
	content_end = colpos[n] > cc + cw ? colpos[n] : cc + cw;

	/* 1. Start from the old scroll, snapped to a cluster start <= cursor. */
	s = f->scroll < 0 ? 0 : f->scroll;
	if (s > cc)
		s = cc;
	{
		size_t i = 0;

		while (i + 1 <= k && colpos[i + 1] <= s)
			i++;
		s = colpos[i];
	}
	/* 2. Scroll right until the cursor's character fits. */
	if (cc + cw > s + cols) {
		size_t i = 0;

		while (i < k && colpos[i] < cc + cw - cols)
			i++;
		s = colpos[i];
	}
	/* 3. Scroll back left while everything still fits (text shrank). */
	for (size_t i = 0; i <= k; i++) {
		if (colpos[i] < s && content_end - colpos[i] <= cols) {
			s = colpos[i];
			break;
		}
	}
	f->scroll = s;
	*cursor_x = cc - s;

	{
		int x = 0;

		for (size_t i = 0; i < n; i++) {
			int at = colpos[i] - s, w = colpos[i + 1] - colpos[i];

			if (colpos[i] < s)
				continue;
			if (at + w > cols)
				break;	/* a wide character cut by the edge: leave it out */
			if (!put_cluster(f, starts[i], starts[i + 1], out, outsz, &pos))
				return pos;
			x = at + w;
		}
		for (; x < cols; x++)
			if (!put(out, outsz, &pos, " ", 1))
				break;
	}
	return pos;
}

/* ---- the input method ------------------------------------------------ */

void field_set_input(struct field *f, enum field_input input)
{
	f->input = f->masked ? FIELD_INPUT_NONE : input;
	field_reset_input(f);
}

void field_reset_input(struct field *f)
{
	ime_wipe(&f->ime);
	ime_init(&f->ime, f->input == FIELD_INPUT_ZH);
}

bool field_composing(const struct field *f)
{
	return f->input != FIELD_INPUT_NONE && ime_composing(&f->ime);
}

/* Insert the input method's commit, character by character; whatever
 * does not fit is refused as typing it would be. */
static enum field_rc insert_commit(struct field *f)
{
	const char *s = f->ime.commit;
	size_t n = strlen(s), off = 0;
	enum field_rc rc = FIELD_UNCHANGED;
	unsigned int cp;

	while (off < n) {
		size_t used = ncre_utf8_next(s + off, n - off, &cp);

		if (used == 0)
			break;
		if (field_insert(f, (wchar_t)cp) == FIELD_REFUSED) {
			rc = FIELD_REFUSED;
			break;
		}
		if (rc == FIELD_UNCHANGED)
			rc = FIELD_EDITED;
		off += used;
	}
	explicit_bzero(f->ime.commit, sizeof(f->ime.commit));
	return rc;
}

enum field_rc field_ime_key(struct field *f, enum ime_key key, wchar_t ch, bool *taken)
{
	enum ime_rc rc;
	enum field_rc ins;

	*taken = false;
	if (f->input == FIELD_INPUT_NONE || f->masked)
		return FIELD_UNCHANGED;
	rc = ime_key(&f->ime, key, ch);
	ins = f->ime.commit[0] != '\0' ? insert_commit(f) : FIELD_UNCHANGED;
	switch (rc) {
	case IME_PASS:
	case IME_UNAVAILABLE:
		/* The field takes the key itself (after any commit). */
		return ins;
	case IME_REFUSED:
		*taken = true;
		return ins != FIELD_UNCHANGED ? ins : FIELD_REFUSED;
	case IME_DONE:
		break;
	}
	*taken = true;
	return ins != FIELD_UNCHANGED ? ins : FIELD_COMPOSED;
}
