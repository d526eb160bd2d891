# cow-regions: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'cow-regions'.'.'.fmt
width = 1500; height = 652
title = "Cost per region kind of the first write per page after fork and of the creating call: what fork skips (both log scale)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
0 23.4711 23.0089 24.4875 ? ?
1 4100.43 3502.19 4240.82 ? ?
2 3718.26 3309.92 3806.07 ? ?
3 3346.99 3257.12 3656.32 ? ?
4 3440.42 3304.56 3549.85 ? ?
5 3245.8 3233.48 3259.08 ? ?
6 3464.29 3404 3560.99 ? ?
7 4165.02 3888.19 4436.26 ? ?
8 4525.99 4445.43 4668.55 ? ?
9 4436.88 3606.71 4686.86 ? ?
10 3518.29 3473.68 3784.3 ? ?
11 5052.37 4936.42 5244.45 ? ?
12 3682.21 3609.99 3896.74 ? ?
13 2671.44 2587.11 2789.11 ? ?
14 14.804 12.2612 16.966 ? ?
15 3516.75 2733.86 3756.81 ? ?
16 19.2365 18.5467 21.9907 ? ?
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
0 195.647 189.696 206.056 ? ?
1 451.727 364.443 518.132 ? ?
2 110.999 105.447 113.774 ? ?
3 229.486 205.676 250.559 ? ?
4 328.291 297.649 389.611 ? ?
5 117.805 116.138 120.857 ? ?
6 206.888 195.457 216.566 ? ?
7 8854.31 6711.92 9197.19 ? ?
8 328.195 318.477 334.968 ? ?
9 3295.16 2621.81 4257.01 ? ?
10 7032.95 6444.11 8123.46 ? ?
11 371.447 361.037 390.312 ? ?
12 2217.8 1924.53 2328.62 ? ?
13 203.952 180.639 621.235 ? ?
14 164.137 155.16 176.691 ? ?
15 198.433 174.998 205.305 ? ?
16 152.516 148.188 178.204 ? ?
EOD
set multiplot layout 1, 2 title title font ',14' margins 0.315, 0.98, 0.184, 0.870 spacing 0.03, 0
set yrange [16.5 : -0.5]
set ytics scale 0
unset key
set label 999 'unpinned (the scheduler places the child)' at screen 0.5, 0.0215 center font ',10'
set object 800 rect center screen 0.2473, 0.0613 size screen 0.0147, 0.0153 fc '#1f77b4' fs solid 0.35 noborder front
set label 900 'box: CI of the median, 87.5% to 99.22% (each row at its ci_level)' at screen 0.2587, 0.0613 left
set label 801 '' at screen 0.5867, 0.0613 point pt 7 ps 1.1 lc '#1f77b4'
set label 901 'median' at screen 0.5980, 0.0613 left
set label 802 '' at screen 0.6507, 0.0613 point pt 5 ps 1.1 lc '#ff7f0e'
set label 902 'call: median (square)' at screen 0.6620, 0.0613 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [4.90447 : 8391.12]
set xlabel 'ns per 4 KiB page (log scale)'
set title 'first write per page after fork (COW write)' font ',12'
set ytics format '%g'
plot $ticks0 using (4.90447):1:ytic(2) with points pt -1 ps 0 notitle, \
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
set xrange [42.1788 : 14715.5]
set xlabel 'µs (log scale)'
set title 'the creating call (call_ns)' font ',12'
set ytics format ''
plot $ticks1 using (42.1788):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p1s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#ff7f0e' notitle, \
     $p1s0 using 2:1 with points pt 5 ps 1.0 lc '#ff7f0e' notitle
unset label
unset multiplot
