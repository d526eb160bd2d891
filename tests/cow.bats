#!/usr/bin/env bats
# forkbench cow (issue 4): fault counts per page where the kernel's behaviour fixes them (a COW
# write faults once per 4 KiB page, a read or an already-private write never, MAP_SHARED and
# MADV_DONTFORK regions copy nothing), THP recorded as the kernel did it, usage errors exit 2
# with nothing written. Small regions and -n small keep each test to a second or two; no
# duration is asserted.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
}

# median DIR VARIANT METRIC [THP]: the summary's median of one metric of one configuration.
median() {
	python3 - "$@" <<'EOF'
import csv, sys
d, variant, metric = sys.argv[1:4]
thp = sys.argv[4] if len(sys.argv) > 4 else ""
for r in csv.DictReader(open(f"{d}/summary.csv")):
    if r["bench"] == "cow" and r["variant"] == variant and r["metric"] == metric and r["thp"] == thp:
        print(r["median"])
        sys.exit(0)
sys.exit(f"no {metric} for {variant}")
EOF
}

# near VALUE TARGET TOLERANCE
near() {
	python3 -c 'import sys; v, t, e = map(float, sys.argv[1:]); sys.exit(abs(v - t) > e)' "$@" ||
		{ echo "$1 is not within $3 of $2"; return 1; }
}

@test "4 KiB, child writes: one fault per page, none to read or rewrite" {
	run "$FB" cow --size 4M --writer child -n 3 --warmup 0 --max-time 1 -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	v="writer=child;size=4M;region=private"
	near "$(median "$OUT" "$v" cow_write_faults_per_page)" 1 0.01
	near "$(median "$OUT" "$v" first_touch_faults_per_page)" 1 0.01
	near "$(median "$OUT" "$v" read_shared_faults_per_page)" 0 0.01
	near "$(median "$OUT" "$v" private_write_faults_per_page)" 0 0.01
	# Counted on the process tree from the call to the reap: the loop's 1024 faults plus the
	# child's start-up and exit (a dozen or two), hence the wider margin.
	if c=$(median "$OUT" "$v" minor-faults.children 2>/dev/null); then
		near "$c" 1 0.05
	else
		near "$(median "$OUT" "$v" minor-faults.rusage.children)" 1 0.05
	fi
	[ -n "$(median "$OUT" "$v" cow_fault_ns_per_page)" ]
	no_processes_left
}

@test "parent writes: MAP_SHARED and MADV_DONTFORK regions copy nothing" {
	run "$FB" cow --size 4M --writer parent --region private,shared,dontfork -n 3 --warmup 0 \
		--max-time 1 -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	near "$(median "$OUT" "writer=parent;size=4M;region=private" cow_write_faults_per_page)" 1 0.01
	near "$(median "$OUT" "writer=parent;size=4M;region=shared" cow_write_faults_per_page)" 0 0.01
	near "$(median "$OUT" "writer=parent;size=4M;region=dontfork" cow_write_faults_per_page)" 0 0.01
	no_processes_left
}

@test "the child cannot write a DONTFORK region: recorded as a skip with the reason" {
	run "$FB" cow --size 1M --writer child --region dontfork -n 2 --warmup 0 -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q 'region=dontfork.*fork left it out' "$OUT/skipped.csv"
}

@test "clone and clone3 create the child fork-like" {
	run "$FB" cow -m clone,clone3,clone-pidfd --size 1M --writer child -n 2 --warmup 0 -q \
		-o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	for m in clone clone3 clone-pidfd; do
		grep -q "^cow,$m,.*cow_write_faults_per_page" "$OUT/summary.csv" ||
			grep -q "^cow,$m," "$OUT/skipped.csv"
	done
	no_processes_left
}

@test "a child in a new PID namespace (its ppid reads 0) measures, or is skipped with a reason" {
	# Its parent is outside its namespace, so getppid() is 0: that is no sign of an orphan.
	run "$FB" cow -m clone-newpid --size 1M --writer both -n 2 --warmup 0 -q -o "$OUT"
	echo "$output"
	[ "$status" -eq 0 ]
	# A kernel refusal (EPERM without root) is a skip; a run that broke is a ",failed:" reason.
	[ "$(grep -c '^cow,clone-newpid,.*,failed:' "$OUT/skipped.csv")" -eq 0 ]
	if grep -q '^cow,clone-newpid,' "$OUT/skipped.csv"; then
		skip "$(grep '^cow,clone-newpid,' "$OUT/skipped.csv" | head -1)"
	fi
	[ "$(grep -c '^cow,clone-newpid,.*cow_write_faults_per_page' "$OUT/summary.csv")" -eq 2 ]
	no_processes_left
}

@test "--thp always records what the kernel did, or is skipped where THP is never" {
	run "$FB" cow --thp always --size 4M --writer child -n 2 --warmup 0 -q -o "$OUT"
	[ "$status" -eq 0 ]
	if grep -q '^never$' <(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled); then
		grep -q "THP is 'never'" "$OUT/skipped.csv"
		return 0
	fi
	check_run_dir "$OUT"
	v="writer=child;size=4M;region=private"
	before=$(median "$OUT" "$v" huge_before_bytes always)
	after=$(median "$OUT" "$v" huge_after_bytes always)
	echo "# THP: huge bytes before $before, after the child's writes $after" >&3
	python3 -c 'import sys; b, a = map(float, sys.argv[1:]); sys.exit(not (0 <= a <= b <= 4 << 20))' \
		"$before" "$after"
}

@test "usage errors exit 2 with one line and write nothing" {
	for args in "--size 0" "--size 12Q" "--size 100000G" "-m vfork" "-m clone-vm" \
		"-m pthread" "-m fork+exec" "-m posix_spawn" "--region bogus" "--writer nobody"; do
		run "$FB" cow $args -o "$OUT"
		echo "cow $args -> $status: $output"
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
		[ ! -e "$OUT" ]
	done
	run "$FB" cow --size 100000G -o "$OUT"
	[[ "$output" == *"memory available"* ]]
	run "$FB" cow -m vfork -o "$OUT"
	[[ "$output" == *"vfork"* ]]
	run "$FB" latency --region shared -o "$OUT"
	[ "$status" -eq 2 ]
}
