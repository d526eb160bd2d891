#!/bin/sh
# plot.sh RUN_DIR: draws the run's charts into RUN_DIR/plots/ as PNG and SVG with plots/*.gp.
# Each chart is one function that runs only when the run has its rows; awk here only selects,
# sorts and converts ns to µs into .dat files, gnuplot only draws. A bench the run lacks draws
# nothing; a new chart is one more function, called at the end.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
gp_dir=$(cd "$here/../plots" && pwd)
prog=plot.sh
# shellcheck source=scripts/lib/owner.sh
. "$here/lib/owner.sh"

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

# Validates the run as aggregate does (one error line naming the file, exit 2); its rows have
# the config column, old runs' too (aggregate adds it with forkbench label).
sh "$here/aggregate.sh" "$run_dir" >"$work/rows.csv" || exit 2
# shellcheck source=scripts/lib/config.sh
. "$here/lib/config.sh"
# Every label on a chart is a config or a series (a line through points), none is built here.
with_series "$work/rows.csv" "$work/all.csv" || exit 2
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
	function config(    s) {  # a .dat file quotes it: no quote inside
		s = f[c["config"]]
		gsub(/"/, "", s)
		return s
	}
	# A configuration but its placement: a pinned row and the unpinned one pair on it.
	function unplaced(    s, i) {
		s = ""
		for (i = 1; i <= nkey; i++)
			if (kcol[i] != "cpu")
				s = s SUBSEP f[c[kcol[i]]]
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
		nkey = split("bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant", kcol, ",")
		next
	}
	{
		csv_split($0, f)
		bench = f[c["bench"]]
		cpu = f[c["cpu"]]
		m = f[c["metric"]]
		# lab: the configuration without its placement; name: what the chart calls it.
		lab = unplaced()
		if (mode == "exec" && bench == "command") {
			name[lab, cpu] = config()  # hyperfine names itself: its method
			m = "total_ns"     # wall time of the whole command: compared with total
			src[lab] = "hyperfine"
		} else if (bench != "latency" || !(m in want)) {
			next
		} else if (mode == "exec") {
			if (f[c["exec"]] == "")
				next
			name[lab, cpu] = "forkbench: " config()
			src[lab] = "harness"
		} else {
			name[lab, cpu] = config()
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
			next       # a second row of one configuration and metric: keep the first
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
		# The unpinned rows where the run has them; pinned ones go to the placement chart, named
		# by their unpinned row.
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
				if (length(name[lab, cpu]) > maxlen)
					maxlen = length(name[lab, cpu])
				k = lab SUBSEP cpu SUBSEP mt
				line = (r - 1) " \"" name[lab, cpu] "\""
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
		# Left margin: room for the longest label at 8 px a character on 1500 px (7 clipped
		# "hyperfine build/child-dynamic warmup=5").
		lm = (maxlen * 8 + 30) / 1500
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

# ci_label BENCHES METRICS: the legend text for the CI boxes or bars of a chart drawing those
# benches' metrics (alternations of exact names), from the rows' ci_level (DESIGN §5): the level
# when all agree, the range when they differ (each row is at its own level; [min, max] of 5
# repetition medians is 93.75%, 6 samples 96.88%), plain "CI of the median" for runs written
# before ci_level. Single values have no interval and are said to have none.
ci_label() {
	awk -v benches="$1" -v metrics="$2" "$(cat "$here/csv.awk")"'
	function pct(x) { return sprintf("%.4g%%", x * 100) }
	NR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
	{
		csv_split($0, f)
		if (f[c["bench"]] !~ "^(" benches ")$" || f[c["metric"]] !~ "^(" metrics ")$")
			next
		if (!("ci_level" in c) || f[c["ci_level"]] == "" && f[c["ci95_low"]] != "")
			next   # an older run: the level is not in the file
		if (f[c["ci_level"]] == "") {
			single++
			next
		}
		l = f[c["ci_level"]] + 0
		if (!k++ || l < lo) lo = l
		if (k == 1 || l > hi) hi = l
	}
	END {
		if (!k)
			s = "CI of the median"
		else if (lo == hi)
			s = "CI of the median, " pct(lo)
		else
			s = "CI of the median, " pct(lo) " to " pct(hi) " (each row at its ci_level)"
		if (single)
			s = s "; none for a single value"
		print s
	}' "$work/all.csv"
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
	# shellcheck disable=SC2046,SC2086 # counts and metric names, plain words split on purpose
	set -- $(select_rows "$mode" $metrics)
	[ "$1" -gt 0 ] || return 0
	rows=$1 lm=$2
	shift 2
	h=$(chart_height "$rows")
	geometry=$(awk -v h="$h" 'BEGIN { printf "bmargin_frac=%.3f; tmargin_frac=%.3f", 110 / h, 1 - 80 / h }')
	benches=latency
	[ "$mode" != exec ] || benches='latency|command'
	ci=$(ci_label "$benches" "$(echo "$metrics" | tr ' ' '|')|wall_ns")
	draw "$gp" "$name" "$h" "metrics='$metrics'; logs='$*'; rows=$rows; lmargin_frac=$lm; ci_label='$ci'; $geometry"
}

# (a) latency by method, (b) tails of the main methods, (c) pinned vs unpinned.
chart_latency() {
	# shellcheck disable=SC2046 # metric names, one argument each
	panels latency latency latency-by-method $(latency_metrics "call_ns start_ns total_ns")
}

chart_distribution() {
	# shellcheck disable=SC2046 # metric names, one argument each
	panels distribution distribution latency-distribution $(latency_metrics "start_ns total_ns")
}

chart_placement() {
	# shellcheck disable=SC2046 # metric names, one argument each
	panels placement placement latency-placement $(latency_metrics "call_ns start_ns total_ns")
}

# (d) hyperfine's whole-command times beside the harness's exec figures.
chart_exec() {
	grep -q '^\([^,]*,\)\{6\}command,hyperfine,' "$work/all.csv" || return 0
	panels exec exec exec-crosscheck total_ns
}

# (e) footprint per method: the child's own memory and the kernel's cost per live child.
# One row per configuration (method, exec target, parent shape), sorted by the kernel total.
chart_footprint() {
	grep -q '^\([^,]*,\)\{6\}footprint,' "$work/all.csv" || return 0
	# shellcheck disable=SC2046 # awk prints counts: one argument each
	set -- $(awk -v out="$work/footprint.dat" "$(cat "$here/csv.awk")"'
	function kib(v) { return v == "" ? "?" : sprintf("%.1f", v / 1024) }
	NR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
	{
		csv_split($0, f)
		if (f[c["bench"]] != "footprint")
			next
		lab = f[c["config"]]
		gsub(/"/, "", lab)
		if (!(lab in seen)) { seen[lab] = 1; labs[++n] = lab }
		v[lab, f[c["metric"]]] = f[c["median"]]
		if (f[c["metric"]] == "kernel_total_bytes") {
			lo[lab] = f[c["ci95_low"]]
			hi[lab] = f[c["ci95_high"]]
		}
	}
	END {
		for (i = 1; i <= n; i++)
			key[i] = ((labs[i], "kernel_total_bytes") in v) ? v[labs[i], "kernel_total_bytes"] + 0 : 1e300
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && key[j - 1] > key[j]; j--) {
				t = labs[j]; labs[j] = labs[j - 1]; labs[j - 1] = t
				t = key[j]; key[j] = key[j - 1]; key[j - 1] = t
			}
		maxlen = 10
		for (i = 1; i <= n; i++) {
			l = labs[i]
			if (length(l) > maxlen) maxlen = length(l)
			print (i - 1), "\"" l "\"", kib(v[l, "pss_bytes"]), kib(v[l, "private_bytes"]),
			      kib(v[l, "pagetable_bytes"]), kib(v[l, "kernel_total_bytes"]), kib(lo[l]),
			      kib(hi[l]), kib(v[l, "kernel_stack_bytes"]),
			      kib(v[l, "kernel_pagetables_bytes"]), kib(v[l, "kernel_sunreclaim_bytes"]) > out
		}
		lm = (maxlen * 8 + 30) / 1500
		printf "%d %.3f\n", n, (lm < 0.1 ? 0.1 : lm > 0.4 ? 0.4 : lm)
	}' "$work/all.csv")
	[ "$1" -gt 0 ] || return 0
	h=$(chart_height "$1")
	geometry=$(awk -v h="$h" 'BEGIN { printf "bmargin_frac=%.3f; tmargin_frac=%.3f", 110 / h, 1 - 80 / h }')
	draw footprint footprint-by-method "$h" "rows=$1; lmargin_frac=$2; ci_label='$(ci_label footprint kernel_total_bytes)'; $geometry"
}

# (e) latency against each swept parameter (log-log), with fits.csv's lines and slopes.
chart_sweep() {
	fits=/dev/null
	if [ -f "$run_dir/fits.csv" ]; then
		fits=$(with_config "$run_dir/fits.csv" "$work/fits.csv") || exit 2
	fi
	for param in rss threads fds vmas; do
		series=$(awk -v param="$param" -v dir="$work" "$(cat "$here/csv.awk")"'
		function num(v) { return sprintf(v >= 100 || v <= -100 ? "%.0f" : "%.3g", v) }
		part == "fits" && FNR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
		part == "fits" {
			csv_split($0, f)
			if (f[c["metric"]] != "total_ns" || f[c["param"]] != param)
				next
			k = f[c["config"]]  # the line of the points whose series it is
			slope[k] = f[c["slope"]]; slo[k] = f[c["ci95_low"]]; shi[k] = f[c["ci95_high"]]
			icpt[k] = f[c["intercept_ns"]]; r2[k] = f[c["r2"]]
			# absent in fits.csv written before these columns
			res[k] = ("max_residual_pct" in c) ? f[c["max_residual_pct"]] : ""
			worst[k] = ("worst_point" in c) ? f[c["worst_point"]] : ""
			next
		}
		part == "csv" && FNR == 1 { delete c; for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
		part == "csv" {
			csv_split($0, f)
			if (f[c["bench"]] != "sweep" || f[c["metric"]] != "total_ns" ||
			    f[c["variant"]] !~ ("^param=" param "(;|$)"))
				next
			x = param == "rss" ? f[c["rss_bytes"]] / 1048576 : f[c[param]] + 0
			if (x <= 0)
				next   # a log axis has no 0: the bare parent is the fit intercept
			k = f[c["series"]]
			if (!(k in ns))
				keys[++nk] = k
			i = ++ns[k]
			px[k, i] = x; pm[k, i] = f[c["median"]] / 1000
			pl[k, i] = f[c["ci95_low"]] / 1000; ph[k, i] = f[c["ci95_high"]] / 1000
			next
		}
		END {
			unit = param == "rss" ? "µs/GiB" : param == "threads" ? "ns/thread" : \
			       param == "fds" ? "ns/fd" : "ns/mapping"
			scale = param == "rss" ? 1024 / 1000 : 1
			for (s = 1; s <= nk; s++) {
				k = keys[s]
				for (i = 2; i <= ns[k]; i++)  # by x: a handful of points
					for (j = i; j > 1 && px[k, j - 1] > px[k, j]; j--) {
						t = px[k, j]; px[k, j] = px[k, j - 1]; px[k, j - 1] = t
						t = pm[k, j]; pm[k, j] = pm[k, j - 1]; pm[k, j - 1] = t
						t = pl[k, j]; pl[k, j] = pl[k, j - 1]; pl[k, j - 1] = t
						t = ph[k, j]; ph[k, j] = ph[k, j - 1]; ph[k, j - 1] = t
					}
				title = k
				if (k in slope)
					title = sprintf("%s: %s %s [%s, %s], R² %.3f", title,
						num(slope[k] * scale), unit, num(slo[k] * scale),
						num(shi[k] * scale), r2[k])
				if ((k in slope) && res[k] != "")
					title = sprintf("%s, worst point %s%s off by %.0f%%", title,
						worst[k], param == "rss" ? " MiB" : "", res[k])
				out = dir "/sweep-" param "-" s ".dat"
				fit = dir "/sweep-" param "-" s "-fit.dat"
				gsub(/"/, "", title)
				print "\"" title "\" 0 0 0" > out
				print "x fit" > fit
				for (i = 1; i <= ns[k]; i++) {
					print px[k, i], pm[k, i], pl[k, i], ph[k, i] > out
					y = (k in slope) ? (icpt[k] + slope[k] * px[k, i]) / 1000 : 0
					print px[k, i], (y > 0 ? y : "?") > fit
				}
				close(out)
				close(fit)
			}
			print nk + 0
		}' part=fits "$fits" part=csv "$work/all.csv")
		[ "$series" -gt 0 ] || continue
		case $param in
		rss) what='parent RSS' xl='parent RSS (MiB, log scale)' ;;
		threads) what='threads' xl='extra threads in the parent (log scale)' ;;
		fds) what='open descriptors' xl='extra open descriptors in the parent (log scale)' ;;
		vmas) what='mappings' xl='extra mappings in the parent (log scale)' ;;
		esac
		draw sweep "sweep-$param" 720 "param='$param'; series=$series; what='$what'; xlabel_text='$xl'; ci_label='$(ci_label sweep total_ns)'"
	done
}

# (f) creations per second against concurrent creators, threads vs processes.
chart_throughput() {
	# shellcheck disable=SC2046 # awk prints counts: one argument each
	set -- $(awk -v dir="$work" "$(cat "$here/csv.awk")"'
	NR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
	{
		csv_split($0, f)
		m = f[c["metric"]]
		if (f[c["bench"]] != "throughput" ||
		    (m != "creations_per_s" && m != "creations_per_s_per_creator"))
			next
		v = f[c["variant"]]
		kind = v; sub(/^.*kind=/, "", kind); sub(/;.*$/, "", kind)
		n = v; sub(/^.*creators=/, "", n); sub(/;.*$/, "", n)
		k = f[c["series"]]
		if (!(k in seen)) {
			seen[k] = 1
			keys[++nk] = k
			kindof[k] = kind
			if (!(f[c["method"]] in hue))
				hue[f[c["method"]]] = ++nhue
			hueof[k] = hue[f[c["method"]]]
		}
		if (!((k, n) in has)) {
			has[k, n] = 1
			np[k]++
			px[k, np[k]] = n + 0
		}
		p = m == "creations_per_s" ? "t" : "p"
		val[k, n, p] = f[c["median"]] " " f[c["ci95_low"]] " " f[c["ci95_high"]]
	}
	END {
		kinds = ""
		for (s = 1; s <= nk; s++) {
			k = keys[s]
			for (i = 2; i <= np[k]; i++)
				for (j = i; j > 1 && px[k, j - 1] > px[k, j]; j--) {
					t = px[k, j]; px[k, j] = px[k, j - 1]; px[k, j - 1] = t
				}
			out = dir "/throughput-" s ".dat"
			lab = k
			gsub(/"/, "", lab)
			print "\"" lab "\" 0 0 0 0 0 0" > out
			for (i = 1; i <= np[k]; i++) {
				n = px[k, i]
				print n, ((k, n, "t") in val ? val[k, n, "t"] : "? ? ?"),
					((k, n, "p") in val ? val[k, n, "p"] : "? ? ?") > out
			}
			close(out)
			kinds = kinds " " kindof[k]
			hues = hues " " hueof[k]
		}
		print nk + 0, hues, "|", kinds
	}' "$work/all.csv")
	[ "$1" -gt 0 ] || return 0
	n=$1 hues='' kinds=''
	shift
	for w; do
		[ "$w" = "|" ] && { hues=$kinds kinds=; continue; }
		kinds="$kinds $w"
	done
	draw throughput throughput 720 "series=$n; hues='$hues'; kinds='$kinds'; ci_label='$(ci_label throughput 'creations_per_s|creations_per_s_per_creator')'"
}

# (g) copy-on-write per 4 KiB page: the fault's cost against the region size (4K vs THP, child vs
# parent writer) beside the baselines it is taken from, and what fork skips (regions).
chart_cow() {
	# shellcheck disable=SC2046 # awk prints counts: one argument each
	set -- $(awk -v dir="$work" "$(cat "$here/csv.awk")"'
	function vget(v, k,    s) {
		s = ";" v ";"
		if (!index(s, ";" k "="))
			return ""
		sub("^.*;" k "=", "", s)
		sub(/;.*$/, "", s)
		return s
	}
	function mib(t,    n, u) {
		n = t + 0
		u = substr(t, length(t))
		return u == "K" ? n / 1024 : u == "M" ? n : u == "G" ? n * 1024 : n / 1048576
	}
	function unquoted(s) {  # .dat files quote labels
		gsub(/"/, "", s)
		return s
	}
	function add(file, lab, x, v,    k) {  # one point of a size series
		k = file SUBSEP lab
		if (!(k in sn)) {
			sn[k] = ++ns[file]
			slab[file, sn[k]] = lab
		}
		k = file SUBSEP sn[k]
		pts[k] = pts[k] x " " v "\n"
	}
	NR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
	{
		csv_split($0, f)
		if (f[c["bench"]] != "cow")
			next
		m = f[c["metric"]]
		v = f[c["variant"]]
		region = vget(v, "region")
		writer = vget(v, "writer")
		size = vget(v, "size")
		series = unquoted(f[c["series"]])  # the config but its size: one line over sizes
		val = f[c["median"]] " " f[c["ci95_low"]] " " f[c["ci95_high"]]
		if (region == "private" && m == "cow_fault_ns_per_page")
			add("fault", series, mib(size), val)
		if (region == "private" && writer == "child" &&
		    m ~ /^(first_touch|cow_write|private_write|read_shared)_ns_per_page$/) {
			name = m
			sub(/_ns_per_page$/, "", name)
			add("base", name ": " series, mib(size), val)
		}
		if (m == "cow_write_ns_per_page" || m == "call_ns") {
			lab = unquoted(f[c["config"]])
			if (!(lab in rrow)) {
				rrow[lab] = ++nr
				rlab[nr] = lab
				rreg[nr] = region
			}
			r = rrow[lab]
			if (m == "call_ns")
				rcall[r] = (f[c["median"]] / 1000) " " (f[c["ci95_low"]] / 1000) " " (f[c["ci95_high"]] / 1000)
			else
				rwrite[r] = val
		}
	}
	END {
		for (fi = 1; fi <= 2; fi++) {
			file = fi == 1 ? "fault" : "base"
			for (s = 1; s <= ns[file]; s++) {
				out = dir "/cow-" file "-" s ".dat"
				print "\"" slab[file, s] "\" 0 0 0" > out
				close(out)
				printf "%s", pts[file SUBSEP s] | "sort -g >> " out
				close("sort -g >> " out)
			}
		}
		# The regions chart only when the run has a region other than private.
		others = 0
		for (r = 1; r <= nr; r++)
			others += rreg[r] != "private"
		nrows = 0
		if (others) {
			out = dir "/cow-regions.dat"
			for (r = 1; r <= nr; r++) {
				if (!(r in rwrite) || !(r in rcall))
					continue
				print nrows++, "\"" rlab[r] "\"", rwrite[r], rcall[r] > out
			}
			close(out)
		}
		print ns["fault"] + 0, ns["base"] + 0, nrows
	}' "$work/all.csv")
	[ "$#" -eq 3 ] || return 0
	ci=$(ci_label cow 'cow_fault_ns_per_page|first_touch_ns_per_page|cow_write_ns_per_page|private_write_ns_per_page|read_shared_ns_per_page|call_ns')
	if [ "$1" -gt 0 ] || [ "$2" -gt 0 ]; then
		keyrows=$(($1 > $2 ? $1 : $2))
		[ "$keyrows" -ge 4 ] || keyrows=4
		draw cow cow $((640 + 20 * keyrows)) "mode='size'; nfault=$1; nbase=$2; keyrows=$keyrows; ci_label='$ci'"
	fi
	if [ "$3" -gt 0 ]; then
		draw cow cow-regions "$(chart_height "$3")" "mode='regions'; rows=$3; ci_label='$ci'; $(awk -v h="$(chart_height "$3")" 'BEGIN { printf "bmargin_frac=%.3f; tmargin_frac=%.3f", 110 / h, 1 - 80 / h }')"
	fi
}

# (h) timeline: the kernel phases of one creation per configuration, stacked, with the untraced
# total beside them (the tracer's overhead is the gap).
chart_timeline() {
	rows=$(awk -v dir="$work" "$(cat "$here/csv.awk")"'
	NR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
	{
		csv_split($0, f)
		if (f[c["bench"]] != "timeline")
			next
		k = f[c["config"]]
		if (!(k in seen)) {
			seen[k] = 1
			keys[++nk] = k
			big[k] = f[c["rss_bytes"]] > 0
		}
		val[k, f[c["metric"]]] = f[c["median"]] / 1000
	}
	END {
		split("phase_copy_ns phase_wakeup_ns phase_sched_delay_ns phase_child_run_ns phase_exec_run_ns phase_reap_ns remainder_ns", ph, " ")
		for (s = 1; s <= nk; s++) {
			k = keys[s]
			if (!((k, "phase_copy_ns") in val))
				continue
			# Parents with --rss take milliseconds, the rest microseconds: own chart each.
			out = dir (big[k] ? "/timeline-rss.dat" : "/timeline.dat")
			lab = k
			gsub(/"/, "", lab)
			line = "\"" lab "\" 0"
			b = 0
			for (p = 1; p <= 7; p++) {
				b += ((k, ph[p]) in val) ? val[k, ph[p]] : 0
				line = line " " b
			}
			line = line " " (((k, "untraced_total_ns") in val) ? val[k, "untraced_total_ns"] : "?")
			print line > out
			n[big[k]]++
		}
		print n[0] + 0, n[1] + 0
	}' "$work/all.csv")
	# shellcheck disable=SC2086 # two counts, split on purpose
	set -- $rows
	[ "$1" -eq 0 ] || draw timeline timeline $((160 + $1 * 34)) "rows=$1; data='timeline'"
	[ "$2" -eq 0 ] || draw timeline timeline-rss $((160 + $2 * 34)) "rows=$2; data='timeline-rss'"
}

# (i) timeline: each phase's distribution per configuration (p5/p25/median/p75/p95 of the
# summary), one group per phase in the order they happen, then the traced and untraced totals.
chart_timeline_phases() {
	# shellcheck disable=SC2046 # awk prints counts: one argument each
	set -- $(awk -v dir="$work" "$(cat "$here/csv.awk")"'
	function us(v) { return sprintf("%.3f", v / 1000) }
	NR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; next }
	{
		csv_split($0, f)
		if (f[c["bench"]] != "timeline" || f[c["median"]] == "")
			next
		k = f[c["config"]]
		if (!(k in seen)) {
			seen[k] = 1
			keys[++nk] = k
			lab = k
			gsub(/["'"'"']/, "", lab)  # a gnuplot string in quotes of either kind
			label[k] = lab
		}
		m = f[c["metric"]]
		seenm[m] = 1
		val[k, m] = us(f[c["p5"]]) " " us(f[c["p25"]]) " " us(f[c["median"]]) " " \
			    us(f[c["p75"]]) " " us(f[c["p95"]])
		# The axis spans p5..p95 of every box: its ends decide the log scale.
		for (i = 0; i < 2; i++) {
			v = f[c[i ? "p95" : "p5"]] / 1000
			if (v > 0 && (vmin == "" || v < vmin)) vmin = v
			if (v > vmax) vmax = v
		}
	}
	END {
		np = split("phase_copy_ns phase_wakeup_ns phase_sched_delay_ns phase_child_run_ns phase_exec_run_ns phase_reap_ns remainder_ns total_ns untraced_total_ns", ph, " ")
		split("copy|wakeup|sched delay|child run|exec run|reap|remainder|total (traced)|total (untraced)", nm, "|")
		if (!("phase_copy_ns" in seenm)) {
			print 0
			exit
		}
		groups = ""
		ng = 0
		for (p = 1; p <= np; p++)
			if (ph[p] in seenm) {
				gi[p] = ++ng
				groups = groups (ng > 1 ? " " : "") "\"" nm[p] "\""
			}
		labels = ""
		for (s = 1; s <= nk; s++) {
			k = keys[s]
			out = dir "/timeline-phases-" s ".dat"
			for (p = 1; p <= np; p++)
				if ((p in gi) && ((k, ph[p]) in val))
					print gi[p], val[k, ph[p]] > out
			close(out)
			labels = labels (s > 1 ? " " : "") "\"" label[k] "\""
		}
		uselog = vmin != "" && vmax / vmin > 100
		print groups > (dir "/timeline-phases.groups")
		print labels > (dir "/timeline-phases.labels")
		# Zero whiskers (a remainder of 0) sit at the left end of a log axis.
		printf "%d %d %d %g\n", nk, ng, uselog, uselog ? vmin / 1.5 : 0
	}' "$work/all.csv")
	[ "$1" -gt 0 ] || return 0
	series=$1 groups=$2 log=$3 xmin=$4
	h=$((200 + groups * (series * 16 + 16)))
	[ "$h" -ge 480 ] || h=480
	draw timeline-phases timeline-phases "$h" "series=$series; log=$log; xmin=$xmin; groups='$(cat "$work/timeline-phases.groups")'; labels='$(cat "$work/timeline-phases.labels")'"
}

chart_latency
chart_distribution
chart_placement
chart_exec
chart_footprint
chart_sweep
chart_throughput
chart_cow
chart_timeline
chart_timeline_phases

mkdir_for_invoker "$run_dir/plots"
for f in "$work"/out/*; do
	[ -e "$f" ] || continue
	give_to_invoker "$f"
	mv -f "$f" "$run_dir/plots/"
done
for f in "$run_dir"/plots/*; do
	if [ -e "$f" ]; then echo "$prog: wrote $f"; fi
done >&2
