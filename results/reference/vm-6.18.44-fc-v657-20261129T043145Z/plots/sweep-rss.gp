# sweep-rss: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-rss'.'.'.fmt
width = 1500; height = 1400
title = "Creation latency (total_ns, until reaped) against the parent RSS: median per point, least-squares line (fits.csv)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
0 194.433 192.98 195.775
16 700.216 694.035 705.967
64 2311.04 2294.64 2337.13
256 9226.05 9075.43 9354.34
1024 34032.5 33965.1 34238.7
EOD
$fit0 << EOD
0 305.933
1024 34139
EOD
$pts1 << EOD
0 71.719 71.213 72.295
16 71.814 71.223 72.306
64 71.143 70.813 71.674
256 70.987 70.442 71.523
1024 69.64 69.249 70.281
EOD
$fit1 << EOD
0 71.5897
1024 69.5977
EOD
$pts2 << EOD
0 61.122 60.74 61.678
16 60.781 60.351 61.221
64 68.162 67.846 68.718
256 68.768 68.468 69.489
1024 68.938 68.548 69.88
EOD
$fit2 << EOD
0 63.9633
1024 69.9527
EOD
$pts3 << EOD
0 211.094 209.21 212.226
16 215.722 213.739 216.945
64 209.862 208.72 210.953
256 205.238 204.612 207.727
1024 211.575 209.37 213.588
EOD
$fit3 << EOD
0 210.87
1024 210.223
EOD
$pts4 << EOD
0 187.951 186.258 189.564
16 819.008 813.067 827.194
64 2413.69 2398.75 2421.96
256 9212.37 9128.63 9324.62
1024 34661.1 34512.4 34884
EOD
$fit4 << EOD
0 318.229
1024 34729.9
EOD
$pts5 << EOD
0 126.095 125.565 126.997
16 181.323 180.216 182.631
64 181.599 179.545 183.172
256 186.638 184.665 187.89
1024 128.044 127.277 128.891
EOD
$fit5 << EOD
0 169.892
1024 135.437
EOD
$pts6 << EOD
0 29.024 28.934 29.234
16 67.664 67.351 67.937
64 77.951 77.248 78.701
256 70.387 70.021 70.746
1024 71.754 71.295 72.135
EOD
$fit6 << EOD
0 59.2127
1024 74.8111
EOD
set multiplot layout 3, 3 title title font ',14' margins 0.07, 0.98, 0.064, 0.918 spacing 0.07, 0.093
set xlabel 'parent RSS (MiB), linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork touched param=rss\nslope 33833 µs/GiB [32709, 34957], R² 1.000\nmisses the 0 point by 57%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%; narrower than the dot', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "vfork touched param=rss\nslope -1.99 µs/GiB [-2.96, -1.02], R² 0.935\nmisses the 64 point by 0%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "clone-vm-vfork touched param=rss\nslope 5.99 µs/GiB [-8.66, 20.6], R² 0.361\nmisses the 64 point by 6%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "posix_spawn static touched param=rss\nslope -0.647 µs/GiB [-17, 15.7], R² 0.005\nmisses the 256 point by 3%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts3 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit3 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "fork+exec static touched param=rss\nslope 34412 µs/GiB [33687, 35136], R² 1.000\nmisses the 0 point by 69%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts4 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%; narrower than the dot', \
     $fit4 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "fork untouched param=rss\nslope -34.5 µs/GiB [-153, 83.7], R² 0.223\nmisses the 0 point by 35%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts5 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit5 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
set title "vfork untouched param=rss\nslope 15.6 µs/GiB [-64.5, 95.7], R² 0.114\nmisses the 0 point by 104%" font ',11'
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts6 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95%', \
     $fit6 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)'
unset multiplot
