# exec-crosscheck: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'exec-crosscheck'.'.'.fmt
width = 1500; height = 600
title = "Whole-program start: forkbench's exec methods (total_ns) vs hyperfine's wall time per command (µs, log scale)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
0 "forkbench vfork+exec static"
1 "forkbench clone-vm-vfork+exec static"
2 "forkbench clone3-vm-vfork+exec static"
3 "forkbench posix_spawn static cpu=0"
4 "forkbench fork+exec static"
5 "forkbench posix_spawn static"
6 "hyperfine build/child-static warmup=20"
7 "forkbench clone3-vm-vfork+exec dynamic"
8 "forkbench vfork+exec dynamic"
9 "forkbench clone-vm-vfork+exec dynamic"
10 "forkbench fork+exec dynamic"
11 "forkbench posix_spawn dynamic"
12 "hyperfine /bin/true warmup=20"
13 "hyperfine build/child-dynamic warmup=20"
14 "hyperfine exec=sh -c true warmup=20"
EOD
$p0s0 << EOD
0 137.238 114.916 192.822 109.426 203.515
1 152.19 109.736 165.796 108.413 210.817
2 152.446 107.572 163.342 108.657 207.109
3 195 190.267 195.411 182.306 279.542
4 270.127 239.208 339.496 205.252 416.472
5 275.733 197.239 281.558 180.644 325.889
6 ? ? ? ? ?
7 601.818 488.015 694.588 473.206 804.729
8 657.393 484.98 660.518 470.718 771.798
9 662.918 495.93 672.336 479.282 786.292
10 741.741 582.693 831.704 580.174 1009.87
11 795.321 567.765 825.042 562.057 932.849
12 ? ? ? ? ?
13 ? ? ? ? ?
14 ? ? ? ? ?
EOD
$p0s1 << EOD
0 ? ? ? ? ?
1 ? ? ? ? ?
2 ? ? ? ? ?
3 ? ? ? ? ?
4 ? ? ? ? ?
5 ? ? ? ? ?
6 390.232 384.541 394.9 340.993 514.596
7 ? ? ? ? ?
8 ? ? ? ? ?
9 ? ? ? ? ?
10 ? ? ? ? ?
11 ? ? ? ? ?
12 848.596 840.506 856.496 768.024 1017.69
13 907.457 901.661 913.313 808.518 1032.31
14 1066.67 1060.48 1074.88 982.971 1226.1
EOD
set multiplot layout 1, 1 title title font ',14' margins 0.235, 0.98, 0.200, 0.858 spacing 0.03, 0
set yrange [14.5 : -0.5]
set ytics scale 0
unset key
set label 999 'hyperfine''s figure includes its own bookkeeping. pinned rows are labelled cpu=N, the others unpinned' at screen 0.5, 0.0233 center font ',10'
set object 800 rect center screen 0.1453, 0.0667 size screen 0.0147, 0.0025 fc '#7f7f7f' fs solid 1 noborder front
set label 900 'p5–p95' at screen 0.1567, 0.0667 left
set object 801 rect center screen 0.2093, 0.0667 size screen 0.0147, 0.0167 fc '#1f77b4' fs solid 0.35 noborder front
set label 901 'box: CI of the median, 93.75% to 95.69% (each row at its ci_level)' at screen 0.2207, 0.0667 left
set label 802 '' at screen 0.5533, 0.0667 point pt 7 ps 1.1 lc '#1f77b4'
set label 902 'forkbench total_ns: median' at screen 0.5647, 0.0667 left
set label 803 '' at screen 0.7107, 0.0667 point pt 5 ps 1.1 lc '#ff7f0e'
set label 903 'hyperfine -N wall time: median' at screen 0.7220, 0.0667 left
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [43.0288 : 1961.76]
set xlabel 'µs (log scale)'
set title 'until the program has exited and been reaped' font ',12'
set ytics format '%g'
plot $ticks0 using (43.0288):1:ytic(2) with points pt -1 ps 0 notitle, \
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
