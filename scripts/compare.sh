#!/bin/sh
# compare.sh [-o DIR] [--alpha P] [--threshold PCT] [--ci bootstrap|hl] [--ignore KEYS]
# RUN_A RUN_B [RUN_C...]: `forkbench compare` of the runs written as a directory (default
# results/compare-<runidA>-vs-<runidB>/): compare.csv, compare.md (metadata diff, the table, the
# charts) and, as PNG and SVG, a forest plot per bench and metric plus latency-vs-RSS curves when
# the runs hold rss sweeps. The statistics are forkbench's; awk only selects and reshapes.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
gp_dir=$(cd "$here/../plots" && pwd)
prog=compare.sh
# shellcheck source=scripts/lib/owner.sh
. "$here/lib/owner.sh"
# shellcheck source=scripts/lib/config.sh
. "$here/lib/config.sh" # sets fb, the forkbench binary

die() {
	echo "$prog: $*" >&2
	exit 2
}

usage_text="usage: $prog [-o DIR] [--alpha P] [--threshold PCT] [--ci bootstrap|hl] [--seed N]
       [--ignore KEY,...] RUN_A RUN_B [RUN_C...]"
usage() {
	echo "$usage_text" | head -n 1 >&2
	exit 2
}

out_dir=
opts=
pending=
# Options may come before or after the runs; the runs are rotated back into "$@".
for arg do
	shift
	if [ -n "$pending" ]; then
		case $pending in
		-o) out_dir=$arg ;;
		*) opts="$opts $pending $arg" ;;
		esac
		pending=
		continue
	fi
	case $arg in
	-o | --alpha | --threshold | --ci | --seed | --ignore) pending=$arg ;;
	-h | --help) echo "$usage_text"; exit 0 ;;
	-*) die "unknown option '$arg' (accepted: -o, --alpha, --threshold, --ci, --seed, --ignore)" ;;
	*) set -- "$@" "$arg" ;;
	esac
done
[ -z "$pending" ] || die "$pending: expects a value"
[ $# -ge 2 ] || usage
[ -x "$fb" ] || die "$fb: not built (run make)"
command -v gnuplot >/dev/null 2>&1 ||
	die "gnuplot: not installed (Debian: apt-get install gnuplot-nox; or make deps)"

work=$(mktemp -d "${TMPDIR:-/tmp}/compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir "$work/out"

# forkbench validates the runs (one line, exit 2); its notes on stderr (metadata that differs)
# are repeated in compare.md, so they are kept out of the terminal on success. Its warning (too
# few repetitions for a trustworthy p-value) is not: the user has to see it.
# shellcheck disable=SC2086 # opts is words we checked above
if ! "$fb" compare "$@" $opts --csv >"$work/out/compare.csv" 2>"$work/err"; then
	grep -v '^forkbench compare: meta ' "$work/err" >&2 || cat "$work/err" >&2
	exit 2
fi
grep '^forkbench compare: warning: ' "$work/err" >&2 || true
# shellcheck disable=SC2086
"$fb" compare "$@" $opts --markdown >"$work/table.md" 2>/dev/null || die "forkbench compare --markdown failed"

# Who the runs are: run id, host and kernel of each, in the order given.
i=0
runs_tsv=$work/runs.tsv
: >"$runs_tsv"
for run in "$@"; do
	i=$((i + 1))
	awk -f "$here/json.awk" "${run%/}/meta.json" >"$work/meta" || exit 2
	awk -F '\t' -v n="$i" -v dir="$run" '
		{ v[$1] = substr($0, length($1) + 2) }
		END { printf "%s\t%s\t%s\t%s\t%s\n", n, v["run_id"], v["hostname"], v["kernel.release"], dir }' \
		"$work/meta" >>"$runs_tsv"
done
run_field() { # run_field N COLUMN
	awk -F '\t' -v n="$1" -v c="$2" '$1 == n { print $c }' "$runs_tsv"
}
letter() {
	echo "$1" | awk '{ printf "%c", 64 + $1 }'
}

if [ -z "$out_dir" ]; then
	id_list=$(awk -F '\t' '{ s = s (NR > 1 ? "-vs-" : "") $2 } END { print s }' "$runs_tsv")
	out_dir=results/compare-$id_list
fi
out_dir=${out_dir%/}

title="forkbench compare — $(awk -F '\t' '{ s = s (NR > 1 ? " vs " : "") $3 " Linux " $4 }
	END { print s }' "$runs_tsv")"
gp_title=$(printf '%s' "$title" | sed "s/'/''/g")

# draw GP OUT_NAME HEIGHT "gnuplot -e assignments": both formats of one chart.
draw() {
	for fmt in png svg; do
		set_vars="dir='$gp_dir'; fmt='$fmt'; out='$work/out/$2.$fmt'; width=1500"
		# A series with nothing to draw (no significant row) is expected: not worth a warning.
		gnuplot -e "$set_vars; height=$3; title='$gp_title'; $4" "$gp_dir/$1.gp" \
			2>"$work/gnuplot.err" ||
			{ cat "$work/gnuplot.err" >&2; die "gnuplot failed on plots/$1.gp for $2.$fmt"; }
		grep -v 'Skipping data file with no valid points' "$work/gnuplot.err" >&2 || true
	done
}

# ---- forest plots: forest-N.dat per bench and metric, listed in forest.list ----
# A .dat line: y "" change ci_low ci_high significant run_index geomean (run 2 is the first
# compared run; geomean lines have no CI); forest-N.lab: y "label", one line per row.
awk -v dir="$work" -v runs="$(cut -f2 "$runs_tsv" | tr '\n' ' ')" "$(cat "$here/csv.awk")"'
function label(    s) {  # the config column of compare.csv: the label forkbench gave the pair
	s = f[c["config"]]
	gsub(/["\047]/, "", s)
	return s
}
function num(v) { return v == "" || v ~ /nan/ ? "?" : sprintf("%.4f", v) }
NR == 1 {
	for (i = csv_split($0, h); i > 0; i--)
		c[h[i]] = i
	nr = split(runs, rid, " ")
	for (i = 2; i <= nr; i++)
		ri[rid[i]] = i
	next
}
{
	if (csv_split($0, f) < 0)
		next
	kind = f[c["kind"]]
	if (kind != "pair" && kind != "geomean")
		next
	if (f[c["change_pct"]] == "" || f[c["change_pct"]] ~ /nan/)
		next
	g = f[c["bench"]] SUBSEP f[c["metric"]]
	if (!(g in gi)) {
		gi[g] = ++ng
		gname[ng] = f[c["bench"]] "-" f[c["metric"]]
		gbench[ng] = f[c["bench"]]
		gmetric[ng] = f[c["metric"]]
	}
	n = gi[g]
	lab = kind == "geomean" ? "geomean" : label()
	if (!((n, lab) in row)) {
		row[n, lab] = nrows[n]++
		rlab[n, row[n, lab]] = lab
	}
	k = ++np[n]
	pr[n, k] = row[n, lab]
	pc[n, k] = num(f[c["change_pct"]])
	pl[n, k] = num(f[c["change_ci95_low_pct"]])
	ph[n, k] = num(f[c["change_ci95_high_pct"]])
	ps[n, k] = f[c["significant"]] == "true"
	# The lowest coverage any interval of the chart achieves (Hodges-Lehmann at 3 vs 3: 0.9)
	lv = f[c["change_ci_level"]]
	if (lv != "" && lv !~ /nan/ && (!(n in glev) || lv + 0 < glev[n]))
		glev[n] = lv + 0
	pg[n, k] = kind == "geomean"
	pi[n, k] = (f[c["run"]] in ri) ? ri[f[c["run"]]] : 2
}
END {
	ncmp = nr - 1
	for (n = 1; n <= ng; n++) {
		# geomean rows go last, whatever the order they came in
		gy = -1
		for (r = 0; r < nrows[n]; r++)
			if (rlab[n, r] == "geomean") gy = r
		out = dir "/forest-" n ".dat"
		maxlen = 10
		xmin = 0
		xmax = 0
		for (r = 0; r < nrows[n]; r++) {
			y = r == gy ? nrows[n] - 1 : (gy >= 0 && r > gy ? r - 1 : r)
			ry[r] = y
			if (length(rlab[n, r]) > maxlen) maxlen = length(rlab[n, r])
			printf "%d \"%s\"\n", y, rlab[n, r] > (dir "/forest-" n ".lab")
		}
		for (k = 1; k <= np[n]; k++) {
			y = ry[pr[n, k]] + (ncmp > 1 ? (pi[n, k] - 2 - (ncmp - 1) / 2) * 0.7 / ncmp : 0)
			printf "%.3f \"\" %s %s %s %d %d %d\n", y, pc[n, k], pl[n, k], ph[n, k], ps[n, k], \
			       pi[n, k], pg[n, k] > out
			for (v = 0; v < 3; v++) {
				x = v == 0 ? pc[n, k] : (v == 1 ? pl[n, k] : ph[n, k])
				if (x == "?") continue
				if (x + 0 < xmin) xmin = x + 0
				if (x + 0 > xmax) xmax = x + 0
			}
		}
		close(out)
		close(dir "/forest-" n ".lab")
		pad = (xmax - xmin) * 0.08 + 1
		name = gname[n]
		gsub(/[^A-Za-z0-9_.-]/, "_", name)
		if (name in used) name = name "-" n
		used[name] = 1
		lm = (maxlen * 7 + 30) / 1500
		if (lm < 0.1) lm = 0.1
		if (lm > 0.45) lm = 0.45
		# "95% CI", or "90-95% CI" when some interval covers less than the 95% asked for
		ci = (n in glev) && glev[n] < 0.95 - 1e-9 ? \
			sprintf("%d-95%% CI", int(glev[n] * 100 + 1e-6)) : "95% CI"
		printf "%d\t%s\t%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%s\n", n, name, gbench[n], \
		       gmetric[n], nrows[n], lm, xmin - pad, xmax + pad, ci
	}
}' "$work/out/compare.csv" >"$work/forest.list" || die "could not read the comparison"

ncmp=$(($# - 1))
keys=
i=2
while [ "$i" -le "$#" ]; do
	keys="$keys$(letter "$i"): $(run_field "$i" 3) $(run_field "$i" 4)|"
	i=$((i + 1))
done
keys=$(printf '%s' "$keys" | sed "s/'/''/g")
base_name="A: $(run_field 1 3) $(run_field 1 4)"
base_name=$(printf '%s' "$base_name" | sed "s/'/''/g")

while IFS='	' read -r n name bench metric rows lm xmin xmax ci; do
	h=$((170 + 26 * rows))
	[ "$h" -ge 300 ] || h=300
	geometry=$(awk -v h="$h" \
		'BEGIN { printf "bmargin_frac=%.3f; tmargin_frac=%.3f", 100 / h, 1 - 80 / h }')
	files="data='$work/forest-$n.dat'; labels='$work/forest-$n.lab'"
	what="bench='$bench'; metric='$metric'; rows=$rows; ncmp=$ncmp"
	look="keys='$keys'; base_name='$base_name'; lmargin_frac=$lm; xmin=$xmin; xmax=$xmax"
	look="$look; ci='$ci'"
	draw compare "forest-$name" "$h" "chart='forest'; $files; $what; $look; $geometry"
	printf 'forest-%s\t%s %s: change against A (median, %s)\n' "$name" "$bench" "$metric" \
		"$ci" \
		>>"$work/charts"
done <"$work/forest.list"

# ---- latency against parent RSS: rss sweeps of the runs, one panel per method ----
# rss-P-R.dat: rss_mib median_us ci_low_us ci_high_us of panel P and run R, sorted by RSS; the
# zero point sits at a quarter of the smallest size, where the chart labels it "0".
if sh "$here/aggregate.sh" "$@" >"$work/rows.csv" 2>"$work/err" &&
	with_series "$work/rows.csv" "$work/all.csv" 2>>"$work/err"; then
	awk -v dir="$work" -v runs="$(cut -f2 "$runs_tsv" | tr '\n' ' ')" "$(cat "$here/csv.awk")"'
	NR == 1 {
		for (i = csv_split($0, h); i > 0; i--)
			c[h[i]] = i
		nr = split(runs, rid, " ")
		for (i = 1; i <= nr; i++)
			ri[rid[i]] = i
		next
	}
	{
		if (csv_split($0, f) < 0 || f[c["bench"]] != "sweep" || f[c["variant"]] !~ /^param=rss(;|$)/)
			next
		m = f[c["metric"]]
		if (m != "call_ns" && m != "start_ns" && m != "total_ns")
			next
		p = f[c["series"]]  # the config of the line: its key without the RSS
		gsub(/["\047]/, "", p)
		r = ri[f[c["run_id"]]]
		if (r == "")
			next
		if (!(p in pi)) {
			pi[p] = ++np
			pname[np] = p
		}
		have[m] = 1
		k = ++nk
		kp[k] = pi[p]; kr[k] = r; km[k] = m
		kx[k] = f[c["rss_bytes"]] / 1048576
		kv[k] = f[c["median"]] / 1000
		klv[k] = ("ci_level" in c) ? f[c["ci_level"]] : ""
		kl[k] = f[c["ci95_low"]] / 1000
		kh[k] = f[c["ci95_high"]] / 1000
	}
	END {
		if (np == 0)
			exit
		m = ("total_ns" in have) ? "total_ns" : (("start_ns" in have) ? "start_ns" : "call_ns")
		xpos = 1e300
		for (k = 1; k <= nk; k++)
			if (km[k] == m && kx[k] > 0 && kx[k] < xpos) xpos = kx[k]
		xzero = xpos < 1e300 ? xpos / 4 : 1
		for (k = 1; k <= nk; k++) {
			if (km[k] != m) continue
			# The bars levels (DESIGN §5): the lowest and highest ci_level drawn.
			if (klv[k] != "") {
				lv = klv[k] + 0
				if (!nlv++ || lv < lv_min) lv_min = lv
				if (nlv == 1 || lv > lv_max) lv_max = lv
			}
			out = dir "/rss-" kp[k] "-" kr[k] ".dat"
			line[out, ++nl[out]] = sprintf("%.6f %.4f %.4f %.4f", kx[k] > 0 ? kx[k] : xzero, \
						       kv[k], kl[k], kh[k])
			x[out, nl[out]] = kx[k]
		}
		for (o in nl) {
			for (i = 2; i <= nl[o]; i++)  # insertion sort by size: a handful of points
				for (j = i; j > 1 && x[o, j - 1] > x[o, j]; j--) {
					t = line[o, j]; line[o, j] = line[o, j - 1]; line[o, j - 1] = t
					t = x[o, j]; x[o, j] = x[o, j - 1]; x[o, j - 1] = t
				}
			for (i = 1; i <= nl[o]; i++)
				print line[o, i] > o
			close(o)
		}
		# Every panel gets a file per run, empty where the run lacks that method.
		for (p = 1; p <= np; p++)
			for (r = 1; r <= nr; r++) {
				o = dir "/rss-" p "-" r ".dat"
				if (!(o in nl)) {
					printf "" > o
					close(o)
				}
			}
		s = ""
		for (p = 1; p <= np; p++)
			s = s (p > 1 ? "|" : "") pname[p]
		ci = !nlv ? "CI" : lv_min == lv_max ? sprintf("%.4g%% CI", lv_min * 100) \
			: sprintf("CI at %.4g%% to %.4g%%", lv_min * 100, lv_max * 100)
		printf "%d\t%s\t%s\t%.6f\t%s\n", np, m, s, xzero, ci
	}' "$work/all.csv" >"$work/rss.list" || die "could not read the runs' sweep rows"
	if [ -s "$work/rss.list" ]; then
		IFS='	' read -r npanels metric panels xzero rss_ci <"$work/rss.list"
		run_keys=
		i=1
		while [ "$i" -le "$#" ]; do
			run_keys="$run_keys$(letter "$i"): $(run_field "$i" 3) $(run_field "$i" 4)|"
			i=$((i + 1))
		done
		run_keys=$(printf '%s' "$run_keys" | sed "s/'/''/g")
		cols=$npanels
		[ "$cols" -le 3 ] || cols=3
		prow=$(((npanels + cols - 1) / cols))
		h=$((200 + 420 * prow))
		what="data='$work'; metric='$metric'; panels='$panels'; npanels=$npanels; nruns=$#"
		look="keys='$run_keys'; xzero=$xzero; cols=$cols; prow=$prow; rss_ci='$rss_ci'"
		draw compare rss-latency "$h" "chart='rss'; $what; $look; bmargin_px=90; tmargin_px=70"
		printf 'rss-latency\tlatency (%s) against the parent'"'"'s RSS, per method, runs side by side\n' \
			"$metric" >>"$work/charts"
	fi
fi

# ---- compare.md: who, the table of forkbench compare --markdown, then the charts ----
{
	echo "# $title"
	echo
	awk -F '\t' '{ printf "- %c: %s, Linux %s\n", 64 + $1, $3, $4 }' "$runs_tsv"
	echo
	echo "Made by \`scripts/compare.sh\`; every figure comes from \`forkbench compare\`" \
		"([compare.csv](compare.csv)). \`~\`: not significant (Mann-Whitney U at alpha, or under" \
		"the noise threshold). The test's unit is the repetition median where both runs have" \
		"3 or more repetitions and enough for the test to reach alpha (3 vs 3 cannot go" \
		"below p = 0.100); a p-value marked *within-run only* comes from the samples of" \
		"one process per run and is blind to run-to-run variance. Check the metadata" \
		"differences before reading a change as a regression."
	echo
	sed 's/^## /## Table: /' "$work/table.md"
	if [ -s "$work/charts" ]; then
		echo
		echo "## Charts"
		echo
		echo "Forest plots: each row is the change of a configuration's median against run A, with" \
			"its 95% CI (or the level it achieves, where lower); filled and highlighted" \
			"rows are significant, the diamond is the geometric" \
			"mean of the ratios. Click a chart for the SVG."
		while IFS='	' read -r name caption; do
			echo
			echo "### $caption"
			echo
			echo "[![$caption]($name.png)]($name.svg)"
		done <"$work/charts"
	fi
} >"$work/out/compare.md"

# Everything lands at once, replacing what an earlier comparison wrote here (and only that).
mkdir_for_invoker "$out_dir"
rm -f "$out_dir"/compare.csv "$out_dir"/compare.md "$out_dir"/forest-*.png "$out_dir"/forest-*.svg \
	"$out_dir"/rss-latency.png "$out_dir"/rss-latency.svg
for f in "$work"/out/*; do
	give_to_invoker "$f"
	mv -f "$f" "$out_dir/"
done
n=0
for f in "$out_dir"/*.png; do
	[ -e "$f" ] && n=$((n + 1))
done
echo "$prog: wrote $out_dir/compare.md, compare.csv and $n charts" >&2
