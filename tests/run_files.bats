#!/usr/bin/env bats
# The run directory's samples.csv.gz and what loading zlib costs the measurement (DESIGN §7):
# the file is one valid gzip stream readable by zcat, holding exactly the summary's samples, and
# zlib is mapped by the coordinator only, never by a worker (every mapping is copied by each
# fork the worker times).

load helpers

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	OUT="$BATS_TEST_TMPDIR/run"
}

@test "samples.csv.gz: valid gzip, zcat reads every sample the summary counts" {
	run "$FB" latency -m fork,vfork -n 50 --warmup 0 --repetitions 3 -e none -q -o "$OUT"
	[ "$status" -eq 0 ]
	[ ! -e "$OUT/samples.csv" ]
	gzip -t "$OUT/samples.csv.gz"
	# One member for the header, then one per configuration x repetition: 1 + 2 x 3.
	[ "$(python3 -c 'import sys, zlib
data, n = open(sys.argv[1], "rb").read(), 0
while data:
    d = zlib.decompressobj(wbits=31); d.decompress(data); assert d.eof; data = d.unused_data; n += 1
print(n)' "$OUT/samples.csv.gz")" -eq 7 ]
	# Every sample row but placement's (child_cpu, parent_cpu: no summary row, one each per
	# creation) is counted by a summary row; the placement split rows and cross_cpu_share are
	# made from those samples and counted by none (DESIGN §5).
	rows=$(zcat "$OUT/samples.csv.gz" | tail -n +2 | grep -vc ',child_cpu,cpu,\|,parent_cpu,cpu,')
	placement=$(zcat "$OUT/samples.csv.gz" | grep -c ',child_cpu,cpu,\|,parent_cpu,cpu,')
	counted=$(python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(sum(int(r["n"]) for r in rows if r["metric"] != "cross_cpu_share"
          and not r["metric"].endswith((".same_cpu", ".cross_cpu"))))' "$OUT/summary.csv")
	created=$(python3 -c 'import csv, sys
print(sum(int(r["n"]) for r in csv.DictReader(open(sys.argv[1])) if r["metric"] == "total_ns"))' \
		"$OUT/summary.csv")
	[ "$rows" -eq "$counted" ]
	[ "$placement" -eq $((2 * created)) ]
	# meta.json records the file's whole length: nothing was appended after the last write.
	[ "$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["files"]["samples_valid_bytes"])' "$OUT/meta.json")" \
		-eq "$(stat -c %s "$OUT/samples.csv.gz")" ]
	check_run_dir "$OUT"
	# compare reads it, and the files' bookkeeping in meta.json is no machine difference.
	run "$FB" latency -m fork,vfork -n 50 --warmup 0 --repetitions 3 -e none -q -o "$OUT-b"
	[ "$status" -eq 0 ]
	run "$FB" compare "$OUT" "$OUT-b"
	[ "$status" -eq 0 ]
	[[ "$output" != *"files."* ]]
}

@test "zlib is mapped by the coordinator, never by a worker" {
	"$FB" latency -m fork -n 4000 --warmup 0 --precision 0.001 --max-time 20 -e none -q \
		-o "$OUT" >/dev/null 2>&1 &
	local pid=$! worker="" i
	for ((i = 0; i < 100; i++)); do
		worker=$(pgrep -f -- "__worker latency.*$OUT" | head -1)
		[ -n "$worker" ] && grep -q . "/proc/$worker/maps" 2>/dev/null && break
		sleep 0.05
	done
	[ -n "$worker" ] || { kill $pid; skip "no worker seen (the run ended first)"; }
	local worker_maps coordinator_maps
	worker_maps=$(grep -c 'libz\.so' "/proc/$worker/maps" || true)
	coordinator_maps=$(grep -c 'libz\.so' "/proc/$pid/maps" || true)
	kill -INT $pid
	wait $pid || true
	[ "$worker_maps" -eq 0 ]
	[ "$coordinator_maps" -gt 0 ]
	# Nor is it linked: only libc (libpfm4 is dlopen'ed too).
	[ -z "$(readelf -d "$FB" | grep NEEDED | grep -v 'libc\.so')" ]
	no_processes_left
}
