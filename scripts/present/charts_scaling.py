"""The scaling charts: latency against a swept parent parameter (one chart per parameter, one
panel per line, with fits.csv's least-squares line and, on a right axis, its marginal slope per
segment between consecutive points) and throughput against concurrent creators.
Linear axes from 0 where a fitted line is drawn: a line is straight only there, and the sweep's
0 point is a real point."""
import math

from . import gp, labels
from .run import num

# param: (x unit, x in that unit from a row, slope's unit in words, ns per unit -> shown)
PARAMS = {
    "rss": ("parent RSS (MiB)", lambda r: num(r["rss_bytes"]) / 1048576, "µs/GiB", 1024 / 1000),
    "threads": ("extra threads in the parent", lambda r: num(r["threads"]), "ns/thread", 1),
    "fds": ("extra open descriptors in the parent", lambda r: num(r["fds"]), "ns/fd", 1),
    "vmas": ("extra mappings in the parent", lambda r: num(r["vmas"]), "ns/mapping", 1),
}


def short(v):
    return f"{v:.0f}" if abs(v) >= 100 else f"{v:.3g}"


def sweep(param):
    def chart(run):
        return sweep_chart(run, param)
    chart.__name__ = f"sweep_{param}"
    return chart


def sweep_chart(run, param):
    xunit, xof, sunit, scale = PARAMS[param]
    rows = [r for r in run.rows("sweep", ("total_ns",))
            if r["variant"].split(";")[0] == f"param={param}" and num(r["median"]) is not None]
    if not rows:
        return None
    names = labels.series_names(rows)
    fits = {f["config"]: f for f in run.fits if f["metric"] == "total_ns" and f["param"] == param}
    segs = [f for f in run.segments if f["metric"] == "total_ns" and f["param"] == param]
    lines = []
    for r in rows:
        if labels.series_of(r, names) not in lines:
            lines.append(labels.series_of(r, names))
    cols = min(3, len(lines))
    prow = math.ceil(len(lines) / cols)
    s = gp.Script(f"sweep-{param}", f"Creation latency (total_ns, until reaped) against the "
                  f"{xunit.split(' (')[0]}: median per point, least-squares line and marginal "
                  "cost per segment (fits.csv)", run, height=200 + 400 * prow)
    s.add(f"set multiplot layout {prow}, {cols} title title font ',14' margins 0.07, {0.92 if segs else 0.98}, "
          f"{90 / s.height:.3f}, {1 - 115 / s.height:.3f} spacing 0.07, {130 / s.height:.3f}",
          f"set xlabel {gp.q(xunit + ', ' + gp.LIN_NOTE)}",
          f"set ylabel {gp.q('µs, ' + gp.LIN_NOTE)}", "set format y '%g'",
          # Below each panel: inside, a key hides the points it covers.
          "set key below left vertical maxrows 2 Left reverse samplen 2 font ',9' spacing 0.9")
    for i, name in enumerate(lines):
        pts = sorted((xof(r), num(r["median"]) / 1000, num(r["ci95_low"] or r["median"]) / 1000,
                      num(r["ci95_high"] or r["median"]) / 1000)
                     for r in rows if labels.series_of(r, names) == name)
        mine = [r for r in rows if labels.series_of(r, names) == name]
        span = (max(p[3] for p in pts) - min(0, min(p[2] for p in pts))) or 1
        widest = max(p[3] - p[2] for p in pts)
        bars = gp.ci_text(mine) + ("; narrower than the dot" if widest < span / 80 else "")
        d = s.block(f"pts{i}", pts)
        plots = [f"{d} using 1:2:3:4 with yerrorbars lw 1.2 pt 7 ps 1.0 lc "
                 f"{gp.q(gp.PALETTE[0])} title {gp.q('median; bars: ' + bars)}"]
        f = fits.get(name)
        sub = "no fit in fits.csv"
        if f and num(f["slope"]) is not None:
            slope, icpt = num(f["slope"]), num(f["intercept_ns"])
            xmax = pts[-1][0]
            line = s.block(f"fit{i}", [(0, icpt / 1000), (xmax, (icpt + slope * xmax) / 1000)])
            sub = (f"slope {short(slope * scale)} {sunit} [{short(num(f['ci95_low']) * scale)}, "
                   f"{short(num(f['ci95_high']) * scale)}], R² {num(f['r2']):.3f}")
            if num(f.get("max_residual_pct")) is not None:
                sub += (f"\nmisses the {short(num(f['worst_point']))} point by "
                        f"{num(f['max_residual_pct']):.0f}%")
            plots.append(f"{line} using 1:2 with lines dt 2 lw 1.5 lc {gp.q(gp.PALETTE[3])} "
                         "title 'least-squares line (fits.csv)'")
        mine_segs = sorted((g for g in segs if g["config"] == name),
                           key=lambda g: num(g["x_from"]) or 0)
        axis2 = ["unset y2tics", "unset y2label"]
        if mine_segs:
            # The marginal cost of each segment on the right axis, a step from one point to the
            # next, with its interval at the segment's midpoint: convexity shows as steps that
            # climb (issue 19). Every number here is fits.csv's.
            step = s.block(f"seg{i}", [
                (num(g["x_from"]), num(g["slope"]) * scale, num(g["x_to"]) - num(g["x_from"]),
                 (num(g["x_from"]) + num(g["x_to"])) / 2,
                 None if num(g["ci95_low"]) is None else num(g["ci95_low"]) * scale,
                 None if num(g["ci95_high"]) is None else num(g["ci95_high"]) * scale)
                for g in mine_segs])
            levels = sorted({gp.pct(num(g["ci_level"])) for g in mine_segs
                             if num(g.get("ci_level")) is not None})
            lvl = ("interval at " + " to ".join(dict.fromkeys((levels[0], levels[-1])))
                   + " (product of the two points' levels)") if levels else "no interval"
            plots.append(f"{step} using 1:2:3:(0) axes x1y2 with vectors nohead lw 3 lc "
                         f"{gp.q(gp.PALETTE[2])} title {gp.q('marginal cost per segment, ' + sunit + ' (right axis); ' + lvl)}")
            plots.append(f"{step} using 4:2:5:6 axes x1y2 with yerrorbars pt 0 lw 1.2 lc "
                         f"{gp.q(gp.PALETTE[2])} notitle")
            sub += "\nmarginal " + ", ".join(
                f"{short(num(g['slope']) * scale)} {sunit} from {short(num(g['x_from']))} "
                f"to {short(num(g['x_to']))}" for g in (mine_segs[0], mine_segs[-1]))
            axis2 = ["set y2tics", "set ytics nomirror", "set format y2 '%.0f'",
                     f"set y2label {gp.q('marginal ' + sunit + ', ' + gp.LIN_NOTE)}",
                     "set y2range [*<0 : *]"]
        s.add(f"set title {gp.q(name + chr(10) + sub)} font ',11'", *axis2,
              "set xrange [0 : *]", "set yrange [*<0 : *]", "plot " + ", \\\n     ".join(plots))
    s.add("unset multiplot")
    return s


def throughput(run):
    metrics = ("creations_per_s", "creations_per_s_per_creator")
    rows = [r for r in run.rows("throughput", metrics) if num(r["median"]) is not None]
    if not rows:
        return None
    names = labels.series_names(rows)
    lines, methods = [], []
    for r in rows:
        name = labels.series_of(r, names)
        if name not in [n for n, _r in lines]:
            lines.append((name, r))
        if r["method"] not in methods:
            methods.append(r["method"])
    s = gp.Script("throughput", "Creations per second against concurrent creators "
                  "(median over time windows)", run, height=760)
    s.add("set multiplot layout 1, 2 title title font ',14'",
          "set key outside bottom center horizontal maxrows 3 samplen 3 font ',10'",
          "set bmargin 10", f"set xlabel {gp.q('concurrent creators (' + gp.LIN_NOTE + ')')}",
          "set xtics 1", "set xrange [0.5 : *]", "set yrange [0 : *]",
          "set label 1 " + gp.q("colour: method; solid: threads of one parent, dashed: separate "
                                "processes; bars: " + gp.ci_text(rows) + "; "
                                + gp.placement_note(rows)) + " at screen 0.5, 0.015 center "
          "font ',10'")
    for metric, title, ylabel in (
            ("creations_per_s", "all creators together", "creations per second"),
            ("creations_per_s_per_creator", "per creator (mean)",
             "creations per second per creator")):
        plots = []
        for i, (name, first) in enumerate(lines):
            pts = sorted((num(dict(p.split("=") for p in r["variant"].split(";"))["creators"]),
                          num(r["median"]), num(r["ci95_low"]), num(r["ci95_high"]))
                         for r in rows if r["metric"] == metric
                         and labels.series_of(r, names) == name)
            if not pts:
                continue
            dash = 2 if "kind=processes" in first["variant"] else 1
            colour = gp.PALETTE[methods.index(first["method"]) % len(gp.PALETTE)]
            d = s.block(f"t{metric[-7:]}{i}", pts)
            plots.append(f"{d} using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.8 dt {dash} "
                         f"lc {gp.q(colour)} title {gp.q(name)}")
        s.add(f"set title {gp.q(title)} font ',12'",
              f"set ylabel {gp.q(ylabel + ' (' + gp.LIN_NOTE + ')')}",
              "plot " + ", \\\n     ".join(plots), "unset key", "unset label 1")
    s.add("unset multiplot")
    return s
