#!/bin/sh
# make bench: run the default suite into results/<run-id>/, then hyperfine beside it, the
# charts and the report. --quick / --full pass through to `forkbench suite`. Under sudo all of it
# is the invoking user's: forkbench hands over results/ and the run directory it creates and its
# files (harness/sudo_owner.c), the scripts theirs (scripts/lib/owner.sh).
set -u
cd "$(dirname "$0")/.." || exit 2
mode=""
hf=""
for a in "$@"; do
	case "$a" in
	--quick) mode=--quick hf=--quick ;;
	--full) mode=--full ;;
	*) echo "suite.sh: unknown option $a (accepted: --quick, --full)" >&2; exit 2 ;;
	esac
done

run_id=$(build/forkbench info --run-id) || exit 1
dir="results/$run_id"
start=$(date +%s)
echo "forkbench: run $run_id into $dir" >&2
build/forkbench suite $mode --run-id "$run_id" -o "$dir"
rc=$?
if [ $rc -ne 0 ]; then
	echo "forkbench: the suite stopped (exit $rc); what completed is in $dir" >&2
	exit $rc
fi
sh scripts/hyperfine.sh $hf "$dir" ||
	echo "forkbench: hyperfine cross-check skipped (see above)" >&2
sh scripts/plot.sh "$dir" || exit $?
sh scripts/report.sh "$dir" || exit $?
echo "forkbench: run $run_id done in $(($(date +%s) - start)) s: $dir/report.md" >&2
