#!/usr/bin/env python3
"""Validates a forkbench run directory against DESIGN §7: headers, types, positive values,
per-sample order of the latency figures, summary consistent with samples. Exit 1 with the
first problem found."""
import csv
import json
import math
import sys

KEY = "bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant".split(",")
SAMPLES = KEY + "rep,iter,metric,unit,value".split(",")
SUMMARY = KEY + ("metric,unit,n,min,p5,p25,median,p75,p95,p99,max,mean,stddev,ci95_low,"
                 "ci95_high,outliers,converged,reps,rep_median_min,rep_median_max,ci_level").split(",")
SKIPPED = KEY + ["reason"]


# Differences of two figures (traced minus untraced, total minus its phases) may be negative.
SIGNED_METRICS = ("tracing_overhead_ns", "remainder_ns")


def fail(msg):
    print(f"check_run: {msg}")
    sys.exit(1)


def rows(path, header):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        got = next(r, None)
        if got != header:
            fail(f"{path}: header {got} != {header}")
        out = []
        for i, row in enumerate(r, 2):
            if len(row) != len(header):
                fail(f"{path}:{i}: {len(row)} fields, expected {len(header)}")
            out.append(dict(zip(header, row)))
        return out


def check_key(path, row):
    # A metric named like a key column would read as that column's value (footprint's child
    # RSS was once "rss_bytes", beside the parent's rss_bytes key).
    if row.get("metric") in KEY:
        fail(f"{path}: metric {row['metric']!r} has the name of a key column")
    for col in ("rss_bytes", "threads", "fds", "vmas"):
        if row[col] != "" and not row[col].isdigit():
            fail(f"{path}: {col}={row[col]!r} is not an integer")
    if row["bench"] == "" or row["method"] == "":
        fail(f"{path}: empty bench or method")


def main(d):
    meta = json.load(open(f"{d}/meta.json"))
    for k in ("schema_version", "run_id", "kernel", "cpu", "started_utc"):
        if k not in meta:
            fail(f"meta.json lacks {k}")
    json.load(open(f"{d}/results.json"))
    samples = rows(f"{d}/samples.csv", SAMPLES)
    summary = rows(f"{d}/summary.csv", SUMMARY)
    for s in rows(f"{d}/skipped.csv", SKIPPED):
        check_key("skipped.csv", s)
        if not s["reason"]:
            fail(f"skipped.csv: {s['method']} has no reason")

    per_sample = {}
    counts = {}
    next_iter = {}
    for s in samples:
        check_key("samples.csv", s)
        v = float(s["value"])
        if not math.isfinite(v):
            fail(f"samples.csv: non-finite value {s}")
        if s["unit"] == "ns" and v <= 0 and s["metric"] not in SIGNED_METRICS:
            fail(f"samples.csv: non-positive {s['metric']} {v}")
        key = tuple(s[k] for k in KEY)
        # iter numbers a metric's samples within each repetition: 0, 1, 2, ... again per rep.
        want = next_iter.get((key, s["rep"], s["metric"]), 0)
        if s["iter"] != str(want):
            fail(f"samples.csv: {s['metric']} rep {s['rep']}: iter {s['iter']}, expected {want}")
        next_iter[(key, s["rep"], s["metric"])] = want + 1
        per_sample.setdefault((key, s["rep"], s["iter"]), {})[s["metric"]] = v
        counts[(key, s["metric"])] = counts.get((key, s["metric"]), 0) + 1
    for (key, rep, it), m in per_sample.items():
        if "total_ns" in m:
            if m.get("call_ns", 0) > m["total_ns"] or m.get("start_ns", 0) > m["total_ns"]:
                fail(f"sample {key} rep {rep} iter {it}: call/start > total: {m}")

    for s in summary:
        check_key("summary.csv", s)
        key = tuple(s[k] for k in KEY)
        n = int(s["n"])
        if counts.get((key, s["metric"])) != n:
            fail(f"summary n={n} for {key} {s['metric']} but samples.csv has "
                 f"{counts.get((key, s['metric']))}")
        # With 2+ repetitions median is the median of the repetition medians, the quantiles
        # those of the pooled samples: it need not sit between p25 and p75, only between the
        # extreme repetition medians.
        reps = int(s["reps"]) if s["reps"] else 1
        cols = ("min", "p5", "p25", "median", "p75", "p95", "p99", "max")
        if reps >= 2:
            cols = tuple(c for c in cols if c != "median")
            lo, hi = float(s["rep_median_min"]), float(s["rep_median_max"])
            if not lo <= float(s["median"]) <= hi:
                fail(f"median outside the repetition medians for {key} {s['metric']}")
        q = [float(s[c]) for c in cols]
        if q != sorted(q):
            fail(f"summary quantiles not ordered for {key} {s['metric']}: {q}")
        # One value (one sample, one repetition median) has no interval: bounds and level
        # are all empty; otherwise all present, the level that of the interval (DESIGN §5).
        ci = (s["ci95_low"], s["ci95_high"], s["ci_level"])
        if (n if reps == 1 else reps) == 1:
            if ci != ("", "", ""):
                fail(f"a single value with a CI {ci} for {key} {s['metric']}")
        else:
            if not float(s["ci95_low"]) <= float(s["median"]) <= float(s["ci95_high"]):
                fail(f"median outside its CI for {key} {s['metric']}")
            if not 0 < float(s["ci_level"]) < 1:
                fail(f"ci_level={s['ci_level']!r} for {key} {s['metric']}")
        if s["unit"] == "ns" and float(s["median"]) <= 0 and s["metric"] not in SIGNED_METRICS:
            fail(f"non-positive median for {key}")
        # converged only on what a bench's adaptive stop watched (DESIGN §5): never on a
        # counter, always on latency's call_ns and total_ns.
        if s["converged"] not in ("true", "false", ""):
            fail(f"converged={s['converged']!r}")
        if s["unit"] in ("count/op", "ns/op") and s["converged"]:
            fail(f"converged={s['converged']!r} on counter {key} {s['metric']}")
        if s["bench"] in ("latency", "sweep") and s["metric"] in ("call_ns", "total_ns") \
                and not s["converged"]:
            fail(f"no converged on {key} {s['metric']}, which the stop watches")


if __name__ == "__main__":
    main(sys.argv[1])
