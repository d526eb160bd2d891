"""Configuration labels come from C (harness/config_label.c, DESIGN §7), never from here: a file
without the `config` column, and the name of a line through points (a sweep over its parameter,
throughput over creators, COW over region sizes: the key without the x value, as fits.csv names a
sweep's line), are labelled by `forkbench label`."""
import csv
import io
import os
import subprocess
import tempfile

from .files import Refused

KEY = ("bench", "method", "flags", "exec", "rss_bytes", "touch", "rss_kind", "threads", "fds",
       "vmas", "thp", "cpu", "variant")
# Key columns older runs lack, each with what such a run meant (DESIGN §7).
ABSENT = {"rss_kind": lambda row: "anon" if row.get("rss_bytes", "") not in ("", "0")
          or row.get("touch", "") else ""}


def fill_absent(header, rows):
    """rows (dicts) with the key columns their file lacks, as results_key_absent_cell fills
    them in C: an old run's rows then pair with a new run's anon rows."""
    missing = [c for c in ABSENT if c not in header and "rss_bytes" in header]
    for r in rows:
        for c in missing:
            r[c] = ABSENT[c](r)
    return rows


def forkbench():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("FORKBENCH") or os.path.join(here, "..", "..", "build", "forkbench")


def label_file(path):
    """The config of each data row of the CSV PATH, in order, from `forkbench label PATH`."""
    fb = forkbench()
    if not os.access(fb, os.X_OK):
        raise Refused(f"{path}: has no config column and {os.path.normpath(fb)} is missing to "
                      "add it (run make)")
    done = subprocess.run([fb, "label", path], capture_output=True, text=True)
    if done.returncode != 0:
        msg = done.stderr.strip().splitlines()
        raise Refused(msg[0] if msg else f"{path}: forkbench label failed")
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    return [r["config"] for r in rows]


def _vdrop(variant, key):
    """The variant without its key=... setting."""
    return ";".join(p for p in variant.split(";") if p and not p.startswith(key + "="))


def line_key(row):
    """The key of the line a row's point lies on: the row's key without its x value (as
    bench/sweep.c clears the swept value for fits.csv), or None for a row on no line."""
    k = {c: row.get(c, "") for c in KEY}
    bench, variant = k["bench"], k["variant"]
    if bench == "sweep":
        param = variant.split(";")[0].removeprefix("param=")
        if param == "rss":
            k["rss_bytes"] = ""
        elif param in ("threads", "fds", "vmas"):
            k[param] = ""
        elif param == "env":
            k["variant"] = "param=env"
    elif bench == "throughput":
        k["variant"] = _vdrop(variant, "creators")
    elif bench == "cow":
        k["variant"] = _vdrop(variant, "size")
    else:
        return None
    return tuple(k[c] for c in KEY)


def series_names(rows):
    """{line key: its config} for every row on a line, in one `forkbench label` call."""
    keys = sorted({k for k in map(line_key, rows) if k is not None})
    if not keys:
        return {}
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(KEY)
        w.writerows(keys)
    try:
        return dict(zip(keys, label_file(f.name)))
    finally:
        os.unlink(f.name)


def series_of(row, names):
    """The name of the line ROW's point lies on, or its own config."""
    k = line_key(row)
    return names.get(k, row.get("config", "")) if k else row.get("config", "")
