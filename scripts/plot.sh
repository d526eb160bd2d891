#!/bin/sh
# plot.sh RUN_DIR: the run's charts into RUN_DIR/plots/ (scripts/present/charts.py): for each
# chart a gnuplot script that draws (NAME.gp), its PNG and its SVG.
here=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH=$here PYTHONDONTWRITEBYTECODE=1 exec python3 -m present plot "$@"
