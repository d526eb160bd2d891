#!/usr/bin/env bats
# results.json as Google Benchmark's tools/compare.py reads it (DESIGN §7): two small runs with
# repetitions give it per-repetition iteration entries, so it runs its Mann-Whitney U test and
# prints a _pvalue row per time metric; the aggregates are compared beside them. Debian ships
# the script in libbenchmark-tools, with python3-scipy (make deps installs both).

load helpers

GB_COMPARE=/usr/share/benchmark/compare.py

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
	# The Debian script imports scipy from Debian's python3: run it with that interpreter,
	# not whatever python3 comes first on PATH.
	PY=/usr/bin/python3
}

@test "compare.py runs its U test on two runs' repetitions" {
	[ -r "$GB_COMPARE" ] || skip "no $GB_COMPARE (libbenchmark-tools not installed)"
	"$PY" -c 'import scipy' 2>/dev/null || skip "no scipy for $PY (python3-scipy not installed)"
	for r in a b; do
		run "$FB" latency -m fork,vfork -n 30 --warmup 0 --repetitions 3 -e none -q \
			-o "$OUT-$r"
		[ "$status" -eq 0 ]
	done
	# Three iteration entries per time metric and configuration, one per repetition.
	python3 - "$OUT-a/results.json" <<'PY'
import collections, json, sys
b = json.load(open(sys.argv[1]))["benchmarks"]
it = collections.Counter(e["name"] for e in b if e["run_type"] == "iteration")
# A placement split row (METRIC.same_cpu, .cross_cpu: DESIGN §5) has an entry for each
# repetition whose creations met that mode, so at most three.
whole = {n: c for n, c in it.items() if not n.endswith(("_cpu"))}
assert whole and set(whole.values()) == {3}, it
assert all(1 <= c <= 3 for c in it.values()), it
assert "latency/fork/total_ns" in it, sorted(it)
for e in b:
    assert e["time_unit"] == "ns", e
    if e["run_type"] == "iteration":
        reps = it[e["name"]]
        assert 0 <= e["repetition_index"] < reps and e["repetitions"] == reps, e
agg = {e["aggregate_name"] for e in b if e["run_type"] == "aggregate"}
assert agg == {"min", "median", "p95", "max", "mean", "stddev"}, agg
PY
	run "$PY" "$GB_COMPARE" --no-color -a benchmarks "$OUT-a/results.json" "$OUT-b/results.json"
	[ "$status" -eq 0 ]
	# One U-test row per configuration and time metric: call, start, total for both methods.
	for m in fork vfork; do
		for t in call_ns start_ns total_ns; do
			printf '%s\n' "$output" | grep -E "^latency/$m/${t}_pvalue +[0-9.]+ +[0-9.]+ +U Test, Repetitions: 3 vs 3"
		done
	done
	# The aggregates are compared too.
	printf '%s\n' "$output" | grep -qE '^latency/fork/total_ns_median '
}
