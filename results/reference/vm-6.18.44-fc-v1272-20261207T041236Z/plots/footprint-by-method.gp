# footprint-by-method: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'footprint-by-method'.'.'.fmt
width = 1500; height = 718
title = "Memory per child: its own (left, log scale) and the kernel's per live child (right, linear), KiB\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
0 "clone-sighand children=256"
1 "clone-thread children=256"
2 "clone-vm children=256"
3 "pthread children=256"
4 "posix_spawn static children=256"
5 "fork+exec static children=256"
6 "vfork+exec static children=256"
7 "vfork+exec dynamic children=256"
8 "posix_spawn dynamic children=256"
9 "fork+exec dynamic children=256"
10 "clone-files children=256"
11 "fork children=256"
12 "clone3 children=256"
13 "clone children=256"
14 "fork rss=64M touched children=256"
15 "clone rss=64M touched children=256"
16 "vfork children=256"
17 "clone-vm-vfork children=256"
EOD
$p0s0 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 ? ? ? ? ?
4 12 ? ? ? ?
5 10 ? ? ? ?
6 10 ? ? ? ?
7 230.5 ? ? ? ?
8 231 ? ? ? ?
9 234 ? ? ? ?
10 156 ? ? ? ?
11 159 ? ? ? ?
12 150 ? ? ? ?
13 162 ? ? ? ?
14 32932 ? ? ? ?
15 32920 ? ? ? ?
16 ? ? ? ? ?
17 ? ? ? ? ?
EOD
$p0s0zero << EOD
4 0
4 1
4 2
4 3
4 16
4 17
EOD
$p0s1 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 ? ? ? ? ?
4 12 ? ? ? ?
5 10 ? ? ? ?
6 10 ? ? ? ?
7 100 ? ? ? ?
8 100 ? ? ? ?
9 100 ? ? ? ?
10 24 ? ? ? ?
11 40 ? ? ? ?
12 24 ? ? ? ?
13 28 ? ? ? ?
14 40 ? ? ? ?
15 24 ? ? ? ?
16 ? ? ? ? ?
17 ? ? ? ? ?
EOD
$p0s1zero << EOD
4 0
4 1
4 2
4 3
4 16
4 17
EOD
$p0s2 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 ? ? ? ? ?
4 24 ? ? ? ?
5 24 ? ? ? ?
6 24 ? ? ? ?
7 40 ? ? ? ?
8 40 ? ? ? ?
9 40 ? ? ? ?
10 44 ? ? ? ?
11 44 ? ? ? ?
12 44 ? ? ? ?
13 44 ? ? ? ?
14 176 ? ? ? ?
15 176 ? ? ? ?
16 ? ? ? ? ?
17 ? ? ? ? ?
EOD
$p0s2zero << EOD
4 0
4 1
4 2
4 3
4 16
4 17
EOD
$ticks1 << EOD
0 "clone-sighand children=256"
1 "clone-thread children=256"
2 "clone-vm children=256"
3 "pthread children=256"
4 "posix_spawn static children=256"
5 "fork+exec static children=256"
6 "vfork+exec static children=256"
7 "vfork+exec dynamic children=256"
8 "posix_spawn dynamic children=256"
9 "fork+exec dynamic children=256"
10 "clone-files children=256"
11 "fork children=256"
12 "clone3 children=256"
13 "clone children=256"
14 "fork rss=64M touched children=256"
15 "clone rss=64M touched children=256"
16 "vfork children=256"
17 "clone-vm-vfork children=256"
EOD
$p1s0 << EOD
0 21.8672 21.625 22.3281 ? ?
1 22 21.5 22.0156 ? ?
2 22.3125 21.9062 23.0312 ? ?
3 27.5156 25.6094 28.9375 ? ?
4 61.8594 56.4062 68.2344 ? ?
5 64.8828 59.8438 69.8906 ? ?
6 65.5312 62.6719 66.6875 ? ?
7 68.8125 67.4531 81.875 ? ?
8 71.6875 68.2656 77.4375 ? ?
9 72.9062 70.5156 78.5469 ? ?
10 75.4062 74.0781 76.2812 ? ?
11 76.75 76.0781 78.4375 ? ?
12 78.0156 75.8125 79.375 ? ?
13 78.1562 72.2188 81.625 ? ?
14 210.781 208.5 213.062 ? ?
15 212.281 211.031 213.125 ? ?
EOD
$p1s1 << EOD
0 16 ? ? ? ?
1 16 ? ? ? ?
2 16 ? ? ? ?
3 16 ? ? ? ?
4 16 ? ? ? ?
5 16 ? ? ? ?
6 16 ? ? ? ?
7 16 ? ? ? ?
8 16 ? ? ? ?
9 16 ? ? ? ?
10 16 ? ? ? ?
11 16 ? ? ? ?
12 16 ? ? ? ?
13 16 ? ? ? ?
14 16 ? ? ? ?
15 16 ? ? ? ?
EOD
$p1s2 << EOD
0 0 ? ? ? ?
1 0 ? ? ? ?
2 0 ? ? ? ?
3 6.32812 ? ? ? ?
4 37.9688 ? ? ? ?
5 41.4766 ? ? ? ?
6 41.5469 ? ? ? ?
7 44.5625 ? ? ? ?
8 45.3438 ? ? ? ?
9 45.8203 ? ? ? ?
10 48.0156 ? ? ? ?
11 48.7891 ? ? ? ?
12 50.0781 ? ? ? ?
13 49.9844 ? ? ? ?
14 182.07 ? ? ? ?
15 182.766 ? ? ? ?
EOD
$p1s3 << EOD
0 5.71094 ? ? ? ?
1 6 ? ? ? ?
2 6.3125 ? ? ? ?
3 5.34375 ? ? ? ?
4 7.5 ? ? ? ?
5 7.42188 ? ? ? ?
6 7.0625 ? ? ? ?
7 9.90625 ? ? ? ?
8 9.01562 ? ? ? ?
9 11.0859 ? ? ? ?
10 10.9531 ? ? ? ?
11 11.7891 ? ? ? ?
12 11.2344 ? ? ? ?
13 11.3828 ? ? ? ?
14 12.7109 ? ? ? ?
15 14.2031 ? ? ? ?
EOD
set multiplot layout 1, 2 title title font ',14' margins 0.208, 0.98, 0.223, 0.882 spacing 0.03, 0
set yrange [17.5 : -0.5]
set ytics scale 0
unset key
set label 999 '▽: 0, the child has no mm of its own (vfork, CLONE_VM, threads); ''not measured'': a vfork-like parent cannot hold children alive. unpinned (the scheduler places the child)' at screen 0.5, 0.0195 center font ',10'
set object 800 rect center screen 0.2293, 0.1114 size screen 0.0147, 0.0139 fc '#333333' fs solid 0.35 noborder front
set label 900 'box: CI of the median, 50% to 93.75% (each row at its ci_level)' at screen 0.2407, 0.1114 left
set label 801 '' at screen 0.5593, 0.1114 point pt 7 ps 1.1 lc '#1f77b4'
set label 901 'PSS' at screen 0.5707, 0.1114 left
set label 802 '' at screen 0.6093, 0.1114 point pt 5 ps 1.1 lc '#ff7f0e'
set label 902 'private' at screen 0.6207, 0.1114 left
set label 803 '' at screen 0.6780, 0.1114 point pt 9 ps 1.1 lc '#2ca02c'
set label 903 'page tables (VmPTE)' at screen 0.6893, 0.1114 left
set label 810 '' at screen 0.2853, 0.0836 point pt 7 ps 1.1 lc '#333333'
set label 910 'kernel total: median' at screen 0.2967, 0.0836 left
set label 811 '' at screen 0.4147, 0.0836 point pt 13 ps 1.1 lc '#9467bd'
set label 911 'kernel stack' at screen 0.4260, 0.0836 left
set label 812 '' at screen 0.5067, 0.0836 point pt 9 ps 1.1 lc '#2ca02c'
set label 912 'kernel page tables' at screen 0.5180, 0.0836 left
set label 813 '' at screen 0.6267, 0.0836 point pt 2 ps 1.1 lc '#d62728'
set label 913 'unreclaimable slab' at screen 0.6380, 0.0836 left
set label 820 '' at screen 0.3860, 0.0557 point pt 10 ps 1.1 lc '#d62728'
set label 920 '▽ at the left end: 0 or less (not on a log axis)' at screen 0.3973, 0.0557 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [4 : 52691.2]
set xlabel 'KiB per child (log scale)'
set title 'the child''s own memory (smaps_rollup, status)' font ',12'
set ytics format '%g'
plot $ticks0 using (4):1:ytic(2) with points pt -1 ps 0 notitle, \
     $p0s0 using 2:1 with points pt 7 ps 1.0 lc '#1f77b4' notitle, \
     $p0s0zero using 1:2 with points ls 9 notitle, \
     $p0s1 using 2:1 with points pt 5 ps 1.0 lc '#ff7f0e' notitle, \
     $p0s1zero using 1:2 with points ls 9 notitle, \
     $p0s2 using 2:1 with points pt 9 ps 1.0 lc '#2ca02c' notitle, \
     $p0s2zero using 1:2 with points ls 9 notitle
unset label
unset label 800; unset label 900; unset object 800
unset label 801; unset label 901; unset object 801
unset label 802; unset label 902; unset object 802
unset label 803; unset label 903; unset object 803
unset label 810; unset label 910; unset object 810
unset label 811; unset label 911; unset object 811
unset label 812; unset label 912; unset object 812
unset label 813; unset label 913; unset object 813
unset label 820; unset label 920; unset object 820
unset label 999
unset logscale x
set mxtics default
set format x '%g'
set xrange [0 : *]
set xlabel 'KiB per child (linear scale from 0)'
set title 'kernel memory per live child (/proc/meminfo deltas)' font ',12'
set ytics format ''
set label 'not measured' at graph 0.02, first 16.0 left font ',9' tc '#d62728' front
set label 'not measured' at graph 0.02, first 17.0 left font ',9' tc '#d62728' front
set label 'not measured' at graph 0.02, first 16.0 left font ',9' tc '#d62728' front
set label 'not measured' at graph 0.02, first 17.0 left font ',9' tc '#d62728' front
set label 'not measured' at graph 0.02, first 16.0 left font ',9' tc '#d62728' front
set label 'not measured' at graph 0.02, first 17.0 left font ',9' tc '#d62728' front
set label 'not measured' at graph 0.02, first 16.0 left font ',9' tc '#d62728' front
set label 'not measured' at graph 0.02, first 17.0 left font ',9' tc '#d62728' front
plot $ticks1 using (0):1:ytic(("")) with points pt -1 ps 0 notitle, \
     $p1s0 using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid 0.35 noborder lc '#333333' notitle, \
     $p1s0 using 2:1 with points pt 7 ps 1.0 lc '#333333' notitle, \
     $p1s1 using 2:1 with points pt 13 ps 1.0 lc '#9467bd' notitle, \
     $p1s2 using 2:1 with points pt 9 ps 1.0 lc '#2ca02c' notitle, \
     $p1s3 using 2:1 with points pt 2 ps 1.0 lc '#d62728' notitle
unset label
unset multiplot
