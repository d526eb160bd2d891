#!/bin/sh
# make bench-overhead: does the harness add to what it measures? For fork, vfork and
# posix_spawn (of the static target), alternate rounds of a bare hand-written loop
# (build/overhead-loop: clock, create, child _exit, waitpid, clock) and `forkbench latency -n N`
# with counters off (-e none) and on (the default set), same CPU, same machine, same minutes.
# Rounds alternate so machine drift hits every side alike; each figure is the median over
# rounds of the per-round medians of total_ns, and the ratios are against the bare loop.
set -eu
cd "$(dirname "$0")/.."
N=${N:-3000}
ROUNDS=${ROUNDS:-5}
CPU=${CPU:-0}
METHODS=${METHODS:-fork vfork posix_spawn}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

forkbench_total() { # method, counters (none|default), round
	ev=""
	[ "$2" = none ] && ev="-e none"
	build/forkbench latency -m "$1" -n "$N" --warmup 20 --cpu "$CPU" $ev -q \
		-o "$tmp/run-$1-$2-$3" --format csv | awk -F, '$13 == "total_ns" { print $19 }'
}

echo "# $(uname -r) on $(nproc) CPUs, pinned to cpu $CPU: $ROUNDS rounds of $N creations each"
printf '%-12s %12s %14s %14s %9s %9s\n' method bare_ns fb_nocount_ns fb_counters_ns \
	ratio_off ratio_on
for m in $METHODS; do
	: >"$tmp/bare" && : >"$tmp/off" && : >"$tmp/on"
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		taskset -c "$CPU" build/overhead-loop "$m" "$N" "$PWD/build/child-static" >>"$tmp/bare"
		forkbench_total "$m" none "$r" >>"$tmp/off"
		forkbench_total "$m" default "$r" >>"$tmp/on"
		r=$((r + 1))
	done
	bare=$(median <"$tmp/bare")
	off=$(median <"$tmp/off")
	on=$(median <"$tmp/on")
	printf '%-12s %12.0f %14.0f %14.0f %9.3f %9.3f\n' "$m" "$bare" "$off" "$on" \
		"$(echo "$off $bare" | awk '{ print $1 / $2 }')" "$(echo "$on $bare" | awk '{ print $1 / $2 }')"
done
