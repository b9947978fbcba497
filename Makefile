# ncre-kiosk and ncre-server. Plain make, every library through pkg-config.
#
#   make            build build/ncre-server, build/ncre-kiosk and the catalogues
#   make run        install missing packages, build, start the demo server, open the kiosk
#   make check      every test (unit, API, end-to-end), normal and ASan+UBSan builds
#   make soak       ten minutes of mixed and hostile traffic (SOAK_SECS), figures printed
#   make install    PREFIX=/usr/local DESTDIR= (and BINDIR, DATADIR... below)
#   make uninstall  the same variables: removes what install put down
#   make deb        the Debian packages in build/debs (docs/deployment.md)
#   make check-deb  install those packages here, use them, purge (root)
#   make update-po  po/ncre-kiosk.pot from the sources, merged into po/*.po
#   make clean

CC        ?= cc
PKG_CONFIG ?= pkg-config
# Installation directories. Recorded at build time in $(PATHS_H): changing
# one (make install PREFIX=/usr) rebuilds what depends on it.
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
SBINDIR   ?= $(PREFIX)/sbin
DATADIR   ?= $(PREFIX)/share/ncre
LOCALEDIR ?= $(PREFIX)/share/locale
MANDIR    ?= $(PREFIX)/share/man
UNITDIR   ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR    ?= /etc
LOCALSTATEDIR ?= /var
VERSION   := 0.1.0

# BUILD is the output folder; SAN=1 builds with AddressSanitizer and UBSan.
# DEVPATHS=1 (the default build): the programs also look for their data
# beside themselves (build/locale, build/rime, ../forms, ./forms), so the
# build tree runs without installing. "make install" builds with DEVPATHS=0
# in $(BUILD)/release: an installed program reads only its installed places.
BUILD     ?= build
SAN       ?= 0
DEVPATHS  ?= 1

# Flags the build needs live in NCRE_*; CFLAGS, CPPFLAGS and LDFLAGS are the
# user's (dpkg-buildflags) and are appended, so "make CFLAGS=-O0" keeps
# -std=c17, the warnings, -MMD and the sanitizers.
CSTD      := -std=c17
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
OPT       := -O2 -g
ifeq ($(SAN),1)
OPT       := -O1 -g
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif
CFLAGS    ?= $(OPT)

CORE_PKGS   := libcjson libturbojpeg
SERVER_PKGS := libmicrohttpd gnutls sqlite3 libpq libsodium libcjson libturbojpeg libcurl libsystemd
KIOSK_PKGS  := ncursesw panelw libcjson libturbojpeg libqrencode libsodium
# The kiosk's network helper (ncre-kiosk-net): libcurl, in a process of its own.
NET_PKGS    := libcurl
# The admission ticket's PDF: a module the kiosk loads when it prints (ncre-ticket-pdf.so).
TICKET_PKGS := pangocairo pangoft2 fontconfig cairo-pdf libturbojpeg libcjson
TEST_PKGS   := cmocka libcurl libcjson libturbojpeg libsodium sqlite3 libpq

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1))
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1))

PATHS_H   := $(BUILD)/gen/ncre-paths.h
NCRE_CPPFLAGS := -Iinclude -I$(BUILD)/gen -D_GNU_SOURCE -DNCRE_VERSION='"$(VERSION)"'
NCRE_CFLAGS   := $(CSTD) $(WARN) $(SANFLAGS) -MMD -MP
NCRE_LDFLAGS  := $(SANFLAGS)
ALL_CPPFLAGS  = $(NCRE_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS    = $(NCRE_CFLAGS) $(CFLAGS)
ALL_LDFLAGS   = $(NCRE_LDFLAGS) $(LDFLAGS)

CORE_SRC   := $(wildcard src/core/*.c)
SERVER_SRC := $(wildcard src/server/*.c)
KIOSK_SRC  := $(filter-out src/kiosk/ticket-pdf.c src/kiosk/net-helper.c,$(wildcard src/kiosk/*.c))
NET_SRC    := src/kiosk/net-helper.c src/kiosk/net-frame.c
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
API_SRC    := $(wildcard tests/api/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

CORE_LIB   := $(BUILD)/libncrecore.a
SERVER_BIN := $(BUILD)/ncre-server
KIOSK_BIN  := $(BUILD)/ncre-kiosk
NET_BIN    := $(BUILD)/ncre-kiosk-net
TICKET_MOD := $(BUILD)/ncre-ticket-pdf.so
PIC_CORE   := $(BUILD)/libncrecore-pic.a
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))
API_BIN    := $(if $(API_SRC),$(BUILD)/tests/api/test_api)

PO_FILES   := $(wildcard po/*.po)
MO_FILES   := $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/ncre-kiosk.mo,$(PO_FILES))

# librime is not linked: ime.c loads it (dlopen) when a field first
# composes, so the kiosk's start does not wait for its libraries.
# The input method's compiled Rime data (scripts/build-rime-data.sh), beside
# the kiosk binary; RIME_SHARED holds Debian's dictionaries.
RIME_SHARED ?= /usr/share/rime-data
RIME_SRC   := $(wildcard data/rime/*.yaml)
RIME_DATA  := $(BUILD)/rime/default.yaml

MAN_SRC    := $(wildcard man/*.[1-9])
MAN_PAGES  := $(patsubst man/%,$(BUILD)/man/%,$(MAN_SRC))

.PHONY: all tests run check check-fast check-deb deb install uninstall clean lint deps bench fuzz \
	soak update-po FORCE

all: $(SERVER_BIN) $(KIOSK_BIN) $(NET_BIN) $(TICKET_MOD) $(MO_FILES) $(RIME_DATA) $(MAN_PAGES)

# The directories as the programs and man pages see them; rewritten only
# when one changes, so objects that include it (-MMD) rebuild exactly then.
PATHS := NCRE_PREFIX=$(PREFIX) NCRE_BINDIR=$(BINDIR) NCRE_SBINDIR=$(SBINDIR) \
	 NCRE_DATADIR=$(DATADIR) NCRE_LOCALEDIR=$(LOCALEDIR) NCRE_LIBDIR=$(LIBDIR)/ncre \
	 NCRE_MANDIR=$(MANDIR) NCRE_SYSCONFDIR=$(SYSCONFDIR)/ncre \
	 NCRE_LOCALSTATEDIR=$(LOCALSTATEDIR)/lib/ncre
$(PATHS_H): FORCE
	@mkdir -p $(dir $@)
	@{ echo '/* Generated by make from PREFIX and the other directories. */'; \
	  for kv in $(PATHS); do echo "#define $${kv%%=*} \"$${kv#*=}\""; done; \
	  echo '#define NCRE_DEV_PATHS $(if $(filter 1,$(DEVPATHS)),1,0)'; } >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; echo "paths: $@"; fi

# Man pages with @DATADIR@ and the like replaced by the recorded directories.
$(BUILD)/man/%: man/% $(PATHS_H)
	@mkdir -p $(dir $@)
	sed $(foreach kv,$(PATHS),-e 's|@$(patsubst NCRE_%,%,$(firstword $(subst =, ,$(kv))))@|$(lastword $(subst =, ,$(kv)))|g') $< >$@

tests: all $(UNIT_BINS) $(API_BIN)

$(BUILD)/obj/src/core/%.o: src/core/%.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,$(CORE_PKGS)) -c -o $@ $<

$(BUILD)/obj/src/server/%.o: src/server/%.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,$(SERVER_PKGS)) -c -o $@ $<

$(BUILD)/obj/src/kiosk/%.o: src/kiosk/%.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,$(KIOSK_PKGS)) -c -o $@ $<

$(BUILD)/obj/src/kiosk/net-helper.o: src/kiosk/net-helper.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,$(NET_PKGS)) -c -o $@ $<

$(BUILD)/obj/src/kiosk/ticket-pdf.o: src/kiosk/ticket-pdf.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,$(TICKET_PKGS)) -c -o $@ $<

# Position-independent objects of the ticket module and the core it uses.
$(BUILD)/pic/%.o: %.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fPIC $(call pc_cflags,$(CORE_PKGS) $(TICKET_PKGS)) -c -o $@ $<

$(PIC_CORE): $(patsubst %.c,$(BUILD)/pic/%.o,$(CORE_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(TICKET_MOD): $(BUILD)/pic/src/kiosk/ticket-pdf.o $(BUILD)/pic/src/kiosk/ticket-pdf-err.o $(PIC_CORE)
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-z,defs -o $@ $^ $(call pc_libs,$(TICKET_PKGS)) -lm

$(BUILD)/obj/tests/%.o: tests/%.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(call pc_cflags,$(TEST_PKGS) $(KIOSK_PKGS) $(TICKET_PKGS)) -c -o $@ $<

$(CORE_LIB): $(call obj,$(CORE_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(SERVER_BIN): $(call obj,$(SERVER_SRC)) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread -lm

$(KIOSK_BIN): $(call obj,$(KIOSK_SRC)) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pc_libs,$(KIOSK_PKGS)) -ldl -lm

# libcurl and its closure live in the helper only (api.c, net-helper.c).
$(NET_BIN): $(call obj,$(NET_SRC)) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pc_libs,$(NET_PKGS))

# Unit tests may also exercise kiosk modules that have no UI dependency
# (listed in tests/unit/<name>.deps, one source path per line).
unit_deps = $(call obj,$(shell cat tests/unit/$(1).deps 2>/dev/null))
.SECONDEXPANSION:
$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $$(call unit_deps,$$*) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $(UNIT_LDFLAGS) -o $@ $(filter %.o,$^) $(CORE_LIB) \
		$(call pc_libs,$(TEST_PKGS) $(KIOSK_PKGS) $(TICKET_PKGS)) -lm

# The buffer's test sees each block the buffer allocates and frees.
$(BUILD)/tests/unit/test_buf: UNIT_LDFLAGS := -Wl,--wrap=malloc,--wrap=free

$(BUILD)/tests/api/test_api: $(call obj,$(API_SRC)) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pc_libs,$(TEST_PKGS)) -lpthread -lm

$(RIME_DATA): $(RIME_SRC) scripts/build-rime-data.sh
	./scripts/build-rime-data.sh $(BUILD)/rime $(RIME_SHARED)

$(BUILD)/locale/%/LC_MESSAGES/ncre-kiosk.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/bench/server-load: bench/server-load.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,libcurl) -o $@ $< $(ALL_LDFLAGS) $(call pc_libs,libcurl)

$(BUILD)/bench/fill-db: bench/fill-db.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,sqlite3) -o $@ $< $(ALL_LDFLAGS) $(call pc_libs,sqlite3)

$(BUILD)/bench/ref-loops: bench/ref-loops.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,sqlite3 libsodium) -o $@ $< $(ALL_LDFLAGS) \
		$(call pc_libs,sqlite3 libsodium) -lpthread

$(BUILD)/bench/pty-start: bench/pty-start.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -lutil

$(BUILD)/bench/photo-bench: bench/photo-bench.c tests/api/photo-fixture.c src/kiosk/preview.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,libturbojpeg) -o $@ $(filter %.c,$^) $(CORE_LIB) \
		$(ALL_LDFLAGS) $(call pc_libs,libturbojpeg libcjson) -lm

$(BUILD)/bench/ticket-bench: bench/ticket-bench.c tests/api/photo-fixture.c src/kiosk/ticket-pdf.c \
		src/kiosk/ticket-pdf-err.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,$(TICKET_PKGS)) -o $@ $(filter %.c,$^) $(CORE_LIB) \
		$(ALL_LDFLAGS) $(call pc_libs,$(TICKET_PKGS)) -lm

IME_BENCH_SRC := bench/ime-bench.c src/kiosk/ime.c src/kiosk/field.c src/kiosk/widget-field.c \
		 src/kiosk/ui.c src/kiosk/i18n.c src/kiosk/libdir.c

$(BUILD)/bench/ime-bench: $(IME_BENCH_SRC) $(CORE_LIB) | $(PATHS_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(call pc_cflags,$(KIOSK_PKGS)) -o $@ $(IME_BENCH_SRC) \
		$(CORE_LIB) $(ALL_LDFLAGS) $(call pc_libs,$(KIOSK_PKGS)) -lm

# Benchmarks print figures beside their references from the same run;
# docs/performance.md records them. GROWTH_SIZES, ROUNDS, SECS, RUNS shorten it.
BENCH_TOOLS := $(BUILD)/bench/server-load $(BUILD)/bench/photo-bench $(BUILD)/bench/ticket-bench \
	       $(BUILD)/bench/fill-db $(BUILD)/bench/ref-loops $(BUILD)/bench/pty-start \
	       $(BUILD)/bench/ime-bench
bench: all $(BENCH_TOOLS)
	./bench/http.sh $(BUILD)
	./bench/growth.sh $(BUILD)
	./bench/kiosk.sh $(BUILD)
	./bench/server.sh $(BUILD)
	./bench/pg-statements.sh $(BUILD)
	./bench/pg.sh $(BUILD)
	./bench/photo.sh $(BUILD)
	./bench/idle-tls.sh $(BUILD)
	./bench/tty-bytes.sh $(BUILD)
	./$(BUILD)/bench/ticket-bench
	./$(BUILD)/bench/ime-bench
	./bench/ime-kiosk.sh $(BUILD)

# Ten minutes (SOAK_SECS) of mixed traffic with hostile clients; not in make check.
soak: all
	./bench/soak.sh $(BUILD)

# libFuzzer build of the photo checker (clang, ASan+UBSan, its own objects).
# `make fuzz` runs it FUZZ_SECS seconds; make check runs it briefly.
CLANG      ?= clang
FUZZ_SECS  ?= 10
PHOTO_CORE := src/core/photo.c src/core/exif.c src/core/errors.c

$(BUILD)/fuzz/fuzz_photo: tests/fuzz/fuzz_photo.c $(PHOTO_CORE) include/ncre/photo.h
	@mkdir -p $(dir $@)
	$(CLANG) -std=c17 -g -O1 -Iinclude -D_GNU_SOURCE \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o $@ tests/fuzz/fuzz_photo.c $(PHOTO_CORE) $(call pc_libs,libturbojpeg)

$(BUILD)/fuzz/seeds: tests/fuzz/seeds.c tests/api/photo-fixture.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pc_cflags,libturbojpeg) -o $@ $^ $(ALL_LDFLAGS) \
		$(call pc_libs,libturbojpeg)

fuzz: $(BUILD)/fuzz/fuzz_photo $(BUILD)/fuzz/seeds
	./tests/fuzz/run.sh $(BUILD) $(FUZZ_SECS)

deps:
	./scripts/install-deps.sh

run: deps
	$(MAKE) all
	./scripts/run-demo.sh

# Normal build first, then the sanitizer build; tests/run.sh runs every
# suite against both and prints "N passed, N failed". The builds use every
# core (CHECK_JOBS, nproc by default) unless make was given -j itself.
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
CHECK_J     = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(CHECK_JOBS))
check: deps
	$(MAKE) $(CHECK_J) tests
	$(MAKE) $(CHECK_J) BUILD=build/asan SAN=1 tests
	$(MAKE) $(CHECK_J) build/fuzz/fuzz_photo build/fuzz/seeds
	./tests/run.sh build build/asan

check-fast: deps
	$(MAKE) $(CHECK_J) tests
	./tests/run.sh build

lint:
	./scripts/lint.sh

# The kiosk's catalogue: po/ncre-kiosk.pot from the sources (xgettext), then
# msgmerge into po/*.po; translate what is new (tests/i18n/check-po.sh).
update-po:
	./scripts/update-po.sh

# What "make install" puts down, and "make uninstall" takes away again.
INSTALLED := $(BINDIR)/ncre-kiosk $(SBINDIR)/ncre-server $(LIBDIR)/ncre \
	     $(DATADIR) $(UNITDIR)/ncre-server.service \
	     $(foreach m,$(MAN_SRC),$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m))) \
	     $(patsubst po/%.po,$(LOCALEDIR)/%/LC_MESSAGES/ncre-kiosk.mo,$(PO_FILES))

ifeq ($(DEVPATHS),1)
# The build tree's programs look for their data beside themselves: install
# a build that reads only the installed places.
install:
	$(MAKE) BUILD=$(BUILD)/release DEVPATHS=0 install
else
install: all $(BUILD)/deploy/ncre-server.service $(BUILD)/deploy/server.conf $(BUILD)/deploy/kiosk.conf
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR)/ncre \
		$(DESTDIR)$(DATADIR)/data $(DESTDIR)$(DATADIR)/rime $(DESTDIR)$(DATADIR)/examples \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(UNITDIR)
	install -m 755 $(KIOSK_BIN) $(DESTDIR)$(BINDIR)/ncre-kiosk
	install -m 755 $(SERVER_BIN) $(DESTDIR)$(SBINDIR)/ncre-server
	install -m 755 $(NET_BIN) $(DESTDIR)$(LIBDIR)/ncre/ncre-kiosk-net
	install -m 644 $(TICKET_MOD) $(DESTDIR)$(LIBDIR)/ncre/ncre-ticket-pdf.so
	install -d $(DESTDIR)$(DATADIR)/forms/options
	install -m 644 forms/*.json $(DESTDIR)$(DATADIR)/forms/
	install -m 644 forms/options/*.json $(DESTDIR)$(DATADIR)/forms/options/
	install -m 644 data/demo.json $(DESTDIR)$(DATADIR)/data/
	install -m 644 $(BUILD)/rime/* $(DESTDIR)$(DATADIR)/rime/
	for m in $(MAN_PAGES); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for mo in $(MO_FILES); do \
		l=$${mo#$(BUILD)/locale/}; install -d $(DESTDIR)$(LOCALEDIR)/$${l%/*}; \
		install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l; done
	install -m 644 $(BUILD)/deploy/ncre-server.service $(DESTDIR)$(UNITDIR)/
	install -m 644 $(BUILD)/deploy/kiosk.conf $(BUILD)/deploy/server.conf \
		$(DESTDIR)$(DATADIR)/examples/
endif

# The unit and the example settings, with the directories filled in.
$(BUILD)/deploy/%: deploy/% $(PATHS_H)
	@mkdir -p $(dir $@)
	sed $(foreach kv,$(PATHS),-e 's|@$(patsubst NCRE_%,%,$(firstword $(subst =, ,$(kv))))@|$(lastword $(subst =, ,$(kv)))|g') $< >$@

uninstall:
	rm -rf $(addprefix $(DESTDIR),$(INSTALLED))
	for d in $(addprefix $(DESTDIR),$(sort $(dir $(filter %.mo,$(INSTALLED))))); do \
		rmdir "$$d" "$${d%/LC_MESSAGES/}" 2>/dev/null || true; done

# Debian packages (debian/): ncre-common, ncre-server, ncre-kiosk and
# ncre-kiosk-terminal, written to $(DEBS) with their .buildinfo and .changes.
DEBS ?= build/debs
deb:
	./scripts/build-debs.sh $(DEBS)

# The packages as a site installs them: built, installed with apt, the
# server started with its unit's command line, the kiosk run from /usr/bin,
# then purged (tests/deb/run.sh; needs root, changes the machine).
check-deb: deps
	./tests/deb/run.sh $(DEBS)

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj $(BUILD)/pic -name '*.d' 2>/dev/null)
