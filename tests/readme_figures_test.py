"""README figures quoted from the reference run (results/reference/...) checked against its
files, so a new reference run that changes a figure fails here until the README says so: the
latency headline table (every median, interval and ⚠ of a configuration that did not converge),
the run's size and duration, the exec differences quoted under the table, and issue 18's three
tables: placement (the cross-CPU share and each mode's medians), folio sizes and memory kinds."""
import csv
import datetime
import json
import os
import re
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.path.join(ROOT, "results", "reference", "vm-6.18.44-fc-v1272-20261207T041236Z")
KEY = "bench method flags exec rss_bytes touch rss_kind threads fds vmas thp cpu variant".split()
MIB = 1048576


def close(shown, value):
    """SHOWN (README text) is VALUE rounded to the digits shown."""
    digits = len(shown.split(".")[1]) if "." in shown else 0
    return abs(float(shown) - value) <= 0.5 * 10 ** -digits + 1e-9


@unittest.skipUnless(os.path.isdir(REF), "no reference run in this copy (results/reference/)")
class ReadmeFiguresTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            cls.readme = f.read()
        with open(os.path.join(REF, "summary.csv"), newline="") as f:
            cls.rows = list(csv.DictReader(f))
        with open(os.path.join(REF, "meta.json")) as f:
            cls.meta = json.load(f)

    def row(self, method, exec_, cpu, metric):
        found = [r for r in self.rows if r["bench"] == "latency" and r["method"] == method
                 and r["exec"] == exec_ and r["cpu"] == cpu and r["metric"] == metric
                 and r["rss_bytes"] == "0"]
        self.assertEqual(len(found), 1, (method, exec_, cpu, metric))
        return found[0]

    def test_headline_table(self):
        table = re.search(r"^\| method \| total, pinned .*?\n\n", self.readme, re.M | re.S)
        lines = [x for x in table.group(0).splitlines()[2:] if x.startswith("|")]
        self.assertEqual(len(lines), 9)
        cols = (("total_ns", "0"), ("total_ns", ""), ("call_ns", "0"), ("start_ns", "0"))
        for line in lines:
            cells = [c.strip() for c in line.strip("|").split("|")]
            method = re.match(r"`([^`]+)`", cells[0]).group(1)
            exec_ = "static" if "static target" in cells[0] else ""
            for text, (metric, cpu) in zip(cells[1:], cols):
                r = self.row(method, exec_, cpu, metric)
                m = re.fullmatch(r"([\d.]+)(?: \[([\d.]+)–([\d.]+)\])?( ⚠)?", text)
                self.assertTrue(m, f"{method}: cell {text!r}")
                self.assertTrue(close(m.group(1), float(r["median"]) / 1000), (method, text))
                if m.group(2):
                    self.assertTrue(close(m.group(2), float(r["ci95_low"]) / 1000), text)
                    self.assertTrue(close(m.group(3), float(r["ci95_high"]) / 1000), text)
                # Every cell that shows an interval shows whether it converged.
                if m.group(2) or r["converged"] == "false":
                    self.assertEqual(bool(m.group(4)), r["converged"] == "false",
                                     f"{method} {metric} cpu={cpu}: ⚠ iff not converged")
        self.assertIn("93.75%", self.readme)  # the level said above the table
        self.assertEqual({r["ci_level"] for r in self.rows if r["bench"] == "latency"
                          and r["metric"] == "total_ns" and r["rss_bytes"] == "0"}, {"0.9375"})

    def test_run_size_and_duration(self):
        m = re.search(r"\((\d+) min (\d+) s for the reference run: (\d+) configurations, (\d+) "
                      r"skipped\)", self.readme.replace("\n", " "))
        self.assertTrue(m, "the sentence on the reference run's size and duration")
        configs = {tuple(r.get(c, "") for c in KEY) for r in self.rows}
        with open(os.path.join(REF, "skipped.csv"), newline="") as f:
            skipped = list(csv.DictReader(f))
        t0, t1 = (datetime.datetime.strptime(self.meta[k], "%Y-%m-%dT%H:%M:%SZ")
                  for k in ("started_utc", "finished_utc"))
        seconds = int((t1 - t0).total_seconds())
        self.assertEqual((int(m.group(1)), int(m.group(2))), divmod(seconds, 60))
        self.assertEqual(int(m.group(3)), len(configs))
        self.assertEqual(int(m.group(4)), len(skipped))

    def test_exec_differences_like_for_like(self):
        text = self.readme.replace("\n", " ")
        m = re.search(r"Exec adds ([\d.]+) µs for the static target \(`clone-vm-vfork\+exec`: "
                      r"([\d.]+) against ([\d.]+) µs, unpinned totals\) and ([\d.]+) µs for the "
                      r"dynamic one \(([\d.]+) µs\)", text)
        self.assertTrue(m, "the exec sentence under the headline table")
        base = float(self.row("clone-vm-vfork", "", "", "total_ns")["median"]) / 1000
        static = float(self.row("clone-vm-vfork+exec", "static", "", "total_ns")["median"]) / 1000
        dyn = float(self.row("clone-vm-vfork+exec", "dynamic", "", "total_ns")["median"]) / 1000
        self.assertTrue(close(m.group(2), static) and close(m.group(3), base))
        self.assertTrue(close(m.group(1), static - base))
        self.assertTrue(close(m.group(5), dyn) and close(m.group(4), dyn - base))

    def table_after(self, heading):
        """The rows (cells) of the first table after the line starting with HEADING."""
        text = self.readme[self.readme.index(heading):]
        lines = text.split("\n\n")[0].strip().splitlines()[2:]
        return [[c.strip() for c in x.strip("|").split("|")] for x in lines]

    def one(self, **want):
        found = [r for r in self.rows if all(r.get(k, "") == v for k, v in want.items())]
        self.assertEqual(len(found), 1, want)
        return found[0]

    def test_placement_table(self):
        rows = self.table_after("| method, unpinned | cross-CPU share |")
        self.assertEqual([r[0] for r in rows], ["`fork`", "`vfork`"])
        for cells in rows:
            method = cells[0].strip("`")
            lat = dict(bench="latency", method=method, exec="", cpu="")
            share = float(self.one(metric="cross_cpu_share", **lat)["median"])
            self.assertTrue(close(cells[1].rstrip("%"), 100 * share), cells)
            for text, metric in zip(cells[2:], ("total_ns.same_cpu", "total_ns.cross_cpu",
                                                "start_ns.same_cpu", "start_ns.cross_cpu")):
                r = self.one(metric=metric, **lat)
                m = re.fullmatch(r"([\d.]+) \(n ([\d ]+)\)", text)
                self.assertTrue(m, text)
                self.assertTrue(close(m.group(1), float(r["median"]) / 1000), (metric, text))
                self.assertEqual(int(m.group(2).replace(" ", "")), int(r["n"]), (metric, text))

    def test_folio_table(self):
        rows = self.table_after("| pages of the 256 MiB region | fork total (ms) |")
        floor = float(self.one(bench="latency", method="fork", exec="", cpu="0", rss_bytes="0",
                               metric="total_ns")["median"])
        self.assertEqual([r[0] for r in rows], ["4 KiB (`never`)", "16 KiB", "64 KiB", "2 MiB"])
        for cells, thp in zip(rows, ("never", "16K", "64K", "2M")):
            key = dict(bench="latency", method="fork", cpu="0", rss_bytes=str(256 * MIB), thp=thp)
            total = float(self.one(metric="total_ns", **key)["median"])
            self.assertTrue(close(cells[1].split()[0], total / 1e6), cells)
            self.assertTrue(close(cells[2], (total - floor) / 256 / 1000), cells)
            if thp != "never":
                backed = float(self.one(metric="folio_backed_share", **key)["median"])
                self.assertTrue(close(cells[3].rstrip("%"), 100 * backed), cells)

    def test_kind_table(self):
        rows = self.table_after("| parent's region | 0 | 64 MiB | 256 MiB |")
        with open(os.path.join(REF, "fits.csv"), newline="") as f:
            fits = [r for r in csv.DictReader(f) if r["metric"] == "total_ns"
                    and r["fit"] == "line" and r["cpu"] == "0" and r["method"] == "fork"]
        self.assertEqual([r[0].split()[0] for r in rows], ["anon", "shmem", "file"])
        for cells in rows:
            kind = cells[0].split()[0]
            for text, rss in zip(cells[1:4], ("0", str(64 * MIB), str(256 * MIB))):
                r = self.one(bench="sweep", method="fork", cpu="0", rss_bytes=rss, rss_kind=kind,
                             touch="yes", metric="total_ns")
                self.assertTrue(close(text.split()[0], float(r["median"]) / 1e6), (kind, text))
            line = [f for f in fits if f["rss_kind"] == kind and f["touch"] == "yes"]
            self.assertEqual(len(line), 1, kind)
            self.assertTrue(close(cells[4].split()[0], float(line[0]["slope"]) / 1000), cells)


    def test_cow_footprint_scaling_timeline(self):
        """Copy-on-write, memory footprint, scaling and timeline: each one's headline figures."""
        text = self.readme.replace("\n", " ")
        cow = dict(bench="cow", method="fork", thp="", variant="writer=child;size=4M;region=private")
        m = re.search(r"child writing, 4 MiB: cow_fault ([\d.]+) µs per page \[([\d.]+)–([\d.]+)\] "
                      r"\(([\d.]+)%: `ci_level`, one repetition\), first touch ([\d.]+) µs", text)
        self.assertTrue(m, "the cow_fault sentence")
        r = self.one(metric="cow_fault_ns_per_page", **cow)
        for shown, col in zip(m.groups()[:3], ("median", "ci95_low", "ci95_high")):
            self.assertTrue(close(shown, float(r[col]) / 1000), (col, shown))
        self.assertTrue(close(m.group(4), 100 * float(r["ci_level"])), m.group(4))
        self.assertEqual(r["reps"], "1")
        ft = self.one(metric="first_touch_ns_per_page", **cow)
        self.assertTrue(close(m.group(5), float(ft["median"]) / 1000), m.group(5))

        m = re.search(r"over 5 repetitions: fork \*\*([\d.]+) KiB\*\* \[([\d.]+)–([\d.]+)\]", text)
        self.assertTrue(m, "fork's kernel_total_bytes per child")
        r = self.one(bench="footprint", method="fork", exec="", rss_bytes="0",
                     metric="kernel_total_bytes")
        self.assertEqual(r["reps"], "5")
        for shown, col in zip(m.groups(), ("median", "ci95_low", "ci95_high")):
            self.assertTrue(close(shown, float(r[col]) / 1024), (col, shown))
        # "stable to 3%": the repetition medians' spread, relative to the lowest.
        m = re.search(r"stable to (\d+)% across processes", text)
        spread = float(r["rep_median_max"]) / float(r["rep_median_min"]) - 1
        self.assertTrue(m and close(m.group(1), 100 * spread), spread)

        with open(os.path.join(REF, "fits.csv"), newline="") as f:
            line = [x for x in csv.DictReader(f) if x["bench"] == "sweep" and x["method"] == "fork"
                    and x["param"] == "rss" and x["touch"] == "yes" and x["cpu"] == ""
                    and x["metric"] == "total_ns" and x["fit"] == "line"]
        self.assertEqual(len(line), 1)
        m = re.search(r"fork costs ([\d.]+) µs per MiB of touched parent memory\*\* "
                      r"\[([\d.]+)–([\d.]+)\], R² ([\d.]+)", text)
        self.assertTrue(m, "the fitted rss slope")
        for shown, col in zip(m.groups()[:3], ("slope", "ci95_low", "ci95_high")):
            self.assertTrue(close(shown, float(line[0][col]) / 1000), (col, shown))
        self.assertTrue(close(m.group(4), float(line[0]["r2"])), m.group(4))
        self.assertEqual(line[0]["ci_level"], "0.95")  # the "95% CI" said above

        m = re.search(r"Fork, pinned \(3 repetitions\): copy ([\d.]+) µs .*? reap ([\d.]+) µs", text)
        self.assertTrue(m, "the timeline phases")
        for shown, metric in zip(m.groups(), ("phase_copy_ns", "phase_reap_ns")):
            r = self.one(bench="timeline", method="fork", exec="", rss_bytes="0", cpu="0",
                         metric=metric)
            self.assertEqual(r["reps"], "3")
            self.assertTrue(close(shown, float(r["median"]) / 1000), (metric, shown))

if __name__ == "__main__":
    unittest.main()
