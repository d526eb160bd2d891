"""The report's section "Against published figures" (issue 18): what this run measured next to
what kernel developers published for the same question, so a reader sees whether the *shape*
holds here. The numbers are never expected to match (other hardware, other kernel); the
verdicts compare shapes only, from the run's medians, and say where the intervals overlap.

Two questions, each a row of PUBLISHED:
- folio sizes: fork of a touched private anonymous parent backed by 4 KiB pages (`thp=never`)
  and by mTHP folios of 16 KiB to 2 MiB (`thp=SIZE`, DESIGN §2); published: David Hildenbrand,
  "mm/memory: optimize fork() with PTE-mapped THP" (2024), 1 GiB parent, Xeon Silver 4210R.
- memory kind: fork of a parent with anonymous, shared (shmem) or file-backed memory
  (`rss_kind`, DESIGN §7) at several sizes; published: Nick Piggin's 2005 change that stopped
  fork from copying page tables of shared mappings (about 23 ms per 100 MB before, about 1 ms
  whatever the size after)."""
from .report_fmt import WARN, fmt, unconverged
from .run import num

MIB = 1048576
SIZE_UNIT = {"K": 1024, "M": MIB, "G": 1024 * MIB}

# (folio, fork before the series ms, fork after ms) for a 1 GiB parent, Hildenbrand 2024.
HILDENBRAND_MS = (("4 KiB", 14.33, 14.04), ("64 KiB", 14.05, 10.44), ("1 MiB", 13.99, 9.82))


def folio_bytes(thp):
    """The folio size a `thp` cell asks for: 4096 for `never`, the size for `16K`…, None for
    `always`, empty (the system's default) or anything else."""
    if thp == "never":
        return 4096
    if len(thp) > 1 and thp[-1].upper() in SIZE_UNIT and thp[:-1].isdigit():
        return int(thp[:-1]) * SIZE_UNIT[thp[-1].upper()]
    return None


def size_text(n):
    for unit, div in (("GiB", 1024 * MIB), ("MiB", MIB), ("KiB", 1024)):
        if n >= div and n % div == 0:
            return f"{n // div} {unit}"
    return f"{n} B"


def kind_of(r):
    """A row's memory kind: its rss_kind, `anon` in runs made before the column (DESIGN §7)."""
    return r.get("rss_kind") or ("anon" if (num(r.get("rss_bytes", "")) or 0) > 0 else "")


def _fork_rows(run):
    """Pinned fork configurations' total_ns rows (one CPU: the figures of one mode, §2)."""
    return [r for r in run.rows(None, ("total_ns",)) if r["method"] == "fork" and not r["exec"]
            and r["cpu"] and "," not in r["cpu"] and "-" not in r["cpu"]
            and r["bench"] in ("latency", "sweep") and num(r["median"]) is not None
            and not r["threads"].strip("0") and not r["fds"].strip("0")
            and not r["vmas"].strip("0")]


def _ms(r):
    return fmt(num(r["median"]) / 1e6) + (WARN if unconverged(r) else "")


def _overlap(a, b):
    lo = lambda r: num(r["ci95_low"])  # noqa: E731
    hi = lambda r: num(r["ci95_high"])  # noqa: E731
    if None in (lo(a), hi(a), lo(b), hi(b)):
        return False
    return lo(a) <= hi(b) and lo(b) <= hi(a)


def folio_rows(run):
    """{rss_bytes: {folio_bytes: row}} for touched anonymous pinned fork parents with a folio
    size asked, and the bare parent's row per CPU (the floor the per-MiB cost is taken over)."""
    groups, bare = {}, {}
    for r in _fork_rows(run):
        rss = int(num(r["rss_bytes"]) or 0)
        if rss == 0:
            bare.setdefault(r["cpu"], r)
            continue
        folio = folio_bytes(r["thp"])
        if folio is None or r["touch"] != "yes" or kind_of(r) != "anon":
            continue
        groups.setdefault((rss, r["cpu"]), {}).setdefault(folio, r)
    return {k: v for k, v in groups.items() if len(v) >= 2}, bare


def folios(run, backed):
    groups, bare = folio_rows(run)
    if not groups:
        return []
    (rss, cpu), by_folio = max(groups.items(), key=lambda kv: (len(kv[1]), kv[0][0]))
    floor = bare.get(cpu)
    base = by_folio.get(4096)
    rows, per_mib = [], []
    for folio in sorted(by_folio):
        r = by_folio[folio]
        med = num(r["median"])
        marginal = None if floor is None else (med - num(floor["median"])) / (rss / MIB)
        per_mib.append((folio, marginal, r))
        share = backed(r)
        rows.append([size_text(folio) + (" (4 KiB pages)" if folio == 4096 else ""), _ms(r),
                     "–" if marginal is None else fmt(marginal / 1000),
                     "–" if base is None else f"{100 * (med / num(base['median']) - 1):+.0f}%",
                     "–" if share is None else f"{100 * share:.0f}%"])
    out = [f"**Folio sizes.** fork of a touched {size_text(rss)} anonymous parent, pinned "
           f"(`cpu={cpu}`), per folio size (`--thp`); *per MiB* is (fork − fork of the bare "
           "parent) ÷ the region's size, the marginal cost of the region; *backed* is the share "
           "of the region that got folios of the size asked (`folio_backed_share`).", "",
           "| folio size | fork (ms) | per MiB (µs) | vs 4 KiB pages | backed |",
           "|---|---:|---:|---:|---:|"] + ["| " + " | ".join(x) + " |" for x in rows] + [""]
    out += ["Published (Hildenbrand 2024, fork of a 1 GiB parent on a Xeon Silver 4210R, with "
            "his series): " + "; ".join(
                f"{f} {a:.2f} ms" + ("" if i == 0 else
                                     f" ({100 * (a / HILDENBRAND_MS[0][2] - 1):+.0f}%)")
                for i, (f, _b, a) in enumerate(HILDENBRAND_MS)) +
            " (before the series all three took about 14 ms).", ""]
    out.append(_folio_verdict(per_mib))
    return out + [""]


def _folio_verdict(per_mib):
    """Does fork's cost per MiB fall as the folio size grows? Step by step, with the steps whose
    intervals overlap named: a fall inside the noise is not a fall."""
    known = [(f, m, r) for f, m, r in per_mib if m is not None]
    if len(known) < 2:
        return "Shape: not enough sizes with a bare-parent figure to say."
    steps, rises, ties = len(known) - 1, [], []
    for (f0, m0, r0), (f1, m1, r1) in zip(known, known[1:]):
        if m1 > m0:
            rises.append(f"{size_text(f0)} → {size_text(f1)}")
        elif _overlap(r0, r1):
            ties.append(f"{size_text(f0)} → {size_text(f1)}")
    first, last = known[0], known[-1]
    s = (f"Shape here: from {size_text(first[0])} to {size_text(last[0])} fork's cost per MiB "
         f"goes from {fmt(first[1] / 1000)} to {fmt(last[1] / 1000)} µs "
         f"({100 * (last[1] / first[1] - 1):+.0f}%)" if first[1] > 0 else
         "Shape here: the bare parent's fork is not below the 4 KiB parent's")
    if not rises:
        s += f"; it falls at each of the {steps} steps, as published"
    else:
        s += f"; it rises at {', '.join(rises)}, unlike the published shape"
    if ties:
        s += f" (the fork intervals overlap at {', '.join(ties)}: no difference shown there)"
    return s + "."


def kind_rows(run):
    """{(kind, cpu): {rss_bytes: row}} for touched pinned fork parents by memory kind, and the
    bare parents by (kind, cpu): a sweep writes each kind's rss=0 point with its kind, a latency
    bare parent has none and is every kind's 0 point (DESIGN §7)."""
    by_kind, bare = {}, {}
    for r in _fork_rows(run):
        # The system's own THP setting only: a --thp row answers the folio question, not this.
        if r["thp"] or r["touch"] not in ("yes", ""):
            continue
        rss = int(num(r["rss_bytes"]) or 0)
        if rss == 0:
            bare.setdefault((r.get("rss_kind", ""), r["cpu"]), r)
        elif r["touch"] == "yes":
            by_kind.setdefault((kind_of(r), r["cpu"]), {}).setdefault(rss, r)
    kinds = {k: v for k, v in by_kind.items() if k[0] != "anon" or len(by_kind) > 1}
    return kinds, bare


def kinds(run):
    by_kind, bare = kind_rows(run)
    if len({k for k, _cpu in by_kind}) < 2:
        return []
    cpu = max((c for _k, c in by_kind), key=lambda c: sum(cc == c for _k, cc in by_kind))
    sizes = sorted({s for (k, c), v in by_kind.items() if c == cpu for s in v})
    floor_of = lambda kind: bare.get((kind, cpu)) or bare.get(("", cpu))  # noqa: E731
    has_floor = any(floor_of(k) for k, c in by_kind if c == cpu)
    head = ["kind"] + (["0"] if has_floor else []) + [size_text(s) for s in sizes] + \
        ["growth per MiB (µs)"]
    rows, slopes = [], {}
    for kind in ("anon", "shmem", "file", "hugetlb"):
        pts = by_kind.get((kind, cpu))
        if not pts:
            continue
        floor = floor_of(kind)
        cells = ([_ms(floor) if floor else "–"] if has_floor else []) + \
            [_ms(pts[s]) if s in pts else "–" for s in sizes]
        big = max(pts)
        lo_r = floor if floor else pts[min(pts)]
        lo_x = 0 if floor else min(pts)
        slope = None if big == lo_x else \
            (num(pts[big]["median"]) - num(lo_r["median"])) / ((big - lo_x) / MIB)
        slopes[kind] = slope
        rows.append([kind] + cells + ["–" if slope is None else fmt(slope / 1000)])
    out = [f"**Memory kinds.** fork (ms) of a parent with a touched region of each kind, pinned "
           f"(`cpu={cpu}`): private anonymous (`anon`), shared anonymous (`shmem`), a private "
           "file mapping read into the page cache (`file`), hugetlb; *growth per MiB* is the "
           "line from the smallest to the largest point.", "",
           "| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    out += ["| " + " | ".join(r) + " |" for r in rows] + [""]
    out += ["Published (Piggin 2005): fork copies page tables only for private anonymous memory; "
            "shared mappings are faulted in lazily by the child, so a parent's shared memory "
            "forks in flat time (about 23 ms per 100 MB before the change, about 1 ms whatever "
            "the size after).", ""]
    a = slopes.get("anon")
    flat = [(k, s) for k, s in slopes.items() if k in ("shmem", "file") and s is not None]
    if a and a > 0 and flat:
        out.append("Shape here: " + "; ".join(
            f"{k} grows {fmt(s / 1000)} µs/MiB ({100 * s / a:+.1f}% of anon's "
            f"{fmt(a / 1000)} µs/MiB)" for k, s in flat) +
            (" — flat next to anon, as published." if all(s < 0.25 * a for _k, s in flat)
             else " — not flat next to anon, unlike the published shape."))
        out.append("")
    return out


def published(run, fig, backed=None):
    """The section's lines, [] when the run has neither question's configurations. BACKED maps
    a total_ns row to its configuration's folio_backed_share (None where not measured)."""
    if backed is None:
        shares = {(r["bench"], r["config"]): num(r["median"])
                  for r in run.rows(None, ("folio_backed_share",))}
        backed = lambda r: shares.get((r["bench"], r["config"]))  # noqa: E731
    body = folios(run, backed) + kinds(run)
    if not body:
        return []
    return ["The same questions as published kernel work, measured here: compare the shapes, "
            "not the numbers (other hardware and kernels). Medians; ⚠ where a figure did not "
            "converge.", ""] + body


def has_published(run, fig):
    return bool(published(run, fig))
