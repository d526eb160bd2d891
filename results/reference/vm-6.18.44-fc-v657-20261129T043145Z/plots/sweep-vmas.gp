# sweep-vmas: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-vmas'.'.'.fmt
width = 1500; height = 600
title = "Creation latency (total_ns, until reaped) against the extra mappings in the parent: median per point, least-squares line (fits.csv)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
10 191.207 189.032 192.65
1000 1504.73 1495.84 1519.33
10000 17545.2 17333.7 17899.5
50000 98555 95090.8 99327.8
EOD
$fit0 << EOD
0 -755.866
50000 98260.4
EOD
$pts1 << EOD
10 29.6805 29.555 29.946
1000 114.894 114.093 116.347
10000 286.269 285.168 287.506
50000 1222.96 1212.88 1235.57
EOD
$fit1 << EOD
0 58.2517
50000 1222.65
EOD
$pts2 << EOD
10 148.056 147.225 149.689
1000 144.109 143.237 145.331
10000 214.4 212.436 215.812
50000 203.805 202.828 206.245
EOD
$fit2 << EOD
0 162.573
50000 211.81
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.07, 0.98, 0.150, 0.808 spacing 0.07, 0.217
set xlabel 'extra mappings in the parent, linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork param=vmas\nslope 1980 ns/mapping [1845, 2115], R² 0.999\nmisses the 10 point by 485%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "vfork param=vmas\nslope 23.3 ns/mapping [20, 26.6], R² 0.998\nmisses the 10 point by 97%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "posix_spawn static param=vmas\nslope 0.985 ns/mapping [-2.67, 4.64], R² 0.401\nmisses the 10000 point by 20%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
unset multiplot
