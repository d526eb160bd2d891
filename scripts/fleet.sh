#!/bin/sh
# make fleet: the suite on every host of an Ansible inventory, brought back into
# results/fleet-<UTC>/ with fleet.csv and fleet.md (scripts/fleet/fleet.py; README "Running on a
# fleet"). Exit 0: every host delivered; 1: some failed (stderr says how many and why); 2: bad
# input. The fleet directory is the last line on stdout.
# Usage: fleet.sh --inventory FILE [--suite smoke|quick|default|full] [--baseline HOST]
#        [--forks N] [--fleet DIR]
here=$(cd "$(dirname "$0")" && pwd)
PYTHONDONTWRITEBYTECODE=1 exec python3 "$here/fleet/fleet.py" "$@"
