/*
 * 照片信息采集: choose the photo file (widget-filepicker.c), see every
 * R-PHO-01 check with its measured value and a half-block preview, take a
 * fitted copy when the photo is too large, confirm and upload it. The file
 * is read into memory and never written anywhere; its bytes are wiped when
 * the screen ends. R-PHO-02: leaving without uploading warns first.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ncre/photo.h"
#include "ncre/text.h"

#include "app.h"
#include "wrap.h"
#include "preview.h"
#include "widget-filepicker.h"
#include "widget-preview.h"

/* Files above this are not even read: the size line says why. */
#define PHOTO_READ_MAX (64L * 1024 * 1024)

enum photo_mode { MODE_PICK = 0, MODE_CHECK };
enum { BTN_UPLOAD = 0, BTN_FIT, BTN_OTHER, BTN_BACK, BTN_COUNT };
enum { REQ_UPLOAD = 1 };
enum { DLG_LEAVE = 1, DLG_UPLOAD, DLG_DONE };

struct photo_version {
	unsigned char *buf;		/* the file's bytes or the fitted copy */
	size_t len;
	bool tj_owned;			/* from ncre_photo_fit: tjFree */
	struct ncre_photo_check chk;
	struct preview pv;
	struct widget_preview_pairs pairs;
};

struct photo {
	enum photo_mode mode;
	struct filepicker fp;
	char name[256];			/* base name of the chosen file */
	struct photo_version orig, fit;
	bool have_fit, use_fit, uploaded;
	bool button_ok[BTN_COUNT];
	int button;
	struct ui_msg msg;
	enum preview_depth depth;
	struct rect r;
	int pv_cols, pv_rows;		/* the preview box in cells */
};

static void photo_version_clear(struct photo_version *v)
{
	if (v->buf != NULL) {
		explicit_bzero(v->buf, v->len);		/* a face is personal data */
		if (v->tj_owned)
			ncre_photo_buf_free(&v->buf);
		else
			free(v->buf);
	}
	v->buf = NULL;
	v->len = 0;
	v->tj_owned = false;
	preview_free(&v->pv);
	memset(&v->chk, 0, sizeof(v->chk));
	/* The preview's colours too; the pair range stays. */
	explicit_bzero(v->pairs.fg, sizeof(v->pairs.fg));
	explicit_bzero(v->pairs.bg, sizeof(v->pairs.bg));
	v->pairs.n = 0;
}

static void photo_image_wipe(struct ncre_photo_image *img)
{
	if (img->rgb != NULL)
		explicit_bzero(img->rgb, (size_t)img->w * (size_t)img->h * 3);
	ncre_photo_image_free(img);
}

/*
 * The preview of v: from the picture the check decoded (seen, when given:
 * one decode serves both), else decoded again (a new layout).
 */
static void photo_preview(struct photo *s, struct photo_version *v,
			  const struct ncre_photo_image *seen)
{
	struct ncre_photo_image img = { 0, 0, NULL };
	int w, h;

	preview_free(&v->pv);
	preview_box(s->pv_cols, s->pv_rows, &w, &h);
	if (v->buf == NULL || w <= 0 || h <= 0 ||
	    v->chk.line[NCRE_PHOTO_JPEG].verdict != NCRE_PHOTO_PASS)
		return;
	if ((seen != NULL && seen->rgb != NULL ? ncre_photo_image_box(seen, w, h, &img)
					       : ncre_photo_decode_box(v->buf, v->len, w, h,
								       &img)) == NCRE_OK)
		(void)preview_build(&img, s->depth, &v->pv);
	photo_image_wipe(&img);
}

/* Check v's bytes (named name) and draw its preview from the same decode: 0, or -1. */
static int photo_check_preview(struct photo *s, struct photo_version *v, const char *name)
{
	struct ncre_photo_image seen = { 0, 0, NULL };

	if (ncre_photo_check_image(name, v->buf, v->len, &v->chk, &seen) != 0)
		return -1;
	photo_preview(s, v, &seen);
	photo_image_wipe(&seen);
	return 0;
}

static void photo_buttons(struct photo *s)
{
	const struct photo_version *v = s->use_fit ? &s->fit : &s->orig;

	s->button_ok[BTN_UPLOAD] = v->chk.ok;
	s->button_ok[BTN_FIT] = !s->use_fit && s->orig.chk.fit_possible;
	s->button_ok[BTN_OTHER] = true;
	s->button_ok[BTN_BACK] = true;
	if (!s->button_ok[s->button])
		s->button = s->button_ok[BTN_UPLOAD] ? BTN_UPLOAD
			    : s->button_ok[BTN_FIT] ? BTN_FIT : BTN_OTHER;
}

/* Read the chosen file into memory and check it. */
static void photo_load(struct app *app, struct photo *s, const char *path)
{
	struct stat st;
	const char *base = strrchr(path, '/');
	ssize_t got;
	size_t off = 0;
	int fd;

	(void)app;
	photo_version_clear(&s->orig);
	photo_version_clear(&s->fit);
	s->have_fit = s->use_fit = false;
	ui_msg_clear(&s->msg);
	if ((size_t)snprintf(s->name, sizeof(s->name), "%s", base != NULL ? base + 1 : path) >=
	    sizeof(s->name))
		s->name[sizeof(s->name) - 1] = '\0';	/* shown cut; the check uses the end */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		ui_msg_text(&s->fp.msg, N_("This file cannot be read."));
		snprintf(s->fp.msg.detail, sizeof(s->fp.msg.detail), "%s", strerror(errno));
		goto out;
	}
	if (st.st_size > PHOTO_READ_MAX) {
		/* Not read at all: the size alone refuses it. */
		(void)ncre_photo_check(path, NULL, 0, &s->orig.chk);
		s->orig.chk.bytes = (size_t)st.st_size;
		snprintf(s->orig.chk.line[NCRE_PHOTO_SIZE].measured,
			 sizeof(s->orig.chk.line[NCRE_PHOTO_SIZE].measured), "%lld bytes",
			 (long long)st.st_size);
		s->orig.chk.line[NCRE_PHOTO_JPEG].verdict = NCRE_PHOTO_SKIPPED;
		s->mode = MODE_CHECK;
		goto out;
	}
	s->orig.len = (size_t)st.st_size;
	s->orig.buf = malloc(s->orig.len > 0 ? s->orig.len : 1);
	if (s->orig.buf == NULL)
		goto out;
	while (off < s->orig.len) {
		got = read(fd, s->orig.buf + off, s->orig.len - off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		off += (size_t)got;
	}
	if (off != s->orig.len) {
		ui_msg_text(&s->fp.msg, N_("This file cannot be read."));
		photo_version_clear(&s->orig);
		goto out;
	}
	if (photo_check_preview(s, &s->orig, path) != 0) {
		photo_version_clear(&s->orig);
		goto out;
	}
	s->mode = MODE_CHECK;
	s->button = 0;
	photo_buttons(s);
out:
	if (fd >= 0)
		(void)close(fd);
}

static void photo_make_fit(struct photo *s)
{
	struct ncre_photo_fit_info info;
	enum ncre_err e;

	photo_version_clear(&s->fit);
	e = ncre_photo_fit(s->orig.buf, s->orig.len, &ncre_photo_fit_kiosk, &s->fit.buf,
			   &s->fit.len, &info);
	if (e != NCRE_OK) {
		ui_msg_err(&s->msg, e);
		return;
	}
	s->fit.tj_owned = true;
	if (photo_check_preview(s, &s->fit, "photo.jpg") != 0) {
		photo_version_clear(&s->fit);
		return;
	}
	s->have_fit = s->use_fit = true;
	s->button = BTN_UPLOAD;
	photo_buttons(s);
}

static int photo_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct photo *s = st;
	/* A folder given by the caller, else --photo-dir / photo_dir, else home. */
	const char *dir = arg != NULL && arg->text[0] != '\0' ? arg->text
			  : app->cfg.photo_dir[0] != '\0' ? app->cfg.photo_dir : NULL;

	s->depth = preview_depth_for(getenv("COLORTERM"), has_colors(), COLORS);
	s->orig.pairs.base = 64;
	s->fit.pairs.base = 64 + WIDGET_PREVIEW_PAIRS_MAX;
	return widget_filepicker_init(&s->fp, dir);
}

static void photo_fini(struct app *app, void *st)
{
	struct photo *s = st;

	(void)app;
	photo_version_clear(&s->orig);
	photo_version_clear(&s->fit);
	widget_filepicker_fini(&s->fp);
}

static void photo_layout(struct app *app, void *st, const struct rect *body)
{
	struct photo *s = st;

	(void)app;
	s->r = *body;
	/* The preview takes the right part: about a third of the width. */
	s->pv_cols = body->w / 3 > 40 ? 40 : body->w / 3;
	s->pv_rows = body->h - 4 > 0 ? body->h - 4 : 0;
	if (s->mode == MODE_CHECK) {
		photo_preview(s, &s->orig, NULL);
		if (s->have_fit)
			photo_preview(s, &s->fit, NULL);
	}
}

static const char *photo_item_label(int i)
{
	static const char *const labels[NCRE_PHOTO_NITEMS] = {
		[NCRE_PHOTO_EXTENSION] = N_("File name ends in .jpg"),
		[NCRE_PHOTO_SIZE] = N_("File size 20 KB to 200 KB"),
		[NCRE_PHOTO_JPEG] = N_("A complete JPEG image"),
		[NCRE_PHOTO_DIMENSIONS] = N_("At least 192 px high and 144 px wide"),
		[NCRE_PHOTO_BACKGROUND] = N_("Light background (advice)"),
		[NCRE_PHOTO_PROPORTION] = N_("Portrait, about 48 x 33 mm (advice)"),
	};

	return _(labels[i]);
}

/* The measured value in words of the current language. */
static void photo_measured(const struct ncre_photo_check *c, int i, char *buf, size_t len)
{
	char size[32];

	switch (i) {
	case NCRE_PHOTO_SIZE:
		widget_filepicker_size((off_t)c->bytes, size, sizeof(size));
		snprintf(buf, len, _("%s (%zu bytes)"), size, c->bytes);
		break;
	case NCRE_PHOTO_DIMENSIONS:
		if (c->header_ok)
			snprintf(buf, len, _("%d px high x %d px wide"), c->upright_h, c->upright_w);
		else
			snprintf(buf, len, "-");
		break;
	case NCRE_PHOTO_BACKGROUND:
		if (c->border_luma >= 0)
			snprintf(buf, len, _("border brightness %d of 255"), c->border_luma);
		else
			snprintf(buf, len, "-");
		break;
	case NCRE_PHOTO_PROPORTION:
		if (c->aspect > 0)
			snprintf(buf, len, _("height/width %.2f (48/33 = 1.45)"), c->aspect);
		else
			snprintf(buf, len, "-");
		break;
	default:
		snprintf(buf, len, "%s", c->line[i].measured[0] ? c->line[i].measured : "-");
		break;
	}
}

/* The seed's imaging area, 48 mm high by 33 mm wide, and how near a
 * photo's height/width must come to it to be ticked. */
#define PHOTO_IDEAL_ASPECT (48.0 / 33.0)
#define PHOTO_ASPECT_NEAR 0.05

static int photo_paint_checks(struct app *app, const struct photo_version *v, WINDOW *w, int y,
			      int x, int width)
{
	char measured[128], line[512];

	for (int i = 0; i < NCRE_PHOTO_NITEMS; i++) {
		const struct ncre_photo_line *l = &v->chk.line[i];
		enum ncre_photo_verdict vd = l->verdict;
		const char *mark;
		enum ui_role role;
		attr_t a;

		/* Advice met only roughly (a height/width of 1.33 where 48/33 is
		 * 1.45) is not ticked beside numbers that disagree: it gets the
		 * advice's own mark. */
		if (i == NCRE_PHOTO_PROPORTION && vd == NCRE_PHOTO_PASS &&
		    fabs(v->chk.aspect - PHOTO_IDEAL_ASPECT) > PHOTO_ASPECT_NEAR)
			vd = NCRE_PHOTO_WARN;
		mark = vd == NCRE_PHOTO_PASS ? "\u2713" : vd == NCRE_PHOTO_FAIL ? "\u2717"
		       : vd == NCRE_PHOTO_WARN ? "!" : "-";
		role = vd == NCRE_PHOTO_PASS ? ROLE_OK : vd == NCRE_PHOTO_SKIPPED ? ROLE_STEP_OTHER
		       : vd == NCRE_PHOTO_WARN ? ROLE_NOTICE : ROLE_ERROR;
		a = ui_attr(&app->ui, role);

		if (i == NCRE_PHOTO_EXTENSION && l->verdict == NCRE_PHOTO_SKIPPED)
			continue;
		photo_measured(&v->chk, i, measured, sizeof(measured));
		snprintf(line, sizeof(line), "%s %s: %s", mark, photo_item_label(i), measured);
		if (ncre_utf8_width(line) <= width) {
			ui_put(w, y++, x, width, line, a);
		} else {
			/* Too wide beside the preview: the measured value goes under. */
			snprintf(line, sizeof(line), "%s %s:", mark, photo_item_label(i));
			ui_put(w, y++, x, width, line, a);
			ui_put(w, y++, x + 4, width - 4, measured, a);
		}
		if (l->verdict == NCRE_PHOTO_FAIL && l->err != NCRE_OK)
			ui_put(w, y++, x + 4, width - 4,
			       i18n_err(app->ui.lang, l->err),
			       ui_attr(&app->ui, ROLE_ERROR));
	}
	return y;
}

static void photo_paint(struct app *app, void *st, WINDOW *w, const struct rect *body)
{
	static const char *const buttons[BTN_COUNT] = {
		[BTN_UPLOAD] = N_("Upload"), [BTN_FIT] = N_("Make a fitted copy"),
		[BTN_OTHER] = N_("Choose another file"), [BTN_BACK] = N_("Back"),
	};
	struct photo *s = st;
	struct photo_version *v = s->use_fit ? &s->fit : &s->orig;
	int left = body->w - s->pv_cols - 2, y = body->y, x = body->x;
	char buf[512];

	if (s->mode == MODE_PICK) {
		/* The seed's 上传的照片要求, in full, above the picker. */
		const char *req = _("Photo requirements: the photo is used for the certificate: a "
				    "recent, front-facing, bareheaded, head-and-shoulders ID photo of "
				    "the candidate; no snapshots, no beautified photos. 20-200 KB, "
				    "JPEG with the suffix \".jpg\", at least 192x144 pixels (height x "
				    "width). Imaging area at least 48 mm x 33 mm: 1/10 above the head, "
				    "the head 7/10, the shoulders 1/5, 1/10 free left and right. White "
				    "or light background, black-and-white or colour; where the province "
				    "or site asks for a background colour, its notice applies.");
		struct wrap_line lines[12];
		size_t n = wrap_text(req, body->w, lines, 12);
		struct rect r;

		ui_put(w, y, x, body->w, _("Choose your photo (.jpg, 20-200 KB, at least 192x144)"),
		       ui_attr(&app->ui, ROLE_HEADING));
		if (n > 8)
			n = 8;
		for (size_t i = 0; i < n; i++) {
			snprintf(buf, sizeof(buf), "%.*s", (int)lines[i].len, req + lines[i].off);
			ui_put(w, y + 1 + (int)i, x, body->w, buf, ui_attr(&app->ui, ROLE_NORMAL));
		}
		r = (struct rect){ body->y + 2 + (int)n, body->x, body->h - 2 - (int)n, body->w };
		widget_filepicker_paint(&s->fp, &app->ui, w, &r);
		return;
	}
	snprintf(buf, sizeof(buf), s->use_fit ? _("Fitted copy of %s") : _("Checks of %s"), s->name);
	ui_put(w, y, x, left, buf, ui_attr(&app->ui, ROLE_HEADING));
	y = photo_paint_checks(app, v, w, y + 2, x, left) + 1;
	if (s->use_fit)
		ui_put(w, y++, x, left, _("The original file is not changed; only this copy is uploaded."),
		       ui_attr(&app->ui, ROLE_NOTICE));
	else if (s->orig.chk.fit_possible)
		ui_put(w, y++, x, left, _("The kiosk can make a copy that meets the rules."),
		       ui_attr(&app->ui, ROLE_NOTICE));
	if (!ui_msg_empty(&s->msg))
		ui_put(w, y++, x, left, ui_msg_render(&s->msg, app->ui.lang, buf, sizeof(buf)),
		       ui_attr(&app->ui, ROLE_ERROR));
	y++;
	for (int b = 0, bx = x; b < BTN_COUNT; b++) {
		if (!s->button_ok[b])
			continue;
		snprintf(buf, sizeof(buf), "[ %s ]", _(buttons[b]));
		bx += ui_put(w, y, bx, body->x + left - bx, buf,
			     ui_attr(&app->ui, b == s->button ? ROLE_BUTTON_FOCUS : ROLE_BUTTON)) + 2;
	}
	if (v->pv.cells != NULL)
		widget_preview_paint(w, body->y + 2, body->x + left + 2, &v->pv,
				     &v->pairs);
	else
		ui_put(w, body->y + 2, body->x + left + 2, s->pv_cols, _("(no preview)"),
		       ui_attr(&app->ui, ROLE_HINT));
}

static void photo_warn_leave(struct app *app, struct photo *s)
{
	struct ui_msg m;

	/* R-PHO-02 */
	ui_msg_text(&m, N_("No photo has been uploaded! Without a photo uploaded before the "
			   "site's registration deadline, you cannot pay."));
	app_confirm(app, s, DLG_LEAVE, N_("Leave without uploading the photo?"), &m);
}

static enum screen_rc photo_leave(struct app *app, struct photo *s)
{
	if (s->uploaded)
		return SCREEN_BACK;
	photo_warn_leave(app, s);
	return SCREEN_STAY;
}

static void photo_ask_upload(struct app *app, struct photo *s)
{
	struct ui_msg m;

	ui_msg_text(&m, s->use_fit ? N_("Upload the fitted copy as your registration photo?")
				   : N_("Upload this photo as your registration photo?"));
	app_confirm_yes(app, s, DLG_UPLOAD, N_("Upload photo"), &m);
}

static enum screen_rc photo_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct photo *s = st;

	if (s->mode == MODE_PICK) {
		switch (widget_filepicker_key(&s->fp, kind, ch)) {
		case FP_CHOSEN:
			photo_load(app, s, s->fp.chosen);
			break;
		case FP_CANCEL:
			return photo_leave(app, s);
		default:
			break;
		}
		return SCREEN_STAY;
	}
	if (key_is_esc(kind, ch)) {
		if (s->use_fit) {
			s->use_fit = false;	/* back to the original's checks */
			photo_buttons(s);
			return SCREEN_STAY;
		}
		s->mode = MODE_PICK;
		return SCREEN_STAY;
	}
	if (kind == KEY_CODE_YES && (ch == KEY_LEFT || ch == KEY_RIGHT || ch == KEY_BTAB)) {
		int step = ch == KEY_RIGHT ? 1 : -1;

		for (int b = s->button + step; b >= 0 && b < BTN_COUNT; b += step) {
			if (s->button_ok[b]) {
				s->button = b;
				break;
			}
		}
		return SCREEN_STAY;
	}
	if (kind == OK && ch == L'\t') {
		for (int k = 1; k <= BTN_COUNT; k++) {
			int b = (s->button + k) % BTN_COUNT;

			if (s->button_ok[b]) {
				s->button = b;
				break;
			}
		}
		return SCREEN_STAY;
	}
	if (!key_is_enter(kind, ch))
		return SCREEN_UNHANDLED;
	switch (s->button) {
	case BTN_UPLOAD:
		photo_ask_upload(app, s);
		break;
	case BTN_FIT:
		photo_make_fit(s);
		break;
	case BTN_OTHER:
		s->mode = MODE_PICK;
		break;
	default:
		return photo_leave(app, s);
	}
	return SCREEN_STAY;
}

static void photo_upload(struct app *app, struct photo *s)
{
	const struct photo_version *v = s->use_fit ? &s->fit : &s->orig;

	if (app_request_raw(app, s, "PUT", "/v1/registration/photo", "image/jpeg", v->buf, v->len,
			    true, REQ_UPLOAD) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static void photo_dialog(struct app *app, void *st, int tag, int result)
{
	struct photo *s = st;

	if (tag == DLG_LEAVE && result == 1)
		app_pop(app);
	else if (tag == DLG_UPLOAD && result == 1)
		photo_upload(app, s);
	else if (tag == DLG_DONE)
		app_pop(app);
}

static void photo_reply(struct app *app, void *st, struct api_result *res)
{
	struct photo *s = st;

	if (res->tag != REQ_UPLOAD)
		return;
	if (res->status != API_OK) {
		/* The server's verdict (a check, or PHOTO_LOCKED: R-PHO-03) in a dialog. */
		app_show_failure(app, res);
		return;
	}
	s->uploaded = true;
	app_set_reg(app, res->body != NULL ?
		    cJSON_GetObjectItemCaseSensitive(res->body, "registration") : NULL);
	/* Said on the status page it goes back to (no dialog to close). */
	app_note_later(app, N_("Your photo has been uploaded."));
	app_pop(app);
}

static const char *photo_hints(struct app *app, void *st)
{
	struct photo *s = st;

	(void)app;
	if (s->mode == MODE_PICK)
		return s->fp.typing ? N_("Enter: open  Tab/Esc: back to the list")
				    : N_("Up/Down: move  Enter: open  /: type a path  Esc: back");
	return N_("Left/Right/Tab: button  Enter: choose  Esc: back");
}

const struct screen screen_photo = {
	.name = "photo",
	.state_size = sizeof(struct photo),
	.init = photo_init,
	.fini = photo_fini,
	.layout = photo_layout,
	.paint = photo_paint,
	.key = photo_key,
	.reply = photo_reply,
	.dialog = photo_dialog,
	.hints = photo_hints,
};
