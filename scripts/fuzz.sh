#!/bin/sh
# Runs each libFuzzer target of tests/fuzz/ (built as build/fuzz/fuzz_NAME) over its committed
# seed corpus (tests/fuzz/corpus/NAME, crash regressions included: every seed is replayed
# first), either for SECONDS each (make fuzz) or for RUNS mutations (the smoke run of make
# test). New inputs go to a scratch corpus, never into the committed one; crashes are kept
# as build/fuzz/crash-NAME-* for adding to the corpus once fixed.
# usage: fuzz.sh -t SECONDS [NAME...] | -r RUNS [NAME...]
set -u
cd "$(dirname "$0")/.." || exit 2
case "${1:-}" in
-t) limit="-max_total_time=$2" ;;
-r) limit="-runs=$2" ;;
*) echo "usage: fuzz.sh -t SECONDS | -r RUNS [NAME...]" >&2; exit 2 ;;
esac
shift 2
# shellcheck disable=SC2046 # corpus directories are named after the fuzzers: plain words
[ $# -gt 0 ] || set -- $(ls tests/fuzz/corpus)
status=0
for name in "$@"; do
	bin=build/fuzz/fuzz_$name
	[ -x "$bin" ] || { echo "fuzz: $bin not built (make fuzz-build)" >&2; exit 2; }
	scratch=build/fuzz/corpus/$name
	mkdir -p "$scratch"
	echo "fuzz: $name ($limit)" >&2
	# -seed fixed for the smoke run so make test is repeatable; -timeout flags hangs.
	if ! "$bin" "$limit" -seed=1 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="build/fuzz/crash-$name-" "$scratch" "tests/fuzz/corpus/$name" \
		>"build/fuzz/$name.log" 2>&1; then
		tail -n 40 "build/fuzz/$name.log" >&2
		status=1
	else
		grep -E '^(stat::number_of_executed_units|Done)' "build/fuzz/$name.log" >&2
	fi
done
exit "$status"
