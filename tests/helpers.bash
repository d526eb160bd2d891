# Shared checks for the bats tests: the run-directory schema (DESIGN §7) and process hygiene.

KEY_COLUMNS="bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,cpu,variant"

# The CSV files parse as RFC 4180 and hold what DESIGN §7 says; samples are positive and
# start_ns <= total_ns, call_ns <= total_ns hold per sample.
check_run_dir() {
	local dir=$1
	for f in meta.json samples.csv.gz summary.csv results.json skipped.csv; do
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
# Exec targets of this checkout's build still alive: matched by their executable's path, so a
# test suite running from another checkout at the same time does not count.
own_exec_targets_alive() {
	local build pid
	build=$(realpath "$BATS_TEST_DIRNAME/../build")
	for pid in $(pgrep -x 'child-static|child-dynamic'); do
		case $(readlink "/proc/$pid/exe" 2>/dev/null) in
		"$build"/*) return 0 ;;
		esac
	done
	return 1
}

no_processes_left() {
	local dir=${1:-$BATS_TEST_TMPDIR}
	sleep 0.3
	if pgrep -f -- "$dir" >/dev/null || own_exec_targets_alive; then
		# shellcheck disable=SC2009 # shows ppid and state too, which pgrep cannot
		ps -eo pid,ppid,stat,args | grep -E -- "$dir|child-static|child-dynamic" | grep -v grep
		return 1
	fi
	if ps -eo stat,ppid | awk -v p=$$ '$1 ~ /^Z/ && $2 == p' | grep -q .; then
		echo "zombie left"
		return 1
	fi
}

# config_status DIR BENCH METHOD: prints "ran" when summary.csv has rows of METHOD in BENCH and
# skipped.csv none, "skipped: REASON[ | REASON...]" for the opposite, "ran and skipped: ..." or
# "missing" otherwise. CSV-aware, so methods with commas ("clone:vm,vfork") match whole.
config_status() {
	python3 - "$@" <<'PY'
import csv, sys
d, bench, method = sys.argv[1:4]
def mine(name):
    with open(f"{d}/{name}", newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["bench"] == bench and r["method"] == method]
ran, skips = mine("summary.csv"), [r["reason"] for r in mine("skipped.csv")]
if ran and not skips:
    print("ran")
elif skips:
    print(("ran and skipped: " if ran else "skipped: ") + " | ".join(skips))
else:
    print("missing")
PY
}

# must_run DIR BENCH METHOD...: each METHOD was measured and none of its configurations skipped.
must_run() {
	local dir=$1 bench=$2 m st
	shift 2
	for m in "$@"; do
		st=$(config_status "$dir" "$bench" "$m")
		[ "$st" = ran ] || { echo "$bench $m must run here: $st"; return 1; }
	done
}

# skipped_for DIR BENCH METHOD ERE: METHOD did not run, and every reason for it matches ERE and
# none is a failure ("failed: ..." is a configuration that broke, not one that cannot run).
skipped_for() {
	local st
	st=$(config_status "$1" "$2" "$3")
	case $st in
	"skipped: "*) ;;
	*) echo "$2 $3 should be skipped matching '$4': $st"; return 1 ;;
	esac
	if printf '%s\n' "${st#skipped: }" | sed 's/ | /\n/g' | grep -qv -E -- "$4" ||
		printf '%s\n' "${st#skipped: }" | sed 's/ | /\n/g' | grep -q '^failed:'; then
		echo "$2 $3: a reason is a failure or does not match '$4': $st"
		return 1
	fi
}

# kernel_at_least MAJOR MINOR: the running kernel is MAJOR.MINOR or newer.
kernel_at_least() {
	local rel maj min
	rel=$(uname -r)
	maj=${rel%%.*}
	min=${rel#*.}
	min=${min%%[!0-9]*}
	[ "$maj" -gt "$1" ] || { [ "$maj" -eq "$1" ] && [ "${min:-0}" -ge "$2" ]; }
}

# no_failures DIR: no configuration of the run failed (a skipped.csv reason "failed: ...").
no_failures() {
	python3 - "$1/skipped.csv" <<'PY'
import csv, sys
bad = [r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))
       if r["reason"].startswith("failed:")]
for r in bad:
    print(f"failed: {r['bench']} {r['method']} {r['variant']}: {r['reason']}")
sys.exit(1 if bad else 0)
PY
}
