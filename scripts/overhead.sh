#!/bin/sh
# make bench-overhead: does the harness add to what it measures? For fork, vfork and
# posix_spawn (of the static target), alternate rounds of a bare hand-written loop
# (build/overhead-loop) and `forkbench latency -n N`, same placement, and compare the medians of
# total_ns. Rounds alternate so machine drift hits both sides alike; the figure quoted is the
# median over rounds of each side, and their ratio.
set -eu
cd "$(dirname "$0")/.."
N=${N:-3000}
ROUNDS=${ROUNDS:-5}
CPU=${CPU:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-12s %14s %14s %8s   (%s rounds of %s ops, cpu %s)\n' method bare_ns forkbench_ns ratio \
	"$ROUNDS" "$N" "$CPU"
for m in fork vfork posix_spawn; do
	: >"$tmp/bare" && : >"$tmp/fb"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		taskset -c "$CPU" build/overhead-loop $m "$N" "$PWD/build/child-static" >>"$tmp/bare"
		build/forkbench latency -m $m -n "$N" --warmup 10 --cpu "$CPU" -e none -q \
			-o "$tmp/run-$m-$r" --format csv |
			awk -F, '$13 == "total_ns" { print $19 }' >>"$tmp/fb"
		r=$((r + 1))
	done
	bare=$(median <"$tmp/bare")
	fb=$(median <"$tmp/fb")
	printf '%-12s %14.0f %14.0f %8.3f\n' $m "$bare" "$fb" "$(echo "$fb $bare" | awk '{ print $1 / $2 }')"
done
