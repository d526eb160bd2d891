#!/bin/sh
# report.sh RUN_DIR: RUN_DIR/report.md from the run's files (scripts/present/report.py): the
# machine, one section per bench with its tables and charts, warnings, notes, the command.
here=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH=$here PYTHONDONTWRITEBYTECODE=1 exec python3 -m present report "$@"
