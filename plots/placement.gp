# CPU placement: per method, the unpinned median (the scheduler places the child) against the
# pinned one (parent and child on one CPU), each with its CI box (at ci_label) and p5-p95 whiskers; one
# panel per metric. Reads datadir/placement-METRIC.dat (y label, then median ci_low ci_high p5
# p95 unpinned, then the same pinned, in µs) made by plot.sh. Computes nothing.
load dir.'/common.gp'
# The level of the intervals, from the rows' ci_level (plot.sh): never a fixed 95%.
if (!exists('ci_label')) ci_label = 'CI of the median'
n = words(metrics)
set multiplot layout 1, n title title.' — CPU placement (dot: median, box: '.ci_label.')' font ',14' margins lmargin_frac, 0.98, bmargin_frac, tmargin_frac spacing 0.025, 0
set yrange [rows - 0.5 : -0.5]
do for [i = 1 : n] {
	m = word(metrics, i)
	d = dir_data.'/placement-'.m.'.dat'
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
	plot d using 3:($1 - 0.18):6:7 with xerrorbars ls 3 pt -1 title (i == 1 ? 'p5–p95' : ''), \
	     '' using 3:($1 - 0.18):4:5:($1 - 0.32):($1 - 0.04) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
	     '' using 3:($1 - 0.18) with points ls 1 title (i == 1 ? 'unpinned' : ''), \
	     '' using 8:($1 + 0.18):11:12 with xerrorbars ls 3 pt -1 notitle, \
	     '' using 8:($1 + 0.18):9:10:($1 + 0.04):($1 + 0.32) with boxxyerror fs solid 0.35 noborder lc '#ff7f0e' notitle, \
	     '' using 8:($1 + 0.18) with points ls 2 title (i == 1 ? 'pinned (--cpu 0)' : ''), \
	     '' using 3:1:ytic(panel_label(2)) with points pt -1 notitle
	unset xrange
}
unset multiplot
