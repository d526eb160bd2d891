# latency-distribution: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'latency-distribution'.'.'.fmt
width = 1500; height = 672
title = "Distribution of the main methods' latency: p25–p75 box, median, p5–p95 whiskers, p99 and max (µs, log scale)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
3 "clone-vm-vfork"
4 "pthread"
5 "vfork"
6 "posix_spawn static cpu=0"
7 "fork"
8 "fork cpu=0"
9 "fork+exec static"
10 "posix_spawn static"
11 "fork rss=256M touched thp=2M cpu=0"
12 "fork+exec dynamic"
13 "posix_spawn dynamic"
14 "fork rss=256M touched thp=64K cpu=0"
15 "fork rss=256M touched thp=16K cpu=0"
16 "fork rss=256M touched thp=never cpu=0"
EOD
$p0s0 << EOD
0 13.546 13.225 14.407 12.854 17.874
1 13.5405 13.445 18.9735 12.4563 22.823
2 17.703 16.7365 19.672 12.7631 22.828
3 22.542 18.345 25.347 15.8672 32.1162
4 23.6295 18.254 25.1878 14.748 30.2474
5 22.743 19.266 25.738 15.038 33.7159
6 161.393 156.153 181.1 151.358 228.048
7 122.45 105.883 138.97 85.221 169.139
8 124.564 118.452 131.682 88.6255 162.166
9 226.775 200.448 280.339 171.374 349.025
10 228.97 164.9 235.471 149.629 272.196
11 189.225 183.446 205.918 176.06 244.609
12 633.318 534.728 702.981 493.175 834.558
13 673.333 532.078 701.651 472.393 780.005
14 3960.85 3722 4368.47 3230.66 5032.82
15 4801.1 4478.49 5074.72 4008.73 6019.08
16 6821.53 6302.19 7804.1 5404.29 9868.09
EOD
$p0s1 << EOD
0 38.839 38.839 38.839 38.839 38.839
1 52.441 52.441 52.441 52.441 52.441
2 51.7636 51.7636 51.7636 51.7636 51.7636
3 60.2496 60.2496 60.2496 60.2496 60.2496
4 55.9294 55.9294 55.9294 55.9294 55.9294
5 59.8957 59.8957 59.8957 59.8957 59.8957
6 544.008 544.008 544.008 544.008 544.008
7 291.979 291.979 291.979 291.979 291.979
8 567.606 567.606 567.606 567.606 567.606
9 565.702 565.702 565.702 565.702 565.702
10 486.16 486.16 486.16 486.16 486.16
11 455.947 455.947 455.947 455.947 455.947
12 1083.37 1083.37 1083.37 1083.37 1083.37
13 995.432 995.432 995.432 995.432 995.432
14 5252.64 5252.64 5252.64 5252.64 5252.64
15 6505.52 6505.52 6505.52 6505.52 6505.52
16 10206.3 10206.3 10206.3 10206.3 10206.3
EOD
$p0s2 << EOD
0 500.568 500.568 500.568 500.568 500.568
1 1124.99 1124.99 1124.99 1124.99 1124.99
2 1147.05 1147.05 1147.05 1147.05 1147.05
3 1624.94 1624.94 1624.94 1624.94 1624.94
4 995.186 995.186 995.186 995.186 995.186
5 1191.39 1191.39 1191.39 1191.39 1191.39
6 1145.3 1145.3 1145.3 1145.3 1145.3
7 3119.36 3119.36 3119.36 3119.36 3119.36
8 1099.12 1099.12 1099.12 1099.12 1099.12
9 1206.57 1206.57 1206.57 1206.57 1206.57
10 1353.82 1353.82 1353.82 1353.82 1353.82
11 843.182 843.182 843.182 843.182 843.182
12 2793.25 2793.25 2793.25 2793.25 2793.25
13 1269.17 1269.17 1269.17 1269.17 1269.17
14 5548.77 5548.77 5548.77 5548.77 5548.77
15 6995.88 6995.88 6995.88 6995.88 6995.88
16 10405.7 10405.7 10405.7 10405.7 10405.7
EOD
$ticks1 << EOD
0 "pthread cpu=0"
1 "clone-vm-vfork cpu=0"
2 "vfork cpu=0"
3 "clone-vm-vfork"
4 "pthread"
5 "vfork"
6 "posix_spawn static cpu=0"
7 "fork"
8 "fork cpu=0"
9 "fork+exec static"
10 "posix_spawn static"
11 "fork rss=256M touched thp=2M cpu=0"
12 "fork+exec dynamic"
13 "posix_spawn dynamic"
14 "fork rss=256M touched thp=64K cpu=0"
15 "fork rss=256M touched thp=16K cpu=0"
16 "fork rss=256M touched thp=never cpu=0"
EOD
$p1s0 << EOD
0 26.129 25.638 27.241 24.987 34.665
1 32.05 31.589 43.9405 29.616 55.2482
2 40.526 39.078 44.8445 30.957 61.3541
3 42.099 37.74 49.743 33 66.347
4 42.339 32.4943 44.935 26.3135 56.526
5 45.711 39.735 52.1673 32.6606 70.3825
6 195 187.983 216.676 182.306 279.542
7 198.011 176.656 227.003 139.186 272.625
8 204.91 196.531 223.704 142.413 253.335
9 270.127 237.625 333.392 205.252 416.472
10 275.733 199.995 283.962 180.644 325.889
11 322.425 307.459 338.262 292.007 411.352
12 741.741 625.974 826.016 580.174 1009.87
13 795.321 632.865 827.249 562.057 932.849
14 6051.95 5648.64 6651.11 4646.03 7752.58
15 8233.56 7525.6 8985.93 6443.76 10524.1
16 15038.2 13613.3 16593 12101.1 20488.6
EOD
$p1s1 << EOD
0 54.9748 54.9748 54.9748 54.9748 54.9748
1 99.8446 99.8446 99.8446 99.8446 99.8446
2 83.6996 83.6996 83.6996 83.6996 83.6996
3 143.529 143.529 143.529 143.529 143.529
4 81.174 81.174 81.174 81.174 81.174
5 136.548 136.548 136.548 136.548 136.548
6 618.737 618.737 618.737 618.737 618.737
7 494.553 494.553 494.553 494.553 494.553
8 680.786 680.786 680.786 680.786 680.786
9 711.861 711.861 711.861 711.861 711.861
10 586.075 586.075 586.075 586.075 586.075
11 646.582 646.582 646.582 646.582 646.582
12 1359.98 1359.98 1359.98 1359.98 1359.98
13 1238.03 1238.03 1238.03 1238.03 1238.03
14 8353.89 8353.89 8353.89 8353.89 8353.89
15 10910.2 10910.2 10910.2 10910.2 10910.2
16 21046.9 21046.9 21046.9 21046.9 21046.9
EOD
$p1s2 << EOD
0 518.331 518.331 518.331 518.331 518.331
1 1159.08 1159.08 1159.08 1159.08 1159.08
2 1170.62 1170.62 1170.62 1170.62 1170.62
3 1680.66 1680.66 1680.66 1680.66 1680.66
4 1026.13 1026.13 1026.13 1026.13 1026.13
5 1231.81 1231.81 1231.81 1231.81 1231.81
6 1190.03 1190.03 1190.03 1190.03 1190.03
7 3294.36 3294.36 3294.36 3294.36 3294.36
8 1819.17 1819.17 1819.17 1819.17 1819.17
9 1380.93 1380.93 1380.93 1380.93 1380.93
10 1394.54 1394.54 1394.54 1394.54 1394.54
11 999.805 999.805 999.805 999.805 999.805
12 3022.01 3022.01 3022.01 3022.01 3022.01
13 1935.01 1935.01 1935.01 1935.01 1935.01
14 8667.9 8667.9 8667.9 8667.9 8667.9
15 12236.4 12236.4 12236.4 12236.4 12236.4
16 21439.7 21439.7 21439.7 21439.7 21439.7
EOD
set multiplot layout 1, 2 title title font ',14' margins 0.224, 0.98, 0.208, 0.874 spacing 0.03, 0
set yrange [16.5 : -0.5]
set ytics scale 0
unset key
set label 999 'Over all samples of all repetitions. pinned rows are labelled cpu=N, the others unpinned' at screen 0.5, 0.0208 center font ',10'
set object 800 rect center screen 0.2457, 0.0893 size screen 0.0147, 0.0022 fc '#7f7f7f' fs solid 1 noborder front
set label 900 'p5–p95' at screen 0.2570, 0.0893 left
set object 801 rect center screen 0.3097, 0.0893 size screen 0.0147, 0.0149 fc '#1f77b4' fs solid 0.35 noborder front
set label 901 'box: p25–p75 (quartiles of the samples, not an interval)' at screen 0.3210, 0.0893 left
set label 802 '' at screen 0.6070, 0.0893 point pt 7 ps 1.1 lc '#1f77b4'
set label 902 'median; box: p25–p75' at screen 0.6183, 0.0893 left
set label 803 '' at screen 0.7363, 0.0893 point pt 2 ps 1.1 lc '#d62728'
set label 903 'p99' at screen 0.7477, 0.0893 left
set label 810 '' at screen 0.4910, 0.0595 point pt 6 ps 1.1 lc '#555555'
set label 910 'max' at screen 0.5023, 0.0595 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [4.9825 : 16649.1]
set xlabel 'µs (log scale)'
set title 'start_ns: the child runs its first instruction' font ',12'
set ytics format '%g'
plot $ticks0 using (4.9825):1:ytic(2) with points pt -1 ps 0 notitle, \
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
set xrange [9.9948 : 34303.5]
set xlabel 'µs (log scale)'
set title 'total_ns: the child is reaped (waitpid)' font ',12'
set ytics format ''
plot $ticks1 using (9.9948):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p1s0 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p1s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p1s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p1s1 using 2:1 with points pt 2 ps 1.0 lc '#d62728' notitle, \
     $p1s2 using 2:1 with points pt 6 ps 1.0 lc '#555555' notitle
unset label
unset multiplot
