#!/usr/bin/env bats
# The command line as users and scripts rely on it (DESIGN §2): every method runs and writes the
# files DESIGN §7 describes, bad input is one line and exit 2 with nothing written, an interrupt
# leaves no process behind. Nothing here asserts a duration.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
}

@test "list shows every method with its availability" {
	run "$FB" list
	[ "$status" -eq 0 ]
	for m in fork vfork clone clone-vm clone-vm-vfork clone-thread clone3 clone3-vm-vfork \
		posix_spawn pthread; do
		echo "$output" | grep -Eq "^  $m +(yes|no) "
	done
	echo "$output" | grep -q "latency"
}

@test "info prints the machine, info --json is valid JSON with the kernel release" {
	run "$FB" info
	[ "$status" -eq 0 ]
	run "$FB" info --json
	[ "$status" -eq 0 ]
	echo "$output" | python3 -c 'import json,sys,os; d=json.load(sys.stdin); assert d["kernel"]["release"]==os.uname().release'
}

@test "info --events says which counters open here" {
	run "$FB" info --events
	[ "$status" -eq 0 ]
	echo "$output" | grep -q "page-faults"
}

# What each method needs (DESIGN §3), and so whether it must run on any Linux as root:
# fork, vfork, clone with CLONE_VM/VFORK/FILES/FS/SIGHAND/THREAD, posix_spawn and pthread are as
# old as Linux 2.6: they must run. CLONE_PIDFD is Linux >= 5.2, clone3 >= 5.3, and clone3 with
# CLONE_VM needs forkbench's trampoline (x86_64, aarch64): on an older kernel or another
# architecture those may be skipped, with the errno (ENOSYS, EINVAL) or the missing trampoline
# named, never as a failure. On this kernel they must run too.
MUST_RUN="fork vfork clone clone-vm clone-vm-vfork clone-files clone-fs clone-sighand clone-thread
	posix_spawn pthread"
NEWER="clone-pidfd clone3 clone3-vm-vfork clone3-pidfd"

@test "every process method runs (the clone3 family where the kernel has it), files match the schema" {
	run "$FB" latency -n 20 --warmup 2 -q -o "$OUT" \
		-m fork,vfork,clone,clone-vm,clone-vm-vfork,clone-files,clone-fs,clone-sighand,clone-thread,clone-pidfd,clone3,clone3-vm-vfork,clone3-pidfd,posix_spawn,pthread
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	# shellcheck disable=SC2086
	must_run "$OUT" latency $MUST_RUN
	case $(uname -m) in x86_64 | aarch64) trampoline=yes ;; *) trampoline=no ;; esac
	for m in $NEWER; do
		if kernel_at_least 5 3 && { [ "$m" != clone3-vm-vfork ] || [ $trampoline = yes ]; }; then
			must_run "$OUT" latency "$m"
		else
			[ "$(config_status "$OUT" latency "$m")" = ran ] ||
				skipped_for "$OUT" latency "$m" 'ENOSYS|EINVAL|trampoline'
		fi
	done
	# Every configuration that ran has all n samples of each timing metric.
	python3 - "$OUT/summary.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for method in {r["method"] for r in rows}:
    got = {r["metric"]: r["n"] for r in rows if r["method"] == method}
    for metric in ("call_ns", "total_ns"):
        assert got.get(metric) == "20", (method, metric, got.get(metric))
PY
	[ "$(count_configs "$OUT")" -eq $((15 - $(wc -l <"$OUT/skipped.csv") + 1)) ]
}

# start_ns of an exec method is stamped by the target at its entry (the child does not stamp
# before execve): with either of our targets every sample has it, and a target that does not stamp
# put in child-static's place leaves the configuration without a stamp, failed by name.
@test "exec methods run with both targets and start_ns comes from the target" {
	for target in static dynamic; do
		run "$FB" latency -n 10 --warmup 1 -q -o "$OUT-$target" --exec $target \
			-m fork+exec,vfork+exec,clone-vm-vfork+exec,posix_spawn
		[ "$status" -eq 0 ]
		check_run_dir "$OUT-$target"
		must_run "$OUT-$target" latency fork+exec vfork+exec clone-vm-vfork+exec posix_spawn
		awk -F, -v t=$target 'NR > 1 && $4 != t { exit 1 }' "$OUT-$target/summary.csv"
		python3 - "$OUT-$target/summary.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for method in ("fork+exec", "vfork+exec", "clone-vm-vfork+exec", "posix_spawn"):
    got = {r["metric"]: r["n"] for r in rows if r["method"] == method}
    assert got.get("start_ns") == got.get("total_ns") == "10", (method, got)
PY
	done
	dir=$BATS_TEST_TMPDIR/fake-target
	mkdir "$dir"
	cp "$FB" "$dir/forkbench"
	cp /bin/true "$dir/child-static"
	run "$dir/forkbench" latency -n 5 --warmup 1 -q -o "$OUT-fake" --exec static \
		-m fork+exec,vfork+exec,clone-vm-vfork+exec,posix_spawn
	[ "$status" -eq 0 ]
	for m in fork+exec vfork+exec clone-vm-vfork+exec posix_spawn; do
		config_status "$OUT-fake" latency "$m" | grep -q '^skipped: failed: .*never stamped the clock'
	done
	! grep -q ',start_ns,' "$OUT-fake/summary.csv" || false
	no_processes_left "$OUT-fake"
	rm -rf "$dir"
}

@test "an exec PATH target runs without start_ns" {
	run "$FB" latency -n 10 --warmup 1 -q -o "$OUT" --exec /bin/true -m fork+exec
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	! grep -q ",start_ns," "$OUT/summary.csv" || false
	grep -q ",total_ns," "$OUT/summary.csv"
}

@test "clone:FLAGS and clone3:FLAGS compose flag sets" {
	run "$FB" latency -n 10 --warmup 1 -q -o "$OUT" -m 'clone:vm,vfork,fork,clone3:CLONE_VM|CLONE_VFORK'
	[ "$status" -eq 0 ]
	grep -q '"clone:vm,vfork",CLONE_VM|CLONE_VFORK' "$OUT/summary.csv"
	grep -q '^latency,fork,' "$OUT/summary.csv"
}

@test "parent shaping is recorded in the key columns" {
	run "$FB" latency -n 10 --warmup 1 -q -o "$OUT" -m fork --rss 8M --threads 3 --fds 20 --vmas 30 --cpu 0
	[ "$status" -eq 0 ]
	grep -q '^latency,fork,,,8388608,yes,anon,3,20,30,,0,,fork rss=8M touched threads=3 fds=20 vmas=30 cpu=0,call_ns,' \
		"$OUT/summary.csv"
	# samples.csv has no config column: its rows are joined to the summary by the key columns.
	python3 "$BATS_TEST_DIRNAME/run_samples.py" "$OUT" | head -1 | grep -qx 'bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,cpu,variant,rep,iter,metric,unit,value'
}

@test "repetitions run in fresh processes and are recorded" {
	run "$FB" latency -n 10 --warmup 1 --repetitions 3 -q -o "$OUT" -m fork
	[ "$status" -eq 0 ]
	awk -F, 'NR > 1 && $16 == "total_ns" { reps[$14] = 1 } END { exit !(length(reps) == 3) }' \
		<(python3 "$BATS_TEST_DIRNAME/run_samples.py" "$OUT")
}

@test "--format csv and json write to stdout" {
	run "$FB" latency -n 10 --warmup 1 -q -o "$OUT" -m fork --format csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(head -1 "$OUT/summary.csv")" ]
	run "$FB" latency -n 10 --warmup 1 -q -o "$OUT-j" -m fork --format json
	[ "$status" -eq 0 ]
	echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["benchmarks"]'
}

NAMESPACES="clone-newpid clone-newuts clone-newipc clone-newns clone-newnet clone-newuser clone-newcgroup"

# check_namespaces DIR UID: for root (UID 0) every namespace preset ran; otherwise each one that
# needs CAP_SYS_ADMIN was skipped with EPERM, and clone-newuser (no privilege needed where
# unprivileged user namespaces are allowed) ran or was skipped with its errno, never failed.
check_namespaces() {
	local m
	if [ "$2" -eq 0 ]; then
		# shellcheck disable=SC2086
		must_run "$1" latency $NAMESPACES
		return
	fi
	for m in $NAMESPACES; do
		[ $m != clone-newuser ] || continue
		skipped_for "$1" latency $m 'EPERM'
	done
	[ "$(config_status "$1" latency clone-newuser)" = ran ] ||
		skipped_for "$1" latency clone-newuser 'EPERM|ENOSPC|EUSERS|EINVAL'
}

@test "privileged namespace presets run as root and are skipped with EPERM otherwise" {
	run "$FB" latency -n 5 --warmup 1 -q -o "$OUT" -m "$(echo $NAMESPACES | tr ' ' ,)"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	check_namespaces "$OUT" "$(id -u)"
}

@test "an unprivileged user gets skips with reasons, not failures" {
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch user"
	dir=$(mktemp -d) && chmod 777 "$dir"
	cp "$FB" "$BATS_TEST_DIRNAME/../build/child-static" "$dir/"
	run su nobody -s /bin/sh -c "$dir/forkbench latency -n 5 --warmup 1 -q -o $dir/run -m fork,posix_spawn,$(echo $NAMESPACES | tr ' ' ,)"
	[ "$status" -eq 0 ]
	must_run "$dir/run" latency fork posix_spawn
	check_namespaces "$dir/run" "$(id -u nobody)"
	no_failures "$dir/run"
	grep -q '"mode": "user-only"' "$dir/run/meta.json"
	rm -rf "$dir"
}

# --- bad input: one line, exit 2, nothing written -------------------------------------------

bad_input() {
	run "$FB" "$@" -o "$OUT"
	echo "status=$status output=$output"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == forkbench:* ]]
	[ ! -e "$OUT" ]
}

@test "unknown method lists the valid ones" {
	bad_input latency -m forky
	[[ "$output" == *"unknown method 'forky'"*"fork,vfork"* ]]
}

@test "unknown clone flag lists the valid ones" {
	bad_input latency -m clone:vm,bogus
	[[ "$output" == *"unknown clone flag 'bogus'"*"VM,FS,FILES"* ]]
}

@test "a flag set the kernel refuses names the call, flags and errno" {
	bad_input latency -m clone:sighand
	[[ "$output" == *"clone(CLONE_SIGHAND|SIGCHLD)"*"EINVAL"* ]]
}

@test "impossible combinations are refused" {
	bad_input latency -m pthread+exec
	bad_input latency -m clone-thread+exec
	bad_input latency -m posix_spawn+exec
	bad_input latency -m clone:parent
}

@test "malformed and zero sizes are refused" {
	for size in 12Q -5M 0x 0 '' 1.5M 99999999999T; do
		bad_input latency -m fork --rss "$size"
	done
}

@test "bad numbers are refused" {
	bad_input latency -n 0
	bad_input latency -n -3
	bad_input latency -n 99999999999
	bad_input latency --precision 0
	bad_input latency --max-time -1
	bad_input latency --repetitions 0
	bad_input latency --threads 1e9
	bad_input latency --cpu 5-2
	bad_input latency --thp sometimes
	bad_input latency --format xml
}

@test "an rss larger than the memory available is refused" {
	bad_input latency -m fork --rss 64T
	[[ "$output" == *"available"* ]]
}

@test "options of another bench and stray arguments are refused" {
	bad_input latency --size 4M
	bad_input latency fork
	bad_input latency --bogus
	bad_input nosuchbench
}

@test "an exec target that does not exist is refused" {
	bad_input latency -m fork+exec --exec /nonexistent/target
	bad_input latency -m fork+exec --exec no-such-program-anywhere
}

@test "an unknown event is refused and says how to list them" {
	bad_input latency -m fork -e no-such-event
	[[ "$output" == *"forkbench info --events"* ]]
}

@test "a non-empty or unwritable output directory is refused" {
	mkdir -p "$OUT" && touch "$OUT/keep"
	run "$FB" latency -m fork -n 5 -o "$OUT"
	[ "$status" -eq 2 ]
	[ "$(ls "$OUT")" = keep ]
	run "$FB" latency -m fork -n 5 -o /proc/forkbench-cannot-be-here
	[ "$status" -eq 2 ]
}

# --- no stray processes -------------------------------------------------------------------

@test "SIGINT and SIGTERM mid-run leave no process and keep complete files" {
	for sig in INT TERM; do
		dir="$OUT-$sig"
		"$FB" latency -m fork,vfork,clone-vm,posix_spawn --max-time 3 --precision 0.01 -q -o "$dir" &
		pid=$!
		sleep 2.5
		kill -$sig $pid
		wait $pid && st=0 || st=$?
		[ "$st" -ne 0 ]
		no_processes_left "$dir"
		check_run_dir "$dir"
		grep -q "interrupted" "$dir/skipped.csv"
	done
}

@test "a child that dies unexpectedly fails its configuration, not the run" {
	run "$FB" latency -n 5 --warmup 1 -q -o "$OUT" -m fork+exec,fork --exec /bin/false
	[ "$status" -eq 0 ]
	grep -q '^latency,fork+exec,.*failed:.*did not exit cleanly' "$OUT/skipped.csv"
	grep -q '^latency,fork,' "$OUT/summary.csv"
	no_processes_left "$OUT"
}

@test "a worker killed mid-configuration is recorded and leaves nothing behind" {
	"$FB" latency -m fork --max-time 4 --precision 0.01 -q -o "$OUT" &
	pid=$!
	sleep 1.5
	pkill -KILL -f -- "__worker latency.*$OUT" || true
	wait $pid
	no_processes_left "$OUT"
	grep -q "killed by signal 9" "$OUT/skipped.csv"
}

@test "label fills config from the key; a malformed file is one line, exit 2, nothing on stdout" {
	mkdir -p "$OUT"
	printf '%s\n' 'bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant' \
		'latency,fork,,,0,,0,0,0,,0,' 'latency,fork,,,x,,0,0,0,,,' >"$OUT/bad.csv"
	run sh -c "'$FB' label '$OUT/bad.csv' 2>'$OUT/err'"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$(wc -l <"$OUT/err")" -eq 1 ]
	grep -q 'bad.csv:3' "$OUT/err"
	head -2 "$OUT/bad.csv" >"$OUT/good.csv"
	run "$FB" label "$OUT/good.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = 'latency,fork,,,0,,0,0,0,,0,,fork cpu=0' ]
}

@test "the coordinator's internal options are refused from a user, nothing written" {
	for opt in "--rep 2" "--worker-method fork" "--worker-fd 3" "--coordinator-pid 1"; do
		# shellcheck disable=SC2086 # an option and its value
		bad_input latency -m fork -n 5 $opt
		[[ "$output" == *"is internal to forkbench"* ]]
	done
}
