"""make fleet's chart: latency by method with one series per host (total_ns, median with its CI
and p5–p95), rows = the latency configurations of the fleet. Each host's forest plot against the
baseline is compare.sh's, in FLEET/compare/HOST/. Computes nothing: it picks rows and hands them
to rowplot."""
from . import gp, rowplot
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
