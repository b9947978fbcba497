/*
 * Word wrap by columns (see wrap.h).
 */
#include <string.h>
#include <wchar.h>

#include "ncre/text.h"
#include "wrap.h"

static int cp_width(unsigned int cp, size_t used)
{
	int w;

	if (cp == 0xFFFDu && used == 1)
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static int width_range(const char *text, size_t from, size_t to)
{
	int w = 0;

	while (from < to) {
		unsigned int cp;
		size_t used = ncre_utf8_next(text + from, to - from, &cp);

		if (used == 0)
			break;
		w += cp_width(cp, used);
		from += used;
	}
	return w;
}

/* Chinese punctuation that must not begin a line (a simple 禁则). */
static int no_line_start(unsigned int cp)
{
	static const unsigned int marks[] = {
		0x3001, 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0xFF09, 0x300D, 0x300F,
		0x201D, 0x2019, 0x3011, 0xFF0E, 0x300B,
	};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (marks[i] == cp)
			return 1;
	return 0;
}

static void emit(struct wrap_line *lines, size_t max, size_t *count,
		 const char *text, size_t from, size_t to)
{
	while (to > from && text[to - 1] == ' ')
		to--;
	if (*count < max) {
		lines[*count].off = from;
		lines[*count].len = to - from;
	}
	(*count)++;
}

size_t wrap_text(const char *text, int cols, struct wrap_line *lines, size_t max)
{
	size_t n, pos = 0, start = 0, brk = 0, count = 0, prev = 0;
	int width = 0, width_at_brk = 0;

	if (text == NULL)
		return 0;
	if (cols < 2)
		cols = 2;
	n = strlen(text);
	while (pos < n) {
		unsigned int cp;
		size_t used = ncre_utf8_next(text + pos, n - pos, &cp);
		int w;

		if (used == 0)
			break;
		if (cp == '\n') {
			emit(lines, max, &count, text, start, pos);
			pos += used;
			start = brk = prev = pos;
			width = width_at_brk = 0;
			continue;
		}
		if (cp == '\r') {
			pos += used;
			continue;
		}
		w = cp_width(cp, used);
		/* A wide character may start a new line by itself. */
		if (w >= 2 && pos > start) {
			brk = pos;
			width_at_brk = width;
		}
		if (width + w > cols && pos > start) {
			size_t cut = brk > start ? brk : pos;

			/* Take the character before along rather than start the
			 * next line with a comma or a full stop. */
			if (no_line_start(cp) && cut == pos && prev > start)
				cut = prev;

			emit(lines, max, &count, text, start, cut);
			start = cut;
			while (start < n && text[start] == ' ')
				start++;
			/* Recount the carried-over part (spaces skipped). */
			width = start < pos ? width_range(text, start, pos) : 0;
			brk = start;
			width_at_brk = 0;
			if (start > pos) {	/* the skipped spaces ran past pos */
				pos = start;
				width = 0;
				continue;
			}
		}
		width += w;
		prev = pos;
		pos += used;
		if (cp == ' ' || w >= 2) {
			brk = pos;
			width_at_brk = width;
		}
	}
	if (pos > start || count == 0)
		emit(lines, max, &count, text, start, pos);
	return count;
}
