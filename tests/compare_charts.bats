#!/usr/bin/env bats
# scripts/compare.sh and `make compare` on the runs of tests/fixtures/compare/ (see its README),
# plus copies given rss sweep rows here: valid PNG and SVG, compare.md pointing only at files that
# exist, the RSS chart only when the runs have rss sweeps, bad input as one line and exit 2.
# FORKBENCH overrides the binary (default build/forkbench). Nothing here runs a benchmark.

bats_require_minimum_version 1.5.0

setup() {
	ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	FX=$ROOT/tests/fixtures/compare
	T=$BATS_TEST_TMPDIR
	export FORKBENCH="${FORKBENCH:-$ROOT/build/forkbench}"
	# A missing binary is a broken build, not a reason to skip.
	[ -x "$FORKBENCH" ] || { echo "no forkbench binary at $FORKBENCH (run make first)"; return 1; }
	command -v gnuplot >/dev/null 2>&1 || skip "gnuplot is not installed (apt-get install gnuplot-nox)"
}

# Every chart in DIR is a PNG that decodes and has its data drawn (tests/png_check.py) and an SVG
# that parses as XML; there is at least one PNG.
assert_charts_valid() {
	local f
	ls "$1"/*.png >/dev/null || { echo "no PNG in $1"; return 1; }
	python3 "$BATS_TEST_DIRNAME/png_check.py" "$1"/*.png || return 1
	for f in "$1"/*.svg; do
		python3 -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
sys.exit(0 if r.tag.endswith("svg") else 1)' "$f" || { echo "not an SVG: $f"; return 1; }
	done
}

# compare.md links only to files in its directory, and shows every chart there.
assert_md_consistent() {
	local dir=$1 target f
	for target in $(grep -o '](\([^)]*\))' "$dir/compare.md" | sed 's/^](//; s/)$//'); do
		[ -f "$dir/$target" ] || { echo "compare.md points at a missing $target"; return 1; }
	done
	for f in "$dir"/*.png "$dir"/*.svg; do
		grep -qF "($(basename "$f"))" "$dir/compare.md" || { echo "not in compare.md: $f"; return 1; }
	done
}

# A bad invocation: exit 2, nothing on stdout, one line on stderr, no output directory.
assert_refused() {
	run sh -c 'sh "$@" 2>"$0"' "$T/stderr" "$ROOT/scripts/compare.sh" -o "$T/refused" "$@"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	cat "$T/stderr"
	[ "$(wc -l <"$T/stderr")" -eq 1 ]
	[ ! -e "$T/refused" ]
}

# sweep_run SRC DST FACTOR: a copy of SRC (meta.json, summary.csv; no samples.csv, so no
# p-values) plus rss sweep rows of fork and vfork whose medians grow with RSS, times FACTOR.
sweep_run() {
	mkdir -p "$2"
	cp "$1/meta.json" "$1/summary.csv" "$2/"
	awk -v k="$3" 'BEGIN {
		split("0 16777216 67108864", rss, " ")
		for (m = 1; m <= 2; m++)
			for (i = 1; i <= 3; i++) {
				med = (m == 1 ? 60000 + rss[i] / 4096 * 60 : 20000) * k
				printf "sweep,%s,%s,,%d,yes,0,0,0,,,param=rss,total_ns,ns,40,%g,%g,%g,%g,%g,%g,%g,%g,%g,%g,%g,%g,0,true,1,%g,%g\n",
					m == 1 ? "fork" : "vfork", m == 1 ? "" : "CLONE_VM|CLONE_VFORK",
					rss[i], med * 0.9, med * 0.92, med * 0.97, med, med * 1.03,
					med * 1.1, med * 1.2, med * 1.3, med, med * 0.05, med * 0.98,
					med * 1.02, med, med
			}
	}' >>"$2/summary.csv"
}

@test "two runs: compare.csv, compare.md and a forest chart per metric, PNG and SVG" {
	run sh "$ROOT/scripts/compare.sh" -o "$T/out" "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	for f in compare.csv compare.md forest-latency-call_ns.png forest-latency-call_ns.svg \
		forest-latency-total_ns.png forest-latency-total_ns.svg; do
		[ -s "$T/out/$f" ] || { echo "missing $f"; false; }
	done
	assert_charts_valid "$T/out"
	# no rss sweeps in these runs: no RSS chart, and compare.md does not mention one
	[ ! -e "$T/out/rss-latency.png" ]
	! grep -q 'rss-latency' "$T/out/compare.md" || false
	# the charts are titled with the runs' hosts and kernels
	grep -q 'A: fixture 6.1.0-18-amd64 vs B: fixture 6.18.0' "$T/out/forest-latency-total_ns.svg"
}

@test "compare.csv is forkbench compare --csv; compare.md has the metadata diff and the table" {
	run sh "$ROOT/scripts/compare.sh" -o "$T/out" "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	"$FORKBENCH" compare "$FX/base" "$FX/new" --csv 2>/dev/null | cmp - "$T/out/compare.csv"
	grep -q '^| kernel.release | 6.1.0-18-amd64 | 6.18.0 |$' "$T/out/compare.md"
	grep -q '^| fork | .* | +19.1% \[' "$T/out/compare.md"
	grep -q '^| vfork | .* | ~ |' "$T/out/compare.md"
	assert_md_consistent "$T/out"
}

@test "too few repetitions: the warning reaches the terminal; repetition runs say their unit" {
	run --separate-stderr sh "$ROOT/scripts/compare.sh" -o "$T/one" "$FX/onerep-a" "$FX/onerep-b"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"forkbench compare: warning: "*"--repetitions 5"* ]]
	grep -q 'within-run only' "$T/one/compare.md"
	run --separate-stderr sh "$ROOT/scripts/compare.sh" -o "$T/reps" "$FX/reps-a" "$FX/reps-b"
	[ "$status" -eq 0 ]
	[[ "$stderr" != *warning* ]]
	grep -q '^unit: repetition medians, n=5 vs 5 ' "$T/reps/compare.md"
	grep -q '^| fork cpu=0 | .* | p=0.008 n=5+5 reps |$' "$T/reps/compare.md"
}

@test "rss sweeps: the latency-vs-RSS chart with both runs, referenced by compare.md" {
	sweep_run "$FX/base" "$T/a" 1
	sweep_run "$FX/new" "$T/b" 1.3
	run sh "$ROOT/scripts/compare.sh" -o "$T/out" "$T/a" "$T/b"
	[ "$status" -eq 0 ]
	[ -s "$T/out/rss-latency.png" ]
	[ -s "$T/out/rss-latency.svg" ]
	assert_charts_valid "$T/out"
	assert_md_consistent "$T/out"
	grep -q 'A: fixture 6.1.0-18-amd64' "$T/out/rss-latency.svg"
	grep -q 'B: fixture 6.18.0' "$T/out/rss-latency.svg"
	# the sweep points are configurations too: their own forest chart
	[ -s "$T/out/forest-sweep-total_ns.svg" ]
}

@test "three runs: one forest chart per metric, the two comparisons in its key" {
	run sh "$ROOT/scripts/compare.sh" -o "$T/out" "$FX/base" "$FX/new" "$FX/new-nosamples"
	[ "$status" -eq 0 ]
	assert_charts_valid "$T/out"
	assert_md_consistent "$T/out"
	grep -q 'B: fixture 6.18.0' "$T/out/forest-latency-total_ns.svg"
	grep -q 'C: fixture 6.18.0' "$T/out/forest-latency-total_ns.svg"
	[ "$(grep -c '^## Table: ' "$T/out/compare.md")" -eq 2 ]
}

@test "default directory: results/compare-<run-id A>-vs-<run-id B>/ under the current one" {
	cd "$T"
	run sh "$ROOT/scripts/compare.sh" "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	[ -s "$T/results/compare-fixture-6.1.0-18-amd64-20260101T000000Z-vs-fixture-6.18.0-20260102T000000Z/compare.md" ]
}

@test "a second comparison into the same directory replaces its own files only" {
	sweep_run "$FX/base" "$T/a" 1
	sweep_run "$FX/new" "$T/b" 1.3
	sh "$ROOT/scripts/compare.sh" -o "$T/out" "$T/a" "$T/b"
	[ -e "$T/out/rss-latency.png" ]
	echo mine >"$T/out/notes.txt"
	run sh "$ROOT/scripts/compare.sh" -o "$T/out" "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	[ ! -e "$T/out/rss-latency.png" ]
	[ ! -e "$T/out/forest-sweep-total_ns.png" ]
	[ "$(cat "$T/out/notes.txt")" = mine ]
	assert_md_consistent "$T/out"
}

@test "--ignore rss_bytes,touch,rss_kind pairs runs that differ in the parent's RSS" {
	mkdir -p "$T/big"
	cp "$FX/base/meta.json" "$T/big/"
	# Columns by name (the fixture may or may not have config): every time figure x10. The old
	# fixture has no rss_kind: a 64M row reads as anon there (DESIGN §7), so that column differs too.
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
		{ $col["rss_bytes"] = 67108864; $col["touch"] = "yes"
		  for (i = col["min"]; i <= col["ci95_high"]; i++) $i *= 10
		  $col["rep_median_min"] *= 10; $col["rep_median_max"] *= 10; print }' \
		"$FX/base/summary.csv" >"$T/big/summary.csv"
	# without --ignore nothing pairs: the rows are listed, and no empty table is printed
	run "$FORKBENCH" compare "$FX/base" "$T/big"
	[ "$status" -eq 0 ]
	! printf '%s\n' "$output" | grep -q '^latency call_ns' || false
	printf '%s\n' "$output" | grep -q '^only in B:'
	run sh "$ROOT/scripts/compare.sh" -o "$T/out" --ignore rss_bytes,touch,rss_kind "$FX/base" "$T/big"
	[ "$status" -eq 0 ]
	grep -q '^| fork | .* | +900.0% ' "$T/out/compare.md"
	[ -s "$T/out/forest-latency-total_ns.png" ]
	run "$FORKBENCH" compare "$FX/base" "$T/big" --ignore bench
	[ "$status" -eq 2 ]
}

@test "bad input: one line on stderr, exit 2, nothing written" {
	assert_refused "$FX/base" "$FX/notarun"
	grep -q 'notarun' "$T/stderr"
	assert_refused "$FX/base" "$FX/badschema"
	grep -q 'schema_version' "$T/stderr"
	assert_refused "$FX/base" "$FX/badsummary"
	grep -q 'summary.csv' "$T/stderr"
	assert_refused "$FX/base" "$T/does-not-exist"
	assert_refused "$FX/base"
	assert_refused --bogus "$FX/base" "$FX/new"
	assert_refused "$FX/base" "$FX/new" --alpha 2
	assert_refused "$FX/base" "$FX/new" --alpha
}

@test "make compare A=... B=... writes the directory; without B it is a usage error" {
	run make -s -C "$ROOT" compare A="$FX/base" B="$FX/new" OUT="$T/made"
	[ "$status" -eq 0 ]
	[ -s "$T/made/compare.md" ]
	assert_md_consistent "$T/made"
	run make -s -C "$ROOT" compare A="$FX/base"
	[ "$status" -eq 2 ]
	printf '%s\n' "$output" | grep -q '^usage: make compare A='
}
