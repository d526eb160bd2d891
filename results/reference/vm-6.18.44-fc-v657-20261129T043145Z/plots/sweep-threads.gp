# sweep-threads: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-threads'.'.'.fmt
width = 1500; height = 600
title = "Creation latency (total_ns, until reaped) against the extra threads in the parent: median per point, least-squares line (fits.csv)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
0 183.222 181.879 184.414
10 238.895 236.19 240.82
100 486.207 483.162 490.134
1000 3177.67 3150.22 3214.51
EOD
$fit0 << EOD
0 193.508
1000 3177.26
EOD
$pts1 << EOD
0 63.974 63.613 64.516
10 73.968 73.537 74.509
100 77.174 76.883 77.755
1000 114.844 114.102 115.676
EOD
$fit1 << EOD
0 69.9457
1000 115.15
EOD
$pts2 << EOD
0 146.603 145.742 147.625
10 147.716 147.245 148.707
100 211.645 209.721 213.749
1000 204.812 203.209 206.686
EOD
$fit2 << EOD
0 165.752
1000 208.786
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.07, 0.98, 0.150, 0.808 spacing 0.07, 0.217
set xlabel 'extra threads in the parent, linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork param=threads\nslope 2984 ns/thread [2913, 3055], R² 1.000\nmisses the 10 point by 7%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "vfork param=threads\nslope 45.2 ns/thread [18.1, 72.3], R² 0.963\nmisses the 0 point by 9%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "posix_spawn static param=threads\nslope 43 ns/thread [-137, 223], R² 0.346\nmisses the 100 point by 20%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
unset multiplot
