"""forkbench's presentation layer (DESIGN §8): it reads the files of a run (DESIGN §7) and
nothing else, and writes charts (gnuplot scripts that draw, rendered to PNG and SVG), report.md,
aggregated CSVs and comparison charts. Standard library only. Measurement and export are C's
(harness/, bench/); no figure here is measured, and no configuration label is built here."""
