# cow: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'cow'.'.'.fmt
width = 1500; height = 648
title = "Copy-on-write cost per 4 KiB page against the region size (ns per page; region size log scale)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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

$fault0 << EOD
4 2581.34 2559.84 2601.36
64 2660.04 2647.71 2681.47
256 2618.42 2479.95 2659.03
EOD
$fault1 << EOD
4 2617.02 2587.54 2637.28
64 2780.44 2748.21 2796.06
256 2727.21 2454.41 2770.82
EOD
$fault2 << EOD
4 2307.86 2300.76 2315.48
64 2531.98 2515.6 2557.76
256 2545.77 2257.29 2598.97
EOD
$fault3 << EOD
4 2374.54 2362.86 2384.89
64 2575.53 2465.77 2595.42
256 2672.44 2363.99 3061.87
EOD
$basefirst0 << EOD
4 1995.55 1981.64 2006.53
64 2070.4 2035.36 2077.36
256 2093.65 2058.32 2329.17
EOD
$basefirst1 << EOD
4 1960.72 1944.92 1978.12
64 2062.22 2044.95 2089.34
256 2051.4 2040.39 2073.33
EOD
$basefirst2 << EOD
4 142.203 140.468 144.263
64 323.368 320.215 329.141
256 340.107 324.727 400.007
EOD
$basefirst3 << EOD
4 299.181 296.843 301.509
64 322.867 319.14 327.2
256 369.331 311.839 5080.21
EOD
$basecow_w0 << EOD
4 2591.77 2570.02 2619.9
64 2673.61 2661.06 2696.53
256 2632.01 2493.93 2672.68
EOD
$basecow_w1 << EOD
4 2626.58 2595.49 2645.75
64 2795.61 2762.58 2810.37
256 2741.16 2468.24 2784.42
EOD
$basecow_w2 << EOD
4 2315.64 2308.36 2323.2
64 2544.7 2528.66 2574.28
256 2559.5 2270.27 2614.31
EOD
$basecow_w3 << EOD
4 2382.39 2370.85 2392.23
64 2588.36 2479.34 2607.99
256 2687.08 2377.18 3075.35
EOD
$basepriva0 << EOD
4 11.8975 11.4863 12.1904
64 14.0967 13.8497 14.7809
256 13.4947 13.222 13.9812
EOD
$basepriva1 << EOD
4 8.65332 8.51172 9.03027
64 14.4478 13.9218 14.7266
256 13.8096 13.3749 14.1278
EOD
$basepriva2 << EOD
4 7.61133 7.58301 7.64062
64 13.9072 13.0541 14.3511
256 14.3534 13.591 14.9394
EOD
$basepriva3 << EOD
4 7.5625 7.52441 7.59277
64 13.0358 12.8988 13.1282
256 13.5646 13.1952 15.4298
EOD
$baseread_0 << EOD
4 8.28662 7.9541 8.94238
64 17.3303 17.0068 18.7269
256 16.5222 15.8956 17.4615
EOD
$baseread_1 << EOD
4 51.6494 49.7803 53.5869
64 160.094 156.307 164.723
256 151.073 143.326 158.455
EOD
$baseread_2 << EOD
4 4.47607 4.34375 4.52051
64 8.81989 8.57129 9.04462
256 12.4636 11.1876 13.9043
EOD
$baseread_3 << EOD
4 4.83398 4.75488 4.9502
64 9.85236 9.34241 10.2719
256 12.3451 11.0146 110.215
EOD
set multiplot layout 1, 2 title title font ',14' margins 0.07, 0.98, 0.306, 0.861 spacing 0.07, 0
set logscale x 2
set format x '%g'
set xlabel 'region size (MiB, log scale)'
set key at screen 0.28, 0.01 center bottom vertical maxrows 4 samplen 3 font ',10'
set title 'the COW fault: first write after fork − rewrite of the private page' font ',12'
set ylabel 'ns per 4 KiB page (linear scale from 0)'
set yrange [0 : *]
plot $fault0 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.9 lc '#1f77b4' title 'fork writer=child;region=private', \
     $fault1 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.9 lc '#ff7f0e' title 'fork writer=parent;region=private', \
     $fault2 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.9 lc '#2ca02c' title 'fork thp=always writer=child;region=private', \
     $fault3 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.9 lc '#d62728' title 'fork thp=always writer=parent;region=private'
unset key
set key at screen 0.75, 0.01 center bottom vertical samplen 1 font ',10'
set logscale y 10
set yrange [* : *]
set format y '%g'
set ylabel 'ns per 4 KiB page (log scale)'
set title 'the figures it comes from (shape: figure, colour: configuration)' font ',12'
set label 1 'bars: CI of the median, 95%; unpinned (the scheduler places the child)' at screen 0.5, graph -0.13 center font ',10'
plot NaN with points pt 9 ps 1.2 lc '#000000' title 'first touch (zero-fill fault)', \
     $basefirst0 using 1:2:3:4 with yerrorlines lw 1 pt 9 ps 0.9 lc '#1f77b4' notitle, \
     $basefirst1 using 1:2:3:4 with yerrorlines lw 1 pt 9 ps 0.9 lc '#ff7f0e' notitle, \
     $basefirst2 using 1:2:3:4 with yerrorlines lw 1 pt 9 ps 0.9 lc '#2ca02c' notitle, \
     $basefirst3 using 1:2:3:4 with yerrorlines lw 1 pt 9 ps 0.9 lc '#d62728' notitle, \
     NaN with points pt 7 ps 1.2 lc '#000000' title 'first write after fork (COW fault + write)', \
     $basecow_w0 using 1:2:3:4 with yerrorlines lw 1 pt 7 ps 0.9 lc '#1f77b4' notitle, \
     $basecow_w1 using 1:2:3:4 with yerrorlines lw 1 pt 7 ps 0.9 lc '#ff7f0e' notitle, \
     $basecow_w2 using 1:2:3:4 with yerrorlines lw 1 pt 7 ps 0.9 lc '#2ca02c' notitle, \
     $basecow_w3 using 1:2:3:4 with yerrorlines lw 1 pt 7 ps 0.9 lc '#d62728' notitle, \
     NaN with points pt 5 ps 1.2 lc '#000000' title 'rewrite of the now private page', \
     $basepriva0 using 1:2:3:4 with yerrorlines lw 1 pt 5 ps 0.9 lc '#1f77b4' notitle, \
     $basepriva1 using 1:2:3:4 with yerrorlines lw 1 pt 5 ps 0.9 lc '#ff7f0e' notitle, \
     $basepriva2 using 1:2:3:4 with yerrorlines lw 1 pt 5 ps 0.9 lc '#2ca02c' notitle, \
     $basepriva3 using 1:2:3:4 with yerrorlines lw 1 pt 5 ps 0.9 lc '#d62728' notitle, \
     NaN with points pt 13 ps 1.2 lc '#000000' title 'read of the shared page (no copy)', \
     $baseread_0 using 1:2:3:4 with yerrorlines lw 1 pt 13 ps 0.9 lc '#1f77b4' notitle, \
     $baseread_1 using 1:2:3:4 with yerrorlines lw 1 pt 13 ps 0.9 lc '#ff7f0e' notitle, \
     $baseread_2 using 1:2:3:4 with yerrorlines lw 1 pt 13 ps 0.9 lc '#2ca02c' notitle, \
     $baseread_3 using 1:2:3:4 with yerrorlines lw 1 pt 13 ps 0.9 lc '#d62728' notitle
unset multiplot
