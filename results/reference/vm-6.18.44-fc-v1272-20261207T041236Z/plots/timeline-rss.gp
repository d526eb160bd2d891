# timeline-rss: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'timeline-rss'.'.'.fmt
width = 1500; height = 328
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
0 "fork rss=64M touched" 0 1616.52 1616.52 1625.2 1625.2 1652.71 1652.71 1713.9 1713.9 1713.9 1713.9 3479.05 3479.05 3487.49 3574.84
1 "fork rss=256M touched" 0 7388.4 7388.4 7399.9 7399.9 7444.34 7444.34 7522.19 7522.19 7522.19 7522.19 15522.7 15522.7 15540.1 15154.3
EOD
set title title font ',13'
set xlabel "µs (linear scale from 0)\nmedians only, no interval drawn; each phase has its own median, so the stack is about, not exactly, the traced total. unpinned (the scheduler places the child)"
set yrange [1.5 : -0.5]
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
