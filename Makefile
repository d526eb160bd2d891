# forkbench: build, benchmark, test.  `make bench` and `make test` are the two entry points;
# both install missing Debian packages first (make deps).
CC      ?= cc
CFLAGS  ?= -O2 -g
# -fno-math-errno: nothing reads errno after maths, and it lets sqrt be an instruction rather
# than a libm call (the benchmarking binary does not link libm: see harness/stats.c).
WFLAGS  := -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers -fno-math-errno
# A shipped source (make fleet's archive, git-archived) has no .git but a VERSION file: the
# controller's `git describe`, so every host's meta.json keeps the commit.
VERSION := $(shell cat VERSION 2>/dev/null || git describe --always --dirty 2>/dev/null || echo unknown)
CPPFLAGS := -D_GNU_SOURCE -Iharness -Ibench -DFORKBENCH_VERSION='"$(VERSION)"'
# libpfm4 is dlopen'ed, not linked: see harness/pfm_dl.h. libm only in forkbench-compare.
LDLIBS  := -ldl -lpthread
# Bind every libc symbol at start-up: a lazy PLT resolution must never land inside a timed
# interval, nor in a vfork/CLONE_VM child that shares the parent's memory.
LDFLAGS := -Wl,-z,now
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

B := build
HARNESS_SRC := $(wildcard harness/*.c)
BENCH_SRC   := $(filter-out bench/child-%.c bench/overhead-loop.c bench/compare_main.c,\
		$(wildcard bench/*.c))
TEST_SRC    := $(wildcard tests/*_test.c)

HARNESS_OBJ     := $(HARNESS_SRC:%.c=$(B)/obj/%.o)
BENCH_OBJ       := $(BENCH_SRC:%.c=$(B)/obj/%.o)
HARNESS_SAN_OBJ := $(HARNESS_SRC:%.c=$(B)/san/%.o)
BENCH_SAN_OBJ   := $(filter-out $(B)/san/bench/main.o,$(BENCH_SRC:%.c=$(B)/san/%.o))
TEST_BIN        := $(TEST_SRC:tests/%.c=$(B)/tests/%)

# `forkbench compare` runs build/forkbench-compare: its statistics need libm, and forkbench
# itself must not load one library more than it needs (every mapping is copied by each fork).
# All of compare is bench/compare*.c; compare_main.c is its main.
COMPARE_SRC  := $(filter-out bench/compare_main.c,$(wildcard bench/compare*.c))
COMPARE_ONLY := $(COMPARE_SRC:%.c=$(B)/obj/%.o)
FORKBENCH_OBJ := $(filter-out $(COMPARE_ONLY),$(BENCH_OBJ) $(HARNESS_OBJ))

PROGS := $(B)/forkbench $(B)/forkbench-compare $(B)/child-static $(B)/child-dynamic

.PHONY: all deps bench test tests plots aggregate compare clean bench-overhead soak fuzz \
	fuzz-build lint valgrind fleet
all: $(PROGS)

# DEPS=bench installs only what make bench needs (make fleet's hosts); default: everything.
deps:
	@sh scripts/deps.sh $(DEPS)

$(B)/obj/%.o: %.c $(wildcard harness/*.h bench/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) -c -o $@ $<

$(B)/san/%.o: %.c $(wildcard harness/*.h bench/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WFLAGS) -c -o $@ $<

# The version goes into meta.json through sysinfo.c: rebuild it whenever `git describe` changes
# (a commit, or a tree turning dirty or clean), not only when the source does.
$(B)/version: FORCE
	@mkdir -p $(dir $@)
	@echo '$(VERSION)' | cmp -s - $@ 2>/dev/null || echo '$(VERSION)' >$@
$(B)/obj/harness/sysinfo.o $(B)/san/harness/sysinfo.o $(B)/fuzz/obj/harness/sysinfo.o: $(B)/version
.PHONY: FORCE
FORCE:

$(B)/forkbench: $(FORKBENCH_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
	@! nm -u $@ | grep -qE ' (sqrt|exp|log|lgamma|erfc)(@|$$)' || \
		{ echo "forkbench must not need libm (see harness/stats.c)" >&2; rm -f $@; exit 1; }

$(B)/forkbench-compare: $(B)/obj/bench/compare_main.o $(COMPARE_ONLY) $(HARNESS_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(sort $^) $(LDLIBS) -lm

# The static exec target has no libc at all: _start stamps the clock and exits (see the file).
$(B)/child-static: bench/child-static.c bench/cpu_stamp.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -g $(WFLAGS) -static -nostdlib -fno-stack-protector -fno-pie -no-pie -o $@ $<

$(B)/child-dynamic: bench/child-dynamic.c bench/cpu_stamp.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WFLAGS) -o $@ $<

$(B)/overhead-loop: bench/overhead-loop.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WFLAGS) $(LDFLAGS) -o $@ $<

# A million creations of mixed methods; the harness's RSS and descriptors must not grow
# (docs/RELIABILITY.md). Minutes, so not part of make test. SOAK_N= changes the count.
soak: $(PROGS)
	sh scripts/soak.sh $(if $(SOAK_N),-n $(SOAK_N))

# The harness against a bare fork/vfork/posix_spawn loop, same machine, same run (README).
bench-overhead: deps
	@$(MAKE) --no-print-directory $(PROGS) $(B)/overhead-loop
	sh scripts/overhead.sh

# C unit tests: Check, ASan+UBSan, linked against the sanitized harness and bench objects.
$(B)/tests/%: tests/%.c tests/tap_skip.h $(HARNESS_SAN_OBJ) $(BENCH_SAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WFLAGS) -o $@ $(filter-out %.h,$^) $$(pkg-config --cflags --libs check) $(LDLIBS)

# libFuzzer targets (tests/fuzz/): clang, ASan+UBSan, over their own build of the sources.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_BIN     := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJ     := $(filter-out $(B)/fuzz/obj/bench/main.o,$(HARNESS_SRC:%.c=$(B)/fuzz/obj/%.o) \
		$(BENCH_SRC:%.c=$(B)/fuzz/obj/%.o))
# Without clang the fuzz smoke tests skip (tests/fuzz.bats) rather than break make test.
HAVE_FUZZ_CC := $(shell command -v $(FUZZ_CC) 2>/dev/null)

$(B)/fuzz/obj/%.o: %.c $(wildcard harness/*.h bench/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WFLAGS) -c -o $@ $<

$(FUZZ_BIN): $(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(WFLAGS) -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

fuzz-build: $(FUZZ_BIN)

# Each target for FUZZ_SECONDS over its seed corpus: make fuzz [FUZZ_SECONDS=600]
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	sh scripts/fuzz.sh -t $(FUZZ_SECONDS)

# cppcheck + clang-tidy over harness/ and bench/, shellcheck over the scripts; make test runs it too.
lint: deps
	sh scripts/lint.sh

# memcheck over a short latency run of the non-CLONE_VM methods (~25 s; not in make test).
valgrind: deps
	@$(MAKE) --no-print-directory $(PROGS)
	sh scripts/valgrind.sh

tests: $(PROGS) $(TEST_BIN) $(if $(HAVE_FUZZ_CC),$(FUZZ_BIN))

# Everything runs through prove (TAP): Check binaries and bats files alike (scripts/tap-run.sh),
# as root and, for the files with a root-only path, once more as nobody; then make lint; then
# the list of skips with their reasons (scripts/test.sh, DESIGN §10).
test: deps
	@$(MAKE) --no-print-directory tests
	sh scripts/test.sh $(TEST_BIN) $(wildcard tests/*_test.py) $(wildcard tests/*.bats)

# The suite's size: SUITE=smoke|quick|default|full, QUICK=1 and FULL=1 its aliases (scripts/suite.sh
# refuses any other name, exit 2). RAISE_LIMITS=1 (root) lets the full sweeps raise
# vm.max_map_count and kernel.pid_max, restored after the run; without it nothing global changes.
SUITE_SIZE = $(or $(SUITE),$(if $(QUICK),quick),$(if $(FULL),full),default)

# Through scripts/build.sh: under sudo what the build writes belongs to the invoking user.
bench: deps
	@MAKE='$(MAKE)' sh scripts/build.sh $(B) $(PROGS)
	sh scripts/suite.sh --$(SUITE_SIZE) $(if $(RAISE_LIMITS),--raise-limits)

# The suite on every host of an Ansible inventory (README "Running on a fleet"):
# make fleet INVENTORY=FILE [SUITE=...|QUICK=1|FULL=1] [BASELINE=HOST] [FORKS=N] [FLEET=DIR].
# The controller builds too: each host is compared with the baseline here. scripts/fleet.sh
# exits 0, 1 (a host failed) or 2 (bad input); make reports any failure as its own 2.
fleet: deps
	@test -n "$(INVENTORY)" || { echo "usage: make fleet INVENTORY=FILE [SUITE=smoke|quick|default|full] [BASELINE=HOST] [FORKS=N] [FLEET=DIR]" >&2; exit 2; }
	@MAKE='$(MAKE)' sh scripts/build.sh $(B) $(PROGS) >&2
	@sh scripts/fleet.sh --inventory '$(INVENTORY)' --suite '$(SUITE_SIZE)' \
		$(if $(BASELINE),--baseline '$(BASELINE)') --forks '$(or $(FORKS),10)' \
		$(if $(FLEET),--fleet '$(FLEET)')

# Redraw one run's charts and report: make plots RUN=results/<run-id>
plots:
	@test -n "$(RUN)" || { echo "usage: make plots RUN=results/<run-id>" >&2; exit 2; }
	sh scripts/plot.sh $(RUN) && sh scripts/report.sh $(RUN)

# Many runs into one long CSV: make aggregate RUNS="results/a results/b" OUT=all.csv
aggregate:
	@test -n "$(RUNS)" || { echo "usage: make aggregate RUNS=\"DIR...\" OUT=FILE" >&2; exit 2; }
	sh scripts/aggregate.sh -o $(or $(OUT),aggregate.csv) $(RUNS)

# Two runs (C= adds a third against A): make compare A=results/x B=results/y [OUT=DIR]. The
# command line's B= also overrides the build directory B above, hence the sub-make's B=build.
compare:
	@test -n "$(A)" -a "$(origin B)" = "command line" || { echo "usage: make compare A=results/<run-id> B=results/<run-id> [C=...] [OUT=DIR]" >&2; exit 2; }
	@MAKE='$(MAKE)' sh scripts/build.sh build build/forkbench
	sh scripts/compare.sh $(if $(OUT),-o $(OUT)) $(A) $(B) $(C)

clean:
	rm -rf $(B)
