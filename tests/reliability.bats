#!/usr/bin/env bats
# Faults injected for real (issue 9, items 1-3): pids.max, RLIMIT_NPROC, a memory cgroup limit,
# RLIMIT_NOFILE, SIGINT/SIGTERM/SIGHUP/SIGKILL at random points of every bench, SIGPIPE, a full
# disk, a read-only and a vanished -o. Each must end in a recorded failure of the configuration
# or a clear exit, with no process left and only complete files. Root-only cases skip with the
# reason. The fuzzing, lint and soak parts of the issue live elsewhere (make fuzz, make soak).

bats_require_minimum_version 1.5.0

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
	CG=
	NOBODY_DIR=
}

teardown() {
	[ -z "$NOBODY_DIR" ] || rm -rf "$NOBODY_DIR"
	if [ -n "$CG" ] && [ -d "$CG" ]; then
		# Anything still inside is ours: kill it so the cgroup can go.
		for p in $(cat "$CG/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
		sleep 0.2
		rmdir "$CG" 2>/dev/null || true
	fi
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root: $1"
}

# The files of a run describe the same configurations: summary.csv, samples.csv and
# results.json name the same methods (a failed write must not leave one of them older).
same_configs() {
	python3 - "$1" "$BATS_TEST_DIRNAME" <<'EOF'
import csv, json, sys
sys.path.insert(0, sys.argv[2])
from run_samples import samples_rows
d = sys.argv[1]
key = lambda r: (r["bench"], r["method"], r["rss_bytes"], r["variant"])
summ = {key(r) for r in csv.DictReader(open(d + "/summary.csv"))}
samp = {key(r) for r in samples_rows(d)}
bench = json.load(open(d + "/results.json"))["benchmarks"]
assert summ == samp, (summ, samp)
assert (len(bench) > 0) == (len(summ) > 0), (len(bench), summ)
EOF
}

# Runs "$@" with this shell moved into a fresh child cgroup of controller $1 (v1 layout,
# FACTS.md), under our own cgroup of that controller so limits stack. Sets CG.
make_cgroup() {
	local ctl=$1 base
	base=/sys/fs/cgroup/$ctl$(awk -F: -v c="$ctl" '$2 == c { print $3 }' /proc/self/cgroup)
	base=${base%/}
	[ -d "$base" ] || skip "no v1 $ctl cgroup here"
	CG=$base/fbrel-$$-$BATS_TEST_NUMBER
	mkdir "$CG" 2>/dev/null || skip "cannot create a $ctl cgroup under $base"
}

in_cgroup() {
	sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$CG" "$@"
}

# --- item 1: resource exhaustion ----------------------------------------------------------

@test "pids.max: each configuration fails with EAGAIN after bounded retries, the run completes" {
	need_root "creating a pids cgroup"
	make_cgroup pids
	# Room for the coordinator and its worker, none for a child.
	echo 2 >"$CG/pids.max"
	run in_cgroup "$FB" latency -m fork,posix_spawn,pthread -n 20 --warmup 0 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'failed: .*EAGAIN.*after back-off retries' "$OUT/skipped.csv")" -eq 3 ]
	check_run_dir "$OUT"
	no_processes_left "$OUT"
	# Footprint cannot hold its children under the limit: a usage error before it starts.
	echo 6 >"$CG/pids.max"
	run in_cgroup "$FB" footprint -m fork --children 20 -q -o "$OUT-fp"
	[ "$status" -eq 2 ]
	[[ "$output" == *"pids.max"* ]]
	[ ! -e "$OUT-fp" ]
	[ "$(cat "$CG/pids.current")" -eq 0 ]
}

@test "RLIMIT_NPROC as an unprivileged user: failed configurations, or no worker, never a hang" {
	need_root "switching to nobody"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	[ -z "$(pgrep -u nobody)" ] || skip "nobody already runs processes (they count in RLIMIT_NPROC)"
	# bats's own temporary directory is private to root: nobody needs a traversable one.
	bin=$(mktemp -d /tmp/forkbench-rel.XXXXXX)
	NOBODY_DIR=$bin
	chmod 755 "$bin"
	mkdir -m 777 "$bin/out"
	cp "$FB" "$BATS_TEST_DIRNAME/../build/child-static" "$BATS_TEST_DIRNAME/../build/child-dynamic" "$bin/"
	# 2: the coordinator and one worker fit, no child does.
	run timeout 60 su nobody -s /bin/sh -c \
		"exec prlimit --nproc=2:2 $bin/forkbench latency -m fork,vfork,posix_spawn -n 20 -e none -q -o $bin/out/a"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'failed: .*EAGAIN' "$bin/out/a/skipped.csv")" -eq 3 ]
	check_run_dir "$bin/out/a"
	# 1: not even a worker; that configuration fails and the run still completes.
	run timeout 60 su nobody -s /bin/sh -c \
		"exec prlimit --nproc=1:1 $bin/forkbench latency -m posix_spawn -n 20 -e none -q -o $bin/out/b"
	[ "$status" -eq 0 ]
	grep -q 'posix_spawn.*failed: cannot start a worker: .*EAGAIN' "$bin/out/b/skipped.csv"
	check_run_dir "$bin/out/b"
	no_processes_left "$bin/out"
	[ -z "$(pgrep -u nobody)" ]
}

@test "memory cgroup below --rss: the OOM killer takes the worker, never the coordinator" {
	need_root "creating a memory cgroup"
	make_cgroup memory
	echo 32M >"$CG/memory.limit_in_bytes" || skip "cannot set memory.limit_in_bytes"
	echo 0 >"$CG/memory.swappiness" 2>/dev/null || true
	run in_cgroup "$FB" sweep -m fork --param rss --values 1M,64M -n 20 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q '^sweep,fork,,,67108864,.*failed: worker killed by signal 9' "$OUT/skipped.csv"
	grep -q '^sweep,fork,,,1048576,' "$OUT/summary.csv"
	run in_cgroup "$FB" cow --size 64M -n 5 -e none -q -o "$OUT-cow"
	[ "$status" -eq 0 ]
	grep -q 'failed: worker killed by signal 9' "$OUT-cow/skipped.csv"
	# The kills happened inside this cgroup (a memcg OOM cannot pick a process outside it).
	[ "$(awk '$1 == "oom_kill" { print $2 }' "$CG/memory.oom_control")" -ge 2 ]
	check_run_dir "$OUT"
	check_run_dir "$OUT-cow"
	no_processes_left "$OUT"
	no_processes_left "$OUT-cow"
}

@test "RLIMIT_NOFILE below --fds is a recorded skip; a very low limit still runs" {
	run prlimit --nofile=64:64 "$FB" latency -m fork,posix_spawn --fds 200 -n 5 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'RLIMIT_NOFILE hard limit is 64' "$OUT/skipped.csv")" -eq 2 ]
	check_run_dir "$OUT"
	# Six descriptors: the worker pipe must not be moved to a fixed fd number above the limit.
	# bats's own descriptors are closed first, or they would use up the six.
	run bash -c 'for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done
		exec prlimit --nofile=6:6 "$@"' sh "$FB" latency -m fork -n 5 -e none -q -o "$OUT-6"
	[ "$status" -eq 0 ]
	grep -q '^latency,fork,' "$OUT-6/summary.csv"
	no_processes_left "$OUT"
}

# --- item 2: signals ----------------------------------------------------------------------

# Waits (at most $3 s) until $2 processes carry the run directory $1 on their command line.
wait_procs() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		[ "$(pgrep -c -f -- "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 0
}

# After SIGKILL of the coordinator nothing may stay alive; children that already exited are
# zombies adopted by init, which reaps them on its own schedule (about 1.5 s here).
no_processes_left_after_kill() {
	local i
	for ((i = 0; i < 50; i++)); do
		no_processes_left "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	no_processes_left "$1"
}

# What a SIGKILL leaves in a run directory (issue 9: "only complete files"): no hidden entry
# (temporary file or staging directory), and the files there complete: the whole set, checked
# and consistent, or where a kill landed before the first set was named, each file that exists
# parseable.
only_complete_files() {
	local dir=$1 hidden f
	[ -d "$dir" ] || return 0
	hidden=$(ls -A "$dir" | grep '^\.' || true)
	if [ -n "$hidden" ]; then
		echo "hidden entries left in $dir: $hidden"
		return 1
	fi
	for f in meta.json samples.csv.gz summary.csv skipped.csv notes.csv results.json; do
		[ -e "$dir/$f" ] || break
	done
	if [ -e "$dir/$f" ]; then
		check_run_dir "$dir" && same_configs "$dir"
		return
	fi
	python3 - "$dir" <<'EOF'
import csv, glob, json, sys
for p in glob.glob(sys.argv[1] + "/*.json"):
    json.load(open(p))
for p in glob.glob(sys.argv[1] + "/*.csv"):
    rows = list(csv.reader(open(p, newline="")))
    assert rows and all(len(r) == len(rows[0]) for r in rows), p
EOF
}

signal_run() { # SIGNAL MIN_PROCS DIR forkbench-args...
	local sig=$1 procs=$2 dir=$3 st
	shift 3
	"$FB" "$@" -q -o "$dir" >/dev/null 2>&1 &
	local pid=$!
	wait_procs "$dir" "$procs" 5
	sleep "0.$((RANDOM % 6))"
	echo "# $sig after $procs+ processes: $*" >&3
	kill -"$sig" $pid
	wait $pid && st=0 || st=$?
	[ "$st" -ne 0 ] || { echo "the run ended (status 0) before the $sig came"; return 1; }
	if [ "$sig" = KILL ]; then
		no_processes_left_after_kill "$dir"
		only_complete_files "$dir"
	else
		no_processes_left "$dir"
		check_run_dir "$dir"
		same_configs "$dir"
	fi
}

@test "SIGINT/SIGTERM/SIGHUP at a random point of every bench leave no process, complete files" {
	local sigs=(INT TERM HUP) n=0
	pick() { echo "${sigs[$(((RANDOM + n++) % 3))]}"; }
	signal_run "$(pick)" 2 "$OUT-lat" latency -m fork,vfork,posix_spawn,pthread --max-time 3 --precision 0.01
	signal_run "$(pick)" 3 "$OUT-cow" cow --size 64M --max-time 3
	# Long enough (--precision 0.01 never converges) that the signal always comes first.
	signal_run "$(pick)" 20 "$OUT-fp" footprint -m fork --children 100 --max-time 10
	signal_run "$(pick)" 2 "$OUT-sw" sweep -m fork --param rss --values 1M,16M --max-time 10 \
		--precision 0.01
	signal_run "$(pick)" 2 "$OUT-tp" throughput -m fork --creators 2 --max-time 10
	# Without root, timeline records its skip and ends at once: no run for a signal to stop
	# (timeline.bats checks that skip).
	if [ "$(id -u)" -eq 0 ]; then
		signal_run "$(pick)" 2 "$OUT-tl" timeline -m fork --max-time 10 --precision 0.01
	else
		echo "# not root: timeline's signal case not run (timeline needs root)" >&3
	fi
	# A second run into a new directory works.
	run "$FB" latency -m fork -n 10 -e none -q -o "$OUT-again"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT-again"
}

@test "SIGKILL of the coordinator: the worker and its held children die too" {
	signal_run KILL 20 "$OUT-fp" footprint -m fork --children 100 --max-time 5
	signal_run KILL 3 "$OUT-cow" cow --size 64M --max-time 2
	signal_run KILL 2 "$OUT-lat" latency -m fork,posix_spawn --max-time 2 --precision 0.01
	run "$FB" latency -m fork -n 10 -e none -q -o "$OUT-again"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT-again"
}

# SIGKILLs process $1 at the first moment it holds a file open under directory $2 once $2 holds
# a first set of files: inside a results write, whatever the writer names its files (an
# unnamed O_TMPFILE reads "$2/#inode (deleted)"). A random kill lands there too rarely to test.
kill_in_write() {
	python3 - "$1" "$2" <<'EOF'
import os, signal, sys, time
pid, d = int(sys.argv[1]), sys.argv[2]
fds = f"/proc/{pid}/fd"
end = time.monotonic() + 60
while not os.path.exists(d + "/summary.csv"):
    if time.monotonic() > end or not os.path.exists(fds):
        sys.exit("the first set of files never appeared")
    time.sleep(0.001)
while True:
    try:
        names = os.listdir(fds)
    except OSError:
        sys.exit("the run ended before its next write")
    for fd in names:
        try:
            target = os.readlink(f"{fds}/{fd}")
        except OSError:
            continue
        # samples.csv.gz is open for the whole run (appended, never rewritten): the set's
        # files are the ones a write opens.
        if target.startswith(d + "/") and not target.endswith("/samples.csv.gz"):
            os.kill(pid, signal.SIGKILL)
            print(f"# killed while writing {target}")
            sys.exit(0)
EOF
}

@test "SIGKILL inside a results write: nothing hidden left, the earlier files whole" {
	"$FB" latency -m fork,vfork,posix_spawn -n 3000 --warmup 0 -e none -q -o "$OUT" \
		>/dev/null 2>&1 &
	pid=$!
	kill_in_write $pid "$OUT" >&3
	wait $pid && st=0 || st=$?
	[ "$st" -eq 137 ]
	no_processes_left_after_kill "$OUT"
	only_complete_files "$OUT"
	# The kill came after a set was written: it is all there.
	check_run_dir "$OUT"
}

# Waits (up to $2 s) until the set in $1 records more of samples.csv.gz than its header.
wait_recorded() {
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["files"]["samples_valid_bytes"] <= 200)' \
			"$1/meta.json" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "no set past the first was written in $2 s"
	return 1
}

# samples.csv.gz after a SIGKILL (DESIGN §7, RELIABILITY.md): the part meta.json records is a
# valid gzip file of complete members holding exactly the summary's samples; after it there is
# at most a run of complete members and one member cut short, which the readers leave and name.
gz_after_kill() {
	python3 - "$1" "$BATS_TEST_DIRNAME" <<'EOF'
import json, sys, zlib
sys.path.insert(0, sys.argv[2])
from run_samples import decompress_members
d = sys.argv[1]
data = open(d + "/samples.csv.gz", "rb").read()
valid = json.load(open(d + "/meta.json"))["files"]["samples_valid_bytes"]
assert 0 < valid <= len(data), (valid, len(data))
text, left = decompress_members(data[:valid])
assert left == 0, f"the recorded {valid} bytes end inside a member ({left} bytes left)"
assert text.startswith("bench,method,"), text[:40]
whole, rest = decompress_members(data)
assert whole.startswith(text)
print(f"# {valid} of {len(data)} bytes recorded; {rest} bytes of a member cut short after")
EOF
}

@test "SIGKILL at random points: samples.csv.gz keeps every complete member, readers stop there" {
	local i
	for i in 1 2 3 4; do
		"$FB" latency -m fork,vfork,posix_spawn,pthread -n 3000 --warmup 0 --repetitions 5 \
			-e none -q -o "$OUT-$i" >/dev/null 2>&1 &
		pid=$!
		# Once a set past the first has been written (the writes are paced), at a random
		# moment after it: inside an append, a fold or a write, or between them.
		wait_recorded "$OUT-$i" 30
		sleep "0.$((RANDOM % 9))$((RANDOM % 9))"
		kill -KILL $pid
		wait $pid || true
		no_processes_left_after_kill "$OUT-$i"
		gz_after_kill "$OUT-$i" >&3
		only_complete_files "$OUT-$i"
		# compare reads the run as it stands (itself against itself: every change is 0).
		run "$FB" compare "$OUT-$i" "$OUT-$i"
		[ "$status" -eq 0 ]
	done
}

@test "a worker whose parent is not its coordinator any more (adopted by a subreaper) leaves" {
	# Told a coordinator that is not its parent, as when the coordinator died before the
	# worker's PR_SET_PDEATHSIG and a subreaper (systemd --user, a container's init) adopted
	# it: it must record nothing and leave. Its parent is this shell, never pid 1, so a
	# "getppid() == 1" test would let it run.
	local records="$BATS_TEST_TMPDIR/records"
	run bash -c 'exec "$1" __worker latency -n 5 --warmup 0 -e none --worker-method fork \
		--rep 1 --worker-fd 3 --coordinator-pid 1 3>"$2"' _ "$FB" "$records"
	echo "status $status: $(cat "$records")"
	[ "$status" -eq 3 ]
	[ "$(grep -c '^S ' "$records")" -eq 0 ]
	# Its real parent given: it measures.
	run bash -c 'exec "$1" __worker latency -n 5 --warmup 0 -e none --worker-method fork \
		--rep 1 --worker-fd 3 --coordinator-pid "$PPID" 3>"$2"' _ "$FB" "$records"
	[ "$status" -eq 0 ]
	grep -q '^S call_ns ' "$records"
	# Internal: the coordinator refuses it.
	run "$FB" latency -m fork -n 5 --coordinator-pid 1 -o "$OUT"
	[ "$status" -eq 2 ]
	[ ! -e "$OUT" ]
}

@test "a worker group that will not die is reported (pids, state), noted, and the run goes on" {
	# The exec target, once, leaves in the worker's process group a zombie whose parent has
	# left the group and never reaps it: SIGKILL cannot remove it, as it cannot a process in
	# uninterruptible sleep. The coordinator gives up after ~2 s and must say so.
	local t="$BATS_TEST_TMPDIR"
	printf '%s\n' '#!/bin/sh' \
		"mkdir '$t/once' 2>/dev/null || exit 0" \
		"sh -c 'sleep 0.1 & echo \$\$ >\"$t/holder\"; exec setsid sleep 5' &" >"$t/target"
	chmod +x "$t/target"
	cat "$t/target"
	run --separate-stderr "$FB" latency -m fork+exec,fork --exec "$t/target" -n 3 --warmup 0 \
		-e none -q --no-progress -o "$OUT"
	if [ -s "$t/holder" ]; then kill "$(cat "$t/holder")" 2>/dev/null || true; fi
	echo "status $status; stderr: $stderr"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$stderr" | grep -c 'warning: ')" -eq 1 ]
	printf '%s\n' "$stderr" | grep -E "warning: fork\+exec: 1 process of the worker's group \([0-9]+\) still there after 2 s of SIGKILL: [0-9]+ Z \(zombie\); left behind, the run goes on"
	grep -E 'fork\+exec,.*worker group not drained after 2 s: [0-9]+ Z \(zombie\)' "$OUT/notes.csv"
	# the next configuration ran
	grep -q '^latency,fork,.*,call_ns,' "$OUT/summary.csv"
	check_run_dir "$OUT"
}

@test "SIGPIPE: output into head or a closed pipe keeps the run and its files" {
	"$FB" latency -m fork,vfork -n 50 -e none --format csv -o "$OUT" 2>/dev/null | head -1 >"$BATS_TEST_TMPDIR/head"
	grep -q '^bench,method,' "$BATS_TEST_TMPDIR/head"
	"$FB" latency -m fork -n 50 -e none -o "$OUT-closed" 2>&1 | true
	check_run_dir "$OUT"
	check_run_dir "$OUT-closed"
	no_processes_left "$OUT"
	no_processes_left "$OUT-closed"
}

# --- item 3: output faults ----------------------------------------------------------------

@test "a full filesystem: error naming the directory, no partial file, earlier set intact" {
	need_root "mounting a tmpfs in a private mount namespace"
	command -v unshare >/dev/null || skip "no unshare"
	mnt=$BATS_TEST_TMPDIR/tiny
	mkdir "$mnt"
	run unshare -m sh -c "mount -t tmpfs -o size=40k tmpfs $mnt || exit 99
		$FB latency -m fork,vfork,posix_spawn,pthread,clone,clone-vm -n 60 -e none -q -o $mnt/run
		echo rc=\$?
		ls -A $mnt/run
		python3 $BATS_TEST_DIRNAME/check_run.py $mnt/run && echo check-ok"
	[ "$status" -ne 99 ] || skip "cannot mount a tmpfs"
	# The set's write or a samples append hits it first: either names the directory.
	[[ "$output" == *"cannot write the results into $mnt/run: No space left on device"* ||
		"$output" == *"cannot store the samples in $mnt/run/samples.csv.gz: No space left on device"* ]]
	[[ "$output" == *"rc=1"* ]]
	[[ "$output" == *"check-ok"* ]]
	[[ "$output" != *".staging"* && "$output" != *".samples"* ]]
}

@test "a read-only -o is refused before anything runs" {
	need_root "remounting read-only in a private mount namespace"
	command -v unshare >/dev/null || skip "no unshare"
	mnt=$BATS_TEST_TMPDIR/ro
	mkdir "$mnt"
	run unshare -m sh -c "mount -t tmpfs tmpfs $mnt && mkdir $mnt/empty &&
		mount -o remount,ro $mnt || exit 99
		$FB latency -m fork -n 5 -q -o $mnt/new; echo rc=\$?
		$FB latency -m fork -n 5 -q -o $mnt/empty; echo rc=\$?"
	[ "$status" -ne 99 ] || skip "cannot mount a tmpfs"
	[[ "$output" == *"-o $mnt/new: cannot create a writable directory: Read-only file system"* ]]
	[[ "$output" == *"-o $mnt/empty: cannot create a writable directory: Read-only file system"* ]]
	[ "$(grep -c 'rc=2' <<<"$output")" -eq 2 ]
}

@test "the run directory removed or moved mid-run: clear error, nothing left running" {
	"$FB" latency -m fork,vfork,posix_spawn,pthread --max-time 1 --precision 0.01 -q -o "$OUT" \
		2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	wait_procs "$OUT" 2 5
	sleep 0.5
	rm -rf "$OUT"
	wait $pid && st=0 || st=$?
	[ "$st" -eq 1 ]
	grep -q "cannot write the results into $OUT: No such file or directory" "$BATS_TEST_TMPDIR/err"
	no_processes_left "$OUT"

	"$FB" latency -m fork,vfork,posix_spawn,pthread --max-time 1 --precision 0.01 -q -o "$OUT-mv" \
		2>/dev/null &
	pid=$!
	sleep 1.5
	mv "$OUT-mv" "$OUT-moved"
	wait $pid && st=0 || st=$?
	[ "$st" -eq 1 ]
	# What was written before the move is complete where it now is.
	check_run_dir "$OUT-moved"
	same_configs "$OUT-moved"
	grep -q '^latency,fork,' "$OUT-moved/summary.csv"
	no_processes_left "$OUT-mv"
}
