/*
 * Draw a struct preview (preview.c) with curses: every distinct pair of
 * colours gets a colour pair of its own from a range kept apart from the
 * role pairs of ui.c, so the screen's colours are never redefined.
 */
#include <stdlib.h>
#include <string.h>

#include "ncre/json.h"
#include "ncre/photo.h"
#include "widget-preview.h"

/* ui.c uses the pairs below 64; each preview takes its own range from pp->base. */
#define PREVIEW_PAIR_BASE (pp->base)

static int widget_preview_pair(struct widget_preview_pairs *pp, unsigned fg, unsigned bg)
{
	for (int i = 0; i < pp->n; i++)
		if (pp->fg[i] == fg && pp->bg[i] == bg)
			return PREVIEW_PAIR_BASE + i;
	if (pp->n >= WIDGET_PREVIEW_PAIRS_MAX || PREVIEW_PAIR_BASE + pp->n >= COLOR_PAIRS)
		return pp->n > 0 ? PREVIEW_PAIR_BASE + pp->n - 1 : 0;	/* out of pairs: reuse */
	if (init_extended_pair(PREVIEW_PAIR_BASE + pp->n, (int)fg, (int)bg) != OK)
		return 0;
	pp->fg[pp->n] = fg;
	pp->bg[pp->n] = bg;
	return PREVIEW_PAIR_BASE + pp->n++;
}

void widget_preview_paint(WINDOW *w, int y, int x, const struct preview *p,
			  struct widget_preview_pairs *pp)
{
	pp->n = 0;
	for (int row = 0; row < p->rows; row++) {
		for (int col = 0; col < p->cols; col++) {
			const struct preview_cell *c = &p->cells[(size_t)row * (size_t)p->cols +
								 (size_t)col];
			wchar_t wc[2] = { c->glyph, L'\0' };
			cchar_t cc;
			int pair = 0;

			if (p->depth != PREVIEW_MONO)
				pair = widget_preview_pair(pp, c->fg, c->bg);
			if (setcchar(&cc, wc, A_NORMAL, 0, &pair) == OK)
				(void)mvwadd_wch(w, y + row, x + col, &cc);
		}
	}
}

void photo_panel_init(struct photo_panel *pp)
{
	pp->depth = preview_depth_for(getenv("COLORTERM"), has_colors(), COLORS);
	pp->pairs.base = 64;
}

static void photo_panel_build(struct photo_panel *pp)
{
	struct ncre_photo_image img = { 0, 0, NULL };
	int w, h;

	preview_free(&pp->pv);
	preview_box(pp->cols, pp->rows, &w, &h);
	if (pp->jpeg == NULL || w <= 0 || h <= 0)
		return;
	if (ncre_photo_decode_box(pp->jpeg, pp->jpeg_len, w, h, &img) == NCRE_OK)
		(void)preview_build(&img, pp->depth, &pp->pv);
	if (img.rgb != NULL)
		explicit_bzero(img.rgb, (size_t)img.w * (size_t)img.h * 3);
	ncre_photo_image_free(&img);
}

void photo_panel_layout(struct photo_panel *pp, const struct rect *body, int form_h,
			struct rect *text_r, struct rect *form_r)
{
	/* The photo at the right, 3:4 like the photo itself (2 pixels a row). */
	pp->cols = body->w / 4 > 24 ? 24 : body->w / 4;
	pp->rows = (body->h - form_h - 1) < pp->cols * 2 / 3 ? body->h - form_h - 1 :
		   pp->cols * 2 / 3;
	if (pp->rows < 0)
		pp->rows = 0;
	*text_r = (struct rect){ body->y, body->x, body->h - form_h, body->w - pp->cols - 2 };
	*form_r = (struct rect){ body->y + body->h - form_h, body->x, form_h, body->w };
	photo_panel_build(pp);
}

void photo_panel_take_jpeg(struct photo_panel *pp, unsigned char **jpeg, size_t *len)
{
	photo_panel_wipe(pp);
	pp->jpeg = *jpeg;
	pp->jpeg_len = *len;
	*jpeg = NULL;
	*len = 0;
	photo_panel_build(pp);
}

void photo_panel_paint(struct photo_panel *pp, const struct ui *ui, WINDOW *w,
		       const struct rect *body, const struct cJSON *subject)
{
	int px = body->x + body->w - pp->cols;

	if (pp->pv.cells != NULL)
		widget_preview_paint(w, body->y + 1, px, &pp->pv, &pp->pairs);
	else if (subject != NULL)
		ui_put(w, body->y + 1, px, pp->cols,
		       ncre_json_bool(subject, "photo", false) ? _("(loading photo)") : _("(no photo)"),
		       ui_attr(ui, ROLE_STEP_OTHER));
}

void photo_panel_wipe(struct photo_panel *pp)
{
	if (pp->jpeg != NULL) {
		explicit_bzero(pp->jpeg, pp->jpeg_len);
		free(pp->jpeg);
	}
	pp->jpeg = NULL;
	pp->jpeg_len = 0;
	preview_free(&pp->pv);
	explicit_bzero(pp->pairs.fg, sizeof(pp->pairs.fg));
	explicit_bzero(pp->pairs.bg, sizeof(pp->pairs.bg));
	pp->pairs.n = 0;
}
