# Shared checks for the bats tests: the run-directory schema (DESIGN §7) and process hygiene.

KEY_COLUMNS="bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant"

# The CSV files parse as RFC 4180 and hold what DESIGN §7 says; samples are positive and
# start_ns <= total_ns, call_ns <= total_ns hold per sample.
check_run_dir() {
	local dir=$1
	for f in meta.json samples.csv summary.csv results.json skipped.csv; do
		[ -s "$dir/$f" ] || { echo "missing $dir/$f"; return 1; }
	done
	if ls -A "$dir" | grep -q '^\.'; then
		echo "temporary file left in $dir: $(ls -A "$dir")"
		return 1
	fi
	python3 "$BATS_TEST_DIRNAME/check_run.py" "$dir"
}

count_configs() {
	python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(len({tuple(x[k] for k in sys.argv[2].split(",")) for x in r}))' \
		"$1/summary.csv" "$KEY_COLUMNS"
}

# Nothing that forkbench started is still alive: no process whose command line or cwd names
# the run, no zombie child of this shell, no forkbench or child target at all.
no_processes_left() {
	sleep 0.3
	if pgrep -f 'build/forkbench|child-static|child-dynamic|__worker' >/dev/null; then
		ps -ef | grep -E 'forkbench|child-' | grep -v grep
		return 1
	fi
	if ps -eo stat,ppid | awk -v p=$$ '$1 ~ /^Z/ && $2 == p' | grep -q .; then
		echo "zombie left"
		return 1
	fi
}
