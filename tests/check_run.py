#!/usr/bin/env python3
"""Validates a forkbench run directory against DESIGN §7: headers, types, positive values,
per-sample order of the latency figures, and each summary row recomputed from its samples
(DESIGN §5): n, min, max, the quantiles, mean and stddev over all samples; reps, the repetition
medians and the median (of the samples, or with 2+ repetitions of the repetition medians). Empty
ci95_low/ci95_high/ci_level (one value, no interval) and converged (no stop rule) are accepted.
Exit 1 with the first problem found."""
import csv
import io
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_samples import samples_text  # noqa: E402

KEY = "bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,cpu,variant".split(",")
SAMPLES = KEY + "rep,iter,metric,unit,value".split(",")
SUMMARY = KEY + ["config"] + ("metric,unit,n,min,p5,p25,median,p75,p95,p99,max,mean,stddev,ci95_low,"
                 "ci95_high,outliers,converged,reps,rep_median_min,rep_median_max,ci_level").split(",")
SKIPPED = KEY + ["config", "reason"]


# Differences of two figures (traced minus untraced, total minus its phases) may be negative.
SIGNED_METRICS = ("tracing_overhead_ns", "remainder_ns")


def fail(msg):
    print(f"check_run: {msg}")
    sys.exit(1)


def rows(path, header, text=None):
    with (io.StringIO(text, newline="") if text is not None
          else open(path, newline="", encoding="utf-8")) as f:
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
    samples = rows(f"{d}/samples.csv.gz", SAMPLES, samples_text(d))
    summary = rows(f"{d}/summary.csv", SUMMARY)
    for s in rows(f"{d}/skipped.csv", SKIPPED):
        check_key("skipped.csv", s)
        if not s["reason"]:
            fail(f"skipped.csv: {s['method']} has no reason")

    per_sample = {}
    values = {}  # (key, metric) -> [(rep, value)]
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
        values.setdefault((key, s["metric"]), []).append((s["rep"], v))
    for (key, rep, it), m in per_sample.items():
        if "total_ns" in m:
            if m.get("call_ns", 0) > m["total_ns"] or m.get("start_ns", 0) > m["total_ns"]:
                fail(f"sample {key} rep {rep} iter {it}: call/start > total: {m}")

    # config names a configuration: one label per key, no label for two keys of a bench.
    labels = {}
    for s in summary:
        key = tuple(s[k] for k in KEY)
        if labels.setdefault((s["bench"], s["config"]), key) != key:
            fail(f"summary.csv: config {s['config']!r} names two configurations of {s['bench']}")
    for s in summary:
        check_key("summary.csv", s)
        check_summary(s, values.get((tuple(s[k] for k in KEY), s["metric"]), []))


def quantile7(xs, q):
    """Type-7 quantile of sorted xs, as harness/stats.c computes it."""
    h = (len(xs) - 1) * q
    lo = int(h)
    if lo + 1 >= len(xs):
        return xs[-1]
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def close(got, want, what, where):
    # The writers print the shortest form that reads back to the same double (harness/csv.c),
    # so a figure recomputed the same way matches to rounding; 1e-9 relative covers a
    # different order of summation.
    if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9):
        fail(f"summary {what}={got!r} for {where}, but the samples give {want!r}")


def check_summary(s, samples):
    """One summary row against the samples of its configuration and metric (DESIGN §5)."""
    where = f"{s['bench']} {s['method']} {s['variant']} {s['metric']}"
    for col in ("n", "reps", "outliers"):
        if s[col] != "" and not s[col].isdigit():
            fail(f"summary {col}={s[col]!r} for {where} is not a count")
    n = int(s["n"])
    if len(samples) != n:
        fail(f"summary n={n} for {where} but samples.csv has {len(samples)}")
    xs = sorted(v for _, v in samples)
    by_rep = {}
    for rep, v in samples:
        by_rep.setdefault(rep, []).append(v)
    reps = int(s["reps"]) if s["reps"] else 1
    if s["reps"] and reps != len(by_rep):
        fail(f"summary reps={reps} for {where} but the samples come from {len(by_rep)} repetitions")
    # Pooled over every sample whatever the repetitions: the extremes, quantiles, mean, stddev.
    for col, want in (("min", xs[0]), ("max", xs[-1]), ("p5", quantile7(xs, 0.05)),
                      ("p25", quantile7(xs, 0.25)), ("p75", quantile7(xs, 0.75)),
                      ("p95", quantile7(xs, 0.95)), ("p99", quantile7(xs, 0.99))):
        close(float(s[col]), want, col, where)
    mean = sum(xs) / n
    close(float(s["mean"]), mean, "mean", where)
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else 0.0
    if not math.isclose(float(s["stddev"]), sd, rel_tol=1e-6, abs_tol=1e-6 * abs(mean) + 1e-9):
        fail(f"summary stddev={s['stddev']} for {where}, but the samples give {sd!r}")
    rep_medians = sorted(quantile7(sorted(v), 0.5) for v in by_rep.values())
    if s["rep_median_min"] != "" or s["rep_median_max"] != "":
        close(float(s["rep_median_min"]), rep_medians[0], "rep_median_min", where)
        close(float(s["rep_median_max"]), rep_medians[-1], "rep_median_max", where)
    median = float(s["median"])
    if reps >= 2:
        # The median of the repetition medians (each process weighs the same): between the
        # extreme ones, and not necessarily between the pooled p25 and p75.
        if not rep_medians[0] <= median <= rep_medians[-1]:
            fail(f"median {median} outside the repetition medians of {where}: {rep_medians}")
        close(median, quantile7(rep_medians, 0.5), "median (of the repetition medians)", where)
        cols = ("min", "p5", "p25", "p75", "p95", "p99", "max")
    else:
        close(median, quantile7(xs, 0.5), "median", where)
        cols = ("min", "p5", "p25", "median", "p75", "p95", "p99", "max")
    q = [float(s[c]) for c in cols]
    if q != sorted(q):
        fail(f"summary quantiles not ordered for {where}: {q}")
    # No interval for one value (DESIGN §5): ci95_low, ci95_high and ci_level are all empty
    # or all present, and a present interval holds the median.
    ci = (s["ci95_low"], s["ci95_high"], s["ci_level"])
    # One value (one sample, or one repetition median) has no interval at all.
    if (n if reps == 1 else reps) == 1 and ci != ("", "", ""):
        fail(f"a single value with a CI {ci} for {where}")
    if any(c == "" for c in ci):
        if any(c != "" for c in ci):
            fail(f"ci95_low, ci95_high, ci_level partly empty for {where}: {ci}")
    else:
        if not float(s["ci95_low"]) <= median <= float(s["ci95_high"]):
            fail(f"median outside its CI for {where}")
        # An order-statistic interval: its ends are samples (of the repetition medians with
        # 2+ repetitions).
        ranks = rep_medians if reps >= 2 else xs
        for col in ("ci95_low", "ci95_high"):
            if float(s[col]) not in ranks:
                fail(f"{col}={s[col]} for {where} is not one of the values it is a rank of")
        if not 0 < float(s["ci_level"]) <= 1:
            fail(f"ci_level={s['ci_level']} for {where}")
    if s["unit"] == "ns" and median <= 0 and s["metric"] not in SIGNED_METRICS:
        fail(f"non-positive median for {where}")
    # converged: true or false where a stop rule watched the metric, empty where none did.
    if s["converged"] not in ("true", "false", ""):
        fail(f"converged={s['converged']!r} for {where}")
    # Never on a counter; always on latency's call_ns and total_ns, which the stop watches.
    if s["unit"] in ("count/op", "ns/op") and s["converged"]:
        fail(f"converged={s['converged']!r} on counter {where}")
    if s["bench"] in ("latency", "sweep") and s["metric"] in ("call_ns", "total_ns") \
            and not s["converged"]:
        fail(f"no converged on {where}, which the stop watches")


if __name__ == "__main__":
    main(sys.argv[1])
