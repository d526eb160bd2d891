#!/usr/bin/env bats
# `forkbench compare`'s default view, its --fail-on gate and the estimate each interval comes
# with (DESIGN §8), on the hand-made runs in tests/fixtures/compare/ and on two suite-sized runs
# written here (summary.csv only: ~4 400 rows over six benches, a third of them shifted by 30%,
# and a kernel command line that differs in one word). FORKBENCH overrides the binary.

bats_require_minimum_version 1.5.0

setup() {
	FB="${FORKBENCH:-$BATS_TEST_DIRNAME/../build/forkbench}"
	FX="$BATS_TEST_DIRNAME/fixtures/compare"
	[ -x "$FB" ] || { echo "no forkbench binary at $FB (run make first)"; return 1; }
	command -v python3 >/dev/null || skip "python3 not installed (it checks compare.csv)"
}

# Two runs shaped like default suites: the benches, metrics and configuration counts of one
# (latency 55, sweep 68, cow 17, timeline 12, footprint and throughput 18), counters beside the
# times, 5 repetitions, no samples.csv. B's medians are A's times 1.3 in every third
# configuration (their CIs apart: significant) and the same elsewhere.
make_suite_runs() {
	python3 - "$1" <<'PY'
import json, os, sys
out = sys.argv[1]
times = {"latency": ["call_ns", "start_ns", "total_ns"],
         "sweep": ["call_ns", "start_ns", "total_ns"],
         "cow": ["call_ns", "first_touch_ns_per_page", "cow_write_ns_per_page",
                 "private_write_ns_per_page", "read_shared_ns_per_page", "cow_fault_ns_per_page"],
         "timeline": ["call_ns", "start_ns", "total_ns", "phase_copy_ns", "phase_wakeup_ns",
                      "phase_sched_delay_ns", "phase_child_run_ns", "phase_reap_ns",
                      "remainder_ns", "syscall_ns", "untraced_call_ns", "untraced_start_ns",
                      "untraced_total_ns", "tracing_overhead_ns"],
         "footprint": [], "throughput": []}
others = {"footprint": [("kernel_total_bytes", "bytes"), ("rss_bytes", "bytes")],
          "throughput": [("creations_per_s", "ops/s")]}
counters = [("task-clock", "ns/op"), ("task-clock.parent", "ns/op"),
            ("page-faults", "count/op"), ("minor-faults", "count/op"),
            ("context-switches", "count/op"), ("cpu-migrations", "count/op")]
configs = {"latency": 55, "sweep": 68, "cow": 17, "timeline": 12, "footprint": 18,
           "throughput": 18}
header = ("bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant,metric,unit,"
          "n,min,p5,p25,median,p75,p95,p99,max,mean,stddev,ci95_low,ci95_high,outliers,"
          "converged,reps,rep_median_min,rep_median_max,ci_level")
cmdline = ("console=ttyS0 quiet reboot=k panic=1 nomodule random.trust_cpu=1 swiotlb=noforce "
           "psi=1 page_reporting.page_reporting_order=11 deferred_init=lazy mitigations=%s "
           "rcupdate.rcu_cpu_stall_cputime=1 sched_vcpu_pack=15 rdinit=/init -- --addr 0.0.0.0 "
           "--max-ws-buffer-size 32768 --block-local-connections --log-vsock-port 5002")
for side, factor, mit in (("a", 1.0, "auto"), ("b", 1.3, "off")):
    d = os.path.join(out, side)
    os.makedirs(d)
    meta = {"schema_version": 1, "run_id": "suite-" + side,
            "kernel": {"release": "6.18.0", "cmdline": cmdline % mit}}
    if side == "b":  # a full suite's bookkeeping: in meta.json, not in the metadata diff
        meta["files"] = {"samples_valid_bytes": 123, "results_write_share": 0.01}
        meta["full_sweeps"] = [{"param": p, "max": 1000, "points": list(range(40)),
                                "probe": {"pid_max": 32768, "nr_open": 1048576}}
                               for p in ("rss", "threads", "fds", "vmas")]
    json.dump(meta, open(os.path.join(d, "meta.json"), "w"))
    rows = [header]
    for bench, count in configs.items():
        metrics = [(m, "ns/page" if m.endswith("_per_page") else "ns") for m in times[bench]]
        metrics += others.get(bench, []) + counters
        for i in range(count):
            key = [bench, "fork", "", "", str(i * 1048576), "", "0", "0", "0", "", "", ""]
            for j, (metric, unit) in enumerate(metrics):
                m = 1000.0 * (1 + i + j)
                if i % 3 == 0:
                    m *= factor
                lo, hi = m * 0.98, m * 1.02
                rows.append(",".join(key + [metric, unit, "5000"] + ["%g" % m] * 9 +
                                     ["0", "%g" % lo, "%g" % hi, "0", "", "5", "%g" % lo,
                                      "%g" % hi, "0.9375"]))
    open(os.path.join(d, "summary.csv"), "w").write("\n".join(rows) + "\n")
PY
}

@test "every change lies inside its own interval, on every fixture and in every mode" {
	local runs="base:new base:new-nosamples reps-a:reps-b reps3-a:reps3-b onerep-a:onerep-b"
	local checked=0
	for pair in $runs; do
		for opts in "" "--ci hl" "--ci bootstrap" "--alpha 0.1" "--alpha 0.1 --ci bootstrap"; do
			# shellcheck disable=SC2086
			run --separate-stderr "$FB" compare "$FX/${pair%%:*}" "$FX/${pair##*:}" $opts --csv
			[ "$status" -eq 0 ]
			n=$(printf '%s\n' "$output" | python3 -c '
import csv, sys
n = 0
for r in csv.DictReader(sys.stdin):
    if r["kind"] not in ("pair", "geomean") or r["change_ci95_low_pct"] == "":
        continue
    lo, c, hi = (float(r[k]) for k in ("change_ci95_low_pct", "change_pct",
                                          "change_ci95_high_pct"))
    assert lo <= c <= hi, (r["method"], r["metric"], lo, c, hi)
    # each estimate with its own interval
    pairs = {"hodges_lehmann": {"hodges_lehmann"}, "ratio_of_medians": {"bootstrap", "median_cis"},
             "geomean_of_ratios": {"bootstrap_configs"}}
    assert r["change_ci_method"] in pairs[r["change_estimator"]], r
    n += 1
print(n)')
			checked=$((checked + n))
		done
	done
	echo "checked $checked intervals"
	[ "$checked" -eq 50 ] # 10 pairs, 5 option sets: every pair had an interval
}

@test "compare.csv names the estimate and the interval of each mode" {
	est() {
		printf '%s\n' "$output" | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["kind"] == sys.argv[1] and r["method"] == sys.argv[2] and r["metric"] == sys.argv[3]:
        print(r["test_unit"], r["change_estimator"], r["change_ci_method"])' "$@"
	}
	run --separate-stderr "$FB" compare "$FX/reps-a" "$FX/reps-b" --csv
	[ "$(est pair fork call_ns)" = "reps hodges_lehmann hodges_lehmann" ]
	[ "$(est geomean '' call_ns)" = " geomean_of_ratios " ] # 2 configurations: no CI
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new" --csv
	[ "$(est pair fork call_ns)" = "samples ratio_of_medians bootstrap" ]
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new" --csv --ci hl
	[ "$(est pair fork call_ns)" = "samples hodges_lehmann hodges_lehmann" ]
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new-nosamples" --csv
	[ "$(est pair fork call_ns)" = "summary ratio_of_medians median_cis" ]
	# The columns before the new ones keep their names and places (scripts read by name)
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new" --csv
	[[ "${lines[0]}" == *",change_pct,change_ci95_low_pct,change_ci95_high_pct,p_value,"*",b_ci_level,change_estimator,change_ci_method" ]]
}

@test "default view: headline, largest changes, conditions said once; --all and --markdown keep every row" {
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new-nosamples"
	[ "$status" -eq 0 ]
	echo "$output"
	printf '%s\n' "$output" | grep -q '^time metrics, B against A: geomean .*bootstrap over configurations'
	printf '%s\n' "$output" | grep -E '^latency +total_ns +2 +\+9\.[0-9]% +1 +0$'
	printf '%s\n' "$output" | grep -q '^largest changes (significant, time metrics):$'
	printf '%s\n' "$output" | grep -E '^latency +fork +call_ns .*\+19\.1% \['
	# no p-values: no column of dashes, and "no samples" once
	[ "$(printf '%s\n' "$output" | grep -c 'no samples')" -eq 1 ]
	! printf '%s\n' "$output" | grep -qE 'change \[.*\] +p-value' || false
	# the unchanged vfork row is not in the view; --all and --markdown have it
	! printf '%s\n' "$output" | grep -q '^vfork' || false
	printf '%s\n' "$output" | grep -qx 'only in A: 1 row: latency posix_spawn total_ns'
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new-nosamples" --all
	printf '%s\n' "$output" | grep -qE '^vfork +.* ~ +-$'
	run --separate-stderr "$FB" compare "$FX/base" "$FX/new-nosamples" --markdown
	printf '%s\n' "$output" | grep -qE '^\| vfork \|'
	printf '%s\n' "$output" | grep -qE '^\| geomean \(ratio of medians\) \|'
}

@test "two default suites compare in at most 120 lines, kernel command line cut to what differs, bookkeeping left out" {
	make_suite_runs "$BATS_TEST_TMPDIR"
	run --separate-stderr "$FB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 0 ]
	echo "$output"
	echo "${#lines[@]} lines"
	[ "${#lines[@]}" -le 120 ]
	printf '%s\n' "$output" | grep -E '^kernel\.cmdline +… .*mitigations=auto.* +… .*mitigations=off'
	! printf '%s\n' "$output" | grep -qE '^(full_sweeps|files)' || false
	# the metadata table fits 120 columns however long the command line
	[ "$(printf '%s\n' "$output" | grep '^kernel\.cmdline' | wc -m)" -le 121 ]
	# one headline row per bench and time metric (3 + 3 + 6 + 14), counters not among them
	[ "$(printf '%s\n' "$output" | grep -cE '^(latency|sweep|cow|timeline) +[a-z_]+_ns(_per_page)? +[0-9]+ ')" -eq 26 ]
	! printf '%s\n' "$output" | grep -qE '^[a-z]+ +task-clock ' || false
	# every third latency configuration is 30% slower: 19 of 55, the geomean with its CI
	printf '%s\n' "$output" | grep -E '^latency +call_ns +55 +\+[0-9.]+% \[\+[0-9.]+%, \+[0-9.]+%\] +19 +0$'
	printf '%s\n' "$output" | grep -qE '^not shown: [0-9]+ significant changes of counters, sizes and rates'
	# --all holds every pair (1 821 rows in both runs)
	run --separate-stderr "$FB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" --all
	[ "${#lines[@]}" -gt 1821 ]
}

@test "--fail-on: exit 1 on a significant slowdown above PCT, 0 below, 2 when nothing can be tested" {
	# fork +19.7% on 5 vs 5 repetition medians (p = 0.008); vfork +5.7% is not significant
	run --separate-stderr "$FB" compare "$FX/reps-a" "$FX/reps-b" --fail-on 10
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$stderr" | grep -c .)" -eq 1 ]
	[[ "$stderr" == *"--fail-on 10: fail: 1 of 2 time metrics got significantly slower by more than 10%: latency fork cpu=0 call_ns +19.7% (p=0.008)" ]]
	run --separate-stderr "$FB" compare "$FX/reps-a" "$FX/reps-b" --fail-on 25
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"--fail-on 25: pass: none of 2 time metrics"* ]]
	# the display's threshold does not move the gate; --csv keeps its verdict too
	run --separate-stderr "$FB" compare "$FX/reps-a" "$FX/reps-b" --fail-on 10 --threshold 50 --csv
	[ "$status" -eq 1 ]
	# faster is never a failure
	run --separate-stderr "$FB" compare "$FX/reps-b" "$FX/reps-a" --fail-on 0
	[ "$status" -eq 0 ]
	# within-run only p-values never count: one repetition, 3 vs 3 at alpha 0.05
	for pair in onerep-a:onerep-b reps3-a:reps3-b base:new base:new-nosamples; do
		run --separate-stderr "$FB" compare "$FX/${pair%%:*}" "$FX/${pair##*:}" --fail-on 1
		[ "$status" -eq 2 ]
		[ "$(printf '%s\n' "$stderr" | grep -c .)" -eq 1 ]
		[[ "$stderr" == *"--fail-on: no time metric could be tested on repetition medians at alpha 0.05: measure both runs with --repetitions 5 (at least 4 a side)" ]]
	done
	# at alpha 0.1, 3 vs 3 can reach it (p = 0.100)
	run --separate-stderr "$FB" compare "$FX/reps3-a" "$FX/reps3-b" --fail-on 10 --alpha 0.1
	[ "$status" -eq 1 ]
	run --separate-stderr "$FB" compare "$FX/reps-a" "$FX/reps-b" --fail-on nope
	[ "$status" -eq 2 ]
	[ "$(printf '%s\n' "$stderr" | grep -c .)" -eq 1 ]
	[[ "$stderr" == *"--fail-on 'nope': expected a number"* ]]
}
