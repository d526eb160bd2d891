# Tails of the main methods: one panel per metric, a box from p25 to p75 with the median as a
# bar, whiskers p5-p95, and p99 and max as marks, so a bimodal or long-tailed method shows.
# Reads datadir/distribution-METRIC.dat (y label p5 p25 median p75 p95 p99 max, in µs) made by
# plot.sh; logs holds 1 per panel where the values span over two decades. Computes nothing.
load dir.'/common.gp'
n = words(metrics)
set multiplot layout 1, n title title.' — distribution' font ',14' margins lmargin_frac, 0.98, bmargin_frac, tmargin_frac spacing 0.025, 0
set yrange [rows - 0.5 : -0.5]
do for [i = 1 : n] {
	m = word(metrics, i)
	d = dir_data.'/distribution-'.m.'.dat'
	set title metric_title(m) font ',12'
	if (word(logs, i) eq '1') {
		set logscale x 10
		set xlabel 'µs (log scale)'
		set mxtics 10
	} else {
		unset logscale x
		set xlabel 'µs'
		set xrange [0:*]
		set mxtics default
	}
	if (i == 1) {
		set key at screen 0.5, 0.01 center bottom horizontal maxrows 1 samplen 2 width 1
		set ytics scale 0
	} else {
		unset key
		set ytics scale 0 format ''
	}
	plot d using 5:1:3:7 with xerrorbars ls 3 pt -1 title (i == 1 ? 'p5–p95' : ''), \
	     '' using 5:1:4:6:($1 - 0.3):($1 + 0.3) with boxxyerror fs solid 0.35 border lc '#1f77b4' title (i == 1 ? 'p25–p75' : ''), \
	     '' using 5:($1 - 0.3):(0):(0.6) with vectors nohead lw 2.5 lc '#08306b' title (i == 1 ? 'median' : ''), \
	     '' using 8:1 with points pt 2 ps 0.9 lc '#d62728' title (i == 1 ? 'p99' : ''), \
	     '' using 9:1 with points pt 6 ps 0.9 lc '#7f7f7f' title (i == 1 ? 'max' : ''), \
	     '' using 5:1:ytic(panel_label(2)) with points pt -1 notitle
	unset xrange
}
unset multiplot
