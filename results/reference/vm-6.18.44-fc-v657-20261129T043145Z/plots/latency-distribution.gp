# latency-distribution: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'latency-distribution'.'.'.fmt
width = 1500; height = 568
title = "Distribution of the main methods' latency: p25–p75 box, median, p5–p95 whiskers, p99 and max (µs, log scale)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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

$ticks0 << EOD
0 "pthread cpu=0"
1 "clone-vm-vfork cpu=0"
2 "vfork cpu=0"
3 "pthread"
4 "clone-vm-vfork"
5 "vfork"
6 "fork cpu=0"
7 "posix_spawn static cpu=0"
8 "posix_spawn static"
9 "fork"
10 "fork+exec static"
11 "posix_spawn dynamic"
12 "fork+exec dynamic"
EOD
$p0s0 << EOD
0 11.3715 11.161 15.0482 10.85 18.5625
1 12.5885 12.063 14.968 11.672 20.0225
2 12.1925 12.032 14.627 11.621 17.583
3 30.176 23.233 44.452 12.537 54.6612
4 22.5575 19.209 40.9615 16.671 54.8576
5 21.86 18.364 37.405 16.421 51.987
6 76.638 76.432 87.804 74.633 114.243
7 117.499 116.067 155.82 113.031 178.923
8 122.599 117.903 170.823 112.779 232.283
9 112.231 98.092 128.52 81.989 160.269
10 249.177 161.02 255.647 155.019 313.629
11 559.233 547.651 653.173 537.272 824.159
12 687.092 602.083 827.663 578.218 967.102
EOD
$p0s1 << EOD
0 25.2217 25.2217 25.2217 25.2217 25.2217
1 26.4396 26.4396 26.4396 26.4396 26.4396
2 21.8902 21.8902 21.8902 21.8902 21.8902
3 89.7716 89.7716 89.7716 89.7716 89.7716
4 89.508 89.508 89.508 89.508 89.508
5 86.8096 86.8096 86.8096 86.8096 86.8096
6 185.394 185.394 185.394 185.394 185.394
7 241.731 241.731 241.731 241.731 241.731
8 385.575 385.575 385.575 385.575 385.575
9 307.001 307.001 307.001 307.001 307.001
10 549.426 549.426 549.426 549.426 549.426
11 934.765 934.765 934.765 934.765 934.765
12 1177.06 1177.06 1177.06 1177.06 1177.06
EOD
$p0s2 << EOD
0 1522.45 1522.45 1522.45 1522.45 1522.45
1 1114.08 1114.08 1114.08 1114.08 1114.08
2 1242.41 1242.41 1242.41 1242.41 1242.41
3 1077.49 1077.49 1077.49 1077.49 1077.49
4 2787.48 2787.48 2787.48 2787.48 2787.48
5 1152.36 1152.36 1152.36 1152.36 1152.36
6 724.04 724.04 724.04 724.04 724.04
7 1613.33 1613.33 1613.33 1613.33 1613.33
8 1293.63 1293.63 1293.63 1293.63 1293.63
9 855.072 855.072 855.072 855.072 855.072
10 1420.31 1420.31 1420.31 1420.31 1420.31
11 1061.99 1061.99 1061.99 1061.99 1061.99
12 3336.9 3336.9 3336.9 3336.9 3336.9
EOD
$ticks1 << EOD
0 "pthread cpu=0"
1 "clone-vm-vfork cpu=0"
2 "vfork cpu=0"
3 "pthread"
4 "clone-vm-vfork"
5 "vfork"
6 "fork cpu=0"
7 "posix_spawn static cpu=0"
8 "posix_spawn static"
9 "fork"
10 "fork+exec static"
11 "posix_spawn dynamic"
12 "fork+exec dynamic"
EOD
$p1s0 << EOD
0 22.261 22.0918 29.8483 21.7023 35.0453
1 29.039 28.3655 34.9225 27.792 44.6705
2 29.079 28.904 34.264 28.302 39.122
3 52.868 40.225 83.375 24.0144 102.295
4 72.31 54.0035 85.489 37.931 107
5 75.754 49.983 82.277 37.7806 102.706
6 126.06 126.736 148.076 123.817 189.044
7 147.571 146.142 195.264 142.676 226.592
8 154.673 148.53 217.007 142.434 306.588
9 192.269 164.226 228.977 135.749 281.289
10 302.675 193.856 315.048 186.898 386.614
11 644.557 631.005 751.943 617.148 947.931
12 782.73 688.344 940.344 658.025 1094.67
EOD
$p1s1 << EOD
0 72.8696 72.8696 72.8696 72.8696 72.8696
1 80.0372 80.0372 80.0372 80.0372 80.0372
2 75.7296 75.7296 75.7296 75.7296 75.7296
3 160.993 160.993 160.993 160.993 160.993
4 213.043 213.043 213.043 213.043 213.043
5 186.884 186.884 186.884 186.884 186.884
6 268.333 268.333 268.333 268.333 268.333
7 444.77 444.77 444.77 444.77 444.77
8 500.111 500.111 500.111 500.111 500.111
9 497.176 497.176 497.176 497.176 497.176
10 721.367 721.367 721.367 721.367 721.367
11 1048.98 1048.98 1048.98 1048.98 1048.98
12 1336.33 1336.33 1336.33 1336.33 1336.33
EOD
$p1s2 << EOD
0 1544.79 1544.79 1544.79 1544.79 1544.79
1 1149.12 1149.12 1149.12 1149.12 1149.12
2 1268.85 1268.85 1268.85 1268.85 1268.85
3 1814.59 1814.59 1814.59 1814.59 1814.59
4 4161.28 4161.28 4161.28 4161.28 4161.28
5 3841.32 3841.32 3841.32 3841.32 3841.32
6 781.287 781.287 781.287 781.287 781.287
7 1651.53 1651.53 1651.53 1651.53 1651.53
8 1422.07 1422.07 1422.07 1422.07 1422.07
9 4288.6 4288.6 4288.6 4288.6 4288.6
10 2227.18 2227.18 2227.18 2227.18 2227.18
11 1245.4 1245.4 1245.4 1245.4 1245.4
12 3820.99 3820.99 3820.99 3820.99 3820.99
EOD
set multiplot layout 1, 2 title title font ',14' margins 0.155, 0.98, 0.246, 0.850 spacing 0.03, 0
set yrange [12.5 : -0.5]
set ytics scale 0
unset key
set label 999 'Over all samples of all repetitions. pinned rows are labelled cpu=N, the others unpinned' at screen 0.5, 0.0246 center font ',10'
set object 800 rect center screen 0.2457, 0.1056 size screen 0.0147, 0.0026 fc '#7f7f7f' fs solid 1 noborder front
set label 900 'p5–p95' at screen 0.2570, 0.1056 left
set object 801 rect center screen 0.3097, 0.1056 size screen 0.0147, 0.0176 fc '#1f77b4' fs solid 0.35 noborder front
set label 901 'box: p25–p75 (quartiles of the samples, not an interval)' at screen 0.3210, 0.1056 left
set label 802 '' at screen 0.6070, 0.1056 point pt 7 ps 1.1 lc '#1f77b4'
set label 902 'median; box: p25–p75' at screen 0.6183, 0.1056 left
set label 803 '' at screen 0.7363, 0.1056 point pt 2 ps 1.1 lc '#d62728'
set label 903 'p99' at screen 0.7477, 0.1056 left
set label 810 '' at screen 0.4910, 0.0704 point pt 6 ps 1.1 lc '#555555'
set label 910 'max' at screen 0.5023, 0.0704 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [4.34 : 5339.05]
set xlabel 'µs (log scale)'
set title 'start_ns: the child runs its first instruction' font ',12'
set ytics format '%g'
plot $ticks0 using (4.34):1:ytic(2) with points pt -1 ps 0 notitle, \
     $p0s0 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p0s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p0s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p0s1 using 2:1 with points pt 2 ps 1.0 lc '#d62728' notitle, \
     $p0s2 using 2:1 with points pt 6 ps 1.0 lc '#555555' notitle
unset label
unset label 800; unset label 900; unset object 800
unset label 801; unset label 901; unset object 801
unset label 802; unset label 902; unset object 802
unset label 803; unset label 903; unset object 803
unset label 810; unset label 910; unset object 810
unset label 999
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [8.68094 : 6861.76]
set xlabel 'µs (log scale)'
set title 'total_ns: the child is reaped (waitpid)' font ',12'
set ytics format ''
plot $ticks1 using (8.68094):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p1s0 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p1s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p1s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p1s1 using 2:1 with points pt 2 ps 1.0 lc '#d62728' notitle, \
     $p1s2 using 2:1 with points pt 6 ps 1.0 lc '#555555' notitle
unset label
unset multiplot
