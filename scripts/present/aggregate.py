"""aggregate [-o OUT.csv] RUN_DIR...: every summary row of every run (summary.csv, and
hyperfine.csv where the run has one) as one long CSV, led by the run's meta keys people filter
on: run_id,host,kernel,cpu_model,virtualization,thp_enabled (the key column thp is the parent's
own setting, so the host-wide one has another name). It validates and reshapes, computes nothing.
Broken input: one line naming the file, exit 2, no output at all."""
import csv
import io
import sys

from .files import Refused, atomic_write
from .run import Run, SUMMARY

LEAD = ("run_id", "host", "kernel", "cpu_model", "virtualization", "thp_enabled")
USAGE = "usage: aggregate.sh [-o OUT.csv] RUN_DIR..."


def lead(run):
    return (run.run_id, run.m("hostname"), run.m("kernel.release"), run.m("cpu.model"),
            run.virtualization(), run.thp_enabled())


def rows(runs):
    """The aggregated rows, header first, as lists of cells."""
    yield list(LEAD + SUMMARY)
    for run in runs:
        first = lead(run)
        for r in run.summary + run.hyperfine:
            yield list(first) + [r.get(c, "") for c in SUMMARY]


def to_csv(table):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue()


def main(argv):
    out = None
    args = list(argv)
    while args and args[0].startswith("-"):
        a = args.pop(0)
        if a == "-o" and args:
            out = args.pop(0)
        elif a in ("-h", "--help"):
            print(USAGE)
            return 0
        elif a == "--":
            break
        else:
            raise Refused(f"unknown option '{a}' ({USAGE})")
    if not args:
        raise Refused(USAGE)
    text = to_csv(rows([Run(d) for d in args]))
    if out:
        atomic_write(out, text)
    else:
        sys.stdout.write(text)
    return 0
