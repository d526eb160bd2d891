# Shared look of every forkbench chart, loaded by the others. Set by scripts/plot.sh with -e:
# fmt ('png' or 'svg'), out (file), width, height (pixels), title. Draws nothing itself.
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
set style line 1 lc '#1f77b4' lw 1.5 pt 7 ps 0.9   # median / first series
set style line 2 lc '#ff7f0e' lw 1.5 pt 5 ps 0.9   # second series
set style line 3 lc '#7f7f7f' lw 1.2               # whiskers
# What each latency metric means, as a panel title (DESIGN §4).
metric_title(m) = m eq 'call_ns' ? "call_ns: the parent's call returns" : \
		  m eq 'start_ns' ? 'start_ns: the child runs its first instruction' : \
		  m eq 'total_ns' ? 'total_ns: the child is reaped (waitpid)' : m
# Row labels on the first panel only (i is the panel's index); a function, because a ?: inside
# a using spec reads its ':' as a column separator.
panel_label(c) = (i == 1) ? strcol(c) : ''
# exec.gp: the two sources of a row (column 8 is 1 for hyperfine) in their own colour and key.
src_colour(h) = (h > 0) ? 0xff7f0e : 0x1f77b4
if_harness(h, v) = (h > 0) ? NaN : v
if_hyperfine(h, v) = (h > 0) ? v : NaN
