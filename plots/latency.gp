# Latency by method: one panel per metric (metrics, a word list), methods as rows sorted by
# median total, median dot, 95% CI of the median as a box, p5-p95 as whiskers. Reads
# datadir/latency-METRIC.dat (y label median ci_low ci_high p5 p95, in µs) made by plot.sh; logs
# holds 1 per panel where the values span over two decades. Computes nothing.
load dir.'/common.gp'
# The level of the intervals, from the rows' ci_level (plot.sh): never a fixed 95%.
if (!exists('ci_label')) ci_label = 'CI of the median'
n = words(metrics)
set multiplot layout 1, n title title font ',14' margins lmargin_frac, 0.98, bmargin_frac, tmargin_frac spacing 0.025, 0
set yrange [rows - 0.5 : -0.5]
set xlabel 'µs'
do for [i = 1 : n] {
	m = word(metrics, i)
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
		plot dir_data.'/latency-'.m.'.dat' using 3:1:6:7 with xerrorbars ls 3 pt -1 title 'p5–p95', \
		     '' using 3:1:4:5:($1 - 0.28):($1 + 0.28) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' title ci_label, \
		     '' using 3:1:ytic(2) with points ls 1 title 'median'
	} else {
		unset key
		set ytics scale 0 format ''
		plot dir_data.'/latency-'.m.'.dat' using 3:1:6:7 with xerrorbars ls 3 pt -1 notitle, \
		     '' using 3:1:4:5:($1 - 0.28):($1 + 0.28) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
		     '' using 3:1 with points ls 1 notitle
	}
	unset xrange
}
unset multiplot
