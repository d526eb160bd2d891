# throughput: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'throughput'.'.'.fmt
width = 1500; height = 760
title = "Creations per second against concurrent creators (median over time windows)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
1 3929.17 3666.23 4094.48
2 5542.77 5069.97 5804.44
4 4675.35 4416.65 5381.2
EOD
$ts_per_s1 << EOD
1 4884.84 4765.37 5126.27
2 11918 10569.1 12420.5
4 9869.16 9581.43 10319.7
EOD
$ts_per_s2 << EOD
1 19902.7 17852.4 20362.8
2 39848.1 37461 44286.2
4 44325.1 43333.3 45687.6
EOD
$ts_per_s3 << EOD
1 18757.3 17997.3 20585.6
2 40484.1 37248.3 44015.1
4 51806.3 50841.6 54458.4
EOD
$ts_per_s4 << EOD
1 3706.6 3537.2 4066.1
2 7499.17 6585.12 8283.79
4 7921.28 7533.57 8164.23
EOD
$ts_per_s5 << EOD
1 3866.25 3607.09 4436.47
2 8003.13 7872.47 8372.69
4 7370.24 6454.21 7523.11
EOD
$tcreator0 << EOD
1 3929.17 3666.23 4094.48
2 2771.38 2534.98 2902.22
4 1168.84 1104.16 1345.3
EOD
$tcreator1 << EOD
1 4884.84 4765.37 5126.27
2 5959.02 5284.55 6210.27
4 2467.29 2395.36 2579.92
EOD
$tcreator2 << EOD
1 19902.7 17852.4 20362.8
2 19924.1 18730.5 22143.1
4 11081.3 10833.3 11421.9
EOD
$tcreator3 << EOD
1 18757.3 17997.3 20585.6
2 20242 18624.2 22007.6
4 12951.6 12710.4 13614.6
EOD
$tcreator4 << EOD
1 3706.6 3537.2 4066.1
2 3749.59 3292.56 4141.89
4 1980.32 1883.39 2041.06
EOD
$tcreator5 << EOD
1 3866.25 3607.09 4436.47
2 4001.57 3936.23 4186.35
4 1842.56 1613.55 1880.78
EOD
set multiplot layout 1, 2 title title font ',14'
set key outside bottom center horizontal maxrows 3 samplen 3 font ',10'
set bmargin 10
set xlabel 'concurrent creators (linear scale from 0)'
set xtics 1
set xrange [0.5 : *]
set yrange [0 : *]
set label 1 'colour: method; solid: threads of one parent, dashed: separate processes; bars: CI of the median, 95.86%; unpinned (the scheduler places the child)' at screen 0.5, 0.015 center font ',10'
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
