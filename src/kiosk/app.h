/*
 * The application: configuration, the screen stack, the one network
 * request in flight, the modal dialog, the logged-in session and the
 * personal data it holds (wiped at logout and exit). Everything lives in
 * struct app, so a test can make one and throw it away.
 */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>
#include <signal.h>
#include <time.h>
#include <wchar.h>
#include <curses.h>
#include <cjson/cJSON.h>

#include "api.h"
#include "i18n.h"
#include "ui.h"
#include "unlock.h"
#include "widget.h"

#define APP_STACK_MAX 8
#define APP_MIN_ROWS 24
#define APP_MIN_COLS 80

struct app;
struct ncre_form;

/* What a screen is given when it starts. */
struct screen_arg {
	int mode;
	char text[256];
	void *data;                  /* owned by the screen below, which outlives this one */
};

/* What a key handler asks for next. Moves to other screens are asked
 * with app_push/app_replace/app_reset and happen after the handler. */
enum screen_rc {
	SCREEN_STAY = 0,             /* handled; just redraw */
	SCREEN_UNHANDLED,            /* not mine: the app may use it (Esc: back) */
	SCREEN_BACK,                 /* leave this screen */
	SCREEN_QUIT                  /* ask to quit the program */
};

/* One const table per screen (screen-*.c). */
struct screen {
	const char *name;
	size_t state_size;
	int (*init)(struct app *app, void *st, const struct screen_arg *arg);
	void (*fini)(struct app *app, void *st);      /* wipe what was typed */
	void (*layout)(struct app *app, void *st, const struct rect *body);
	void (*paint)(struct app *app, void *st, WINDOW *w, const struct rect *body);
	enum screen_rc (*key)(struct app *app, void *st, int kind, wint_t ch);
	void (*reply)(struct app *app, void *st, struct api_result *res);
	void (*dialog)(struct app *app, void *st, int tag, int result);
	void (*resume)(struct app *app, void *st);    /* back on top after a pop */
	const char *(*hints)(struct app *app, void *st);  /* msgid of the key hints */
	/* The top screen, every turn of the loop (4 times a second or more):
	 * clocks and polling (the payment screen). May be NULL. */
	void (*tick)(struct app *app, void *st);
};

struct config {
	char server[512];
	char ca_file[1024];
	char pin[1024];
	enum lang lang;
	bool lang_set;               /* chosen by a flag or a file, not the default */
	bool linux_console;          /* TERM=linux: started in English, say why */
	bool no_catalogue;           /* no Chinese catalogue: English only, say why */
	long timeout_s;
	bool kiosk;                  /* --kiosk: no way out without the staff secret */
	long idle_timeout_s;         /* wipe and start over after this; 0 never */
	char unlock_hash[UNLOCK_HASH_MAX];   /* staff_unlock_hash, "" none */
	char forms_dir[1024];        /* --forms / forms_dir; "": the default */
	char photo_dir[1024];        /* --photo-dir / photo_dir: where the photo picker starts */
	bool staff;                  /* --staff / staff = yes: the staff key (^O, F9) */
	/* The admission ticket (screen-ticket.c): sent to this CUPS printer with
	 * lp, or saved in ticket_dir for a staff desk; "" for none/default. */
	char printer[128];           /* --printer / printer */
	char ticket_dir[1024];       /* --ticket-dir / ticket_dir */
	char ticket_font[1024];      /* ticket_font: font files, ':' between; "" the default */
};

/* The logged-in candidate; personal data, wiped at logout. */
struct session {
	bool active;
	char token[128];
	char email[256];
	char phone[32];
	char name[128];
};

/* A site staff member logged in at this kiosk (staff mode); wiped at
 * logout and on idle, like the candidate's session. Never both at once. */
struct staff_session {
	bool active;
	char token[128];
	char login[64];
	char name[128];
	char site_code[16];
	char site_zh[192], site_en[192];
	bool site_audits;
};

struct exam_info {
	bool known;
	char code[32];
	char name_zh[192];
	char name_en[192];
	char open[32], close[32];    /* ISO 8601 as the server sent them */
	bool in_window;
};

/* This kiosk's registration form against the server's (app-forms.c). */
enum forms_state {
	FORMS_UNCHECKED = 0,
	FORMS_SAME,                  /* the same hash: nothing to say */
	FORMS_SERVER,                /* another definition: the server's is used */
	FORMS_BROKEN,                /* another one, the server's unreadable: no saving */
	FORMS_UNKNOWN                /* the server does not serve it: not compared */
};

struct forms_check {
	enum forms_state state;
	struct ncre_form *server;    /* FORMS_SERVER: the server's definition */
	char here[64], there[64];    /* versions: this kiosk's ("" none), the server's */
	char why[256];               /* FORMS_BROKEN: why the server's could not be read */
	long long next_try_ms;
};

struct screen_inst {
	const struct screen *s;
	void *st;
	unsigned long id;            /* never reused: replies find their screen */
};

enum nav_op { NAV_NONE = 0, NAV_PUSH, NAV_REPLACE, NAV_RESET, NAV_POP };

struct app {
	struct config cfg;
	struct ui ui;
	struct api *api;
	struct screen_inst stack[APP_STACK_MAX];
	int depth;
	struct {
		enum nav_op op;
		const struct screen *s;
		struct screen_arg arg;
	} nav;
	struct dialog dlg;
	struct session sess;
	struct staff_session staff;
	struct exam_info exam;
	struct forms_check forms;
	cJSON *reg;                  /* the registration object last read */
	unsigned long next_id;
	unsigned long req_owner;     /* who gets the reply: a screen's id, 0 the app */
	unsigned long dlg_owner;     /* who gets the dialog's answer */
	bool req_auth;
	bool req_blocking;           /* a change is under way: keys wait */
	bool in_key;                 /* handling a key: what starts now was asked for */
	bool req_asked;              /* the request in flight was asked for by a key */
	bool net_reported;           /* a network problem was shown in a dialog and
				      * the server has not answered since */
	bool reread_due;             /* a change was cancelled after it was sent:
				      * read the registration again when idle */
	const volatile sig_atomic_t *stop;   /* set by the signal handler in main.c */
	/* The last request, kept (wiped after) so a network failure can be
	 * retried with one key; its body may hold a password. */
	struct {
		bool held;
		char method[8];
		char path[256];
		cJSON *body;
		bool auth;
		int tag;
		unsigned long owner;
	} last;
	/* Idle timeout: the last key, and the countdown's second on screen. */
	long long last_input_ms;
	int countdown;               /* seconds left while counting down, else -1 */
	/* --kiosk: the staff unlock prompt and its local rate limit. */
	struct field unlock;
	int unlock_fails;
	long long unlock_until_ms;
	/* Painting: only when something changed (bytes on slow links). */
	bool dirty;
	int painted_minute;
	int painted_spin;
	int spin;
	bool quit;
	int rows, cols;
	bool too_small;
	bool relayout;
	struct rect body;
	struct ui_msg status;        /* one-line note above the hints */
	struct ui_msg note_later;    /* app_note_later: shown after the next reply */
	bool note_armed;             /* ... the reply that asked for it has passed */
};

/* Start-up and shut-down; app_fini wipes personal data and restores the
 * terminal. */
int app_init(struct app *app, const struct config *cfg, char *err, size_t errlen);
int app_run(struct app *app);
void app_fini(struct app *app);
/* From a crash signal handler: give the terminal back the modes the shell
 * had and reset it (async-signal-safe: tcsetattr and write only). */
void app_crash_restore(void);
/* Wipe everything personal and start again at the welcome screen, as
 * after an idle timeout: log out (best-effort), clear the screen and the
 * terminal's scrollback. */
void app_idle_reset(struct app *app);

/* Draw the screen now, before a step that blocks (handing a ticket to lp). */
void app_paint_now(struct app *app);
/* Monotonic milliseconds. */
long long app_now_ms(void);

void app_push(struct app *app, const struct screen *s, const struct screen_arg *arg);
void app_replace(struct app *app, const struct screen *s, const struct screen_arg *arg);
void app_reset(struct app *app, const struct screen *s, const struct screen_arg *arg);
void app_pop(struct app *app);

/* Send a request for the screen whose state is owner; its reply callback
 * gets the result (unless it has left the top by then). 0 or -1. */
int app_request(struct app *app, void *owner, const char *method, const char *path,
		cJSON *body, bool auth, int tag);

/* As app_request with a body of another type (the photo): len bytes are
 * copied, sent, then wiped. Never kept for a retry (the bytes are not
 * held twice); the screen can send again. 0 or -1. */
int app_request_raw(struct app *app, void *owner, const char *method, const char *path,
		    const char *content_type, const void *body, size_t len, bool auth,
		    int tag);

void app_message(struct app *app, void *owner, int tag, const char *title,
		 const struct ui_msg *body);
void app_confirm(struct app *app, void *owner, int tag, const char *title,
		 const struct ui_msg *body);
/* A question whose answer of course is the action the candidate has just
 * asked for (upload the photo chosen): Enter means Yes. Nothing is lost
 * by it; questions before a loss use app_confirm. */
void app_confirm_yes(struct app *app, void *owner, int tag, const char *title,
		     const struct ui_msg *body);
void app_choose(struct app *app, void *owner, int tag, const char *title, int n, int sel,
		list_label_fn label, void *ud);

/* A note for the status line once the screen that comes next has read
 * what it shows (starting a request clears the line). */
void app_note_later(struct app *app, const char *msgid);

/* The failure in res as a message (network trouble or the server's verdict). */
void app_result_msg(const struct api_result *res, struct ui_msg *out);
/* Tell the candidate about a failed request: a dialog, or only the status
 * line when they cancelled it themselves. What they typed is untouched. */
void app_show_failure(struct app *app, const struct api_result *res);

/* The server's verdict on a form: under the field it names (focused),
 * else in a dialog. Returns true when a field took it. */
bool app_form_verdict(struct app *app, struct form *fm, const struct api_result *res);
/* Ask before Esc throws typed text away: opens a Yes/No dialog with tag
 * and returns true, or returns false when nothing was typed. */
bool app_confirm_discard(struct app *app, void *owner, struct form *fm, int tag);

/* Log in / out: keep the token and account, or wipe them. */
int app_login(struct app *app, const cJSON *reply);
void app_logout(struct app *app);      /* DELETE the session, wipe, back to welcome */
void app_wipe_session(struct app *app);     /* the candidate's and the staff's */

/* Staff mode (screen-staff-*.c): keep the staff token and who it is, or
 * end staff mode (DELETE the staff session, wipe, back to welcome). */
int app_staff_login(struct app *app, const cJSON *reply);
void app_staff_logout(struct app *app);

/* The registration form to draw and check with: the server's definition
 * when this kiosk's differs from it, else this kiosk's forms/; the caller
 * owns *out (ncre_form_free). 0, or -1 with the reason in err. */
int app_form_load(struct app *app, struct ncre_form **out, char *err, size_t errlen);
/* True when personal information must not be saved: this kiosk's form
 * differs from the server's and the server's could not be read. */
bool app_form_refused(const struct app *app);
/* The sentence about the form's definition for the welcome screen, in
 * the current language; false when there is nothing to say. */
bool app_form_notice(const struct app *app, char *buf, size_t n);

/* Remember the current exam session ({"exam_session":{...}} content). */
void app_set_exam(struct app *app, const cJSON *exam);
/* Keep the registration object (takes a copy); NULL forgets it. */
void app_set_reg(struct app *app, const cJSON *reg);
const char *app_exam_name(const struct app *app);

/* Today's date as YYYYMMDD, local time. */
int app_today_ymd(void);
/* "2026-11-17T00:00:00Z" -> "2026-11-17 08:00" in local time. */
void app_format_time(const char *iso, char *out, size_t outsz);

/* screen_home's mode: just signed up (and logged in), say so. */
#define HOME_SIGNED_UP 1

/* Screens, in wizard order (screens.c keeps the list). */
extern const struct screen screen_welcome;
extern const struct screen screen_login;
extern const struct screen screen_signup;
extern const struct screen screen_recovery;
extern const struct screen screen_recovery_reset;
extern const struct screen screen_home;
extern const struct screen screen_agreement;
extern const struct screen screen_identity;
extern const struct screen screen_status;
extern const struct screen screen_personal;
extern const struct screen screen_confirm;
extern const struct screen screen_delete;
extern const struct screen screen_photo;
extern const struct screen screen_staff_login;
extern const struct screen screen_staff_queue;
extern const struct screen screen_staff_review;
extern const struct screen screen_staff_reject;
extern const struct screen screen_staff_lookup;
extern const struct screen screen_staff_group;
extern const struct screen screen_pay;
extern const struct screen screen_orders;
extern const struct screen screen_intent;
extern const struct screen screen_ticket;
extern const struct screen screen_view;

#endif
