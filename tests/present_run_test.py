"""scripts/present/run.py, the one reader of a run directory (DESIGN §7): labels from the file or
from forkbench label, refusals naming file and line, samples from samples.csv.gz (up to meta.json's
files.samples_valid_bytes, a truncated last member ignored, both said; a row of the wrong width
refused with its line) or samples.csv."""
import contextlib
import gzip
import io
import json
import os
import shutil
import tempfile
import unittest

from present import labels
from present.files import Refused
from present.run import Run, num

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures")
HAVE_FB = os.access(labels.forkbench(), os.X_OK)


def copy(name):
    d = tempfile.mkdtemp()
    dst = os.path.join(d, name)
    shutil.copytree(os.path.join(FIX, name), dst)
    return dst


@unittest.skipUnless(HAVE_FB, "build/forkbench is not built (make): it labels old runs")
class ReaderTest(unittest.TestCase):
    def test_labels_come_from_forkbench_label(self):
        run = Run(os.path.join(FIX, "run-vm"))
        self.assertEqual(len(run.summary), 35)
        self.assertEqual(len(run.hyperfine), 4)
        configs = {r["config"] for r in run.summary}
        self.assertIn("fork", configs)
        self.assertIn("clone:files,fs", configs)
        self.assertTrue(all(r["config"] for r in run.skipped))

    def test_meta_by_dotted_path(self):
        run = Run(os.path.join(FIX, "run-vm"))
        self.assertEqual(run.m("kernel.release"), "6.18.44-fc-v657")
        self.assertEqual(run.virtualization(), "firecracker")
        self.assertEqual(run.m("no.such.key", "x"), "x")

    def test_malformed_line_is_named(self):
        with self.assertRaises(Refused) as e:
            Run(os.path.join(FIX, "broken-malformed"))
        self.assertIn("broken-malformed/summary.csv:5:", str(e.exception))

    def test_missing_summary_and_bad_cells(self):
        with self.assertRaises(Refused) as e:
            Run(os.path.join(FIX, "broken-no-summary"))
        self.assertIn("summary.csv: missing", str(e.exception))
        d = copy("run-metal")
        p = os.path.join(d, "summary.csv")
        text = open(p).read().splitlines()
        text[1] = text[1].replace(",true,", ",maybe,", 1)
        open(p, "w").write("\n".join(text) + "\n")
        with self.assertRaises(Refused) as e:
            Run(d)
        self.assertIn("summary.csv:2:", str(e.exception))
        self.assertIn("converged", str(e.exception))

    def test_series_names_drop_the_x_value(self):
        run = Run(os.path.join(FIX, "run-suite"))
        names = labels.series_names(run.summary)
        sweep = [r for r in run.summary if r["bench"] == "sweep" and r["metric"] == "total_ns"]
        self.assertTrue(sweep)
        lines = {labels.series_of(r, names) for r in sweep}
        self.assertIn("fork touched param=rss", lines)  # as fits.csv names it
        fitted = {r["config"] for r in run.fits if r["metric"] == "total_ns" and r["param"] == "rss"}
        self.assertTrue(fitted and fitted <= lines, (fitted, lines))


class SamplesTest(unittest.TestCase):
    HEADER = "bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant,rep,iter,metric,unit,value\n"

    def member(self, rep, n, header):
        rows = "".join(f"latency,fork,,,0,,0,0,0,,,,{rep},{i},total_ns,ns,{100 + i}\n"
                       for i in range(n))
        return gzip.compress(((self.HEADER if header else "") + rows).encode())

    def test_gz_members_and_a_truncated_last_one(self):
        d = tempfile.mkdtemp()
        shutil.copy(os.path.join(FIX, "run-metal", "meta.json"), d)
        shutil.copy(os.path.join(FIX, "run-metal", "summary.csv"), d)
        whole = self.member(0, 3, True) + self.member(1, 2, False)
        cut = self.member(2, 50, False)[:-12]
        with open(os.path.join(d, "samples.csv.gz"), "wb") as f:
            f.write(whole + cut)
        if not HAVE_FB:
            self.skipTest("build/forkbench is not built (make): it labels old runs")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            samples = list(Run(d).samples())
        self.assertEqual(len(samples), 5)
        self.assertEqual({s["rep"] for s in samples}, {"0", "1"})
        self.assertIn(f"last {len(cut)} of {len(whole) + len(cut)} bytes", err.getvalue())

    def run_with(self, data, valid_bytes=None):
        """A copy of run-metal whose samples.csv.gz is DATA and whose meta.json says
        files.samples_valid_bytes = VALID_BYTES (absent when None)."""
        if not HAVE_FB:
            self.skipTest("build/forkbench is not built (make): it labels old runs")
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        shutil.copy(os.path.join(FIX, "run-metal", "summary.csv"), d)
        with open(os.path.join(FIX, "run-metal", "meta.json")) as f:
            meta = json.load(f)
        if valid_bytes is not None:
            meta["files"] = {"samples": "samples.csv.gz", "samples_valid_bytes": valid_bytes}
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f)
        with open(os.path.join(d, "samples.csv.gz"), "wb") as f:
            f.write(data)
        return Run(d)

    def test_reading_stops_at_samples_valid_bytes(self):
        described = self.member(0, 3, True) + self.member(1, 2, False)
        after = self.member(2, 4, False)  # a repetition appended after the set's last write
        run = self.run_with(described + after, valid_bytes=len(described))
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            samples = list(run.samples())
        self.assertEqual(len(samples), 5)
        self.assertEqual({s["rep"] for s in samples}, {"0", "1"})
        self.assertIn(f"the last {len(after)} of {len(described) + len(after)} bytes come after "
                      "meta.json's files.samples_valid_bytes", err.getvalue())
        # all of it described: nothing said; a file shorter than the set says: refused
        run = self.run_with(described + after, valid_bytes=len(described) + len(after))
        with contextlib.redirect_stderr(io.StringIO()) as quiet:
            self.assertEqual(len(list(run.samples())), 9)
        self.assertEqual(quiet.getvalue(), "")
        run = self.run_with(described, valid_bytes=len(described) + 1)
        with self.assertRaises(Refused) as e:
            list(run.samples())
        self.assertIn("samples_valid_bytes", str(e.exception))

    def test_a_row_of_the_wrong_width_is_refused_with_its_line(self):
        bad = gzip.compress(b"latency,fork,,,0,,0,0,0,,,,1,0,total_ns,ns\n")  # no value
        run = self.run_with(self.member(0, 3, True) + bad)
        with self.assertRaises(Refused) as e:
            list(run.samples())
        msg = str(e.exception)
        self.assertIn("samples.csv.gz:5: malformed CSV line: 16 fields, the header has 17", msg)
        self.assertEqual(len(msg.splitlines()), 1)

    @unittest.skipUnless(HAVE_FB, "build/forkbench is not built (make): it labels old runs")
    def test_plain_samples_csv_of_older_runs(self):
        samples = list(Run(os.path.join(FIX, "run-vm")).samples())
        self.assertTrue(samples)
        self.assertTrue(all("value" in s for s in samples))


class NumTest(unittest.TestCase):
    def test_num(self):
        self.assertEqual(num("1.5"), 1.5)
        self.assertIsNone(num(""))
        self.assertIsNone(num("nan"))


if __name__ == "__main__":
    unittest.main()
