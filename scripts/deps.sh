#!/bin/sh
# make deps: install the Debian packages forkbench needs, if any are missing.
# As root it runs apt-get; otherwise through sudo when sudo works without a password prompt
# failing the build; otherwise it prints the exact command and exits 2.
set -u
PACKAGES="build-essential pkg-config libpfm4-dev gnuplot-nox hyperfine check bats python3 procps clang libclang-rt-14-dev cppcheck clang-tidy shellcheck python3-pyflakes valgrind zlib1g-dev libbenchmark-tools python3-scipy"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "forkbench: missing packages:$missing; no apt-get here: install them with your package manager" >&2
	exit 2
fi
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "forkbench: missing packages:$missing; run: sudo apt-get install -y$missing" >&2
	exit 2
fi
echo "forkbench: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists of a fresh machine may be empty or stale: update once, then install.
$SUDO apt-get update -qq >&2 || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2 || {
	echo "forkbench: apt-get install$missing failed; run it by hand: sudo apt-get install -y$missing" >&2
	exit 2
}
