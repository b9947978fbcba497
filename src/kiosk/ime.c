/*
 * The built-in input method on librime (see ime.h; why librime and how the
 * data is built: docs/kiosk.md, scripts/build-rime-data.sh).
 */
#include "ime.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rime_api.h>

#include "i18n.h"
#include "libdir.h"
#include "ncre-paths.h"

/* librime and its libraries (boost, glog, LevelDB, yaml-cpp, OpenCC ...)
 * are loaded with the engine, not when the kiosk starts: a kiosk whose
 * candidates never compose does not pay for them. */
#define RIME_LIBRARY "librime.so.1"

/* X11 keysyms that Rime understands (ASCII letters are themselves). */
#define XK_BACKSPACE 0xff08
#define XK_PAGE_UP   0xff55
#define XK_PAGE_DOWN 0xff56

#define SCHEMA "ncre_pinyin"

/*
 * librime keeps one engine per process; this is its state. Reset by
 * ime_engine_stop(), so a test can start over.
 */
static struct {
	char dir[512];
	RimeApi *api;
	bool set_up;                 /* RimeSetup (glog) runs once per process */
	bool started;
	const char *error;           /* msgid */
	RimeSessionId session;
	const struct ime *owner;     /* whose composition the session holds */
} engine;

void ime_engine_dir(const char *dir)
{
	snprintf(engine.dir, sizeof(engine.dir), "%s", dir);
}

void ime_engine_locate(void)
{
	if (libdir_dev("rime/default.yaml", engine.dir, sizeof(engine.dir)) == 0 &&
	    libdir_dev("rime", engine.dir, sizeof(engine.dir)) == 0)
		return;
	snprintf(engine.dir, sizeof(engine.dir), "%s/rime", NCRE_DATADIR);
}

bool ime_engine_started(void)
{
	return engine.started;
}

const char *ime_error(void)
{
	return engine.error;
}

static bool engine_fail(const char *msgid)
{
	engine.error = msgid;
	if (engine.session != 0) {
		engine.api->destroy_session(engine.session);
		engine.session = 0;
	}
	if (engine.api != NULL && engine.started)
		engine.api->finalize();
	engine.started = false;
	return false;
}

/* Rime may select a schema whose tables it cannot open and then simply
 * offer nothing (technotes §10): ask for a candidate before trusting it. */
static bool engine_probe(void)
{
	RIME_STRUCT(RimeContext, ctx);
	bool ok;

	engine.api->process_key(engine.session, 'n', 0);
	engine.api->process_key(engine.session, 'i', 0);
	if (!engine.api->get_context(engine.session, &ctx))
		return false;
	ok = ctx.menu.num_candidates > 0;
	engine.api->free_context(&ctx);
	engine.api->clear_composition(engine.session);
	return ok;
}

bool ime_engine_start(void)
{
	char path[600];

	if (engine.started)
		return true;
	engine.error = NULL;
	if (engine.dir[0] == '\0')
		return engine_fail(N_("The input method's data is missing at this kiosk"));
	snprintf(path, sizeof(path), "%s/%s.schema.yaml", engine.dir, SCHEMA);
	if (access(path, R_OK) != 0)
		return engine_fail(N_("The input method's data is missing at this kiosk"));
	if (engine.api == NULL) {
		void *lib = dlopen(RIME_LIBRARY, RTLD_NOW | RTLD_LOCAL);
		RimeApi *(*get_api)(void);

		if (lib == NULL)
			return engine_fail(N_("The input method could not start"));
		/* POSIX's way to turn dlsym's answer into a function pointer. */
		*(void **)&get_api = dlsym(lib, "rime_get_api");
		if (get_api == NULL)
			return engine_fail(N_("The input method could not start"));
		/* The library stays loaded: its static state does not survive
		 * dlclose, and a second start reuses it. */
		engine.api = get_api();
		if (engine.api == NULL)
			return engine_fail(N_("The input method could not start"));
	}

	/* Every folder is the compiled one, opened read-only; no maintenance
	 * (which would deploy and write), and glog silenced: its level above
	 * FATAL, and an empty log_dir means stderr rather than files in /tmp. */
	RIME_STRUCT(RimeTraits, t);
	t.shared_data_dir = engine.dir;
	t.user_data_dir = engine.dir;
	t.prebuilt_data_dir = engine.dir;
	t.staging_dir = engine.dir;
	t.distribution_name = "ncre-kiosk";
	t.distribution_code_name = "ncre-kiosk";
	t.distribution_version = NCRE_VERSION;
	t.app_name = "rime.ncre-kiosk";
	t.min_log_level = 4;
	t.log_dir = "";
	if (!engine.set_up) {
		engine.api->setup(&t);
		engine.set_up = true;
	}
	engine.api->initialize(&t);
	engine.started = true;
	engine.session = engine.api->create_session();
	if (engine.session == 0)
		return engine_fail(N_("The input method could not start"));
	if (!engine.api->select_schema(engine.session, SCHEMA) || !engine_probe())
		return engine_fail(N_("The input method's data is missing at this kiosk"));
	engine.owner = NULL;
	return true;
}

void ime_engine_clear(void)
{
	if (engine.started)
		engine.api->clear_composition(engine.session);
	engine.owner = NULL;
}

void ime_engine_stop(void)
{
	if (engine.started) {
		if (engine.session != 0)
			engine.api->destroy_session(engine.session);
		engine.api->finalize();
	}
	engine.started = false;
	engine.session = 0;
	engine.owner = NULL;
	engine.error = NULL;
}

/* ---- one field's composition ----------------------------------------- */

static void clear_menu(struct ime *im)
{
	explicit_bzero(im->preedit, sizeof(im->preedit));
	explicit_bzero(im->cand, sizeof(im->cand));
	im->ncand = 0;
	im->page = 0;
	im->last_page = true;
}

static void end_composition(struct ime *im)
{
	if (engine.started && engine.owner == im) {
		engine.api->clear_composition(engine.session);
		engine.owner = NULL;
	}
	explicit_bzero(im->input, sizeof(im->input));
	clear_menu(im);
	im->kind = IME_NONE;
}

void ime_init(struct ime *im, bool zh)
{
	explicit_bzero(im, sizeof(*im));
	im->zh = zh;
	im->last_page = true;
}

void ime_wipe(struct ime *im)
{
	end_composition(im);
	explicit_bzero(im->commit, sizeof(im->commit));
}

bool ime_composing(const struct ime *im)
{
	return im->kind != IME_NONE;
}

static void add_commit(struct ime *im, const char *text)
{
	size_t have = strlen(im->commit), n = strlen(text);

	if (have + n >= sizeof(im->commit))
		n = sizeof(im->commit) - 1 - have;
	memcpy(im->commit + have, text, n);
	im->commit[have + n] = '\0';
}

/* Copy Rime's commit, input, preedit and page of candidates. */
static void pull(struct ime *im)
{
	RIME_STRUCT(RimeCommit, commit);
	RIME_STRUCT(RimeContext, ctx);
	const char *input;

	if (engine.api->get_commit(engine.session, &commit)) {
		if (commit.text != NULL)
			add_commit(im, commit.text);
		engine.api->free_commit(&commit);
	}
	clear_menu(im);
	input = engine.api->get_input(engine.session);
	if (input == NULL || input[0] == '\0') {
		explicit_bzero(im->input, sizeof(im->input));
		im->kind = IME_NONE;
		engine.owner = NULL;
		return;
	}
	snprintf(im->input, sizeof(im->input), "%s", input);
	im->kind = input[0] == '`' ? IME_STROKE : IME_PINYIN;
	if (!engine.api->get_context(engine.session, &ctx))
		return;
	if (ctx.composition.preedit != NULL)
		snprintf(im->preedit, sizeof(im->preedit), "%s", ctx.composition.preedit);
	for (int i = 0; i < ctx.menu.num_candidates && i < IME_PAGE; i++) {
		snprintf(im->cand[i], sizeof(im->cand[i]), "%s", ctx.menu.candidates[i].text);
		im->ncand++;
	}
	im->page = ctx.menu.page_no;
	im->last_page = ctx.menu.is_last_page != 0;
	engine.api->free_context(&ctx);
}

/* The session now serves im: whatever another field left there goes. */
static void own(struct ime *im)
{
	if (engine.owner != im) {
		engine.api->clear_composition(engine.session);
		engine.owner = im;
		/* im composed before another field took the session: replay it. */
		for (const char *p = im->input; *p != '\0'; p++)
			engine.api->process_key(engine.session, (unsigned char)*p, 0);
	}
}

static enum ime_rc rime_key(struct ime *im, int keysym)
{
	own(im);
	if (!engine.api->process_key(engine.session, keysym, 0)) {
		pull(im);
		return IME_REFUSED;
	}
	pull(im);
	return IME_DONE;
}

/* ---- code points: u then up to 6 hex digits ------------------------- */

static bool is_hex(wchar_t ch)
{
	return (ch >= L'0' && ch <= L'9') || (ch >= L'a' && ch <= L'f');
}

static void code_refresh(struct ime *im)
{
	unsigned long cp;
	char *end;

	clear_menu(im);
	snprintf(im->preedit, sizeof(im->preedit), "%s", im->input);
	if (im->input[1] == '\0')
		return;
	cp = strtoul(im->input + 1, &end, 16);
	if (*end != '\0' || cp < 0x80 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return;
	/* One candidate: the character, if it is printable. */
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	if (wcwidth((wchar_t)cp) < 1)
		return;
	if (wcrtomb(im->cand[0], (wchar_t)cp, &st) == (size_t)-1) {
		im->cand[0][0] = '\0';
		return;
	}
	im->ncand = 1;
}

static enum ime_rc code_key(struct ime *im, enum ime_key key, wchar_t ch)
{
	size_t n = strlen(im->input);

	if (key == IME_KEY_BACKSPACE) {
		im->input[n - 1] = '\0';
		if (n == 1)
			end_composition(im);
		else
			code_refresh(im);
		return IME_DONE;
	}
	if (key != IME_KEY_CHAR)
		return IME_REFUSED;
	if (ch == L' ') {
		if (im->ncand == 0)
			return IME_REFUSED;
		add_commit(im, im->cand[0]);
		end_composition(im);
		return IME_DONE;
	}
	/* Digits are hex digits here: u and at most 6 of them. */
	if (!is_hex(ch) || n >= 7)
		return IME_REFUSED;
	im->input[n] = (char)ch;
	im->input[n + 1] = '\0';
	code_refresh(im);
	return IME_DONE;
}

/* ---- keys ---------------------------------------------------------- */

/* Enter, a mode switch or a key that ends the composition: the letters
 * go to the field as typed (without the ` that starts strokes). */
static void commit_typed(struct ime *im)
{
	const char *typed = im->input[0] == '`' ? im->input + 1 : im->input;

	add_commit(im, typed);
	end_composition(im);
}

static bool stroke_letter(wchar_t ch)
{
	return ch == L'h' || ch == L's' || ch == L'p' || ch == L'n' || ch == L'z';
}

static enum ime_rc start(struct ime *im, wchar_t ch)
{
	if (ch == L'u') {
		/* No pinyin syllable starts with u: it starts a code point. */
		im->kind = IME_CODE;
		snprintf(im->input, sizeof(im->input), "u");
		code_refresh(im);
		return IME_DONE;
	}
	if (!ime_engine_start()) {
		im->zh = false;
		im->failed = true;
		return IME_UNAVAILABLE;
	}
	/* A new composition: nothing of another field's (or of a struct that
	 * lived at this address before) stays in the session. */
	engine.api->clear_composition(engine.session);
	engine.owner = im;
	return rime_key(im, (int)ch);
}

static enum ime_rc composing_key(struct ime *im, enum ime_key key, wchar_t ch)
{
	switch (key) {
	case IME_KEY_CHAR:
		if (ch >= L'a' && ch <= L'z') {
			if (strlen(im->input) >= IME_MAX_INPUT)
				return IME_REFUSED;
			if (im->kind == IME_STROKE && !stroke_letter(ch))
				return IME_REFUSED;
			return rime_key(im, (int)ch);
		}
		if (ch == L'`') {
			if (im->kind == IME_STROKE)
				return IME_REFUSED;
			/* From pinyin to strokes: the pinyin did not list it. */
			own(im);
			engine.api->clear_composition(engine.session);
			return rime_key(im, '`');
		}
		if (ch == L' ' || (ch >= L'1' && ch <= L'9')) {
			int i = ch == L' ' ? 0 : (int)(ch - L'1');

			if (i >= im->ncand)
				return IME_REFUSED;
			own(im);
			if (!engine.api->select_candidate_on_current_page(engine.session, (size_t)i))
				return IME_REFUSED;
			pull(im);
			return IME_DONE;
		}
		if (ch == L'-')
			return rime_key(im, XK_PAGE_UP);
		if (ch == L'=')
			return rime_key(im, XK_PAGE_DOWN);
		/* Anything else (a capital, punctuation, a character from the
		 * terminal's own input method): the letters as typed, then the key. */
		commit_typed(im);
		return IME_PASS;
	case IME_KEY_BACKSPACE:
		return rime_key(im, XK_BACKSPACE);
	case IME_KEY_PGUP:
		return rime_key(im, XK_PAGE_UP);
	case IME_KEY_PGDN:
		return rime_key(im, XK_PAGE_DOWN);
	case IME_KEY_ENTER:
		commit_typed(im);
		return IME_DONE;
	case IME_KEY_ESC:
		end_composition(im);
		return IME_DONE;
	case IME_KEY_TOGGLE:
		commit_typed(im);
		im->zh = !im->zh;
		return IME_DONE;
	case IME_KEY_OTHER:
		return IME_REFUSED;
	}
	return IME_REFUSED;
}

enum ime_rc ime_key(struct ime *im, enum ime_key key, wchar_t ch)
{
	if (im->kind == IME_CODE)
		return key == IME_KEY_ENTER || key == IME_KEY_ESC || key == IME_KEY_TOGGLE
		       ? composing_key(im, key, ch) : code_key(im, key, ch);
	if (im->kind != IME_NONE) {
		if (!engine.started) {
			/* The engine stopped under the composition (exit, tests). */
			end_composition(im);
			return IME_DONE;
		}
		return composing_key(im, key, ch);
	}
	if (key == IME_KEY_TOGGLE) {
		im->zh = !im->zh;
		return IME_DONE;
	}
	if (!im->zh || key != IME_KEY_CHAR)
		return IME_PASS;
	if ((ch >= L'a' && ch <= L'z') || ch == L'`')
		return start(im, ch);
	return IME_PASS;
}
