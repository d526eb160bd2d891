# sweep-rss: made by scripts/present from the run's CSVs; draws, computes nothing.
# Redraw: gnuplot NAME.gp (PNG), gnuplot -e "fmt='svg'" NAME.gp
if (!exists('fmt')) fmt = 'png'
out = 'sweep-rss'.'.'.fmt
width = 1500; height = 1800
title = "Creation latency (total_ns, until reaped) against the parent RSS: median per point, least-squares line and marginal cost per segment (fits.csv)\nvm, Linux 6.18.44-fc-v1272, AMD EPYC, 2026-12-07"
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

$pts0 << EOD
0 229.892 227.907 232.286
16 1150.85 1141.51 1159.06
64 3483.53 3331.42 3534.16
256 21271.5 20694.6 21757.2
1024 65801.8 63902.3 67068.5
EOD
$fit0 << EOD
0 923.533
1024 66670.3
EOD
$seg0 << EOD
0 58941.2 16 8 58190.4 59594
16 49763.9 48 40 46343.6 51043.1
64 94869.2 192 160 91522.6 98271
256 59373.7 768 640 56193.4 61831.8
EOD
$pts1 << EOD
0 47.479 47.159 47.79
16 51.045 50.685 51.487
64 45.761 45.415 46.317
256 104.756 104.055 105.738
1024 49.603 49.112 49.943
EOD
$fit1 << EOD
0 59.6833
1024 59.8546
EOD
$seg1 << EOD
0 228.224 16 8 185.28 276.992
16 -112.725 48 40 -129.536 -93.184
64 314.64 192 160 307.936 321.723
256 -73.5373 768 640 -75.5013 -72.1493
EOD
$pts2 << EOD
0 54.7325 54.172 55.203
16 47.048 46.548 47.479
64 47.6895 47.439 47.96
256 50.845 50.485 51.416
1024 56.416 55.874 56.927
EOD
$fit2 << EOD
0 49.6164
1024 56.1285
EOD
$seg2 << EOD
0 -491.808 16 8 -553.92 -428.352
16 13.6853 48 40 -0.853333 30.1227
64 16.8293 192 160 13.4667 21.2107
256 7.428 768 640 5.944 8.58933
EOD
$pts3 << EOD
0 304.07 301.776 306.905
16 271.57 268.714 273.192
64 283.938 281.668 285.425
256 251.817 249.198 253.847
1024 260.293 258.585 262.081
EOD
$fit3 << EOD
0 281.451
1024 254.671
EOD
$seg3 << EOD
0 -2080.03 16 8 -2444.22 -1829.38
16 263.851 48 40 180.821 356.501
64 -171.309 192 160 -193.211 -148.379
256 11.302 768 640 6.31733 17.1773
EOD
$pts4 << EOD
0 206.797 205.155 209.052
16 1231.65 1222.18 1240.36
64 3381.54 3337.3 3420.53
256 21694.1 21063 22244.1
1024 55127.9 52010.1 56771.6
EOD
$fit4 << EOD
0 1781.11
1024 56547.4
EOD
$seg4 << EOD
0 65590.6 16 8 64840.3 66252.8
16 45864.4 48 40 44734.8 46898.2
64 97667.2 192 160 94093.4 100836
256 44578.4 768 640 39687.9 47611.5
EOD
$pts5 << EOD
0 262.597 259.877 264.576
16 249.177 248.025 251.071
64 236.994 234.62 239.138
256 248.832 246.583 250.77
1024 244.899 242.425 246.232
EOD
$fit5 << EOD
0 250.072
1024 244.152
EOD
$seg5 << EOD
0 -858.88 16 8 -1059.26 -563.584
16 -259.904 48 40 -350.955 -189.589
64 63.1333 192 160 39.7067 86.1333
256 -5.24333 768 640 -11.1267 -0.468
EOD
$pts6 << EOD
0 56.9565 56.556 57.337
16 55.524 55.134 55.944
64 55.2385 54.853 55.545
256 46.257 45.926 46.637
1024 53.47 53.199 53.851
EOD
$fit6 << EOD
0 54.1166
1024 51.7546
EOD
$seg6 << EOD
0 -91.68 16 8 -140.992 -39.168
16 -6.09067 48 40 -23.2747 8.768
64 -47.9013 192 160 -51.3013 -43.8187
256 9.61733 768 640 8.74933 10.5667
EOD
$pts7 << EOD
0 135.364 134.542 135.975
64 2445.29 2431.88 2467.54
256 14268.2 14009.8 14770.7
EOD
$fit7 << EOD
0 -429.233
256 14080
EOD
$seg7 << EOD
0 36958.8 64 32 36734.5 37327.9
64 63055.8 192 160 61558.8 65807.1
EOD
$pts8 << EOD
0 142.272 141.035 143.77
64 139.862 139.221 141.976
256 136.456 135.725 138.359
EOD
$fit8 << EOD
0 141.831
256 136.309
EOD
$seg8 << EOD
0 -38.56 64 32 -72.784 15.056
64 -18.1653 192 160 -33.3387 -4.59733
EOD
$pts9 << EOD
0 136.175 135.314 137.057
64 133.466 132.709 134.752
256 131.702 131.215 132.438
EOD
$fit9 << EOD
0 135.441
256 131.457
EOD
$seg9 << EOD
0 -43.344 64 32 -69.568 -8.992
64 -9.408 192 160 -18.864 -1.44533
EOD
set multiplot layout 4, 3 title title font ',14' margins 0.07, 0.92, 0.050, 0.936 spacing 0.07, 0.072
set xlabel 'parent RSS (MiB), linear scale from 0'
set ylabel 'µs, linear scale from 0'
set format y '%g'
set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9
set title "fork touched param=rss\nslope 65747 µs/GiB [56127, 75367], R² 0.994\nmisses the 0 point by 302%\nmarginal 58941 µs/GiB from 0 to 16, 59374 µs/GiB from 256 to 1024" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts0 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.03% to 97.06% (each row at its ci_level)', \
     $fit0 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg0 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 90.3% to 93.99% (product of the two points'' levels)', \
     $seg0 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "vfork touched param=rss\nslope 0.171 µs/GiB [-110, 110], R² 0.000\nmisses the 256 point by 43%\nmarginal 228 µs/GiB from 0 to 16, -73.5 µs/GiB from 256 to 1024" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts1 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 96.92% (each row at its ci_level)', \
     $fit1 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg1 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 91.09% to 92.88% (product of the two points'' levels)', \
     $seg1 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "clone-vm-vfork touched param=rss\nslope 6.51 µs/GiB [-7.07, 20.1], R² 0.437\nmisses the 0 point by 9%\nmarginal -492 µs/GiB from 0 to 16, 7.43 µs/GiB from 256 to 1024" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts2 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.93% (each row at its ci_level)', \
     $fit2 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg2 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 91.13% to 91.2% (product of the two points'' levels)', \
     $seg2 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "posix_spawn static touched param=rss\nslope -26.8 µs/GiB [-101, 47.8], R² 0.303\nmisses the 256 point by 9%\nmarginal -2080 µs/GiB from 0 to 16, 11.3 µs/GiB from 256 to 1024" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts3 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.44% (each row at its ci_level)', \
     $fit3 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg3 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 90.25% to 90.67% (product of the two points'' levels)', \
     $seg3 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "fork+exec static touched param=rss\nslope 54766 µs/GiB [39624, 69908], R² 0.978\nmisses the 0 point by 761%\nmarginal 65591 µs/GiB from 0 to 16, 44578 µs/GiB from 256 to 1024" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts4 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.19% to 96.85% (each row at its ci_level)', \
     $fit4 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg4 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 90.64% to 93.6% (product of the two points'' levels)', \
     $seg4 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "fork untouched param=rss\nslope -5.92 µs/GiB [-44.8, 33], R² 0.073\nmisses the 64 point by 5%\nmarginal -859 µs/GiB from 0 to 16, -5.24 µs/GiB from 256 to 1024" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts5 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95% to 95.89% (each row at its ci_level)', \
     $fit5 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg5 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 90.25% to 91.27% (product of the two points'' levels)', \
     $seg5 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "vfork untouched param=rss\nslope -2.36 µs/GiB [-20.2, 15.5], R² 0.056\nmisses the 256 point by 16%\nmarginal -91.7 µs/GiB from 0 to 16, 9.62 µs/GiB from 256 to 1024" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts6 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.03% to 95.89% (each row at its ci_level)', \
     $fit6 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg6 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 91.12% to 91.27% (product of the two points'' levels)', \
     $seg6 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "fork touched cpu=0 param=rss\nslope 58037 µs/GiB [-8231, 124306], R² 0.992\nmisses the 0 point by 417%\nmarginal 36959 µs/GiB from 0 to 64, 63056 µs/GiB from 64 to 256" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts7 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.36% to 97.05% (each row at its ci_level)', \
     $fit7 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg7 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 91.38% to 92.54% (product of the two points'' levels)', \
     $seg7 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "fork touched shmem cpu=0 param=rss\nslope -22.1 µs/GiB [-73.9, 29.7], R² 0.967\nmisses the 64 point by 0%\nmarginal -38.6 µs/GiB from 0 to 64, -18.2 µs/GiB from 64 to 256" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts8 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.28% to 96.72% (each row at its ci_level)', \
     $fit8 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg8 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 91.31% to 92.68% (product of the two points'' levels)', \
     $seg8 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
set title "fork touched file cpu=0 param=rss\nslope -15.9 µs/GiB [-102, 70.2], R² 0.847\nmisses the 64 point by 1%\nmarginal -43.3 µs/GiB from 0 to 64, -9.41 µs/GiB from 64 to 256" font ',11'
set y2tics
set ytics nomirror
set format y2 '%.0f'
set y2label 'marginal µs/GiB, linear scale from 0'
set y2range [*<0 : *]
set xrange [0 : *]
set yrange [*<0 : *]
plot $pts9 using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc '#1f77b4' title 'median; bars: CI of the median, 95.86% to 96.72% (each row at its ci_level)', \
     $fit9 using 1:2 with lines dt 2 lw 1.5 lc '#d62728' title 'least-squares line (fits.csv)', \
     $seg9 using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc '#2ca02c' title 'marginal cost per segment, µs/GiB (right axis); interval at 92.71% to 93.54% (product of the two points'' levels)', \
     $seg9 using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc '#2ca02c' notitle
unset multiplot
