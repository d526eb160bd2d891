#!/bin/sh
# build.sh BUILD_DIR TARGET...: `make B=BUILD_DIR TARGET...` for make bench and make compare.
# Under sudo what this build writes goes to the invoking user (lib/owner.sh), so a later `make`
# without sudo can rebuild: the directories it creates and the files it writes (a build
# directory it creates, wholly). Directories that were there keep their owner; so do files the
# build left alone.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/owner.sh
. "$here/lib/owner.sh"
make=${MAKE:-make}

[ $# -ge 2 ] || { echo "usage: build.sh BUILD_DIR TARGET..." >&2; exit 2; }
dir=${1%/}
shift
owner_ids >/dev/null || exec $make --no-print-directory B="$dir" "$@"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/build.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM
# Files newer than the marker were written by this build; directories not listed are new. The
# marker is a second old because file times move in clock ticks: a file written in the marker's
# tick would not be newer than it.
touch -d '1 second ago' "$scratch/marker"
: >"$scratch/dirs"
[ -d "$dir" ] && find "$dir" -type d >"$scratch/dirs"

$make --no-print-directory B="$dir" "$@"
rc=$?
# Also after a failed build: the objects it did write are the user's too.
[ -d "$dir" ] || exit $rc
# -depth: a directory's contents before it, so the user never holds a directory above one that
# root has yet to chown.
find "$dir" -depth -user 0 \( -type d -o -newer "$scratch/marker" \) |
	grep -vxF -f "$scratch/dirs" |
	while IFS= read -r path; do
		give_to_invoker "$path" || exit 1
	done || { [ $rc -ne 0 ] || rc=1; }
exit $rc
