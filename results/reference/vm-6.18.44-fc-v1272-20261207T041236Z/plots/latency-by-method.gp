# latency-by-method: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'latency-by-method'.'.'.fmt
width = 1500; height = 1744
title = "Creation latency of every latency configuration: median, its CI, p5–p95 (µs, log scale)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
0 "clone-thread cpu=0"
1 "pthread cpu=0"
2 "clone-sighand cpu=0"
3 "clone-thread"
4 "clone3-vm-vfork cpu=0"
5 "clone-vm-vfork cpu=0"
6 "clone-vm cpu=0"
7 "clone-sighand"
8 "vfork cpu=0"
9 "clone3-vm-vfork"
10 "clone-vm-vfork"
11 "pthread"
12 "clone-vm"
13 "vfork"
14 "clone-files cpu=0"
15 "clone-newcgroup cpu=0"
16 "clone3 cpu=0"
17 "clone-newuts cpu=0"
18 "vfork+exec static"
19 "clone-fs cpu=0"
20 "clone-newpid cpu=0"
21 "clone-pidfd cpu=0"
22 "clone3-into-cgroup cpu=0"
23 "clone3-pidfd cpu=0"
24 "clone-newuser cpu=0"
25 "clone-vm-vfork+exec static"
26 "clone3-vm-vfork+exec static"
27 "clone-newipc cpu=0"
28 "clone-fs"
29 "clone-newuser"
30 "clone cpu=0"
31 "clone-files"
32 "clone-pidfd"
33 "clone-newuts"
34 "clone-newcgroup"
35 "posix_spawn static cpu=0"
36 "clone3-into-cgroup"
37 "clone"
38 "fork"
39 "clone-newpid"
40 "clone3"
41 "fork cpu=0"
42 "clone3-pidfd"
43 "clone-newns cpu=0"
44 "clone-newipc"
45 "fork+exec static"
46 "posix_spawn static"
47 "clone-newns"
48 "fork rss=256M touched thp=2M cpu=0"
49 "clone-newnet cpu=0"
50 "clone3-vm-vfork+exec dynamic"
51 "vfork+exec dynamic"
52 "clone-vm-vfork+exec dynamic"
53 "clone-newnet"
54 "fork+exec dynamic"
55 "posix_spawn dynamic"
56 "fork rss=256M touched thp=64K cpu=0"
57 "fork rss=256M touched thp=16K cpu=0"
58 "fork rss=256M touched thp=never cpu=0"
EOD
$p0s0 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 13.185 10.4345 15.6395 9.277 19.597
4 ? ? ? ? ?
5 ? ? ? ? ?
6 ? ? ? ? ?
7 17.833 13.345 22.357 12.0175 26.394
8 ? ? ? ? ?
9 32.121 23.2385 36.218 23.194 49.548
10 32.571 23.304 36.0225 22.5428 47.295
11 17.077 12.779 18.314 11.0205 22.181
12 20.243 14.438 21.68 12.253 25.4079
13 32.977 23.273 37.881 22.101 50.798
14 ? ? ? ? ?
15 ? ? ? ? ?
16 ? ? ? ? ?
17 ? ? ? ? ?
18 60.684 49.874 101.7 45.355 107.201
19 ? ? ? ? ?
20 ? ? ? ? ?
21 ? ? ? ? ?
22 ? ? ? ? ?
23 ? ? ? ? ?
24 ? ? ? ? ?
25 63.363 48.9515 86.7875 44.914 111.144
26 63.9245 55.373 68.8635 46.027 107.655
27 ? ? ? ? ?
28 66.76 58.008 88.717 54.181 104.237
29 84.6835 71.93 99.752 68.148 131.228
30 ? ? ? ? ?
31 80.952 54.051 83.416 51.596 100.895
32 70.402 65.5375 98.275 62.277 108.5
33 86.152 60.023 88.807 59.8847 117.663
34 76.974 59.106 82.535 60.043 113.9
35 ? ? ? ? ?
36 76.0625 66.275 106.941 63.589 126.932
37 85.8765 57.137 90.54 58.2297 117.074
38 80.516 63.379 92.504 57.297 112.506
39 78.878 63.65 89.408 61.754 118.616
40 86.568 59.401 88.617 56.5335 118.297
41 ? ? ? ? ?
42 86.2765 62.763 95.229 60.313 121.73
43 ? ? ? ? ?
44 114.324 99.797 134.958 85.861 162.1
45 65.793 63.7545 88.385 58.2875 115.887
46 179.942 125.825 207.068 118.673 230.504
47 129.112 90.289 137.889 86.921 168.721
48 ? ? ? ? ?
49 ? ? ? ? ?
50 66.524 53.791 75.8775 53.1001 106.708
51 69.961 53.099 73.824 52.408 101.831
52 70.2065 54.322 73.162 53.0375 99.8
53 557.946 505.348 637.846 453.639 795.105
54 83.987 66.104 93.4105 66.0331 122.305
55 192.025 129.262 195.236 129.898 266.527
56 ? ? ? ? ?
57 ? ? ? ? ?
58 ? ? ? ? ?
EOD
$p0s1 << EOD
0 7.905 7.454 10.299 7.074 11.772
1 9.267 9.037 9.5475 8.596 12.363
2 11.3265 10.5195 15.1685 9.979 18.4398
3 ? ? ? ? ?
4 18.775 18.114 19.787 17.7553 29.6636
5 19.327 18.134 27.02 17.9232 32.105
6 14.823 11.121 16.33 10.67 19.266
7 ? ? ? ? ?
8 25.178 18.6 27.481 18.833 32.1401
9 ? ? ? ? ?
10 ? ? ? ? ?
11 ? ? ? ? ?
12 ? ? ? ? ?
13 ? ? ? ? ?
14 56.1405 52.864 80.641 51.724 85.3953
15 57.739 55.935 60.964 54.642 84.5504
16 56.1805 53.781 60.945 52.704 82.6355
17 58.019 57.2525 87.033 55.944 102.524
18 ? ? ? ? ?
19 58.67 51.817 82.896 52.276 94.7538
20 61.606 58.7505 90.851 58.9595 117.764
21 60.4535 58.93 91.8425 57.9084 120.368
22 63.4035 61.535 65.983 59.906 91.3987
23 61.3695 56.386 63.7845 55.439 87.5143
24 66.816 65.202 69.79 62.9648 104.168
25 ? ? ? ? ?
26 ? ? ? ? ?
27 87.4485 82.515 118.212 81.317 147.316
28 ? ? ? ? ?
29 ? ? ? ? ?
30 79.469 57.2375 83.9275 55.814 107.862
31 ? ? ? ? ?
32 ? ? ? ? ?
33 ? ? ? ? ?
34 ? ? ? ? ?
35 127.269 124.403 128.226 120.714 179.821
36 ? ? ? ? ?
37 ? ? ? ? ?
38 ? ? ? ? ?
39 ? ? ? ? ?
40 ? ? ? ? ?
41 81.3175 57.047 86.3265 56.827 116.804
42 ? ? ? ? ?
43 92.5785 90.149 132.389 87.1058 152.837
44 ? ? ? ? ?
45 ? ? ? ? ?
46 ? ? ? ? ?
47 ? ? ? ? ?
48 155.056 150.042 161.638 145.864 202.391
49 501.195 477.711 582.032 447.885 799.524
50 ? ? ? ? ?
51 ? ? ? ? ?
52 ? ? ? ? ?
53 ? ? ? ? ?
54 ? ? ? ? ?
55 ? ? ? ? ?
56 3930.29 3625.44 4262.5 3187.24 5117.95
57 4743.02 4289.61 5007.19 3970.29 5995.15
58 6789.17 6211.3 7161.41 5360.79 9860.46
EOD
$ticks1 << EOD
0 "clone-thread cpu=0"
1 "pthread cpu=0"
2 "clone-sighand cpu=0"
3 "clone-thread"
4 "clone3-vm-vfork cpu=0"
5 "clone-vm-vfork cpu=0"
6 "clone-vm cpu=0"
7 "clone-sighand"
8 "vfork cpu=0"
9 "clone3-vm-vfork"
10 "clone-vm-vfork"
11 "pthread"
12 "clone-vm"
13 "vfork"
14 "clone-files cpu=0"
15 "clone-newcgroup cpu=0"
16 "clone3 cpu=0"
17 "clone-newuts cpu=0"
18 "vfork+exec static"
19 "clone-fs cpu=0"
20 "clone-newpid cpu=0"
21 "clone-pidfd cpu=0"
22 "clone3-into-cgroup cpu=0"
23 "clone3-pidfd cpu=0"
24 "clone-newuser cpu=0"
25 "clone-vm-vfork+exec static"
26 "clone3-vm-vfork+exec static"
27 "clone-newipc cpu=0"
28 "clone-fs"
29 "clone-newuser"
30 "clone cpu=0"
31 "clone-files"
32 "clone-pidfd"
33 "clone-newuts"
34 "clone-newcgroup"
35 "posix_spawn static cpu=0"
36 "clone3-into-cgroup"
37 "clone"
38 "fork"
39 "clone-newpid"
40 "clone3"
41 "fork cpu=0"
42 "clone3-pidfd"
43 "clone-newns cpu=0"
44 "clone-newipc"
45 "fork+exec static"
46 "posix_spawn static"
47 "clone-newns"
48 "fork rss=256M touched thp=2M cpu=0"
49 "clone-newnet cpu=0"
50 "clone3-vm-vfork+exec dynamic"
51 "vfork+exec dynamic"
52 "clone-vm-vfork+exec dynamic"
53 "clone-newnet"
54 "fork+exec dynamic"
55 "posix_spawn dynamic"
56 "fork rss=256M touched thp=64K cpu=0"
57 "fork rss=256M touched thp=16K cpu=0"
58 "fork rss=256M touched thp=never cpu=0"
EOD
$p1s0 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 16.721 13.426 19.897 12.824 24.2014
4 ? ? ? ? ?
5 ? ? ? ? ?
6 ? ? ? ? ?
7 21.28 16.662 26.84 15.6195 32.526
8 ? ? ? ? ?
9 22.422 15.9445 25.177 16.091 33.654
10 22.542 16.35 25.052 15.8672 32.1162
11 23.6295 17.112 24.506 14.748 30.2474
12 24.671 17.323 25.327 14.6785 30.896
13 22.743 15.9 25.958 15.038 33.7159
14 ? ? ? ? ?
15 ? ? ? ? ?
16 ? ? ? ? ?
17 ? ? ? ? ?
18 97.4425 85.4 143.755 77.4345 150.814
19 ? ? ? ? ?
20 ? ? ? ? ?
21 ? ? ? ? ?
22 ? ? ? ? ?
23 ? ? ? ? ?
24 ? ? ? ? ?
25 109.025 81.864 123.025 77.1105 157.48
26 109.27 78.498 116.273 77.6583 153.735
27 ? ? ? ? ?
28 100.097 81.864 124.303 72.3252 143.411
29 111.159 97.653 136.325 89.127 175.606
30 ? ? ? ? ?
31 113.062 78.788 117.46 70.341 142.809
32 109.235 100.223 140.393 83.8855 157.478
33 113.703 82.7105 127.639 81.2845 157.897
34 111.709 82.35 117.32 82.9457 156.981
35 ? ? ? ? ?
36 114.625 93.0545 147.457 84.0434 167.772
37 116.222 81.553 125.796 81.984 155.632
38 122.45 107.903 142.848 85.221 169.139
39 110.808 103.033 120.476 83.012 154.027
40 118.177 91.201 121.478 76.914 159.695
41 ? ? ? ? ?
42 124.719 91.086 127.785 80.9605 167.854
43 ? ? ? ? ?
44 145.252 137.162 171.998 108.045 204.488
45 226.775 202.029 286.708 171.374 349.025
46 228.97 160.912 236.514 149.629 272.196
47 160.09 110.487 166.763 106.388 203.436
48 ? ? ? ? ?
49 ? ? ? ? ?
50 495.049 402.945 570.389 387.06 658.979
51 537.001 397.295 540.153 383.233 625.062
52 544.902 407.614 553.638 390.165 644.929
53 591.509 539.557 695.885 485.264 1327.3
54 633.318 498.745 708.734 493.175 834.558
55 673.333 479.279 699.787 472.393 780.005
56 ? ? ? ? ?
57 ? ? ? ? ?
58 ? ? ? ? ?
EOD
$p1s1 << EOD
0 10.82 10.26 14.317 9.899 15.94
1 13.546 13.265 13.946 12.854 17.874
2 14.0765 13.2095 19.011 12.6837 22.9013
3 ? ? ? ? ?
4 12.924 12.4235 13.625 12.073 20.4388
5 13.5405 12.609 18.785 12.4563 22.823
6 18.5645 13.916 20.338 13.4405 23.7745
7 ? ? ? ? ?
8 17.703 12.639 18.9705 12.7631 22.828
9 ? ? ? ? ?
10 ? ? ? ? ?
11 ? ? ? ? ?
12 ? ? ? ? ?
13 ? ? ? ? ?
14 76.323 71.75 109.415 70.7364 118.596
15 77.781 75.101 81.864 73.916 109.904
16 75.677 72.886 83.226 72.3355 107.231
17 77.816 77.06 114.965 75.3491 135.216
18 ? ? ? ? ?
19 79.369 70.702 110.316 70.9144 134.366
20 81.303 78.3815 122.209 77.996 149.697
21 80.942 78.267 121.673 77.267 154.32
22 83.226 82.024 86.682 79.784 113.358
23 81.412 74.951 87.479 73.8765 114.229
24 87.905 86.412 90.88 82.8257 136.21
25 ? ? ? ? ?
26 ? ? ? ? ?
27 108.849 103.063 148.989 101.966 183.294
28 ? ? ? ? ?
29 ? ? ? ? ?
30 107.893 77.3855 115.222 76.293 143.419
31 ? ? ? ? ?
32 ? ? ? ? ?
33 ? ? ? ? ?
34 ? ? ? ? ?
35 161.393 157.646 162.024 151.358 228.048
36 ? ? ? ? ?
37 ? ? ? ? ?
38 ? ? ? ? ?
39 ? ? ? ? ?
40 ? ? ? ? ?
41 124.564 88.647 127.544 88.6255 162.166
42 ? ? ? ? ?
43 113.883 110.843 162.726 107.684 186.675
44 ? ? ? ? ?
45 ? ? ? ? ?
46 ? ? ? ? ?
47 ? ? ? ? ?
48 189.225 181.546 196.088 176.06 244.609
49 527.279 500.634 605.305 470.335 813.908
50 ? ? ? ? ?
51 ? ? ? ? ?
52 ? ? ? ? ?
53 ? ? ? ? ?
54 ? ? ? ? ?
55 ? ? ? ? ?
56 3960.85 3658.23 4332.41 3230.66 5032.82
57 4801.1 4333.81 5077.04 4008.73 6019.08
58 6821.53 6258.65 6993.15 5404.29 9868.09
EOD
$ticks2 << EOD
0 "clone-thread cpu=0"
1 "pthread cpu=0"
2 "clone-sighand cpu=0"
3 "clone-thread"
4 "clone3-vm-vfork cpu=0"
5 "clone-vm-vfork cpu=0"
6 "clone-vm cpu=0"
7 "clone-sighand"
8 "vfork cpu=0"
9 "clone3-vm-vfork"
10 "clone-vm-vfork"
11 "pthread"
12 "clone-vm"
13 "vfork"
14 "clone-files cpu=0"
15 "clone-newcgroup cpu=0"
16 "clone3 cpu=0"
17 "clone-newuts cpu=0"
18 "vfork+exec static"
19 "clone-fs cpu=0"
20 "clone-newpid cpu=0"
21 "clone-pidfd cpu=0"
22 "clone3-into-cgroup cpu=0"
23 "clone3-pidfd cpu=0"
24 "clone-newuser cpu=0"
25 "clone-vm-vfork+exec static"
26 "clone3-vm-vfork+exec static"
27 "clone-newipc cpu=0"
28 "clone-fs"
29 "clone-newuser"
30 "clone cpu=0"
31 "clone-files"
32 "clone-pidfd"
33 "clone-newuts"
34 "clone-newcgroup"
35 "posix_spawn static cpu=0"
36 "clone3-into-cgroup"
37 "clone"
38 "fork"
39 "clone-newpid"
40 "clone3"
41 "fork cpu=0"
42 "clone3-pidfd"
43 "clone-newns cpu=0"
44 "clone-newipc"
45 "fork+exec static"
46 "posix_spawn static"
47 "clone-newns"
48 "fork rss=256M touched thp=2M cpu=0"
49 "clone-newnet cpu=0"
50 "clone3-vm-vfork+exec dynamic"
51 "vfork+exec dynamic"
52 "clone-vm-vfork+exec dynamic"
53 "clone-newnet"
54 "fork+exec dynamic"
55 "posix_spawn dynamic"
56 "fork rss=256M touched thp=64K cpu=0"
57 "fork rss=256M touched thp=16K cpu=0"
58 "fork rss=256M touched thp=never cpu=0"
EOD
$p2s0 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 28.093 22.923 34.535 21.1394 41.083
4 ? ? ? ? ?
5 ? ? ? ? ?
6 ? ? ? ? ?
7 39.625 30.608 49.4325 29.1545 61.951
8 ? ? ? ? ?
9 42.034 33.889 46.207 29.455 65.0923
10 42.099 34.394 51.882 33 66.347
11 42.339 30.513 43.693 26.3135 56.526
12 45.245 31.489 46.502 28.524 58.619
13 45.711 34.0985 51.5015 32.6606 70.3825
14 ? ? ? ? ?
15 ? ? ? ? ?
16 ? ? ? ? ?
17 ? ? ? ? ?
18 137.238 114.916 192.822 109.426 203.515
19 ? ? ? ? ?
20 ? ? ? ? ?
21 ? ? ? ? ?
22 ? ? ? ? ?
23 ? ? ? ? ?
24 ? ? ? ? ?
25 152.19 109.736 165.796 108.413 210.817
26 152.446 107.572 163.342 108.657 207.109
27 ? ? ? ? ?
28 176.777 141.997 215.514 125.095 239.8
29 177.738 161.093 222.828 146.399 287.079
30 ? ? ? ? ?
31 190.242 144.181 200.717 125.392 235.983
32 193.233 167.96 235.712 146.44 262.615
33 194.234 142.512 224.846 138.329 286.167
34 194.505 142.142 200.025 143.256 269.845
35 ? ? ? ? ?
36 195.236 157.36 245.14 139.493 288.839
37 197.259 139.251 212.979 141.497 255.573
38 198.011 181.03 232.135 139.186 272.625
39 201.072 177.793 204.804 140.569 258.327
40 202.059 164.338 212.158 134.72 265.846
41 ? ? ? ? ?
42 209.744 155.026 217.879 139.41 280.515
43 ? ? ? ? ?
44 225.583 216.046 260.944 165.404 334.774
45 270.127 239.208 339.496 205.252 416.472
46 275.733 197.239 281.558 180.644 325.889
47 295.254 204.569 301.696 195.935 400.521
48 ? ? ? ? ?
49 ? ? ? ? ?
50 601.818 488.015 694.588 473.206 804.729
51 657.393 484.98 660.518 470.718 771.798
52 662.918 495.93 672.336 479.282 786.292
53 694.081 620.629 794.48 557.111 1904.82
54 741.741 582.693 831.704 580.174 1009.87
55 795.321 567.765 825.042 562.057 932.849
56 ? ? ? ? ?
57 ? ? ? ? ?
58 ? ? ? ? ?
EOD
$p2s1 << EOD
0 20.318 19.476 27.3965 19.0854 29.868
1 26.129 25.539 26.98 24.987 34.665
2 26.565 25.197 36.283 24.706 46.5072
3 ? ? ? ? ?
4 30.517 29.385 32.11 29.0065 49.0871
5 32.05 29.7055 44.413 29.616 55.2482
6 35.582 26.229 38.832 25.8485 46.1865
7 ? ? ? ? ?
8 40.526 30.262 44.7685 30.957 61.3541
9 ? ? ? ? ?
10 ? ? ? ? ?
11 ? ? ? ? ?
12 ? ? ? ? ?
13 ? ? ? ? ?
14 131.166 122.966 188.093 121.672 209.098
15 131.512 129.613 140.343 127.397 173.479
16 134.347 129.373 143.539 126.713 180.323
17 135.384 132.463 199.033 129.969 232.057
18 ? ? ? ? ?
19 138.58 121.568 186.41 122.466 219.002
20 141.315 131.682 202.775 131.74 242.081
21 142.728 134.873 218.535 133.776 257.677
22 142.838 135.864 144.02 133.679 177.256
23 145.187 129.553 152.145 128.127 186.833
24 145.714 143.188 147.396 137.535 228.373
25 ? ? ? ? ?
26 ? ? ? ? ?
27 166.402 158.408 231.644 156.573 274.906
28 ? ? ? ? ?
29 ? ? ? ? ?
30 186.84 131.502 195.977 130.815 231.434
31 ? ? ? ? ?
32 ? ? ? ? ?
33 ? ? ? ? ?
34 ? ? ? ? ?
35 195 190.267 195.411 182.306 279.542
36 ? ? ? ? ?
37 ? ? ? ? ?
38 ? ? ? ? ?
39 ? ? ? ? ?
40 ? ? ? ? ?
41 204.91 142.306 210.68 142.413 253.335
42 ? ? ? ? ?
43 218.725 210.535 305.924 199.778 351.84
44 ? ? ? ? ?
45 ? ? ? ? ?
46 ? ? ? ? ?
47 ? ? ? ? ?
48 322.425 305.037 334.843 292.007 411.352
49 593.808 562.976 681.709 533.329 910.963
50 ? ? ? ? ?
51 ? ? ? ? ?
52 ? ? ? ? ?
53 ? ? ? ? ?
54 ? ? ? ? ?
55 ? ? ? ? ?
56 6051.95 5386.21 6446.64 4646.03 7752.58
57 8233.56 7126.51 8976.6 6443.76 10524.1
58 15038.2 13778.9 15545.6 12101.1 20488.6
EOD
set multiplot layout 1, 3 title title font ',14' margins 0.224, 0.98, 0.069, 0.951 spacing 0.03, 0
set yrange [58.5 : -0.5]
set ytics scale 0
unset key
set label 999 'Sorted by median total_ns. pinned rows are labelled cpu=N, the others unpinned; a thread''s total_ns ends at the join (README, total_ns)' at screen 0.5, 0.0080 center font ',10'
set object 800 rect center screen 0.1943, 0.0229 size screen 0.0147, 0.0009 fc '#7f7f7f' fs solid 1 noborder front
set label 900 'p5–p95' at screen 0.2057, 0.0229 left
set object 801 rect center screen 0.2583, 0.0229 size screen 0.0147, 0.0057 fc '#1f77b4' fs solid 0.35 noborder front
set label 901 'box: CI of the median, 75% to 93.75% (each row at its ci_level)' at screen 0.2697, 0.0229 left
set label 802 '' at screen 0.5883, 0.0229 point pt 7 ps 1.1 lc '#1f77b4'
set label 902 'unpinned: median' at screen 0.5997, 0.0229 left
set label 803 '' at screen 0.6990, 0.0229 point pt 5 ps 1.1 lc '#ff7f0e'
set label 903 'pinned (cpu=N): median' at screen 0.7103, 0.0229 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [2.8296 : 15776.7]
set xlabel 'µs (log scale)'
set title 'call_ns: the parent''s call returns' font ',12'
set ytics format '%g'
plot $ticks0 using (2.8296):1:ytic(2) with points pt -1 ps 0 notitle, \
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
set xrange [3.9596 : 15788.9]
set xlabel 'µs (log scale)'
set title 'start_ns: the child runs its first instruction' font ',12'
set ytics format ''
plot $ticks1 using (3.9596):1:ytic(("")) with points pt -1 ps 0 notitle, \
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
set xrange [7.63416 : 32781.8]
set xlabel 'µs (log scale)'
set title 'total_ns: the child is reaped (waitpid)' font ',12'
set ytics format ''
plot $ticks2 using (7.63416):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p2s0 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p2s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p2s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p2s1 using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle, \
     $p2s1 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#ff7f0e' notitle, \
     $p2s1 using 2:1 with points pt 5 ps 1.0 lc '#ff7f0e' notitle
unset label
unset multiplot
