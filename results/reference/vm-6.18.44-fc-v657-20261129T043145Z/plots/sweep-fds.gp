# sweep-fds: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-fds'.'.'.fmt
width = 1500; height = 600
title = "Creation latency (total_ns, until reaped) against the extra open descriptors in the parent: median per point, least-squares line (fits.csv)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
0 175.797 174.666 176.419
100 131.445 131.064 132.317
10000 694.766 693.203 697.652
EOD
$fit0 << EOD
0 151.029
10000 694.516
EOD
$pts1 << EOD
0 28.9195 28.783 29.114
100 67.289 66.998 67.604
10000 592.846 591.784 593.758
EOD
$fit1 << EOD
0 45.283
10000 593.011
EOD
$pts2 << EOD
0 148.427 147.555 149.55
100 223.817 222.415 225.16
10000 1042.24 1037.06 1054.24
EOD
$fit2 << EOD
0 181.65
10000 1042.58
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.07, 0.98, 0.150, 0.808 spacing 0.07, 0.217
set xlabel 'extra open descriptors in the parent, linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork param=fds\nslope 54.3 ns/fd [-0.711, 109], R² 0.994\nmisses the 100 point by 19%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%; narrower than the dot', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "vfork param=fds\nslope 54.8 ns/fd [18.4, 91.1], R² 0.997\nmisses the 0 point by 57%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%; narrower than the dot', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "posix_spawn static param=fds\nslope 86.1 ns/fd [12.2, 160], R² 0.995\nmisses the 0 point by 22%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
unset multiplot
