# timeline-phases: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'timeline-phases'.'.'.fmt
width = 1500; height = 1984
title = "Distribution of each kernel phase of a creation, per configuration: p25–p75 box, median, p5–p95 whiskers (µs, log scale)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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

$c0 << EOD
0.633333 62.236 56.0025 75.7943 48.2675 91.3427
1.63333 6.302 5.721 7.814 5.38 9.27725
2.63333 21.5355 13.205 37.9032 10.791 50.152
3.63333 39.7645 34.795 44.5855 29.064 58.9225
5.63333 78.475 64.9617 94.3585 52.3177 122.454
6.63333 4.859 4.298 5.601 3.648 6.582
7.63333 223.411 199.009 259.93 160.89 330.321
8.63333 203.269 146.792 224.15 126.697 291.489
EOD
$c1 << EOD
0.7 14.978 12.995 16.942 12.143 20.839
1.7 5.61 4.849 6.345 4.688 7.644
2.7 3.848 3.356 4.579 3.255 34.4035
3.7 6.492 5.46 7.263 5.27 8.856
5.7 55.7255 49.116 63.6235 29.917 78.0006
6.7 2.454 2.285 2.755 1.482 3.316
7.7 90.948 79.856 103.257 66.9664 132.381
8.7 62.101 40.225 83.2305 28.9882 106.538
EOD
$c2 << EOD
0.766667 14.2865 12.874 16.981 10.049 21.5225
1.76667 5.14 4.829 6.402 4.538 7.835
2.76667 3.8725 3.377 5.12 3.236 38.1705
3.76667 6.001 5.239 7.254 4.96 9.247
5.76667 51.966 37.5282 62.7122 23.483 75.8925
6.76667 2.395 1.804 2.655 1.232 3.276
7.76667 88.5365 78.2855 103.603 52.007 130.929
8.76667 61.59 37.339 81.5683 28.173 106.993
EOD
$c3 << EOD
0.833333 14.728 12.8108 16.491 12.073 19.5069
1.83333 5.1895 4.599 5.961 4.348 7.464
2.83333 3.567 3.216 4.188 3.136 5.14765
3.83333 127.558 110.193 144.712 106.228 172.992
4.83333 13.631 12.052 15.259 11.612 18.5226
5.83333 31.579 27.612 36.1902 26.93 44.1605
6.83333 7.094 6.192 8.048 5.901 9.829
7.83333 206.601 177.391 233.791 171.901 284.07
8.83333 181.072 147.716 199.865 142.756 262.975
EOD
$c4 << EOD
0.9 56.105 51.406 65.2745 49.272 82.2708
1.9 5.7055 5.039 6.382 4.729 8.00525
2.9 15.83 14.487 17.833 12.4608 36.8865
3.9 120.866 103.954 173.268 100.578 228.567
4.9 13.465 12.243 14.778 11.752 18.1863
5.9 32.11 27.9097 52.7945 27.05 72.6197
6.9 4.729 4.188 5.25 3.938 6.302
7.9 262.469 220.519 332.007 213.185 436.414
8.9 238.746 194.367 284.373 188.75 386.207
EOD
$c5 << EOD
0.966667 47.9695 47.4057 50.063 46.5579 71.9315
1.96667 4.679 4.508 4.949 4.388 6.5325
2.96667 13.555 11.732 13.796 11.281 18.0745
3.96667 28.904 28.3305 29.345 26.9 38.252
5.96667 49.1065 48.851 50.7343 48.19 69.1094
6.96667 3.626 3.477 3.77 3.346 4.91945
7.96667 147.766 146.103 153.827 143.277 221.413
8.96667 123.491 122.228 128.78 120.422 198.037
EOD
$c6 << EOD
1.03333 9.377 8.957 10.9533 8.646 16.1868
2.03333 3.607 3.506 3.907 3.436 5.821
3.03333 2.725 2.676 2.826 2.625 4.19385
4.03333 4.338 4.278 4.538 4.218 7.023
6.03333 20.96 20.759 21.52 20.4883 31.9397
7.03333 1.352 1.333 1.522 1.312 2.105
8.03333 42.4045 41.808 44.904 41.197 71.5195
9.03333 29.615 28.704 36.0502 28.113 52.358
EOD
$c7 << EOD
1.1 9.387 8.997 10.379 8.716 16.4833
2.1 3.697 3.617 3.827 3.437 4.508
3.1 2.735 2.705 2.796 2.645 3.246
4.1 3.968 3.927 4.058 3.87475 5.009
6.1 20.598 20.418 20.879 20.038 24.816
7.1 1.372 1.343 1.493 1.322 1.704
8.1 41.848 41.267 43.2002 40.516 72.31
9.1 29.034 28.643 35.8295 28.203 54.9631
EOD
$c8 << EOD
1.16667 12.849 12.504 13.5552 12.083 15.9117
2.16667 4.469 4.338 4.679 4.228 5.29
3.16667 3.236 3.186 3.306 3.126 3.822
4.16667 108.898 107.222 113.056 105.215 150.571
5.16667 11.983 11.722 12.323 11.401 14.4195
6.16667 27.4015 27.08 28.112 26.589 36.468
7.16667 6.091 5.99 6.322 5.831 7.4535
8.16667 175.618 173.212 182.017 170.328 248.679
9.16667 147.149 144.119 152.985 140.982 209.402
EOD
$c9 << EOD
1.23333 51.7765 50.664 54.2467 49.643 73.7015
2.23333 4.758 4.698 5.11 4.579 6.913
3.23333 14.858 12.824 15.188 12.393 19.2434
4.23333 105.112 103.212 107.71 101.47 160.551
5.23333 12.2075 11.983 12.694 11.732 16.729
6.23333 27.591 27.311 28.523 26.93 38.5645
7.23333 4.208 4.068 4.399 3.94755 5.541
8.23333 220.341 217.134 227.65 213.695 323.293
9.23333 193.04 190.005 197.049 186.508 264.869
EOD
$c10 << EOD
1.3 1072.84 1026.88 1225.21 1010.96 1471.17
2.3 7.329 6.62275 8.646 5.946 11.1578
3.3 18.56 14.2888 38.1525 12.398 58.2035
4.3 43.6765 34.0988 53.5868 32.115 65.8005
6.3 1251.36 1136.26 1467.83 1116.79 1623.57
7.3 5.1645 4.7155 6.117 4.18475 7.02075
8.3 2436.08 2291.4 2784.07 2211.62 3095.53
9.3 2360.42 2268.52 2596.64 2199.86 3198.53
EOD
$c11 << EOD
1.36667 4253.94 4180.34 4388.26 4039.15 5477.31
2.36667 12.038 10.284 13.2975 8.666 15.0855
3.36667 19.8925 14.3852 23.7518 5.951 28.3278
4.36667 48.015 43.466 54.5147 38.441 65.001
6.36667 4738.79 4576.12 4947.67 4398.1 6290.64
7.36667 7.418 6.2395 9.57125 3.4885 13.861
8.36667 9040.92 8816.11 9416.53 8577.23 11722.2
9.36667 9508.22 8970.75 11387.9 8526.38 12720.4
EOD
set title title font ',13'
set yrange [9.5 : 0.5]
set ytics scale 0 font ',12'
set grid noytics
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [0.4928 : 20352.7]
set xlabel 'µs (log scale); quartiles of the samples, not an interval; pinned rows are labelled cpu=N, the others unpinned'
set key outside bottom center horizontal maxrows 4 samplen 2 font ',10'
set lmargin 25
set ytics add ('copy' 1)
set object 1 rect from graph 0, first 0.5 to graph 1, first 1.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('wakeup' 2)
set ytics add ('sched delay' 3)
set object 3 rect from graph 0, first 2.5 to graph 1, first 3.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('child run' 4)
set ytics add ('exec run' 5)
set object 5 rect from graph 0, first 4.5 to graph 1, first 5.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('reap' 6)
set ytics add ('remainder (user space)' 7)
set object 7 rect from graph 0, first 6.5 to graph 1, first 7.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('total (traced)' 8)
set ytics add ('total (untraced)' 9)
set object 9 rect from graph 0, first 8.5 to graph 1, first 9.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
plot $c0 using 2:1:5:6 with xerrorbars lc '#1f77b4' pt -1 lw 1.2 notitle, \
     $c0 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#1f77b4' fs solid 0.6 border lc '#444444' notitle, \
     $c0 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#1f77b4' title 'fork', \
     $c1 using 2:1:5:6 with xerrorbars lc '#ff7f0e' pt -1 lw 1.2 notitle, \
     $c1 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#ff7f0e' fs solid 0.6 border lc '#444444' notitle, \
     $c1 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#ff7f0e' title 'vfork', \
     $c2 using 2:1:5:6 with xerrorbars lc '#2ca02c' pt -1 lw 1.2 notitle, \
     $c2 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#2ca02c' fs solid 0.6 border lc '#444444' notitle, \
     $c2 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#2ca02c' title 'clone-vm-vfork', \
     $c3 using 2:1:5:6 with xerrorbars lc '#d62728' pt -1 lw 1.2 notitle, \
     $c3 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#d62728' fs solid 0.6 border lc '#444444' notitle, \
     $c3 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#d62728' title 'posix_spawn static', \
     $c4 using 2:1:5:6 with xerrorbars lc '#9467bd' pt -1 lw 1.2 notitle, \
     $c4 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#9467bd' fs solid 0.6 border lc '#444444' notitle, \
     $c4 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#9467bd' title 'fork+exec static', \
     $c5 using 2:1:5:6 with xerrorbars lc '#8c564b' pt -1 lw 1.2 notitle, \
     $c5 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#8c564b' fs solid 0.6 border lc '#444444' notitle, \
     $c5 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#8c564b' title 'fork cpu=0', \
     $c6 using 2:1:5:6 with xerrorbars lc '#e377c2' pt -1 lw 1.2 notitle, \
     $c6 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#e377c2' fs solid 0.6 border lc '#444444' notitle, \
     $c6 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#e377c2' title 'vfork cpu=0', \
     $c7 using 2:1:5:6 with xerrorbars lc '#17becf' pt -1 lw 1.2 notitle, \
     $c7 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#17becf' fs solid 0.6 border lc '#444444' notitle, \
     $c7 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#17becf' title 'clone-vm-vfork cpu=0', \
     $c8 using 2:1:5:6 with xerrorbars lc '#bcbd22' pt -1 lw 1.2 notitle, \
     $c8 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#bcbd22' fs solid 0.6 border lc '#444444' notitle, \
     $c8 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#bcbd22' title 'posix_spawn static cpu=0', \
     $c9 using 2:1:5:6 with xerrorbars lc '#7f7f7f' pt -1 lw 1.2 notitle, \
     $c9 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#7f7f7f' fs solid 0.6 border lc '#444444' notitle, \
     $c9 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#7f7f7f' title 'fork+exec static cpu=0', \
     $c10 using 2:1:5:6 with xerrorbars lc '#393b79' pt -1 lw 1.2 notitle, \
     $c10 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#393b79' fs solid 0.6 border lc '#444444' notitle, \
     $c10 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#393b79' title 'fork rss=64M touched', \
     $c11 using 2:1:5:6 with xerrorbars lc '#e7969c' pt -1 lw 1.2 notitle, \
     $c11 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#e7969c' fs solid 0.6 border lc '#444444' notitle, \
     $c11 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#e7969c' title 'fork rss=256M touched'
