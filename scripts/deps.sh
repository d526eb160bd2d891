#!/bin/sh
# make deps [DEPS=SET...]: install the Debian packages forkbench needs, if any are missing.
# As root it runs apt-get; otherwise through sudo when sudo works without a password prompt
# failing the build; otherwise it prints the exact command and exits 2.
# Sets (default: all of them): bench builds and runs make bench (what make fleet installs on each
# host); fleet drives make fleet from a controller; test runs make test and make lint (the fleet
# test's sshd and nc among them).
set -u
sets=${*:-bench fleet test}
PACKAGES=""
for set in $sets; do
	case $set in
	bench) PACKAGES="$PACKAGES build-essential pkg-config libpfm4-dev gnuplot-nox hyperfine python3 procps zlib1g-dev" ;;
	fleet) PACKAGES="$PACKAGES ansible-core openssh-client" ;;
	test) PACKAGES="$PACKAGES check bats clang libclang-rt-14-dev cppcheck clang-tidy shellcheck python3-pyflakes valgrind libbenchmark-tools python3-scipy openssh-server netcat-openbsd iproute2 util-linux" ;;
	*) echo "forkbench: unknown package set '$set' (DEPS: bench, fleet, test)" >&2; exit 2 ;;
	esac
done

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
