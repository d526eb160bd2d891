"""scripts/present/report_published.py against hand-computed figures: the folio-size table's
marginal cost per MiB ((fork − bare fork) / size), its verdict step by step (a rise named, an
overlap of intervals named), the memory-kind slopes and their verdict against anon's, a run
without the rss_kind column read as anon, and no section for a run without such rows."""
import unittest

from present import report_published as rp

MS = 1000000


class FakeRun:
    """The two things the section reads: summary rows through rows(), as run.Run gives them."""

    def __init__(self, rows):
        self.summary = rows

    def rows(self, bench=None, metrics=None):
        return [r for r in self.summary if (bench is None or r["bench"] == bench)
                and (metrics is None or r["metric"] in metrics)]


def row(rss, median, thp="", kind="anon", touch="yes", metric="total_ns", bench="latency",
        cpu="0", width=0.01, has_kind=True):
    rss_b = {"0": 0, "64M": 64 << 20, "256M": 256 << 20}[rss]
    r = {"bench": bench, "method": "fork", "flags": "", "exec": "", "rss_bytes": str(rss_b),
         "touch": touch if rss_b else "", "threads": "0", "fds": "0", "vmas": "0", "thp": thp,
         "cpu": cpu, "variant": "", "metric": metric, "median": str(median),
         "ci95_low": str(median * (1 - width)), "ci95_high": str(median * (1 + width)),
         "converged": "true", "config": f"fork rss={rss} {kind} thp={thp}"}
    if has_kind:
        r["rss_kind"] = kind if rss_b or bench == "sweep" else ""
    return r


def folio_run(ms_by_thp, bare_ms=0.1, width=0.01):
    rows = [row("0", bare_ms * MS, touch="")]
    rows += [row("256M", ms * MS, thp=thp, width=width) for thp, ms in ms_by_thp]
    return FakeRun(rows)


class FolioTest(unittest.TestCase):
    def test_sizes(self):
        self.assertEqual(rp.folio_bytes("never"), 4096)
        self.assertEqual(rp.folio_bytes("64K"), 65536)
        self.assertEqual(rp.folio_bytes("2M"), 2 << 20)
        self.assertIsNone(rp.folio_bytes("always"))
        self.assertIsNone(rp.folio_bytes(""))

    def test_marginal_per_mib_and_falling_shape(self):
        # (6.5 - 0.1) ms / 256 MiB = 25 µs/MiB; (3.3 - 0.1) / 256 = 12.5; (1.38 - 0.1) / 256 = 5
        run = folio_run((("never", 6.5), ("64K", 3.3), ("2M", 1.38)))
        text = "\n".join(rp.published(run, None, backed=lambda r: 1.0))
        self.assertIn("| 4 KiB (4 KiB pages) | 6.50 | 25.0 | +0% | 100% |", text)
        self.assertIn("| 64 KiB | 3.30 | 12.5 | -49% | 100% |", text)
        self.assertIn("| 2 MiB | 1.38 | 5.00 | -79% | 100% |", text)
        self.assertIn("from 4 KiB to 2 MiB fork's cost per MiB goes from 25.0 to 5.00 µs (-80%)",
                      text)
        self.assertIn("it falls at each of the 2 steps, as published", text)
        self.assertIn("64 KiB 10.44 ms (-26%); 1 MiB 9.82 ms (-30%)", text)

    def test_a_rise_and_an_overlap_are_named(self):
        run = folio_run((("never", 6.5), ("16K", 6.45), ("64K", 6.6)), width=0.05)
        text = "\n".join(rp.published(run, None, backed=lambda r: None))
        self.assertIn("it rises at 16 KiB → 64 KiB, unlike the published shape", text)
        self.assertIn("the fork intervals overlap at 4 KiB → 16 KiB", text)
        self.assertIn("| 16 KiB | 6.45 |", text)
        self.assertTrue(text.count("| – |") >= 3, text)  # backed: not measured

    def test_unconverged_cell_is_marked(self):
        run = folio_run((("never", 6.5), ("64K", 3.3)))
        run.summary[1]["converged"] = "false"
        self.assertIn("| 6.50 ⚠ |", "\n".join(rp.published(run, None, backed=lambda r: 1.0)))


class KindTest(unittest.TestCase):
    def kind_run(self, has_kind=True):
        rows = []
        for kind, ms64, ms256 in (("anon", 1.7, 6.5), ("shmem", 0.12, 0.14),
                                  ("file", 0.13, 0.1512)):
            if kind != "anon" and not has_kind:
                continue
            # a sweep's 0 point carries its kind (one fit per kind); an old run's has none
            rows.append(row("0", 0.1 * MS, touch="yes", bench="sweep", kind=kind,
                            has_kind=has_kind))
            rows += [row("64M", ms64 * MS, kind=kind, bench="sweep", has_kind=has_kind),
                     row("256M", ms256 * MS, kind=kind, bench="sweep", has_kind=has_kind)]
        # a folio-size row of the same size (latency, listed first) is not an anon point here
        rows.insert(0, row("256M", 99 * MS, thp="never", bench="latency", has_kind=has_kind))
        return FakeRun(rows)

    def test_slopes_and_flat_verdict(self):
        text = "\n".join(rp.published(self.kind_run(), None, backed=lambda r: None))
        # anon: (6.5 - 0.1) ms / 256 MiB = 25 µs/MiB; shmem (0.14 - 0.1) / 256 = 0.156;
        # file (0.1512 - 0.1) / 256 = 0.2
        self.assertIn("| kind | 0 | 64 MiB | 256 MiB | growth per MiB (µs) |", text)
        self.assertIn("| anon | 0.10 | 1.70 | 6.50 | 25.0 |", text)
        self.assertIn("| shmem | 0.10 | 0.12 | 0.14 | 0.16 |", text)
        self.assertIn("file grows 0.20 µs/MiB (+0.8% of anon's 25.0 µs/MiB)", text)
        self.assertIn("flat next to anon, as published", text)

    def test_old_run_without_the_column_is_anon_only(self):
        run = self.kind_run(has_kind=False)
        self.assertEqual(rp.kind_of(run.summary[2]), "anon")  # the 64M point
        self.assertEqual(rp.published(run, None, backed=lambda r: None), [])

    def test_no_rows_no_section(self):
        self.assertEqual(rp.published(FakeRun([]), None, backed=lambda r: None), [])
        self.assertFalse(rp.has_published(FakeRun([row("0", 1e5, touch="")]), None))


if __name__ == "__main__":
    unittest.main()
