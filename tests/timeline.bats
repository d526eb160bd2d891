#!/usr/bin/env bats
# forkbench timeline: every traced fork sample has its full sequence of kernel events (the phases
# exist, are non-negative and add up to total_ns with a small non-negative remainder), exec
# methods have an exec phase, CLONE_VM shows in task_newtask's flags, a missing privilege is a
# recorded skip, and no tracing state (tracefs mount, process) is left behind. No durations.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
	# The unprivileged case runs as any user: as root it drops to nobody, otherwise it is one.
	[ "$BATS_TEST_DESCRIPTION" != "timeline without privilege is a recorded skip" ] || return 0
	if [ "$(id -u)" -ne 0 ]; then
		skip "timeline needs root (tracefs, CPU-wide tracepoints)"
	fi
	if "$FB" list | grep -A1 '^  timeline' | grep -q 'why not'; then
		skip "$("$FB" list | grep -A1 '^  timeline' | tail -1)"
	fi
}

# Per method: every phase metric has as many samples as total_ns, all >= 0, and
# phases + remainder == total_ns for each sample, remainder >= 0.
check_phases() {
	python3 - "$1" "$2" "$3" "$BATS_TEST_DIRNAME" <<'EOF'
import csv, sys
from collections import defaultdict
sys.path.insert(0, sys.argv[4])
from run_samples import samples_rows
path, method, exec_phase = sys.argv[1], sys.argv[2], sys.argv[3] == "exec"
rows = [r for r in samples_rows(path) if r["bench"] == "timeline" and r["method"] == method]
m = defaultdict(list)
for r in rows:
    m[r["metric"]].append(float(r["value"]))
phases = ["phase_copy_ns", "phase_wakeup_ns", "phase_sched_delay_ns", "phase_child_run_ns",
          "phase_reap_ns"] + (["phase_exec_run_ns"] if exec_phase else [])
n = len(m["total_ns"])
assert n > 0, "no total_ns"
assert len(m["untraced_total_ns"]) > 0, "no untraced samples"
assert ("phase_exec_run_ns" in m) == exec_phase, "exec phase presence"
for p in phases + ["remainder_ns", "syscall_ns"]:
    assert len(m[p]) == n, f"{p}: {len(m[p])} samples for {n} total_ns"
    assert min(m[p]) >= 0, f"{p} negative"
for i in range(n):
    s = sum(m[p][i] for p in phases) + m["remainder_ns"][i]
    assert abs(s - m["total_ns"][i]) < 1e-3 * m["total_ns"][i] + 1, f"sample {i}: {s} vs {m['total_ns'][i]}"
    assert m["remainder_ns"][i] < m["total_ns"][i]
EOF
}

tracefs_mounts() {
	grep -c ' tracefs ' /proc/self/mounts || true
}

@test "timeline fork: full event sequence per sample, phases add up to total_ns" {
	before=$(tracefs_mounts)
	run "$FB" timeline -m fork,clone-vm -n 40 --warmup 2 -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	check_phases "$OUT" fork noexec
	check_phases "$OUT" clone-vm noexec
	grep -q '^timeline,fork,.*,tracing_overhead_ns,' "$OUT/summary.csv"
	# Counters, per creation, counted after tracing: a fork child takes page faults of its own.
	python3 - "$OUT/summary.csv" <<'EOF'
import csv, sys
rows = {(r["method"], r["metric"]): r for r in csv.DictReader(open(sys.argv[1]))
        if r["bench"] == "timeline"}
for m in ("fork", "clone-vm"):
    assert any(k[0] == m and r["unit"] == "count/op" for k, r in rows.items()), m
pf = rows.get(("fork", "page-faults.children")) or rows.get(("fork", "minor-faults.rusage.children"))
assert pf and float(pf["median"]) > 0, pf
EOF
	[ "$(tracefs_mounts)" = "$before" ]
	no_processes_left "$OUT"
}

@test "timeline exec methods have an exec phase" {
	run "$FB" timeline -m fork+exec,posix_spawn -n 30 --warmup 2 -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_phases "$OUT" fork+exec exec
	check_phases "$OUT" posix_spawn exec
}

@test "timeline skips threads with the reason" {
	run "$FB" timeline -m pthread,fork -n 10 --warmup 1 -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q '^timeline,pthread,.*futex' "$OUT/skipped.csv"
}

@test "timeline without privilege is a recorded skip" {
	local as_user=()
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || skip "no setpriv to drop root's privileges"
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	dir=$(mktemp -d /tmp/fb-timeline.XXXXXX)
	chmod 777 "$dir"
	run "${as_user[@]}" "$FB" timeline -m fork -n 5 -q -o "$dir/run"
	st=$status
	grep -q '^timeline,fork,.*tracing unavailable' "$dir/run/skipped.csv" && ok=1 || ok=0
	rm -rf "$dir"
	echo "status $st: $output"
	[ "$st" -eq 0 ]
	[ "$ok" -eq 1 ]
}

@test "SIGINT mid-run leaves no tracefs mount and no process" {
	before=$(tracefs_mounts)
	"$FB" timeline -m fork,vfork --max-time 3 --precision 0.01 -q -o "$OUT" &
	pid=$!
	sleep 1.5
	kill -INT $pid
	wait $pid || true
	no_processes_left "$OUT"
	[ "$(tracefs_mounts)" = "$before" ]
}
