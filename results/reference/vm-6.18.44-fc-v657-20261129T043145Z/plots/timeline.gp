# timeline: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'timeline'.'.'.fmt
width = 1500; height = 600
title = "Where one creation's time goes: median of each kernel phase, stacked (µs from the creating call, linear scale from 0)\nvm, Linux 6.18.44-fc-v657, AMD EPYC, 2026-11-29"
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
0 "fork" 0 62.236 62.236 68.538 68.538 90.0735 90.0735 129.838 129.838 129.838 129.838 208.313 208.313 213.172 203.269
1 "vfork" 0 14.978 14.978 20.588 20.588 24.436 24.436 30.928 30.928 30.928 30.928 86.6535 86.6535 89.1075 62.101
2 "clone-vm-vfork" 0 14.2865 14.2865 19.4265 19.4265 23.299 23.299 29.3 29.3 29.3 29.3 81.266 81.266 83.661 61.59
3 "posix_spawn static" 0 14.728 14.728 19.9175 19.9175 23.4845 23.4845 151.043 151.043 164.674 164.674 196.253 196.253 203.347 181.072
4 "fork+exec static" 0 56.105 56.105 61.8105 61.8105 77.6405 77.6405 198.507 198.507 211.972 211.972 244.082 244.082 248.811 238.746
5 "fork cpu=0" 0 47.9695 47.9695 52.6485 52.6485 66.2035 66.2035 95.1075 95.1075 95.1075 95.1075 144.214 144.214 147.84 123.491
6 "vfork cpu=0" 0 9.377 9.377 12.984 12.984 15.709 15.709 20.047 20.047 20.047 20.047 41.007 41.007 42.359 29.615
7 "clone-vm-vfork cpu=0" 0 9.387 9.387 13.084 13.084 15.819 15.819 19.787 19.787 19.787 19.787 40.385 40.385 41.757 29.034
8 "posix_spawn static cpu=0" 0 12.849 12.849 17.318 17.318 20.554 20.554 129.452 129.452 141.435 141.435 168.837 168.837 174.928 147.149
9 "fork+exec static cpu=0" 0 51.7765 51.7765 56.5345 56.5345 71.3925 71.3925 176.504 176.504 188.712 188.712 216.303 216.303 220.511 193.04
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
