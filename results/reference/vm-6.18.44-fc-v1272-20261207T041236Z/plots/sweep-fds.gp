# sweep-fds: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-fds'.'.'.fmt
width = 1500; height = 600
title = "Creation latency (total_ns, until reaped) against the extra open descriptors in the parent: median per point, least-squares line and marginal cost per segment (fits.csv)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
# Shared look of every forkbench chart. scripts/present/gp.py copies this file into each chart's
# script (RUN_DIR/plots/NAME.gp), after setting fmt ('png' or 'svg'), out (file), width, height
# (pixels) and title. Draws nothing itself.
set encoding utf8
if (fmt eq 'svg') {
	set terminal svg size width, height dynamic noenhanced font 'Helvetica,13' background '#ffffff'
} else {
	set terminal pngcairo size width, height noenhanced font 'Helvetica,11' background '#ffffff'
}
set output out
set datafile missing '?'
set border 3 lw 1 lc '#555555'
set tics nomirror out
set grid xtics mxtics ytics lc '#e4e4e4' lw 1 dt 1
set style line 1 lc '#1f77b4' lw 1.5 pt 7 ps 1.0   # unpinned / first series: filled circle
set style line 2 lc '#ff7f0e' lw 1.5 pt 5 ps 1.0   # pinned / second series: filled square
set style line 3 lc '#7f7f7f' lw 1.2               # whiskers
set style line 9 lc '#d62728' lw 1.5 pt 10 ps 1.4  # a value the axis cannot show (open triangle)

$pts0 << EOD
0 230.633 228.428 232.446
100 221.145 219.312 223.038
10000 801.353 797.716 808.275
EOD
$fit0 << EOD
0 223.036
10000 801.276
EOD
$seg0 << EOD
0 -94.88 100 50 -131.34 -53.9
100 58.6069 9900 5050 58.0483 59.4912
EOD
$pts1 << EOD
0 40.3105 39.965 40.586
100 50.7 50.365 51.005
10000 749.606 727.645 781.665
EOD
$fit1 << EOD
0 41.9586
10000 749.623
EOD
$seg1 << EOD
0 103.895 100 50 97.79 110.4
100 70.5966 9900 5050 68.3475 73.8687
EOD
$pts2 << EOD
0 223.559 221.696 225.132
100 290.926 288.36 292.799
10000 1559.82 1552.81 1567.03
EOD
$fit2 << EOD
0 250.558
10000 1560.1
EOD
$seg2 << EOD
0 673.67 100 50 632.28 711.03
100 128.172 9900 5050 127.274 129.158
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.07, 0.92, 0.150, 0.808 spacing 0.07, 0.217
set xlabel 'extra open descriptors in the parent, linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork param=fds\nslope 57.8 ns/fd [40.9, 74.7], R² 0.999\nmisses the 100 point by 3%\nmarginal -94.9 ns/fd from 0 to 100, 58.6 ns/fd from 100 to 10000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/fd, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.06% to 95.93% (each row at its ci_level)', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg0 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/fd (right axis); interval at 90.39% to 91.22% (product of the two points'' levels)', \
     $seg0 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "vfork param=fds\nslope 70.8 ns/fd [67.1, 74.4], R² 1.000\nmisses the 0 point by 4%\nmarginal 104 ns/fd from 0 to 100, 70.6 ns/fd from 100 to 10000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/fd, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.44% (each row at its ci_level)', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg1 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/fd (right axis); interval at 90.66% (product of the two points'' levels)', \
     $seg1 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "posix_spawn static param=fds\nslope 131 ns/fd [70.9, 191], R² 0.999\nmisses the 0 point by 12%\nmarginal 674 ns/fd from 0 to 100, 128 ns/fd from 100 to 10000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/fd, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.96% (each row at its ci_level); narrower than the dot', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg2 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/fd (right axis); interval at 90.25% to 91.16% (product of the two points'' levels)', \
     $seg2 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
unset multiplot
