"""The timeline charts (forkbench timeline): one creation's kernel phases stacked per
configuration (medians), and each phase's distribution per configuration. Only the phase and
total rows are read: counters and rusage figures share the bench but not the unit."""
from . import gp
from .run import num

PHASES = (("phase_copy_ns", "copy"), ("phase_wakeup_ns", "wakeup"),
          ("phase_sched_delay_ns", "sched delay"), ("phase_child_run_ns", "child run"),
          ("phase_exec_run_ns", "exec run"), ("phase_reap_ns", "reap"),
          ("remainder_ns", "remainder (user space)"))
TOTALS = (("total_ns", "total (traced)"), ("untraced_total_ns", "total (untraced)"))
STACK_COLOURS = ("#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#ff7f0e", "#7f7f7f")


def table(run):
    out = {}
    for r in run.rows("timeline", dict(PHASES + TOTALS)):
        if num(r["median"]) is not None:
            out.setdefault(r["config"], {})[r["metric"]] = r
    return {c: m for c, m in out.items() if "phase_copy_ns" in m}


def timeline(big):
    def chart(run):
        return timeline_chart(run, big)
    chart.__name__ = "timeline_rss" if big else "timeline"
    return chart


def timeline_chart(run, big):
    t = table(run)
    # Parents with --rss take milliseconds, the rest microseconds: a chart each.
    configs = [c for c, m in t.items()
               if (num(next(iter(m.values()))["rss_bytes"]) or 0) > 0] if big else \
              [c for c, m in t.items() if not (num(next(iter(m.values()))["rss_bytes"]) or 0)]
    if not configs:
        return None
    rows, negative = [], []
    for i, c in enumerate(configs):
        edge, cells = 0.0, [i, c]
        for metric, name in PHASES:
            v = num(t[c][metric]["median"]) / 1000 if metric in t[c] else 0.0
            if v < 0:
                negative.append(f"{c}: {name} {v:.1f} µs")
            cells += [edge, edge + v]
            edge += v
        u = t[c].get("untraced_total_ns")
        cells.append(num(u["median"]) / 1000 if u else None)
        rows.append(cells)
    s = gp.Script("timeline-rss" if big else "timeline",
                  "Where one creation's time goes: median of each kernel phase, stacked "
                  "(µs from the creating call, linear scale from 0)", run,
                  height=260 + 34 * len(configs))
    d = s.block("phases", rows)
    note = ("medians only, no interval drawn; each phase has its own median, so the stack is "
            "about, not exactly, the traced total. " + gp.placement_note(
                [r for c in configs for r in t[c].values()]))
    if negative:
        note += "; a negative median runs leftwards: " + "; ".join(negative)
    s.add("set title title font ',13'", "set xlabel " + gp.q("µs (" + gp.LIN_NOTE + ")\n" + note),
          f"set yrange [{len(configs) - 0.5} : -0.5]", "set xrange [0 : *]",
          "set ytics scale 0", "set lmargin 30",
          "set key outside bottom center horizontal", "set style fill solid 0.85 border -1")
    plots = []
    for k, (_m, name) in enumerate(PHASES):
        a, b = 3 + 2 * k, 4 + 2 * k
        plots.append(f"{d} using (( ${a} + ${b}) / 2):1:{a}:{b}:($1 - 0.33):($1 + 0.33)"
                     + (":ytic(2)" if k == 0 else "") + " with boxxyerror "
                     f"lc {gp.q(STACK_COLOURS[k])} title {gp.q(name)}")
    plots.append(f"{d} using {3 + 2 * len(PHASES)}:1 with points pt 2 ps 1.8 lw 2 lc '#000000' "
                 "title 'untraced total_ns: median'")
    s.add("plot " + ", \\\n     ".join(plots))
    return s


def timeline_phases(run):
    t = table(run)
    if not t:
        return None
    configs = list(t)
    groups = [(m, n) for m, n in PHASES + TOTALS if any(m in t[c] for c in configs)]
    every = [num(r[col]) / 1000 for c in configs for r in t[c].values()
             for col in ("p5", "p95") if num(r[col]) is not None]
    low, high = gp.log_range(every)
    slot = 0.8 / len(configs)
    xlabel = ("µs (" + gp.LOG_NOTE + "); quartiles of the samples, not an interval; "
              + gp.placement_note([r for c in configs for r in t[c].values()]))
    s = gp.Script("timeline-phases", "Distribution of each kernel phase of a creation, per "
                  "configuration: p25–p75 box, median, p5–p95 whiskers (µs, log scale)", run,
                  height=max(520, 220 + len(groups) * (len(configs) * 15 + 16)))
    s.add("set title title font ',13'", f"set yrange [{len(groups) + 0.5} : 0.5]",
          "set ytics scale 0 font ',12'", "set grid noytics", "set logscale x 10",
          "set mxtics 10", "set format x '%g'", f"set xrange [{low:.6g} : {high:.6g}]",
          "set xlabel " + gp.q(xlabel),
          "set key outside bottom center horizontal maxrows 4 samplen 2 font ',10'",
          "set lmargin 25")
    for g, (_m, name) in enumerate(groups, 1):
        s.add(f"set ytics add ({gp.q(name)} {g})")
        if g % 2:
            s.add(f"set object {g} rect from graph 0, first {g - 0.5} to graph 1, first "
                  f"{g + 0.5} behind fc rgb '#f2f2f2' fs solid 1.0 noborder")
    plots, zero = [], []
    for i, c in enumerate(configs):
        rows = []
        for g, (metric, _n) in enumerate(groups, 1):
            r = t[c].get(metric)
            if r is None:
                continue
            y = g - 0.4 + slot * (i + 0.5)
            vals = [num(r[col]) for col in ("median", "p25", "p75", "p5", "p95")]
            if vals[0] is None or vals[0] <= 0:
                zero.append((low, y))
                continue
            rows.append([y] + [v / 1000 if v and v > 0 else low for v in vals])
        colour = gp.PALETTE[i % len(gp.PALETTE)]
        pt = (7, 5, 9, 11, 13, 15)[i // len(gp.PALETTE) % 6]
        d = s.block(f"c{i}", rows or [(0, None, None, None, None, None)])
        h = slot * 0.4
        plots += [f"{d} using 2:1:5:6 with xerrorbars lc {gp.q(colour)} pt -1 lw 1.2 notitle",
                  f"{d} using 2:1:3:4:($1 - {h:.4f}):($1 + {h:.4f}) with boxxyerror lc "
                  f"{gp.q(colour)} fs solid 0.6 border lc '#444444' notitle",
                  f"{d} using 2:1 with points pt {pt} ps 0.8 lc '#000000' notitle",
                  f"NaN with boxes fs solid 0.6 lc {gp.q(colour)} title {gp.q(c)}"]
    if zero:
        d = s.block("zero", zero)
        plots.append(f"{d} using 1:2 with points ls 9 title '▽ at the left end: median ≤ 0, "
                     "not on a log axis'")
    s.add("plot " + ", \\\n     ".join(plots))
    return s
