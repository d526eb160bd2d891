# sweep-vmas: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-vmas'.'.'.fmt
width = 1500; height = 600
title = "Creation latency (total_ns, until reaped) against the extra mappings in the parent: median per point, least-squares line and marginal cost per segment (fits.csv)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
10 250.375 248.436 253.355
1000 2526.74 2484.32 2558.35
10000 32935.9 32433.5 33714.5
50000 128715 118218 137245
EOD
$fit0 << EOD
0 2212.53
50000 129715
EOD
$seg0 << EOD
10 2299.36 990 505 2253.5 2333.24
1000 3378.8 9000 5500 3319.46 3470.02
10000 2394.48 40000 30000 2112.58 2620.28
EOD
$pts1 << EOD
10 47.354 47.138 47.619
1000 97.959 97.503 98.405
10000 400.06 394.049 403.266
50000 4883.53 4749.6 5091.36
EOD
$fit1 << EOD
0 -153.658
50000 4799.25
EOD
$seg1 << EOD
10 51.1162 990 505 50.3879 51.7848
1000 33.5668 9000 5500 32.8493 33.9737
10000 112.087 40000 30000 108.658 117.433
EOD
$pts2 << EOD
10 194.545 192.962 196.318
1000 258.81 256.912 261.33
10000 270.873 269.706 272.481
50000 261.856 259.596 263.714
EOD
$fit2 << EOD
0 237.189
50000 267.781
EOD
$seg2 << EOD
10 64.9146 990 505 61.2061 69.0586
1000 1.34028 9000 5500 0.930667 1.72989
10000 -0.225425 40000 30000 -0.322125 -0.1498
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.07, 0.92, 0.150, 0.808 spacing 0.07, 0.217
set xlabel 'extra mappings in the parent, linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork param=vmas\nslope 2550 ns/mapping [2096, 3004], R² 0.997\nmisses the 10 point by 794%\nmarginal 2299 ns/mapping from 10 to 1000, 2394 ns/mapping from 10000 to 50000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/mapping, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.03% to 99.22% (each row at its ci_level)', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg0 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/mapping (right axis); interval at 91.06% to 97.23% (product of the two points'' levels)', \
     $seg0 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "vfork param=vmas\nslope 99.1 ns/mapping [61, 137], R² 0.984\nmisses the 10 point by 422%\nmarginal 51.1 ns/mapping from 10 to 1000, 112 ns/mapping from 10000 to 50000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/mapping, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.47% (each row at its ci_level)', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg1 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/mapping (right axis); interval at 90.25% to 90.7% (product of the two points'' levels)', \
     $seg1 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "posix_spawn static param=vmas\nslope 0.612 ns/mapping [-3.5, 4.73], R² 0.170\nmisses the 10 point by 22%\nmarginal 64.9 ns/mapping from 10 to 1000, -0.225 ns/mapping from 10000 to 50000" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal ns/mapping, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.76% (each row at its ci_level)', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg2 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, ns/mapping (right axis); interval at 90.25% to 91.04% (product of the two points'' levels)', \
     $seg2 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
unset multiplot
