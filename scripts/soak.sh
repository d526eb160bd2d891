#!/bin/sh
# make soak: about a million creations of mixed methods (rounds of `forkbench latency`), with the
# coordinator's and each worker's RSS and open descriptors sampled from /proc while they run.
# Fails if descriptors or per-round RSS grow from the first round to the last. Not part of
# make test (it takes minutes); it measures no latency worth keeping.
#
# usage: sh scripts/soak.sh [-n CREATIONS] [-o DIR]   (defaults 1000000, build/soak)
set -eu

total=1000000
out=build/soak
while getopts n:o: opt; do
	case $opt in
	n) total=$OPTARG ;;
	o) out=$OPTARG ;;
	*) echo "usage: sh scripts/soak.sh [-n CREATIONS] [-o DIR]" >&2; exit 2 ;;
	esac
done
fb=${FORKBENCH:-build/forkbench}
methods=fork,vfork,clone-vm,posix_spawn,pthread,clone3
nmethods=6
per=10000 # samples per method and round: one round is 60000 creations
rounds=$(( (total + per * nmethods - 1) / (per * nmethods) ))

[ -x "$fb" ] || { echo "soak: $fb not built (make)" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
csv=$out/soak.csv
echo "t_s,round,role,pid,rss_kb,fds" >"$csv"

# One sample of a process: VmRSS and the number of open descriptors, from /proc.
sample() { # t round role pid
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$4/status" 2>/dev/null) || return 0
	# shellcheck disable=SC2012 # only counted; /proc/PID/fd entries are numbers
	fds=$(ls "/proc/$4/fd" 2>/dev/null | wc -l) || return 0
	[ -n "$rss" ] && echo "$1,$2,$3,$4,$rss,$fds" >>"$csv"
	return 0
}

start=$(date +%s)
r=1
while [ $r -le $rounds ]; do
	dir=$out/round
	rm -rf "$dir"
	"$fb" latency -m $methods -n $per --warmup 0 -e none -q -o "$dir" &
	cpid=$!
	while kill -0 $cpid 2>/dev/null; do
		t=$(( $(date +%s) - start ))
		sample $t $r coordinator $cpid
		for w in $(pgrep -P $cpid 2>/dev/null); do
			sample $t $r worker "$w"
		done
		sleep 0.5
	done
	wait $cpid || { echo "soak: round $r: forkbench exited $?" >&2; exit 1; }
	n=$(gzip -dc "$dir/samples.csv.gz" | grep -c ',total_ns,' || true)
	echo "soak: round $r/$rounds: $n creations timed, $(( $(date +%s) - start )) s" >&2
	r=$((r + 1))
done
rm -rf "$out/round"

# Per round: the coordinator's and the workers' peak RSS and descriptor range. A leak shows as
# growth from the first round to the last (every round does the same work); descriptors must
# not vary within a role beyond what a results write holds: the six files of the set, open
# together until they are named (harness/atomic_file.c), plus the directory.
awk -F, -v rounds=$rounds -v total=$((rounds * per * nmethods)) '
NR == 1 { next }
$6 == 0 { next } # caught while exiting: /proc/PID/fd is already empty
{
	k = $3 SUBSEP $2
	if ($5 > rss[k]) rss[k] = $5
	if (!(k in fmin) || $6 < fmin[k]) fmin[k] = $6
	if ($6 > fmax[k]) fmax[k] = $6
	if (!($3 in gmin) || $6 < gmin[$3]) gmin[$3] = $6
	if ($6 > gmax[$3]) gmax[$3] = $6
	n[$3]++
}
END {
	printf "soak: %d creations in %d rounds (fork, vfork, clone-vm, posix_spawn, pthread, clone3)\n", total, rounds
	bad = 0
	split("coordinator worker", roles, " ")
	for (i = 1; i <= 2; i++) {
		r = roles[i]
		first = rss[r SUBSEP 1]; last = rss[r SUBSEP rounds]
		printf "soak: %-11s %5d samples; peak RSS first round %d KiB, last round %d KiB; fds %d..%d\n", r, n[r], first, last, gmin[r], gmax[r]
		if (n[r] == 0) { print "soak: no " r " sample"; bad = 1 }
		if (last > first * 1.10 + 1024) { print "soak: " r " RSS grew"; bad = 1 }
		if (gmax[r] - gmin[r] > 7) { print "soak: " r " descriptor count varies"; bad = 1 }
	}
	print (bad ? "soak: FAIL" : "soak: ok")
	exit bad
}' "$csv"
