#!/bin/sh
# make valgrind: memcheck over a short latency run of the methods without CLONE_VM (valgrind
# cannot follow a child that shares the parent's memory: vfork, clone-vm...). The coordinator
# re-execs itself through /proc/self/exe, which valgrind cannot trace (it would load its own
# tool binary), so the run is checked in two halves: the coordinator under valgrind with
# native workers, then each method's worker run directly under valgrind as the coordinator
# would start it (its fork children stay under valgrind). Then compare reads the run back.
# Valgrind 3.19 has no clone3 (ENOSYS): that worker reports a skip, which counts as one.
set -u
cd "$(dirname "$0")/.." || exit 2
command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed (make deps)" >&2; exit 2; }
METHODS="fork clone clone3 posix_spawn fork+exec"
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkbench-valgrind.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
check() { # name rc log
	if [ "$2" -eq 0 ]; then
		echo "valgrind: $1: clean"
	else
		echo "valgrind: $1: exit $2" >&2
		cat "$3" >&2
		status=1
	fi
}
$VG build/forkbench latency -m "$(echo "$METHODS" | tr ' ' ,)" -n 20 --warmup 2 -e none \
	-o "$tmp/run" -q --no-progress >"$tmp/coord.log" 2>&1
check "coordinator (latency, native workers)" $? "$tmp/coord.log"
for m in $METHODS; do
	$VG build/forkbench __worker latency -n 20 --warmup 2 -e none --worker-method "$m" \
		--rep 1 --worker-fd 3 3>"$tmp/records" >"$tmp/w.log" 2>&1
	rc=$?
	if [ "$rc" -eq 3 ] && grep -q ENOSYS "$tmp/records"; then
		echo "valgrind: worker $m: skipped ($(tr -d '\0' <"$tmp/records" | head -c 120))"
		continue
	fi
	check "worker $m" "$rc" "$tmp/w.log"
done
$VG build/forkbench compare "$tmp/run" "$tmp/run" >"$tmp/cmp.log" 2>&1
check "compare (run reader)" $? "$tmp/cmp.log"
exit "$status"
