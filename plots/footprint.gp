# Footprint per method: what one child costs in memory, in KiB. Left: the child's own figures
# from its /proc (PSS, private, page tables; zero where it shares the harness's mm). Right: the
# kernel's cost per live child from /proc/meminfo deltas over N live children (total of page
# tables + kernel stack + unreclaimable slab: median, 95% CI box; its parts as marks). Reads
# datadir/footprint.dat made by plot.sh (y label pss private pte total lo hi stack pt slab).
load dir.'/common.gp'
# The level of the intervals, from the rows' ci_level (plot.sh): never a fixed 95%.
if (!exists('ci_label')) ci_label = 'CI of the median'
set multiplot layout 1, 2 title title font ',14' margins lmargin_frac, 0.98, bmargin_frac, tmargin_frac spacing 0.03, 0
set yrange [rows - 0.5 : -0.5]
set xlabel 'KiB per child'
set ytics scale 0
set key at screen 0.27, 0.01 center bottom horizontal maxrows 1 samplen 2 width 1
# Log scale: a 64 MiB parent's fork child has a PSS of tens of MiB, a small one's hundreds of
# KiB. Children that share the harness's mm (vfork, CLONE_VM) have none of their own: their 0
# sits on the axis at the tick labelled 0.
set logscale x
set xrange [1:*]
set xtics add ('0' 1)
on_axis(v) = v > 1 ? v : 1
set title "the child's own memory (/proc/PID/smaps_rollup, status; log scale)" font ',12'
plot dir_data.'/footprint.dat' using (on_axis($3)):1:ytic(2) with points ls 1 title 'PSS', \
     '' using (on_axis($4)):1 with points ls 2 title 'private', \
     '' using (on_axis($5)):1 with points lc '#2ca02c' pt 9 ps 1.1 title 'page tables (VmPTE)'
unset logscale x
set xrange [0:*]
set xtics auto
set ytics scale 0 format ''
set key at screen 0.74, 0.01 center bottom horizontal maxrows 1 samplen 2 width 1
set title 'kernel memory per live child (/proc/meminfo deltas)' font ',12'
plot dir_data.'/footprint.dat' using 6:1:7:8:($1 - 0.28):($1 + 0.28) with boxxyerror fs solid 0.35 noborder lc '#1f77b4' title ci_label, \
     '' using 6:1 with points ls 1 title 'total', \
     '' using 9:1 with points lc '#9467bd' pt 13 ps 1 title 'kernel stack', \
     '' using 10:1 with points lc '#2ca02c' pt 9 ps 1.1 title 'page tables', \
     '' using 11:1 with points lc '#d62728' pt 2 ps 1 title 'unreclaimable slab'
unset multiplot
