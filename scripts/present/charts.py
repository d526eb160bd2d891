"""plot RUN_DIR: every chart of the run into RUN_DIR/plots/ (NAME.gp, NAME.png, NAME.svg). The
charts are rows of CHARTS: (name, report section, caption, function); a function returns the
chart's gp.Script, or None when the run lacks its rows. A new chart is one more row."""
import os
import shutil
import sys
import tempfile

from . import gp
from . import charts_latency as lat
from . import charts_memory as mem
from . import charts_scaling as scal
from . import charts_timeline as tl
from .files import Refused, makedirs_for_invoker, move_into
from .run import Run

CHARTS = (
    ("latency-by-method", "latency", "Latency of every configuration: median, CI of the median "
     "(its level in the legend), p5–p95; pinned rows in orange", lat.latency_by_method),
    ("latency-distribution", "latency", "Distribution of the main methods: p25–p75 box, p5–p95 "
     "whiskers, p99 and max", lat.latency_distribution),
    ("latency-placement", "latency", "CPU placement: unpinned (circle; split into the child "
     "on its parent's CPU and on another, with the cross-CPU share) vs parent and child pinned "
     "to one CPU (square)", lat.latency_placement),
    ("exec-crosscheck", "command", "Whole-program start: forkbench exec methods vs hyperfine",
     lat.exec_crosscheck),
    ("cow", "cow", "Copy-on-write per 4 KiB page against region size: the fault (left) and the "
     "figures it is taken from (right), one colour per configuration in both", mem.cow),
    ("cow-regions", "cow", "What fork skips: first write per page and the creating call for "
     "private, MADV_DONTFORK, MADV_WIPEONFORK and MAP_SHARED regions", mem.cow_regions),
    ("footprint-by-method", "footprint", "Footprint per configuration: the child's own memory "
     "(left), kernel memory per live child (right)", mem.footprint),
    ("sweep-rss", "sweep", "Latency against the parent's RSS, one panel per line, with its "
     "fitted slope (fits.csv)", scal.sweep("rss")),
    ("sweep-threads", "sweep", "Latency against the parent's threads, with the fitted slope",
     scal.sweep("threads")),
    ("sweep-fds", "sweep", "Latency against the parent's open descriptors, with the fitted slope",
     scal.sweep("fds")),
    ("sweep-vmas", "sweep", "Latency against the parent's mappings, with the fitted slope",
     scal.sweep("vmas")),
    ("throughput", "throughput", "Creations per second against concurrent creators (threads "
     "of one parent, or processes)", scal.throughput),
    ("timeline", "timeline", "Where one creation's time goes: the median of each kernel phase, "
     "stacked, and the untraced total", tl.timeline(big=False)),
    ("timeline-rss", "timeline", "The same for parents with --rss: the copy and reap phases "
     "grow with the parent's memory", tl.timeline(big=True)),
    ("timeline-phases", "timeline", "Each phase's distribution per configuration: p25–p75 "
     "box, median, p5–p95 whiskers", tl.timeline_phases),
)


def scripts(run):
    """(name, gp.Script) of every chart the run has rows for, in CHARTS' order."""
    out = []
    for name, _section, _caption, fn in CHARTS:
        s = fn(run)
        if s is not None:
            s.name = name
            out.append((name, s))
    return out


def main(argv):
    if len(argv) != 1:
        raise Refused("usage: plot.sh RUN_DIR")
    if shutil.which("gnuplot") is None:
        raise Refused("gnuplot: not installed (Debian: apt-get install gnuplot-nox; or make deps)")
    run = Run(argv[0])
    plots = os.path.join(run.path, "plots")
    # Drawn side by side in a scratch directory of the run and moved in at the end: a failure
    # leaves the previous charts, not half of a new set.
    work = tempfile.mkdtemp(prefix=".plots.", dir=run.path)
    try:
        drawn = []
        for name, s in scripts(run):
            try:
                for w in gp.render(s, work):
                    print(f"plot.sh: {name}: gnuplot warning: {w}", file=sys.stderr)
            except RuntimeError as e:
                raise Refused(f"{e} (a bug: report it with the run's summary.csv)")
            drawn += [f"{name}.{ext}" for ext in ("gp", "png", "svg")]
        makedirs_for_invoker(plots)
        for f in drawn:
            print(f"plot.sh: wrote {move_into(os.path.join(work, f), plots)}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0
