"""Charts with one row per configuration and one panel per figure (latency, placement, exec
cross-check, footprint, COW regions): the layout, the marks for what an axis cannot show, and
the legend, written once for all of them. Computes nothing but positions and axis ends."""
from . import gp

WHISKER_TITLE = "p5–p95"


class Series:
    """One set of marks per row in a panel: VALUES[i] is (median, low, high, p5, p95) of row i in
    the panel's unit, any of them None; None for the whole tuple when not measured."""

    def __init__(self, name, values, colour=gp.UNPINNED, pt=7, offset=0.0, box=True,
                 whiskers=True):
        self.name, self.values, self.colour, self.pt = name, values, colour, pt
        self.offset, self.box, self.whiskers = offset, box, whiskers


class Panel:
    def __init__(self, title, unit, series, log=True):
        self.title, self.unit, self.series, self.log = title, unit, series, log


def _clean(v, log):
    return None if v is None or (log and v <= 0) else v


def draw(script, labels, panels, ci_legend, note="", key_rows=1):
    """Adds the datablocks and multiplot of PANELS over the row LABELS to SCRIPT. ci_legend names
    the intervals' level (gp.ci_text); note goes under the legend (placement, what is shown)."""
    n = len(labels)
    entries = _legend(panels, ci_legend)
    lines = [entries[i:i + 4] for i in range(0, len(entries), 4)]
    extra = 20 * (len(lines) - 1)
    height = script.height = max(360, 210 + 26 * n) + extra
    longest = max([len(x) for x in labels] + [10])
    lm = min(0.4, max(0.1, (longest * 8 + 40) / script.width))
    bm, tm = (120 + extra) / height, 1 - 85 / height
    script.add(f"set multiplot layout 1, {len(panels)} title title font ',14' margins {lm:.3f}, "
               f"0.98, {bm:.3f}, {tm:.3f} spacing 0.03, 0",
               f"set yrange [{n - 0.5} : -0.5]", "set ytics scale 0", "unset key")
    if note:
        script.add(f"set label 999 {gp.q(note)} at screen 0.5, {14 / height:.4f} center "
                   "font ',10'")
    undo = []
    for r, line in enumerate(lines):
        undo += gp.legend(script, line, y_px=40 + 20 * (len(lines) - 1 - r), tag=800 + 10 * r)
    for p, panel in enumerate(panels):
        _panel(script, p, panel, labels)
        if p == 0:
            script.add(*undo, "unset label 999")
    script.add("unset multiplot")


def _legend(panels, ci_legend):
    """The legend's entries, (kind, colour, pt, text), for what the panels draw."""
    out, zero = [], False
    every = [s for p in panels for s in p.series]
    if any(s.whiskers for s in every):
        out.append(("line", "#7f7f7f", 0, WHISKER_TITLE))
    boxed = [s for s in every if s.box]
    if boxed:
        out.append(("box", boxed[0].colour, 0, "box: " + ci_legend))
    for s in every:
        entry = ("point", s.colour, s.pt, s.name)
        if entry not in out:
            out.append(entry)
    for p in panels:
        zero |= p.log and any(t and t[0] is not None and t[0] <= 0 for s in p.series
                              for t in s.values)
    if zero:
        out.append(("point", "#d62728", 10, "▽ at the left end: 0 or less (not on a log axis)"))
    return out


def _panel(script, p, panel, labels):
    every = [v for s in panel.series for t in s.values if t for v in t]
    if panel.log:
        low, high = gp.log_range(every)
        script.add("set logscale x 10", "set mxtics 10", "set format x '%g'",
                   f"set xrange [{low:.6g} : {high:.6g}]",
                   f"set xlabel {gp.q(f'{panel.unit} ({gp.LOG_NOTE})')}")
    else:
        low = min([v for v in every if v is not None] + [0])
        script.add("unset logscale x", "set mxtics default", "set format x '%g'",
                   f"set xrange [{low if low < 0 else 0} : *]",
                   f"set xlabel {gp.q(f'{panel.unit} ({gp.LIN_NOTE})')}")
    script.add(f"set title {gp.q(panel.title)} font ',12'")
    script.add("set ytics format ''" if p else "set ytics format '%g'")
    ticks = script.block(f"ticks{p}", [(i, lab) for i, lab in enumerate(labels)])
    tic = '("")' if p else "2"
    x0 = low if panel.log else 0
    plots = [f"{ticks} using ({x0:.6g}):1:ytic({tic}) with points pt -1 ps 0 notitle"]
    for k, s in enumerate(panel.series):
        rows, marks = [], []
        for i, t in enumerate(s.values):
            y = i + s.offset
            if t is None:
                script.add(f"set label {gp.q('not measured')} at graph 0.02, first {y} left "
                           "font ',9' tc '#d62728' front")
                continue
            rows.append((y,) + tuple(_clean(v, panel.log) for v in t))
            if panel.log and t[0] is not None and t[0] <= 0:
                marks.append((low, y))
        d = script.block(f"p{p}s{k}", rows or [(0, None, None, None, None, None)])
        if s.whiskers:
            plots.append(f"{d} using 2:1:5:6 with xerrorbars ls 3 pt -1 notitle")
        if s.box:
            plots.append(f"{d} using 2:1:3:4:($1 - 0.15):($1 + 0.15) with boxxyerror fs solid "
                         f"0.35 noborder lc {gp.q(s.colour)} notitle")
        plots.append(f"{d} using 2:1 with points pt {s.pt} ps 1.0 lc {gp.q(s.colour)} notitle")
        if marks:
            m = script.block(f"p{p}s{k}zero", marks)
            plots.append(f"{m} using 1:2 with points ls 9 notitle")
    script.add("plot " + ", \\\n     ".join(plots))
    script.add("unset label")
