#!/usr/bin/env bats
# --thp SIZE (issue 18, part 3; DESIGN §2, §9): one configuration per folio size, the region
# backed as asked (folio_backed_share: counts, not timing), and every THP control as it was after
# the run, after SIGTERM of the coordinator, and after its SIGKILL once the next run restored it
# (which says so). Refusals: a size without a control, a malformed size, a user who may not set
# it. Tests that change sysfs put it back in teardown even when they fail.

bats_require_minimum_version 1.5.0

load helpers

THP=/sys/kernel/mm/transparent_hugepage
SAVED=/run/forkbench-saved-settings

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
	BEFORE="$BATS_TEST_TMPDIR/thp-before"
	thp_state >"$BEFORE"
}

# Every THP control as "FILE VALUE" (the bracketed choice).
thp_state() {
	local f
	for f in "$THP"/enabled "$THP"/hugepages-*kB/enabled; do
		[ -f "$f" ] && echo "$f $(sed 's/.*\[\(.*\)\].*/\1/' "$f")"
	done
	return 0
}

teardown() {
	local pid f v
	# A coordinator a failed test left running (its workers die with it).
	for pid in $(pgrep -f -- "$BATS_TEST_TMPDIR"); do kill -KILL "$pid" 2>/dev/null || true; done
	[ "$(id -u)" -eq 0 ] || return 0
	# A killed run's saved settings: restored by forkbench itself (as the next run would).
	"$FB" info >/dev/null 2>&1 || true
	# Whatever still differs goes back by hand: a test never leaves the machine changed.
	while read -r f v; do
		[ "$(sed 's/.*\[\(.*\)\].*/\1/' "$f")" = "$v" ] || echo "$v" >"$f" || true
	done <"$BEFORE"
}

need_mthp() {
	[ "$(id -u)" -eq 0 ] || skip "needs root: setting a THP size's control"
	for s in 16 64 2048; do
		[ -f "$THP/hugepages-${s}kB/enabled" ] ||
			skip "no $THP/hugepages-${s}kB/enabled (kernel without mTHP for that size)"
	done
	# Another forkbench run changing global settings (the lock is machine-wide): wait for it
	# a while, as forkbench itself would skip the configurations after its bound.
	flock -w 120 /run/forkbench-global-settings.lock true ||
		skip "the global settings lock is held by pid $(cat /run/forkbench-global-settings.lock) for over 120 s"
}

# VALUE of METRIC for thp=SIZE in summary.csv's median column.
median_of() {
	python3 - "$OUT/summary.csv" "$1" "$2" <<'PY'
import csv, sys
path, thp, metric = sys.argv[1:4]
rows = [r for r in csv.DictReader(open(path)) if r["thp"] == thp and r["metric"] == metric]
print(rows[0]["median"] if rows else "missing")
PY
}

# No THP control is listed as changed (another run may have saved settings of its own).
no_thp_saved() {
	if [ -e "$SAVED" ] && grep -q "hugepages-" "$SAVED"; then
		cat "$SAVED"
		return 1
	fi
}

# Waits up to 20 s for the coordinator started in the background (pid $1) to have changed a THP
# size's control (the save file lists one), so a signal lands while the settings are changed.
wait_changed() {
	local i pattern="hugepages-"
	# With a size: until that size's control is written and confirmed, not only the first
	# control the run changed (it sets the other sizes to never first).
	[ -z "${2:-}" ] || pattern="hugepages-$2/enabled	.*	done\$"
	for i in $(seq 200); do
		grep -qs "$pattern" "$SAVED" && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

@test "--thp 16K,64K,2M: three configurations keyed by size, each region backed as asked, settings as before" {
	need_mthp
	run "$FB" latency -m fork --rss 16M --thp 16K,64K,2M -n 5 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	[ "$(count_configs "$OUT")" -eq 3 ]
	for s in 16K 64K 2M; do
		share=$(median_of "$s" folio_backed_share)
		echo "thp=$s folio_backed_share=$share"
		# An order of magnitude: most of the region is in folios of that size.
		python3 -c "import sys; sys.exit(0 if float('$share') > 0.5 else 1)"
		grep -q "thp=$s.*thp $s: .*backed as asked" "$OUT/notes.csv"
	done
	grep -q "fork rss=16M touched thp=64K" "$OUT/summary.csv"
	diff "$BEFORE" <(thp_state)
	no_thp_saved
}

@test "--thp never,2M: a configuration without a size runs with the controls as they were" {
	need_mthp
	run "$FB" latency -m fork --rss 4M --thp 2M,never,always -n 3 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	[ "$(count_configs "$OUT")" -eq 3 ]
	diff "$BEFORE" <(thp_state)
}

@test "SIGTERM of the coordinator while a size is set: every control as before" {
	need_mthp
	"$FB" latency -m fork --rss 16M --thp 64K,16K -n 1000000 --max-time 30 -e none -q \
		-o "$OUT" 3>&- &
	pid=$!
	wait_changed "$pid"
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq $((128 + 15)) ]
	diff "$BEFORE" <(thp_state)
	no_thp_saved
}

@test "SIGKILL of the coordinator: the next run restores the controls and says so" {
	need_mthp
	"$FB" latency -m fork --rss 16M --thp 64K -n 1000000 --max-time 30 -e none -q \
		-o "$OUT" 3>&- &
	pid=$!
	wait_changed "$pid" 64kB
	kill -KILL "$pid"
	wait "$pid" || true
	sleep 0.3 # the worker dies with it (PR_SET_PDEATHSIG)
	if diff "$BEFORE" <(thp_state) >/dev/null; then false; fi # left changed
	run "$FB" latency -m fork -n 3 -e none -q -o "$OUT.next"
	[ "$status" -eq 0 ]
	[[ "$output" == *"forkbench: restored $THP/hugepages-64kB/enabled to "*", left changed by run pid $pid which did not finish"* ]]
	diff "$BEFORE" <(thp_state)
	[ ! -e "$SAVED" ]
}

@test "--thp 8K: exit 2 naming the missing control" {
	[ ! -f "$THP/hugepages-8kB/enabled" ] || skip "this kernel has an 8 KiB anonymous control"
	[ -d "$THP" ] || skip "kernel without THP"
	run "$FB" latency -m fork --thp 8K -n 3 -o "$OUT"
	[ "$status" -eq 2 ]
	[[ "$output" == *"$THP/hugepages-8kB/enabled does not exist"* ]]
	[ "${#lines[@]}" -eq 1 ]
	[ ! -e "$OUT" ]
}

@test "--thp with a malformed size: exit 2, one line" {
	for bad in 3K 16X 0 12K 16K, ,64K never,sometimes; do
		run "$FB" latency -m fork --thp "$bad" -n 3 -o "$OUT"
		echo "--thp $bad: $status $output"
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *"--thp"* ]]
	done
	[ ! -e "$OUT" ]
}

@test "--thp SIZE as a user who may not set it: exit 2 with the reason" {
	[ "$(id -u)" -ne 0 ] || skip "runs as a non-root user (make test's pass as nobody)"
	[ -f "$THP/hugepages-64kB/enabled" ] || skip "no $THP/hugepages-64kB/enabled"
	run "$FB" latency -m fork --thp 64K -n 3 -o "$OUT"
	[ "$status" -eq 2 ]
	[[ "$output" == *"$THP/hugepages-64kB/enabled is not writable"*"needs root"* ]]
	[ ! -e "$OUT" ]
}

@test "forkbench info shows each size's control and the saved settings" {
	[ -f "$THP/hugepages-64kB/enabled" ] || skip "no $THP/hugepages-64kB/enabled"
	run "$FB" info
	[ "$status" -eq 0 ]
	[[ "$output" == *"THP sizes (anonymous memory)"* ]]
	[[ "$output" == *"64K enabled:"* ]]
	[[ "$output" == *"Saved global settings"* ]]
}
