#!/bin/sh
# aggregate.sh [-o OUT.csv] RUN_DIR...: every summary row of the runs as one long CSV, led by each
# run's id, host, kernel, CPU, virtualization and THP (scripts/present/aggregate.py).
here=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH=$here PYTHONDONTWRITEBYTECODE=1 exec python3 -m present aggregate "$@"
