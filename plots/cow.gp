# Copy-on-write per 4 KiB page (forkbench cow). mode 'size': left, cow_fault_ns_per_page (COW
# write minus the rewrite of the now private page) against the region size, one series per
# method, writer and page size; right, the baselines it comes from (child writer), log scale.
# Reads dir_data/cow-fault-I.dat and cow-base-I.dat (first line the title, then MiB median lo
# hi). mode 'regions': dir_data/cow-regions.dat (row label write lo hi call_us lo hi), what fork
# skips: the first write per page and the creating call. Computes nothing.
load dir.'/common.gp'
# The level of the intervals, from the rows' ci_level (plot.sh): never a fixed 95%.
if (!exists('ci_label')) ci_label = 'CI of the median'
colour(i) = word('#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf', (i - 1) % 10 + 1)
if (mode eq 'size') {
	set multiplot layout 1, 2 title title font ',14'
	# keyrows: the longer of the two series lists; a config label is too long for two columns.
	set key outside bottom center vertical maxrows keyrows samplen 3 font ',10'
	set bmargin 5 + keyrows
	set logscale x 2
	set xlabel 'region size (MiB, log scale); bars: '.ci_label
	set title 'COW fault per page: first write after fork − rewrite' font ',12'
	set ylabel 'ns per 4 KiB page'
	set yrange [0 : *]
	plot for [i = 1 : nfault] dir_data.'/cow-fault-'.i.'.dat' using 1:2:3:4 \
		with yerrorlines lw 1.5 pt 7 ps 0.8 lc rgb colour(i) title columnheader(1)
	set title 'what one page costs (child writes; log scale)' font ',12'
	set xlabel 'region size (MiB, log scale); bars: as on the left'
	set logscale y 10
	set yrange [* : *]
	set ylabel 'ns per 4 KiB page'
	plot for [i = 1 : nbase] dir_data.'/cow-base-'.i.'.dat' using 1:2:3:4 \
		with yerrorlines lw 1.5 pt 7 ps 0.8 lc rgb colour(i) \
		title columnheader(1)
	unset multiplot
} else {
	set multiplot layout 1, 2 title title font ',14' margins 0.3, 0.98, bmargin_frac, tmargin_frac spacing 0.025, 0
	set yrange [rows - 0.5 : -0.5]
	set ytics scale 0
	set key at screen 0.5, 0.01 center bottom horizontal maxrows 1 samplen 2
	set title 'first write per page after fork (ns, log scale)' font ',12'
	set logscale x 10
	set xlabel 'ns per 4 KiB page'
	plot dir_data.'/cow-regions.dat' using 3:1:4:5:($1 - 0.28):($1 + 0.28) with boxxyerror \
		fs solid 0.35 noborder lc '#1f77b4' title ci_label, \
	     '' using 3:1:ytic(2) with points ls 1 title 'median'
	set title 'the creating call (call_ns, µs)' font ',12'
	unset logscale x
	set xrange [0 : *]
	set xlabel 'µs'
	set ytics format ''
	unset key
	plot dir_data.'/cow-regions.dat' using 6:1:7:8:($1 - 0.28):($1 + 0.28) with boxxyerror \
		fs solid 0.35 noborder lc '#ff7f0e' notitle, \
	     '' using 6:1 with points ls 2 notitle
	unset multiplot
}
