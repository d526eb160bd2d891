# sweep-threads: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-threads'.'.'.fmt
width = 1500; height = 600
title = "Creation latency (total_ns, until reaped) against the extra threads in the parent: median per point, least-squares line and marginal cost per segment (fits.csv)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
0 241.959 240.3 243.406
10 315.702 312.757 317.927
100 716.578 712.276 724.819
1000 4238.15 4113.27 4343.41
EOD
$fit0 << EOD
0 277.988
1000 4242.35
EOD
$seg0 << EOD
0 7374.3 10 5 6935.1 7762.7
10 4454.18 90 55 4381.66 4578.47
100 3912.86 900 550 3764.95 4034.6
EOD
$pts1 << EOD
0 54.883 54.582 55.634
10 53.786 53.26 54.331
100 62.798 62.256 63.299
1000 121.227 120.496 121.928
EOD
$fit1 << EOD
0 54.6668
1000 121.358
EOD
$seg1 << EOD
0 -109.7 10 5 -237.4 -25.1
10 100.133 90 55 88.0556 111.544
100 64.9211 900 550 63.5522 66.3022
EOD
$pts2 << EOD
0 262.201 258.284 265.107
10 286.983 284.173 289.312
100 296.707 293.911 298.98
1000 290.81 288.361 294.102
EOD
$fit2 << EOD
0 281.046
1000 292.322
EOD
$seg2 << EOD
0 2478.2 10 5 1906.6 3102.8
10 108.044 90 55 51.1 164.522
100 -6.55167 900 550 -11.7989 0.212222
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.07, 0.92, 0.150, 0.808 spacing 0.07, 0.217
set xlabel 'extra threads in the parent, linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork param=threads\nslope 3964 ns/thread [3762, 4166], R² 1.000\nmisses the 0 point by 15%\nmarginal 7374 ns/thread from 0 to 10, 3913 ns/thread from 100 to 1000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/thread, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.06% to 95.76% (each row at its ci_level)', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg0 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/thread (right axis); interval at 90.97% to 91.15% (product of the two points'' levels)', \
     $seg0 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "vfork param=threads\nslope 66.7 ns/thread [58.9, 74.5], R² 0.999\nmisses the 10 point by 3%\nmarginal -110 ns/thread from 0 to 10, 64.9 ns/thread from 100 to 1000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/thread, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.96% (each row at its ci_level); narrower than the dot', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg1 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/thread (right axis); interval at 91.13% to 91.34% (product of the two points'' levels)', \
     $seg1 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "posix_spawn static param=threads\nslope 11.3 ns/thread [-77.9, 100], R² 0.129\nmisses the 0 point by 7%\nmarginal 2478 ns/thread from 0 to 10, -6.55 ns/thread from 100 to 1000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/thread, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.76% (each row at its ci_level)', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg2 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/thread (right axis); interval at 90.25% to 90.97% (product of the two points'' levels)', \
     $seg2 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
unset multiplot
