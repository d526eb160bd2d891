#!/usr/bin/env bats
# Fuzz smoke run (issue 9): every libFuzzer target replays its committed corpus (the crash
# regressions among it) and runs a few thousand mutations under ASan+UBSan. make fuzz runs
# them for minutes; this only proves the targets build, load and pass their seeds.

setup() {
	cd "$BATS_TEST_DIRNAME/.."
}

smoke() {
	[ -x "build/fuzz/fuzz_$1" ] || skip "build/fuzz/fuzz_$1 not built (needs clang with libFuzzer: make deps)"
	run sh scripts/fuzz.sh -r "$2" "$1"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "fuzz parse: size, integer, decimal, CPU and list parsers" { smoke parse 3000; }
@test "fuzz csv: csv_split_record round trip through csv_field" { smoke csv 3000; }
@test "fuzz methods: methods_resolve and clone flag round trip" { smoke methods 3000; }
@test "fuzz json: meta.json parser on raw bytes" { smoke json 3000; }
@test "fuzz args: every bench's command line and compare's options" { smoke args 2000; }
@test "fuzz compare: two fuzzed run directories through forkbench compare" { smoke compare 300; }
