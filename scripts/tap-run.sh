#!/bin/sh
# prove's interpreter: runs one test file and makes it speak TAP.
# Check binaries write TAP to stdout when CK_TAP_LOG_FILE_NAME is "-"; bats files run under
# bats --tap; Python unittest files (tests/*_test.py) through tests/tap_unittest.py. All pass
# through scripts/tap-skip.awk, which turns a Check test's skip marker (tests/tap_skip.h) into
# "# SKIP reason" on its TAP line and, when FORKBENCH_SKIP_LOG names a file, appends every skip
# of any kind to it (make test prints them at the end).
# The test's own exit status is kept: prove reports a crashed or failing binary by it.
awk_filter=$(dirname "$0")/tap-skip.awk
file=$1
case "$1" in
*.bats) set -- bats --tap "$1" ;;
*.py) set -- python3 "$(dirname "$0")/../tests/tap_unittest.py" "$1" ;;
# Check's per-test timeout guards against a hang, not a slow machine: x10 under load.
*) export CK_TAP_LOG_FILE_NAME=- CK_VERBOSITY=silent CK_TIMEOUT_MULTIPLIER=10 ;;
esac
# POSIX sh has no pipefail: the test's status leaves through descriptor 3.
exec 4>&1
status=$({ { "$@"; echo $? >&3; } | awk -v file="$file" -v skiplog="${FORKBENCH_SKIP_LOG:-}" \
	-f "$awk_filter" >&4; } 3>&1)
exit "${status:-1}"
