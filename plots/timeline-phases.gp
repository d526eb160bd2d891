# timeline: the distribution of each kernel phase of a creation, one group per phase (in the order
# they happen, then the traced and untraced total_ns), one box per configuration inside it: p25-p75
# box, median bar, p5-p95 whiskers. The stacked chart (timeline.gp) shows medians only; this one
# shows which phase is bimodal or long-tailed (the scheduling delay when the child is placed on the
# other CPU). Reads dir_data/timeline-phases-S.dat (group p5 p25 median p75 p95, in µs; S = 1..series)
# made by plot.sh. Set with -e: series, labels and groups (quoted words), log (1: log x axis), xmin
# (the axis' left end). Computes nothing.
load dir.'/common.gp'
set title title."\ntimeline: distribution of each phase (p25–p75 box, median bar, p5–p95 whiskers)" font ',13'
ngroups = words(groups)
# Top to bottom in the order the phases happen (an explicit range with 'reverse' is not reversed).
set yrange [ngroups + 0.5 : 0.5]
set ytics scale 0 font ',12'
do for [g = 1 : ngroups] {
	set ytics add (word(groups, g) g)
	# Alternate bands: which group a box belongs to stays obvious with many configurations.
	if (g % 2 == 1) {
		set object g rect from graph 0, first g - 0.5 to graph 1, first g + 0.5 behind \
			fc rgb '#f2f2f2' fs solid 1.0 noborder
	}
}
set grid noytics
if (log) {
	set logscale x 10
	set mxtics 10
	set format x '%g'
	set xrange [xmin : *]
	set xlabel 'µs (log scale)'
} else {
	set xrange [0 : *]
	set xlabel 'µs'
}
set key at screen 0.5, 0.01 center bottom horizontal maxrows 3 samplen 2 font ',11'
set bmargin 4 + (series < 3 ? series : 3) * 1.3
set lmargin 18
colour(i) = word('#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf', (i - 1) % 10 + 1)
# Slot of configuration s inside its group: the boxes share 80% of the group's height.
slot = 0.8 / series
y(g, s) = g - 0.4 + slot * (s - 0.5)
half = slot * 0.38
f(s) = dir_data.'/timeline-phases-'.s.'.dat'
plot for [s = 1 : series] f(s) using 4:(y($1, s)):2:6 with xerrorbars lc rgb colour(s) pt -1 lw 1.2 notitle, \
     for [s = 1 : series] f(s) using 4:(y($1, s)):3:5:(y($1, s) - half):(y($1, s) + half) \
	with boxxyerror fs solid 0.45 border lc rgb colour(s) title word(labels, s), \
     for [s = 1 : series] f(s) using 4:(y($1, s) - half):(0):(2 * half) with vectors nohead lw 2.5 \
	lc rgb colour(s) notitle
