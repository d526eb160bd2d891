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

@test "clone and clone3 create the child fork-like: one COW fault per page in the child" {
	run "$FB" cow -m clone,clone3,clone-pidfd --size 1M --writer child -n 2 --warmup 0 -q \
		-o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	# clone is as old as Linux; CLONE_PIDFD is 5.2 and clone3 5.3: skipped only before that,
	# with the errno named.
	must_run "$OUT" cow clone
	for m in clone3 clone-pidfd; do
		if kernel_at_least 5 3; then
			must_run "$OUT" cow $m
		else
			[ "$(config_status "$OUT" cow $m)" = ran ] ||
				skipped_for "$OUT" cow $m 'ENOSYS|EINVAL'
		fi
	done
	for m in clone clone3 clone-pidfd; do
		[ "$(config_status "$OUT" cow $m)" = ran ] || continue
		# the method's own median of COW faults per page: one per 4 KiB page
		c=$(python3 - "$OUT/summary.csv" "$m" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["method"] == sys.argv[2] and r["metric"] == "cow_write_faults_per_page":
        print(r["median"])
        break
PY
)
		near "$c" 1 0.01
	done
	no_processes_left
}

@test "a child in a new PID namespace (its ppid reads 0) measures as root, is skipped with EPERM otherwise" {
	# Its parent is outside its namespace, so getppid() is 0: that is no sign of an orphan.
	run "$FB" cow -m clone-newpid --size 1M --writer both -n 2 --warmup 0 -q -o "$OUT"
	echo "$output"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	if [ "$(id -u)" -ne 0 ]; then
		skipped_for "$OUT" cow clone-newpid EPERM
		skip "$(grep '^cow,clone-newpid,' "$OUT/skipped.csv" | head -1)"
	fi
	must_run "$OUT" cow clone-newpid
	[ "$(grep -c '^cow,clone-newpid,.*cow_write_faults_per_page' "$OUT/summary.csv")" -eq 2 ]
	no_processes_left
}

# thp_vmstat FIELD: a counter of /proc/vmstat (0 when the kernel has none).
thp_vmstat() {
	awk -v f="$1" '$1 == f { print $2; found = 1 } END { if (!found) print 0 }' /proc/vmstat
}

@test "--thp always makes huge pages where THP is available, and records what COW did with them" {
	thp=/sys/kernel/mm/transparent_hugepage/enabled
	fallback0=$(thp_vmstat thp_fault_fallback)
	run "$FB" cow --thp always --size 4M --writer child -n 3 --warmup 0 -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	# Where the kernel cannot make huge pages at all, the configuration is skipped saying so.
	if [ ! -e "$thp" ] || grep -q '\[never\]' "$thp"; then
		skipped_for "$OUT" cow fork "THP is 'never'|no /sys/kernel/mm/transparent_hugepage"
		skip "$(config_status "$OUT" cow fork)"
	fi
	must_run "$OUT" cow fork
	v="writer=child;size=4M;region=private"
	before=$(median "$OUT" "$v" huge_before_bytes always)
	after=$(median "$OUT" "$v" huge_after_bytes always)
	faults=$(median "$OUT" "$v" cow_write_faults_per_page always)
	echo "# THP: huge bytes before $before, after the child's writes $after, $faults COW faults per 4 KiB page" >&3
	# THP is on (madvise or always) and the region is MADV_HUGEPAGE'd and 2 MiB aligned: the
	# first touch makes huge pages, unless the kernel found no free 2 MiB block and fell back,
	# which it counts in thp_fault_fallback: then this machine cannot show it now.
	if [ "$before" = 0 ]; then
		fallback=$(($(thp_vmstat thp_fault_fallback) - fallback0))
		[ "$fallback" -gt 0 ] || { echo "no huge page made and no THP fallback counted"; false; }
		skip "THP on, but the kernel fell back to 4 KiB pages ($fallback thp_fault_fallback): no free 2 MiB block"
	fi
	python3 - "$before" "$after" "$faults" >&3 <<'PY'
import sys
before, after, faults = map(float, sys.argv[1:])
assert 0 < before <= 4 << 20, f"huge bytes before: {before}"
assert 0 <= after <= before, f"huge bytes after {after}, before {before}"
if after < before:
    # The kernel split the huge pages on the COW write (Linux >= 5.8) and copied 4 KiB pages:
    # one fault per page.
    assert abs(faults - 1) <= 0.01, f"split, but {faults} faults per 4 KiB page"
    print("# THP: the COW write split the huge pages and copied 4 KiB pages")
else:
    # Older kernels copy a whole huge page per fault: 1/512 fault per 4 KiB page.
    assert faults <= 2 / 512, f"whole huge pages kept, but {faults} faults per 4 KiB page"
    print("# THP: the COW write copied whole huge pages")
PY
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
