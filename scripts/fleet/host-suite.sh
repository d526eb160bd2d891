#!/bin/sh
# host-suite.sh SUITE: make fleet's suite step on a host, run by the playbook from the shipped
# source: make bench SUITE=SUITE, then the new run directory packed as fleet-run.tgz (its id in
# fleet-run.id). Everything goes to fleet-bench.log from the first line: no process of Ansible's
# holds a pipe to the suite, so its command module sees end of file at once and blocks in wait()
# until the suite is done, waking for nothing while it measures. Exit: make bench's status, or 1
# when no run directory came out of it.
set -u
cd "$(dirname "$0")/../.." || exit 2
exec </dev/null >fleet-bench.log 2>&1
rm -f fleet-run.tgz fleet-run.id
make --no-print-directory bench SUITE="${1:-default}" DEPS=bench
rc=$?
dir=$(sed -n 's/^forkbench: run [^ ]* into \(results\/[^ ]*\)$/\1/p' fleet-bench.log | tail -n 1)
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
	echo "host-suite.sh: make bench (exit $rc) named no run directory" >&2
	[ "$rc" -ne 0 ] && exit "$rc"
	exit 1
fi
[ "$rc" -eq 0 ] || exit "$rc"
id=$(basename "$dir")
tar -czf fleet-run.tgz.tmp -C results "$id" && mv fleet-run.tgz.tmp fleet-run.tgz || exit 1
echo "$id" >fleet-run.id
