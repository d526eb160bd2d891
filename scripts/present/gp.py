"""Writing gnuplot scripts that draw and compute nothing (DESIGN §8): each chart is one
self-contained script, RUN_DIR/plots/NAME.gp, holding its data as datablocks, the shared look of
plots/common.gp, and the drawing commands; `gnuplot NAME.gp` (fmt='svg' for SVG) redraws it.
Everything a reader must be told (scale, interval level, placement, what cannot be shown) is
decided in Python and written into the script as text."""
import os
import subprocess

from .run import num

HERE = os.path.dirname(os.path.abspath(__file__))
COMMON = os.path.join(HERE, "..", "..", "plots", "common.gp")
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#e7969c")
UNPINNED, PINNED = "#1f77b4", "#ff7f0e"
LOG_NOTE = "log scale"
LIN_NOTE = "linear scale from 0"


def q(text):
    """A gnuplot string: single-quoted, or double-quoted with escapes where it holds a newline."""
    text = str(text)
    if "\n" in text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return "'" + text.replace("'", "''") + "'"


def cell(v):
    """A datablock cell: a number, '?' when missing, a string in double quotes."""
    if v is None:
        return "?"
    if isinstance(v, str):
        return '"' + v.replace('"', "'") + '"'
    return f"{v:.6g}"


def pct(level):
    return f"{level * 100:.4g}%"


def ci_text(rows):
    """The legend's name of the intervals drawn for ROWS, from their ci_level (DESIGN §5): the
    level when all agree, the range when they differ; 'none for a single value' where a row
    has no interval; plain 'CI of the median' for runs written before ci_level."""
    levels = [num(r.get("ci_level")) for r in rows if r.get("ci95_low")]
    known = [x for x in levels if x is not None]
    single = any(not r.get("ci95_low") for r in rows)
    if not known:
        s = "CI of the median (level not recorded by this run)" if levels else "no interval"
    elif min(known) == max(known):
        s = f"CI of the median, {pct(known[0])}"
    else:
        s = f"CI of the median, {pct(min(known))} to {pct(max(known))} (each row at its ci_level)"
    return s + ("; none for a single value" if single and levels else "")


def placement_note(rows):
    """Whether ROWS are pinned: the charts that do not draw the two apart say which they show."""
    cpus = sorted({r.get("cpu", "") for r in rows})
    if cpus == [""]:
        return "unpinned (the scheduler places the child)"
    if "" not in cpus:
        return "pinned: parent and child on CPU " + ", ".join(cpus)
    return "pinned rows are labelled cpu=N, the others unpinned"


def log_range(values):
    """(low, high) of a log axis holding the positive VALUES with some room: the left end is also
    where a value the axis cannot show (0, negative) is marked."""
    pos = [v for v in values if v is not None and v > 0]
    if not pos:
        return 0.1, 10.0
    return min(pos) / 2.5, max(pos) * 1.6


class Script:
    """One chart's gnuplot script: datablocks, then drawing commands."""

    def __init__(self, name, what, run, width=1500, height=700):
        """RUN names the machine under WHAT in the title; None for a chart of several runs,
        whose WHAT says which."""
        self.name, self.width, self.height = name, width, height
        self.blocks, self.lines = [], []
        self.title = what
        if run is not None:
            started = str(run.m("started_utc"))[:10]
            self.title += (f"\n{run.m('hostname')}, Linux {run.m('kernel.release')}, "
                           f"{run.m('cpu.model')}, {started}")

    def block(self, name, rows):
        self.blocks.append(f"${name} << EOD")
        self.blocks.extend(" ".join(cell(v) for v in row) for row in rows)
        self.blocks.append("EOD")
        return "$" + name

    def add(self, *lines):
        self.lines.extend(lines)

    def text(self):
        with open(COMMON, encoding="utf-8") as f:
            common = f.read()
        head = [f"# {self.name}: made by scripts/present from the run's CSVs; draws, computes "
                "nothing.", "# Redraw: gnuplot NAME.gp (PNG), gnuplot -e \"fmt='svg'\" NAME.gp",
                "if (!exists('fmt')) fmt = 'png'", f"out = {q(self.name)}.'.'.fmt",
                f"width = {self.width}; height = {self.height}", f"title = {q(self.title)}"]
        return "\n".join(head + [common] + self.blocks + self.lines) + "\n"


def render(script, directory):
    """Writes DIRECTORY/NAME.gp and draws NAME.png and NAME.svg beside it; returns gnuplot's
    warnings. A failure names the chart and gnuplot's first error line."""
    path = os.path.join(directory, script.name + ".gp")
    with open(path, "w", encoding="utf-8") as f:
        f.write(script.text())
    warnings = []
    for fmt in ("png", "svg"):
        done = subprocess.run(["gnuplot", "-e", f"fmt='{fmt}'", script.name + ".gp"],
                              cwd=directory, capture_output=True, text=True)
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"gnuplot failed on {script.name}.gp ({fmt}): {first}")
        warnings += [w for w in done.stderr.splitlines() if w.strip()]
    return warnings


def legend(script, entries, y_px=48, tag=900):
    """A one-line legend at Y_PX pixels above the bottom, centred, drawn as labels and objects in
    screen coordinates (a key inside a multiplot wraps to its panel's width). ENTRIES are
    (kind, colour, pt, text); kind is 'point', 'box' or 'line'. Returns the commands' tags'
    range so the caller can unset them after the plot that draws them."""
    char_px, gap_px, mark_px = 7.0, 26, 22
    widths = [mark_px + 6 + len(text) * char_px for _k, _c, _p, text in entries]
    x = (script.width - sum(widths) - gap_px * (len(entries) - 1)) / 2
    y = y_px / script.height
    for i, ((kind, colour, pt, text), w) in enumerate(zip(entries, widths)):
        t = tag + i
        mid = (x + mark_px / 2) / script.width
        if kind == "point":
            script.add(f"set label {t} '' at screen {mid:.4f}, {y:.4f} point pt {pt} ps 1.1 "
                       f"lc {q(colour)}")
        elif kind == "box":
            script.add(f"set object {t} rect center screen {mid:.4f}, {y:.4f} size screen "
                       f"{mark_px / script.width:.4f}, {10 / script.height:.4f} fc {q(colour)} "
                       "fs solid 0.35 noborder front")
        else:
            script.add(f"set object {t} rect center screen {mid:.4f}, {y:.4f} size screen "
                       f"{mark_px / script.width:.4f}, {1.5 / script.height:.4f} fc {q(colour)} "
                       "fs solid 1 noborder front")
        script.add(f"set label {t + 100} {q(text)} at screen "
                   f"{(x + mark_px + 6) / script.width:.4f}, {y:.4f} left")
        x += w + gap_px
    return [f"unset label {tag + i}; unset label {tag + 100 + i}; unset object {tag + i}"
            for i in range(len(entries))]
