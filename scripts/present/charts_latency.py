"""The latency charts (forkbench latency rows, hyperfine rows): by method, distribution of the
main methods, CPU placement, and the exec cross-check. One function per chart; each returns a
gp.Script, or None when the run has no rows for it."""
from . import gp, rowplot
from .run import num

METRICS = ("call_ns", "start_ns", "total_ns")
PANEL = {"call_ns": "call_ns: the parent's call returns",
         "start_ns": "start_ns: the child runs its first instruction",
         "total_ns": "total_ns: the child is reaped (waitpid)"}
MAIN = {"fork", "vfork", "clone-vm-vfork", "posix_spawn", "pthread", "fork+exec"}


def us(v):
    return None if v is None else v / 1000


def stats(row, cols=("median", "ci95_low", "ci95_high", "p5", "p95")):
    return None if row is None or num(row["median"]) is None else \
        tuple(us(num(row[c])) for c in cols)


def by_config(rows):
    """{config: {metric: row}} in first-seen order, and the configs' cpu cells."""
    table = {}
    for r in rows:
        table.setdefault(r["config"], {}).setdefault(r["metric"], r)
    return table


def sort_key(metrics):
    for m in ("total_ns", "start_ns", "call_ns"):
        if m in metrics and num(metrics[m]["median"]) is not None:
            return num(metrics[m]["median"])
    return float("inf")


def present_metrics(rows, wanted=METRICS):
    have = {r["metric"] for r in rows}
    return [m for m in wanted if m in have]


def latency_by_method(run):
    rows = run.rows("latency", METRICS)
    if not rows:
        return None
    table = by_config(rows)
    configs = sorted(table, key=lambda c: sort_key(table[c]))
    pinned = {c: any(r["cpu"] for r in table[c].values()) for c in configs}
    panels = []
    for m in present_metrics(rows):
        series = []
        for name, colour, pt, want in (("unpinned: median", gp.UNPINNED, 7, False),
                                       ("pinned (cpu=N): median", gp.PINNED, 5, True)):
            if any(pinned[c] == want for c in configs):
                series.append(rowplot.Series(name, [
                    # a row of the other placement is no mark at all, not "not measured"
                    stats(table[c].get(m)) if pinned[c] == want else (None,) * 5
                    for c in configs], colour=colour, pt=pt))
        panels.append(rowplot.Panel(PANEL[m], "µs", series))
    s = gp.Script("latency-by-method", "Creation latency of every latency configuration: "
                  "median, its CI, p5–p95 (µs, log scale)", run)
    rowplot.draw(s, configs, panels, gp.ci_text(rows),
                 note="Sorted by median total_ns. " + gp.placement_note(rows) + "; "
                 "a thread's total_ns ends at the join (README, total_ns)")
    return s


def latency_distribution(run):
    rows = [r for r in run.rows("latency", ("start_ns", "total_ns")) if r["method"] in MAIN]
    if not rows:
        return None
    table = by_config(rows)
    configs = sorted(table, key=lambda c: sort_key(table[c]))
    panels = []
    for m in present_metrics(rows, ("start_ns", "total_ns")):
        cols = ("median", "p25", "p75", "p5", "p95")
        box = rowplot.Series("median; box: p25–p75", [stats(table[c].get(m), cols)
                                                      for c in configs])
        tail = rowplot.Series("p99", [stats(table[c].get(m), ("p99",) * 5) for c in configs],
                              colour="#d62728", pt=2, box=False, whiskers=False)
        top = rowplot.Series("max", [stats(table[c].get(m), ("max",) * 5) for c in configs],
                             colour="#555555", pt=6, box=False, whiskers=False)
        panels.append(rowplot.Panel(PANEL[m], "µs", [box, tail, top]))
    s = gp.Script("latency-distribution", "Distribution of the main methods' latency: "
                  "p25–p75 box, median, p5–p95 whiskers, p99 and max (µs, log scale)", run)
    rowplot.draw(s, configs, panels, "p25–p75 (quartiles of the samples, not an interval)",
                 note="Over all samples of all repetitions. " + gp.placement_note(rows))
    return s


SPLIT = (".same_cpu", ".cross_cpu")
SAME_COLOUR, CROSS_COLOUR = "#2ca02c", "#9467bd"


def share_text(row):
    """The cross_cpu_share row as a label's tail: 'cross-CPU 23%' (the median over repetitions
    with several; DESIGN §5)."""
    v = None if row is None else num(row["median"])
    return "" if v is None else f" · cross-CPU {v * 100:.0f}%"


def latency_placement(run):
    wanted = METRICS + tuple(m + x for m in METRICS for x in SPLIT) + ("cross_cpu_share",)
    rows = run.rows("latency", wanted)
    unpinned, pinned = {}, {}
    for r in rows:
        key = (r["method"], r["flags"], r["exec"], r["variant"], r["rss_bytes"], r["threads"])
        (pinned if r["cpu"] else unpinned).setdefault(key, {}).setdefault(r["metric"], r)
    pairs = [k for k in unpinned if k in pinned]
    if not pairs:
        return None
    pairs.sort(key=lambda k: sort_key(unpinned[k]))
    labels = [next(r for m, r in unpinned[k].items() if m in METRICS)["config"]
              + share_text(unpinned[k].get("cross_cpu_share")) for k in pairs]
    cpus = sorted({r["cpu"] for k in pairs for r in pinned[k].values()})
    drawn = [r for k in pairs for t in (unpinned[k], pinned[k]) for r in t.values()
             if r["unit"] != "share"]
    split = any(m.endswith(SPLIT) for k in pairs for m in unpinned[k])
    panels = []
    for m in present_metrics(drawn):
        series = [rowplot.Series("unpinned, all: median",
                                 [stats(unpinned[k].get(m)) for k in pairs], offset=-0.27)]
        if split:
            # A mode without samples has no row (DESIGN §5): no mark, and the share says why.
            for suffix, name, colour, pt, off in (
                    (".same_cpu", "unpinned, same CPU", SAME_COLOUR, 9, -0.09),
                    (".cross_cpu", "unpinned, other CPU", CROSS_COLOUR, 11, 0.09)):
                series.append(rowplot.Series(
                    f"{name}: median",
                    [stats(unpinned[k].get(m + suffix)) or (None,) * 5 for k in pairs],
                    colour=colour, pt=pt, offset=off))
        series.append(rowplot.Series(f"pinned --cpu {','.join(cpus)}: median",
                                     [stats(pinned[k].get(m)) for k in pairs], colour=gp.PINNED,
                                     pt=5, offset=0.27))
        panels.append(rowplot.Panel(PANEL[m], "µs", series))
    s = gp.Script("latency-placement", "CPU placement: latency unpinned (all, and by the child's "
                  "first CPU: same as the parent's or other) vs pinned, µs, log scale", run)
    note = "Each row: the unpinned configuration (with its cross_cpu_share), pinned twin below"
    if split:
        note += ". Same/other CPU: pooled samples of the mode, within-run CI level (DESIGN §5); " \
            "no mark: no such sample"
    rowplot.draw(s, labels, panels, gp.ci_text(drawn), note=note, key_rows=2)
    return s


def exec_crosscheck(run):
    hf = [r for r in run.hyperfine if num(r["median"]) is not None]
    if not hf:
        return None
    harness = [r for r in run.rows("latency", ("total_ns",)) if r["exec"]]
    rows = sorted(hf + harness, key=lambda r: num(r["median"]) or 0)
    labels = [("forkbench " if r["bench"] != "command" else "") + r["config"] for r in rows]
    series = [rowplot.Series("forkbench total_ns: median",
                             [stats(r) if r["bench"] != "command" else (None,) * 5 for r in rows]),
              rowplot.Series("hyperfine -N wall time: median",
                             [stats(r) if r["bench"] == "command" else (None,) * 5 for r in rows],
                             colour=gp.PINNED, pt=5)]
    s = gp.Script("exec-crosscheck", "Whole-program start: forkbench's exec methods (total_ns) "
                  "vs hyperfine's wall time per command (µs, log scale)", run)
    rowplot.draw(s, labels, [rowplot.Panel("until the program has exited and been reaped", "µs",
                                           series)],
                 gp.ci_text(rows), note="hyperfine's figure includes its own bookkeeping. "
                 + gp.placement_note(harness or hf))
    return s
