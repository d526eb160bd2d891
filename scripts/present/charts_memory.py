"""The memory charts: copy-on-write per page against region size (cow), what fork skips per
region kind (cow-regions), and the footprint per configuration. One function per chart."""
from . import gp, labels, rowplot
from .run import num

COW_PARTS = (("first_touch_ns_per_page", "first touch (zero-fill fault)", 9),
             ("cow_write_ns_per_page", "first write after fork (COW fault + write)", 7),
             ("private_write_ns_per_page", "rewrite of the now private page", 5),
             ("read_shared_ns_per_page", "read of the shared page (no copy)", 13))


def vget(variant, key):
    for part in variant.split(";"):
        if part.startswith(key + "="):
            return part[len(key) + 1:]
    return ""


def mib(size):
    """A size as typed in the variant (4M, 1G, 4096) in MiB."""
    mult = {"K": 1 / 1024, "M": 1, "G": 1024}
    if size and size[-1] in mult:
        return float(size[:-1]) * mult[size[-1]]
    return float(size) / 1048576 if size else None


def triple(row, div=1.0):
    return tuple(None if num(row[c]) is None else num(row[c]) / div
                 for c in ("median", "ci95_low", "ci95_high"))


def cow(run):
    rows = [r for r in run.rows("cow") if vget(r["variant"], "region") == "private"]
    fault = [r for r in rows if r["metric"] == "cow_fault_ns_per_page"]
    if not fault:
        return None
    names = labels.series_names(fault)
    lines = []
    for r in fault:
        name = labels.series_of(r, names)
        if name not in lines:
            lines.append(name)
    colour = {name: gp.PALETTE[i % len(gp.PALETTE)] for i, name in enumerate(lines)}
    parts = [r for r in rows if r["metric"] in dict((m, 1) for m, _n, _p in COW_PARTS)]
    drawn = fault + parts
    s = gp.Script("cow", "Copy-on-write cost per 4 KiB page against the region size (ns per "
                  "page; region size log scale)", run, height=560 + 22 * max(4, len(lines)))
    s.add("set multiplot layout 1, 2 title title font ',14' margins 0.07, 0.98, "
          f"{(110 + 22 * max(4, len(lines))) / s.height:.3f}, {1 - 90 / s.height:.3f} spacing 0.07, 0",
          "set logscale x 2", "set format x '%g'",
          f"set xlabel {gp.q('region size (MiB, log scale)')}",
          f"set key at screen 0.28, 0.01 center bottom vertical maxrows {len(lines)} "
          "samplen 3 font ',10'")
    plots = []
    for i, name in enumerate(lines):
        pts = sorted((mib(vget(r["variant"], "size")),) + triple(r) for r in fault
                     if labels.series_of(r, names) == name)
        d = s.block(f"fault{i}", pts)
        plots.append(f"{d} using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.9 "
                     f"lc {gp.q(colour[name])} title {gp.q(name)}")
    s.add("set title 'the COW fault: first write after fork − rewrite of the private page' "
          "font ',12'", f"set ylabel {gp.q('ns per 4 KiB page (' + gp.LIN_NOTE + ')')}",
          "set yrange [0 : *]", "plot " + ", \\\n     ".join(plots))
    # Right: the figures the fault is taken from, colour = configuration as on the left, shape =
    # the figure; the shapes' key is drawn in black, the colours' key is the left one's.
    s.add("unset key", "set key at screen 0.75, 0.01 center bottom vertical samplen 1 "
          "font ',10'",
          "set logscale y 10", "set yrange [* : *]", "set format y '%g'",
          f"set ylabel {gp.q('ns per 4 KiB page (' + gp.LOG_NOTE + ')')}",
          "set title 'the figures it comes from (shape: figure, colour: configuration)' "
          "font ',12'")
    plots = []
    for metric, words, pt in COW_PARTS:
        plots.append(f"NaN with points pt {pt} ps 1.2 lc '#000000' title {gp.q(words)}")
        for i, name in enumerate(lines):
            pts = sorted((mib(vget(r["variant"], "size")),) + triple(r) for r in parts
                         if r["metric"] == metric and labels.series_of(r, names) == name
                         and triple(r)[0] and triple(r)[0] > 0)
            if pts:
                d = s.block(f"base{metric[:5]}{i}", pts)
                plots.append(f"{d} using 1:2:3:4 with yerrorlines lw 1 pt {pt} ps 0.9 "
                             f"lc {gp.q(colour[name])} notitle")
    s.add("set label 1 " + gp.q("bars: " + gp.ci_text(drawn) + "; " + gp.placement_note(drawn))
          + " at screen 0.5, graph -0.13 center font ',10'",
          "plot " + ", \\\n     ".join(plots), "unset multiplot")
    return s


def cow_regions(run):
    rows = run.rows("cow", ("cow_write_ns_per_page", "call_ns"))
    if all(vget(r["variant"], "region") in ("private", "") for r in rows):
        return None
    table = {}
    for r in rows:
        table.setdefault(r["config"], {})[r["metric"]] = r
    configs = sorted(table, key=lambda c: (vget(next(iter(table[c].values()))["variant"],
                                                "region"), c))

    def t(c, m, div):
        r = table[c].get(m)
        return None if r is None else triple(r, div) + (None, None)
    panels = [rowplot.Panel("first write per page after fork (COW write)", "ns per 4 KiB page",
                            [rowplot.Series("median", [t(c, "cow_write_ns_per_page", 1)
                                                       for c in configs], whiskers=False)]),
              rowplot.Panel("the creating call (call_ns)", "µs",
                            [rowplot.Series("call: median (square)",
                                            [t(c, "call_ns", 1000) for c in configs],
                                            colour=gp.PINNED, pt=5, whiskers=False)])]
    s = gp.Script("cow-regions", "Cost per region kind of the first write per page after "
                  "fork and of the creating call: what fork skips (both log scale)", run)
    rowplot.draw(s, configs, panels, gp.ci_text(rows), note=gp.placement_note(rows))
    return s


def footprint(run):
    rows = run.rows("footprint")
    if not rows:
        return None
    table = {}
    for r in rows:
        table.setdefault(r["config"], {})[r["metric"]] = r

    def total(c):
        r = table[c].get("kernel_total_bytes")
        return num(r["median"]) if r else float("inf")
    configs = sorted(table, key=total)

    def kib(c, m, interval=False):
        r = table[c].get(m)
        if r is None or num(r["median"]) is None:
            return None
        v = triple(r, 1024)
        return v + (None, None) if interval else (v[0], None, None, None, None)
    own = [("PSS", "pss_bytes", gp.PALETTE[0], 7), ("private", "private_bytes", gp.PALETTE[1], 5),
           ("page tables (VmPTE)", "pagetable_bytes", gp.PALETTE[2], 9)]
    kernel = [("kernel stack", "kernel_stack_bytes", gp.PALETTE[4], 13),
              ("kernel page tables", "kernel_pagetables_bytes", gp.PALETTE[2], 9),
              ("unreclaimable slab", "kernel_sunreclaim_bytes", gp.PALETTE[3], 2)]
    left = [rowplot.Series(n, [kib(c, m) for c in configs], colour=col, pt=pt, box=False,
                           whiskers=False) for n, m, col, pt in own]
    right = [rowplot.Series("kernel total: median", [kib(c, "kernel_total_bytes", True)
                                                     for c in configs], colour="#333333",
                            whiskers=False)]
    right += [rowplot.Series(n, [kib(c, m) for c in configs], colour=col, pt=pt, box=False,
                             whiskers=False) for n, m, col, pt in kernel]
    panels = [rowplot.Panel("the child's own memory (smaps_rollup, status)", "KiB per child",
                            left),
              rowplot.Panel("kernel memory per live child (/proc/meminfo deltas)",
                            "KiB per child", right, log=False)]
    s = gp.Script("footprint-by-method", "Memory per child: its own (left, log scale) and the "
                  "kernel's per live child (right, linear), KiB", run)
    shown = [table[c]["kernel_total_bytes"] for c in configs if "kernel_total_bytes" in table[c]]
    rowplot.draw(s, configs, panels, gp.ci_text(shown),
                 note="▽: 0, the child has no mm of its own (vfork, CLONE_VM, threads); "
                 "'not measured': a vfork-like parent cannot hold children alive. "
                 + gp.placement_note(rows), key_rows=2)
    return s
