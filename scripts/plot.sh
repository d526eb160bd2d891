#!/bin/sh
# plot.sh RUN_DIR: draws the run's charts into RUN_DIR/plots/ as PNG and SVG with plots/*.gp.
# Each chart is one function that runs only when the run has its rows; awk here only selects,
# sorts and converts ns to µs into .dat files, gnuplot only draws. Charts of benches that have
# not landed yet (cow, footprint, sweep, throughput) are not drawn; add a function per chart.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
gp_dir=$(cd "$here/../plots" && pwd)
prog=plot.sh

die() {
	echo "$prog: $*" >&2
	exit 2
}

[ $# -eq 1 ] || { echo "usage: $prog RUN_DIR" >&2; exit 2; }
run_dir=${1%/}
command -v gnuplot >/dev/null 2>&1 ||
	die "gnuplot: not installed (Debian: apt-get install gnuplot-nox; or make deps)"

work=$(mktemp -d "${TMPDIR:-/tmp}/plot.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Validates the run as aggregate does (one error line naming the file, exit 2).
sh "$here/aggregate.sh" "$run_dir" >"$work/all.csv" || exit 2
awk -f "$here/json.awk" "$run_dir/meta.json" >"$work/meta" || exit 2
metaval() {
	awk -F '\t' -v k="$1" '$1 == k { print substr($0, length(k) + 2); exit }' "$work/meta"
}
started=$(metaval started_utc)
title="forkbench — $(metaval hostname) — Linux $(metaval kernel.release) — ${started%%T*}"

# Charts are written next to each other in a scratch directory and moved in at the end, so a
# failed run leaves the previous charts, not half of a new set.
mkdir -p "$work/out"

# select MODE ARGS...: the .dat files of one chart from all.csv; prints "rows lmargin logs"
# (row count, left margin as a fraction of the width, one log-scale flag per metric).
select_rows() {
	mode=$1
	shift
	awk -v mode="$mode" -v dir="$work" -v metrics="$*" "$(cat "$here/csv.awk")"'
	function us(v) { return v == "" ? "?" : sprintf("%.3f", v / 1000) }
	function label(    s, v) {
		s = f[c["method"]]
		if (f[c["exec"]] != "" && f[c["method"]] != "hyperfine")
			s = s " (" f[c["exec"]] ")"
		if (f[c["rss_bytes"]] > 0)
			s = s " rss=" f[c["rss_bytes"]] "B"
		if (f[c["threads"]] > 0)
			s = s " threads=" f[c["threads"]]
		if (f[c["fds"]] > 0)
			s = s " fds=" f[c["fds"]]
		if (f[c["vmas"]] > 0)
			s = s " vmas=" f[c["vmas"]]
		if (f[c["variant"]] != "")
			s = s " " f[c["variant"]]
		gsub(/"/, "", s)
		return s
	}
	function main_method(m) {
		return m ~ /^(fork|vfork|clone-vm-vfork|posix_spawn|pthread|fork\+exec)$/
	}
	NR == 1 {
		for (i = csv_split($0, h); i > 0; i--)
			c[h[i]] = i
		nm = split(metrics, met, " ")
		for (i = 1; i <= nm; i++)
			want[met[i]] = i
		next
	}
	{
		csv_split($0, f)
		bench = f[c["bench"]]
		cpu = f[c["cpu"]]
		m = f[c["metric"]]
		if (mode == "exec" && bench == "command") {
			lab = "hyperfine: " f[c["exec"]]
			m = "total_ns"     # wall time of the whole command: compared with total
			src[lab] = "hyperfine"
		} else if (bench != "latency" || !(m in want)) {
			next
		} else if (mode == "exec") {
			if (f[c["exec"]] == "")
				next
			lab = "forkbench: " label()
			src[lab] = "harness"
		} else {
			lab = label()
		}
		if (mode == "distribution" && !main_method(f[c["method"]]))
			next
		if (!(m in want))
			next
		if (!(lab in seen)) {
			seen[lab] = 1
			labs[++nl] = lab
		}
		k = lab SUBSEP cpu SUBSEP m
		if (k in med)
			next       # the same label twice (keys we do not show): keep the first
		cpus[cpu] = 1
		has[lab, cpu] = 1
		med[k] = f[c["median"]]
		lo[k] = f[c["ci95_low"]]
		hi[k] = f[c["ci95_high"]]
		p5[k] = f[c["p5"]]
		p25[k] = f[c["p25"]]
		p75[k] = f[c["p75"]]
		p95[k] = f[c["p95"]]
		p99[k] = f[c["p99"]]
		mx[k] = f[c["max"]]
	}
	function sortkey(lab, cpu,    i, k) {  # the total median, else the first metric present
		for (i = nm; i >= 1; i--) {
			k = lab SUBSEP cpu SUBSEP met[i]
			if (k in med && med[k] != "")
				return med[k] + 0
		}
		return 1e300
	}
	END {
		# The unpinned rows where the run has them; pinned ones go to the placement chart.
		sel = ("" in cpus) ? "" : "any"
		n = 0
		for (i = 1; i <= nl; i++) {
			lab = labs[i]
			if (mode == "placement") {
				pin = ""
				for (cp in cpus)
					if (cp != "" && (lab, cp) in has) { pin = cp; break }
				if (!((lab, "") in has) || pin == "")
					continue
				pinned[lab] = pin
				cpu = ""
			} else if (sel == "") {
				if (!((lab, "") in has))
					continue
				cpu = ""
			} else {
				for (cp in cpus)
					if ((lab, cp) in has) { cpu = cp; break }
			}
			n++
			row[n] = lab
			rcpu[n] = cpu
			key[n] = sortkey(lab, cpu)
		}
		for (i = 2; i <= n; i++)  # insertion sort by median: tens of rows
			for (j = i; j > 1 && key[j - 1] > key[j]; j--) {
				t = row[j]; row[j] = row[j - 1]; row[j - 1] = t
				t = rcpu[j]; rcpu[j] = rcpu[j - 1]; rcpu[j - 1] = t
				t = key[j]; key[j] = key[j - 1]; key[j - 1] = t
			}
		maxlen = 10
		logs = ""
		for (i = 1; i <= nm; i++) {
			mt = met[i]
			out = dir "/" mode "-" mt ".dat"
			vmin = 1e300
			vmax = 0
			for (r = 1; r <= n; r++) {
				lab = row[r]
				cpu = rcpu[r]
				if (length(lab) > maxlen)
					maxlen = length(lab)
				k = lab SUBSEP cpu SUBSEP mt
				line = (r - 1) " \"" (cpu != "" && sel != "" ? lab " [cpu " cpu "]" : lab) "\""
				if (mode == "distribution")
					line = line " " us(p5[k]) " " us(p25[k]) " " us(med[k]) " " us(p75[k]) \
					       " " us(p95[k]) " " us(p99[k]) " " us(mx[k])
				else
					line = line " " us(med[k]) " " us(lo[k]) " " us(hi[k]) " " us(p5[k]) \
					       " " us(p95[k])
				if (mode == "placement") {
					k = lab SUBSEP pinned[lab] SUBSEP mt
					line = line " " us(med[k]) " " us(lo[k]) " " us(hi[k]) " " us(p5[k]) \
					       " " us(p95[k])
				}
				if (mode == "exec")
					line = line " " (src[lab] == "hyperfine")
				print line > out
				# The span decides the log scale: p5 to p95, to max for the tails chart.
				if (p5[k] != "" && p5[k] + 0 > 0 && p5[k] + 0 < vmin) vmin = p5[k] + 0
				if (mode == "distribution" && mx[k] + 0 > vmax) vmax = mx[k] + 0
				if (mode != "distribution" && p95[k] + 0 > vmax) vmax = p95[k] + 0
				k = lab SUBSEP cpu SUBSEP mt
				if (p5[k] != "" && p5[k] + 0 > 0 && p5[k] + 0 < vmin) vmin = p5[k] + 0
				if (p95[k] + 0 > vmax) vmax = p95[k] + 0
			}
			close(out)
			logs = logs (i > 1 ? " " : "") (vmin < 1e300 && vmax / vmin > 100 ? 1 : 0)
		}
		# Left margin: room for the longest label at about 7 px a character on 1500 px.
		lm = (maxlen * 7 + 30) / 1500
		if (lm < 0.1) lm = 0.1
		if (lm > 0.4) lm = 0.4
		printf "%d %.3f %s\n", n, lm, logs
	}' "$work/all.csv"
}

# draw GP_NAME OUT_NAME HEIGHT "gnuplot -e assignments": both formats of one chart.
draw() {
	for fmt in png svg; do
		gnuplot -e "dir='$gp_dir'; dir_data='$work'; fmt='$fmt'; out='$work/out/$2.$fmt'; width=1500; height=$3; title='$(echo "$title" | sed "s/'/''/g")'; $4" \
			"$gp_dir/$1.gp" || die "gnuplot failed on plots/$1.gp for $2.$fmt"
	done
}

# The metrics present among call/start/total, in that order, and their panel titles.
latency_metrics() {
	awk -v want="$1" -F, 'NR > 1 && $0 ~ /,latency,/ { for (i = 1; i <= NF; i++) seen[$i] = 1 }
		END { n = split(want, w, " "); s = ""
		      for (i = 1; i <= n; i++) if (w[i] in seen) s = s (s == "" ? "" : " ") w[i]
		      print s }' "$work/all.csv"
}

chart_height() {
	echo $((190 + 26 * $1))
}

# panels MODE GP OUT METRICS...: selects the rows of one chart and draws it, if it has any.
# The legend and title sit in bands of fixed pixels, whatever the chart's height.
panels() {
	mode=$1 gp=$2 name=$3
	shift 3
	[ $# -gt 0 ] || return 0
	metrics=$*
	set -- $(select_rows "$mode" $metrics)
	[ "$1" -gt 0 ] || return 0
	rows=$1 lm=$2
	shift 2
	h=$(chart_height "$rows")
	geometry=$(awk -v h="$h" 'BEGIN { printf "bmargin_frac=%.3f; tmargin_frac=%.3f", 110 / h, 1 - 80 / h }')
	draw "$gp" "$name" "$h" "metrics='$metrics'; logs='$*'; rows=$rows; lmargin_frac=$lm; $geometry"
}

# (a) latency by method, (b) tails of the main methods, (c) pinned vs unpinned.
chart_latency() {
	panels latency latency latency-by-method $(latency_metrics "call_ns start_ns total_ns")
}

chart_distribution() {
	panels distribution distribution latency-distribution $(latency_metrics "start_ns total_ns")
}

chart_placement() {
	panels placement placement latency-placement $(latency_metrics "call_ns start_ns total_ns")
}

# (d) hyperfine's whole-command times beside the harness's exec figures.
chart_exec() {
	grep -q '^\([^,]*,\)\{6\}command,hyperfine,' "$work/all.csv" || return 0
	panels exec exec exec-crosscheck total_ns
}

chart_latency
chart_distribution
chart_placement
chart_exec

mkdir -p "$run_dir/plots"
for f in "$work"/out/*; do
	[ -e "$f" ] || continue
	mv -f "$f" "$run_dir/plots/"
done
ls "$run_dir/plots" | sed "s|^|$prog: wrote $run_dir/plots/|" >&2
