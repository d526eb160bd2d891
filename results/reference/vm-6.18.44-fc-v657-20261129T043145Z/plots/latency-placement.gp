# latency-placement: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'latency-placement'.'.'.fmt
width = 1500; height = 808
title = "CPU placement: creation latency unpinned (the scheduler places the child) vs pinned (parent and child on one CPU), µs, log scale\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
0 "clone-thread"
1 "pthread"
2 "clone-sighand"
3 "clone3-vm-vfork"
4 "clone-vm"
5 "clone-vm-vfork"
6 "vfork"
7 "posix_spawn static"
8 "clone3"
9 "clone-files"
10 "clone3-pidfd"
11 "fork"
12 "clone-newuser"
13 "clone-pidfd"
14 "clone3-into-cgroup"
15 "clone-fs"
16 "clone"
17 "clone-newpid"
18 "clone-newcgroup"
19 "clone-newuts"
20 "clone-newipc"
21 "clone-newns"
22 "clone-newnet"
EOD
$p0s0 << EOD
-0.18 17.703 17.4725 18.274 9.287 26.018
0.82 20.228 8.195 23.615 9.177 31.5186
1.82 22.441 10.33 25.608 16.892 35.085
2.82 28.493 26.479 42.259 23.824 100.844
3.82 23.334 22.953 23.924 17.342 35.987
4.82 31.864 17.5975 36.288 23.784 97.6479
5.82 30.647 27.371 34.87 23.914 93.4586
6.82 88.926 84.367 114.408 83.265 220.213
7.82 69.128 67.025 89.206 59.341 107.776
8.82 74.264 66.544 89.6875 58.8 107.964
9.82 71.894 56.27 94.5265 63.4739 113.466
10.82 69.018 53.9005 86.271 57.533 105.262
11.82 81.397 79.8535 97.533 70.301 126.974
12.82 75.321 74.008 78.156 65.6202 103.27
13.82 81.391 73.948 100.643 66.498 119.931
14.82 71.363 70.431 77.845 60.9676 109.512
15.82 79.6635 76.122 85.2285 61.465 108.392
16.82 78.858 59.22 86.2055 65.883 116.343
17.82 83.986 72.416 97.9475 63.3113 117.709
18.82 79.4385 72.836 92.071 63.158 116.387
19.82 101.52 80.5405 123.03 88.615 149.098
20.82 108.848 89.507 116.457 90.258 167.001
21.82 477.611 451.998 613.97 442.796 745.213
EOD
$p0s1 << EOD
0.18 7.093 7.023 7.684 6.703 9.247
1.18 8.215 8.005 11.161 7.704 13.736
2.18 10.219 10.019 12.003 9.679 14.2325
3.18 17.943 17.648 24.927 17.152 27.361
4.18 10.569 10.49 12.874 9.949 15.499
5.18 17.9435 17.172 22.1465 16.951 28.323
6.18 18.1135 17.933 21.951 17.482 24.876
7.18 85.87 85.374 117.835 83.676 128.92
8.18 52.473 52.0475 77.1185 51.2518 80.6611
9.18 52.218 50.1485 61.986 49.277 67.8418
10.18 57.7175 56.495 88.7855 54.94 93.035
11.18 51.682 47.699 57.893 47.8456 75.5348
12.18 63.939 63.1175 101.174 61.1749 104.297
13.18 58.414 57.232 76.102 56.4877 84.2645
14.18 59.125 57.437 85.555 57.042 92.5292
15.18 53.53 51.8965 63.799 51.0592 74.527
16.18 53.44 52.262 62.001 51.9438 70.2272
17.18 58.289 57.1565 72.2 56.2542 76.668
18.18 57.3625 53.48 80.27 56.6097 93.162
19.18 56.781 55.6485 77.424 55.229 89.8888
20.18 83.3105 80.901 113.346 79.4045 123.244
21.18 89.081 86.451 99.015 85.318 122.395
22.18 451.292 442.555 633.892 423.82 716.837
EOD
$ticks1 << EOD
0 "clone-thread"
1 "pthread"
2 "clone-sighand"
3 "clone3-vm-vfork"
4 "clone-vm"
5 "clone-vm-vfork"
6 "vfork"
7 "posix_spawn static"
8 "clone3"
9 "clone-files"
10 "clone3-pidfd"
11 "fork"
12 "clone-newuser"
13 "clone-pidfd"
14 "clone3-into-cgroup"
15 "clone-fs"
16 "clone"
17 "clone-newpid"
18 "clone-newcgroup"
19 "clone-newuts"
20 "clone-newipc"
21 "clone-newns"
22 "clone-newnet"
EOD
$p1s0 << EOD
-0.18 23.3135 21.1395 24.837 12.2165 45.52
0.82 30.176 11.401 31.1075 12.537 54.6612
1.82 31.719 12.694 34.19 19.837 54.7154
2.82 20.7585 19.266 31.088 16.471 56.4328
3.82 33.5025 32.35 36.894 20.268 55.96
4.82 22.5575 12.313 25.918 16.671 54.8576
5.82 21.86 19.647 24.746 16.421 51.987
6.82 122.599 115.285 157.79 112.779 232.283
7.82 94.698 93.189 120.661 77.0035 157.091
8.82 108.543 93.868 122.391 77.7031 154.245
9.82 102.97 72.4455 132.976 81.272 166.612
10.82 112.231 77.4595 124.823 81.989 160.269
11.82 114.308 108.616 134.854 89.4393 174.54
12.82 108.138 106.045 118.722 84.896 150.222
13.82 111.427 99.476 132.904 84.231 164.105
14.82 108.648 98.855 113.908 79.9594 156.012
15.82 112.573 101.419 113.829 80.25 150.453
16.82 115.906 76.9035 122.219 85.119 162.457
17.82 117.6 99.999 137.531 82.875 171.014
18.82 119.708 101.125 124.356 83.075 165.824
19.82 133.654 98.574 153.642 109.535 202.359
20.82 131.38 107.921 140.853 109.905 195.915
21.82 519.742 480.69 666.705 467.38 1166.99
EOD
$p1s1 << EOD
0.18 9.558 9.488 10.53 9.167 12.108
1.18 11.3715 11.1655 15.5145 10.85 18.5625
2.18 12.594 12.348 14.798 12.0224 17.052
3.18 12.564 12.308 17.292 11.862 19.356
4.18 12.974 12.854 15.769 12.323 18.485
5.18 12.5885 11.867 15.469 11.672 20.0225
6.18 12.1925 12.042 15.008 11.621 17.583
7.18 117.499 116.507 161.206 113.031 178.923
8.18 68.628 67.8865 101.945 67.221 106.062
9.18 69.2695 67.286 82.834 66.129 98.9043
10.18 74.1735 72.941 114.523 71.3355 119.006
11.18 76.638 74.544 89.271 74.633 114.243
12.18 82.1385 80.716 128.53 78.415 131.566
13.18 77.144 74.3785 99.741 74.038 110.398
14.18 75.6255 73.547 109.023 73.126 118.549
15.18 71.0825 68.9185 86.166 67.9939 101.673
16.18 70.727 69.3995 81.9425 68.9166 96.255
17.18 76.588 74.5185 93.364 73.3572 100.635
18.18 74.735 70.722 105.056 73.993 122.537
19.18 74.033 72.816 101.098 72.521 118.16
20.18 101.675 99.0695 138.083 97.4315 148.802
21.18 108.442 105.146 120.094 103.834 149.19
22.18 473.694 466.099 661.353 446.001 731.834
EOD
$ticks2 << EOD
0 "clone-thread"
1 "pthread"
2 "clone-sighand"
3 "clone3-vm-vfork"
4 "clone-vm"
5 "clone-vm-vfork"
6 "vfork"
7 "posix_spawn static"
8 "clone3"
9 "clone-files"
10 "clone3-pidfd"
11 "fork"
12 "clone-newuser"
13 "clone-pidfd"
14 "clone3-into-cgroup"
15 "clone-fs"
16 "clone"
17 "clone-newpid"
18 "clone-newcgroup"
19 "clone-newuts"
20 "clone-newipc"
21 "clone-newns"
22 "clone-newnet"
EOD
$p2s0 << EOD
-0.18 38.933 35.281 41.552 22.7655 82.945
0.82 52.868 22.2715 53.93 24.0144 102.295
1.82 56.425 24.626 71.283 35.336 113.241
2.82 68.733 62.866 89.727 37.27 111.582
3.82 69.4245 59.451 74.038 36.138 115.059
4.82 72.31 28.6435 81.387 37.931 107
5.82 75.754 67.075 80.2725 37.7806 102.706
6.82 154.673 145.502 199.632 142.434 306.588
7.82 178.933 173.644 222.024 135.638 296.462
8.82 190.13 172.932 214.786 132.556 277.273
9.82 190.416 126.461 235.604 141.78 306.171
10.82 192.269 126.15 221.484 135.749 281.289
11.82 192.269 186.137 231.812 146.029 306.353
12.82 192.82 190.245 213.864 144.219 272.452
13.82 198.295 179.985 234.648 140.933 301.341
14.82 199.152 180.427 204.661 135.918 286.464
15.82 202.227 180.917 208.97 136.776 272.448
16.82 210.017 130.574 214.546 142.736 294.19
17.82 210.764 181.97 239.046 140.542 314.461
18.82 212.111 183.502 218.387 140.432 298.318
19.82 214.029 151.853 241.4 167.452 336.908
20.82 280.002 234.602 313.695 237.293 443.798
21.82 613.254 567.348 782.26 531.35 1593.25
EOD
$p2s1 << EOD
0.18 18.084 18.014 19.927 17.633 21.535
1.18 22.261 22.111 30.386 21.7023 35.0453
2.18 24.576 24.365 28.733 23.915 32.188
3.18 29.094 28.784 40.135 28.0135 43.292
4.18 25.297 25.077 30.607 24.436 34.896
5.18 29.039 28.0825 35.7765 27.792 44.6705
6.18 29.079 28.924 35.036 28.302 39.122
7.18 147.571 146.278 203.069 142.676 226.592
8.18 122.313 118.998 175.192 118.129 187.016
9.18 118.992 116.668 143.096 114.914 177.17
10.18 129.712 127.959 201.767 126.905 209.57
11.18 126.06 124.252 149.644 123.817 189.044
12.18 134.431 131.917 213.729 129.71 217.743
13.18 131.956 128.68 172.181 128.108 201
14.18 131.47 124.742 185.611 125.712 202.499
15.18 122.028 118.671 147.054 117.632 166.836
16.18 121.512 120.355 141.233 119.31 169.379
17.18 129.782 126.506 158.53 124.998 180.357
18.18 127.563 122.664 182.941 126.356 236.82
19.18 125.98 124.187 173.864 123.893 223.86
20.18 155.37 152.194 212.27 150.751 225.993
21.18 259.083 233.284 292.205 226.927 350.199
22.18 536.32 528.976 745.942 504.31 836.179
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.123, 0.98, 0.149, 0.895 spacing 0.03, 0
set yrange [22.5 : -0.5]
set ytics scale 0
unset key
set label 999 'Each row: the unpinned configuration (named) above its pinned twin' at screen 0.5, 0.0173 center font ',10'
set object 800 rect center screen 0.2293, 0.0495 size screen 0.0147, 0.0019 fc '#7f7f7f' fs solid 1 noborder front
set label 900 'p5–p95' at screen 0.2407, 0.0495 left
set object 801 rect center screen 0.2933, 0.0495 size screen 0.0147, 0.0124 fc '#1f77b4' fs solid 0.35 noborder front
set label 901 'box: CI of the median, 93.75%' at screen 0.3047, 0.0495 left
set label 802 '' at screen 0.4647, 0.0495 point pt 7 ps 1.1 lc '#1f77b4'
set label 902 'unpinned: median (circle)' at screen 0.4760, 0.0495 left
set label 803 '' at screen 0.6173, 0.0495 point pt 5 ps 1.1 lc '#ff7f0e'
set label 903 'pinned, --cpu 0: median (square)' at screen 0.6287, 0.0495 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [2.6812 : 1192.34]
set xlabel 'µs (log scale)'
set title 'call_ns: the parent''s call returns' font ',12'
set ytics format '%g'
plot $ticks0 using (2.6812):1:ytic(2) with points pt -1 ps 0 notitle, \
     $p0s0 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p0s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p0s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p0s1 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p0s1 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#ff7f0e' notitle, \
     $p0s1 using 2:1 with points pt 5 ps 1.0 lc '#ff7f0e' notitle
unset label
unset label 800; unset label 900; unset object 800
unset label 801; unset label 901; unset object 801
unset label 802; unset label 902; unset object 802
unset label 803; unset label 903; unset object 803
unset label 999
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [3.6668 : 1867.18]
set xlabel 'µs (log scale)'
set title 'start_ns: the child runs its first instruction' font ',12'
set ytics format ''
plot $ticks1 using (3.6668):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p1s0 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p1s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p1s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p1s1 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p1s1 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#ff7f0e' notitle, \
     $p1s1 using 2:1 with points pt 5 ps 1.0 lc '#ff7f0e' notitle
unset label
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [7.0532 : 2549.19]
set xlabel 'µs (log scale)'
set title 'total_ns: the child is reaped (waitpid)' font ',12'
set ytics format ''
plot $ticks2 using (7.0532):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p2s0 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p2s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p2s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p2s1 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p2s1 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#ff7f0e' notitle, \
     $p2s1 using 2:1 with points pt 5 ps 1.0 lc '#ff7f0e' notitle
unset label
unset multiplot
