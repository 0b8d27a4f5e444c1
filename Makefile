# dlp-milter — top-level Makefile (GNU make). See README.md.
#
#   make            build build/dlp-milter, build/dlp-scan and build/dlp-quarantine
#   make deps       install the Debian packages building and running need (no MTA)
#   make deps-test  deps + what the tests and the benchmark need (Postfix, swaks ...)
#   make test       deps-test + build + every suite, also under ASan+UBSan;
#                   last line "N passed, N failed"
#   make run        deps + build + run the milter with the shipped config and rules
#   make bench      deps-test + build + throughput figures
#   make format     clang-format the C sources
#   make install    build for the installed locations and install (DESTDIR, PREFIX,
#                   SYSCONFDIR; e.g. DESTDIR=/tmp/x PREFIX=/usr SYSCONFDIR=/etc)
#   make deb        build/deb/dlp-milter_<version>_<arch>.deb (debian/), then lintian
#   make check-layering  the include rule of milter/ (milter/README.md)
#   make soak       Postfix + dlp-milter under faults (scanner and daemon kill -9,
#                   reload storms), every message accounted for; SOAK_MESSAGES
#                   (default 100000) and SOAK_CONCURRENCY (20)
#   make fuzz       build the libFuzzer targets (clang) and run each FUZZ_SECONDS
#                   (default 60), as many at once as there are CPUs (tests/fuzz)

CC       ?= cc
# The version, from its one source: debian/changelog (dpkg-parsechangelog, or the
# first line read with sed where dpkg-dev is missing); the programs print it with
# --version.
CHANGELOG_VERSION = sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog
VERSION  := $(shell dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null || \
                    $(CHANGELOG_VERSION))
PKGS     := gmime-3.0 libpcre2-8 libxml-2.0 libarchive libcrypto poppler-glib libgsf-1 \
            libytnef tesseract lept
CPPFLAGS += -D_GNU_SOURCE -Imilter \
            -DDLP_CONFDIR='"$(CONFDIR)"' -DDLP_RULESDIR='"$(RULESDIR)"' -DDLP_TEMPLATEDIR='"$(CONFDIR)/templates"'
WARN     := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wvla \
            -Wwrite-strings -Wpointer-arith -Wformat=2 -Wshadow -fno-common
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 $(WARN) $(shell pkg-config --cflags $(PKGS))
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lmagic -lseccomp -lpthread -lm

# The in-tree build reads the shipped config and rules from the checkout;
# `make install` builds with the installed locations instead.
CONFDIR  ?= $(CURDIR)/packaging
RULESDIR ?= $(CURDIR)/rules

B        := build
# the sanitizer build also asserts the engine's internal contracts (DLP_CHECKS) and
# has the scanners' fault-injection hook (DLP_FAULTS, scanner/fault.h); the release
# build has neither
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
            -DDLP_CHECKS -DDLP_FAULTS
# header dependencies: each object lists the headers it included (build/.../*.d)
DEPFLAGS := -MMD -MP

# The layers of milter/ (milter/README.md), bottom-up; one static archive each.
# Programs link them top-down. content/ and extract/ are one level: the dispatcher
# (content) calls the extractors, which use content's services already pulled in
# by the walk, so content's archive comes first.
LAYERS      := base content extract detect engine conf notice scanner daemon cli \
               quarantine
PROGRAM_SRC := milter/cli/dlp-scan.c milter/daemon/main.c milter/daemon/callbacks.c \
               milter/quarantine/main.c
layer_src    = $(filter-out $(PROGRAM_SRC),$(wildcard milter/$(1)/*.c))
ENGINE_LIBS := engine detect content extract base
MILTER_LIBS := $(patsubst %,$(B)/lib/lib%.a,daemon scanner notice conf $(ENGINE_LIBS))
SCAN_LIBS   := $(patsubst %,$(B)/lib/lib%.a,cli notice conf $(ENGINE_LIBS))
QUAR_LIBS   := $(patsubst %,$(B)/lib/lib%.a,quarantine conf $(ENGINE_LIBS))
BENCH_LIBS  := $(patsubst %,$(B)/lib/lib%.a,conf $(ENGINE_LIBS))
TEST_LIBS   := $(patsubst %,$(B)/lib/lib%.a,daemon scanner cli quarantine notice conf \
                 $(ENGINE_LIBS))
TEST_SRC    := $(wildcard tests/unit/test_*.c)
TESTS       := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
ATESTS      := $(TEST_SRC:tests/unit/%.c=$(B)/asan/tests/%)
# the C helpers of the unit tests (tests/lib/*.c); tests read tests/data
TESTLIB_SRC := $(wildcard tests/lib/*.c)
TESTLIB     := $(TESTLIB_SRC:tests/lib/%.c=$(B)/obj/tests/%.o)
ATESTLIB    := $(TESTLIB_SRC:tests/lib/%.c=$(B)/asan/obj/tests/%.o)
TEST_CPPFLAGS := -Itests -DDLP_TESTDATA='"$(CURDIR)/tests/data"'

# --- fuzzing (tests/fuzz/README.md) ---------------------------------------------
# One libFuzzer target per tests/fuzz/fuzz_<name>.c, built with clang in $(FB): the
# layers compiled again with -fsanitize=fuzzer-no-link,address,undefined into their
# own archives, the helpers of tests/fuzz/lib, and each target linked with
# -fsanitize=fuzzer,address,undefined (every layer, in a link group: a target
# pulls what it calls, from any layer). `make fuzz` runs each target FUZZ_SECONDS;
# `make test` builds them, replays the seeds and the crash regressions, and runs
# each target FUZZ_TEST_SECONDS (tests/run.sh).
FUZZ_CC           ?= clang
FUZZ_SECONDS      ?= 60
FUZZ_TEST_SECONDS ?= 10
FB          := $(B)/fuzz
FUZZ_SAN    := -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all -DDLP_CHECKS
FUZZ_SRC    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS     := $(FUZZ_SRC:tests/fuzz/%.c=$(FB)/%)
FUZZLIB_SRC := $(wildcard tests/fuzz/lib/*.c)
FUZZLIB     := $(FUZZLIB_SRC:tests/fuzz/lib/%.c=$(FB)/obj/fuzzlib/%.o)
FUZZ_LIBS   := $(LAYERS:%=$(FB)/lib/lib%.a)
.SECONDARY: $(FUZZLIB)

.PHONY: all deps deps-test test check check-asan check-layering run bench format \
        format-check clean soak fuzzers fuzz
all: $(B)/dlp-scan $(B)/dlp-milter $(B)/dlp-quarantine

$(B)/obj/%.o: milter/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(B)/asan/obj/%.o: milter/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) $(DEPFLAGS) -c -o $@ $<
$(B)/obj/tests/%.o: tests/lib/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(TEST_CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(B)/asan/obj/tests/%.o: tests/lib/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(TEST_CPPFLAGS) $(CFLAGS) $(SAN) $(DEPFLAGS) -c -o $@ $<

# lib_rule - the archive of one layer, and its ASan twin
define lib_rule
$(B)/lib/lib$(1).a: $(patsubst milter/%.c,$(B)/obj/%.o,$(call layer_src,$(1)))
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
$(B)/asan/lib/lib$(1).a: $(patsubst milter/%.c,$(B)/asan/obj/%.o,$(call layer_src,$(1)))
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call lib_rule,$(l))))
# the fuzzing build of a layer (tests/fuzz/README.md)
define fuzz_lib_rule
$(FB)/lib/lib$(1).a: $(patsubst milter/%.c,$(FB)/obj/%.o,$(call layer_src,$(1)))
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call fuzz_lib_rule,$(l))))

$(B)/dlp-scan: $(B)/obj/cli/dlp-scan.o $(SCAN_LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/dlp-milter: $(B)/obj/daemon/main.o $(B)/obj/daemon/callbacks.o $(MILTER_LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lmilter $(LDLIBS)
$(B)/asan/dlp-scan: $(B)/asan/obj/cli/dlp-scan.o $(subst $(B)/lib,$(B)/asan/lib,$(SCAN_LIBS))
	$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/dlp-quarantine: $(B)/obj/quarantine/main.o $(QUAR_LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/asan/dlp-quarantine: $(B)/asan/obj/quarantine/main.o \
                          $(subst $(B)/lib,$(B)/asan/lib,$(QUAR_LIBS))
	$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/asan/dlp-milter: $(B)/asan/obj/daemon/main.o $(B)/asan/obj/daemon/callbacks.o \
                      $(subst $(B)/lib,$(B)/asan/lib,$(MILTER_LIBS))
	$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ -lmilter $(LDLIBS)

$(B)/dlp-bench: bench/dlp-bench.c $(BENCH_LIBS) Makefile
	$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) $(LDFLAGS) -o $@ $< $(BENCH_LIBS) $(LDLIBS)
# the floor of the mail-flow figure: a libmilter milter that does nothing (bench/mailflow.py;
# tests/bench checks that it negotiates what dlp-milter does)
$(B)/nullmilter: bench/nullmilter.c $(B)/lib/libdaemon.a Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) $(LDFLAGS) -o $@ $< $(B)/lib/libdaemon.a \
	    -lmilter -lpthread

$(B)/tests/%: tests/unit/%.c $(TESTLIB) $(TEST_LIBS) Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(TEST_CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -o $@ $< $(TESTLIB) \
	    $(TEST_LIBS) $(LDLIBS) -lcmocka
$(B)/asan/tests/%: tests/unit/%.c $(ATESTLIB) $(subst $(B)/lib,$(B)/asan/lib,$(TEST_LIBS)) Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(TEST_CPPFLAGS) $(CFLAGS) $(SAN) $(DEPFLAGS) -o $@ $< $(ATESTLIB) \
	    $(subst $(B)/lib,$(B)/asan/lib,$(TEST_LIBS)) $(LDLIBS) -lcmocka

# unit tests that count the system calls of the code they test (their headers say
# which): the calls go through the test's __wrap_ function to the real one
$(B)/tests/test_chan $(B)/asan/tests/test_chan: LDLIBS += -Wl,--wrap=poll,--wrap=recvmsg
$(B)/tests/test_cpu_limit $(B)/asan/tests/test_cpu_limit: \
    LDLIBS += -Wl,--wrap=getrusage,--wrap=getrlimit,--wrap=setrlimit

# the programs' main files carry the version (and are rebuilt when it changes)
VERSIONED := $(foreach o,daemon/main cli/dlp-scan quarantine/main,\
                       $(B)/obj/$(o).o $(B)/asan/obj/$(o).o)
$(VERSIONED): CPPFLAGS += -DDLP_VERSION='"$(VERSION)"'
$(VERSIONED): debian/changelog
$(FB)/obj/%.o: milter/%.c Makefile
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(DEPFLAGS) \
	    -c -o $@ $<
$(FB)/obj/fuzzlib/%.o: tests/fuzz/lib/%.c Makefile
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -Itests $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    $(DEPFLAGS) -c -o $@ $<
$(FB)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZLIB) $(FUZZ_LIBS) Makefile
	$(FUZZ_CC) $(CPPFLAGS) -Itests $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(DEPFLAGS) \
	    $(LDFLAGS) -o $@ $< $(FUZZLIB) -Wl,--start-group $(FUZZ_LIBS) -Wl,--end-group \
	    $(LDLIBS)

-include $(wildcard $(B)/obj/*/*.d $(B)/asan/obj/*/*.d $(B)/tests/*.d $(B)/asan/tests/*.d \
                    $(B)/dlp-bench.d $(B)/nullmilter.d $(FB)/obj/*/*.d $(FB)/*.d)

deps:
	@sh packaging/deps.sh run
deps-test:
	@sh packaging/deps.sh test

# Everything `make test` runs, in one place: tests/run.sh prints the summary.
check: $(B)/dlp-scan $(B)/dlp-milter $(B)/dlp-quarantine $(B)/nullmilter $(TESTS)
check-asan: $(B)/asan/dlp-scan $(B)/asan/dlp-milter $(B)/asan/dlp-quarantine $(ATESTS)

test: deps-test
	$(MAKE) check check-asan fuzzers
	@FUZZ_TEST_SECONDS=$(FUZZ_TEST_SECONDS) sh tests/run.sh

# the libFuzzer targets; `make fuzz` runs each FUZZ_SECONDS, CPUs at a time
fuzzers: $(FUZZERS)
fuzz: deps-test
	$(MAKE) fuzzers
	@python3 tests/fuzz/run.py fuzz --seconds $(FUZZ_SECONDS)

# the layers of milter/: who may include whom, no include cycle, no .c over 800 lines
check-layering:
	@python3 tests/layering/check.py milter

run: deps
	$(MAKE) all
	@sh packaging/run.sh

bench: deps-test
	$(MAKE) all $(B)/dlp-bench $(B)/nullmilter
	@sh bench/run.sh

SOAK_MESSAGES    ?= 100000
SOAK_CONCURRENCY ?= 20
soak: deps-test
	$(MAKE) all
	@python3 tests/soak/soak.py --messages $(SOAK_MESSAGES) --concurrency $(SOAK_CONCURRENCY)

FORMAT_SRC = $(wildcard milter/*/*.c milter/*/*.h tests/unit/*.c tests/unit/*.h \
                        tests/lib/*.c tests/lib/*.h tests/fuzz/*.c tests/fuzz/lib/*.[ch] \
                        bench/nullmilter.c)
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	clang-format --dry-run -Werror $(FORMAT_SRC)

clean:
	rm -rf $(B)

# --- install and the Debian package ---------------------------------------------
# `make install` compiles the programs again in $(B)/install with CONFDIR and
# RULESDIR set to the installed locations (the in-tree build keeps reading the
# checkout), then installs them, the rules, the templates, the man pages and the
# configuration set up for a server (packaging/server-conf.sh). An existing
# dlp-milter.conf is kept. The system user, the directories under /var and the
# fingerprint key are the package's maintainer scripts' (README, "Install on a
# mail server").
PREFIX     ?= /usr/local
SYSCONFDIR ?= $(PREFIX)/etc
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=
ICONF      := $(SYSCONFDIR)/dlp-milter
# the sub-make appends its own -DDLP_* for the installed paths: drop ours
ISTAMP     := $(ICONF) | $(CC) | $(CFLAGS) | $(filter-out -DDLP_%,$(CPPFLAGS))

.PHONY: install deb deps-deb
install:
	@mkdir -p $(B)/install
	@if [ "$$(cat $(B)/install/.flags 2>/dev/null)" != '$(ISTAMP)' ]; then \
		rm -rf $(B)/install && mkdir -p $(B)/install && \
		echo '$(ISTAMP)' >$(B)/install/.flags; fi
	env CPPFLAGS='$(filter-out -DDLP_%,$(CPPFLAGS))' $(MAKE) B=$(B)/install \
		CONFDIR=$(ICONF) RULESDIR=$(ICONF)/rules all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(ICONF)/rules \
		$(DESTDIR)$(ICONF)/templates $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(B)/install/dlp-milter $(DESTDIR)$(PREFIX)/sbin/dlp-milter
	install -m 0755 $(B)/install/dlp-scan $(DESTDIR)$(PREFIX)/bin/dlp-scan
	install -m 0755 $(B)/install/dlp-quarantine $(DESTDIR)$(PREFIX)/sbin/dlp-quarantine
	install -m 0644 rules/*.rules $(DESTDIR)$(ICONF)/rules/
	install -m 0644 packaging/templates/* $(DESTDIR)$(ICONF)/templates/
	install -m 0644 packaging/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 packaging/man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 packaging/man/*.8 $(DESTDIR)$(MANDIR)/man8/
	@if [ -e $(DESTDIR)$(ICONF)/dlp-milter.conf ]; then \
		echo "install: keeping $(DESTDIR)$(ICONF)/dlp-milter.conf"; else \
		sh packaging/server-conf.sh packaging/dlp-milter.conf $(B)/install/dlp-milter.conf \
			$(ICONF) && \
		install -m 0644 $(B)/install/dlp-milter.conf $(DESTDIR)$(ICONF)/dlp-milter.conf; fi

# `make deb`: dpkg-buildpackage -b in a copy of the checkout's files under
# $(B)/deb (the checkout and its parent directory stay clean), the version from
# debian/changelog; then lintian, which must report no error.
deps-deb:
	@sh packaging/deps.sh deb
deb: deps-deb
	@sh packaging/deb.sh $(B)/deb
