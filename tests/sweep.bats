#!/usr/bin/env bats
# forkbench sweep: one latency configuration per (method, value) keyed bench=sweep with the value
# in its key column, fits.csv with a slope per method, limits as recorded skips, bad --param or
# --values as exit 2 with nothing written. Small sizes and fixed counts; no duration asserted.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
}

# column VALUE of summary.csv's rows matching bench=sweep and metric=total_ns, one per line
total_rows() {
	python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["bench"] == "sweep" and r["metric"] == "total_ns":
        print(",".join(r[c] for c in sys.argv[2].split(",")))' "$OUT/summary.csv" "$1"
}

@test "sweep rss: one configuration per method and value, right key columns, fits.csv" {
	run "$FB" sweep -m fork,vfork --values 0,4M,16M -n 15 --warmup 2 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	[ "$(count_configs "$OUT")" -eq 6 ]
	run total_rows method,rss_bytes,touch,threads,fds,vmas,variant
	[ "${#lines[@]}" -eq 6 ]
	for m in fork vfork; do
		for v in 0 4194304 16777216; do
			echo "$output" | grep -qx "$m,$v,yes,0,0,0,param=rss"
		done
	done
	[ -s "$OUT/fits.csv" ]
	head -1 "$OUT/fits.csv" | grep -q ',variant,config,metric,param,slope_unit,slope,ci95_low,ci95_high,intercept_ns,r2,n_points,max_residual_pct,worst_point,fit,x_from,x_to,ci_level$'
	for m in fork vfork; do
		grep -Eq "^sweep,$m,,,,yes,anon,0,0,0,,,param=rss,$m touched param=rss,total_ns,rss,ns_per_mib,[-0-9.e]+,[-0-9.e]+,[-0-9.e]+,[-0-9.e]+,[-0-9.e]+,3,[0-9.e]+,(0|4|16),line,0,16,0.95\$" "$OUT/fits.csv"
		# a segment per pair of consecutive points, its interval at the product of the
		# two points' levels (here each point is one repetition of 15 samples)
		grep -Eq "^sweep,$m,,,,yes,anon,0,0,0,,,param=rss,$m touched param=rss,total_ns,rss,ns_per_mib,[-0-9.e]+,[-0-9.e]+,[-0-9.e]+,,,2,,,segment,0,4,0\.9[0-9]+\$" "$OUT/fits.csv"
		grep -Eq "^sweep,$m,.*,total_ns,rss,ns_per_mib,.*,segment,4,16,0\.9[0-9]+\$" "$OUT/fits.csv"
	done
	! ls -a "$OUT" | grep -q '^\.fits' || false
	no_processes_left
}

@test "sweep --touch no keys the points untouched" {
	run "$FB" sweep -m fork --values 0,8M,32M --touch no -n 10 --warmup 1 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	run total_rows rss_bytes,touch
	[ "${#lines[@]}" -eq 3 ]
	echo "$output" | grep -qx "33554432,no"
	grep -q '^sweep,fork,,,,no,' "$OUT/fits.csv"
}

@test "sweep threads, fds, vmas: the value lands in its own key column" {
	run "$FB" sweep -m fork --param threads --values 0,4,16 -n 10 --warmup 1 -e none -q -o "$OUT/t"
	[ "$status" -eq 0 ]
	OUT="$OUT/t" run total_rows threads,variant
	echo "$output" | grep -qx "16,param=threads"
	grep -q ',total_ns,threads,ns_per_thread,' "$OUT/t/fits.csv"
	run "$FB" sweep -m fork --param fds --values 0,50,500 -n 10 --warmup 1 -e none -q -o "$OUT/f"
	[ "$status" -eq 0 ]
	OUT="$OUT/f" run total_rows fds
	echo "$output" | grep -qx "500"
	run "$FB" sweep -m fork --param vmas --values 10,100,1k -n 10 --warmup 1 -e none -q -o "$OUT/v"
	[ "$status" -eq 0 ]
	OUT="$OUT/v" run total_rows vmas
	echo "$output" | grep -qx "1000"
	grep -q ',total_ns,vmas,ns_per_vma,' "$OUT/v/fits.csv"
	no_processes_left
}

@test "a value beyond a limit is a recorded skip and the sweep goes on" {
	run "$FB" sweep -m fork --param fds --values 0,10,5000000 -n 10 --warmup 1 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	[ "$(count_configs "$OUT")" -eq 2 ]
	grep -Eq '^sweep,fork,,,0,,,0,5000000,0,,,param=fds,.*(RLIMIT_NOFILE|nr_open)' "$OUT/skipped.csv"
	no_processes_left
}

@test "bad --param or --values is exit 2 with one line and nothing written" {
	for args in "--param heap" "--values 1X" "--param threads --values 16M" "--values 0,4M,4M" \
		"--param rss --rss 1G" "--param fds --fds 10" "--param env --env 1K" "--values" "--full --values 0,1,-1"; do
		run "$FB" sweep -m fork $args -o "$OUT"
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
		echo "$output" | grep -q '^forkbench: '
		[ ! -e "$OUT" ]
	done
	run "$FB" latency --full -o "$OUT"
	[ "$status" -eq 2 ]
	echo "$output" | grep -q -- '--full is an option of sweep, not latency'
}

@test "the env sweep gives exec targets environments of the asked size" {
	run "$FB" sweep --param env --values 1K,64K,1M -m fork+exec,posix_spawn -n 5 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	for v in 1024 65536 1048576; do
		grep -q "^sweep,fork+exec,,static,.*param=env;env_bytes=$v,total_ns," "$OUT/summary.csv"
	done
	grep -q '^sweep,posix_spawn,.*,total_ns,env,ns_per_kib,' "$OUT/fits.csv"
	# a sweep over env is meaningless without exec: refused
	run "$FB" sweep --param env --values 1K,64K,1M -m fork -o "$OUT-noexec"
	[ "$status" -eq 2 ]
	[[ "$output" == *"does not exec"* ]]
	[ ! -e "$OUT-noexec" ]
}
