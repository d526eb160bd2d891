#!/usr/bin/env bats
# `forkbench compare` on the hand-made runs in tests/fixtures/compare/ (see its README): a 20%
# shift is found with a CI containing 20%, identical samples give `~`, repetitions shifted by
# process noise give `~` at repetition level, 3 vs 3 repetitions (too few for alpha 0.05) and one
# repetition are flagged "within-run only",
# configurations in one run are listed, kernels differ in the metadata diff, and bad input is
# one line and exit 2. FORKBENCH overrides the binary (default build/forkbench).

bats_require_minimum_version 1.5.0

setup() {
	FB="${FORKBENCH:-$BATS_TEST_DIRNAME/../build/forkbench}"
	FX="$BATS_TEST_DIRNAME/fixtures/compare"
	# A missing binary or an unregistered compare fails every test: nothing here is optional.
	[ -x "$FB" ] || { echo "no forkbench binary at $FB (run make first)"; return 1; }
}

# The pair rows of compare --csv (on stdin) for METHOD and METRIC, as "name=value" lines of the
# columns named after them, so that tests read columns by name.
pair_row() {
	awk -F, -v m="$1" -v metric="$2" 'NR == 1 { for (i = 1; i <= NF; i++) { h[i] = $i; c[$i] = i }
			next }
		$c["kind"] == "pair" && $c["method"] == m && $c["metric"] == metric {
			for (i = 1; i <= NF; i++) print h[i] "=" $i }'
}

@test "a 20% slower fork is significant, positive, with a CI containing +20%" {
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new" --csv
	[ "$status" -eq 0 ]
	eval "$(printf '%s\n' "$output" | pair_row fork call_ns | grep -E '^(change|p_value|significant|test_unit)')"
	echo "$change_pct [$change_ci95_low_pct, $change_ci95_high_pct] p=$p_value $significant"
	awk -v c="$change_pct" -v lo="$change_ci95_low_pct" -v hi="$change_ci95_high_pct" \
		-v p="$p_value" 'BEGIN { exit !(c > 15 && c < 25 && lo < 20 && hi > 20 && lo > 0 && p < 0.05) }'
	[ "$significant" = true ]
	[ "$test_unit" = samples ]
}

@test "the Hodges-Lehmann CI also contains +20%" {
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new" --csv --ci hl
	[ "$status" -eq 0 ]
	eval "$(printf '%s\n' "$output" | pair_row fork total_ns | grep -E '^(change|significant)')"
	awk -v lo="$change_ci95_low_pct" -v hi="$change_ci95_high_pct" \
		'BEGIN { exit !(lo < 20 && hi > 20 && lo > 0) }'
	[ "$significant" = true ]
}

@test "repetitions: a 20% shift across 5 vs 5 repetition medians is significant, CI holds +20%" {
	run --separate-stderr "$FB" compare "$FX/reps-a" "$FX/reps-b" --csv
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	eval "$(printf '%s\n' "$output" | pair_row fork call_ns |
		grep -E '^(a_n|b_n|a_reps|b_reps|change|p_value|significant|test_unit)')"
	echo "$change_pct [$change_ci95_low_pct, $change_ci95_high_pct] p=$p_value n=$a_n+$b_n"
	[ "$test_unit" = reps ]
	[ "$a_n" = 5 ]
	[ "$b_n" = 5 ]
	[ "$a_reps" = 5 ]
	# Complete separation of 5 vs 5 is the smallest two-sided p: 2/252
	awk -v c="$change_pct" -v lo="$change_ci95_low_pct" -v hi="$change_ci95_high_pct" \
		-v p="$p_value" 'BEGIN { exit !(c > 15 && c < 25 && lo > 0 && lo < 20 && hi > 20 &&
			p > 0.0079 && p < 0.0080) }'
	[ "$significant" = true ]
}

@test "repetitions: per-process shifts with identical distributions give ~, unit said" {
	run "$FB" compare "$FX/reps-a" "$FX/reps-b" --all
	[ "$status" -eq 0 ]
	echo "$output"
	# 200 vs 200 samples would call vfork's +7% significant (p ~ 1e-11); its 5 repetition
	# medians interleave with A's.
	printf '%s\n' "$output" | grep -E '^vfork +.* ~ +p=0\.[1-9][0-9]* n=5\+5 reps$'
	printf '%s\n' "$output" | grep -E '^fork +.*\+19\.[0-9]% \[.*\] +p=0\.008 n=5\+5 reps$'
	printf '%s\n' "$output" | grep -q '^note: unit: repetition medians, n=5 vs 5 '
	# 5 vs 5: the Hodges-Lehmann interval covers 96.8%, so no level beside it
	[ "$(printf '%s\n' "$output" | grep -cE '\] [0-9]+% CI')" -eq 0 ]
	! printf '%s\n' "$output" | grep -q 'within-run' || false
	! printf '%s\n' "$output" | grep -q 'warning' || false
}

@test "three repetitions a side: too few for alpha, within-run fallback says why; 90% CI labelled" {
	# Completely separated 3 vs 3 repetition medians: the exact test's smallest p is 0.100, so
	# at the default alpha 0.05 the repetition test could never flag; the samples are tested.
	run --separate-stderr "$FB" compare "$FX/reps3-a" "$FX/reps3-b" --all
	[ "$status" -eq 0 ]
	echo "$output"
	echo "$stderr"
	printf '%s\n' "$output" | grep -E '^fork +.*\+18\.[0-9]% \[.*\] +p<0\.001 n=120\+120 within-run only \(reps too few for alpha: min p = 0\.100\)$'
	printf '%s\n' "$output" | grep -q '^note: 1 row with 3 vs 3 repetitions: reps too few for alpha 0.05 (min p = 0.100 '
	[ "$(printf '%s\n' "$output" | grep -c 'unit: repetition medians')" -eq 0 ]
	[ "$(printf '%s\n' "$stderr" | grep -c .)" -eq 1 ]
	[[ "$stderr" == *"warning: "*"min p = 0.100"*"within-run only"*"--repetitions 5"* ]]
	run --separate-stderr "$FB" compare "$FX/reps3-a" "$FX/reps3-b" --csv
	eval "$(printf '%s\n' "$output" | pair_row fork call_ns |
		grep -E '^(a_reps|b_reps|test_unit|rep_min_p|change_ci_level|significant)=')"
	[ "$test_unit" = samples ]
	[ "$a_reps" = 3 ]
	[ "$b_reps" = 3 ]
	[ "$rep_min_p" = 0.1 ]
	[ "$change_ci_level" = 0.95 ]
	[ "$significant" = true ]
	# alpha 0.1: 3 vs 3 can reach it (p <= alpha), so the repetition medians are tested; their
	# exact Hodges-Lehmann interval covers 90%, and says so instead of claiming 95%.
	run --separate-stderr "$FB" compare "$FX/reps3-a" "$FX/reps3-b" --alpha 0.1 --all
	[ "$status" -eq 0 ]
	echo "$output"
	printf '%s\n' "$output" | grep -E '^fork +.*\+19\.[0-9]% \[\+[0-9.]+%, \+[0-9.]+%\] 90% CI +p=0\.100 n=3\+3 reps$'
	[ -z "$stderr" ]
	run --separate-stderr "$FB" compare "$FX/reps3-a" "$FX/reps3-b" --alpha 0.1 --csv
	eval "$(printf '%s\n' "$output" | pair_row fork call_ns |
		grep -E '^(test_unit|change_ci_level|significant)=')"
	[ "$test_unit" = reps ]
	[ "$change_ci_level" = 0.9 ]
	[ "$significant" = true ]
	# --markdown carries the same label
	run "$FB" compare "$FX/reps3-a" "$FX/reps3-b" --alpha 0.1 --markdown
	printf '%s\n' "$output" | grep -qE '^\| fork cpu=0 \|.*\] 90% CI \| p=0\.100 n=3\+3 reps \|$'
}

@test "one repetition: p is within-run only, 5% threshold by default, one warning line" {
	run --separate-stderr "$FB" compare "$FX/onerep-a" "$FX/onerep-b" --all
	[ "$status" -eq 0 ]
	echo "$output"
	echo "$stderr"
	printf '%s\n' "$output" | grep -E '^fork +.* ~ +p<0\.001 n=40\+40 within-run only$'
	printf '%s\n' "$output" | grep -q '^note: 1 row with < 3 repetitions in a run: p is within-run only'
	[ "$(printf '%s\n' "$stderr" | grep -c .)" -eq 1 ]
	[[ "$stderr" == *"warning: "*"within-run only"*"--repetitions 5"* ]]
	# --threshold given: that threshold, and the 3% change shows
	run --separate-stderr "$FB" compare "$FX/onerep-a" "$FX/onerep-b" --threshold 1 --all
	printf '%s\n' "$output" | grep -E '^fork +.*\+3\.[0-9]% \[.*\] +p<0\.001 n=40\+40 within-run only$'
	# three runs: still one warning line
	run --separate-stderr "$FB" compare "$FX/onerep-a" "$FX/onerep-b" "$FX/onerep-b" --csv
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$stderr" | grep -c .)" -eq 1 ]
	! printf '%s\n' "$output" | grep -q warning || false
}

@test "identical distributions give ~" {
	run "$FB" compare "$FX/base" "$FX/new" --all
	[ "$status" -eq 0 ]
	echo "$output"
	printf '%s\n' "$output" | grep -E '^vfork +.* ~ +p=1\.000 n=40\+40 within-run only$'
	printf '%s\n' "$output" | grep -E '^fork +.*\+19\.[0-9]% \[\+1[0-9]\.[0-9]%, \+2[0-9]\.[0-9]%\] +p<0\.001'
}

@test "a change under --threshold is ~ even when significant" {
	run "$FB" compare "$FX/base" "$FX/new" --threshold 50 --all
	[ "$status" -eq 0 ]
	! printf '%s\n' "$output" | grep -E '^fork .*%\]' || false
}

@test "configurations in one run only are listed" {
	run "$FB" compare "$FX/base" "$FX/new" --all
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -A1 '^only in A:' | grep -q 'latency posix_spawn total_ns'
	printf '%s\n' "$output" | grep -A1 '^only in B:' | grep -q 'latency clone-vm total_ns'
	run "$FB" compare "$FX/base" "$FX/new" --csv
	printf '%s\n' "$output" | grep -q ',only_a,latency,posix_spawn,'
	printf '%s\n' "$output" | grep -q ',only_b,latency,clone-vm,'
}

@test "different kernels show in the metadata diff, before the table" {
	run "$FB" compare "$FX/base" "$FX/new" --all
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -E '^kernel\.release +6\.1\.0-18-amd64 +6\.18\.0$'
	meta_line=$(printf '%s\n' "$output" | grep -n '^kernel.release' | cut -d: -f1)
	table_line=$(printf '%s\n' "$output" | grep -n '^latency call_ns' | cut -d: -f1)
	[ "$meta_line" -lt "$table_line" ]
	# run ids and times always differ: they are not machine differences
	! printf '%s\n' "$output" | grep -E '^(run_id|started_utc|memory_available_bytes) ' || false
}

@test "geometric-mean row per metric" {
	run "$FB" compare "$FX/base" "$FX/new" --all
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^geomean ')" -eq 2 ]
	printf '%s\n' "$output" | grep -E '^geomean .* \+9\.2%$'
}

@test "without samples.csv: no p-value, said so, still compared" {
	run "$FB" compare "$FX/base" "$FX/new-nosamples" --all
	[ "$status" -eq 0 ]
	# No p-value: "-" on the row, and why said once, not on every row
	printf '%s\n' "$output" | grep -E '^fork .*\+19\.1% .* +-$'
	printf '%s\n' "$output" | grep -E '^vfork .* ~ +-$'
	[ "$(printf '%s\n' "$output" | grep -c 'no samples')" -eq 1 ]
	printf '%s\n' "$output" | grep -q 'new-nosamples has no samples.csv: 3 rows judged'
}

@test "three runs: the first is the baseline of each comparison" {
	run "$FB" compare "$FX/base" "$FX/new" "$FX/new-nosamples" --markdown
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^## fixture-6.1.0-18-amd64-20260101T000000Z vs ')" -eq 2 ]
	printf '%s\n' "$output" | grep -qF '| kernel.release | 6.1.0-18-amd64 | 6.18.0 |'
}

@test "bad input: one line naming the file, exit 2" {
	run "$FB" compare "$FX/base" "$FX/notarun"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"notarun: not a run directory"* ]]
	run "$FB" compare "$FX/base" "$FX/badschema"
	[ "$status" -eq 2 ]
	[[ "$output" == *"badschema/meta.json: schema_version 2"* ]]
	run "$FB" compare "$FX/base" "$FX/badsummary"
	[ "$status" -eq 2 ]
	[[ "$output" == *"badsummary/summary.csv: line 2: bad value in column 'n'"* ]]
	run "$FB" compare "$FX/base"
	[ "$status" -eq 2 ]
	run "$FB" compare "$FX/base" "$FX/new" --alpha 0 --all
	[ "$status" -eq 2 ]
	run "$FB" compare "$FX/base" "$FX/new" --ci nope
	[ "$status" -eq 2 ]
}

@test "--ignore that makes one row match two of the other run is refused: one line, exit 2" {
	# rss2 has latency fork call_ns at rss_bytes 0 and 64M: with rss_bytes ignored, base's one
	# fork row would match both. Refused in either order, before any output.
	run --separate-stderr "$FB" compare "$FX/base" "$FX/rss2" --ignore rss_bytes,rss_kind
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" == *"--ignore rss_bytes,rss_kind: "*"base's latency fork call_ns matches several configurations of "*"rss2 (rss_bytes '0' and '67108864'): ignore fewer columns (keep rss_bytes)"* ]]
	run --separate-stderr "$FB" compare "$FX/rss2" "$FX/base" --ignore touch,rss_bytes,rss_kind --csv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"--ignore rss_bytes,touch,rss_kind: "*"(rss_bytes '0' and '67108864')"* ]]
	# Without --ignore each rss pairs with its own (one pair, one row only in B)...
	run --separate-stderr "$FB" compare "$FX/base" "$FX/rss2" --all
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q 'latency fork rss=64M call_ns'
	# ...and the default view names a few such rows on one line
	run --separate-stderr "$FB" compare "$FX/base" "$FX/rss2"
	printf '%s\n' "$output" | grep -qx 'only in B: 1 row: latency fork rss=64M call_ns'
	# ...and an --ignore under which every pairing is unique runs.
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new" --ignore rss_bytes,cpu --all
	[ "$status" -eq 0 ]
}
