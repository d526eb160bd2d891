# exec-crosscheck: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'exec-crosscheck'.'.'.fmt
width = 1500; height = 600
title = "Whole-program start: forkbench's exec methods (total_ns) vs hyperfine's wall time per command (µs, log scale)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
0 "forkbench clone-vm-vfork+exec static"
1 "forkbench clone3-vm-vfork+exec static"
2 "forkbench vfork+exec static"
3 "forkbench posix_spawn static cpu=0"
4 "forkbench posix_spawn static"
5 "hyperfine build/child-static warmup=20"
6 "forkbench fork+exec static"
7 "forkbench clone-vm-vfork+exec dynamic"
8 "forkbench vfork+exec dynamic"
9 "forkbench clone3-vm-vfork+exec dynamic"
10 "forkbench posix_spawn dynamic"
11 "hyperfine /bin/true warmup=20"
12 "hyperfine build/child-dynamic warmup=20"
13 "hyperfine exec=sh -c true warmup=20"
14 "forkbench fork+exec dynamic"
EOD
$p0s0 << EOD
0 103.713 99.4655 129.862 98.0726 210.072
1 106.073 101.344 125.689 98.854 233.707
2 125.013 105.737 187.665 99.826 236.038
3 147.571 146.278 203.069 142.676 226.592
4 154.673 145.502 199.632 142.434 306.588
5 ? ? ? ? ?
6 302.675 218.989 334.313 186.898 386.614
7 592.861 578.394 824.388 574.491 986.38
8 597.364 577.157 793.74 569.742 908.367
9 627.09 585.828 799.391 573.525 919.918
10 644.557 625.547 670.641 617.148 947.931
11 ? ? ? ? ?
12 ? ? ? ? ?
13 ? ? ? ? ?
14 782.73 661.759 889.679 658.025 1094.67
EOD
$p0s1 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 ? ? ? ? ?
4 ? ? ? ? ?
5 196.466 194.222 201.376 185.785 307.335
6 ? ? ? ? ?
7 ? ? ? ? ?
8 ? ? ? ? ?
9 ? ? ? ? ?
10 ? ? ? ? ?
11 669.218 667.886 671.312 654.977 834.236
12 669.424 666.774 670.841 652.589 806.124
13 767.972 766.149 769.686 746.902 929.705
14 ? ? ? ? ?
EOD
set multiplot layout 1, 1 title title font ',14' margins 0.235, 0.98, 0.200, 0.858 spacing 0.03, 0
set yrange [14.5 : -0.5]
set ytics scale 0
unset key
set label 999 'hyperfine''s figure includes its own bookkeeping. pinned rows are labelled cpu=N, the others unpinned' at screen 0.5, 0.0233 center font ',10'
set object 800 rect center screen 0.1523, 0.0667 size screen 0.0147, 0.0025 fc '#7f7f7f' fs solid 1 noborder front
set label 900 'p5–p95' at screen 0.1637, 0.0667 left
set object 801 rect center screen 0.2163, 0.0667 size screen 0.0147, 0.0167 fc '#1f77b4' fs solid 0.35 noborder front
set label 901 'box: CI of the median, 93.75% to 95% (each row at its ci_level)' at screen 0.2277, 0.0667 left
set label 802 '' at screen 0.5463, 0.0667 point pt 7 ps 1.1 lc '#1f77b4'
set label 902 'forkbench total_ns: median' at screen 0.5577, 0.0667 left
set label 803 '' at screen 0.7037, 0.0667 point pt 5 ps 1.1 lc '#ff7f0e'
set label 903 'hyperfine -N wall time: median' at screen 0.7150, 0.0667 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [39.229 : 1751.47]
set xlabel 'µs (log scale)'
set title 'until the program has exited and been reaped' font ',12'
set ytics format '%g'
plot $ticks0 using (39.229):1:ytic(2) with points pt -1 ps 0 notitle, \
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
unset multiplot
