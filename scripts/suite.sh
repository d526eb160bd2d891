#!/bin/sh
# make bench: run the default suite into results/<run-id>/, then hyperfine beside it, the
# charts and the report. --smoke / --quick / --full pass through to `forkbench suite` (make bench
# SUITE=smoke|quick|default|full; QUICK=1 and FULL=1 are aliases; --raise-limits from
# RAISE_LIMITS=1 reaches the full sweeps); a smoke run has no hyperfine
# cross-check (it is seconds long, the cross-check is not). Under sudo all of it
# is the invoking user's: forkbench hands over results/ and the run directory it creates and its
# files (harness/sudo_owner.c), the scripts theirs (scripts/lib/owner.sh).
set -u
cd "$(dirname "$0")/.." || exit 2
mode=""
hf=""
raise=""
for a in "$@"; do
	case "$a" in
	--raise-limits) raise=--raise-limits ;;
	--smoke) mode=--smoke hf=none ;;
	--quick) mode=--quick hf=--quick ;;
	--full) mode=--full ;;
	--default) mode="" ;;
	*) echo "suite.sh: unknown suite $a (accepted: SUITE=smoke, quick, default or full; --smoke, --quick, --default, --full)" >&2; exit 2 ;;
	esac
done

run_id=$(build/forkbench info --run-id) || exit 1
dir="results/$run_id"
start=$(date +%s)
echo "forkbench: run $run_id into $dir" >&2
# shellcheck disable=SC2086 # $mode and $raise are one word or none
build/forkbench suite $mode $raise --run-id "$run_id" -o "$dir"
rc=$?
if [ $rc -ne 0 ]; then
	echo "forkbench: the suite stopped (exit $rc); what completed is in $dir" >&2
	exit $rc
fi
if [ "$hf" = none ]; then
	echo "forkbench: smoke run: no hyperfine cross-check" >&2
else
	sh scripts/hyperfine.sh $hf "$dir" ||
		echo "forkbench: hyperfine cross-check skipped (see above)" >&2
fi
sh scripts/plot.sh "$dir" || exit $?
sh scripts/report.sh "$dir" || exit $?
echo "forkbench: run $run_id done in $(($(date +%s) - start)) s: $dir/report.md" >&2
