# forkbench: build, benchmark, test.  `make bench` and `make test` are the two entry points;
# both install missing Debian packages first (make deps).
CC      ?= cc
CFLAGS  ?= -O2 -g
WFLAGS  := -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers
CPPFLAGS := -D_GNU_SOURCE -Iharness -Ibench
LDLIBS  := -lpfm -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

B := build
HARNESS_SRC := $(wildcard harness/*.c)
BENCH_SRC   := $(filter-out bench/child-%.c,$(wildcard bench/*.c))
TEST_SRC    := $(wildcard tests/*_test.c)

HARNESS_OBJ     := $(HARNESS_SRC:%.c=$(B)/obj/%.o)
BENCH_OBJ       := $(BENCH_SRC:%.c=$(B)/obj/%.o)
HARNESS_SAN_OBJ := $(HARNESS_SRC:%.c=$(B)/san/%.o)
BENCH_SAN_OBJ   := $(filter-out $(B)/san/bench/main.o,$(BENCH_SRC:%.c=$(B)/san/%.o))
TEST_BIN        := $(TEST_SRC:tests/%.c=$(B)/tests/%)

PROGS := $(B)/forkbench $(B)/child-static $(B)/child-dynamic

.PHONY: all deps bench test tests plots clean bench-overhead
all: $(PROGS)

deps:
	@sh scripts/deps.sh

$(B)/obj/%.o: %.c $(wildcard harness/*.h bench/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) -c -o $@ $<

$(B)/san/%.o: %.c $(wildcard harness/*.h bench/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WFLAGS) -c -o $@ $<

$(B)/forkbench: $(BENCH_OBJ) $(HARNESS_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The static exec target has no libc at all: _start stamps the clock and exits (see the file).
$(B)/child-static: bench/child-static.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g $(WFLAGS) -static -nostdlib -fno-stack-protector -fno-pie -no-pie -o $@ $<

$(B)/child-dynamic: bench/child-dynamic.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WFLAGS) -o $@ $<

# C unit tests: Check, ASan+UBSan, linked against the sanitized harness and bench objects.
$(B)/tests/%: tests/%.c $(HARNESS_SAN_OBJ) $(BENCH_SAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WFLAGS) -o $@ $^ $$(pkg-config --cflags --libs check) $(LDLIBS)

tests: $(PROGS) $(TEST_BIN)

# Everything runs through prove (TAP): Check binaries and bats files alike (scripts/tap-run.sh).
test: deps
	@$(MAKE) --no-print-directory tests
	prove --timer --exec 'sh scripts/tap-run.sh' $(TEST_BIN) $(wildcard tests/*.bats)

bench: deps
	@$(MAKE) --no-print-directory $(PROGS)
	sh scripts/suite.sh $(if $(QUICK),--quick) $(if $(FULL),--full)

clean:
	rm -rf $(B)
