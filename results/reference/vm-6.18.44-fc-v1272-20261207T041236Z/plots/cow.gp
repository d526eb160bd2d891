# cow: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'cow'.'.'.fmt
width = 1500; height = 648
title = "Copy-on-write cost per 4 KiB page against the region size (ns per page; region size log scale)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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
4 4510.78 4430.26 4649.57
64 4408.96 3585.67 4651.57
256 4138.66 3861.56 4408.44
EOD
$fault1 << EOD
4 5014.27 4895.12 5209.05
64 3662.06 3588.07 3870.61
256 3502.17 3455.31 3764.02
EOD
$fault2 << EOD
4 3703.03 3299.95 3794.07
64 3326.85 3235.12 3631.93
256 4072.47 3481.24 4216.82
EOD
$fault3 << EOD
4 3234.85 3220.94 3247.75
64 3445.96 3387.1 3535.22
256 3420.48 3285.42 3531.53
EOD
$basefirst0 << EOD
4 3666.92 3572.49 3802.7
64 3247.26 2841.9 3936.13
256 3249.02 2841.13 3501.33
EOD
$basefirst1 << EOD
4 3702.4 3653.37 3761.63
64 2806.33 2755.96 2894.11
256 2671.32 2617.31 3217.25
EOD
$basefirst2 << EOD
4 352.468 341.079 369.355
64 465.71 430.104 476.918
256 512.574 467.276 547.868
EOD
$basefirst3 << EOD
4 392.733 389.255 396.789
64 428.317 407.95 451.47
256 423.465 402.172 457.262
EOD
$basecow_w0 << EOD
4 4525.99 4445.43 4668.55
64 4436.88 3606.71 4686.86
256 4165.02 3888.19 4436.26
EOD
$basecow_w1 << EOD
4 5052.37 4936.42 5244.45
64 3682.21 3609.99 3896.74
256 3518.29 3473.68 3784.3
EOD
$basecow_w2 << EOD
4 3718.26 3309.92 3806.07
64 3346.99 3257.12 3656.32
256 4100.43 3502.19 4240.82
EOD
$basecow_w3 << EOD
4 3245.8 3233.48 3259.08
64 3464.29 3404 3560.99
256 3440.42 3304.56 3549.85
EOD
$basepriva0 << EOD
4 22.4932 21.4463 23.7256
64 26.9949 19.574 29.813
256 26.8326 25.6981 27.8141
EOD
$basepriva1 << EOD
4 32.7861 31.083 35.1826
64 21.3266 18.2924 22.5698
256 20.2177 16.1115 21.7542
EOD
$basepriva2 << EOD
4 11.7988 11.5645 12.0635
64 19.33 18.562 21.998
256 22.484 17.3531 27.9629
EOD
$basepriva3 << EOD
4 9.58838 9.46094 9.75488
64 18.6953 17.4399 20.2008
256 18.1028 16.4334 23.4461
EOD
$baseread_0 << EOD
4 22.8262 21.0459 24.4111
64 34.986 31.8328 41.9555
256 27.3038 22.6768 31.2962
EOD
$baseread_1 << EOD
4 231.332 221.393 249.11
64 202.392 190.714 224.426
256 181.81 176.061 218.883
EOD
$baseread_2 << EOD
4 5.81152 5.64551 5.96875
64 15.4476 13.6058 16.2396
256 19.2379 18.2422 26.4909
EOD
$baseread_3 << EOD
4 5.78223 5.59668 5.87109
64 14.2112 13.7117 15.7253
256 18.8834 17.4697 20.1816
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
set label 1 'bars: CI of the median, 87.5% to 99.22% (each row at its ci_level); unpinned (the scheduler places the child)' at screen 0.5, graph -0.13 center font ',10'
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
