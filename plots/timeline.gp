# timeline.gp: one stacked horizontal bar per configuration, the median of each kernel phase of a
# creation (left to right, in the order they happen), and a mark at the untraced total_ns median.
# Reads DATA.dat from plot.sh (timeline.dat, or timeline-rss.dat for parents with --rss, whose
# milliseconds would flatten the others): label, the phase boundaries b0..b7 in µs (cumulated by
# awk), untraced total. Set with -e: dir, dir_data, data, fmt, out, width, height, title, rows.
load dir.'/common.gp'
set title title."\ntimeline: where one creation's time goes (median per phase, µs)"
set xlabel 'µs from the creating call (kernel tracepoints; user-space remainder last)'
set ytics () nomirror
set yrange [0.3:rows + 0.7] reverse
set xrange [0:*]
set key outside bottom center horizontal
set style fill solid 0.85 border -1
names = 'copy wakeup sched-delay child-run exec-run reap remainder'
colours = '#1f77b4 #2ca02c #d62728 #9467bd #8c564b #ff7f0e #7f7f7f'
f = dir_data.'/'.data.'.dat'
plot for [k=1:7] f using ((column(k+1) + column(k+2)) / 2):($0 + 1):(column(k+1)):(column(k+2)):($0 + 0.65):($0 + 1.35):ytic(1) \
	with boxxyerror lc rgb word(colours, k) title word(names, k), \
     f using 10:($0 + 1) with points pt 2 ps 1.5 lc rgb '#000000' title 'untraced total_ns median'
