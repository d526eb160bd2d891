#!/bin/sh
# hyperfine.sh [-r RUNS] [--quick] [--warmup N] [--from-json FILE] RUN_DIR: times whole commands
# (the two exec targets, /bin/true, sh -c true) with hyperfine -N and converts its JSON into
# RUN_DIR/hyperfine.csv, rows with summary.csv's columns (bench=command, metric=wall_ns), so they
# sit beside the harness's own exec figures. Keeps the raw export as RUN_DIR/hyperfine.json.
# It does not judge the numbers: hyperfine's own spawn path and overhead are in them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
prog=hyperfine.sh
# shellcheck source=scripts/lib/owner.sh
. "$here/lib/owner.sh"
HEADER='bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,cpu,variant,metric,unit,n,min,p5,p25,median,p75,p95,p99,max,mean,stddev,ci95_low,ci95_high,outliers,converged,reps,rep_median_min,rep_median_max,ci_level'

die() {
	echo "$prog: $*" >&2
	exit 2
}

usage() {
	echo "usage: $prog [-r RUNS] [--quick] [--warmup N] [--from-json FILE] RUN_DIR" >&2
	echo "  -r RUNS          timed runs per command (default 300; --quick: 50)" >&2
	echo "  --warmup N       untimed runs first (default 20)" >&2
	echo "  --from-json FILE convert an existing hyperfine 1.15 export instead of running" >&2
	exit 2
}

runs=300
warmup=20
from_json=
while [ $# -gt 0 ]; do
	case $1 in
	-r | --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--quick) runs=50; shift ;;
	--warmup) [ $# -ge 2 ] || usage; warmup=$2; shift 2 ;;
	--from-json) [ $# -ge 2 ] || usage; from_json=$2; shift 2 ;;
	-h | --help) usage ;;
	-*) echo "$prog: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || usage
run_dir=${1%/}
case $runs in '' | *[!0-9]* | 0 | 1) die "-r '$runs': need a whole number of runs >= 2" ;; esac
case $warmup in '' | *[!0-9]*) die "--warmup '$warmup': need a whole number" ;; esac
[ -d "$run_dir" ] || die "$run_dir: not a directory"

json=$(mktemp "$run_dir/.hyperfine.json.XXXXXX")
csv=$(mktemp "$run_dir/.hyperfine.csv.XXXXXX")
trap 'rm -f "$json" "$csv"' EXIT
trap 'exit 130' INT TERM

if [ -n "$from_json" ]; then
	[ -f "$from_json" ] || die "$from_json: missing"
	cp "$from_json" "$json"
else
	command -v hyperfine >/dev/null 2>&1 ||
		die "hyperfine: not installed (Debian: apt-get install hyperfine; or make deps)"
	# From the repository root so the exec targets are named as the harness names them.
	cd "$root"
	set --
	for target in build/child-static build/child-dynamic; do
		if [ -x "$target" ]; then
			set -- "$@" "$target"
		else
			echo "$prog: $root/$target: missing, not timed (run make first)" >&2
		fi
	done
	set -- "$@" /bin/true "sh -c true"
	# -N: no intermediate shell, so the figure is a posix_spawn + exec + wait like the harness's
	# (hyperfine 1.15 spawns through glibc's posix_spawn). The JSON goes to a named file:
	# hyperfine 1.15's --export-json - writes a file called '-'.
	hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$json" \
		"$@" >&2 || die "hyperfine failed (its output is above)"
	cd - >/dev/null
fi

# hyperfine 1.15: results[].{command, mean, stddev, median, min, max, times[]}, all seconds.
# Percentiles come from times (type 7, as the harness computes them); the CI of the median from
# order statistics (ranks from the normal approximation of the binomial, min..max below 6 runs)
# with ci_level the exact coverage of those ranks (DESIGN §5; nominal 0.95 above 1000 runs, where
# 2^-n underflows); a single run has no interval.
{
	echo "$HEADER"
	awk -f "$here/json.awk" "$json" | awk -F '\t' -v warmup="$warmup" "$(cat "$here/csv.awk")"'
	function fmt(v,    s) {
		s = sprintf("%.1f", v)
		sub(/\.0$/, "", s)
		return s
	}
	function sort(a, n,    gap, i, j, t) {   # Shell sort: a few hundred values at most
		for (gap = int(n / 2); gap > 0; gap = int(gap / 2))
			for (i = gap + 1; i <= n; i++) {
				t = a[i]
				for (j = i; j > gap && a[j - gap] > t; j -= gap)
					a[j] = a[j - gap]
				a[j] = t
			}
	}
	function q(a, n, p,    h, lo) {   # type 7 quantile of sorted a[1..n]
		h = (n - 1) * p + 1
		lo = int(h)
		return lo >= n ? a[n] : a[lo] + (h - lo) * (a[lo + 1] - a[lo])
	}
	function level(n, lo, hi,    k, term, s) {  # P(lo <= B < hi), B ~ Binomial(n, 1/2)
		if (n > 1000)
			return "0.95"
		term = 2 ^ -n
		for (k = 0; k < hi; k++) {
			if (k >= lo)
				s += term
			term = term * (n - k) / (k + 1)
		}
		return sprintf("%.10g", s)
	}
	function flush(k,    n, i, a, sum, mean, ss, lo, hi, half) {
		n = count[k]
		if (!n)
			return
		for (i = 1; i <= n; i++) {
			a[i] = t[k, i - 1] * 1e9
			sum += a[i]
		}
		sort(a, n)
		mean = sum / n
		for (i = 1; i <= n; i++)
			ss += (a[i] - mean) ^ 2
		if (n >= 6) {
			half = 1.96 * sqrt(n) / 2
			lo = int(n / 2 - half)
			hi = int(n / 2 + half + 0.999999) + 1
			if (lo < 1) lo = 1
			if (hi > n) hi = n
		} else {
			lo = 1
			hi = n
		}
		printf "command,hyperfine,,%s,,,,,,,,,%s,wall_ns,ns,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,,,,,,%s\n",
			csv_quote(cmd[k]), "warmup=" warmup, n, fmt(a[1]), fmt(q(a, n, 0.05)),
			fmt(q(a, n, 0.25)), fmt(q(a, n, 0.5)), fmt(q(a, n, 0.75)), fmt(q(a, n, 0.95)),
			fmt(q(a, n, 0.99)), fmt(a[n]), fmt(mean), fmt(n > 1 ? sqrt(ss / (n - 1)) : 0),
			(n > 1 ? fmt(a[lo]) : ""), (n > 1 ? fmt(a[hi]) : ""), (n > 1 ? level(n, lo, hi) : "")
	}
	$1 ~ /^results\.[0-9]+\.command$/ {
		split($1, p, ".")
		cmd[p[2]] = $2
		if (!(p[2] in seen)) {
			seen[p[2]] = 1
			order[++nres] = p[2]
		}
	}
	$1 ~ /^results\.[0-9]+\.times\.[0-9]+$/ {
		split($1, p, ".")
		t[p[2], p[4]] = $2
		count[p[2]]++
	}
	END {
		for (i = 1; i <= nres; i++)
			flush(order[i])
		if (!nres) {
			print "hyperfine.sh: no results in the export" > "/dev/stderr"
			exit 2
		}
	}'
} >"$csv" || die "${from_json:-hyperfine export}: cannot convert it (see above)"

chmod a+r "$csv" "$json"
give_to_invoker "$csv" "$json"
mv -f "$json" "$run_dir/hyperfine.json"
mv -f "$csv" "$run_dir/hyperfine.csv"
echo "$prog: wrote $run_dir/hyperfine.csv" >&2
