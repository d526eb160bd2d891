"""compare [-o DIR] [--alpha P] [--threshold PCT] [--ci bootstrap|hl] [--seed N] [--ignore KEYS]
RUN_A RUN_B [RUN_C...]: `forkbench compare` of the runs written as a directory (default
results/compare-<run-id A>-vs-<run-id B>/): compare.csv (forkbench compare --csv as it is),
compare.md (who, the --markdown table, the charts) and, as NAME.gp, PNG and SVG, a forest plot
per bench and metric plus the latency-vs-RSS curves when the runs hold rss sweeps. The statistics
are forkbench's; this selects and lays out. Everything lands at once, replacing only what an
earlier comparison wrote there."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

from . import compare_forest, gp, labels
from .files import Refused, makedirs_for_invoker, move_into
from .labels import KEY
from .run import num, read_csv

# option: takes a value (all do); -o is ours, the rest go to forkbench compare.
OPTIONS = ("-o", "--alpha", "--threshold", "--ci", "--seed", "--ignore")
USAGE = ("usage: compare.sh [-o DIR] [--alpha P] [--threshold PCT] [--ci bootstrap|hl] "
         "[--seed N] [--ignore KEY,...] RUN_A RUN_B [RUN_C...]")
OURS = ("compare.csv", "compare.md")  # with forest-*.{gp,png,svg}, rss-latency.*
META_NOTE = "forkbench compare: meta "
WARNING = "forkbench compare: warning: "


class Side:
    """One compared run as the charts need it: meta.json and the summary's rows. forkbench
    compare has validated both; its reader asks for fewer columns than the full Run does."""

    def __init__(self, path):
        with open(os.path.join(path, "meta.json"), encoding="utf-8") as f:
            self.meta = json.load(f)
        self.run_id = self.meta.get("run_id") or os.path.basename(os.path.normpath(path))
        self.summary = read_csv(os.path.join(path, "summary.csv"),
                                KEY + ("metric", "median", "ci95_low", "ci95_high"))[1]

    def m(self, key):
        v = self.meta
        for part in key.split("."):
            v = v.get(part, "") if isinstance(v, dict) else ""
        return v

    def rows(self, bench):
        return [r for r in self.summary if r["bench"] == bench]


class Failed(Exception):
    """forkbench compare refused: its own lines are what the user sees."""


def parse(argv):
    """(out_dir or None, forkbench options, runs); options may come before or after the runs."""
    out, opts, runs = None, [], []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("-h", "--help"):
            print(USAGE)
            raise SystemExit(0)
        if a in OPTIONS:
            if not args:
                raise Refused(f"{a}: expects a value")
            v = args.pop(0)
            if a == "-o":
                out = v
            else:
                opts += [a, v]
        elif a.startswith("-"):
            raise Refused(f"unknown option '{a}' (accepted: {', '.join(OPTIONS)})")
        else:
            runs.append(a)
    if len(runs) < 2:
        raise Refused(USAGE)
    return out, opts, runs


def forkbench_compare(fb, runs, opts, mode):
    done = subprocess.run([fb, "compare", *runs, *opts, mode], capture_output=True, text=True)
    if done.returncode != 0:
        err = done.stderr.splitlines()
        raise Failed("\n".join([x for x in err if not x.startswith(META_NOTE)] or err))
    return done.stdout, done.stderr


def rows_of(text):
    """compare.csv's rows as dicts by header name: columns are only ever added (DESIGN §8)."""
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    need = ("kind", "run", "bench", "metric", "config", "change_pct", "change_ci95_low_pct",
            "change_ci95_high_pct", "significant")
    if rows and any(c not in rows[0] for c in need):
        missing = next(c for c in need if c not in rows[0])
        raise Refused(f"forkbench compare --csv has no {missing} column (rebuild: make)")
    return rows


def markdown(title, names, table, charts, unestimated):
    out = [f"# {title}", ""] + [f"- {n}" for n in names] + [""]
    out += ["Made by `scripts/compare.sh`; every figure comes from `forkbench compare` "
            "([compare.csv](compare.csv)). `~`: not significant (Mann-Whitney U at alpha, or "
            "under the noise threshold). The test's unit is the repetition median where both "
            "runs have 3 or more repetitions and enough for the test to reach alpha (3 vs 3 "
            "cannot go below p = 0.100); a p-value marked *within-run only* comes from the "
            "samples of one process per run and is blind to run-to-run variance. Each change "
            "is the estimate its interval is built around (compare.csv's `change_estimator` "
            "and `change_ci_method`), its interval at the level in `change_ci_level`. Check "
            "the metadata differences before reading a change as a regression.", ""]
    out += [("## Table: " + x[3:]) if x.startswith("## ") else x
            for x in table.rstrip("\n").split("\n")]
    if charts:
        out += ["", "## Charts", "", "Forest plots: each row is the change of a configuration "
                "against run A with its interval, labelled at its level; filled and highlighted "
                "rows are significant, the diamond is the geometric mean of the ratios with its "
                "bootstrap over the configurations. Click a chart for the SVG."]
        for name, caption in charts:
            out += ["", f"### {caption}", "", f"[![{caption}]({name}.png)]({name}.svg)"]
    if unestimated:
        out += ["", "No chart where compare.csv has no change at all (`change_pct` empty on "
                "every row): " + ", ".join(unestimated) + "."]
    return "\n".join(out) + "\n"


def build(work, fb, runs_dirs, opts):
    """Writes everything into WORK; returns the number of charts."""
    text, err = forkbench_compare(fb, runs_dirs, opts, "--csv")
    for line in err.splitlines():
        if line.startswith(WARNING):
            print(line, file=sys.stderr)
    table, _err = forkbench_compare(fb, runs_dirs, opts, "--markdown")
    runs = [Side(d) for d in runs_dirs]
    ids = [r.run_id for r in runs]
    names = [f"{compare_forest.letter(i)}: {r.m('hostname')} {r.m('kernel.release')}"
             for i, r in enumerate(runs)]
    scripts, charts = [], []
    unestimated = []
    for (bench, metric), rows in compare_forest.groups(rows_of(text)).items():
        if all(num(r["change_pct"]) is None for r in rows):
            unestimated.append(f"{bench} {metric}")
            continue
        s = compare_forest.forest(bench, metric, rows, ids, names)
        s.name = "forest-" + compare_forest.safe(f"{bench}-{metric}")
        if s.name in [x.name for x in scripts]:
            s.name += f"-{len(scripts) + 1}"
        scripts.append(s)
        level = compare_forest.level_words([r for r in rows if r["kind"] == "pair"])
        charts.append((s.name, f"{bench} {metric}: change against A ({level})"))
    rss = compare_forest.rss_latency(runs, names)
    if rss is not None:
        scripts.append(rss)
        charts.append(("rss-latency", "latency against the parent's RSS, per line, runs side "
                       "by side"))
    for s in scripts:
        for w in gp.render(s, work):
            print(f"compare.sh: {s.name}: gnuplot warning: {w}", file=sys.stderr)
    title = "forkbench compare — " + " vs ".join(
        f"{r.m('hostname')} Linux {r.m('kernel.release')}" for r in runs)
    with open(os.path.join(work, "compare.csv"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(work, "compare.md"), "w", encoding="utf-8") as f:
        f.write(markdown(title, names, table, charts, unestimated))
    return len(scripts), ids


def main(argv):
    out, opts, runs = parse(argv)
    fb = labels.forkbench()
    if not os.access(fb, os.X_OK):
        raise Refused(f"{os.path.normpath(fb)}: not built (run make)")
    if shutil.which("gnuplot") is None:
        raise Refused("gnuplot: not installed (Debian: apt-get install gnuplot-nox; or make deps)")
    work, stage = tempfile.mkdtemp(prefix="compare."), None
    try:
        try:
            n, ids = build(work, fb, runs, opts)
        except Failed as e:
            print(e, file=sys.stderr)
            return 2
        except RuntimeError as e:
            raise Refused(f"{e} (a bug: report it with the runs' summary.csv)")
        out = (out or os.path.join("results", "compare-" + "-vs-".join(ids))).rstrip("/")
        makedirs_for_invoker(out)
        for f in os.listdir(out):
            if f in OURS or (f.startswith(("forest-", "rss-latency."))
                             and f.endswith((".gp", ".png", ".svg"))):
                os.unlink(os.path.join(out, f))
        # Staged beside the outputs (work may be on another file system), then renamed in.
        stage = tempfile.mkdtemp(prefix=".compare.", dir=out)
        work_files = sorted(os.listdir(work))
        for f in work_files:
            shutil.copyfile(os.path.join(work, f), os.path.join(stage, f))
        for f in work_files:
            move_into(os.path.join(stage, f), out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if stage:
            shutil.rmtree(stage, ignore_errors=True)
    print(f"compare.sh: wrote {out}/compare.md, compare.csv and {n} charts", file=sys.stderr)
    return 0
