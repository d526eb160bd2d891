#!/usr/bin/env bats
# `forkbench compare` on the hand-made runs in tests/fixtures/compare/ (see its README): a 20%
# shift is found with a CI containing 20%, identical samples give `~`, configurations in one run
# are listed, kernels differ in the metadata diff, and bad input is one line and exit 2.
# FORKBENCH overrides the binary (default build/forkbench).

setup() {
	FB="${FORKBENCH:-$BATS_TEST_DIRNAME/../build/forkbench}"
	FX="$BATS_TEST_DIRNAME/fixtures/compare"
	[ -x "$FB" ] || skip "no forkbench binary at $FB (run make first)"
	if "$FB" compare 2>&1 | grep -q "unknown command 'compare'"; then
		skip "compare is not registered in bench/main.c's commands[] yet"
	fi
}

@test "a 20% slower fork is significant, positive, with a CI containing +20%" {
	run "$FB" compare "$FX/base" "$FX/new" --csv
	[ "$status" -eq 0 ]
	row=$(printf '%s\n' "$output" | grep ',pair,latency,fork,.*,call_ns,')
	echo "$row"
	# change_pct, change_ci95_low_pct, change_ci95_high_pct, p_value, significant: the last 5
	echo "$row" | awk -F, '{ c = $(NF-4); lo = $(NF-3); hi = $(NF-2); p = $(NF-1);
		exit !(c > 15 && c < 25 && lo < 20 && hi > 20 && lo > 0 && p < 0.05 && $NF == "true") }'
}

@test "the Hodges-Lehmann CI also contains +20%" {
	run "$FB" compare "$FX/base" "$FX/new" --csv --ci hl
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep ',pair,latency,fork,.*,total_ns,' |
		awk -F, '{ exit !($(NF-3) < 20 && $(NF-2) > 20 && $(NF-3) > 0 && $NF == "true") }'
}

@test "identical distributions give ~" {
	run "$FB" compare "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	echo "$output"
	printf '%s\n' "$output" | grep -E '^vfork +.* ~ +p=1\.000'
	printf '%s\n' "$output" | grep -E '^fork +.*\+19\.[0-9]% \[\+1[0-9]\.[0-9]%, \+2[0-9]\.[0-9]%\] +p<0\.001'
}

@test "a change under --threshold is ~ even when significant" {
	run "$FB" compare "$FX/base" "$FX/new" --threshold 50
	[ "$status" -eq 0 ]
	! printf '%s\n' "$output" | grep -E '^fork .*%\]'
}

@test "configurations in one run only are listed" {
	run "$FB" compare "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -A1 '^only in A:' | grep -q 'latency posix_spawn total_ns'
	printf '%s\n' "$output" | grep -A1 '^only in B:' | grep -q 'latency clone-vm total_ns'
	run "$FB" compare "$FX/base" "$FX/new" --csv
	printf '%s\n' "$output" | grep -q ',only_a,latency,posix_spawn,'
	printf '%s\n' "$output" | grep -q ',only_b,latency,clone-vm,'
}

@test "different kernels show in the metadata diff, before the table" {
	run "$FB" compare "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -E '^kernel\.release +6\.1\.0-18-amd64 +6\.18\.0$'
	meta_line=$(printf '%s\n' "$output" | grep -n '^kernel.release' | cut -d: -f1)
	table_line=$(printf '%s\n' "$output" | grep -n '^latency call_ns' | cut -d: -f1)
	[ "$meta_line" -lt "$table_line" ]
	# run ids and times always differ: they are not machine differences
	! printf '%s\n' "$output" | grep -E '^(run_id|started_utc|memory_available_bytes) '
}

@test "geometric-mean row per metric" {
	run "$FB" compare "$FX/base" "$FX/new"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^geomean ')" -eq 2 ]
	printf '%s\n' "$output" | grep -E '^geomean .* \+9\.2%$'
}

@test "without samples.csv: no p-value, said so, still compared" {
	run "$FB" compare "$FX/base" "$FX/new-nosamples"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -E '^fork .*\+19\.1% .* no samples n=40\+40'
	printf '%s\n' "$output" | grep -E '^vfork .* ~ '
	printf '%s\n' "$output" | grep -q 'new-nosamples has no samples.csv'
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
	run "$FB" compare "$FX/base" "$FX/new" --alpha 0
	[ "$status" -eq 2 ]
	run "$FB" compare "$FX/base" "$FX/new" --ci nope
	[ "$status" -eq 2 ]
}
