#!/usr/bin/env bats
# `make bench QUICK=1` end to end: the integration test of everything (issue 7). It runs the
# quick suite exactly as a user would, then checks the run directory, every chart and the
# report; the run is removed afterwards. No timing is asserted.

load helpers

setup() {
	ROOT="$BATS_TEST_DIRNAME/.."
}

@test "make bench QUICK=1 writes a complete run with charts and a report" {
	command -v gnuplot >/dev/null || skip "gnuplot is not installed"
	run make -C "$ROOT" --no-print-directory bench QUICK=1
	echo "$output" | tail -20
	[ "$status" -eq 0 ]
	dir=$(echo "$output" | sed -n 's/^forkbench: run [^ ]* into \(results\/[^ ]*\)$/\1/p' | head -1)
	[ -n "$dir" ]
	dir="$ROOT/$dir"
	check_run_dir "$dir"
	# Every bench but timeline needs nothing that Linux lacks: each measured something. The
	# timeline needs tracepoints: where `forkbench list` says why not, its configurations are
	# skipped for that reason; where it can, it ran. No configuration failed.
	for bench in latency cow footprint sweep throughput; do
		grep -q "^$bench," "$dir/summary.csv" || { echo "$bench measured nothing"; false; }
	done
	if "$ROOT/build/forkbench" list | grep -A1 '^  timeline' | grep -q 'why not'; then
		! grep -q '^timeline,' "$dir/summary.csv" || false
		grep -q '^timeline,.*tracing unavailable' "$dir/skipped.csv"
		if grep '^timeline,' "$dir/skipped.csv" | grep -Ev 'tracing unavailable|is a thread'; then
			echo "timeline skipped for another reason"
			false
		fi
	else
		grep -q '^timeline,' "$dir/summary.csv"
	fi
	no_failures "$dir"
	[ -s "$dir/report.md" ]
	# every chart the report embeds exists, decodes and has data drawn
	pngs=$(grep -o 'plots/[a-z0-9_-]*\.png' "$dir/report.md" | sort -u)
	[ -n "$pngs" ]
	(cd "$dir" && python3 "$BATS_TEST_DIRNAME/png_check.py" $pngs)
	grep -q "Quick run" "$dir/report.md"
	no_processes_left "$dir"
	rm -rf "$dir"
}

# The smoke suite (make bench SUITE=smoke, make fleet's test): seconds, every figure of the fleet
# headline measured once, nothing failed. Counts and names only, no timing.
@test "forkbench suite --smoke measures each headline configuration once" {
	dir="$BATS_TEST_TMPDIR/smoke"
	run "$ROOT/build/forkbench" suite --smoke -q --no-progress -o "$dir"
	[ "$status" -eq 0 ]
	check_run_dir "$dir"
	no_failures "$dir"
	python3 - "$dir" <<'PY'
import csv, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/summary.csv", newline="")))
have = {(r["bench"], r["config"], r["metric"]) for r in rows}
want = [("latency", c, "total_ns") for m in ("fork", "vfork", "posix_spawn static", "pthread")
        for c in (m, m + " cpu=0")]
want += [("cow", "fork writer=child;size=4M;region=private", "cow_fault_ns_per_page"),
         ("footprint", "fork children=16", "kernel_total_bytes")]
want += [("sweep", f"fork rss={v} touched param=rss", "total_ns") for v in ("0", "8M", "16M")]
missing = [w for w in want if w not in have]
assert not missing, missing
configs = {(r["bench"], r["config"]) for r in rows}
assert len(configs) == 13, sorted(configs)
fits = list(csv.DictReader(open(d + "/fits.csv", newline="")))
assert [f["metric"] for f in fits if f["param"] == "rss" and f["fit"] == "line"] == \
    ["call_ns", "start_ns", "total_ns"]
assert len([f for f in fits if f["fit"] == "segment"]) == 6, fits  # 2 per metric
PY
	no_processes_left "$dir"
}

@test "make bench SUITE= refuses a size it does not know, one line, exit 2" {
	run make -C "$ROOT" --no-print-directory -s bench SUITE=huge
	[ "$status" -ne 0 ]
	echo "$output" | grep -q "unknown suite --huge (accepted: SUITE=smoke, quick, default or full"
}
