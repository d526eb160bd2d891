#!/bin/sh
# compare.sh [-o DIR] [--alpha P] [--threshold PCT] [--ci bootstrap|hl] [--seed N] [--ignore KEYS]
# RUN_A RUN_B [RUN_C...]: forkbench compare of the runs as a directory, compare.csv, compare.md
# and the charts (scripts/present/compare_charts.py).
here=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH=$here PYTHONDONTWRITEBYTECODE=1 exec python3 -m present compare "$@"
