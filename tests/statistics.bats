#!/usr/bin/env bats
# What summary.csv and results.json claim about a run's statistics (DESIGN §5, issue 17):
# ci_level is the level of the interval beside it and a single value has none; converged is
# true/false only on the metrics a bench's adaptive stop watched, empty elsewhere. Sample counts
# are tiny: only what is claimed is checked, never a duration.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
}

# field DIR METHOD METRIC COLUMN: one cell of summary.csv
field() {
	python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1] + "/summary.csv")):
    if r["method"] == sys.argv[2] and r["metric"] == sys.argv[3]:
        print(r[sys.argv[4]]); break
else:
    sys.exit("no row " + sys.argv[2] + " " + sys.argv[3])' "$@"
}

@test "latency: the stop's metrics carry converged, counters an empty cell" {
	run "$FB" latency -n 60 -m fork -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	for m in call_ns start_ns total_ns; do
		c=$(field "$OUT" fork "$m" converged)
		[ "$c" = true ] || [ "$c" = false ]
	done
	# Whichever counters open here (perf or the rusage fallback): none was watched.
	python3 - "$OUT" <<'PY'
import csv, json, sys
rows = [r for r in csv.DictReader(open(sys.argv[1] + "/summary.csv"))]
others = [r for r in rows if r["metric"] not in ("call_ns", "start_ns", "total_ns")]
assert others, "no counter rows"
for r in others:
    assert r["converged"] == "", (r["metric"], r["converged"])
# The median entry of each time metric carries the configuration's key and verdict.
medians = [b for b in json.load(open(sys.argv[1] + "/results.json"))["benchmarks"]
           if b.get("aggregate_name") == "median"]
assert {b["metric"] for b in medians} >= {"call_ns", "start_ns", "total_ns"}
for b in medians:
    if b["metric"] in ("call_ns", "start_ns", "total_ns"):
        assert isinstance(b["converged"], bool), b["name"]
    else:
        assert b["converged"] is None, b["name"]
PY
}

@test "footprint: vfork rows claim no convergence; fork's kernel total is watched" {
	run "$FB" footprint -n 3 --children 8 -q -o "$OUT" -m fork,vfork
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	c=$(field "$OUT" fork kernel_total_bytes converged)
	[ "$c" = true ] || [ "$c" = false ]
	[ -z "$(field "$OUT" fork kernel_slab_bytes converged)" ]
	[ -z "$(field "$OUT" fork pss_bytes converged)" ]
	python3 - "$OUT/summary.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["method"] == "vfork"]
assert rows
for r in rows:
    assert r["converged"] == "", (r["metric"], r["converged"])
PY
	no_processes_left
}

@test "ci_level: one sample has no interval, five are [min, max] at 93.75%" {
	run "$FB" latency -n 1 -m fork -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	[ "$(field "$OUT" fork call_ns n)" = 1 ]
	[ -z "$(field "$OUT" fork call_ns ci95_low)" ]
	[ -z "$(field "$OUT" fork call_ns ci95_high)" ]
	[ -z "$(field "$OUT" fork call_ns ci_level)" ]
	python3 - "$OUT/results.json" <<'PY'
import json, sys
medians = [b for b in json.load(open(sys.argv[1]))["benchmarks"]
           if b.get("aggregate_name") == "median" and b["metric"] == "call_ns"]
assert len(medians) == 1
for b in medians:
        assert b["ci95_low"] is None and b["ci95_high"] is None and b["ci_level"] is None
PY
	run "$FB" latency -n 5 -m fork -e none -q -o "$OUT.5"
	[ "$status" -eq 0 ]
	[ "$(field "$OUT.5" fork call_ns ci_level)" = 0.9375 ]
	[ "$(field "$OUT.5" fork call_ns ci95_low)" = "$(field "$OUT.5" fork call_ns min)" ]
	[ "$(field "$OUT.5" fork call_ns ci95_high)" = "$(field "$OUT.5" fork call_ns max)" ]
}

@test "notes: every repetition's tracing note is kept whole when repetitions join" {
	if [ "$(id -u)" -ne 0 ]; then
		skip "timeline needs root (tracefs, CPU-wide tracepoints)"
	fi
	if "$FB" list | grep -A1 '^  timeline' | grep -q 'why not'; then
		skip "$("$FB" list | grep -A1 '^  timeline' | tail -1)"
	fi
	run "$FB" timeline -n 20 -m fork --repetitions 3 -q -o "$OUT"
	[ "$status" -eq 0 ]
	# One "tracing adds" part per repetition's tracing_overhead_ns (distinct texts: two equal
	# ones are one part), each whole, and the parts every repetition shares said once.
	python3 - "$OUT" "$BATS_TEST_DIRNAME" <<'PY'
import csv, sys
sys.path.insert(0, sys.argv[2])
from run_samples import samples_rows
d = sys.argv[1]
overheads = [float(r["value"]) for r in samples_rows(d)
             if r["metric"] == "tracing_overhead_ns"]
assert len(overheads) == 3, overheads
notes = [r["note"] for r in csv.DictReader(open(d + "/notes.csv")) if r["method"] == "fork"]
assert len(notes) == 1, notes
parts = notes[0].split("; ")
tracing = [p for p in parts if p.startswith("tracing adds ")]
want = {"tracing adds %.0f ns" % v for v in overheads}
got = {p.split(" (")[0] for p in tracing}
assert got == want, (got, want)
assert all(p.endswith(" to the median total_ns") for p in tracing), tracing
assert len(parts) == len(set(parts)), parts
PY
}

@test "compare: every interval in compare.csv carries its level" {
	FX="$BATS_TEST_DIRNAME/fixtures/compare"
	# Summary only (no samples.csv in B): the change CI holds when both median CIs hold, so
	# its level is at least the product of theirs (n = 40 each: 0.9615^2), not 95%.
	run sh -c "'$FB' compare --csv '$FX/base' '$FX/new-nosamples' 2>/dev/null"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(sys.stdin) if r["kind"] == "pair" and r["method"] == "fork"]
assert rows
for r in rows:
    a, b, ch = float(r["a_ci_level"]), float(r["b_ci_level"]), float(r["change_ci_level"])
    assert r["test_unit"] == "summary"
    assert 0.95 <= a < 1 and 0.95 <= b < 1, (a, b)
    assert abs(ch - a * b) < 1e-12 and ch < 0.95, ch'
	# Five repetition medians a side: each side is their range, at 93.75%.
	run sh -c "'$FB' compare --csv '$FX/reps-a' '$FX/reps-b' 2>/dev/null"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(sys.stdin) if r["kind"] == "pair"]
assert rows
for r in rows:
    assert r["test_unit"] == "reps"
    assert r["a_ci_level"] == "0.9375" and r["b_ci_level"] == "0.9375", r
    assert float(r["change_ci_level"]) >= 0.95'
	run "$FB" compare "$FX/reps-a" "$FX/reps-b" --all
	printf '%s\n' "$output" | grep -qE '^fork cpu=0 +[0-9.]+µs ± [0-9.]+% \(93\.75% CI\)'
}
