#!/usr/bin/env bats
# Placement per sample (DESIGN §4, §5, §8; issue 18 part 1): where each creation ran
# (child_cpu, parent_cpu sample rows), the .same_cpu/.cross_cpu split and cross_cpu_share where
# the worker may run on more than one CPU, none where it may not, and compare's difference of
# proportions. Tiny sample counts: only what is recorded and claimed is checked, no duration.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
	NCPU=$(nproc)
}

# placement DIR: per configuration (method exec), "samples child_cpu parent_cpu values-ok"
# facts as lines "METHOD EXEC n_child n_parent min max", from samples.csv.gz.
placement_samples() {
	python3 - "$1" "$BATS_TEST_DIRNAME" <<'PY'
import csv, io, sys
sys.path.insert(0, sys.argv[2])
from run_samples import samples_text
seen = {}
for r in csv.DictReader(io.StringIO(samples_text(sys.argv[1]))):
    if r["metric"] in ("child_cpu", "parent_cpu"):
        assert r["unit"] == "cpu", r
        s = seen.setdefault((r["method"], r["exec"] or "-", r["metric"]), [])
        s.append(float(r["value"]))
for (m, e, metric), v in sorted(seen.items()):
    print(m, e, metric, len(v), int(min(v)), int(max(v)))
PY
}

# summary_metrics DIR METHOD: the metric names of METHOD's summary rows, one per line
summary_metrics() {
	python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1] + "/summary.csv")):
    if r["method"] == sys.argv[2]: print(r["metric"])' "$@"
}

@test "unpinned on 2+ CPUs: placement sample rows, split rows whose n add up, cross_cpu_share in [0, 1]" {
	[ "$NCPU" -ge 2 ] || skip "needs 2 CPUs for an unpinned worker to have a choice (nproc: $NCPU)"
	run "$FB" latency -n 80 --repetitions 2 -m fork,vfork,fork+exec -q -o "$OUT"
	[ "$status" -eq 0 ]
	# check_run.py rebuilds every split row and share from the placement samples and checks
	# each against summary.csv, the n of the two modes against the metric's, the CPUs' range.
	check_run_dir "$OUT"
	run placement_samples "$OUT"
	echo "$output"
	for m in "fork -" "vfork -" "fork+exec static"; do
		for w in child_cpu parent_cpu; do
			line=$(grep "^$m $w " <<<"$output")
			read -r _ _ _ n lo hi <<<"$line"
			[ "$n" -eq 160 ]
			[ "$lo" -ge 0 ] && [ "$hi" -le $((NCPU - 1)) ]
		done
	done
	for m in fork vfork fork+exec; do
		metrics=$(summary_metrics "$OUT" "$m")
		! grep -qx 'child_cpu\|parent_cpu' <<<"$metrics"
		grep -qx cross_cpu_share <<<"$metrics"
		for t in call_ns start_ns total_ns; do
			grep -qx "$t.same_cpu\|$t.cross_cpu" <<<"$metrics"
		done
	done
	# Pooled over 2 repetitions: the note says the level is within-run.
	grep -q 'pool the samples of the repetitions' "$OUT/notes.csv"
	# results.json has the split rows (times) and no placement rows.
	grep -q '"latency/fork/total_ns.same_cpu\|"latency/fork/total_ns.cross_cpu' "$OUT/results.json"
	! grep -q 'child_cpu\|cross_cpu_share' "$OUT/results.json"
}

@test "--cpu 0: child_cpu == parent_cpu == 0 and no split rows" {
	run "$FB" latency -n 60 --cpu 0 -m fork,posix_spawn -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	run placement_samples "$OUT"
	echo "$output"
	[ "$(grep -c ' 60 0 0$' <<<"$output")" -eq 4 ]
	! grep -q 'same_cpu\|cross_cpu' "$OUT/summary.csv"
}

@test "a worker limited to one CPU (taskset, no --cpu) has no split" {
	command -v taskset >/dev/null || skip "no taskset (util-linux)"
	cpu=$((NCPU - 1))
	run taskset -c "$cpu" "$FB" latency -n 60 -m fork,vfork -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	run placement_samples "$OUT"
	echo "$output"
	[ "$(grep -c " 60 $cpu $cpu\$" <<<"$output")" -eq 4 ]
	! grep -q 'same_cpu\|cross_cpu' "$OUT/summary.csv"
}

@test "--no-start: no child stamp, so no placement rows" {
	run "$FB" latency -n 60 --no-start -m fork -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	run placement_samples "$OUT"
	[ -z "$output" ]
	! grep -q 'cross_cpu' "$OUT/summary.csv"
}

@test "the exec targets stamp the CPU after the clock, only when the argument has its letter" {
	for t in child-static child-dynamic; do
		f="$BATS_TEST_TMPDIR/stamp-$t"
		: >"$f"
		"$BATS_TEST_DIRNAME/../build/$t" 3p 3<>"$f"
		[ "$(stat -c %s "$f")" -eq 16 ]
		cpu=$(od -An -tu8 -j8 -N8 "$f" | tr -d ' ')
		[ "$cpu" -ge 0 ] && [ "$cpu" -lt "$NCPU" ]
		: >"$f"
		"$BATS_TEST_DIRNAME/../build/$t" 3g 3<>"$f"
		cpu=$(od -An -tu8 -j8 -N8 "$f" | tr -d ' ')
		[ "$cpu" -ge 0 ] && [ "$cpu" -lt "$NCPU" ]
		: >"$f"
		"$BATS_TEST_DIRNAME/../build/$t" 3 3<>"$f"
		[ "$(stat -c %s "$f")" -eq 8 ]
	done
}

@test "compare: cross_cpu_share is a difference of proportions with its z test, out of the geomeans" {
	[ "$NCPU" -ge 2 ] || skip "needs 2 CPUs for an unpinned worker to have a choice (nproc: $NCPU)"
	"$FB" latency -n 80 -m fork,vfork -q -o "$BATS_TEST_TMPDIR/a"
	"$FB" latency -n 80 -m fork,vfork -q -o "$BATS_TEST_TMPDIR/b"
	run --separate-stderr "$FB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" --csv
	[ "$status" -eq 0 ]
	# The share rows against the z test computed here from the placement samples.
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/compare.csv"
	python3 - "$BATS_TEST_TMPDIR" "$BATS_TEST_DIRNAME" <<'PY'
import csv, io, math, sys
sys.path.insert(0, sys.argv[2])
from run_samples import samples_text

def counts(d, method):
    child, parent = [], []
    for r in csv.DictReader(io.StringIO(samples_text(d))):
        if r["method"] == method and r["metric"] == "child_cpu":
            child.append(r["value"])
        if r["method"] == method and r["metric"] == "parent_cpu":
            parent.append(r["value"])
    return sum(c != p for c, p in zip(child, parent)), len(child)

rows = list(csv.DictReader(open(sys.argv[1] + "/compare.csv")))
shares = [r for r in rows if r["metric"] == "cross_cpu_share"]
assert {r["method"] for r in shares if r["kind"] == "pair"} == {"fork", "vfork"}, shares
assert not [r for r in shares if r["kind"] == "geomean"], "a share in a geometric mean"
for r in shares:
    xa, na = counts(sys.argv[1] + "/a", r["method"])
    xb, nb = counts(sys.argv[1] + "/b", r["method"])
    assert na == nb == 80, (na, nb)
    assert r["change_estimator"] == "difference_of_proportions", r
    assert r["change_ci_method"] == "newcombe", r
    diff = (xb / nb - xa / na) * 100
    assert math.isclose(float(r["change_pct"]), diff, abs_tol=1e-9), (r["change_pct"], diff)
    low, high = float(r["change_ci95_low_pct"]), float(r["change_ci95_high_pct"])
    assert low <= diff <= high, (low, diff, high)
    p = (xa + xb) / (na + nb)
    se = math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    want = 1.0 if se == 0 else min(1.0, math.erfc(abs(diff / 100 / se) / math.sqrt(2)))
    assert math.isclose(float(r["p_value"]), want, rel_tol=1e-9, abs_tol=1e-12), (r["p_value"], want)
# The split rows are paired like any time metric where both runs have them.
assert [r for r in rows if r["kind"] == "pair" and r["metric"].endswith(".same_cpu")], "no split pair"
PY
	run --separate-stderr "$FB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 0 ]
	grep -q '^placement: cross_cpu_share' <<<"$output"
}

@test "sweep points are latency configurations: placement rows, and the split where unpinned" {
	run "$FB" sweep -m fork --values 0,4M -n 30 --warmup 2 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	run placement_samples "$OUT"
	echo "$output"
	grep -q '^fork - child_cpu 60 ' <<<"$output"
	if [ "$NCPU" -ge 2 ]; then
		[ "$(grep -c ',cross_cpu_share,' "$OUT/summary.csv")" -eq 2 ]
	fi
}
