"""The report's cells: numbers as the tables print them, a figure with its interval, the ⚠ of a
figure that did not converge (summary.csv `converged` = false, on every cell that shows it,
a median alone included), and the run's figures indexed by configuration. It formats what the
CSVs say and computes only unit changes, ratios and ranges."""
from .run import num

WARN = " ⚠"
# Units of the figures precision is asked of (DESIGN §5); counters and sizes ride along.
TIME_UNITS = ("ns", "ns/page", "ops/s")


def fmt(v):
    """A number at the precision the tables use: 2 decimals below 10, 1 below 1000, else 0."""
    return f"{v:.2f}" if -10 < v < 10 else f"{v:.1f}" if -1000 < v < 1000 else f"{v:.0f}"


def pct(p):
    return f"{p:.2f}%" if p < 1 else f"{p:.1f}%"


def level_text(level):
    """A ci_level (0.9375) as the report writes it (93.75%)."""
    return f"{level * 100:.4g}%"


def scaled(text, div):
    v = num(text)
    return "–" if v is None else fmt(v / div)


def md(text):
    """A table cell's text: a | would split the cell."""
    return text.replace("|", "\\|")


def code(text):
    return f"`{md(text)}`"


def vget(variant, key):
    """One key=value of a variant cell, '' where absent."""
    for part in variant.split(";"):
        if part.startswith(key + "="):
            return part[len(key) + 1:]
    return ""


def is_time(row):
    return row.get("unit", "") in TIME_UNITS


def unconverged(row):
    return row is not None and row.get("converged") == "false"


class Figures:
    """The run's summary rows by configuration: (bench, config) in first-seen order, each with
    {metric: row}. A configuration is its bench and its config label (DESIGN §7)."""

    def __init__(self, rows):
        self.by = {}
        for r in rows:
            self.by.setdefault((r["bench"], r["config"]), {}).setdefault(r["metric"], r)

    def configs(self, bench):
        return [k for k in self.by if k[0] == bench]

    def row(self, k, metric):
        return self.by.get(k, {}).get(metric)

    def median(self, k, metric):
        r = self.row(k, metric)
        return None if r is None else num(r["median"])

    def first_row(self, k):
        return next(iter(self.by[k].values()))

    def cell(self, k, metric, div=1):
        """**median** [ci_low–ci_high] ⚠: the interval where the row has one (a single value
        has none), the mark where the figure did not converge; – where not measured."""
        r = self.row(k, metric)
        if r is None or num(r["median"]) is None:
            return "–"
        ci = f" [{scaled(r['ci95_low'], div)}–{scaled(r['ci95_high'], div)}]" \
            if r["ci95_low"] else ""
        return f"**{scaled(r['median'], div)}**{ci}{WARN if unconverged(r) else ''}"

    def mcell(self, k, metric, div=1):
        """The median alone, with the mark where it did not converge."""
        r = self.row(k, metric)
        if r is None or num(r["median"]) is None:
            return "–"
        return scaled(r["median"], div) + (WARN if unconverged(r) else "")

    def sort_by(self, configs, metric):
        """CONFIGS by the median of METRIC, those without it last, ties in their order."""
        inf = float("inf")
        return sorted(configs, key=lambda k: inf if self.median(k, metric) is None
                      else self.median(k, metric))


def levels_sentence(rows):
    """' (here 95%)' or ' (here 50% to 99.22%)': the ci_level of the time figures shown."""
    lv = [num(r.get("ci_level")) for r in rows if is_time(r)]
    lv = [x for x in lv if x is not None]
    if not lv:
        return ""
    lo, hi = min(lv), max(lv)
    return f" (here {level_text(lo)})" if lo == hi else \
        f" (here {level_text(lo)} to {level_text(hi)})"


def sweep_x(x, param):
    """A sweep point's x (fits.csv's x_from, x_to: MiB for rss, KiB for env, else a count) as
    the report writes it: 64 MiB, 4 GiB, 30000."""
    if x is None:
        return "?"
    if param == "rss":
        return f"{x / 1024:.3g} GiB" if x >= 1024 else f"{x:.4g} MiB"
    if param == "env":
        return f"{x / 1024:g} MiB" if x >= 1024 else f"{x:g} KiB"
    return f"{x:g}"


def slope_text(v, slope_unit):
    """A slope in ns per unit as the report writes it: µs/MiB for rss, ns per thread, fd..."""
    if v is None:
        return "–"
    if slope_unit == "ns_per_mib":
        return f"{v / 1000:.3g} µs/MiB"
    return f"{fmt(v)} " + slope_unit.replace("_per_", "/", 1)


def marginal_headline(segments, param):
    """'12 µs/MiB from 64 to 256 MiB, 21 µs/MiB from 4 to 8 GiB': the first and the last
    segment's marginal slope, each with its range (issue 19: never a bare number)."""
    segs = sorted(segments, key=lambda f: num(f["x_from"]) or 0)
    if not segs:
        return ""
    picks = [segs[0]] if len(segs) == 1 else [segs[0], segs[-1]]
    return ", ".join(f"{slope_text(num(f['slope']), f['slope_unit'])} from "
                     f"{sweep_x(num(f['x_from']), param).split(' ')[0]} to "
                     f"{sweep_x(num(f['x_to']), param)}" for f in picks)
