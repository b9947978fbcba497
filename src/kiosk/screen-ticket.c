/*
 * 打印准考证 (R-TKT-01, R-TKT-02): the admission ticket as the server issued
 * it (GET /v1/registration/ticket; for staff, GET /v1/staff/registrations/
 * {id}/ticket), every field and the photo preview, and 打印: the PDF
 * (ticket-pdf.c) goes to the kiosk's CUPS printer with lp, or is saved in
 * ticket_dir for a staff desk. For lp the PDF is written to a private
 * temporary file (a 0700 folder of its own under $TMPDIR) that is removed
 * as soon as lp has taken it: personal data never stays on the kiosk.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ncre/json.h"
#include "app.h"
#include "ticket-pdf.h"
#include "widget-preview.h"

extern char **environ;

enum { REQ_TICKET = 1, REQ_PHOTO };
enum { DLG_INFO = 1 };
enum { ACT_PRINT = 1, ACT_BACK };

struct ticket {
	char id[24];                 /* staff: the registration's id; "" the candidate's own */
	cJSON *t;                    /* the ticket object; personal, wiped at fini */
	struct photo_panel photo;    /* the photo, wiped at fini */
	struct textview tv;
	struct rect tv_r, form_r;
	struct form_item items[2];
	struct form form;
	enum lang built_lang;
};

static const char *pick(const struct app *app, const cJSON *o, const char *zh, const char *en)
{
	return i18n_pick(app->ui.lang, ncre_json_str(o, zh), ncre_json_str(o, en));
}

static const char *str(const cJSON *o, const char *key)
{
	return ncre_json_str(o, key) != NULL ? ncre_json_str(o, key) : "-";
}

/* Every field of R-TKT-02, in the order of the printed ticket. */
static void ticket_build(struct app *app, struct ticket *s)
{
	const cJSON *t = s->t, *es, *site, *sub;
	int w = s->tv_r.w - 1, top = s->tv.top;
	char buf[512];

	widget_text_clear(&s->tv);
	s->built_lang = app->ui.lang;
	(void)widget_text_add(&s->tv, ROLE_HEADING, _("NCRE admission ticket"), w, 0);
	if (t == NULL) {
		(void)widget_text_add(&s->tv, ROLE_STATUS, _("Loading..."), w, 0);
		return;
	}
	es = cJSON_GetObjectItemCaseSensitive(t, "exam_session");
	site = cJSON_GetObjectItemCaseSensitive(t, "site");
	(void)widget_text_add_pair(&s->tv, _("Exam session: "), ROLE_NORMAL,
				   pick(app, es, "name_zh", "name_en"));
	(void)widget_text_add_pair(&s->tv, _("Candidate name: "), ROLE_NORMAL, str(t, "name"));
	snprintf(buf, sizeof(buf), "%s %s", pick(app, t, "id_type_zh", "id_type_en"),
		 str(t, "id_number"));
	(void)widget_text_add_pair(&s->tv, _("ID document: "), ROLE_NORMAL, buf);
	explicit_bzero(buf, sizeof(buf));
	snprintf(buf, sizeof(buf), "(%s)%s", str(site, "code"), pick(app, site, "name_zh", "name_en"));
	(void)widget_text_add_pair(&s->tv, _("Exam site: "), ROLE_NORMAL, buf);
	cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(t, "subjects")) {
		long long seat = 0;

		(void)widget_text_blank(&s->tv);
		(void)widget_text_add_pair(&s->tv, _("Ticket number: "), ROLE_LABEL,
					   str(sub, "ticket_no"));
		snprintf(buf, sizeof(buf), "(%s)%s", str(sub, "code"), pick(app, sub, "name_zh", "name_en"));
		(void)widget_text_add_pair(&s->tv, _("Subject: "), ROLE_NORMAL, buf);
		snprintf(buf, sizeof(buf), "%s  %s-%s", str(sub, "date"), str(sub, "start"),
			 str(sub, "end"));
		(void)widget_text_add_pair(&s->tv, _("Exam time (Beijing): "), ROLE_NORMAL, buf);
		if (ncre_json_int(sub, "seat", &seat) != 0)
			seat = 0;
		snprintf(buf, sizeof(buf), _("room %s, seat %lld"), str(sub, "room"), seat);
		(void)widget_text_add_pair(&s->tv, _("Room and seat: "), ROLE_NORMAL, buf);
	}
	(void)widget_text_blank(&s->tv);
	(void)widget_text_add(&s->tv, ROLE_NOTICE,
			      _("Bring this ticket and your ID document to the exam."), w, 0);
	s->tv.top = top;
}

static void ticket_fetch(struct app *app, struct ticket *s)
{
	char path[96];

	if (s->id[0] != '\0')
		snprintf(path, sizeof(path), "/v1/staff/registrations/%s/ticket", s->id);
	else
		snprintf(path, sizeof(path), "/v1/registration/ticket");
	if (app_request(app, s, "GET", path, NULL, true, REQ_TICKET) != 0)
		ui_msg_text(&app->status, N_("The request could not be started."));
}

static int ticket_init(struct app *app, void *st, const struct screen_arg *arg)
{
	struct ticket *s = st;

	if (arg != NULL && arg->text[0] != '\0') {
		if (strspn(arg->text, "0123456789") != strlen(arg->text) ||
		    strlen(arg->text) >= sizeof(s->id))
			return -1;
		memcpy(s->id, arg->text, strlen(arg->text) + 1);
	}
	photo_panel_init(&s->photo);
	s->items[0] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Print"),
					  .action = ACT_PRINT };
	s->items[1] = (struct form_item){ .kind = ITEM_BUTTON, .label = N_("Back"),
					  .action = ACT_BACK };
	widget_form_init(&s->form, s->items, 2);
	ticket_fetch(app, s);
	return 0;
}

static void ticket_fini(struct app *app, void *st)
{
	struct ticket *s = st;

	(void)app;
	widget_text_clear(&s->tv);
	api_json_wipe_free(&s->t);
	photo_panel_wipe(&s->photo);
}

static void ticket_layout(struct app *app, void *st, const struct rect *body)
{
	struct ticket *s = st;

	widget_form_layout(&s->form, body->w);
	photo_panel_layout(&s->photo, body, s->form.height, &s->tv_r, &s->form_r);
	ticket_build(app, s);
}

static void ticket_paint(struct app *app, void *st, WINDOW *w, const struct rect *b)
{
	struct ticket *s = st;

	if (s->built_lang != app->ui.lang)
		ticket_build(app, s);
	widget_text_paint(&s->tv, &app->ui, w, &s->tv_r);
	photo_panel_paint(&s->photo, &app->ui, w, b, s->t);
	widget_form_paint(&s->form, &app->ui, w, &s->form_r);
}

/* Write all of buf to fd; 0 or -1. */
static int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* How long lp may take to hand the job to CUPS before it is given up. */
#define LP_TIMEOUT_MS 20000

/*
 * lp [-d printer] file, its output kept off the screen; lp's exit status,
 * or -1 when it could not run or did not finish within LP_TIMEOUT_MS (a
 * scheduler that does not answer): then it is stopped, so that the
 * temporary copy can be removed and the kiosk is never stuck.
 */
static int run_lp(const char *printer, const char *file)
{
	posix_spawn_file_actions_t fa;
	char *argv[6];
	int n = 0, st = 0, rc;
	pid_t pid;

	argv[n++] = (char *)"lp";
	if (printer[0] != '\0') {
		argv[n++] = (char *)"-d";
		argv[n++] = (char *)printer;
	}
	argv[n++] = (char *)file;
	argv[n] = NULL;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (rc == 0)
		rc = posix_spawnp(&pid, "lp", &fa, NULL, argv, environ);
	(void)posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	for (int waited = 0;; waited += 50) {
		const struct timespec step = { .tv_sec = 0, .tv_nsec = 50 * 1000 * 1000 };
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (waited >= LP_TIMEOUT_MS) {
			(void)kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		(void)nanosleep(&step, NULL);
	}
}

/* The PDF to lp through a private temporary file, removed straight after. */
static int print_lp(struct app *app, const struct ticket_pdf *pdf)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], file[600];
	int fd, rc = -1, lp;

	snprintf(dir, sizeof(dir), "%s/ncre-ticket.XXXXXX",
		 tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)		/* mode 0700 */
		return -1;
	snprintf(file, sizeof(file), "%s/ticket.pdf", dir);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		/* No fsync: the copy lives for lp's run only and should reach
		 * the disk as little as possible. */
		if (write_all(fd, pdf->buf, pdf->len) == 0) {
			if (close(fd) == 0) {
				lp = run_lp(app->cfg.printer, file);
				rc = lp == 0 ? 0 : -2;
			}
		} else {
			(void)close(fd);
		}
		if (unlink(file) != 0)
			rc = -3;
	}
	if (rmdir(dir) != 0)
		rc = -3;
	return rc;
}

/* For a staff desk: ticket_dir/<ticket number>.pdf, kept (0600). */
static int save_to_dir(struct app *app, struct ticket *s, const struct ticket_pdf *pdf,
		       char *path, size_t pathlen)
{
	const cJSON *sub = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s->t, "subjects"), 0);
	const char *no = ncre_json_str(sub, "ticket_no");
	int fd, rc = -1;

	if (no == NULL || strspn(no, "0123456789") != strlen(no))
		no = "ticket";
	snprintf(path, pathlen, "%s/%s.pdf", app->cfg.ticket_dir, no);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (write_all(fd, pdf->buf, pdf->len) == 0)
		rc = 0;
	if (close(fd) != 0)
		rc = -1;
	if (rc != 0)
		(void)unlink(path);
	return rc;
}

static void print_ticket(struct app *app, struct ticket *s)
{
	struct ticket_pdf pdf;
	struct ui_msg m;
	enum ticket_pdf_err e;
	char detail[128], path[1200];
	int rc;
	bool staff = s->id[0] != '\0';   /* site staff print for a candidate */

	if (s->t == NULL)
		return;
	e = ticket_pdf_build(s->t, s->photo.jpeg, s->photo.jpeg_len,
			     app->cfg.ticket_font[0] != '\0' ? app->cfg.ticket_font : NULL, &pdf,
			     detail, sizeof(detail));
	if (e != TICKET_PDF_OK) {
		if (e == TICKET_PDF_NO_GLYPH)
			ui_msg_text(&m, staff ?
				    N_("The admission ticket has a character that none of this "
				       "kiosk's fonts has (see below). Add a font that has it to "
				       "ticket_font, or ask the exam office.") :
				    N_("The admission ticket has a character that none of this "
				       "kiosk's fonts has. Please ask the site staff for your "
				       "admission ticket."));
		else
			ui_msg_text(&m, staff ?
				    N_("The admission ticket could not be made (see below).") :
				    N_("The admission ticket could not be made. Please ask the site "
				       "staff."));
		snprintf(m.detail, sizeof(m.detail), "%s%s%s", ticket_pdf_strerror(e),
			 detail[0] != '\0' ? "; " : "", detail);
		app_message(app, s, DLG_INFO, N_("Cannot print"), &m);
		return;
	}
	if (app->cfg.ticket_dir[0] != '\0') {
		rc = save_to_dir(app, s, &pdf, path, sizeof(path));
		ticket_pdf_free(&pdf);
		if (rc != 0) {
			ui_msg_text(&m, N_("The admission ticket could not be saved."));
			snprintf(m.detail, sizeof(m.detail), "%.200s", app->cfg.ticket_dir);
			app_message(app, s, DLG_INFO, N_("Cannot print"), &m);
			return;
		}
		if (staff)
			ui_msg_printf(&m, N_("The admission ticket was saved as %.180s."), path);
		else
			ui_msg_printf(&m, N_("The admission ticket was saved as %.180s for the "
					     "staff desk."), path);
		app->status = m;
		return;
	}
	ui_msg_text(&app->status, N_("Sending the admission ticket to the printer..."));
	app_paint_now(app);
	rc = print_lp(app, &pdf);
	ticket_pdf_free(&pdf);
	ui_msg_clear(&app->status);
	if (rc == -3) {
		ui_msg_text(&m, staff ?
			    N_("The temporary copy of the admission ticket could not be removed. "
			       "Check the kiosk's temporary folder.") :
			    N_("The temporary copy of the admission ticket could not be removed. "
			       "Please tell the site staff."));
		app_message(app, s, DLG_INFO, N_("Cannot print"), &m);
	} else if (rc != 0) {
		ui_msg_text(&m, staff ?
			    N_("The printer did not accept the admission ticket. Check the "
			       "printer (below) and try again.") :
			    N_("The printer did not accept the admission ticket. Please ask the "
			       "site staff."));
		snprintf(m.detail, sizeof(m.detail), "lp%s%s", app->cfg.printer[0] != '\0' ? " -d " : "",
			 app->cfg.printer);
		app_message(app, s, DLG_INFO, N_("Cannot print"), &m);
	} else {
		ui_msg_text(&app->status, N_("Sent to the printer; the temporary file was deleted."));
	}
}

static enum screen_rc ticket_key(struct app *app, void *st, int kind, wint_t ch)
{
	struct ticket *s = st;
	int page = s->tv_r.h > 1 ? s->tv_r.h - 1 : 1;

	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:    widget_text_scroll(&s->tv, -1, s->tv_r.h); return SCREEN_STAY;
		case KEY_DOWN:  widget_text_scroll(&s->tv, 1, s->tv_r.h); return SCREEN_STAY;
		case KEY_PPAGE: widget_text_scroll(&s->tv, -page, s->tv_r.h); return SCREEN_STAY;
		case KEY_NPAGE: widget_text_scroll(&s->tv, page, s->tv_r.h); return SCREEN_STAY;
		default: break;
		}
	}
	if (key_is_esc(kind, ch))
		return SCREEN_BACK;
	if (widget_form_key(&s->form, kind, ch) == FORM_ACTION) {
		if (widget_form_focused(&s->form)->action == ACT_BACK)
			return SCREEN_BACK;
		print_ticket(app, s);
	}
	return SCREEN_STAY;
}

static void ticket_reply(struct app *app, void *st, struct api_result *res)
{
	struct ticket *s = st;
	struct rect body = app->body;
	const cJSON *t;
	char path[96];

	if (res->tag == REQ_PHOTO) {
		if (res->status == API_OK && res->raw != NULL)
			photo_panel_take_jpeg(&s->photo, &res->raw, &res->raw_len);
		return;
	}
	if (res->status != API_OK) {
		app_show_failure(app, res);
		return;
	}
	t = cJSON_GetObjectItemCaseSensitive(res->body, "ticket");
	if (!cJSON_IsObject(t))
		return;
	api_json_wipe_free(&s->t);
	s->t = cJSON_Duplicate(t, true);
	ticket_layout(app, s, &body);
	if (s->t != NULL && ncre_json_bool(s->t, "photo", false)) {
		if (s->id[0] != '\0')
			snprintf(path, sizeof(path), "/v1/staff/registrations/%s/photo", s->id);
		else
			snprintf(path, sizeof(path), "/v1/registration/photo");
		if (app_request(app, s, "GET", path, NULL, true, REQ_PHOTO) != 0)
			ui_msg_text(&app->status, N_("The request could not be started."));
	}
}

static const char *ticket_hints(struct app *app, void *st)
{
	(void)app;
	(void)st;
	return N_("PgUp/PgDn: scroll  Tab: move  Enter: choose  Esc: back");
}

const struct screen screen_ticket = {
	.name = "ticket",
	.state_size = sizeof(struct ticket),
	.init = ticket_init,
	.fini = ticket_fini,
	.layout = ticket_layout,
	.paint = ticket_paint,
	.key = ticket_key,
	.reply = ticket_reply,
	.hints = ticket_hints,
};
