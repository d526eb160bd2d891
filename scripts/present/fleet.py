"""make fleet's report (DESIGN §11): from a fleet directory (fleet.json, HOST/status.json, HOST/
<run-id>/), fleet.csv (aggregate.py's format: every delivered host's summary rows, run id, host,
kernel, CPU, virtualization and THP leading), each host against the baseline through
scripts/compare.sh (FLEET/compare/HOST/: compare.csv with significance, compare.md, forest
plots), the latency chart with one series per host, and fleet.md. It reads files and picks
cells; every statistic is forkbench's (summary.csv, fits.csv, compare.csv).

Left out until its issue lands: the cross-CPU share of unpinned samples (issue 18, placement
split). The headline's slope is fits.csv's line, shown with its CI and the range of sizes it was
fitted over, then the marginal slopes of its first and last segment with their ranges (issue
19)."""
import csv
import io
import json
import os
import subprocess

from . import aggregate, fleet_charts, gp
from .files import Refused, atomic_write, makedirs_for_invoker
from .report_fmt import marginal_headline
from .run import Run, num

HERE = os.path.dirname(os.path.abspath(__file__))
FORKBENCH = os.path.normpath(os.path.join(HERE, "..", "..", "build", "forkbench"))

# The headline cells: (label, bench, key cells that pick the row, metric, unit). A row matches
# when every named key cell equals the given text; unnamed cells may be anything.
LAT = {"rss_bytes": "0", "threads": "0", "fds": "0", "vmas": "0", "thp": "", "variant": ""}
HEADLINE = (
    ("fork total_ns, unpinned", "latency", dict(LAT, method="fork", exec="", cpu=""),
     "total_ns", "us"),
    ("fork total_ns, pinned (cpu=0)", "latency", dict(LAT, method="fork", exec="", cpu="0"),
     "total_ns", "us"),
    ("vfork total_ns, unpinned", "latency", dict(LAT, method="vfork", exec="", cpu=""),
     "total_ns", "us"),
    ("vfork total_ns, pinned (cpu=0)", "latency", dict(LAT, method="vfork", exec="", cpu="0"),
     "total_ns", "us"),
    ("posix_spawn (static target) total_ns, unpinned", "latency",
     dict(LAT, method="posix_spawn", exec="static", cpu=""), "total_ns", "us"),
    ("posix_spawn (static target) total_ns, pinned (cpu=0)", "latency",
     dict(LAT, method="posix_spawn", exec="static", cpu="0"), "total_ns", "us"),
    ("pthread total_ns, unpinned", "latency", dict(LAT, method="pthread", exec="", cpu=""),
     "total_ns", "us"),
    ("pthread total_ns, pinned (cpu=0)", "latency", dict(LAT, method="pthread", exec="", cpu="0"),
     "total_ns", "us"),
    ("COW fault per page (child writer, 4 MiB, 4 KiB pages)", "cow",
     {"method": "fork", "thp": "", "cpu": "", "variant": "writer=child;size=4M;region=private"},
     "cow_fault_ns_per_page", "ns"),
    ("kernel memory per live fork child", "footprint",
     {"method": "fork", "exec": "", "rss_bytes": "0", "cpu": "", "thp": ""},
     "kernel_total_bytes", "KiB"),
)
# fork's RSS slope: fits.csv's line of total_ns against the parent's touched RSS, unpinned.
SLOPE = {"bench": "sweep", "method": "fork", "exec": "", "touch": "yes", "rss_kind": "anon",
         "thp": "", "cpu": "",
         "threads": "0", "fds": "0", "vmas": "0", "param": "rss", "metric": "total_ns"}
# Cells of the sweep's points that must agree with the line's for a point to be on it.
SLOPE_GROUP = ("bench", "method", "flags", "exec", "touch", "rss_kind", "threads", "fds", "vmas",
               "thp", "cpu", "variant")
SCALE = {"us": (1e-3, "µs"), "ns": (1.0, "ns"), "KiB": (1 / 1024, "KiB")}
# meta.json keys that differ between any two runs and say nothing about the machine.
META_SKIP = ("run_id", "started_utc", "finished_utc", "command_line", "hostname",
             "memory_available_bytes", "timer_overhead_ns", "files.", "counters.events",
             "rlimit_nproc.", "max_user_namespaces", "threads_max")


def fmt(v, unit):
    if v is None:
        return "–"
    scale, _name = SCALE[unit]
    x = v * scale
    return f"{x:.3g}" if abs(x) < 100 else f"{x:,.0f}".replace(",", " ")


def match(row, keys):
    return all(row.get(k, "") == v for k, v in keys.items())


def headline_cell(run, bench, keys, metric, unit):
    rows = [r for r in run.rows(bench, (metric,)) if match(r, keys)]
    if not rows:
        return "not measured"
    r = rows[0]
    med, lo, hi = num(r["median"]), num(r["ci95_low"]), num(r["ci95_high"])
    text = f"{fmt(med, unit)} {SCALE[unit][1]}"
    if lo is not None and hi is not None:
        text += f" [{fmt(lo, unit)}–{fmt(hi, unit)}]"
        level = num(r.get("ci_level"))
        if level is not None and level < 0.95:
            text += f" ({gp.pct(level)} CI)"
    if r.get("converged") == "false":
        text += " ⚠"
    return text


def mib(nbytes):
    v = nbytes / 1048576
    return f"{v:g} MiB" if v < 1024 else f"{v / 1024:g} GiB"


def slope_cell(run):
    """fork's RSS slope with its CI and the range of parent sizes it was fitted over, or why not:
    never a bare number."""
    fits = [f for f in run.fits if match(f, SLOPE)]
    if not fits:
        return "not measured"
    f = fits[0]
    slope, lo, hi = num(f["slope"]), num(f.get("ci95_low")), num(f.get("ci95_high"))
    sizes = sorted({int(r["rss_bytes"]) for r in run.rows("sweep", ("total_ns",))
                    if all(r.get(k, "") == f.get(k, "") for k in SLOPE_GROUP)
                    and r["rss_bytes"].isdigit()})
    if slope is None or len(sizes) < 2:
        return "fitted, but its range of sizes is not in the run: not shown"
    text = f"{slope / 1000:.3g} µs/MiB"
    if lo is not None and hi is not None:
        text += f" [{lo / 1000:.3g}–{hi / 1000:.3g}] (95% CI)"
    text += f", least squares from {mib(sizes[0])} to {mib(sizes[-1])} ({len(sizes)} sizes)"
    # The marginal slopes of its first and last segment (fits.csv, issue 19), where the run
    # has them: what one more MiB costs at each end.
    segs = [g for g in run.segments if all(g.get(c, "") == f.get(c, "") for c in SLOPE_GROUP)
            and g["metric"] == f["metric"]]
    if segs:
        text += "; marginal " + marginal_headline(segs, "rss")
    return text


def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, prefix + k + "."))
        else:
            out[prefix + k] = v if isinstance(v, str) else json.dumps(v)
    return out


def meta_diff(named_runs):
    """[(key, [value per host])] of the meta.json keys whose values differ between hosts."""
    metas = [flat(run.meta) for _h, run in named_runs]
    keys = []
    for m in metas:
        keys += [k for k in m if k not in keys]
    out = []
    for k in keys:
        if any(k == s or (s.endswith(".") and k.startswith(s)) for s in META_SKIP):
            continue
        values = [m.get(k, "–") for m in metas]
        if len(set(values)) > 1:
            out.append((k, values))
    return out


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def read_status(fleet, host):
    try:
        with open(os.path.join(fleet, host, "status.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"status": "failed", "reason": "never run (no status.json)"}


def compare_host(fleet, base_run, host, run):
    """`forkbench compare BASE HOST --csv` into FLEET/compare/HOST.csv; its rows, or None and
    the one line saying why. (scripts/compare.sh would draw a forest plot per bench and metric,
    counters included: about 15 s a host here, hours for a thousand hosts.)"""
    out = os.path.join(fleet, "compare")
    makedirs_for_invoker(out)
    p = subprocess.run([FORKBENCH, "compare", base_run.path, run.path, "--csv"],
                       capture_output=True, text=True, check=False)
    if p.returncode:
        why = (p.stderr.strip().splitlines() or ["no message"])[-1]
        return None, f"forkbench compare failed (exit {p.returncode}): {why}"
    atomic_write(os.path.join(out, host + ".csv"), p.stdout)
    return list(csv.DictReader(io.StringIO(p.stdout))), ""


def p_text(text):
    v = num(text)
    return "–" if v is None else f"{v:.2g}"


def is_time(metric):
    return metric.endswith("_ns") or metric.endswith("_ns_per_page")


def pct_text(v):
    return "–" if v is None else f"{v:+.1f}%"


def compare_section(host, rows, base_host):
    """Markdown for HOST against the baseline from compare.csv: the geometric mean per bench and
    time metric with its CI and the significant changes each way, then the largest five."""
    pairs = [r for r in rows if r["kind"] == "pair" and is_time(r["metric"])]
    geo = [r for r in rows if r["kind"] == "geomean" and is_time(r["metric"])]
    units = sorted({r["test_unit"] for r in pairs if r["test_unit"]})
    out = [f"### {host} against {base_host}\n",
           f"Every row: [compare/{host}.csv](compare/{host}.csv) (`forkbench compare --csv`); "
           "every chart: `make compare A=BASELINE_RUN B=HOST_RUN`. "
           f"p-values from: {', '.join(units) or '–'}"
           + (" (`samples`: within-run only, one process a side; repetition medians need "
              "4 or more repetitions a side)" if "samples" in units else "") + ".\n"]
    body = []
    for g in geo:
        mine = [p for p in pairs if p["bench"] == g["bench"] and p["metric"] == g["metric"]]
        sig = [p for p in mine if p["significant"] == "true"]
        up = sum(1 for p in sig if (num(p["change_pct"]) or 0) > 0)
        lo, hi = num(g["change_ci95_low_pct"]), num(g["change_ci95_high_pct"])
        ci = f"[{pct_text(lo)}, {pct_text(hi)}]" if lo is not None and hi is not None else "–"
        body.append([g["bench"], g["metric"], len(mine), pct_text(num(g["change_pct"])), ci,
                     up, len(sig) - up])
    out.append(table(["bench", "metric", "configurations", "geometric mean change",
                      "its 95% CI (bootstrap over configurations)", "significantly slower",
                      "significantly faster"], body))
    sig = sorted((p for p in pairs if p["significant"] == "true"),
                 key=lambda p: -abs(num(p["change_pct"]) or 0))[:5]
    if sig:
        out.append("\nLargest significant changes:\n")
        out.append(table(["bench", "configuration", "metric", "change", "CI", "p"], [
            [p["bench"], p["config"], p["metric"], pct_text(num(p["change_pct"])),
             f"[{pct_text(num(p['change_ci95_low_pct']))}, "
             f"{pct_text(num(p['change_ci95_high_pct']))}]", p_text(p["p_value"])]
            for p in sig]))
    return "\n".join(out)


def draw(chart, directory, prefix):
    """Renders CHART into DIRECTORY: the markdown that shows it, or says why it could not."""
    try:
        gp.render(chart, directory)
        return f"\n![{chart.name}]({prefix}{chart.name}.png)\n"
    except (RuntimeError, OSError) as e:
        return f"\nThe chart {chart.name} could not be drawn: {e}\n"


def write(fleet):
    """fleet.csv, compare/, fleet-latency.{gp,png,svg} and fleet.md of the fleet directory."""
    with open(os.path.join(fleet, "fleet.json"), encoding="utf-8") as f:
        record = json.load(f)
    hosts = record["hosts"]
    status = {h: read_status(fleet, h) for h in hosts}
    delivered = [h for h in hosts if status[h].get("status") == "ok"]
    named_runs = []
    for h in delivered:
        try:
            named_runs.append((h, Run(os.path.join(fleet, h, status[h]["run_id"]))))
        except Refused as e:
            status[h] = dict(status[h], status="failed", reason=f"its run does not read: {e}")
    delivered = [h for h, _r in named_runs]
    runs = dict(named_runs)
    base = record.get("baseline") or (delivered[0] if delivered else "")
    base_note = ""
    if base not in runs and delivered:
        base_note = (f"The baseline {base} delivered nothing: the hosts are compared against "
                     f"the first host that did, {delivered[0]}.\n")
        base = delivered[0]
    if named_runs:
        atomic_write(os.path.join(fleet, "fleet.csv"),
                     aggregate.to_csv(aggregate.rows([r for _h, r in named_runs])))
    elif os.path.exists(os.path.join(fleet, "fleet.csv")):
        os.unlink(os.path.join(fleet, "fleet.csv"))

    last = record["runs"][-1] if record.get("runs") else {}
    md = ["# forkbench fleet\n",
          f"{len(hosts)} hosts, {len(delivered)} delivered, {len(hosts) - len(delivered)} "
          f"failed. Suite: `{last.get('suite', '?')}`. Source: `{last.get('version', '?')}`.\n"]
    dirty = [r for r in record.get("runs", []) if r.get("dirty")]
    if dirty:
        md.append(f"> **Dirty tree.** The controller's checkout had uncommitted changes "
                  f"(`{dirty[-1]['version']}`): the hosts ran its last commit, "
                  f"`{dirty[-1]['head'][:12]}`, without them; each host's meta.json says "
                  "`-dirty` too.\n")
    versions = sorted({r.get("version", "") for r in record.get("runs", [])})
    if len(versions) > 1:
        md.append(f"> **Several sources.** This fleet directory was filled by runs of "
                  f"{', '.join(f'`{v}`' for v in versions)} (fleet.json lists which hosts "
                  "each ran); compare hosts of one source.\n")
    if last.get("suite") == "smoke":
        md.append("> **Smoke suite**: a set-up check, seconds per host; its figures are too "
                  "short to compare machines by.\n")

    md.append("## Hosts\n")
    host_rows = []
    for h in hosts:
        st = status[h]
        if h in runs:
            r = runs[h]
            machine = (f"{r.m('hostname')}: {r.m('cpu.model')}, {r.m('cpu.online_cpus')} CPUs, "
                       f"{(num(r.m('memory_total_bytes')) or 0) / 2**30:.1f} GiB, "
                       f"{r.virtualization() or 'bare metal'}")
            host_rows.append([h, "ok", machine, r.m("kernel.release"),
                              f"[{st['run_id']}]({h}/{st['run_id']}/report.md), "
                              f"{st.get('bytes_sent_back', 0)} bytes sent back"])
        else:
            host_rows.append([h, "**failed**", "–", "–", st.get("reason", "")])
    md.append(table(["host", "status", "machine", "kernel", "run, or why it failed"], host_rows))

    if named_runs:
        md.append("\n## Headline\n")
        md.append("Median [CI of the median] of each host's run (summary.csv), ⚠ where the "
                  "adaptive stop did not converge, the CI's level where it is below 95%. "
                  "fork's RSS slope is fits.csv's least-squares line of total_ns against the "
                  "parent's touched RSS, with the range it was fitted over: one slope does not "
                  "describe sizes outside it. The cross-CPU share of unpinned samples is not "
                  "shown: it appears once unpinned samples are split by placement (issue 18).\n")
        rows = [[label] + [headline_cell(runs[h], bench, keys, metric, unit) for h in delivered]
                for label, bench, keys, metric, unit in HEADLINE]
        rows.append(["fork RSS slope (total_ns, touched, unpinned)"] +
                     [slope_cell(runs[h]) for h in delivered])
        md.append(table(["figure"] + delivered, rows))

        chart = fleet_charts.latency_by_host(named_runs, base)
        if chart:
            md.append(draw(chart, fleet, ""))

        diff = meta_diff(named_runs)
        md.append("\n## What differs between the hosts (meta.json)\n")
        md.append(table(["key"] + delivered, [[k] + v for k, v in diff]) if diff else
                  "Nothing but the host names, run ids and times.\n")

        md.append(f"\n## Each host against the baseline, {base}\n")
        if base_note:
            md.append(base_note)
        md.append("`forkbench compare --csv`: the change of each "
                  "configuration's median with its CI and a Mann–Whitney p-value "
                  "(significance at alpha 0.05).\n")
        for h in delivered:
            if h == base:
                continue
            rows, why = compare_host(fleet, runs[base], h, runs[h])
            md.append(compare_section(h, rows, base) if rows is not None else
                      f"### {h} against {base}\n\n{why}\n")
            chart = fleet_charts.forest(h, base, rows or [], runs[h])
            if chart:
                md.append(draw(chart, os.path.join(fleet, "compare"), "compare/"))
        if len(delivered) < 2:
            md.append("One host delivered: nothing to compare.\n")
    atomic_write(os.path.join(fleet, "fleet.md"), "\n".join(md))
