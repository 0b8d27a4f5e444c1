# dlp-milter — top-level Makefile (GNU make). See README.md.
#
#   make            build build/dlp-milter and build/dlp-scan
#   make deps       install the Debian packages building and running need (no MTA)
#   make deps-test  deps + what the tests and the benchmark need (Postfix, swaks ...)
#   make test       deps-test + build + every suite, also under ASan+UBSan;
#                   last line "N passed, N failed"
#   make run        deps + build + run the milter with the shipped config and rules
#   make bench      deps-test + build + throughput figures
#   make format     clang-format the C sources

CC       ?= cc
PKGS     := gmime-3.0 libpcre2-8 libxml-2.0 libarchive libcrypto
CPPFLAGS += -D_GNU_SOURCE -Imilter \
            -DDLP_CONFDIR='"$(CONFDIR)"' -DDLP_RULESDIR='"$(RULESDIR)"' -DDLP_TEMPLATEDIR='"$(CONFDIR)/templates"'
WARN     := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wvla \
            -Wwrite-strings -Wpointer-arith -Wformat=2 -Wshadow -fno-common
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 $(WARN) $(shell pkg-config --cflags $(PKGS))
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lmagic -lpthread

# The in-tree build reads the shipped config and rules from the checkout;
# `make install` builds with the installed locations instead.
CONFDIR  ?= $(CURDIR)/packaging
RULESDIR ?= $(CURDIR)/rules

B        := build
# the sanitizer build also asserts the engine's internal contracts (DLP_CHECKS)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
            -DDLP_CHECKS

PROGRAM_SRC := milter/dlp-scan.c milter/main.c milter/callbacks.c
ENGINE_SRC  := $(filter-out $(PROGRAM_SRC),$(wildcard milter/*.c))
ENGINE_OBJ  := $(ENGINE_SRC:milter/%.c=$(B)/obj/%.o)
ENGINE_AOBJ := $(ENGINE_SRC:milter/%.c=$(B)/asan/obj/%.o)
TEST_SRC    := $(wildcard tests/unit/test_*.c)
TESTS       := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
ATESTS      := $(TEST_SRC:tests/unit/%.c=$(B)/asan/tests/%)

.PHONY: all deps deps-test test check check-asan run bench format format-check clean
all: $(B)/dlp-scan $(B)/dlp-milter

$(B)/obj/%.o: milter/%.c milter/*.h Makefile | $(B)/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(B)/asan/obj/%.o: milter/%.c milter/*.h Makefile | $(B)/asan/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -c -o $@ $<

$(B)/libengine.a: $(ENGINE_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/asan/libengine.a: $(ENGINE_AOBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/dlp-scan: $(B)/obj/dlp-scan.o $(B)/libengine.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(B)/dlp-milter: $(B)/obj/main.o $(B)/obj/callbacks.o $(B)/libengine.a
	$(CC) $(CFLAGS) -o $@ $^ -lmilter $(LDLIBS)
$(B)/asan/dlp-milter: $(B)/asan/obj/main.o $(B)/asan/obj/callbacks.o $(B)/asan/libengine.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ -lmilter $(LDLIBS)

$(B)/asan/dlp-scan: $(B)/asan/obj/dlp-scan.o $(B)/asan/libengine.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

$(B)/dlp-bench: bench/dlp-bench.c $(B)/libengine.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/*.h $(B)/libengine.a | $(B)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libengine.a $(LDLIBS) -lcmocka
$(B)/asan/tests/%: tests/unit/%.c tests/unit/*.h $(B)/asan/libengine.a | $(B)/asan/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -o $@ $< $(B)/asan/libengine.a $(LDLIBS) -lcmocka

$(B)/obj $(B)/asan/obj $(B)/tests $(B)/asan/tests:
	mkdir -p $@

deps:
	@sh packaging/deps.sh run
deps-test:
	@sh packaging/deps.sh test

# Everything `make test` runs, in one place: tests/run.sh prints the summary.
check: $(B)/dlp-scan $(B)/dlp-milter $(TESTS)
check-asan: $(B)/asan/dlp-scan $(B)/asan/dlp-milter $(ATESTS)

test: deps-test
	$(MAKE) check check-asan
	@sh tests/run.sh

run: deps
	$(MAKE) all
	@sh packaging/run.sh

bench: deps-test
	$(MAKE) all $(B)/dlp-bench
	@sh bench/run.sh

FORMAT_SRC = $(wildcard milter/*.c milter/*.h tests/unit/*.c tests/unit/*.h)
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	clang-format --dry-run -Werror $(FORMAT_SRC)

clean:
	rm -rf $(B)
