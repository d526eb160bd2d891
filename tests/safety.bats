#!/usr/bin/env bats
# Safe defaults (issue 9): under sudo the run directory and every file in it belong to the
# invoking user (SUDO_UID/SUDO_GID), without sudo nothing is handed over, and no source or
# script names a fixed file under /tmp (temporary names come from mkstemp/mkdtemp/mktemp).

setup() {
	cd "$BATS_TEST_DIRNAME/.."
}

@test "through sudo: run directory and files belong to SUDO_UID/SUDO_GID" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to act as sudo"
	out=$BATS_TEST_TMPDIR/sub/run
	SUDO_UID=65534 SUDO_GID=65534 build/forkbench latency -m fork -n 5 --warmup 1 -e none \
		-o "$out" -q --no-progress
	find "$BATS_TEST_TMPDIR/sub" -printf '%u:%g %p\n'
	[ -z "$(find "$BATS_TEST_TMPDIR/sub" ! -uid 65534 -o ! -gid 65534)" ]
	[ -s "$out/summary.csv" ]
}

@test "without sudo: files stay with the user who ran forkbench" {
	out=$BATS_TEST_TMPDIR/run
	env -u SUDO_UID -u SUDO_GID build/forkbench latency -m fork -n 5 --warmup 1 -e none \
		-o "$out" -q --no-progress
	[ -z "$(find "$out" ! -uid "$(id -u)")" ]
}

@test "a malformed SUDO_UID is ignored, never used" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to act as sudo"
	out=$BATS_TEST_TMPDIR/run
	SUDO_UID=12x SUDO_GID=-1 build/forkbench latency -m fork -n 5 --warmup 1 -e none \
		-o "$out" -q --no-progress
	[ -z "$(find "$out" ! -uid 0)" ]
}

@test "no fixed /tmp names in C sources or scripts" {
	run grep -rnE '"/tmp/|[ =]/tmp/[A-Za-z]' harness bench scripts Makefile
	echo "$output"
	[ "$status" -eq 1 ]
}
