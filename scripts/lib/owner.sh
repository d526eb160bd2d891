# shellcheck shell=sh
# owner.sh, sourced by the scripts: run through sudo (euid 0 with SUDO_UID and SUDO_GID), what a
# script creates is handed to the invoking user, as harness/sudo_owner.c does for the harness's own
# files, so results are theirs to move or delete. It only ever hands a file down, never raises a
# privilege, and never touches what the script did not create: callers pass only their own new
# files (before renaming them into place, so no final name is ever root's), and create
# directories through mkdir_for_invoker. Without sudo every function here does nothing.

# Prints UID:GID under sudo; otherwise prints nothing and fails. The ids must be decimal as sudo
# writes them, neither 0 (root already) nor (uid_t)-1; anything else is ignored, never used.
owner_ids() {
	[ "$(id -u)" = 0 ] || return 1
	for _owner_id in "${SUDO_UID-}" "${SUDO_GID-}"; do
		case $_owner_id in '' | 0* | *[!0-9]* | ???????????*) return 1 ;; esac
		[ "$_owner_id" -lt 4294967295 ] || return 1
	done
	echo "$SUDO_UID:$SUDO_GID"
}

# give_to_invoker PATH...: each PATH itself (a link, not its target; a directory, not its
# contents) to the invoking user under sudo. Fails with chown's message if chown does.
give_to_invoker() {
	_owner_ids=$(owner_ids) || return 0
	[ $# -gt 0 ] || return 0
	# '+': numeric ids, even where a user or group is named by digits.
	chown -h -- "+${_owner_ids%:*}:+${_owner_ids#*:}" "$@"
}

# mkdir_for_invoker DIR: mkdir -p DIR, then under sudo gives each directory it created (and
# only those: an existing parent keeps its owner) to the invoking user.
mkdir_for_invoker() {
	_owner_dir=${1%/}
	_owner_new=
	while [ -n "$_owner_dir" ] && [ ! -e "$_owner_dir" ] && [ ! -L "$_owner_dir" ]; do
		_owner_new="$_owner_new$_owner_dir
"
		case $_owner_dir in */*) _owner_dir=${_owner_dir%/*} ;; *) _owner_dir= ;; esac
	done
	mkdir -p -- "$1" || return
	[ -n "$_owner_new" ] || return 0
	# One directory per line, innermost first, so the user never holds a directory above one
	# that root has yet to chown.
	printf '%s' "$_owner_new" | while IFS= read -r _owner_dir; do
		give_to_invoker "$_owner_dir" || exit
	done
}
