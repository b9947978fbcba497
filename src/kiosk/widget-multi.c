/*
 * Several options ticked from a filtered list (the subjects of a site,
 * R-REG-07/R-REG-09): Space ticks or unticks the highlighted option,
 * Enter keeps the ticks (with none ticked, and none when the list opened,
 * it takes the highlighted option, as Enter does in every list), Esc
 * restores the ticks the list opened with.
 * Ticking beyond the limit (the site's 科目上限) or an option the caller
 * blocks (no places left) is refused on the spot with the reason.
 */
#include <string.h>

#include "widget.h"

void widget_multi_open(struct choice *c, const char *title, int n, const bool *ticked, int max,
		       choice_keys_fn keys, choice_label_fn label, choice_block_fn blocked,
		       void *ud)
{
	widget_choice_open(c, title, n, -1, keys, label, ud);
	c->multi = true;
	c->max = max;
	c->blocked = blocked;
	for (int i = 0; i < c->n; i++)
		c->ticked[i] = c->before[i] = ticked != NULL && ticked[i];
}

int widget_multi_count(const struct choice *c)
{
	int k = 0;

	for (int i = 0; i < c->n; i++)
		k += c->ticked[i];
	return k;
}

bool widget_multi_toggle(struct choice *c)
{
	int i = widget_choice_current(c);
	const char *why;

	c->refusal = NULL;
	c->refused_limit = false;
	if (i < 0)
		return false;
	if (c->ticked[i]) {
		c->ticked[i] = false;
		return true;
	}
	why = c->blocked != NULL ? c->blocked(i, c->ud) : NULL;
	if (why != NULL) {
		c->refusal = why;
		return false;
	}
	if (c->max > 0 && widget_multi_count(c) >= c->max) {
		c->refused_limit = true;
		return false;
	}
	c->ticked[i] = true;
	return true;
}

bool widget_multi_had_ticks(const struct choice *c)
{
	for (int i = 0; i < c->n; i++)
		if (c->before[i])
			return true;
	return false;
}
