# ncre-kiosk and ncre-server. Plain make, every library through pkg-config.
#
#   make            build build/ncre-server, build/ncre-kiosk and the catalogues
#   make run        install missing packages, build, start the demo server, open the kiosk
#   make check      every test (unit, API, end-to-end), normal and ASan+UBSan builds
#   make soak       ten minutes of mixed and hostile traffic (SOAK_SECS), figures printed
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

CC        ?= cc
PKG_CONFIG ?= pkg-config
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
SBINDIR   ?= $(PREFIX)/sbin
DATADIR   ?= $(PREFIX)/share/ncre
LOCALEDIR ?= $(PREFIX)/share/locale
MANDIR    ?= $(PREFIX)/share/man
VERSION   := 0.1.0

# BUILD is the output folder; SAN=1 builds with AddressSanitizer and UBSan.
BUILD     ?= build
SAN       ?= 0

CSTD      := -std=c17
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
OPT       ?= -O2 -g
ifeq ($(SAN),1)
OPT       := -O1 -g -fno-omit-frame-pointer
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif

CORE_PKGS   := libcjson libturbojpeg
SERVER_PKGS := libmicrohttpd gnutls sqlite3 libsodium libcjson libturbojpeg libcurl
KIOSK_PKGS  := ncursesw panelw libcurl libcjson libturbojpeg libqrencode
# The admission ticket's PDF: a module the kiosk loads when it prints (ncre-ticket-pdf.so).
TICKET_PKGS := pangocairo pangoft2 fontconfig cairo-pdf libturbojpeg libcjson
TEST_PKGS   := cmocka libcurl libcjson libturbojpeg libsodium sqlite3

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1))
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1))

CPPFLAGS  += -Iinclude -D_GNU_SOURCE -DNCRE_VERSION='"$(VERSION)"' \
	     -DNCRE_LOCALEDIR='"$(LOCALEDIR)"' -DNCRE_DATADIR='"$(DATADIR)"' \
	     -DNCRE_LIBDIR='"$(LIBDIR)/ncre"'
CFLAGS    += $(CSTD) $(WARN) $(OPT) $(SANFLAGS) -MMD -MP
LDFLAGS   += $(SANFLAGS)

CORE_SRC   := $(wildcard src/core/*.c)
SERVER_SRC := $(wildcard src/server/*.c)
KIOSK_SRC  := $(filter-out src/kiosk/ticket-pdf.c,$(wildcard src/kiosk/*.c))
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
API_SRC    := $(wildcard tests/api/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

CORE_LIB   := $(BUILD)/libncrecore.a
SERVER_BIN := $(BUILD)/ncre-server
KIOSK_BIN  := $(BUILD)/ncre-kiosk
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

.PHONY: all tests run check check-fast install uninstall clean lint deps bench fuzz soak

all: $(SERVER_BIN) $(KIOSK_BIN) $(TICKET_MOD) $(MO_FILES) $(RIME_DATA)

tests: all $(UNIT_BINS) $(API_BIN)

$(BUILD)/obj/src/core/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,$(CORE_PKGS)) -c -o $@ $<

$(BUILD)/obj/src/server/%.o: src/server/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,$(SERVER_PKGS)) -c -o $@ $<

$(BUILD)/obj/src/kiosk/%.o: src/kiosk/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,$(KIOSK_PKGS)) -c -o $@ $<

$(BUILD)/obj/src/kiosk/ticket-pdf.o: src/kiosk/ticket-pdf.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,$(TICKET_PKGS)) -c -o $@ $<

# Position-independent objects of the ticket module and the core it uses.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC $(call pc_cflags,$(CORE_PKGS) $(TICKET_PKGS)) -c -o $@ $<

$(PIC_CORE): $(patsubst %.c,$(BUILD)/pic/%.o,$(CORE_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(TICKET_MOD): $(BUILD)/pic/src/kiosk/ticket-pdf.o $(BUILD)/pic/src/kiosk/ticket-pdf-err.o $(PIC_CORE)
	$(CC) $(LDFLAGS) -shared -Wl,-z,defs -o $@ $^ $(call pc_libs,$(TICKET_PKGS)) -lm

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) $(call pc_cflags,$(TEST_PKGS) $(KIOSK_PKGS) $(TICKET_PKGS)) -c -o $@ $<

$(CORE_LIB): $(call obj,$(CORE_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(SERVER_BIN): $(call obj,$(SERVER_SRC)) $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread -lm

$(KIOSK_BIN): $(call obj,$(KIOSK_SRC)) $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(KIOSK_PKGS)) -ldl -lm

# Unit tests may also exercise kiosk modules that have no UI dependency
# (listed in tests/unit/<name>.deps, one source path per line).
unit_deps = $(call obj,$(shell cat tests/unit/$(1).deps 2>/dev/null))
.SECONDEXPANSION:
$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $$(call unit_deps,$$*) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(CORE_LIB) \
		$(call pc_libs,$(TEST_PKGS) $(KIOSK_PKGS) $(TICKET_PKGS)) -lm

$(BUILD)/tests/api/test_api: $(call obj,$(API_SRC)) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(TEST_PKGS)) -lpthread -lm

$(RIME_DATA): $(RIME_SRC) scripts/build-rime-data.sh
	./scripts/build-rime-data.sh $(BUILD)/rime $(RIME_SHARED)

$(BUILD)/locale/%/LC_MESSAGES/ncre-kiosk.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/bench/server-load: bench/server-load.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,libcurl) -o $@ $< $(LDFLAGS) $(call pc_libs,libcurl)

$(BUILD)/bench/fill-db: bench/fill-db.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,sqlite3) -o $@ $< $(LDFLAGS) $(call pc_libs,sqlite3)

$(BUILD)/bench/ref-loops: bench/ref-loops.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,sqlite3 libsodium) -o $@ $< $(LDFLAGS) \
		$(call pc_libs,sqlite3 libsodium) -lpthread

$(BUILD)/bench/pty-start: bench/pty-start.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) -lutil

$(BUILD)/bench/photo-bench: bench/photo-bench.c tests/api/photo-fixture.c src/kiosk/preview.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,libturbojpeg) -o $@ $(filter %.c,$^) $(CORE_LIB) \
		$(LDFLAGS) $(call pc_libs,libturbojpeg libcjson) -lm

$(BUILD)/bench/ticket-bench: bench/ticket-bench.c tests/api/photo-fixture.c src/kiosk/ticket-pdf.c \
		src/kiosk/ticket-pdf-err.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,$(TICKET_PKGS)) -o $@ $(filter %.c,$^) $(CORE_LIB) \
		$(LDFLAGS) $(call pc_libs,$(TICKET_PKGS)) -lm

IME_BENCH_SRC := bench/ime-bench.c src/kiosk/ime.c src/kiosk/field.c src/kiosk/widget-field.c \
		 src/kiosk/ui.c src/kiosk/i18n.c

$(BUILD)/bench/ime-bench: $(IME_BENCH_SRC) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) $(call pc_cflags,$(KIOSK_PKGS)) -o $@ $(IME_BENCH_SRC) \
		$(CORE_LIB) $(LDFLAGS) $(call pc_libs,$(KIOSK_PKGS)) -lm

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
	./bench/photo.sh $(BUILD)
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
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,libturbojpeg) -o $@ $^ $(LDFLAGS) \
		$(call pc_libs,libturbojpeg)

fuzz: $(BUILD)/fuzz/fuzz_photo $(BUILD)/fuzz/seeds
	./tests/fuzz/run.sh $(BUILD) $(FUZZ_SECS)

deps:
	./scripts/install-deps.sh

run: deps
	$(MAKE) all
	./scripts/run-demo.sh

# Normal build first, then the sanitizer build; tests/run.sh runs every
# suite against both and prints "N passed, N failed".
check: deps
	$(MAKE) tests
	$(MAKE) BUILD=build/asan SAN=1 tests
	$(MAKE) build/fuzz/fuzz_photo build/fuzz/seeds
	./tests/run.sh build build/asan

check-fast: deps
	$(MAKE) tests
	./tests/run.sh build

lint:
	./scripts/lint.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(KIOSK_BIN) $(DESTDIR)$(BINDIR)/ncre-kiosk
	install -d $(DESTDIR)$(LIBDIR)/ncre
	install -m 644 $(TICKET_MOD) $(DESTDIR)$(LIBDIR)/ncre/ncre-ticket-pdf.so
	install -m 755 $(SERVER_BIN) $(DESTDIR)$(SBINDIR)/ncre-server
	cp -R data forms $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(DATADIR)/rime
	install -m 644 $(BUILD)/rime/* $(DESTDIR)$(DATADIR)/rime/
	for m in man/*.[1-9]; do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for mo in $(MO_FILES); do \
		l=$${mo#$(BUILD)/locale/}; install -d $(DESTDIR)$(LOCALEDIR)/$${l%/*}; \
		install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l; done
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(DATADIR)/examples
	sed 's|/usr/local/sbin/|$(SBINDIR)/|' deploy/ncre-server.service \
		> $(DESTDIR)$(PREFIX)/lib/systemd/system/ncre-server.service
	chmod 644 $(DESTDIR)$(PREFIX)/lib/systemd/system/ncre-server.service
	install -m 644 deploy/kiosk.conf deploy/server.conf $(DESTDIR)$(DATADIR)/examples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ncre-kiosk $(DESTDIR)$(SBINDIR)/ncre-server
	rm -rf $(DESTDIR)$(LIBDIR)/ncre
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj $(BUILD)/pic -name '*.d' 2>/dev/null)
