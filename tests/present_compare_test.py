"""scripts/present/compare_charts.py and compare_forest.py: compare.csv read by header name
(columns in any order, added ones ignored), each interval labelled at its change_ci_level, the
geometric mean drawn with its bootstrap-over-configurations interval, a row without an estimate
marked, and the option parsing of compare.sh."""
import csv
import io
import unittest

from present import compare_charts, compare_forest
from present.files import Refused

HEADER = ("baseline,run,kind,bench,config,metric,change_pct,change_ci95_low_pct,"
          "change_ci95_high_pct,significant,change_ci_level,change_estimator,change_ci_method")


def rows(lines, header=HEADER):
    return compare_charts.rows_of(header + "\n" + "\n".join(lines) + "\n")


PAIRS = ["A,B,pair,latency,fork,total_ns,20,10,30,true,0.9688,hodges_lehmann,hodges_lehmann",
         "A,B,pair,latency,vfork,total_ns,1,-3,4,false,0.9,hodges_lehmann,hodges_lehmann",
         "A,B,pair,latency,clone,total_ns,,,,false,,,",
         "A,B,geomean,latency,,total_ns,9,2,16,,0.95,geomean_of_ratios,bootstrap_configs"]


class ForestTest(unittest.TestCase):
    def script(self, lines, header=HEADER):
        g = compare_forest.groups(rows(lines, header))
        (bench, metric), rs = next(iter(g.items()))
        return compare_forest.forest(bench, metric, rs, ["A", "B"], ["A: a 1", "B: b 2"]).text()

    def test_levels_and_estimator_from_the_rows(self):
        text = self.script(PAIRS)
        self.assertIn("CI at 90% to 96.88% (each at its change_ci_level)", text)
        self.assertIn("Hodges–Lehmann estimate", text)
        self.assertNotIn("95% CI;", text.split("diamond")[0])

    def test_geomean_drawn_with_its_interval(self):
        text = self.script(PAIRS)
        self.assertIn("its bars: 95% CI, bootstrap over the configurations", text)
        block = text.split("$run1 << EOD\n")[1].split("EOD")[0].splitlines()
        geo = [x for x in block if x.endswith(" 1")]
        self.assertEqual(geo, ["3 9 2 16 0 1"])

    def test_a_row_without_estimate_is_marked_not_dropped(self):
        text = self.script(PAIRS)
        self.assertIn("'clone' 2", text)
        self.assertIn("no estimate (compare.csv: change_pct empty)", text)

    def test_columns_found_by_name(self):
        cols = HEADER.split(",")
        order = list(reversed(cols)) + ["added_later"]
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        for line in PAIRS:
            cells = dict(zip(cols, next(csv.reader([line]))))
            w.writerow([cells.get(c, "x") for c in order])
        shuffled = self.script(out.getvalue().splitlines(), ",".join(order))
        self.assertEqual(shuffled, self.script(PAIRS))

    def test_a_missing_column_is_refused(self):
        with self.assertRaises(Refused) as e:
            rows(["A,B,pair"], "baseline,run,kind")
        self.assertIn("no bench column", str(e.exception))


class OptionsTest(unittest.TestCase):
    def test_options_before_or_after_the_runs(self):
        out, opts, runs = compare_charts.parse(["a", "--alpha", "0.1", "-o", "d", "b"])
        self.assertEqual((out, opts, runs), ("d", ["--alpha", "0.1"], ["a", "b"]))

    def test_bad_options(self):
        for argv, text in ((["a", "b", "--bogus"], "unknown option '--bogus'"),
                           (["a", "b", "--alpha"], "--alpha: expects a value"),
                           (["a"], "usage: compare.sh")):
            with self.assertRaises(Refused) as e:
                compare_charts.parse(argv)
            self.assertIn(text, str(e.exception))


if __name__ == "__main__":
    unittest.main()
