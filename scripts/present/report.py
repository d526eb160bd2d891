"""report RUN_DIR: RUN_DIR/report.md from the run's files (DESIGN §7, §8): the machine, one section
per bench the run has (report_sections.SECTIONS) with its tables and the charts plot drew
(charts.CHARTS' captions), then warnings (what did not converge, said from summary.csv; what the
machine's settings imply, from meta.json), the workers' notes and the command that reproduces
the run. It formats what the files say; the write is atomic, and bad input leaves no report."""
import json
import os
import re
import sys

from .charts import CHARTS
from .files import Refused, atomic_write
from .report_fmt import Figures, is_time, levels_sentence, md
from .report_sections import CHARTS as CHART_MARK, SECTIONS, has_rows
from .run import Run, num

LIST_MAX = 40  # non-converged configurations listed by name; the rest are counted


def text(v):
    """A meta.json value as the report prints it: JSON's own spelling for true/false/numbers."""
    return v if isinstance(v, str) else "" if v is None else json.dumps(v)


def charts_of(run, section):
    out = []
    for name, sect, caption, _fn in CHARTS:
        png = os.path.join(run.path, "plots", name + ".png")
        if sect != section or not os.path.isfile(png):
            continue
        img = f"![{caption}](plots/{name}.png)"
        if os.path.isfile(os.path.join(run.path, "plots", name + ".svg")):
            img = f"[{img}](plots/{name}.svg)"
        out += [f"**{caption}**", "", img, ""]
    return out


def machine(run):
    mit = run.m("mitigations", {})
    mit = mit if isinstance(mit, dict) else {}
    vuln = [k for k, v in mit.items() if str(v).startswith("Vulnerable")]
    nmit = sum(str(v).startswith("Mitigation") for v in mit.values())
    nna = len(mit) - len(vuln) - nmit
    virt = run.virtualization()
    s = (f"**{text(run.m('hostname'))}**: {text(run.m('cpu.model'))}, "
         f"{text(run.m('cpu.online_cpus'))} CPUs online ({text(run.m('cpu.physical_cores'))} "
         f"physical cores, SMT {text(run.m('cpu.smt_control'))}), "
         f"{(num(text(run.m('memory_total_bytes'))) or 0) / 1073741824:.1f} GiB of memory; "
         f"Linux {text(run.m('kernel.release'))} ({text(run.m('kernel.machine'))}), glibc "
         f"{text(run.m('glibc'))}, built with {text(run.m('compiler'))}. Virtualization: "
         f"{'none (bare metal)' if virt == 'none' else virt}. Transparent huge pages: "
         f"enabled={run.thp_enabled()}, defrag={text(run.m('thp.defrag'))}. cpufreq governor: "
         f"{text(run.m('cpufreq_governor'))}; clocksource: {text(run.m('clocksource'))}; clock "
         f"read overhead {text(run.m('timer_overhead_ns'))} ns. CPU vulnerabilities: {nmit} "
         f"mitigated, {nna} not affected, {len(vuln)} vulnerable"
         f"{' (' + ', '.join(vuln) + ')' if vuln else ''}. ")
    reason = text(run.m("counters.mode_reason"))
    s += f"Perf counters: {text(run.m('counters.mode'))}{f' ({reason})' if reason else ''}"
    if run.m("counters.fallback"):
        s += f", page faults from {text(run.m('counters.fallback'))}"
    missing = unavailable(run)
    s += f"; {'not available: ' + missing if missing else 'every requested event opened'}. "
    s += (f"perf_event_paranoid {text(run.m('perf_event_paranoid'))}, "
          f"{'run as root' if run.m('root') is True else 'run unprivileged'}.")
    return ["## Machine", "", s, ""]


def unavailable(run):
    events = run.m("counters.events", [])
    return "; ".join(f"{e.get('name', '')} ({text(e.get('reason', ''))})"
                     for e in (events if isinstance(events, list) else [])
                     if isinstance(e, dict) and e.get("opened") is False)


def convergence(run, fig):
    """Lines on what did not converge: configurations with a time figure that did not (named,
    with those figures), and those that converged on time but not on another watched figure."""
    time_nc, other_nc = [], []
    for k, metrics in fig.by.items():
        bad = [m for m, r in metrics.items() if r["converged"] == "false" and is_time(r)]
        watched = [m for m, r in metrics.items() if r["converged"] != "" and is_time(r)]
        if bad:
            all_ = len(bad) == len(watched) and len(watched) > 3
            time_nc.append(f"  - `{k[0]} {k[1]}`: "
                           f"{f'all {len(watched)} time figures' if all_ else ', '.join(bad)}")
        else:
            other = sum(r["converged"] == "false" for r in metrics.values())
            if other:
                other_nc.append(other)
    out = []
    n = len(time_nc)
    if n:
        out.append(f"- {n} configuration{'s' if n > 1 else ''} did not reach the requested "
                   f"precision on {'their' if n > 1 else 'its'} time figures (the medians "
                   "stand; their CIs are wider; ⚠ in the tables):")
        out += time_nc[:LIST_MAX]
        if n > LIST_MAX:
            out.append(f"  - … and {n - LIST_MAX} more (the `converged` column of `summary.csv`)")
    if other_nc:
        c, rows = len(other_nc), sum(other_nc)
        out.append(f"- {c} more configuration{'s' if c > 1 else ''} converged on "
                   f"{'their' if c > 1 else 'its'} time figures but not on {rows} other watched "
                   f"figure{'s' if rows > 1 else ''}.")
    return out


def warnings(run, fig, quick):
    out = ["## Warnings", ""]
    if quick:
        out.append("- Quick run: the intervals are wide; rerun without `--quick` before drawing "
                   "conclusions.")
    out += convergence(run, fig)
    virt, missing = run.virtualization(), unavailable(run)
    if virt not in ("none", ""):
        s = (f"- Virtual machine ({virt}): these are the guest's figures, not bare metal's; "
             "compare them with runs on the same kind of machine.")
        if re.search("cycles|instructions", missing):
            s += " The guest has no hardware PMU for this run: cycles and instructions were not counted."
        out.append(s)
    elif missing:
        out.append(f"- Some counters are unavailable: {missing}.")
    if run.m("counters.mode") == "user-only":
        out.append("- Counters count user mode only: fork and COW work happens in the kernel "
                   "and is not counted (run as root or lower perf_event_paranoid to 1).")
    gov = text(run.m("cpufreq_governor"))
    if gov not in ("performance", "none", "unknown", ""):
        out.append(f"- cpufreq governor is `{gov}`, not `performance`: frequency changes add "
                   "noise.")
    thp = run.thp_enabled()
    out.append({"always": "- THP is `enabled=always`: large anonymous regions get 2 MiB pages, "
                "which changes fork and COW costs with the parent's size.",
                "never": "- THP is `enabled=never`: the huge-page COW figures cannot be measured.",
                "": None}.get(thp, f"- THP is `enabled={thp}`: only regions that ask for it "
                              "(MADV_HUGEPAGE) get 2 MiB pages."))
    out = [x for x in out if x is not None]
    sk = [r for r in run.skipped if r.get("bench")]
    if sk:
        out.append(f"- {len(sk)} configuration{'s were' if len(sk) > 1 else ' was'} skipped:")
        out += [f"  - `{r['bench']} {r['config']}`: {r['reason']}" for r in sk]
    return out + [""]


def notes(run):
    """The workers' notes; a part ("a; b") many configurations share is said once, with counts."""
    rows = [r for r in run.notes if r.get("note")]
    if not rows:
        return []
    count, benches = {}, {}
    for r in rows:
        for p in r["note"].split("; "):
            count[p] = count.get(p, 0) + 1
            b = benches.setdefault(p, {})
            b[r["bench"]] = b.get(r["bench"], 0) + 1
    out = ["## Notes", "", "What the workers said about their configurations (`notes.csv`); a "
           "note many configurations share is given once.", ""]
    for p, n in count.items():
        if n > 1:
            by = ", ".join(f"{b} {c}" for b, c in benches[p].items())
            out.append(f"- {p} — {n} configurations ({by})")
    for r in rows:
        own = [p for p in r["note"].split("; ") if count[p] < 2]
        if own:
            out.append(f"- `{r['bench']} {r['config']}`: {'; '.join(own)}")
    return out + [""]


def report(run):
    fig = Figures(run.summary)
    quick = re.search(r"(^| )--quick( |$)", text(run.m("command_line"))) is not None
    finished = text(run.m("finished_utc")) or "(unfinished)"
    out = [f"# forkbench: {text(run.m('hostname'))}, Linux {text(run.m('kernel.release'))}", "",
           f"Run `{run.run_id}`, {text(run.m('started_utc'))} to {finished} (UTC), forkbench "
           f"{text(run.m('forkbench_version'))}.", ""]
    if quick:
        out += ["> **Quick run** (`--quick`): fewer methods and points, wider confidence "
                "intervals. Use it to check the set-up, not to compare kernels.", ""]
    out += ["Figures are medians with the confidence interval of the median in brackets, at the "
            "level in the row's `ci_level` in summary.csv" + levels_sentence(
                run.summary + run.hyperfine) + ": over the samples for one repetition; with "
            "repetitions, the median of the repetition medians and the interval over them "
            "(their range up to 5 repetitions: 93.75% for 5, 75% for 3); a single value has "
            "none. ⚠ marks a figure (a median alone included) that did not reach the requested "
            "precision where its adaptive stop watched it (see Warnings). Charts link to their "
            "SVG.", ""]
    out += machine(run)
    for bench, heading, fn in SECTIONS:
        charts = charts_of(run, bench)
        if not charts and not has_rows(run, fig, bench):
            continue
        body = fn(run, fig)
        if CHART_MARK in body:
            i = body.index(CHART_MARK)
            body = body[:i] + charts + body[i + 1:]
        else:
            body += charts
        out += [f"## {heading}", ""] + body
    out += warnings(run, fig, quick) + notes(run)
    samples = text(run.m("files.samples")) or (
        "samples.csv.gz" if os.path.isfile(os.path.join(run.path, "samples.csv.gz"))
        else "samples.csv")
    extra = (", `hyperfine.csv`" if run.hyperfine else "") + \
        (", `fits.csv`" if any(f["metric"] == "total_ns" for f in run.fits) else "")
    out += ["## Reproduce", "", "```sh", text(run.m("command_line")), "```", "",
            f"The numbers above are the `median`, `ci95_low` and `ci95_high` columns of "
            f"`summary.csv`{extra}; every sample is in `{md(samples)}` and the machine in "
            "`meta.json`."]
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 1:
        raise Refused("usage: report.sh RUN_DIR")
    run = Run(argv[0])
    path = os.path.join(run.path, "report.md")
    atomic_write(path, report(run))
    print(f"report.sh: wrote {path}", file=sys.stderr)
    return 0

