# shellcheck shell=sh
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

# with_series ROWS OUT (sourced; needs $here, die and a built forkbench): writes OUT, the
# aggregate CSV ROWS with a last column series: the name of the line a chart draws through a
# row's point. A line through points (a sweep over its parameter, throughput over creators, COW
# over region sizes) is the config of its points' key without the x value, the way fits.csv
# names a sweep's line: the key cells with x taken out go through forkbench label, so this name
# too is built in C. A row that is a point of no line has its own config there. OUT.key and
# OUT.label are left as scratch files.
with_series() {
	[ -x "$fb" ] || die "$fb: missing, it names the charts' lines (run make)"
	# shellcheck disable=SC2016 # an awk program: its $1 is awk's, not the shell's
	awk "$(cat "$here/csv.awk")"'
	function vdrop(v, k,    s) {  # the variant without its k=... setting
		s = ";" v ";"
		sub(";" k "=[^;]*;", ";", s)
		return substr(s, 2, length(s) - 2)
	}
	NR == 1 {
		for (i = csv_split($0, h); i > 0; i--)
			c[h[i]] = i
		nk = split("bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant", key, ",")
		line = ""
		for (i = 1; i <= nk; i++)
			line = line (i > 1 ? "," : "") key[i]
		print line
		next
	}
	{
		csv_split($0, f)
		b = f[c["bench"]]
		v = f[c["variant"]]
		if (b == "sweep") {  # as bench/sweep.c clears the swept value for fits.csv
			p = v
			sub(/^param=/, "", p)
			sub(/;.*$/, "", p)
			if (p == "rss")
				f[c["rss_bytes"]] = ""
			else if (p == "threads" || p == "fds" || p == "vmas")
				f[c[p]] = ""
			else if (p == "env")
				f[c["variant"]] = "param=env"
		} else if (b == "throughput") {
			f[c["variant"]] = vdrop(v, "creators")
		} else if (b == "cow") {
			f[c["variant"]] = vdrop(v, "size")
		}
		line = ""
		for (i = 1; i <= nk; i++)
			line = line (i > 1 ? "," : "") csv_quote(f[c[key[i]]])
		print line
	}' "$1" >"$2.key" || return 2
	"$fb" label "$2.key" >"$2.label" || return 2
	awk "$(cat "$here/csv.awk")"'
	NR == 1 { for (i = csv_split($0, h); i > 0; i--) c[h[i]] = i; print "series"; next }
	{ csv_split($0, f); print csv_quote(f[c["config"]]) }' "$2.label" |
		paste -d, "$1" - >"$2"
}
