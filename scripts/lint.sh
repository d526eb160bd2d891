#!/bin/sh
# make lint: cppcheck and clang-tidy (.clang-tidy) over harness/ and bench/, shellcheck over the
# scripts and the bats helpers, pyflakes over the Python (scripts/present/, tests/*.py), failing
# on any finding. A false positive is suppressed on its line with the reason (cppcheck-suppress / NOLINT / shellcheck disable), never globally.
# make test runs it after the tests (scripts/test.sh): clang-tidy takes about two minutes on 2 CPUs.
set -u
cd "$(dirname "$0")/.." || exit 2
for tool in cppcheck clang-tidy shellcheck pyflakes3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "lint: $tool not installed (make deps)" >&2; exit 2; }
done
DEFS="-D_GNU_SOURCE -Iharness -Ibench"
status=0
# -D__x86_64__ -D__linux__: with -D given, cppcheck checks that configuration only, and
# child-static.c picks its _start by architecture.
echo "lint: cppcheck" >&2
# shellcheck disable=SC2086
cppcheck -q --std=c11 --enable=warning,performance,portability --error-exitcode=1 \
	--inline-suppr $DEFS -D__x86_64__ -D__linux__ -DFORKBENCH_VERSION='"lint"' harness bench ||
	status=1
# -x follows the sourced scripts/lib/owner.sh (named by "shellcheck source=" lines, relative to
# the repository root, where this runs).
echo "lint: shellcheck" >&2
shellcheck -x scripts/*.sh scripts/lib/*.sh scripts/fleet/*.sh tests/helpers.bash || status=1
# pyflakes3 (Debian python3-pyflakes): the presentation package, make fleet's driver and the
# Python tests.
echo "lint: pyflakes" >&2
pyflakes3 scripts/present scripts/fleet tests/*.py || status=1
echo "lint: clang-tidy" >&2
# One file per process, as many at once as there are CPUs; xargs exits 123 if any failed.
printf '%s\n' harness/*.c bench/*.c |
	xargs -P "$(nproc)" -I{} sh -c \
		"clang-tidy -quiet '{}' -- $DEFS -DFORKBENCH_VERSION='\"lint\"' 2>/dev/null" ||
	status=1
[ "$status" -eq 0 ] && echo "lint: clean" >&2
exit "$status"
