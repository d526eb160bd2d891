#!/bin/sh
# make test's driver (DESIGN §10): every test through prove (TAP); then, when root can drop
# privileges, the tests with a root-only path once more as the user nobody, so their skip path
# runs too; then the linters; then every skip of both passes with its reason.
# Usage: scripts/test.sh TEST...   (Check binaries and .bats files, as make test passes them)
set -u
cd "$(dirname "$0")/.." || exit 2
mkdir -p build
skips=$PWD/build/test-skips.log
: >"$skips"
status=0
# --failures --comments: a failure prints its diagnostics, so a red CI log says why.
PROVE_ARGS="--timer --failures --comments"

echo "== tests as $(id -un)"
# shellcheck disable=SC2086 # PROVE_ARGS is words
FORKBENCH_SKIP_LOG=$skips prove $PROVE_ARGS --exec 'sh scripts/tap-run.sh' "$@" || status=1

# Files with a path that only root takes, or a skip only a non-root user meets. The Check
# binaries are all cheap, so all of them run; the Python tests (tests/*_test.py) have none.
NONROOT_BATS="tests/cli.bats tests/cow.bats tests/ownership.bats tests/reliability.bats"
NONROOT_BATS="$NONROOT_BATS tests/safety.bats tests/timeline.bats tests/fleet.bats tests/thp_sizes.bats"
NONROOT_BATS="$NONROOT_BATS tests/sweep_full.bats"
if [ "$(id -u)" -ne 0 ]; then
	echo "non-root pass: SKIP (already not root: the pass above was it)" >>"$skips"
elif ! id nobody >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
	echo "non-root pass: SKIP (no user nobody or no runuser to drop privileges)" >>"$skips"
else
	# CI's clone may sit in a directory nobody cannot traverse (mktemp -d is 0700): the pass
	# runs from a copy nobody owns (under $TMPDIR, /tmp by default), with what the tests
	# need, and removes it afterwards.
	copy=$(mktemp -d -t forkbench-nonroot.XXXXXX) || exit 1
	trap 'rm -rf "$copy"' EXIT
	trap 'exit 130' INT TERM
	chmod 755 "$copy"
	runuser -u nobody -- test -x "$copy" || {
		echo "the non-root pass cannot run: nobody cannot reach $copy (TMPDIR)" >&2
		exit 1
	}
	tar --exclude=./build/obj --exclude=./build/san --exclude=./build/fuzz \
		--exclude=./results --exclude=./.git -cf - . | tar -C "$copy" -xf - || exit 1
	mkdir -p "$copy/tmp" "$copy/results"
	chown -R nobody "$copy"
	tests=""
	for t in "$@"; do
		case "$t" in
		*.bats) case " $NONROOT_BATS " in *" $t "*) tests="$tests $t" ;; esac ;;
		*.py) ;; # the presentation's tests have no root-only path
		*) tests="$tests $t" ;;
		esac
	done
	echo "== tests as nobody:$tests"
	# shellcheck disable=SC2086,SC2016 # words without spaces; $1 is the inner shell's
	runuser -u nobody -- env HOME="$copy" TMPDIR="$copy/tmp" \
		FORKBENCH_SKIP_LOG="$copy/skips.log" sh -c 'cd "$1" && shift &&
		prove "$@"' sh "$copy" $PROVE_ARGS --exec 'sh scripts/tap-run.sh' $tests || status=1
	[ -f "$copy/skips.log" ] && sed 's/^/as nobody: /' "$copy/skips.log" >>"$skips"
fi

echo "== lint"
sh scripts/lint.sh || status=1

n=$(grep -c . "$skips")
echo "== $n skipped here (build/test-skips.log):"
sed 's/^/  /' "$skips"
[ "$status" -eq 0 ] && echo "== make test: PASS" || echo "== make test: FAIL"
exit "$status"
