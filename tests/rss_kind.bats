#!/usr/bin/env bats
# --rss-kind (issue 18, DESIGN §2 and §7): each kind measures and is recorded in rss_kind, the
# file kind leaves nothing behind after a SIGKILL, old runs without the column pair with new
# anon rows, and bad values are usage errors.

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
}

teardown() {
	if [ -n "${SAVED_HUGEPAGES:-}" ]; then
		echo "$SAVED_HUGEPAGES" >/proc/sys/vm/nr_hugepages
	fi
}

# rows_of DIR METRIC: "rss_bytes,touch,rss_kind,config" of each summary row of METRIC.
rows_of() {
	python3 - "$1/summary.csv" "$2" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["metric"] == sys.argv[2]:
        print(f'{r["rss_bytes"]},{r["touch"]},{r["rss_kind"]},{r["config"]}')
PY
}

measure_kind() {
	run "$FB" latency -m fork --rss 16M --rss-kind "$1" --cpu 0 -n 20 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	check_run_dir "$OUT"
	run rows_of "$OUT" total_ns
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "${lines[0]}" = "16777216,yes,$1,$2" ]
	no_processes_left "$OUT"
}

@test "--rss-kind anon: measured, recorded as anon, label as before the column" {
	measure_kind anon "fork rss=16M touched cpu=0"
}

@test "--rss-kind shmem: measured and recorded" {
	measure_kind shmem "fork rss=16M touched shmem cpu=0"
}

@test "--rss-kind file: measured and recorded" {
	measure_kind file "fork rss=16M touched file cpu=0"
}

@test "--rss-kind hugetlb: measured with reserved pages, nr_hugepages restored" {
	[ "$(id -u)" -eq 0 ] || skip "reserving huge pages needs root"
	[ -w /proc/sys/vm/nr_hugepages ] || skip "/proc/sys/vm/nr_hugepages is not writable"
	SAVED_HUGEPAGES=$(cat /proc/sys/vm/nr_hugepages)
	echo $((SAVED_HUGEPAGES + 8)) >/proc/sys/vm/nr_hugepages
	free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	[ "$free" -ge 8 ] || skip "could reserve only $free free huge pages (memory fragmented?)"
	measure_kind hugetlb "fork rss=16M touched hugetlb cpu=0"
}

@test "--rss-kind hugetlb without enough huge pages: skipped with the call, errno and reservation" {
	# 1 TiB untouched: no reservation here has that many, and nothing needs the memory.
	run "$FB" latency -m fork --rss 1T --touch no --rss-kind hugetlb -n 5 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	grep -q 'hugetlb.*mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB): Cannot allocate memory: .*nr_hugepages' \
		"$OUT/skipped.csv"
	no_processes_left "$OUT"
}

@test "--rss-kind file: a SIGKILLed worker leaves no file on the run's file system" {
	"$FB" latency -m fork --rss 64M --rss-kind file -n 1000000 --max-time 60 -e none -q \
		-o "$OUT" 3>&- &
	coord=$!
	worker=
	for _ in $(seq 100); do
		worker=$(pgrep -f -- "__worker .*-o $OUT" | head -1)
		if [ -n "$worker" ] && grep -q "^.* $OUT/.*(deleted)$" "/proc/$worker/maps" 2>/dev/null; then
			break
		fi
		worker=
		sleep 0.1
	done
	[ -n "$worker" ] || { kill "$coord"; wait "$coord"; false; }
	kill -9 "$worker"
	wait "$coord" || true
	no_processes_left "$OUT"
	# Nothing named in the directory, and no process holds a deleted file of it.
	[ -z "$(find "$OUT" -name '.forkbench-rss-*')" ]
	! grep -ls -- "$OUT/.*(deleted)" /proc/[0-9]*/maps
	grep -q 'worker killed by signal 9' "$OUT/skipped.csv"
}

@test "--rss-kind list: one configuration per kind, and sweep fits one slope per kind" {
	run "$FB" sweep --param rss -m fork --values 0,1M,2M --rss-kind anon,shmem -n 5 -e none -q \
		--cpu 0 -o "$OUT"
	[ "$status" -eq 0 ]
	[ "$(count_configs "$OUT")" -eq 6 ]
	run python3 - "$OUT/fits.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["metric"] == "total_ns"]
print(sorted((r["rss_kind"], r["fit"], r["n_points"]) for r in rows))
PY
	# per kind, the line over the 3 points and its 2 segments (issue 19)
	[ "$output" = "[('anon', 'line', '3'), ('anon', 'segment', '2'), ('anon', 'segment', '2'), ('shmem', 'line', '3'), ('shmem', 'segment', '2'), ('shmem', 'segment', '2')]" ]
}

@test "an old run without rss_kind pairs with a new run's anon rows (compare, label, scripts)" {
	run "$FB" latency -m fork --rss 1M --cpu 0 -n 20 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	old="$BATS_TEST_TMPDIR/old"
	# The run as a forkbench before the column wrote it: no rss_kind, plain samples.csv.
	python3 - "$OUT" "$old" <<'PY'
import csv, gzip, json, os, sys
src, dst = sys.argv[1:]
os.mkdir(dst)
def drop(rows):
    i = rows[0].index("rss_kind")
    return [r[:i] + r[i + 1:] for r in rows]
with open(os.path.join(src, "summary.csv"), newline="") as f:
    rows = drop(list(csv.reader(f)))
with open(os.path.join(dst, "summary.csv"), "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
with gzip.open(os.path.join(src, "samples.csv.gz"), "rt", newline="") as f:
    rows = drop([r for r in csv.reader(f)])
head = rows[0]
rows = [head] + [r for r in rows[1:] if r != head]
with open(os.path.join(dst, "samples.csv"), "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
meta = json.load(open(os.path.join(src, "meta.json")))
meta.pop("files", None)
json.dump(meta, open(os.path.join(dst, "meta.json"), "w"))
PY
	run "$FB" compare "$old" "$OUT" --csv
	[ "$status" -eq 0 ]
	! grep -qi 'only in' <<<"$output"
	grep -q ',1048576,yes,anon,.*total_ns' <<<"$output"
	run "$FB" label "$old/summary.csv"
	[ "$status" -eq 0 ]
	grep -q ',fork rss=1M touched cpu=0,total_ns,' <<<"$output"
	run sh "$BATS_TEST_DIRNAME/../scripts/aggregate.sh" "$old" "$OUT"
	[ "$status" -eq 0 ]
	[ "$(grep -c ',1048576,yes,anon,.*,total_ns,' <<<"$output")" -eq 2 ]
}

@test "--rss-kind bad values: exit 2, one line" {
	for bad in foo anon,anon "" anon,shmem,file,hugetlb,anon; do
		run "$FB" latency --rss-kind "$bad" --rss 1M -n 5 -o "$OUT"
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
		grep -q -- "--rss-kind" <<<"$output"
	done
	run "$FB" latency --rss-kind shmem --thp always --rss 1M -n 5 -o "$OUT"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[ ! -e "$OUT" ]
}
