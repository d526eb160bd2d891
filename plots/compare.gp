# Comparison charts of scripts/compare.sh, chosen by chart: 'forest' (change of each configuration's
# median against run A with its CI, 95% or the level ci says it achieves, one row per
# configuration, significant rows filled and highlighted, geometric mean as a diamond) or 'rss'
# (latency against the parent's RSS, one panel per method, the runs' curves overlaid). Reads the
# .dat files compare.sh made; computes nothing.
load dir.'/common.gp'
if (!exists('ci')) ci = '95% CI'
# The rss chart's bars: the levels of the rows' ci_level (compare.sh), never a fixed 95%.
if (!exists('rss_ci')) rss_ci = 'CI'
colours = '#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #17becf'
run_colour(r) = word(colours, (r - 1) % 8 + 1)
# The n-th entry of a '|'-terminated list (keys, panels); ':' in a using spec would split it.
field(s, n) = n <= 1 ? s[1 : strstrt(s, '|') - 1] : field(s[strstrt(s, '|') + 1 :], n - 1)

if (chart eq 'forest') {
	# data: y "" change ci_low ci_high significant run geomean; labels: y "row label".
	band_half = ncmp > 1 ? 0.42 / ncmp : 0.4
	is_run(r, run, g) = (run == r && g == 0)
	ci_y(r, run, g, y) = is_run(r, run, g) ? y : NaN
	sig_y(r, run, s, g, y) = (is_run(r, run, g) && s > 0) ? y : NaN
	nsig_y(r, run, s, g, y) = (is_run(r, run, g) && s == 0) ? y : NaN
	geo_y(r, run, g, y) = (run == r && g > 0) ? y : NaN
	band_y(s, g, y) = (s > 0 && g == 0) ? y : NaN

	set multiplot layout 1, 1 title title font ',14' margins lmargin_frac, 0.97, bmargin_frac, tmargin_frac
	set title bench.' '.metric.': change of the median against '.base_name font ',12'
	set xlabel 'change (%), '.ci.'; filled and highlighted: significant, open: ~ (not significant); diamond: geometric mean'
	set xrange [xmin : xmax]
	set yrange [rows - 0.5 : -0.5]
	set ytics scale 0
	set grid noytics
	set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead lc '#333333' lw 1.5 front
	set key at screen 0.5, 0.01 center bottom horizontal maxrows 1 samplen 1.5 width 1
	plot data using (0):(band_y($6, $8, $1)):(xmin):(xmax):($1 - band_half):($1 + band_half) \
		with boxxyerror fs solid 0.35 noborder lc '#ffd54f' title 'significant', \
	     for [r = 2 : ncmp + 1] data using 3:(ci_y(r, $7, $8, $1)):4:5 with xerrorbars \
		lc rgb run_colour(r) lw 1.5 pt -1 notitle, \
	     for [r = 2 : ncmp + 1] data using 3:(sig_y(r, $7, $6, $8, $1)) with points \
		pt 7 ps 1.1 lc rgb run_colour(r) title field(keys, r - 1), \
	     for [r = 2 : ncmp + 1] data using 3:(nsig_y(r, $7, $6, $8, $1)) with points \
		pt 6 ps 1.1 lc rgb run_colour(r) notitle, \
	     for [r = 2 : ncmp + 1] data using 3:(geo_y(r, $7, $8, $1)) with points \
		pt 13 ps 1.8 lc rgb run_colour(r) notitle, \
	     labels using (NaN):1:ytic(2) notitle
	unset multiplot
}

if (chart eq 'rss') {
	# Files data/rss-PANEL-RUN.dat: rss_mib median ci_low ci_high (µs); the RSS of 0 sits at
	# xzero, labelled "0", because a log axis has no zero.
	set multiplot layout prow, cols title title font ',14' \
		margins 0.06, 0.98, 1.0 * bmargin_px / height, 1 - 1.0 * tmargin_px / height spacing 0.06, 0.12
	set logscale x 10
	set logscale y 10
	set format x '%g'
	set xtics add ('0' xzero)
	set mxtics 10
	set mytics 10
	set xlabel "parent RSS (MiB, log scale)"
	set ylabel metric.' median (µs, log scale), '.rss_ci
	do for [p = 1 : npanels] {
		set title field(panels.'|', p) font ',12'
		if (p == 1) {
			set key at screen 0.5, 0.01 center bottom horizontal maxrows 1 samplen 2 width 2
		} else {
			unset key
		}
		plot for [r = 1 : nruns] data.'/rss-'.p.'-'.r.'.dat' using 1:2:3:4 with yerrorlines \
			lc rgb run_colour(r) lw 1.5 pt 7 ps 0.8 title field(keys, r)
	}
	unset multiplot
}
