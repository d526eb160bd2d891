"""scripts/present/report.py on the fixture runs: ⚠ on every cell of a figure that did not
converge (a median alone included, and a fitted line with such a point), each interval's level
from its row's ci_level, and no report at all from a broken run."""
import os
import shutil
import tempfile
import unittest

from present import labels, report
from present.files import Refused
from present.run import Run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures")


@unittest.skipUnless(os.access(labels.forkbench(), os.X_OK),
                     "build/forkbench is not built (make): it labels the fixture runs")
class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = report.report(Run(os.path.join(FIX, "run-suite")))

    def line(self, start):
        hits = [x for x in self.suite.splitlines() if x.startswith(start)]
        self.assertTrue(hits, start)
        return hits[0]

    def test_median_only_cells_carry_the_mark(self):
        # footprint fork children=64: pss/private/pagetable/child_rss converged=false
        row = self.line("| `fork children=64` |")
        self.assertEqual(row.count("⚠"), 5, row)
        # a converged latency row carries none
        self.assertNotIn("⚠", self.line("| `fork` | **133.9**"))

    def test_every_table_row_of_an_unconverged_configuration_is_marked(self):
        """A configuration with a time figure that did not converge is marked on its row in
        each bench table that shows it (the Warnings list names them)."""
        run = Run(os.path.join(FIX, "run-suite"))
        bad = {(r["bench"], r["config"]) for r in run.summary
               if r["converged"] == "false" and r["unit"] in ("ns", "ns/page", "ops/s")}
        benches = {"## Latency": "latency", "## Copy-on-write": "cow",
                   "## Footprint": "footprint", "## Throughput": "throughput",
                   "## Timeline": "timeline"}
        bench, checked = None, 0
        for line in self.suite.splitlines():
            if line.startswith("## "):
                bench = benches.get(line)
            elif bench and line.startswith("| `"):
                if (bench, line.split("`")[1]) in bad:
                    self.assertIn("⚠", line)
                    checked += 1
        self.assertGreater(checked, 10)

    def test_fitted_line_with_an_unconverged_point(self):
        self.assertIn("`fork touched param=rss` ⚠", self.suite)
        self.assertNotIn("`vfork touched param=rss` ⚠", self.suite)

    def test_cross_check_levels_come_from_ci_level(self):
        self.assertIn("| command | median (µs) | CI (µs) | CI level | runs |", self.suite)
        self.assertNotIn("95% CI (µs)", self.suite)
        ref = report.report(Run(os.path.join(ROOT, "results", "reference",
                                             "vm-6.18.44-fc-v1272-20261207T041236Z")))
        self.assertIn("| 93.75% |", ref)  # repetition medians of 5: their range

    def test_broken_run_leaves_nothing(self):
        d = tempfile.mkdtemp()
        try:
            dst = os.path.join(d, "broken")
            shutil.copytree(os.path.join(FIX, "broken-malformed"), dst)
            with self.assertRaises(Refused) as e:
                report.main([dst])
            self.assertIn("summary.csv:5", str(e.exception))
            self.assertEqual([f for f in os.listdir(dst) if "report" in f], [])
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main()
