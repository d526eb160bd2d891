# Latency against the swept parent parameter (param: rss, threads, fds or vmas), log-log: one
# series per method (and touched/untouched for rss) with the median total_ns and its CI, and
# the least-squares line of fits.csv dashed; the key gives each slope with its CI and R^2, and
# the point the line misses most (max_residual_pct, worst_point).
# Reads dir_data/sweep-PARAM-I.dat (first line: the title; then x median ci_low ci_high in µs)
# and sweep-PARAM-I-fit.dat (x, fitted µs), I = 1..series, made by plot.sh. Computes nothing.
load dir.'/common.gp'
# The level of the intervals, from the rows' ci_level (plot.sh): never a fixed 95%.
if (!exists('ci_label')) ci_label = 'CI of the median'
set title title."\ncreation latency against the ".what font ',13'
set key inside left top vertical Left reverse opaque box samplen 2 spacing 1.1 font ',10'
set autoscale xfix
set logscale xy 10
set mxtics 10
set mytics 10
set format x '%g'
set format y '%g'
# The interval's level goes under the x axis: beside the y axis it ran off the chart.
set xlabel xlabel_text.'; bars: '.ci_label
set ylabel 'total_ns until reaped, median (µs, log scale)'
set lmargin 10
colour(i) = word('#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf', (i - 1) % 10 + 1)
plot for [i = 1 : series] dir_data.'/sweep-'.param.'-'.i.'.dat' using 1:2:3:4 \
	with yerrorlines lw 1.5 pt 7 ps 0.8 lc rgb colour(i) title columnheader(1), \
     for [i = 1 : series] dir_data.'/sweep-'.param.'-'.i.'-fit.dat' using 1:2 \
	with lines dt 2 lw 1 lc rgb colour(i) notitle
