# cow-regions: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'cow-regions'.'.'.fmt
width = 1500; height = 652
title = "Cost per region kind of the first write per page after fork and of the creating call: what fork skips (both log scale)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
0 "fork writer=parent;size=64M;region=dontfork"
1 "fork thp=always writer=child;size=256M;region=private"
2 "fork thp=always writer=child;size=4M;region=private"
3 "fork thp=always writer=child;size=64M;region=private"
4 "fork thp=always writer=parent;size=256M;region=private"
5 "fork thp=always writer=parent;size=4M;region=private"
6 "fork thp=always writer=parent;size=64M;region=private"
7 "fork writer=child;size=256M;region=private"
8 "fork writer=child;size=4M;region=private"
9 "fork writer=child;size=64M;region=private"
10 "fork writer=parent;size=256M;region=private"
11 "fork writer=parent;size=4M;region=private"
12 "fork writer=parent;size=64M;region=private"
13 "fork writer=child;size=64M;region=shared"
14 "fork writer=parent;size=64M;region=shared"
15 "fork writer=child;size=64M;region=wipeonfork"
16 "fork writer=parent;size=64M;region=wipeonfork"
EOD
$p0s0 << EOD
0 14.1371 13.657 14.4838 ? ?
1 2559.5 2270.27 2614.31 ? ?
2 2315.64 2308.36 2323.2 ? ?
3 2544.7 2528.66 2574.28 ? ?
4 2687.08 2377.18 3075.35 ? ?
5 2382.39 2370.85 2392.23 ? ?
6 2588.36 2479.34 2607.99 ? ?
7 2632.01 2493.93 2672.68 ? ?
8 2591.77 2570.02 2619.9 ? ?
9 2673.61 2661.06 2696.53 ? ?
10 2741.16 2468.24 2784.42 ? ?
11 2626.58 2595.49 2645.75 ? ?
12 2795.61 2762.58 2810.37 ? ?
13 1508.83 1486.3 1549.95 ? ?
14 13.2972 11.5834 15.5925 ? ?
15 2011.5 1764.28 2105.67 ? ?
16 14.9021 14.312 15.9098 ? ?
EOD
$ticks1 << EOD
0 "fork writer=parent;size=64M;region=dontfork"
1 "fork thp=always writer=child;size=256M;region=private"
2 "fork thp=always writer=child;size=4M;region=private"
3 "fork thp=always writer=child;size=64M;region=private"
4 "fork thp=always writer=parent;size=256M;region=private"
5 "fork thp=always writer=parent;size=4M;region=private"
6 "fork thp=always writer=parent;size=64M;region=private"
7 "fork writer=child;size=256M;region=private"
8 "fork writer=child;size=4M;region=private"
9 "fork writer=child;size=64M;region=private"
10 "fork writer=parent;size=256M;region=private"
11 "fork writer=parent;size=4M;region=private"
12 "fork writer=parent;size=64M;region=private"
13 "fork writer=child;size=64M;region=shared"
14 "fork writer=parent;size=64M;region=shared"
15 "fork writer=child;size=64M;region=wipeonfork"
16 "fork writer=parent;size=64M;region=wipeonfork"
EOD
$p1s0 << EOD
0 133.88 126.225 141.003 ? ?
1 271.762 247.802 353.93 ? ?
2 61.81 61.435 62.126 ? ?
3 178.262 175.046 183.101 ? ?
4 308.671 267.108 2045.36 ? ?
5 87.644 86.401 89.106 ? ?
6 157.374 151.813 161.511 ? ?
7 5598.84 5462.13 5694.54 ? ?
8 164.767 161.091 171.861 ? ?
9 1681.37 1636.28 1709.3 ? ?
10 5480.79 5304.43 5750.51 ? ?
11 175.302 170.789 181.178 ? ?
12 1539.07 1511.67 1579.69 ? ?
13 143.458 130.473 153.606 ? ?
14 139.796 130.163 161.813 ? ?
15 116.668 110.046 131.886 ? ?
16 131.946 123.771 141.394 ? ?
EOD
set multiplot layout 1, 2 title title font ',14' margins 0.315, 0.98, 0.184, 0.870 spacing 0.03, 0
set yrange [16.5 : -0.5]
set ytics scale 0
unset key
set label 999 'unpinned (the scheduler places the child)' at screen 0.5, 0.0215 center font ',10'
set object 800 rect center screen 0.3383, 0.0613 size screen 0.0147, 0.0153 fc '#1f77b4' fs solid 0.35 noborder front
set label 900 'box: CI of the median, 95%' at screen 0.3497, 0.0613 left
set label 801 '' at screen 0.4957, 0.0613 point pt 7 ps 1.1 lc '#1f77b4'
set label 901 'median' at screen 0.5070, 0.0613 left
set label 802 '' at screen 0.5597, 0.0613 point pt 5 ps 1.1 lc '#ff7f0e'
set label 902 'call: median (square)' at screen 0.5710, 0.0613 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [4.63337 : 4920.55]
set xlabel 'ns per 4 KiB page (log scale)'
set title 'first write per page after fork (COW write)' font ',12'
set ytics format '%g'
plot $ticks0 using (4.63337):1:ytic(2) with points pt -1 ps 0 notitle, \
     $p0s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' notitle, \
     $p0s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle
unset label
unset label 800; unset label 900; unset object 800
unset label 801; unset label 901; unset object 801
unset label 802; unset label 902; unset object 802
unset label 999
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [24.574 : 9200.81]
set xlabel 'µs (log scale)'
set title 'the creating call (call_ns)' font ',12'
set ytics format ''
plot $ticks1 using (24.574):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p1s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#ff7f0e' notitle, \
     $p1s0 using 2:1 with points pt 5 ps 1.0 lc '#ff7f0e' notitle
unset label
unset multiplot
