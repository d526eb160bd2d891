# Cross-check of whole-program start: hyperfine's wall time per command (its own posix_spawn,
# exec and wait, plus its overhead) beside the harness's total_ns of its exec methods, median
# with its CI box (at ci_label) and p5-p95 whiskers. Reads datadir/exec-total_ns.dat (y label median ci_low
# ci_high p5 p95 is_hyperfine, in µs) made by plot.sh. Computes nothing.
load dir.'/common.gp'
# The level of the intervals, from the rows' ci_level (plot.sh): never a fixed 95%.
if (!exists('ci_label')) ci_label = 'CI of the median'
set title title.' — exec cross-check: forkbench total_ns vs hyperfine wall time' font ',14'
set lmargin at screen lmargin_frac
set rmargin at screen 0.97
set bmargin at screen bmargin_frac
set tmargin at screen tmargin_frac
set yrange [rows - 0.5 : -0.5]
set ytics scale 0
if (word(logs, 1) eq '1') {
	set logscale x 10
	set xlabel 'µs (log scale)'
	set mxtics 10
} else {
	set xlabel 'µs'
	set xrange [0:*]
}
set key at screen 0.5, 0.01 center bottom horizontal maxrows 1 samplen 2 width 1
d = dir_data.'/exec-total_ns.dat'
plot d using 3:1:6:7 with xerrorbars ls 3 pt -1 title 'p5–p95', \
     '' using 3:1:4:5:($1 - 0.28):($1 + 0.28):(src_colour($8)) with boxxyerror fs solid 0.35 noborder lc rgb variable notitle, \
     '' using 3:(if_harness($8, $1)) with points ls 1 title 'forkbench total_ns: median', \
     '' using 3:(if_hyperfine($8, $1)) with points ls 2 title 'hyperfine -N wall time: median; box: '.ci_label, \
     '' using 3:1:ytic(2) with points pt -1 notitle
