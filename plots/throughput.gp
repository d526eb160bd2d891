# Creations per second against concurrent creators: left the total, right the mean per
# creator; one series per method and creator kind (threads of one parent: solid; separate
# processes: dashed), median over time windows with its CI (at ci_label).
# Reads dir_data/throughput-I.dat (first line: the title; then creators total lo hi
# per_creator lo hi) made by plot.sh, I = 1..series; kinds and hues hold one word per series
# (its creator kind, and its method's colour index).
# Computes nothing.
load dir.'/common.gp'
# The level of the intervals, from the rows' ci_level (plot.sh): never a fixed 95%.
if (!exists('ci_label')) ci_label = 'CI of the median'
set multiplot layout 1, 2 title title font ',14'
set key outside bottom center horizontal maxrows 3 samplen 3 font ',10'
set bmargin 9
set xlabel 'concurrent creators'
set xtics 1
set xrange [0.5 : *]
set yrange [0 : *]
colour(i) = word('#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf', (i - 1) % 10 + 1)
dash(i) = word(kinds, i) eq 'processes' ? 2 : 1
set title 'all creators together' font ',12'
set ylabel 'creations per second; bars: '.ci_label
plot for [i = 1 : series] dir_data.'/throughput-'.i.'.dat' using 1:2:3:4 \
	with yerrorlines lw 1.5 pt 7 ps 0.8 dt dash(i) lc rgb colour(word(hues, i) + 0) title columnheader(1)
set title 'per creator (mean)' font ',12'
set ylabel 'creations per second per creator'
plot for [i = 1 : series] dir_data.'/throughput-'.i.'.dat' using 1:5:6:7 \
	with yerrorlines lw 1.5 pt 7 ps 0.8 dt dash(i) lc rgb colour(word(hues, i) + 0) title columnheader(1)
unset multiplot
