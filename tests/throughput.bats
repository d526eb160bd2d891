#!/usr/bin/env bats
# forkbench throughput: K creator threads and K creator processes per method, one configuration
# each with the creators in the variant, rates per window; bad options are exit 2; nothing is
# left running. Short windows and fixed counts; no rate or duration is asserted.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
}

@test "throughput: threads and processes per method and K, consistent rates" {
	run "$FB" throughput -m fork,pthread --creators 1,3 -n 3 --max-time 0.3 -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	[ "$(count_configs "$OUT")" -eq 8 ]
	python3 - "$OUT/summary.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["bench"] == "throughput"]
counts = [r for r in rows if r["unit"] in ("count/op", "ns/op")]
rows = [r for r in rows if r not in counts]
by = {}
# Counter rows (per creation, counted after the windows): every configuration has them, and a
# fork child takes page faults of its own.
cfg = {(r["method"], r["variant"]) for r in rows}
for key in cfg:
    mine = {r["metric"]: r for r in counts if (r["method"], r["variant"]) == key}
    assert mine, ("no counter rows", key)
    if key[0] == "fork":
        pf = mine.get("page-faults.children") or mine.get("minor-faults.rusage.children")
        assert pf and float(pf["median"]) > 0, (key, pf)
for r in rows:
    assert r["unit"] == "ops/s", r
    assert int(r["n"]) == 3, r
    assert float(r["min"]) > 0, r
    by.setdefault((r["method"], r["variant"]), {})[r["metric"]] = float(r["mean"])
assert len(by) == 8, by.keys()
for (method, variant), m in by.items():
    k = int(variant.split("creators=")[1])
    assert variant.startswith("kind=threads;") or variant.startswith("kind=processes;"), variant
    assert abs(m["creations_per_s_per_creator"] * k - m["creations_per_s"]) <= 1e-6 * m["creations_per_s"], m
    assert m["slowest_creator_per_s"] <= m["creations_per_s_per_creator"] * (1 + 1e-9), m
PY
	no_processes_left
}

@test "throughput with -e none counts page faults per creation through getrusage" {
	run "$FB" throughput -e none -m fork --creators 2 --creator-kind processes -n 2 --max-time 0.2 -q -o "$OUT"
	[ "$status" -eq 0 ]
	python3 - "$OUT/summary.csv" <<'PY'
import csv, sys
rows = {r["metric"]: r for r in csv.DictReader(open(sys.argv[1])) if r["bench"] == "throughput"}
pf = rows.get("minor-faults.rusage.children")
assert pf and float(pf["median"]) > 0 and pf["unit"] == "count/op", pf
assert not any(m.startswith("page-faults") for m in rows), sorted(rows)
PY
	no_processes_left
}

@test "throughput --creator-kind processes plans only process creators" {
	run "$FB" throughput -m vfork --creators 2 --creator-kind processes -n 2 --max-time 0.2 -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q ',kind=processes;creators=2,vfork kind=processes;creators=2,creations_per_s,' "$OUT/summary.csv"
	! grep -q 'kind=threads' "$OUT/summary.csv" || false
	no_processes_left
}

@test "throughput of an exec method runs the target" {
	run "$FB" throughput -m posix_spawn --creators 2 --creator-kind threads -n 2 --max-time 0.2 -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q '^throughput,posix_spawn,.*,static,.*,kind=threads;creators=2,posix_spawn static kind=threads;creators=2,creations_per_s,' \
		"$OUT/summary.csv"
	no_processes_left
	# A target that leaves a mark: each creation ran it, so there are marks, as many as the
	# creations at least in order of magnitude (the windows' rates times their length are a
	# lower bound we do not know exactly, so only "ran, and more than once per window").
	target=$BATS_TEST_TMPDIR/mark.sh
	printf '#!/bin/sh\necho ran >>"%s"\n' "$BATS_TEST_TMPDIR/marks" >"$target"
	chmod +x "$target"
	run "$FB" throughput -m posix_spawn,fork+exec --exec "$target" --creators 2 \
		--creator-kind threads -n 2 --max-time 0.2 -q -o "$OUT-mark"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT-mark"
	must_run "$OUT-mark" throughput posix_spawn fork+exec
	[ "$(sort -u "$BATS_TEST_TMPDIR/marks")" = ran ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/marks")" -gt 4 ]
	no_processes_left "$OUT-mark"
}

@test "bad throughput options are exit 2 with nothing written" {
	for args in "--creators 0" "--creators 1,x" "--creator-kind fibers" "--full" "--param rss"; do
		run "$FB" throughput $args -o "$OUT"
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
		[ ! -e "$OUT" ]
	done
}
