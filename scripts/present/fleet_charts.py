"""make fleet's chart: latency by method with one series per host (total_ns, median with its CI
and p5–p95), rows = the latency configurations of the fleet. Each host's forest plot against the
baseline is compare.sh's, in FLEET/compare/HOST/. Computes nothing: it picks rows and hands them
to rowplot."""
from . import gp, rowplot
from .run import num
from .charts_latency import stats, by_config, sort_key

MAX_HOSTS = len(gp.PALETTE)  # one colour each; a larger fleet's chart shows the first ones


def latency_by_host(named_runs, baseline):
    """named_runs: [(host, Run)] of the delivered hosts, baseline first. A gp.Script or None."""
    shown = named_runs[:MAX_HOSTS]
    tables = [(h, by_config(run.rows("latency", ("total_ns",)))) for h, run in shown]
    configs = []
    for _h, table in tables:
        configs += [c for c in table if c not in configs]
    if not configs:
        return None
    base = dict(tables)[baseline] if baseline in dict(tables) else tables[0][1]
    configs.sort(key=lambda c: sort_key(base.get(c, {})))
    n = len(tables)
    series = []
    for k, (host, table) in enumerate(tables):
        values = [stats(table[c].get("total_ns")) if c in table else None for c in configs]
        series.append(rowplot.Series(host, values, colour=gp.PALETTE[k], pt=7,
                                     offset=(k - (n - 1) / 2) * 0.8 / max(n, 1)))
    rows = [r for _h, run in shown for r in run.rows("latency", ("total_ns",))]
    s = gp.Script("fleet-latency", "Creation latency by method, one series per host: total_ns "
                  "median, its CI, p5–p95 (µs, log scale)", shown[0][1])
    s.title = ("Creation latency by method, one series per host: total_ns median, its CI, "
               f"p5–p95 (µs, log scale)\n{len(named_runs)} hosts; baseline {baseline}")
    note = f"Sorted by the baseline's median. {gp.placement_note(rows)}"
    if len(named_runs) > MAX_HOSTS:
        note += f"; the first {MAX_HOSTS} of {len(named_runs)} hosts shown (fleet.csv has all)"
    rowplot.draw(s, configs, [rowplot.Panel("total_ns: the child is reaped (waitpid)", "µs",
                                            series)], gp.ci_text(rows), note=note)
    return s


def forest(host, baseline, pairs, run):
    """HOST against the baseline: each latency configuration's change of median total_ns with its
    CI (compare.csv's change_pct and interval), significant ones marked apart. A gp.Script or
    None. RUN (the host's) titles the chart."""
    rows = [p for p in pairs if p["kind"] == "pair" and p["bench"] == "latency"
            and p["metric"] == "total_ns" and num(p["change_pct"]) is not None]
    if not rows:
        return None
    rows.sort(key=lambda p: num(p["change_pct"]))
    labels = [p["config"] for p in rows]

    def values(significant):
        return [(num(p["change_pct"]), num(p["change_ci95_low_pct"]),
                 num(p["change_ci95_high_pct"]), None, None)
                if (p["significant"] == "true") == significant else (None,) * 5 for p in rows]

    series = [rowplot.Series("significant (compare --alpha 0.05)", values(True),
                             colour=gp.PALETTE[3], pt=7, whiskers=False),
              rowplot.Series("not significant", values(False), colour=gp.PALETTE[9], pt=6,
                             whiskers=False)]
    levels = sorted({p["change_ci_level"] for p in rows if p["change_ci_level"]})
    s = gp.Script(f"forest-{host}", "", run)
    s.title = (f"{host} against {baseline}: change of median total_ns per latency configuration "
               "(%, linear scale)")
    units = ", ".join(sorted({p["test_unit"] for p in rows}))
    rowplot.draw(s, labels, [rowplot.Panel("change of the median, % (0: no change)", "%", series,
                                           log=False)],
                 "CI of the change, " + ("/".join(f"{float(x) * 100:g}%" for x in levels)
                                         or "level not given"),
                 note=f"forkbench compare's change_pct and its CI; tested on: {units}")
    return s
