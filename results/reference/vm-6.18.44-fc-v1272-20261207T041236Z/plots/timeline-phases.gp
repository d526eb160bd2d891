# timeline-phases: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'timeline-phases'.'.'.fmt
width = 1500; height = 1984
title = "Distribution of each kernel phase of a creation, per configuration: p25–p75 box, median, p5–p95 whiskers (µs, log scale)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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

$c0 << EOD
0.633333 86.838 62.918 91.682 52.954 116.341
1.63333 6.2415 4.659 6.652 3.89475 7.77725
2.63333 20.398 14.998 23.003 11.321 31.714
3.63333 51.246 43.5117 58.6857 34.124 77.931
5.63333 82.715 68.5565 87.8375 54.5295 117.112
6.63333 5.751 4.418 6.181 3.746 7.405
7.63333 260.263 211.271 277.002 168.661 329.473
8.63333 197.611 176.037 233.082 145.397 280.88
EOD
$c1 << EOD
0.7 20.128 15.699 22.021 13.475 26.8079
1.7 5.23 3.997 5.831 3.457 6.812
2.7 7.083 5.23675 8.13825 4.398 11.1997
3.7 6.522 5.16675 7.344 4.037 8.927
5.7 22.7725 18.604 30.738 13.145 40.5037
6.7 2.174 1.784 2.284 1.442 2.745
7.7 68.048 55.715 74.2392 41.868 96.6795
8.7 50.65 41.679 54.2512 34.855 76.803
EOD
$c2 << EOD
0.766667 16.8465 13.826 19.126 11.412 24.5465
1.76667 4.498 3.646 5.02 3.476 6.071
2.76667 5.581 4.889 6.612 3.246 9.4485
3.76667 5.0345 3.747 5.731 3.597 7.615
5.76667 21.56 14.177 24.887 12.143 35.268
6.76667 1.884 1.633 2.095 1.432 2.51405
7.76667 54.572 45.8837 62.357 39.2026 84.589
8.76667 44.1525 37.611 49.834 29.927 70.743
EOD
$c3 << EOD
0.833333 18.054 15.2587 19.5592 13.0244 24.081
1.83333 4.839 4.088 5.511 3.57635 6.4985
2.83333 4.5285 3.774 5.149 3.417 5.931
3.83333 211.582 175.827 224.025 144.791 257.805
4.83333 16.7415 13.656 18.3042 12.193 22.0075
5.83333 38.097 31.479 42.2317 28.253 59.571
6.83333 9.397 7.834 10.65 6.88235 12.6037
7.83333 309.495 254.375 330.137 214.221 372.496
8.83333 265.142 219.081 284.419 184.464 325.973
EOD
$c4 << EOD
0.9 81.393 74.3315 89.5302 59.652 114.558
1.9 5.831 5.089 6.412 4.248 7.374
2.9 20.6685 17.7937 24.405 16.0415 32.088
3.9 190.226 158.989 213.643 136.367 252.965
4.9 17.8085 16.301 19.1785 13.4174 22.332
5.9 43.362 38.4495 48.576 31.8522 69.9288
6.9 6.092 5.359 6.803 4.67915 7.74265
7.9 380.178 329.698 409.235 282.116 490.256
8.9 324.067 289.991 349.858 251.3 431.818
EOD
$c5 << EOD
0.966667 74.9 68.9868 79.003 63.0388 105.608
1.96667 4.889 4.588 5.46 4.06715 6.29965
2.96667 19.066 16.8517 20.4205 14.9155 22.6591
3.96667 41.778 40.8638 44.4162 35.9685 58.5745
5.96667 71.3185 67.9077 77.295 62.0528 101.453
6.96667 5.09 4.96 5.83025 4.261 6.6298
7.96667 220.704 206.544 238.863 190.689 274.427
8.96667 195.747 178.512 204.583 159.915 238.53
EOD
$c6 << EOD
1.03333 13.475 12.363 14.7705 9.828 19.063
2.03333 3.877 3.517 4.228 3.16515 4.90985
3.03333 3.6915 3.376 4.028 2.975 4.628
4.03333 5.37 4.659 5.63 4.058 6.513
6.03333 28.123 26.029 29.4453 22.462 33.9385
7.03333 2.103 1.863 2.305 1.683 2.77365
8.03333 57.678 53.229 60.4663 44.414 88.2
9.03333 38.7425 31.189 41.368 30.026 66.6185
EOD
$c7 << EOD
1.1 15.048 10.94 15.669 9.60755 19.6415
2.1 4.548 3.056 4.889 2.915 5.49
3.1 4.227 2.916 4.528 2.815 5.07945
4.1 5.651 3.757 5.861 3.636 6.5765
6.1 30.497 21.971 32.06 21.3759 35.6115
7.1 2.325 1.743 2.41325 1.583 2.734
8.1 62.908 44.293 65.6522 42.365 90.4045
9.1 42.85 39.103 45.214 30.4725 73.9364
EOD
$c8 << EOD
1.16667 18.089 15.3987 19.9473 13.505 24.207
2.16667 4.629 3.757 4.959 3.427 6.07105
3.16667 4.4685 3.617 4.769 3.356 5.731
4.16667 208.155 169.465 218.532 145.703 253.267
5.16667 16.561 13.736 17.783 12.474 22.2835
6.16667 38.066 30.918 39.5965 28.263 57.787
7.16667 9.523 7.77175 10.072 7.033 12.1634
8.16667 304.111 249.964 323.001 215.142 365.398
9.16667 270.007 206.858 281.888 180.494 320.799
EOD
$c9 << EOD
1.23333 66.259 56.7535 79.86 54.2275 102.453
2.23333 4.268 3.857 5.45 3.687 6.442
3.23333 19.181 17.052 23.7572 16.441 27.712
4.23333 142.297 117.33 165.032 113.478 199.44
5.23333 15.0835 12.984 17.914 12.443 21.2945
6.23333 34.2395 29.525 40.4485 28.584 56.1404
7.23333 4.9895 4.638 6.171 4.388 7.003
8.23333 288.351 245.507 348.298 235.872 424.236
9.23333 298.399 251.173 321.094 210.997 388.799
EOD
$c10 << EOD
1.3 1616.52 1515.65 1807.03 1419.09 3871.15
2.3 8.6865 7.73175 10.1165 6.4715 13.9985
3.3 27.5065 22.7855 34.8552 18.371 51.1421
4.3 61.1895 55.574 71.1213 47.6579 109.837
6.3 1765.15 1621.48 1948.79 1489.1 4142.39
7.3 8.441 7.4615 11.003 6.17255 26.5231
8.3 3487.66 3257.28 3818.93 3066.38 8086.97
9.3 3574.84 3306.03 4172.44 3059.34 7652.88
EOD
$c11 << EOD
1.36667 7388.4 5650.1 8155.13 4735.19 8869.81
2.36667 11.4965 9.39475 13.9135 7.649 16.15
3.36667 44.438 34.6643 52.7567 9.55025 65.738
4.36667 77.856 67.6418 86.7327 55.928 109.144
6.36667 8000.46 6573.81 9123.1 5363.24 10291
7.36667 17.448 13.7078 21.6385 8.561 28.8392
8.36667 15868.5 12272.6 17574.4 10512 18939.1
9.36667 15154.3 12356 16609.1 10467.6 18017.5
EOD
set title title font ',13'
set yrange [9.5 : 0.5]
set ytics scale 0 font ',12'
set grid noytics
set logscale x 10
set mxtics 10
set format x '%g'
set xrange [0.5728 : 30302.5]
set xlabel 'µs (log scale); quartiles of the samples, not an interval; pinned rows are labelled cpu=N, the others unpinned'
set key outside bottom center horizontal maxrows 4 samplen 2 font ',10'
set lmargin 25
set ytics add ('copy' 1)
set object 1 rect from graph 0, first 0.5 to graph 1, first 1.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('wakeup' 2)
set ytics add ('sched delay' 3)
set object 3 rect from graph 0, first 2.5 to graph 1, first 3.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('child run' 4)
set ytics add ('exec run' 5)
set object 5 rect from graph 0, first 4.5 to graph 1, first 5.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('reap' 6)
set ytics add ('remainder (user space)' 7)
set object 7 rect from graph 0, first 6.5 to graph 1, first 7.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
set ytics add ('total (traced)' 8)
set ytics add ('total (untraced)' 9)
set object 9 rect from graph 0, first 8.5 to graph 1, first 9.5 behind fc rgb '#f2f2f2' fs solid 1.0 noborder
plot $c0 using 2:1:5:6 with xerrorbars lc '#1f77b4' pt -1 lw 1.2 notitle, \
     $c0 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#1f77b4' fs solid 0.6 border lc '#444444' notitle, \
     $c0 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#1f77b4' title 'fork', \
     $c1 using 2:1:5:6 with xerrorbars lc '#ff7f0e' pt -1 lw 1.2 notitle, \
     $c1 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#ff7f0e' fs solid 0.6 border lc '#444444' notitle, \
     $c1 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#ff7f0e' title 'vfork', \
     $c2 using 2:1:5:6 with xerrorbars lc '#2ca02c' pt -1 lw 1.2 notitle, \
     $c2 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#2ca02c' fs solid 0.6 border lc '#444444' notitle, \
     $c2 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#2ca02c' title 'clone-vm-vfork', \
     $c3 using 2:1:5:6 with xerrorbars lc '#d62728' pt -1 lw 1.2 notitle, \
     $c3 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#d62728' fs solid 0.6 border lc '#444444' notitle, \
     $c3 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#d62728' title 'posix_spawn static', \
     $c4 using 2:1:5:6 with xerrorbars lc '#9467bd' pt -1 lw 1.2 notitle, \
     $c4 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#9467bd' fs solid 0.6 border lc '#444444' notitle, \
     $c4 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#9467bd' title 'fork+exec static', \
     $c5 using 2:1:5:6 with xerrorbars lc '#8c564b' pt -1 lw 1.2 notitle, \
     $c5 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#8c564b' fs solid 0.6 border lc '#444444' notitle, \
     $c5 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#8c564b' title 'fork cpu=0', \
     $c6 using 2:1:5:6 with xerrorbars lc '#e377c2' pt -1 lw 1.2 notitle, \
     $c6 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#e377c2' fs solid 0.6 border lc '#444444' notitle, \
     $c6 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#e377c2' title 'vfork cpu=0', \
     $c7 using 2:1:5:6 with xerrorbars lc '#17becf' pt -1 lw 1.2 notitle, \
     $c7 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#17becf' fs solid 0.6 border lc '#444444' notitle, \
     $c7 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#17becf' title 'clone-vm-vfork cpu=0', \
     $c8 using 2:1:5:6 with xerrorbars lc '#bcbd22' pt -1 lw 1.2 notitle, \
     $c8 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#bcbd22' fs solid 0.6 border lc '#444444' notitle, \
     $c8 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#bcbd22' title 'posix_spawn static cpu=0', \
     $c9 using 2:1:5:6 with xerrorbars lc '#7f7f7f' pt -1 lw 1.2 notitle, \
     $c9 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#7f7f7f' fs solid 0.6 border lc '#444444' notitle, \
     $c9 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#7f7f7f' title 'fork+exec static cpu=0', \
     $c10 using 2:1:5:6 with xerrorbars lc '#393b79' pt -1 lw 1.2 notitle, \
     $c10 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#393b79' fs solid 0.6 border lc '#444444' notitle, \
     $c10 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#393b79' title 'fork rss=64M touched', \
     $c11 using 2:1:5:6 with xerrorbars lc '#e7969c' pt -1 lw 1.2 notitle, \
     $c11 using 2:1:3:4:($1 - 0.0267):($1 + 0.0267) with boxxyerror lc '#e7969c' fs solid 0.6 border lc '#444444' notitle, \
     $c11 using 2:1 with points pt 7 ps 0.8 lc '#000000' notitle, \
     NaN with boxes fs solid 0.6 lc '#e7969c' title 'fork rss=256M touched'
