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
	for bench in latency cow footprint sweep throughput timeline; do
		grep -q "^$bench," "$dir/summary.csv" || grep -q "^$bench," "$dir/skipped.csv"
	done
	[ -s "$dir/report.md" ]
	# every chart the report embeds exists and is a real PNG
	pngs=$(grep -o 'plots/[a-z0-9_-]*\.png' "$dir/report.md" | sort -u)
	[ -n "$pngs" ]
	for png in $pngs; do
		[ "$(od -An -tx1 -N8 "$dir/$png" | tr -d ' \n')" = 89504e470d0a1a0a ]
	done
	grep -q "Quick run" "$dir/report.md"
	no_processes_left "$dir"
	rm -rf "$dir"
}
