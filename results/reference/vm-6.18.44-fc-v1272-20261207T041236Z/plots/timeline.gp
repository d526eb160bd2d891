# timeline: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'timeline'.'.'.fmt
width = 1500; height = 600
title = "Where one creation's time goes: median of each kernel phase, stacked (µs from the creating call, linear scale from 0)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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

$phases << EOD
0 "fork" 0 86.838 86.838 93.0795 93.0795 113.477 113.477 164.724 164.724 164.724 164.724 247.439 247.439 253.19 197.611
1 "vfork" 0 20.128 20.128 25.358 25.358 32.441 32.441 38.963 38.963 38.963 38.963 61.7355 61.7355 63.9095 50.65
2 "clone-vm-vfork" 0 16.8465 16.8465 21.3445 21.3445 26.9255 26.9255 31.96 31.96 31.96 31.96 53.52 53.52 55.404 44.1525
3 "posix_spawn static" 0 18.054 18.054 22.893 22.893 27.4215 27.4215 239.003 239.003 255.745 255.745 293.841 293.841 303.238 265.142
4 "fork+exec static" 0 81.393 81.393 87.224 87.224 107.893 107.893 298.119 298.119 315.928 315.928 359.29 359.29 365.382 324.067
5 "fork cpu=0" 0 74.9 74.9 79.789 79.789 98.855 98.855 140.633 140.633 140.633 140.633 211.952 211.952 217.042 195.747
6 "vfork cpu=0" 0 13.475 13.475 17.352 17.352 21.0435 21.0435 26.4135 26.4135 26.4135 26.4135 54.5365 54.5365 56.6395 38.7425
7 "clone-vm-vfork cpu=0" 0 15.048 15.048 19.596 19.596 23.823 23.823 29.474 29.474 29.474 29.474 59.971 59.971 62.296 42.85
8 "posix_spawn static cpu=0" 0 18.089 18.089 22.718 22.718 27.1865 27.1865 235.342 235.342 251.903 251.903 289.969 289.969 299.492 270.007
9 "fork+exec static cpu=0" 0 66.259 66.259 70.527 70.527 89.708 89.708 232.005 232.005 247.089 247.089 281.328 281.328 286.318 298.399
EOD
set title title font ',13'
set xlabel "µs (linear scale from 0)\nmedians only, no interval drawn; each phase has its own median, so the stack is about, not exactly, the traced total. pinned rows are labelled cpu=N, the others unpinned"
set yrange [9.5 : -0.5]
set xrange [0 : *]
set ytics scale 0
set lmargin 30
set key outside bottom center horizontal
set style fill solid 0.85 border -1
plot $phases using (( $3 + $4) / 2):1:3:4:($1 - 0.33):($1 + 0.33):ytic(2) with boxxyerror lc '#1f77b4' title 'copy', \
     $phases using (( $5 + $6) / 2):1:5:6:($1 - 0.33):($1 + 0.33) with boxxyerror lc '#2ca02c' title 'wakeup', \
     $phases using (( $7 + $8) / 2):1:7:8:($1 - 0.33):($1 + 0.33) with boxxyerror lc '#d62728' title 'sched delay', \
     $phases using (( $9 + $10) / 2):1:9:10:($1 - 0.33):($1 + 0.33) with boxxyerror lc '#9467bd' title 'child run', \
     $phases using (( $11 + $12) / 2):1:11:12:($1 - 0.33):($1 + 0.33) with boxxyerror lc '#8c564b' title 'exec run', \
     $phases using (( $13 + $14) / 2):1:13:14:($1 - 0.33):($1 + 0.33) with boxxyerror lc '#ff7f0e' title 'reap', \
     $phases using (( $15 + $16) / 2):1:15:16:($1 - 0.33):($1 + 0.33) with boxxyerror lc '#7f7f7f' title 'remainder (user space)', \
     $phases using 17:1 with points pt 2 ps 1.8 lw 2 lc '#000000' title 'untraced total_ns: median'
