# with_config FILE COPY (sourced; needs $here and die): prints FILE when its header has the
# config column, else writes COPY, FILE with the column added by `forkbench label` (the label is
# built in C only: harness/config_label.c), and prints COPY. For runs older than the column.
fb=${FORKBENCH:-$here/../build/forkbench}
with_config() {
	if head -1 "$1" | tr -d '\r' | tr ',' '\n' | grep -qx 'config'; then
		echo "$1"
		return
	fi
	[ -x "$fb" ] || die "$1: has no config column and $fb is missing to add it (run make)"
	"$fb" label "$1" >"$2" || exit 2
	echo "$2"
}
