/* The photo file picker (see widget-filepicker.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ncre/text.h"
#include "widget-filepicker.h"
#include "widget.h"

#define FP_MAX_ENTRIES 2000

void widget_filepicker_size(off_t size, char *buf, size_t len)
{
	if (size < 1024)
		snprintf(buf, len, "%lld B", (long long)size);
	else if (size < 1024 * 1024)
		snprintf(buf, len, "%.1f KB", (double)size / 1024.0);
	else
		snprintf(buf, len, "%.1f MB", (double)size / (1024.0 * 1024.0));
}

static bool fp_is_jpg(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && dot != name && strcasecmp(dot, ".jpg") == 0;
}

static int fp_cmp(const void *a, const void *b)
{
	const struct fp_entry *x = a, *y = b;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcoll(x->name, y->name);
}

static void fp_fail(struct filepicker *fp, const char *msgid, int err)
{
	ui_msg_text(&fp->msg, msgid);
	snprintf(fp->msg.detail, sizeof(fp->msg.detail), "%s", strerror(err));
}

int widget_filepicker_open(struct filepicker *fp, const char *dir)
{
	struct fp_entry *list = NULL;
	char real[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int n = 0, fd;

	if (realpath(dir, real) == NULL) {
		fp_fail(fp, N_("This folder cannot be opened."), errno);
		return 0;
	}
	d = opendir(real);
	if (d == NULL) {
		fp_fail(fp, N_("This folder cannot be read."), errno);
		return 0;
	}
	fd = dirfd(d);
	list = calloc(FP_MAX_ENTRIES, sizeof(*list));
	if (list == NULL) {
		(void)closedir(d);
		return -1;
	}
	if (strcmp(real, "/") != 0) {
		list[n].kind = FP_PARENT;
		snprintf(list[n].name, sizeof(list[n].name), "..");
		n++;
	}
	errno = 0;
	while (n < FP_MAX_ENTRIES && (de = readdir(d)) != NULL) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;	/* hidden files and . / .. */
		if (fstatat(fd, de->d_name, &st, 0) != 0)
			continue;	/* a dangling link: nothing to offer */
		list[n].kind = S_ISDIR(st.st_mode) ? FP_DIR
			       : fp_is_jpg(de->d_name) && S_ISREG(st.st_mode) ? FP_JPG : FP_OTHER;
		list[n].size = st.st_size;
		snprintf(list[n].name, sizeof(list[n].name), "%s", de->d_name);
		n++;
	}
	(void)closedir(d);
	qsort(list, (size_t)n, sizeof(*list), fp_cmp);
	free(fp->entries);
	fp->entries = list;
	fp->n = n;
	fp->sel = n > 1 && list[0].kind == FP_PARENT ? 1 : 0;
	fp->top = 0;
	snprintf(fp->dir, sizeof(fp->dir), "%s", real);
	ui_msg_clear(&fp->msg);
	return 0;
}

int widget_filepicker_init(struct filepicker *fp, const char *dir)
{
	const char *home = getenv("HOME");

	memset(fp, 0, sizeof(*fp));
	field_init(&fp->path, PATH_MAX / 4, 0, false);
	if (dir == NULL || dir[0] == '\0')
		dir = home != NULL && home[0] != '\0' ? home : "/";
	if (widget_filepicker_open(fp, dir) != 0)
		return -1;
	if (fp->entries == NULL && widget_filepicker_open(fp, "/") != 0)
		return -1;
	return 0;
}

void widget_filepicker_fini(struct filepicker *fp)
{
	free(fp->entries);
	fp->entries = NULL;
	fp->n = 0;
	field_clear(&fp->path);
}

/* Enter on a path: a folder opens, a file is chosen (the checks judge it). */
static enum fp_rc fp_take(struct filepicker *fp, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		fp_fail(fp, N_("This file or folder cannot be found or opened."), errno);
		return FP_MOVED;
	}
	if (S_ISDIR(st.st_mode)) {
		(void)widget_filepicker_open(fp, path);
		return FP_MOVED;
	}
	if (!S_ISREG(st.st_mode)) {
		ui_msg_text(&fp->msg, N_("This is not a regular file."));
		return FP_MOVED;
	}
	if (access(path, R_OK) != 0) {
		fp_fail(fp, N_("This file cannot be read."), errno);
		return FP_MOVED;
	}
	snprintf(fp->chosen, sizeof(fp->chosen), "%s", path);
	return FP_CHOSEN;
}

static enum fp_rc fp_enter(struct filepicker *fp)
{
	char path[PATH_MAX];
	const struct fp_entry *e;

	if (fp->n == 0)
		return FP_IGNORED;
	e = &fp->entries[fp->sel];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", strcmp(fp->dir, "/") == 0 ? "" : fp->dir,
			     e->name) >= sizeof(path)) {
		ui_msg_text(&fp->msg, N_("The path is too long."));
		return FP_MOVED;
	}
	return fp_take(fp, path);
}

enum fp_rc widget_filepicker_key(struct filepicker *fp, int kind, wint_t ch)
{
	int page = fp->rows > 1 ? fp->rows - 1 : 1;

	if (fp->typing) {
		if (key_is_esc(kind, ch) || (kind == OK && ch == L'\t')) {
			fp->typing = false;
			return FP_MOVED;
		}
		if (key_is_enter(kind, ch)) {
			char path[PATH_MAX];

			if (field_empty(&fp->path))
				return FP_IGNORED;
			snprintf(path, sizeof(path), "%s", field_text(&fp->path));
			if (path[0] != '/') {
				char full[PATH_MAX];

				if ((size_t)snprintf(full, sizeof(full), "%s/%s", fp->dir, path) >=
				    sizeof(full))
					return FP_MOVED;
				snprintf(path, sizeof(path), "%s", full);
			}
			field_clear(&fp->path);
			fp->typing = false;
			return fp_take(fp, path);
		}
		return widget_field_key(&fp->path, kind, ch) == FIELD_UNCHANGED ? FP_IGNORED
										 : FP_MOVED;
	}
	if (key_is_esc(kind, ch))
		return FP_CANCEL;
	if (key_is_enter(kind, ch))
		return fp_enter(fp);
	if (kind == OK && (ch == L'/' || ch == L'\t')) {
		fp->typing = true;
		if (ch == L'/')
			(void)field_insert(&fp->path, L'/');
		return FP_MOVED;
	}
	if (kind == KEY_CODE_YES) {
		int sel = fp->sel;

		switch (ch) {
		case KEY_UP: sel--; break;
		case KEY_DOWN: sel++; break;
		case KEY_PPAGE: sel -= page; break;
		case KEY_NPAGE: sel += page; break;
		case KEY_HOME: sel = 0; break;
		case KEY_END: sel = fp->n - 1; break;
		case KEY_BACKSPACE:
		case KEY_LEFT: {
			char parent[PATH_MAX];

			if ((size_t)snprintf(parent, sizeof(parent), "%s/..", fp->dir) <
			    sizeof(parent))
				(void)widget_filepicker_open(fp, parent);
			return FP_MOVED;
		}
		default:
			return FP_IGNORED;
		}
		if (sel < 0)
			sel = 0;
		if (sel >= fp->n)
			sel = fp->n - 1;
		if (sel == fp->sel)
			return FP_IGNORED;
		fp->sel = sel;
		return FP_MOVED;
	}
	return FP_IGNORED;
}

void widget_filepicker_paint(struct filepicker *fp, struct ui *ui, WINDOW *w,
			     const struct rect *r)
{
	char line[512], size[32], buf[512];
	int y = r->y, list_rows, lw, fw;

	/* Values start after the wider label (+1 column), in either language. */
	lw = ncre_utf8_width(_("Folder:"));
	if (ncre_utf8_width(_("Type a path:")) > lw)
		lw = ncre_utf8_width(_("Type a path:"));
	lw++;
	fw = r->w - lw > 60 ? 60 : r->w - lw;
	ui_put(w, y++, r->x, r->w, _("Folder:"), ui_attr(ui, ROLE_LABEL));
	ui_put(w, y - 1, r->x + lw, r->w - lw, fp->dir, ui_attr(ui, ROLE_NORMAL));
	ui_put(w, y++, r->x, r->w, _("Type a path:"), ui_attr(ui, ROLE_LABEL));
	widget_field_paint(&fp->path, ui, w, y - 1, r->x + lw, fw, fp->typing);
	if (!ui_msg_empty(&fp->msg))
		ui_put(w, y, r->x, r->w, ui_msg_render(&fp->msg, ui->lang, buf, sizeof(buf)),
		       ui_attr(ui, ROLE_ERROR));
	y += 2;
	list_rows = r->y + r->h - y;
	fp->rows = list_rows > 0 ? list_rows : 0;
	if (fp->sel < fp->top)
		fp->top = fp->sel;
	if (fp->rows > 0 && fp->sel >= fp->top + fp->rows)
		fp->top = fp->sel - fp->rows + 1;
	if (fp->n <= 1 && fp->rows > 0)
		ui_put(w, y, r->x + 2, r->w - 2, _("(no .jpg files here)"), ui_attr(ui, ROLE_HINT));
	for (int i = fp->top; i < fp->n && i < fp->top + fp->rows; i++) {
		const struct fp_entry *e = &fp->entries[i];
		enum ui_role role = e->kind == FP_OTHER ? ROLE_STEP_OTHER : ROLE_NORMAL;
		attr_t a;

		switch (e->kind) {
		case FP_PARENT:
			snprintf(line, sizeof(line), "  %s", _("[up one folder]"));
			break;
		case FP_DIR:
			snprintf(line, sizeof(line), "  [%s/]", e->name);
			break;
		case FP_JPG:
		case FP_OTHER:
			widget_filepicker_size(e->size, size, sizeof(size));
			snprintf(line, sizeof(line), "  %-40s %10s", e->name, size);
			break;
		}
		a = ui_attr(ui, role) | (e->kind == FP_OTHER ? A_DIM : 0);	/* greyed */
		if (i == fp->sel && !fp->typing)
			a = ui_attr(ui, ROLE_FIELD_FOCUS) | A_REVERSE;
		ui_fill(w, y, r->x, r->w, a);
		ui_put(w, y++, r->x, r->w, line, a);
	}
}
