/*
 * Choosing the photo file (widget-filepicker.c): a folder listing that
 * starts at the configured folder (photo_dir, e.g. where USB sticks are
 * mounted), .jpg files first with their sizes, then folders, then other
 * files greyed; Enter opens a folder or chooses a file, and a path can be
 * typed ('/' or Tab). Unreadable folders keep the old listing and say why.
 */
#ifndef KIOSK_WIDGET_FILEPICKER_H
#define KIOSK_WIDGET_FILEPICKER_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>
#include <wchar.h>
#include <curses.h>

#include "field.h"
#include "ui.h"

enum fp_kind { FP_PARENT = 0, FP_JPG, FP_DIR, FP_OTHER };

struct fp_entry {
	enum fp_kind kind;
	char name[256];
	off_t size;
};

struct filepicker {
	char dir[PATH_MAX];
	struct fp_entry *entries;
	int n, sel, top, rows;
	bool typing;			/* focus in the path field */
	struct field path;
	struct ui_msg msg;		/* why a folder or file could not be used */
	char detail[128];		/* the system's words (strerror) */
	char chosen[PATH_MAX];		/* after FP_CHOSEN */
};

enum fp_rc { FP_IGNORED = 0, FP_MOVED, FP_CHOSEN, FP_CANCEL };

/* Start at dir (NULL or "": the home folder, else "/"). 0, or -1 for memory. */
int widget_filepicker_init(struct filepicker *fp, const char *dir);
void widget_filepicker_fini(struct filepicker *fp);
/* List another folder; on failure the old listing stays and fp->msg says why. */
int widget_filepicker_open(struct filepicker *fp, const char *dir);
void widget_filepicker_paint(struct filepicker *fp, struct ui *ui, WINDOW *w,
			     const struct rect *r);
enum fp_rc widget_filepicker_key(struct filepicker *fp, int kind, wint_t ch);
/* "12.3 KB" / "1.2 MB" (KB = 1,024 bytes, as R-PHO-01 counts). */
void widget_filepicker_size(off_t size, char *buf, size_t len);

#endif
