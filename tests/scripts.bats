#!/usr/bin/env bats
# The scripts on the committed fixture runs (tests/fixtures/): aggregation, charts, report and
# the hyperfine conversion, and their refusal of broken runs. run-suite is a real `suite --quick`
# (counter rows and some methods trimmed, cgroup path neutralised) with every bench, notes.csv and
# fits.csv. Each test works on copies in its own BATS_TEST_TMPDIR; nothing here runs the harness
# or hyperfine itself.

HEADER='run_id,host,kernel,cpu_model,virtualization,thp_enabled,bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,cpu,variant,config,metric,unit,n,min,p5,p25,median,p75,p95,p99,max,mean,stddev,ci95_low,ci95_high,outliers,converged,reps,rep_median_min,rep_median_max,ci_level'

setup() {
	ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	S=$ROOT/scripts
	T=$BATS_TEST_TMPDIR
	cp -R "$ROOT/tests/fixtures/." "$T/"
}

need_gnuplot() {
	command -v gnuplot >/dev/null 2>&1 || skip "gnuplot is not installed (apt-get install gnuplot-nox)"
}

# A broken run: exit 2, one line on stderr naming the file, nothing on stdout.
assert_refused() {
	local file=$1
	shift
	run sh -c '"$@" 2>"$0.err"' "$T/stderr" "$@"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$(wc -l <"$T/stderr.err")" -eq 1 ]
	grep -qF "$file" "$T/stderr.err"
}

@test "aggregate: exact header and one row per summary and hyperfine row" {
	run sh "$S/aggregate.sh" "$T/run-vm" "$T/run-metal"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$HEADER" ]
	# run-vm: 35 summary rows + 4 hyperfine rows; run-metal: 8 summary rows.
	[ "${#lines[@]}" -eq 48 ]
}

@test "aggregate: meta columns come from meta.json, compact or indented" {
	run sh "$S/aggregate.sh" "$T/run-metal" "$T/run-vm"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == 'bm-host-6.1.0-27-amd64-20241220T093015Z,bm-host,6.1.0-27-amd64,Intel(R) Xeon(R) E-2286G CPU @ 4.00GHz,none,always,latency,fork,'* ]]
	[[ "${lines[9]}" == 'vm-6.18.44-fc-v657-20250101T120000Z,vm,6.18.44-fc-v657,AMD EPYC,firecracker,madvise,latency,fork,'* ]]
}

@test "aggregate: quoted cells stay quoted and whole" {
	run sh "$S/aggregate.sh" "$T/run-vm"
	[ "$status" -eq 0 ]
	printf '%s\n' "${lines[@]}" | grep -q ',latency,"clone:files,fs",CLONE_FILES|CLONE_FS,,0,'
	# Every line has the header's 41 cells (rss_kind read in for this old run) once quoted commas are taken out.
	run sh -c "sh '$S/aggregate.sh' '$T/run-vm' | sed 's/\"[^\"]*\"/Q/g' | awk -F, 'NF != 41' | wc -l"
	[ "$output" -eq 0 ]
}

@test "aggregate -o: writes the file; on error leaves nothing" {
	run sh "$S/aggregate.sh" -o "$T/all.csv" "$T/run-vm"
	[ "$status" -eq 0 ]
	[ "$(head -n 1 "$T/all.csv")" = "$HEADER" ]
	run sh "$S/aggregate.sh" -o "$T/bad.csv" "$T/run-vm" "$T/broken-malformed"
	[ "$status" -eq 2 ]
	[ ! -e "$T/bad.csv" ]
	[ -z "$(ls "$T" | grep 'bad.csv')" ]
}

@test "aggregate: missing summary.csv is named, exit 2, no output" {
	assert_refused broken-no-summary/summary.csv sh "$S/aggregate.sh" "$T/run-vm" "$T/broken-no-summary"
}

@test "aggregate: malformed CSV line is named with its line number" {
	assert_refused broken-malformed/summary.csv:5 sh "$S/aggregate.sh" "$T/broken-malformed"
}

@test "aggregate: empty run directory is named" {
	mkdir "$T/empty-run"
	assert_refused empty-run/meta.json sh "$S/aggregate.sh" "$T/empty-run"
}

@test "aggregate: summary.csv with a header and no rows is an empty run" {
	head -n 1 "$T/run-vm/summary.csv" >"$T/broken-no-summary/summary.csv"
	assert_refused broken-no-summary/summary.csv sh "$S/aggregate.sh" "$T/broken-no-summary"
}

@test "plot: every chart is a drawn PNG (decoded, data in colour) and an SVG, no gnuplot warning" {
	need_gnuplot
	run sh "$S/plot.sh" "$T/run-vm"
	[ "$status" -eq 0 ]
	# gnuplot warns of a data file with no valid points: a chart missing its data.
	[[ "$output" != *warning* ]]
	for name in latency-by-method latency-distribution latency-placement exec-crosscheck; do
		python3 "$BATS_TEST_DIRNAME/png_check.py" "$T/run-vm/plots/$name.png"
		svg=$T/run-vm/plots/$name.svg
		[ -s "$svg" ]
		head -c 100 "$svg" | grep -q '^<?xml\|^<svg'
	done
}

@test "plot: a run without pinned rows or hyperfine draws only what it has" {
	need_gnuplot
	run sh "$S/plot.sh" "$T/run-metal"
	[ "$status" -eq 0 ]
	[[ "$output" != *warning* ]]
	python3 "$BATS_TEST_DIRNAME/png_check.py" "$T/run-metal/plots/latency-by-method.png"
	[ ! -e "$T/run-metal/plots/latency-placement.png" ]
	[ ! -e "$T/run-metal/plots/exec-crosscheck.png" ]
}

@test "plot: a broken run is refused before anything is drawn" {
	need_gnuplot
	assert_refused broken-malformed/summary.csv:5 sh "$S/plot.sh" "$T/broken-malformed"
	[ ! -e "$T/broken-malformed/plots" ]
}

@test "report: references only files that exist, and every chart" {
	need_gnuplot
	sh "$S/plot.sh" "$T/run-vm" 2>/dev/null
	run sh "$S/report.sh" "$T/run-vm"
	[ "$status" -eq 0 ]
	cd "$T/run-vm"
	refs=$(grep -o '](plots/[^)]*)' report.md | sed 's/^](//; s/)$//' | sort -u)
	[ "$(echo "$refs" | grep -c .)" -eq 8 ]
	for f in $refs; do
		[ -f "$f" ]
	done
}

@test "report: headline numbers match summary.csv, warnings and command are there" {
	run sh "$S/report.sh" "$T/run-vm"
	[ "$status" -eq 0 ]
	r=$T/run-vm/report.md
	# fork total_ns: median 118400, CI 117926.4-118873.6 ns in summary.csv.
	grep -qF '| `fork` | **118.4** [117.9–118.9] |' "$r"
	# Non-converged: one line per configuration, naming its time metrics.
	grep -qF 'did not reach the requested precision' "$r"
	grep -qF '  - `latency clone:files,fs`: call_ns, start_ns, total_ns' "$r"
	grep -qF 'EPERM: unprivileged user namespaces are disabled' "$r"
	grep -qF 'no hardware PMU for this run' "$r"
	grep -qF 'build/forkbench suite --quick -o results/vm-6.18.44-fc-v657-20250101T120000Z' "$r"
	grep -qF 'Cross-check with hyperfine' "$r"
	# No charts drawn: no image references.
	run grep -q '](plots/' "$r"
	[ "$status" -ne 0 ]
}

@test "plot: the suite run draws every bench's charts, timeline phases included" {
	need_gnuplot
	run sh "$S/plot.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	for name in latency-by-method latency-distribution latency-placement exec-crosscheck cow \
		footprint-by-method sweep-rss throughput timeline timeline-phases; do
		python3 "$BATS_TEST_DIRNAME/png_check.py" "$T/run-suite/plots/$name.png"
		head -c 100 "$T/run-suite/plots/$name.svg" | grep -q '^<?xml\|^<svg'
	done
	# gnuplot warns of a data file with no valid points: a chart missing its data.
	[[ "$output" != *warning* ]]
}

@test "report: every bench of the suite run has its section and its charts" {
	need_gnuplot
	sh "$S/plot.sh" "$T/run-suite" 2>/dev/null
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	r=$T/run-suite/report.md
	for h in Machine Latency 'Cross-check with hyperfine' Copy-on-write Footprint \
		'Parent shape sweeps' Throughput Timeline Warnings Notes Reproduce; do
		grep -qx "## $h" "$r"
	done
	cd "$T/run-suite"
	refs=$(grep -o '](plots/[^)]*)' report.md | sed 's/^](//; s/)$//' | sort -u)
	# Every PNG and SVG is linked; the charts' gnuplot scripts (NAME.gp) are not.
	[ "$(echo "$refs" | grep -c .)" -eq "$(ls plots | grep -vc '\.gp$')" ]
	for f in $refs; do
		[ -f "$f" ]
	done
	# Each chart sits in its bench's section.
	awk '/^## /{ s = $0 } /plots\/timeline-phases.png/{ print s }' report.md | grep -qx '## Timeline'
	awk '/^## /{ s = $0 } /plots\/cow.png/{ print s }' report.md | grep -qx '## Copy-on-write'
}

@test "report: timeline phase medians, tracing overhead and the remainder" {
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	r=$T/run-suite/report.md
	# summary.csv, timeline fork: phase medians 71.1/5.95/13.4/33.6/-/72.5 µs, remainder 3.74,
	# traced total 201.4, untraced 235.4 (the untraced run was the slower one here). Every one of
	# them did not converge: each median-only cell carries its ⚠.
	grep -qF '| `fork` | 71.1 ⚠ | 5.95 ⚠ | 13.4 ⚠ | 33.6 ⚠ | – | 72.5 ⚠ | 3.74 ⚠ | 201.4 ⚠ | 235.4 ⚠ |' "$r"
	grep -qF '| `posix_spawn static` | 13.9 ⚠ | 5.72 ⚠ | 2.73 ⚠ | 121.1 ⚠ | 13.2 ⚠ | 31.9 ⚠ | 6.73 ⚠ | 216.6 ⚠ | 206.2 ⚠ |' "$r"
	grep -qF '| `fork` | **201.4** [199.2–205.5] ⚠ | **235.4** [221.2–255.8] ⚠ | -34.0 µs (-14%) |' "$r"
	grep -qF '10.4 µs (+5%), within the CIs |' "$r"
	grep -qF '**Unexplained remainder.**' "$r"
	grep -qF '3.74–6.73 µs median (1.9%–3.1% of the traced total)' "$r"
}

@test "report: the child's RSS from child_rss_bytes, or from rss_bytes in older runs" {
	row='| `fork children=64` | 147.0 ⚠ | 64.0 ⚠ | 52.0 ⚠ | **129.2** [87.4–139.4] ⚠ | 664.0 ⚠ |'
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	grep -qF "$row" "$T/run-suite/report.md"
	# Before the rename the metric had the name of the parent's key column rss_bytes.
	sed -i 's/,child_rss_bytes,/,rss_bytes,/' "$T/run-suite/summary.csv"
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	grep -qF "$row" "$T/run-suite/report.md"
	sed -i '/,rss_bytes,bytes,/d' "$T/run-suite/summary.csv"
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	grep -qF '| `fork children=64` | 147.0 ⚠ | 64.0 ⚠ | 52.0 ⚠ | **129.2** [87.4–139.4] ⚠ | – |' \
		"$T/run-suite/report.md"
}

@test "report and plot: each fit's worst point from fits.csv, – for a fits.csv without it" {
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	r=$T/run-suite/report.md
	grep -qF '| parameter | configuration | slope | over | CI (level) | R² | worst point | points |' "$r"
	# ⚠: points of the line (fork rss=64M and 256M touched) did not converge on total_ns. A
	# fits.csv from before ci_level and x_from: its interval read as the nominal 95%, no range.
	grep -qF '| rss | `fork touched param=rss` ⚠ | **50.8 µs/MiB** | – | 3.14 – 98.4 µs/MiB (95%, nominal) | 0.995 | 299.1% at 0 MiB | 3 |' "$r"
	grep -qF '| 0.115 | 1.2% at 64 MiB | 3 |' "$r"
	if command -v gnuplot >/dev/null 2>&1; then
		sh "$S/plot.sh" "$T/run-suite" 2>/dev/null
		grep -qF 'misses the 0 point by 299%' "$T/run-suite/plots/sweep-rss.gp"
	fi
	# fits.csv from before max_residual_pct and worst_point: the rest is read as before.
	cut -d, -f1-21 "$T/run-suite/fits.csv" >"$T/fits.old" && mv "$T/fits.old" "$T/run-suite/fits.csv"
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	grep -qF '| rss | `fork touched param=rss` ⚠ | **50.8 µs/MiB** | – | 3.14 – 98.4 µs/MiB (95%, nominal) | 0.995 | – | 3 |' "$r"
}

@test "report and plot: a full sweep's probe, its marginal slopes with their range, and the segments drawn" {
	# run-sweep-full: sweep --param rss --full --cpu 0 -m fork on the 2-vCPU VM under load
	run sh "$S/report.sh" "$T/run-sweep-full"
	[ "$status" -eq 0 ]
	r=$T/run-sweep-full/report.md
	grep -qF -- '- rss (touched): up to 11.5 GiB, bound by MemAvailable (50% of MemAvailable 23598 MiB); points 0 MiB, 16 MiB, 64 MiB, 256 MiB, 1 GiB, 2 GiB, 4 GiB, 8 GiB, 11 GiB; skipped beyond it: 16 GiB, 32 GiB, 64 GiB' "$r"
	# the headline slope names its range: never a bare number
	grep -qF -- '- `fork touched cpu=0 param=rss` ⚠: 54.6 µs/MiB from 0 to 16 MiB, -133 µs/MiB from 8 to 11 GiB (marginal)' "$r"
	grep -qF '| rss | `fork touched cpu=0 param=rss` ⚠ | **114 µs/MiB** | 0 MiB – 11 GiB | 61 – 167 µs/MiB (95%) |' "$r"
	grep -qF '| `fork touched cpu=0 param=rss` ⚠ | 64 MiB | 256 MiB | **101 µs/MiB** | 93.3 – 113 µs/MiB (92.88%) |' "$r"
	[ "$(grep -c '^| `fork touched cpu=0 param=rss` ⚠ | [0-9]' "$r")" -eq 8 ]
	if command -v gnuplot >/dev/null 2>&1; then
		sh "$S/plot.sh" "$T/run-sweep-full" 2>/dev/null
		g=$T/run-sweep-full/plots/sweep-rss.gp
		grep -qF "marginal cost per segment, µs/GiB (right axis); interval at 37.5% to 95.92%" "$g"
		grep -qF "set y2label 'marginal µs/GiB, linear scale from 0'" "$g"
		grep -q 'marginal 55906 µs/GiB from 0 to 16, -136475 µs/GiB from 8192 to 11264' "$g"
	fi
}

@test "report: non-converged configurations once each, notes grouped" {
	run sh "$S/report.sh" "$T/run-suite"
	[ "$status" -eq 0 ]
	r=$T/run-suite/report.md
	warn=$(sed -n '/^## Warnings/,/^## Notes/p' "$r")
	echo "$warn" | grep -qF '  - `timeline fork`: all 14 time figures'
	echo "$warn" | grep -qF '  - `latency fork+exec static`: call_ns, start_ns, total_ns'
	# No counter row is listed, and no configuration twice.
	[ -z "$(echo "$warn" | grep 'page-faults')" ]
	[ "$(echo "$warn" | grep '^  - `' | sort | uniq -d | wc -l)" -eq 0 ]
	notes=$(sed -n '/^## Notes/,/^## Reproduce/p' "$r")
	[ "$(echo "$notes" | grep -c 'counters: user+kernel')" -eq 1 ]
	echo "$notes" | grep -qF -- '- counters: user+kernel — 26 configurations (latency 14, sweep 6, cow 6)'
	echo "$notes" | grep -qF -- '- `footprint vfork children=64`: system-wide: not measured'
	echo "$notes" | grep -qF -- '- `timeline posix_spawn static`: tracing adds 10404 ns'
}

@test "report: a broken run leaves no report" {
	assert_refused broken-malformed/summary.csv:5 sh "$S/report.sh" "$T/broken-malformed"
	[ ! -e "$T/broken-malformed/report.md" ]
	[ -z "$(ls -A "$T/broken-malformed" | grep report)" ]
}

@test "report: governor and THP warnings on the bare-metal run" {
	run sh "$S/report.sh" "$T/run-metal"
	[ "$status" -eq 0 ]
	grep -qF 'governor is `powersave`' "$T/run-metal/report.md"
	grep -qF 'THP is `enabled=always`' "$T/run-metal/report.md"
	grep -qF 'user mode only' "$T/run-metal/report.md"
}

@test "hyperfine: converts a 1.15 export into summary rows in ns" {
	mkdir "$T/hf"
	run sh "$S/hyperfine.sh" --from-json "$T/hyperfine-1.15.json" "$T/hf"
	[ "$status" -eq 0 ]
	csv=$T/hf/hyperfine.csv
	# summary.csv's columns (the fixture predates rss_kind and ci_level, which hyperfine rows
	# carry too).
	[ "$(head -n 1 "$csv")" = "$(head -n 1 "$T/run-vm/summary.csv" | sed 's/,touch,/,touch,rss_kind,/'),ci_level" ]
	[ "$(wc -l <"$csv")" -eq 5 ]
	# min and median in ns equal hyperfine's own seconds x 1e9 (rounded to 0.1 ns).
	min_s=$(awk -f "$S/json.awk" "$T/hyperfine-1.15.json" | awk -F '\t' '$1 == "results.2.min" { print $2 }')
	med_s=$(awk -f "$S/json.awk" "$T/hyperfine-1.15.json" | awk -F '\t' '$1 == "results.2.median" { print $2 }')
	row=$(grep '^command,hyperfine,,/bin/true,' "$csv")
	echo "$row" | awk -F, -v min="$min_s" -v med="$med_s" \
		'{ if (($14 != "wall_ns") || ($16 != 20)) exit 1
		   if (($17 - min * 1e9) ^ 2 > 0.01 || ($20 - med * 1e9) ^ 2 > 0.01) exit 1 }'
	# The result aggregates beside a run.
	cp "$csv" "$T/run-metal/"
	run sh "$S/aggregate.sh" "$T/run-metal"
	[ "${#lines[@]}" -eq 13 ]
}

@test "hyperfine: a broken export is refused and leaves no csv" {
	mkdir "$T/hf"
	printf '{"results": [' >"$T/bad.json"
	run sh "$S/hyperfine.sh" --from-json "$T/bad.json" "$T/hf"
	[ "$status" -eq 2 ]
	[ ! -e "$T/hf/hyperfine.csv" ]
	[ -z "$(ls -A "$T/hf")" ]
}

@test "hyperfine: bad run count is a usage error" {
	run sh "$S/hyperfine.sh" -r x "$T/run-vm"
	[ "$status" -eq 2 ]
	[[ "$output" == *"-r 'x'"* ]]
}
