# Shared checks for the bats tests: the run-directory schema (DESIGN §7) and process hygiene.

KEY_COLUMNS="bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant"

# The CSV files parse as RFC 4180 and hold what DESIGN §7 says; samples are positive and
# start_ns <= total_ns, call_ns <= total_ns hold per sample.
check_run_dir() {
	local dir=$1
	for f in meta.json samples.csv summary.csv results.json skipped.csv; do
		[ -s "$dir/$f" ] || { echo "missing $dir/$f"; return 1; }
	done
	if find "$dir" -mindepth 1 -maxdepth 1 -name '.*' | grep -q .; then
		echo "temporary file left in $dir: $(ls -A "$dir")"
		return 1
	fi
	python3 "$BATS_TEST_DIRNAME/check_run.py" "$dir"
}

count_configs() {
	python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(len({tuple(x[k] for k in sys.argv[2].split(",")) for x in r}))' \
		"$1/summary.csv" "$KEY_COLUMNS"
}

# Nothing that the run into $1 (default: this test's temporary directory) started is still
# alive: every worker, and every child it forks, carries the run directory on its command line
# (the exec targets are checked by name), and no zombie is left under this shell. Matching the
# directory keeps concurrent runs apart.
no_processes_left() {
	local dir=${1:-$BATS_TEST_TMPDIR}
	sleep 0.3
	if pgrep -f -- "$dir" >/dev/null || pgrep -x 'child-static|child-dynamic' >/dev/null; then
		# shellcheck disable=SC2009 # shows ppid and state too, which pgrep cannot
		ps -eo pid,ppid,stat,args | grep -E -- "$dir|child-static|child-dynamic" | grep -v grep
		return 1
	fi
	if ps -eo stat,ppid | awk -v p=$$ '$1 ~ /^Z/ && $2 == p' | grep -q .; then
		echo "zombie left"
		return 1
	fi
}
