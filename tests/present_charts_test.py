"""The charts (scripts/present/charts.py) read through the gnuplot scripts they generate: each
title says what is measured, each axis its unit and scale, each legend the level of the
intervals drawn (the rows' ci_level, never a fixed 95%), pinned and unpinned told apart or
stated, and what cannot be shown is marked; then a smoke render of every chart."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from present import charts, gp, labels
from present.run import Run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.path.join(ROOT, "results", "reference", "vm-6.18.44-fc-v1272-20261207T041236Z")
SUITE = os.path.join(ROOT, "tests", "fixtures", "run-suite")
MEASURED = re.compile(r"latency|cost|memory|Creations|phase|time|start|placement", re.I)
UNIT = re.compile(r"µs|ns|KiB|MiB|creations|creators|threads|descriptors|mappings")
SCALE = re.compile(r"log scale|linear scale")


@unittest.skipUnless(os.path.isdir(REF), "no reference run in this copy (results/reference/)")
@unittest.skipUnless(os.access(labels.forkbench(), os.X_OK),
                     "build/forkbench is not built (make): it labels the runs' rows")
class ChartScriptsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ref = dict(charts.scripts(Run(REF)))
        cls.suite = dict(charts.scripts(Run(SUITE)))

    def each(self):
        for run in (self.ref, self.suite):
            for name, s in run.items():
                yield name, s.text()

    def test_every_chart_of_the_reference_run_is_there(self):
        self.assertEqual(sorted(self.ref), sorted(n for n, *_r in charts.CHARTS))

    def test_titles_say_what_is_measured(self):
        for name, text in self.each():
            title = re.search(r"^title = ['\"](.*?)(\\n|['\"]$)", text, re.M).group(1)
            self.assertRegex(title, MEASURED, name)

    def test_axes_have_a_unit_and_a_stated_scale(self):
        for name, text in self.each():
            labels_ = re.findall(r"^set [xy]label (.*)$", text, re.M)
            self.assertTrue(labels_, name)
            for lab in labels_:
                self.assertRegex(lab, UNIT, f"{name}: {lab}")
                if "xlabel" in text and "concurrent creators" not in lab:
                    self.assertRegex(lab, SCALE, f"{name}: {lab}")

    def test_legends_name_the_real_level(self):
        for name, text in self.each():
            self.assertNotIn("95% CI", text, name)
        # 5 repetitions: [min, max] of the repetition medians covers 93.75% (issue #14).
        self.assertIn("CI of the median, 93.75%", self.ref["exec-crosscheck"].text())
        self.assertIn("CI of the median, 93.75%", self.ref["latency-placement"].text())
        self.assertIn("(each row at its ci_level)", self.ref["footprint-by-method"].text())

    def test_placement_told_apart_or_stated(self):
        for name, text in self.each():
            self.assertRegex(text, r"pinned|unpinned", name)
        t = self.ref["latency-by-method"].text()
        self.assertIn('"fork cpu=0"', t)  # pinned rows are drawn, not dropped
        self.assertIn("pinned (cpu=N): median", t)

    def test_placement_panels_share_one_scale(self):
        t = self.ref["latency-placement"].text()
        self.assertEqual(t.count("set logscale x 10"), 3)
        self.assertNotIn("unset logscale", t)

    def test_unshowable_values_are_marked(self):
        t = self.ref["footprint-by-method"].text()
        self.assertIn("'not measured'", t)  # vfork: no kernel figure
        self.assertIn("0 or less (not on a log axis)", t)  # vfork/CLONE_VM own memory is 0
        self.assertNotIn("'0' 1", t)  # no tick labelled 0 on a log axis

    def test_timeline_phases_axis_from_the_phases_only(self):
        t = self.ref["timeline-phases"].text()
        low = float(re.search(r"set xrange \[([0-9.e+-]+) :", t).group(1))
        self.assertGreater(low, 0.1)  # counter rows (per-op counts) no longer pull it to 1e-4

    def test_sweeps_draw_every_point_and_the_whole_line(self):
        t = self.ref["sweep-fds"].text()
        for block in re.findall(r"\$pts\d+ << EOD\n(.*?)EOD", t, re.S):
            self.assertEqual(len(block.strip().splitlines()), 3, block)
            self.assertTrue(block.startswith("0 "), block)  # the 0 point is drawn
        vmas = self.ref["sweep-vmas"].text()
        for block in re.findall(r"\$fit\d+ << EOD\n(.*?)EOD", vmas, re.S):
            self.assertTrue(block.startswith("0 "), block)  # the line from x = 0
        self.assertIn("misses the 10 point by", vmas)
        self.assertIn("linear scale", vmas)

    def test_cow_keys_name_every_mark(self):
        t = self.ref["cow"].text()
        self.assertNotRegex(t, r"title '[a-z_]+_ns_per_page")  # words, not metric names
        self.assertIn("colour: configuration", t)
        self.assertIn("call: median (square)", self.ref["cow-regions"].text())


@unittest.skipUnless(shutil.which("gnuplot"), "gnuplot is not installed (apt-get install "
                     "gnuplot-nox)")
@unittest.skipUnless(os.access(labels.forkbench(), os.X_OK),
                     "build/forkbench is not built (make): it labels the runs' rows")
class RenderTest(unittest.TestCase):
    def test_smoke_render_every_chart(self):
        out = tempfile.mkdtemp()
        try:
            for run in [r for r in (REF, SUITE) if os.path.isdir(r)]:
                for name, s in charts.scripts(Run(run)):
                    warnings = gp.render(s, out)
                    self.assertEqual(warnings, [], name)
                    png = os.path.join(out, name + ".png")
                    check = subprocess.run([sys.executable,
                                            os.path.join(ROOT, "tests", "png_check.py"), png],
                                           capture_output=True, text=True)
                    self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
                    with open(os.path.join(out, name + ".svg")) as f:
                        self.assertRegex(f.read(200), r"^<\?xml|^<svg")
        finally:
            shutil.rmtree(out)


if __name__ == "__main__":
    unittest.main()
