#!/usr/bin/env bats
# Issue 19: sweep --full probes the machine and plans below the binding limit (a limit set low
# with prlimit on the test's own process), the worker raises its own RLIMIT_NOFILE where it may
# and notes it, skips with today's reason where it may not (CAP_SYS_RESOURCE dropped with
# setpriv when the test runs as root), --raise-limits raises vm.max_map_count and puts it back
# after the run and, after a SIGKILL, in the next run; the suite states its duration. Counts,
# reasons and settings only: no duration asserted.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
	MAPS=/proc/sys/vm/max_map_count
	ORIG_MAPS=$(cat "$MAPS")
	# The command without CAP_SYS_RESOURCE: as root, dropped from the bounding set (the exec
	# then loses it), so the worker cannot undo the test's prlimit; otherwise never had it.
	NOCAP=()
	if [ "$(id -u)" -eq 0 ]; then
		NOCAP=(setpriv --bounding-set=-sys_resource --)
	fi
}

# Whatever a test did, the global setting is what it was (the test's own restore, not only
# forkbench's: a failing test must not leave the machine changed).
teardown() {
	local pid
	# SIGTERM first: a run stopped so restores what it changed; then nothing may be left.
	for pid in $(pgrep -f -- "$BATS_TEST_TMPDIR" || true); do
		kill -TERM "$pid" 2>/dev/null || true
	done
	sleep 0.5
	for pid in $(pgrep -f -- "$BATS_TEST_TMPDIR" || true); do
		kill -9 "$pid" 2>/dev/null || true
	done
	if [ "$(id -u)" -eq 0 ] && [ "$(cat "$MAPS")" != "$ORIG_MAPS" ]; then
		echo "$ORIG_MAPS" >"$MAPS"
	fi
}

# CAP_SYS_RESOURCE (bit 24) in this shell's effective set.
have_cap_sys_resource() {
	local eff
	eff=$(awk '/^CapEff/ {print $2}' /proc/self/status)
	[ $(((0x$eff >> 24) & 1)) -eq 1 ]
}

meta_full() {
	python3 -c 'import json,sys
for it in json.load(open(sys.argv[1] + "/meta.json")).get("full_sweeps", []):
    print(it["param"], it["binding"], it["max"], ",".join(map(str, it["points"])),
          ",".join(map(str, it["skipped"])))' "$1"
}

@test "sweep --full: points stop below an RLIMIT_NOFILE set low, the limit's own point is added, the rest skipped with it" {
	run prlimit --nofile=2000:2000 -- "${NOCAP[@]}" "$FB" sweep --param fds --full -m fork -n 5 --warmup 1 --max-time 0.2 -e none -q \
		-o "$OUT"
	[ "$status" -eq 0 ]
	run meta_full "$OUT"
	echo "$output"
	# 2000 less the harness's descriptors and a margin: about 1500, rounded to 2 digits
	echo "$output" | grep -Eq '^fds RLIMIT_NOFILE 1[0-9]{3} 0,100,1000,1[1-9]00 10000,100000,1000000$'
	[ "$(count_configs "$OUT")" -eq 4 ]
	for v in 10k 100k 1000k; do
		grep -q "^sweep,fork,.*,\"\?--fds $v: beyond what this machine allows: RLIMIT_NOFILE binds (at most 1[0-9]*: RLIMIT_NOFILE hard 2000 (no CAP_SYS_RESOURCE" "$OUT/skipped.csv"
	done
	# the points that ran met no limit: nothing else skipped
	[ "$(grep -c '^sweep,' "$OUT/skipped.csv")" -eq 3 ]
	no_processes_left
}

@test "sweep --full: the probe names the binding limit for threads and vmas and records every candidate" {
	run "$FB" sweep --param vmas --full -m fork --values 10,100 -n 3 -e none -q -o "$OUT/given"
	[ "$status" -eq 0 ]
	# --values wins over the probe's grid: no full_sweeps entry
	run meta_full "$OUT/given"
	[ -z "$output" ]
	run timeout 60 "$FB" sweep --param threads --full -m fork -n 3 --warmup 1 --max-time 0.1 \
		-e none -q -o "$OUT/t"
	[ "$status" -eq 0 ]
	python3 - "$OUT/t" <<'PY'
import csv, json, sys
d = sys.argv[1]
it = json.load(open(d + "/meta.json"))["full_sweeps"][0]
names = [c["name"] for c in it["limits"]]
assert names == ["kernel.pid_max", "kernel.threads-max", "RLIMIT_NPROC", "vm.max_map_count"], names
allows = [c["allows"] for c in it["limits"] if c["allows"] is not None]
assert it["max"] == min(allows), it
assert it["binding"] == [c["name"] for c in it["limits"] if c["allows"] == it["max"]][0]
assert all(p <= it["max"] for p in it["points"]) and all(s > it["max"] for s in it["skipped"])
ran = {int(r["threads"]) for r in csv.DictReader(open(d + "/summary.csv"))}
assert ran == set(it["points"]), (ran, it["points"])
skipped = [r for r in csv.DictReader(open(d + "/skipped.csv"))]
assert {int(r["threads"]) for r in skipped} == set(it["skipped"]), skipped
assert all(it["binding"] + " binds" in r["reason"] for r in skipped), skipped
PY
	no_processes_left
}

@test "the worker raises RLIMIT_NOFILE's soft limit up to the hard one and notes it" {
	run prlimit --nofile=1024:20000 -- "$FB" latency --fds 5000 -m fork -n 5 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q '^latency,fork,.*,"\?RLIMIT_NOFILE soft limit raised from 1024 to 5[0-9]* (hard 20000)' "$OUT/notes.csv"
	! grep -q '^latency,' "$OUT/skipped.csv" || false
}

@test "with CAP_SYS_RESOURCE the worker raises RLIMIT_NOFILE past its hard limit and notes it" {
	have_cap_sys_resource || skip "this process lacks CAP_SYS_RESOURCE (CapEff bit 24; this VM's root lacks it too)"
	run prlimit --nofile=1024:1024 -- "$FB" latency --fds 5000 -m fork -n 5 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q 'RLIMIT_NOFILE raised from 1024 (hard 1024) to 5[0-9]* with CAP_SYS_RESOURCE' "$OUT/notes.csv"
}

@test "without CAP_SYS_RESOURCE a point past the hard limit is skipped with today's reason" {
	run prlimit --nofile=1024:1024 -- "${NOCAP[@]}" "$FB" latency --fds 5000 -m fork -n 5 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q 'needs 5[0-9]* descriptors, RLIMIT_NOFILE hard limit is 1024 (raise it: ulimit -n 5[0-9]* as root, which needs CAP_SYS_RESOURCE)' "$OUT/skipped.csv"
	! grep -q 'raised' "$OUT/notes.csv" || false
}

@test "RLIMIT_NPROC for --threads (a user other than root): the soft limit raised and noted, past the hard one skipped" {
	local as=() dir
	if [ "$(id -u)" -eq 0 ]; then
		command -v runuser >/dev/null && id nobody >/dev/null 2>&1 ||
			skip "needs runuser and a user nobody (root is exempt from RLIMIT_NPROC)"
		as=(runuser -u nobody -- "${NOCAP[@]}")
	fi
	dir=$(mktemp -d /tmp/sweep_full.XXXXXX)
	chmod 0777 "$dir"
	# A copy nobody can reach: CI's clone may sit in a directory only root may enter.
	cp "$FB" "$dir/forkbench" && chmod 0755 "$dir/forkbench"
	local fb="$dir/forkbench"
	run prlimit --nproc=300:3000 -- "${as[@]}" "$fb" latency --threads 500 -m fork -n 5 \
		-e none -q -o "$dir/soft"
	[ "$status" -eq 0 ]
	grep -q 'RLIMIT_NPROC soft limit raised from 300 to 756 (hard 3000)' "$dir/soft/notes.csv"
	if have_cap_sys_resource && [ "$(id -u)" -ne 0 ]; then
		rm -rf "$dir"
		skip "this user has CAP_SYS_RESOURCE: the worker would raise the hard limit"
	fi
	run prlimit --nproc=300:300 -- "${as[@]}" "$fb" latency --threads 500 -m fork -n 5 \
		-e none -q -o "$dir/hard"
	[ "$status" -eq 0 ]
	grep -q 'needs 756 tasks, RLIMIT_NPROC hard limit is 300 (raise it: ulimit -u 756 as root, which needs CAP_SYS_RESOURCE)' "$dir/hard/skipped.csv"
	rm -rf "$dir"
}

# Waits up to 30 s for vm.max_map_count to read $1; skips the test when another forkbench run
# (a concurrent test on this machine) holds the settings lock, as the run itself says.
wait_maps() {
	local _
	for _ in $(seq 300); do
		[ "$(cat "$MAPS")" = "$1" ] && return 0
		if grep -q "held by another forkbench run" "$BATS_TEST_TMPDIR/err" 2>/dev/null; then
			skip "$(cat "$BATS_TEST_TMPDIR/err")"
		fi
		sleep 0.1
	done
	return 1
}

@test "--raise-limits raises vm.max_map_count for the run and restores it at its end" {
	[ "$(id -u)" -eq 0 ] || skip "changes vm.max_map_count: root only"
	[ "$ORIG_MAPS" -lt 524288 ] || skip "vm.max_map_count is $ORIG_MAPS already: nothing to raise"
	"$FB" sweep --param vmas --values 10,100,1000 -m fork --precision 0.001 --max-time 2 \
		--raise-limits -e none -q -o "$OUT" 3>&- 2>"$BATS_TEST_TMPDIR/err" &
	local pid=$!
	wait_maps 524288
	wait "$pid"
	[ "$(cat "$MAPS")" = "$ORIG_MAPS" ]
	[ "$(count_configs "$OUT")" -eq 3 ]
	no_processes_left
}

@test "--raise-limits after a SIGKILL: the setting stays raised until the next run restores it and says so" {
	[ "$(id -u)" -eq 0 ] || skip "changes vm.max_map_count: root only"
	[ "$ORIG_MAPS" -lt 524288 ] || skip "vm.max_map_count is $ORIG_MAPS already: nothing to raise"
	"$FB" sweep --param vmas --values 10,100,1000 -m fork --precision 0.001 --max-time 30 \
		--raise-limits -e none -q -o "$OUT/killed" 3>&- 2>"$BATS_TEST_TMPDIR/err" &
	local pid=$!
	wait_maps 524288
	kill -9 "$pid"
	wait "$pid" || true
	sleep 0.5 # the worker dies with its coordinator (PDEATHSIG)
	[ "$(cat "$MAPS")" = 524288 ]
	run "$FB" sweep --param vmas --values 10,20,30 -m fork -n 3 -e none -q -o "$OUT/next"
	[ "$status" -eq 0 ]
	echo "$output" | grep -q "restored /proc/sys/vm/max_map_count to $ORIG_MAPS"
	[ "$(cat "$MAPS")" = "$ORIG_MAPS" ]
	no_processes_left
}

@test "--raise-limits then bad input found after planning (-o not empty): exit 2, the setting already put back" {
	[ "$(id -u)" -eq 0 ] || skip "changes vm.max_map_count: root only"
	[ "$ORIG_MAPS" -lt 524288 ] || skip "vm.max_map_count is $ORIG_MAPS already: nothing to raise"
	mkdir -p "$OUT" && touch "$OUT/something"
	run "$FB" sweep --param vmas --values 10,100,1000 -m fork --raise-limits -e none -q -o "$OUT"
	if echo "$output" | grep -q "held by another forkbench run"; then
		skip "$output"
	fi
	[ "$status" -eq 2 ]
	echo "$output" | grep -q "directory is not empty"
	# Put back by this run, not left for the next one: no saved settings remain.
	[ "$(cat "$MAPS")" = "$ORIG_MAPS" ]
	[ ! -s /run/forkbench-saved-settings ] || ! grep -q max_map_count /run/forkbench-saved-settings
}

@test "--raise-limits as a user other than root: one line, exit 2, nothing run" {
	[ "$(id -u)" -ne 0 ] || skip "runs as nobody in make test's second pass (NONROOT_BATS)"
	run "$FB" sweep --param vmas --values 10,100,1000 -m fork -n 3 --raise-limits -o "$OUT"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	echo "$output" | grep -q -- "--raise-limits: only root may change /proc/sys/vm/max_map_count"
	[ ! -e "$OUT" ]
}

@test "the suite says its expected duration up front; make bench passes --raise-limits only with RAISE_LIMITS=1" {
	run "$FB" suite --smoke -q -o "$OUT/quiet"
	[ "$status" -eq 0 ]
	! echo "$output" | grep -q "expected duration" || false
	run "$FB" suite --smoke --no-progress -o "$OUT/smoke"
	[ "$status" -eq 0 ]
	echo "$output" | grep -Eq '^forkbench: expected duration about [0-9]+ (s|min) on this machine.s [0-9]+ CPUs \(.*most of it: '
	run make -C "$BATS_TEST_DIRNAME/.." -n --no-print-directory bench FULL=1 RAISE_LIMITS=1
	echo "$output" | grep -q 'scripts/suite.sh --full --raise-limits'
	run make -C "$BATS_TEST_DIRNAME/.." -n --no-print-directory bench FULL=1
	echo "$output" | grep -q 'scripts/suite.sh --full *$'
	no_processes_left
}
