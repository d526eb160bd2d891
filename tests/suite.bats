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
