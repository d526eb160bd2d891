#!/bin/sh
# aggregate.sh [-o OUT.csv] RUN_DIR...: every summary row of every run (summary.csv, and
# hyperfine.csv where the run has one) as one long CSV, led by the run's meta keys people filter
# on: run_id,host,kernel,cpu_model,virtualization,thp_enabled (the key column thp is the
# parent's own setting, so the host-wide one has another name). It validates and reshapes,
# computes nothing; a run written before the config column gets it from `forkbench label`.
# Broken input: one line naming the file on stderr, exit 2, no output at all.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prog=aggregate.sh
# shellcheck source=scripts/lib/owner.sh
. "$here/lib/owner.sh"
SUMMARY_COLUMNS='bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant,config,metric,unit,n,min,p5,p25,median,p75,p95,p99,max,mean,stddev,ci95_low,ci95_high,outliers,converged,reps,rep_median_min,rep_median_max,ci_level'
LEAD_COLUMNS='run_id,host,kernel,cpu_model,virtualization,thp_enabled'
# shellcheck source=scripts/lib/config.sh
. "$here/lib/config.sh"

die() {
	echo "$prog: $*" >&2
	exit 2
}

usage() {
	echo "usage: $prog [-o OUT.csv] RUN_DIR..." >&2
	exit 2
}

out=
while [ $# -gt 0 ]; do
	case $1 in
	-o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
	-h | --help) echo "usage: $prog [-o OUT.csv] RUN_DIR..."; exit 0 ;;
	--) shift; break ;;
	-*) echo "$prog: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage

tmp=$(mktemp "${TMPDIR:-/tmp}/aggregate.XXXXXX")
flat=$(mktemp "${TMPDIR:-/tmp}/aggregate-meta.XXXXXX")
labelled=$(mktemp "${TMPDIR:-/tmp}/aggregate-label.XXXXXX")
trap 'rm -f "$tmp" "$flat" "$labelled"' EXIT
trap 'exit 130' INT TERM

# One value of the flattened meta.json ("path<TAB>value" lines from json.awk).
metaval() {
	awk -F '\t' -v k="$1" '$1 == k { print substr($0, length(k) + 2); exit }' "$flat"
}

# The checks and the reshaping of one CSV; the meta values and FB_FILE, the run's file that
# messages name (awk may read a labelled copy of it, line for line), come through ENVIRON (awk
# -v would interpret backslashes in a CPU model or a path).
# shellcheck disable=SC2016 # an awk program: its $1 is awk's, not the shell's
rows_prog=$(cat "$here/csv.awk")'
BEGIN {
	ncanon = split(ENVIRON["FB_COLUMNS"], canon, ",")
	# Columns added after the first runs were published: empty where an older run lacks them.
	optional["ci_level"] = 1
	lead = csv_quote(ENVIRON["FB_RUN_ID"]) "," csv_quote(ENVIRON["FB_HOST"]) "," \
	       csv_quote(ENVIRON["FB_KERNEL"]) "," csv_quote(ENVIRON["FB_CPU_MODEL"]) "," \
	       csv_quote(ENVIRON["FB_VIRT"]) "," csv_quote(ENVIRON["FB_THP"])
}
function fail(msg) {
	printf "aggregate.sh: %s: %s\n", ENVIRON["FB_FILE"] (FNR ? ":" FNR : ""), msg > "/dev/stderr"
	bad = 1
	exit 2
}
/^\r?$/ { next }
FNR == 1 || !nh {
	nh = csv_split($0, h)
	if (nh < 0)
		fail("malformed CSV header")
	for (i = 1; i <= nh; i++)
		col[h[i]] = i
	for (i = 1; i <= ncanon; i++)
		if (!(canon[i] in col) && !(canon[i] in optional))
			fail("header lacks the column \"" canon[i] "\" (not a forkbench summary?)")
	next
}
{
	n = csv_split($0, f)
	if (n < 0)
		fail("malformed CSV line (a stray or unterminated quote)")
	if (n != nh)
		fail("malformed CSV line: " n " fields, the header has " nh)
	if (f[col["n"]] !~ /^[0-9]+$/)
		fail("malformed CSV line: n is \"" f[col["n"]] "\", not a count")
	if (f[col["median"]] !~ /^(-?[0-9.]+([eE][-+]?[0-9]+)?|nan|-?inf)?$/)
		fail("malformed CSV line: median is \"" f[col["median"]] "\", not a number")
	if (f[col["converged"]] !~ /^(true|false)?$/)
		fail("malformed CSV line: converged is \"" f[col["converged"]] "\", not true/false")
	line = lead
	for (i = 1; i <= ncanon; i++)
		line = line "," (canon[i] in col ? csv_quote(f[col[canon[i]]]) : "")
	print line
	rows++
}
END {
	if (bad)
		exit 2
	if (!nh) {
		printf "aggregate.sh: %s: empty file (an empty run?)\n", ENVIRON["FB_FILE"] > "/dev/stderr"
		exit 2
	}
	if (!rows && ENVIRON["FB_NEED_ROWS"] == "1") {
		printf "aggregate.sh: %s: no summary rows (an empty run?)\n", ENVIRON["FB_FILE"] > "/dev/stderr"
		exit 2
	}
}'

echo "$LEAD_COLUMNS,$SUMMARY_COLUMNS" >"$tmp"
for dir in "$@"; do
	dir=${dir%/}
	[ -d "$dir" ] || die "$dir: not a directory"
	[ -f "$dir/meta.json" ] || die "$dir/meta.json: missing (not a forkbench run directory, or an empty run)"
	[ -f "$dir/summary.csv" ] || die "$dir/summary.csv: missing (the run wrote no results)"
	[ -s "$dir/summary.csv" ] || die "$dir/summary.csv: empty file (an empty run?)"
	awk -f "$here/json.awk" "$dir/meta.json" >"$flat" || exit 2
	run_id=$(metaval run_id)
	[ -n "$run_id" ] || run_id=$(basename "$dir")
	virt=$(metaval virtualization.type)
	[ -n "$virt" ] || virt=$(metaval virtualization)
	thp=$(metaval thp.enabled)
	[ -n "$thp" ] || thp=$(metaval thp)
	FB_HOST=$(metaval hostname)
	FB_KERNEL=$(metaval kernel.release)
	FB_CPU_MODEL=$(metaval cpu.model)
	export FB_RUN_ID="$run_id" FB_HOST FB_KERNEL FB_CPU_MODEL FB_VIRT="$virt" FB_THP="$thp"
	export FB_COLUMNS="$SUMMARY_COLUMNS"
	src=$(with_config "$dir/summary.csv" "$labelled") || exit 2
	FB_FILE=$dir/summary.csv FB_NEED_ROWS=1 awk "$rows_prog" "$src" >>"$tmp" || exit 2
	# hyperfine's rows share summary.csv's columns (scripts/hyperfine.sh): they sit beside the
	# harness's own exec figures.
	if [ -f "$dir/hyperfine.csv" ]; then
		src=$(with_config "$dir/hyperfine.csv" "$labelled") || exit 2
		FB_FILE=$dir/hyperfine.csv FB_NEED_ROWS=0 awk "$rows_prog" "$src" >>"$tmp" || exit 2
	fi
done

if [ -n "$out" ]; then
	# Same directory as the target, so the rename is atomic.
	final=$(mktemp "$out.XXXXXX") || die "$out: cannot write there"
	# shellcheck disable=SC2015 # on purpose: the clean-up runs if any of the steps fails
	cat "$tmp" >"$final" && chmod a+r "$final" && give_to_invoker "$final" &&
		mv -f "$final" "$out" || { rm -f "$final"; die "$out: cannot write"; }
else
	cat "$tmp"
fi
