"""The report's bench sections, one function each, rows of SECTIONS: each returns the lines of its
table(s) (the charts are added by report.py under them), or [] when the run has no rows for it.
A cell of a figure that did not converge carries ⚠ (report_fmt), whatever the table."""
from . import labels
from .labels import KEY
from .report_fmt import (WARN, code, fmt, level_text, marginal_headline, pct, slope_text,
                         sweep_x, unconverged, vget)
from .report_published import has_published, published
from .run import num

CHARTS = "\0charts"  # where a section's charts go, when not after its tables


def table(header, align, rows):
    return ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"] + \
        ["| " + " | ".join(r) + " |" for r in rows] + [""]


def latency(run, fig):
    configs = fig.sort_by(fig.configs("latency"), "total_ns")
    if not configs:
        return []
    rows = []
    for k in configs:
        n = (fig.row(k, "total_ns") or fig.row(k, "call_ns") or {}).get("n", "")
        rows.append([code(k[1])] + [fig.cell(k, m, 1000) for m in
                                    ("total_ns", "call_ns", "start_ns")] + [n])
    return ["`total` is until the child is reaped (lmbench's figure), `call` until the creating "
            "call returns in the parent, `start` until the child runs its first instruction; "
            "µs.", ""] + table(("method", "total (µs)", "call (µs)", "start (µs)", "samples"),
                               ("---", "---:", "---:", "---:", "---:"), rows) + \
        _placement(fig, configs)


def _placement(fig, configs):
    """The two placement modes and the share of each configuration split by them (DESIGN §5)."""
    split = [k for k in configs if fig.row(k, "cross_cpu_share")]
    if not split:
        return []

    def n(k, metric):
        r = fig.row(k, metric)
        return r["n"] if r else "0"

    def mode(k, metric):
        return fig.cell(k, metric, 1000) if fig.row(k, metric) else "– (no sample)"

    rows = [[code(k[1]), pct(fig.median(k, "cross_cpu_share") * 100),
             mode(k, "total_ns.same_cpu"), mode(k, "total_ns.cross_cpu"),
             mode(k, "start_ns.same_cpu"), mode(k, "start_ns.cross_cpu"),
             f"{n(k, 'total_ns.same_cpu')} / {n(k, 'total_ns.cross_cpu')}"] for k in split]
    pooled = any(int(fig.row(k, "cross_cpu_share")["n"] or 1) > 1 for k in split)
    return ["**Placement** (configurations whose worker could run on more than one CPU): "
            "`same` = the child first ran on its parent's CPU, `other` = on another CPU; "
            "`cross-CPU` is the share of creations on another CPU"
            + (" (the median of the repetitions' shares)" if pooled else "")
            + ". Each mode's median and interval are over its pooled samples"
            + (", so with repetitions the interval's level is within-run only" if pooled else "")
            + " (DESIGN §5); µs.", ""] + \
        table(("method", "cross-CPU", "total, same (µs)", "total, other (µs)",
               "start, same (µs)", "start, other (µs)", "samples same / other"),
              ("---", "---:", "---:", "---:", "---:", "---:", "---:"), rows)


def _ci_row(name, r, level_of):
    """A cross-check row: median, interval and its level, n; ⚠ where it did not converge."""
    us = lambda t: "–" if num(t) is None else fmt(num(t) / 1000)  # noqa: E731
    lv = num(r.get("ci_level"))
    return [name, f"**{us(r['median'])}**{WARN if unconverged(r) else ''}",
            f"{us(r['ci95_low'])}–{us(r['ci95_high'])}" if r["ci95_low"] else "–",
            level_of(lv), r["n"]]


def command(run, fig):
    level_of = lambda lv: "–" if lv is None else level_text(lv)  # noqa: E731
    rows = [_ci_row(code(r["config"]), r, level_of)
            for r in run.hyperfine + run.rows("command")]
    for k in fig.sort_by(fig.configs("latency"), "total_ns"):
        r = fig.row(k, "total_ns")
        if r is not None and r["exec"] and num(r["median"]) is not None:
            rows.append(_ci_row(f"forkbench {code(k[1])} total", r, level_of))
    return ["hyperfine (`-N`, no shell) times whole commands: it spawns each with glibc's "
            "posix_spawn, waits for it, and includes its own bookkeeping between the two, so its "
            "wall time is the harness's `total` of an exec method plus hyperfine's overhead. "
            "Expect it a little above the harness's `posix_spawn` figures; a large gap means one "
            "of the two measured something else. Each interval is the CI of the median at the "
            "level in its row.", ""] + \
        table(("command", "median (µs)", "CI (µs)", "CI level", "runs"),
              ("---", "---:", "---:", "---:", "---:"), rows)


def cow(run, fig):
    configs = fig.configs("cow")
    if not configs:
        return []
    rows = [[code(k[1]), fig.cell(k, "cow_fault_ns_per_page"),
             fig.mcell(k, "first_touch_ns_per_page"), fig.mcell(k, "cow_write_ns_per_page"),
             fig.mcell(k, "private_write_ns_per_page"), fig.mcell(k, "read_shared_ns_per_page"),
             fig.mcell(k, "call_ns", 1000)] for k in configs]
    return ["Per 4 KiB page, ns: the COW fault is the first write to a page shared after fork "
            "minus the rewrite of an already private page; `first touch` is the write that "
            "first maps a page, `call` the creating call in µs.", ""] + \
        table(("configuration", "COW fault (ns/page)", "first touch", "COW write",
               "private write", "read shared", "call (µs)"), ("---",) + ("---:",) * 6, rows)


def footprint(run, fig):
    configs = fig.sort_by(fig.configs("footprint"), "kernel_total_bytes")
    if not configs:
        return []
    # The child's RSS: child_rss_bytes, or rss_bytes in runs made before the rename.
    rss = lambda k: fig.mcell(k, "child_rss_bytes" if fig.row(k, "child_rss_bytes")  # noqa
                              else "rss_bytes", 1024)
    rows = [[code(k[1]), fig.mcell(k, "pss_bytes", 1024), fig.mcell(k, "private_bytes", 1024),
             fig.mcell(k, "pagetable_bytes", 1024), fig.cell(k, "kernel_total_bytes", 1024),
             rss(k)] for k in configs]
    return ["KiB. The child's own memory from its smaps (PSS, private, page tables), and the "
            "kernel's memory per live child from `/proc/meminfo` deltas over many children "
            "(kernel stack + page tables + unreclaimable slab); – where it cannot be measured "
            "(a vfork parent cannot hold children alive).", ""] + \
        table(("configuration", "PSS", "private", "page tables", "kernel per child", "RSS"),
              ("---",) + ("---:",) * 5, rows)


# The swept value's unit in the worst-point column, by fits.csv's param.
PARAM_UNIT = {"rss": " MiB", "env": " KiB"}


def sweep(run, fig):
    fits = [f for f in run.fits if f["metric"] == "total_ns"]
    if not fits:
        return ["No fitted slopes (`fits.csv`) in this run: every point is a latency "
                "configuration in `summary.csv` (`bench=sweep`).", ""] \
            if fig.configs("sweep") else []
    # A line is marked where one of its points did not converge on total_ns.
    shaky = {labels.line_key(r) for r in run.rows("sweep", ("total_ns",)) if unconverged(r)}
    segments = [f for f in run.segments if f["metric"] == "total_ns"]
    out = full_sweeps(run)
    heads, rows, seg_rows = [], [], []
    for f in fits:
        res = num(f.get("max_residual_pct", ""))
        worst = "–" if res is None else \
            f"{res:.1f}% at {f.get('worst_point', '')}{PARAM_UNIT.get(f['param'], '')}"
        mark = WARN if tuple(f[c] for c in KEY) in shaky else ""
        r2 = num(f["r2"])
        span = "–" if num(f.get("x_from")) is None else \
            f"{sweep_x(num(f['x_from']), f['param'])} – {sweep_x(num(f['x_to']), f['param'])}"
        rows.append([f["param"], code(f["config"]) + mark,
                     f"**{slope_text(num(f['slope']), f['slope_unit'])}**", span,
                     interval(f), "–" if r2 is None else f"{r2:.3f}", worst, f["n_points"]])
        mine = [g for g in segments if tuple(g[c] for c in KEY) == tuple(f[c] for c in KEY)]
        if mine:
            heads.append(f"- {code(f['config'])}{mark}: "
                         f"{marginal_headline(mine, f['param'])} (marginal)")
        for g in sorted(mine, key=lambda g: num(g["x_from"]) or 0):
            seg_rows.append([code(g["config"]) + mark, sweep_x(num(g["x_from"]), g["param"]),
                             sweep_x(num(g["x_to"]), g["param"]),
                             f"**{slope_text(num(g['slope']), g['slope_unit'])}**",
                             interval(g)])
    if heads:
        out += ["**What one more unit costs** (`total_ns`, the marginal slope between "
                "consecutive points, first and last segment): the cost is not linear, so a "
                "slope holds over its range only.", ""] + heads + [""]
    out += ["Least-squares slope of the median `total_ns` against the swept parameter over "
            "the range of its points (`fits.csv`, which also has `call_ns` and `start_ns`), with "
            "its interval at the row's `ci_level` (Student's t: nominal). The largest point "
            "carries most of the leverage, so R² says little about the small points: *worst "
            "point* is the largest |median − line| / median among the points, and where it is. "
            "⚠ after a line: one of its points did not converge (see Warnings).", ""] + \
        table(("parameter", "configuration", "slope", "over", "CI (level)", "R²",
               "worst point", "points"), ("---", "---") + ("---:",) * 6, rows)
    if seg_rows:
        out += ["Marginal slope of each segment between consecutive points (`fits.csv` rows "
                "with `fit` = segment): (median at *to* − median at *from*) / distance, its "
                "interval the slopes the two medians' intervals allow, at the product of their "
                "levels (a lower bound).", ""] + \
            table(("configuration", "from", "to", "marginal slope", "CI (level)"),
                  ("---", "---:", "---:", "---:", "---:"), seg_rows)
    return out


def interval(f):
    lo, hi, level = num(f.get("ci95_low")), num(f.get("ci95_high")), num(f.get("ci_level"))
    if lo is None or hi is None:
        return "–"
    unit = f["slope_unit"]
    text = f"{slope_text(lo, unit).split(' ')[0]} – {slope_text(hi, unit)}"
    return text + (f" ({level_text(level)})" if level is not None else " (95%, nominal)")


def full_sweeps(run):
    """What `sweep --full` probed (meta.json full_sweeps): the reach of each parameter, the limit
    that binds, the points chosen and those skipped (skipped.csv has each with its reason)."""
    items = run.meta.get("full_sweeps") or []
    if not items:
        return []
    out = ["**Full sweeps: what this machine allows** (probed before planning, "
           "`meta.json` `full_sweeps`):", ""]
    for it in items:
        param = it.get("param", "?")
        binding = next((c for c in it.get("limits", []) if c.get("name") == it.get("binding")),
                       {})
        unit = (lambda v: sweep_x(v / 1048576, "rss")) if param == "rss" else \
            (lambda v: f"{v:g}")
        pts = ", ".join(unit(v) for v in it.get("points", []))
        skipped = ", ".join(unit(v) for v in it.get("skipped", []))
        top = it.get("max")
        out.append(f"- {param}{' (touched)' if it.get('touch') == 'yes' else ''}: up to "
                   f"{'unlimited' if top is None else unit(top)}, bound by "
                   f"{it.get('binding', '?')} ({binding.get('detail', '')}); points {pts}"
                   + (f"; skipped beyond it: {skipped}" if skipped else ""))
    return out + [""]


def throughput(run, fig):
    configs = fig.configs("throughput")
    if not configs:
        return []
    rows = [[code(k[1]), vget(fig.first_row(k)["variant"], "creators"),
             fig.cell(k, "creations_per_s"), fig.mcell(k, "creations_per_s_per_creator"),
             fig.mcell(k, "slowest_creator_per_s")] for k in configs]
    return ["Creations per second with K concurrent creators (threads of one parent, or "
            "separate processes): all together, the mean per creator, and the slowest creator.",
            ""] + table(("configuration", "creators", "total (/s)", "per creator (/s)",
                         "slowest creator (/s)"), ("---",) + ("---:",) * 4, rows)


PHASES = ("phase_copy_ns", "phase_wakeup_ns", "phase_sched_delay_ns", "phase_child_run_ns",
          "phase_exec_run_ns", "phase_reap_ns", "remainder_ns", "total_ns", "untraced_total_ns")


def _tracing_adds(fig, k):
    t, u = fig.row(k, "total_ns"), fig.row(k, "untraced_total_ns")
    mt, mu = fig.median(k, "total_ns"), fig.median(k, "untraced_total_ns")
    if t is None or u is None or mt is None or mu is None or mu <= 0:
        return "–"
    d = f"{fmt((mt - mu) / 1000)} µs ({100 * (mt - mu) / mu:+.0f}%)"
    lo = lambda r: num(r["ci95_low"]) or 0.0  # noqa: E731 (an empty bound reads as 0, as before)
    hi = lambda r: num(r["ci95_high"]) or 0.0  # noqa: E731
    return d + (", within the CIs" if lo(t) <= hi(u) and lo(u) <= hi(t) else "")


def timeline(run, fig):
    out = ["Where the time of one creation goes, from kernel tracepoints: **copy** is the "
           "creating syscall's entry to `task_newtask` (copying mm, files, signal state), "
           "**wakeup** `task_newtask` to `sched_wakeup_new`, **sched delay** from there until "
           "the child is first switched in (where CPU placement shows), **child run** until it "
           "execs or exits, **exec run** the exec'd program until it exits, **reap** its exit "
           "until the parent's wait returns.", "", CHARTS]
    tl = [k for k in fig.configs("timeline") if fig.row(k, "phase_copy_ns")]
    if not tl:
        return out
    out += ["Medians in µs of traced creations; each phase has its own median, so a row's "
            "phases add up to about, not exactly, its traced total.", ""]
    out += table(("configuration", "copy", "wakeup", "sched delay", "child run", "exec run",
                  "reap", "remainder", "total (traced)", "total (untraced)"),
                 ("---",) + ("---:",) * 9,
                 [[code(k[1])] + [fig.mcell(k, m, 1000) for m in PHASES] for k in tl])
    out += ["**Tracing overhead.** The same configurations were also timed untraced in the same "
            "run; the difference of the `total_ns` medians is what the tracer adds (or noise, "
            "where the intervals overlap). Read the phases as a split of the traced total, and "
            "the untraced figures for what an application sees.", ""]
    out += table(("configuration", "total traced (µs)", "total untraced (µs)", "tracing adds"),
                 ("---", "---:", "---:", "---:"),
                 [[code(k[1]), fig.cell(k, "total_ns", 1000),
                   fig.cell(k, "untraced_total_ns", 1000), _tracing_adds(fig, k)] for k in tl])
    # The remainder in words: its range over the configurations, against the traced total.
    pairs = [(fig.median(k, "remainder_ns"), fig.median(k, "total_ns")) for k in tl]
    pairs = [(r, t) for r, t in pairs if r is not None and t is not None and t > 0]
    if pairs:
        rs = [r for r, _t in pairs]
        ps = [100 * r / t for r, t in pairs]
        span = lambda lo, hi, f: f(lo) if lo == hi else f"{f(lo)}–{f(hi)}"  # noqa: E731
        verdict = "; above 10% the phases miss something and deserve a look" if max(ps) > 10 \
            else ", small enough that the phases account for the creation"
        out += ["**Unexplained remainder.** The traced total minus the phases from the "
                "syscall's entry to wait's return is user space around the two calls (clock "
                "reads, glibc's wrappers, atfork handlers), which no tracepoint covers: "
                f"{span(min(rs), max(rs), lambda v: fmt(v / 1000))} µs median "
                f"({span(min(ps), max(ps), pct)} of the traced total) here{verdict}.", ""]
    return out


# (bench of the summary rows and charts, heading, function): the report's order.
SECTIONS = (
    ("latency", "Latency", latency),
    ("command", "Cross-check with hyperfine", command),
    ("cow", "Copy-on-write", cow),
    ("footprint", "Footprint", footprint),
    ("sweep", "Parent shape sweeps", sweep),
    ("throughput", "Throughput", throughput),
    ("timeline", "Timeline", timeline),
    ("published", "Against published figures", published),
)

# Sections that are not one bench's rows: whether the run has what they show.
HAS_ROWS = {
    "command": lambda run, fig: bool(run.hyperfine or run.rows("command")),
    "published": has_published,
}


def has_rows(run, fig, bench):
    if bench in HAS_ROWS:
        return HAS_ROWS[bench](run, fig)
    return bool(fig.configs(bench))
