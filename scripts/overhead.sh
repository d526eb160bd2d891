#!/bin/sh
# make bench-overhead: does the harness add to what it measures? For fork, vfork and
# posix_spawn (of the static target), alternate rounds of a bare hand-written loop
# (build/overhead-loop: clock, create, child _exit, waitpid, clock) and `forkbench latency -n N`:
# as by default (the child stamps start_ns; counters in their own batches), with counters off
# (-e none), and with --no-start (the child exits at once, exactly as in the bare loop). Same
# CPU, same machine, same minutes; rounds alternate so drift hits every side alike. Each figure
# is the median over rounds of the per-round medians of total_ns; ratios are to the bare loop.
set -eu
cd "$(dirname "$0")/.."
N=${N:-3000}
ROUNDS=${ROUNDS:-5}
CPU=${CPU:-0}
METHODS=${METHODS:-fork vfork posix_spawn}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

forkbench_total() { # method, variant (default|nocount|nostart), round
	case "$2" in
	nocount) extra="-e none" ;;
	nostart) extra="--no-start" ;;
	*) extra="" ;;
	esac
	# shellcheck disable=SC2086 # $extra is zero, one or two options, split on purpose
	build/forkbench latency -m "$1" -n "$N" --warmup 20 --cpu "$CPU" $extra -q \
		-o "$tmp/run-$1-$2-$3" --format csv |
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			$col["metric"] == "total_ns" { print $col["median"] }'
}

echo "# $(uname -r) on $(nproc) CPUs, pinned to cpu $CPU: $ROUNDS rounds of $N creations each"
ratio() { echo "$1 $2" | awk '{ printf "%.3f", $1 / $2 }'; }

printf '%-12s %10s %12s %12s %12s %8s %8s %8s\n' method bare_ns default_ns nocount_ns \
	nostart_ns default nocount nostart
for m in $METHODS; do
	for v in bare default nocount nostart; do : >"$tmp/$v"; done
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		taskset -c "$CPU" build/overhead-loop "$m" "$N" "$PWD/build/child-static" >>"$tmp/bare"
		for v in default nocount nostart; do
			forkbench_total "$m" "$v" "$r" >>"$tmp/$v"
		done
		r=$((r + 1))
	done
	bare=$(median <"$tmp/bare")
	def=$(median <"$tmp/default")
	noc=$(median <"$tmp/nocount")
	nos=$(median <"$tmp/nostart")
	printf '%-12s %10.0f %12.0f %12.0f %12.0f %8s %8s %8s\n' "$m" "$bare" "$def" "$noc" "$nos" \
		"$(ratio "$def" "$bare")" "$(ratio "$noc" "$bare")" "$(ratio "$nos" "$bare")"
done
