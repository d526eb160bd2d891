"""The one reader of a run directory (DESIGN §7). It knows the files and their columns (always
found by header name), checks them, and hands rows out as dicts of the cells' own text. It reads
the `config` label and never builds one: a file written before the column gets it from
`forkbench label` (labels.py). results.json is not read (its shape is changing)."""
import csv
import io
import json
import math
import os
import sys
import zlib

from .files import Refused
from . import labels
from .labels import KEY

STATS = ("metric", "unit", "n", "min", "p5", "p25", "median", "p75", "p95", "p99", "max", "mean",
         "stddev", "ci95_low", "ci95_high", "outliers", "converged", "reps", "rep_median_min",
         "rep_median_max", "ci_level")
SUMMARY = KEY + ("config",) + STATS
# Columns added after the first runs were published: empty where an older run lacks them.
OPTIONAL = {"ci_level", "config"} | set(labels.ABSENT)


def num(text):
    """A cell as a float, None when empty or not a finite number."""
    try:
        v = float(text)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def read_csv(path, required=(), need_rows=False):
    """(header, rows) of a CSV: rows are dicts keyed by the header. Refused naming the file and
    line for a malformed line or a missing column; the fix is in the message."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise Refused(f"{path}: missing (the run wrote no such file)")
    except (OSError, UnicodeDecodeError) as e:
        raise Refused(f"{path}: cannot read ({e}); is it a forkbench CSV?")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, rows, start = None, [], 1
    try:
        for fields in reader:
            line, start = start, reader.line_num + 1
            if not fields or fields == [""]:
                continue
            if header is None:
                header = fields
                missing = [c for c in required if c not in header and c not in OPTIONAL]
                if missing:
                    raise Refused(f'{path}:{line}: header lacks the column "{missing[0]}" '
                                  "(not a forkbench summary? regenerate it with forkbench)")
                continue
            if len(fields) != len(header):
                raise Refused(f"{path}:{line}: malformed CSV line: {len(fields)} fields, the "
                              f"header has {len(header)} (fix or regenerate the file)")
            rows.append(dict(zip(header, fields)))
    except csv.Error:
        raise Refused(f"{path}:{start}: malformed CSV line (a stray or "
                      "unterminated quote; fix or regenerate the file)")
    if header is None:
        raise Refused(f"{path}: empty file (an empty run? run the bench again)")
    if need_rows and not rows:
        raise Refused(f"{path}: no summary rows (an empty run? run the bench again)")
    return header, labels.fill_absent(header, rows)


def _check_summary(path, rows):
    """The cells the presentation computes with: n a count, median a number, converged a bool."""
    for i, r in enumerate(rows):
        where = f"{path}:{i + 2}"
        if not r["n"].isdigit():
            raise Refused(f'{where}: malformed CSV line: n is "{r["n"]}", not a count')
        if r["median"] and not _is_number(r["median"]):
            raise Refused(f'{where}: malformed CSV line: median is "{r["median"]}", not a number')
        if r["converged"] not in ("", "true", "false"):
            raise Refused(f'{where}: malformed CSV line: converged is "{r["converged"]}", '
                          "not true/false")


def _labelled(path, header, rows):
    """rows with their config: the file's own column, else forkbench label's (labels.py)."""
    if "config" in header:
        return rows
    for r, config in zip(rows, labels.label_file(path)):
        r["config"] = config
    return rows


class Run:
    """One run directory, read once: meta (dict), summary, hyperfine, skipped, notes, fits
    (fits.csv's lines), segments (its marginal slopes) (lists of row dicts, each with its config). Refused on anything a chart would misread."""

    def __init__(self, path):
        self.path = os.path.normpath(path)
        if not os.path.isdir(self.path):
            raise Refused(f"{path}: not a directory (give a run directory, results/<run-id>)")
        meta_path = os.path.join(self.path, "meta.json")
        if not os.path.isfile(meta_path):
            raise Refused(f"{meta_path}: missing (not a forkbench run directory, or an empty run)")
        summary_path = os.path.join(self.path, "summary.csv")
        if not os.path.isfile(summary_path):
            raise Refused(f"{summary_path}: missing (the run wrote no results)")
        try:
            with open(meta_path, encoding="utf-8") as f:
                self.meta = json.load(f)
        except (ValueError, OSError) as e:
            raise Refused(f"{meta_path}: not valid JSON ({e}); the run was cut short?")
        header, rows = read_csv(summary_path, SUMMARY, need_rows=True)
        _check_summary(summary_path, rows)
        self.summary_header = header
        self.summary = _labelled(summary_path, header, rows)
        self.hyperfine = self._optional("hyperfine.csv", SUMMARY, summary=True)
        self.skipped = self._optional("skipped.csv", KEY + ("reason",))
        self.notes = self._optional("notes.csv", KEY + ("note",))
        fits = self._optional("fits.csv", KEY + ("metric", "param", "slope"))
        # fits.csv's least-squares lines, and the marginal slope of each segment between two
        # consecutive points (DESIGN §7); a run from before segments has lines only.
        self.fits = [f for f in fits if f.get("fit", "line") == "line"]
        self.segments = [f for f in fits if f.get("fit") == "segment"]

    def _optional(self, name, required, summary=False):
        path = os.path.join(self.path, name)
        if not os.path.isfile(path):
            return []
        header, rows = read_csv(path, required)
        if summary:
            _check_summary(path, rows)
        return _labelled(path, header, rows) if rows else rows

    def m(self, dotted, default=""):
        """A meta.json value by its dotted path ("kernel.release"), default where absent."""
        v = self.meta
        for part in dotted.split("."):
            if not isinstance(v, dict) or part not in v:
                return default
            v = v[part]
        return default if v is None else v

    @property
    def run_id(self):
        return self.m("run_id") or os.path.basename(self.path)

    def virtualization(self):
        v = self.meta.get("virtualization")
        return v.get("type", "") if isinstance(v, dict) else (v or "")

    def thp_enabled(self):
        v = self.meta.get("thp")
        return v.get("enabled", "") if isinstance(v, dict) else (v or "")

    def rows(self, bench=None, metrics=None):
        """Summary rows of a bench (all when None), of the given metrics (all when None)."""
        return [r for r in self.summary
                if (bench is None or r["bench"] == bench)
                and (metrics is None or r["metric"] in metrics)]

    def samples_valid_bytes(self):
        """meta.json's files.samples_valid_bytes (DESIGN §7), None where the run predates it."""
        v = self.m("files.samples_valid_bytes", None)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise Refused(f"{os.path.join(self.path, 'meta.json')}: files.samples_valid_bytes is "
                          f"{v!r}, not a byte count (regenerate the run)")
        return v

    def samples(self):
        """Every sample row (dicts of samples.csv's columns): samples.csv.gz up to meta.json's
        files.samples_valid_bytes (members after it belong to repetitions the summary does not
        describe), whose gzip members (one per configuration and repetition) may end in a
        member cut short by SIGKILL: the reading stops there. What is left is said on stderr.
        Older runs: samples.csv. Nothing when the run kept no samples. A row whose field count
        differs from the header is refused, naming the file and line. Prefer summary rows
        wherever they suffice."""
        gz = os.path.join(self.path, "samples.csv.gz")
        if os.path.isfile(gz):
            yield from _gz_samples(gz, self.samples_valid_bytes())
            return
        plain = os.path.join(self.path, "samples.csv")
        if os.path.isfile(plain):
            yield from read_csv(plain, KEY + ("rep", "iter", "metric", "unit", "value"))[1]


def _gz_members(path, valid_bytes=None):
    """The decompressed text of each whole gzip member of PATH's first VALID_BYTES bytes (all
    when None), in order; the bytes after VALID_BYTES, and a truncated or corrupt last member,
    are left out and reported on stderr. zlib with wbits=31 is the gzip format one member at a
    time: the gzip module would hand out the first lines of a member cut short, a repetition's
    samples in part."""
    with open(path, "rb") as f:
        data = f.read()
    if valid_bytes is not None:
        if valid_bytes > len(data):
            raise Refused(f"{path}: {len(data)} bytes, but meta.json's files.samples_valid_bytes "
                          f"is {valid_bytes}: samples the summary describes are missing (the "
                          "file was cut after the run; restore it or run again)")
        if valid_bytes < len(data):
            print(f"present: {path}: the last {len(data) - valid_bytes} of {len(data)} bytes "
                  "come after meta.json's files.samples_valid_bytes (repetitions the summary "
                  "does not describe: a run still going, or killed before its next write): ignored",
                  file=sys.stderr)
            data = data[:valid_bytes]
    members = GzipMembers(data)
    for member in members:
        yield member.decode("utf-8")
    if members.left_bytes:
        print(f"present: {path}: the last {members.left_bytes} of {len(data)} bytes are a "
              "gzip member cut short (a killed run?): ignored", file=sys.stderr)


class GzipMembers:
    """The decompressed bytes of each complete gzip member of DATA, in order (zlib with
    wbits=31 is the gzip format one member at a time). Fed 64 KiB at a time, so the time is
    linear in the file however many members it has. After the iteration, left_bytes is what a
    member cut short or corrupt left unread at the end (0: none)."""

    CHUNK_BYTES = 1 << 16

    def __init__(self, data):
        self.data = memoryview(data)
        self.left_bytes = 0

    def __iter__(self):
        pos, end = 0, len(self.data)
        while pos < end:
            start, parts = pos, []
            d = zlib.decompressobj(wbits=31)
            try:
                while pos < end and not d.eof:
                    piece = self.data[pos:pos + self.CHUNK_BYTES]
                    parts.append(d.decompress(piece))
                    pos += len(piece) - (len(d.unused_data) if d.eof else 0)
            except zlib.error:
                pass
            if not d.eof:
                self.left_bytes = end - start
                return
            yield b"".join(parts)


def _gz_samples(path, valid_bytes=None):
    """Rows of the members, by the header; LINE counts the decompressed lines (as zcat shows
    them), so a refusal names the line a reader can find."""
    header, before = None, 0
    for text in _gz_members(path, valid_bytes):
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            for fields in reader:
                if not fields:
                    continue
                if fields[:2] == list(KEY[:2]):  # each member may repeat the header
                    header = fields
                    continue
                if header is None:
                    raise Refused(f"{path}: no header before the first sample (regenerate it)")
                if len(fields) != len(header):
                    raise Refused(f"{path}:{before + reader.line_num}: malformed CSV line: "
                                  f"{len(fields)} fields, the header has {len(header)} (line "
                                  "of the decompressed file; fix or regenerate the file)")
                yield labels.fill_absent(header, [dict(zip(header, fields))])[0]
        except csv.Error:
            raise Refused(f"{path}:{before + reader.line_num}: malformed CSV line (a stray or "
                          "unterminated quote; fix or regenerate the file)")
        before += reader.line_num

