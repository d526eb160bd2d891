"""The comparison's charts, from `forkbench compare --csv` (columns found by header name) and the
runs' sweep rows: a forest plot per bench and metric (each configuration's change against run A
with its interval at its `change_ci_level`, the geometric mean with its bootstrap over the
configurations) and the latency-vs-RSS curves of the runs' rss sweeps. Each returns gp.Scripts;
the figures are forkbench compare's, nothing is computed here but positions and ranges."""
from . import gp, labels
from .run import num

ESTIMATOR = {"hodges_lehmann": "Hodges–Lehmann estimate", "ratio_of_medians": "ratio of medians",
             "geomean_of_ratios": "geometric mean of the ratios"}
INTERVAL = {"hodges_lehmann": "Hodges–Lehmann", "bootstrap": "bootstrap",
            "median_cis": "from the two median CIs", "bootstrap_configs":
            "bootstrap over the configurations"}


def letter(i):
    return chr(ord("A") + i)


def level_words(rows, column="change_ci_level"):
    """'95% CI', or 'CI at 90% to 96.8% (each at its change_ci_level)'; rows without an
    interval are said so."""
    lv = [num(r.get(column)) for r in rows if num(r.get("change_ci95_low_pct")) is not None]
    known = [x for x in lv if x is not None]
    if not known:
        s = "no interval" if not lv else "CI (level not recorded)"
    elif min(known) == max(known):
        s = f"{gp.pct(known[0])} CI"
    else:
        s = f"CI at {gp.pct(min(known))} to {gp.pct(max(known))} (each at its {column})"
    if lv and len(lv) < len(rows):
        s += "; no bar: no interval"
    return s


def groups(rows):
    """{(bench, metric): [rows]} of the pair and geomean rows, in first-seen order."""
    out = {}
    for r in rows:
        if r["kind"] in ("pair", "geomean"):
            out.setdefault((r["bench"], r["metric"]), []).append(r)
    return out


def safe(name):
    return "".join(c if c.isalnum() or c in "_.-" else "_" for c in name)


def forest(bench, metric, rows, run_ids, names):
    """One forest plot: RUN_IDS[0] is A, each other a compared run; NAMES their words."""
    ncmp = len(run_ids) - 1
    labels_ = []
    for r in rows:
        lab = "geomean" if r["kind"] == "geomean" else r["config"]
        if lab not in labels_:
            labels_.append(lab)
    if "geomean" in labels_:  # last, whatever the order they came in
        labels_.remove("geomean")
        labels_.append("geomean")
    y_of = {lab: i for i, lab in enumerate(labels_)}
    run_index = {rid: i for i, rid in enumerate(run_ids)}
    height = max(300, 190 + 26 * len(labels_))
    est = sorted({ESTIMATOR.get(r["change_estimator"], r["change_estimator"])
                  for r in rows if r["kind"] == "pair" and r["change_estimator"]})
    s = gp.Script(f"forest-{bench}-{metric}",
                  f"{bench} {metric}: change against A ({', '.join(est) or 'ratio of medians'})"
                  f"\n{' vs '.join(names)}", None, height=height)
    pts, missing, xs = {i: [] for i in range(1, ncmp + 1)}, [], [0.0]
    for r in rows:
        lab = "geomean" if r["kind"] == "geomean" else r["config"]
        i = run_index.get(r["run"], 1)
        y = y_of[lab] + ((i - 1 - (ncmp - 1) / 2) * 0.7 / ncmp if ncmp > 1 else 0)
        c, lo, hi = (num(r[k]) for k in ("change_pct", "change_ci95_low_pct",
                                         "change_ci95_high_pct"))
        if c is None:
            missing.append(y)
            continue
        xs += [v for v in (c, lo, hi) if v is not None]
        pts[i].append((y, c, lo, hi, 1 if r["significant"] == "true" else 0,
                       1 if r["kind"] == "geomean" else 0))
    pad = (max(xs) - min(xs)) * 0.08 + 1
    xmin, xmax = min(xs) - pad, max(xs) + pad
    lm = min(0.45, max(0.1, (max(len(lab) for lab in labels_) * 8.5 + 40) / s.width))
    ytics = ", ".join(f"{gp.q(lab)} {y}" for lab, y in y_of.items())
    geo = [r for r in rows if r["kind"] == "geomean"]
    geo_ci = level_words(geo)
    xlabel = (f"change (%), linear scale; bars: {level_words([r for r in rows if r['kind'] == 'pair'])}"
              "\ndiamond: geometric mean" + ("" if not geo else " (no interval)" if
                                             geo_ci.startswith("no interval") else
                                             f", its bars: {geo_ci}, bootstrap over the "
                                             "configurations"))
    s.add(f"set multiplot layout 1, 1 title title font ',13' margins {lm:.3f}, 0.97, "
          f"{130 / height:.3f}, {1 - 90 / height:.3f}",
          f"set xlabel {gp.q(xlabel)}",
          f"set xrange [{xmin:.4g} : {xmax:.4g}]", f"set yrange [{len(labels_) - 0.5} : -0.5]",
          f"set ytics ({ytics}) scale 0", "set grid noytics",
          "set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead lc '#333333' lw 1.5 front",
          "set key at screen 0.5, 0.01 center bottom horizontal maxrows 1 samplen 1.5 width 1")
    for j, y in enumerate(missing):
        s.add(f"set label {10 + j} 'no estimate (compare.csv: change_pct empty)' at first "
              f"{xmin:.4g}, {y:.3f} left offset 1, 0 tc '#d62728'")
    plots = []
    band = 0.42 / ncmp if ncmp > 1 else 0.4
    for i in range(1, ncmp + 1):
        if not pts[i]:
            continue
        colour = gp.PALETTE[i % len(gp.PALETTE)]
        d = s.block(f"run{i}", pts[i])
        t = "significant" if not plots else ""
        plots += [f"{d} using (0):($5 > 0 && $6 == 0 ? $1 : NaN):({xmin:.4g}):({xmax:.4g}):"
                  f"($1 - {band:.3f}):($1 + {band:.3f}) with boxxyerror fs solid 0.35 noborder "
                  f"lc '#ffd54f' {'title ' + gp.q(t) if t else 'notitle'}",
                  f"{d} using 2:1:3:4 with xerrorbars lc {gp.q(colour)} lw 1.5 pt -1 notitle"
                  if any(p[2] is not None for p in pts[i]) else None,
                  f"{d} using 2:($5 > 0 && $6 == 0 ? $1 : NaN) with points pt 7 ps 1.1 "
                  f"lc {gp.q(colour)} title {gp.q(names[i])}",
                  f"{d} using 2:($5 == 0 && $6 == 0 ? $1 : NaN) with points pt 6 ps 1.1 "
                  f"lc {gp.q(colour)} notitle",
                  f"{d} using 2:($6 > 0 ? $1 : NaN) with points pt 13 ps 1.8 lc {gp.q(colour)} "
                  "notitle"]
    s.add("plot " + ", \\\n     ".join(p for p in plots if p), "unset multiplot")
    return s


def rss_latency(runs, names):
    """Latency against the parent's RSS, one panel per line (the config without the RSS), the
    runs overlaid; None when no run has rss sweeps. Linear axes from 0, as the run's own
    sweep-rss chart: the 0 point is a real point."""
    rows = [(i, r) for i, run in enumerate(runs) for r in run.rows("sweep")
            if r["variant"].split(";")[0] == "param=rss"
            and r["metric"] in ("call_ns", "start_ns", "total_ns") and num(r["median"]) is not None]
    if not rows:
        return None
    have = {r["metric"] for _i, r in rows}
    metric = next(m for m in ("total_ns", "start_ns", "call_ns") if m in have)
    rows = [(i, r) for i, r in rows if r["metric"] == metric]
    series = labels.series_names([r for _i, r in rows])
    panels = []
    for _i, r in rows:
        if labels.series_of(r, series) not in panels:
            panels.append(labels.series_of(r, series))
    cols = min(3, len(panels))
    prow = -(-len(panels) // cols)
    s = gp.Script("rss-latency", f"Creation latency ({metric}) against the parent's RSS, per "
                  f"line, runs overlaid\n{' vs '.join(names)}", None, height=200 + 420 * prow)
    s.add(f"set multiplot layout {prow}, {cols} title title font ',13' margins 0.06, 0.98, "
          f"{(100 + 20 * len(runs)) / s.height:.3f}, {1 - 110 / s.height:.3f} spacing 0.06, {130 / s.height:.3f}",
          f"set xlabel {gp.q('parent RSS (MiB, ' + gp.LIN_NOTE + ')')}",
          f"set ylabel {gp.q(metric + ' median (µs, ' + gp.LIN_NOTE + ')')}",
          f"set label 1 {gp.q('bars: ' + gp.ci_text([r for _i, r in rows]))} at screen 0.5, "
          f"{(30 + 20 * len(runs)) / s.height:.3f} center font ',10'",
          "set xrange [0 : *]", "set yrange [0 : *]", "set format y '%g'",
          "set key at screen 0.5, 0.01 center bottom horizontal maxrows 1 samplen 2 width 2")
    titled = set()  # each run in the key once, on the first panel it is drawn in
    for p, name in enumerate(panels):
        plots = []
        for i in range(len(runs)):
            pts = sorted((num(r["rss_bytes"]) / 1048576, num(r["median"]) / 1000,
                          num(r["ci95_low"] or r["median"]) / 1000,
                          num(r["ci95_high"] or r["median"]) / 1000)
                         for j, r in rows if j == i and labels.series_of(r, series) == name)
            if not pts:
                continue
            d = s.block(f"p{p}r{i}", pts)
            t = "notitle" if i in titled else "title " + gp.q(names[i])
            titled.add(i)
            plots.append(f"{d} using 1:2:3:4 with yerrorlines lc {gp.q(gp.PALETTE[i])} lw 1.5 "
                         f"pt 7 ps 0.8 {t}")
        missing = [names[i] for i in range(len(runs))
                   if not any(j == i and labels.series_of(r, series) == name for j, r in rows)]
        sub = f"\nnot measured in {', '.join(missing)}" if missing else ""
        s.add(f"set title {gp.q(name + sub)} font ',11'", "plot " + ", \\\n     ".join(plots))
    s.add("unset multiplot")
    return s
