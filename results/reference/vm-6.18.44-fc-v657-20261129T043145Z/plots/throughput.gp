# throughput: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'throughput'.'.'.fmt
width = 1500; height = 760
title = "Creations per second against concurrent creators (median over time windows)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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

$ts_per_s0 << EOD
1 4567.22 4329.97 4629.13
2 5265.27 4789.24 5933.32
4 5821.48 5603.68 6115.35
EOD
$ts_per_s1 << EOD
1 5461.21 5024.45 5553.9
2 13236.5 12947.3 13335.7
4 12366.4 12277 12409.2
EOD
$ts_per_s2 << EOD
1 15090.5 14614.2 15266.6
2 42265.5 38821.5 46340
4 53065.3 52601 53774
EOD
$ts_per_s3 << EOD
1 15978.5 15601.9 16311.5
2 36077.7 31723.9 39755
4 53283.8 52459.9 54370.3
EOD
$ts_per_s4 << EOD
1 6399.9 6372.76 6462.06
2 10025.3 9941.36 10140.4
4 9070.92 8910.84 9201.27
EOD
$ts_per_s5 << EOD
1 6403.44 6369.48 6470.78
2 12766.3 12607.7 12842.3
4 10395.2 10266.1 10569.7
EOD
$tcreator0 << EOD
1 4567.22 4329.97 4629.13
2 2632.63 2394.62 2966.66
4 1455.37 1400.92 1528.84
EOD
$tcreator1 << EOD
1 5461.21 5024.45 5553.9
2 6618.26 6473.66 6667.83
4 3091.59 3069.26 3102.3
EOD
$tcreator2 << EOD
1 15090.5 14614.2 15266.6
2 21132.7 19410.7 23170
4 13266.3 13150.2 13443.5
EOD
$tcreator3 << EOD
1 15978.5 15601.9 16311.5
2 18038.8 15861.9 19877.5
4 13321 13115 13592.6
EOD
$tcreator4 << EOD
1 6399.9 6372.76 6462.06
2 5012.66 4970.68 5070.21
4 2267.73 2227.71 2300.32
EOD
$tcreator5 << EOD
1 6403.44 6369.48 6470.78
2 6383.17 6303.86 6421.15
4 2598.79 2566.52 2642.42
EOD
set multiplot layout 1, 2 title title font ',14'
set key outside bottom center horizontal maxrows 3 samplen 3 font ',10'
set bmargin 10
set xlabel 'concurrent creators (linear scale from 0)'
set xtics 1
set xrange [0.5 : *]
set yrange [0 : *]
set label 1 'colour: method; solid: threads of one parent, dashed: separate processes; bars: CI of the median, 95%; unpinned (the scheduler places the child)' at screen 0.5, 0.015 center font ',10'
set title 'all creators together' font ',12'
set ylabel 'creations per second (linear scale from 0)'
plot $ts_per_s0 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 1 lc '#1f77b4' title 'fork kind=threads', \
     $ts_per_s1 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 2 lc '#1f77b4' title 'fork kind=processes', \
     $ts_per_s2 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 1 lc '#ff7f0e' title 'vfork kind=threads', \
     $ts_per_s3 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 2 lc '#ff7f0e' title 'vfork kind=processes', \
     $ts_per_s4 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 1 lc '#2ca02c' title 'posix_spawn static kind=threads', \
     $ts_per_s5 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 2 lc '#2ca02c' title 'posix_spawn static kind=processes'
unset key
unset label 1
set title 'per creator (mean)' font ',12'
set ylabel 'creations per second per creator (linear scale from 0)'
plot $tcreator0 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 1 lc '#1f77b4' title 'fork kind=threads', \
     $tcreator1 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 2 lc '#1f77b4' title 'fork kind=processes', \
     $tcreator2 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 1 lc '#ff7f0e' title 'vfork kind=threads', \
     $tcreator3 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 2 lc '#ff7f0e' title 'vfork kind=processes', \
     $tcreator4 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 1 lc '#2ca02c' title 'posix_spawn static kind=threads', \
     $tcreator5 using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt 2 lc '#2ca02c' title 'posix_spawn static kind=processes'
unset key
unset label 1
unset multiplot
