/*
 * A scrollable view of wrapped, coloured lines: the agreement text and
 * the status page. Lines may carry personal data, so clearing wipes them.
 */
#include <stdlib.h>
#include <string.h>

#include "ncre/text.h"
#include "widget.h"
#include "wrap.h"

void widget_text_clear(struct textview *tv)
{
	for (size_t i = 0; i < tv->n; i++)
		for (int s = 0; s < tv->lines[i].nseg; s++) {
			char *t = tv->lines[i].seg[s].text;

			if (t != NULL) {
				explicit_bzero(t, strlen(t));
				free(t);
			}
		}
	free(tv->lines);
	tv->lines = NULL;
	tv->n = tv->cap = 0;
}

static struct tv_line *new_line(struct textview *tv)
{
	if (tv->n == tv->cap) {
		size_t cap = tv->cap ? tv->cap * 2 : 32;
		struct tv_line *p = realloc(tv->lines, cap * sizeof(*p));

		if (p == NULL)
			return NULL;
		tv->lines = p;
		tv->cap = cap;
	}
	memset(&tv->lines[tv->n], 0, sizeof(tv->lines[0]));
	return &tv->lines[tv->n++];
}

static int add_seg(struct tv_line *l, enum ui_role role, const char *s, size_t n)
{
	char *t;

	if (l->nseg >= TV_SEGS)
		return -1;
	t = malloc(n + 1);
	if (t == NULL)
		return -1;
	memcpy(t, s, n);
	t[n] = '\0';
	l->seg[l->nseg].role = role;
	l->seg[l->nseg].text = t;
	l->nseg++;
	return 0;
}

int widget_text_blank(struct textview *tv)
{
	return new_line(tv) != NULL ? 0 : -1;
}

int widget_text_add(struct textview *tv, enum ui_role role, const char *text, int width,
		    int indent)
{
	size_t n = wrap_text(text, width - indent, NULL, 0);
	struct wrap_line *lines;
	int rc = 0;
	static const char spaces[] = "        ";

	if (indent > 8)
		indent = 8;
	lines = calloc(n ? n : 1, sizeof(*lines));
	if (lines == NULL)
		return -1;
	n = wrap_text(text, width - indent, lines, n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct tv_line *l = new_line(tv);

		if (l == NULL) {
			rc = -1;
			break;
		}
		if (indent > 0)
			rc = add_seg(l, ROLE_NORMAL, spaces, (size_t)indent);
		if (rc == 0)
			rc = add_seg(l, role, text + lines[i].off, lines[i].len);
	}
	free(lines);
	return rc;
}

int widget_text_add_pair(struct textview *tv, const char *label, enum ui_role vrole,
			 const char *value)
{
	struct tv_line *l = new_line(tv);

	if (l == NULL)
		return -1;
	if (add_seg(l, ROLE_LABEL, label, strlen(label)) != 0)
		return -1;
	return add_seg(l, vrole, value, strlen(value));
}

int widget_text_add_tokens(struct textview *tv, const char *const *texts,
			   const enum ui_role *roles, int n, const char *sep, int width)
{
	/* Each line holds few segments, so a line is built as pairs of
	 * (separator + token) merged into one segment per role run. To
	 * keep it simple every token becomes its own line segment group:
	 * lines are split whenever the segment budget or the width ends. */
	int sepw = ncre_utf8_width(sep), col = 0;
	struct tv_line *l = NULL;

	for (int i = 0; i < n; i++) {
		int tw = ncre_utf8_width(texts[i]);
		char buf[512];

		if (l != NULL && (col + sepw + tw > width || l->nseg + 1 > TV_SEGS)) {
			l = NULL;
		}
		if (l == NULL) {
			l = new_line(tv);
			if (l == NULL)
				return -1;
			col = 0;
			snprintf(buf, sizeof(buf), "%s", texts[i]);
		} else {
			snprintf(buf, sizeof(buf), "%s%s", sep, texts[i]);
			tw += sepw;
		}
		if (add_seg(l, roles[i], buf, strlen(buf)) != 0)
			return -1;
		col += tw;
	}
	return 0;
}

void widget_text_paint(struct textview *tv, struct ui *ui, WINDOW *w, const struct rect *r)
{
	if (tv->top > (int)tv->n - r->h)
		tv->top = (int)tv->n - r->h;
	if (tv->top < 0)
		tv->top = 0;
	for (int i = 0; i < r->h; i++) {
		size_t idx = (size_t)(tv->top + i);
		int x = 0;

		if (idx >= tv->n)
			break;
		for (int s = 0; s < tv->lines[idx].nseg; s++) {
			const struct tv_seg *sg = &tv->lines[idx].seg[s];

			x += ui_put(w, r->y + i, r->x + x, r->w - x, sg->text, ui_attr(ui, sg->role));
		}
	}
	if (tv->top > 0)
		ui_put(w, r->y, r->x + r->w - 1, 1, "^", ui_attr(ui, ROLE_STATUS));
	if (tv->top + r->h < (int)tv->n)
		ui_put(w, r->y + r->h - 1, r->x + r->w - 1, 1, "v", ui_attr(ui, ROLE_STATUS));
}

bool widget_text_scroll(struct textview *tv, int delta, int rows)
{
	int old = tv->top, max = (int)tv->n - rows;

	tv->top += delta;
	if (tv->top > max)
		tv->top = max;
	if (tv->top < 0)
		tv->top = 0;
	return tv->top != old;
}
