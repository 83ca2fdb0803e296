"""Watchlist quality: recall and false-positive rate on sanctions-screening-benchmark 0.1.0, offline, local SDN files.

The benchmark (``pip install sanctions-screening-benchmark==0.1.0``) perturbs listed names
(transliteration, order, initials, homoglyphs, OCR, typos, truncation, ...) and adds synthetic
near-miss negatives. Its ``score()`` calls ``matcher(query, candidate) -> [0, 1]`` for every
candidate name of a pool of listed individuals. Matchers run in the same process:

- ``tidings``: ``tidings.watchlist.match.compare`` over ``prepare``d names (our name score);
- ``rapidfuzz``: ``token_sort_ratio / 100`` (the baseline);
- ``logic-v2``: nomenklatura's LogicV2 on FollowTheMoney Person entities (slow: run on a
  deterministic sample of cases, and the other matchers are scored on that sample too).

A second table screens every case against the full OFAC + UN index (``Index.search``), the
harder, real setting: 16,000 entries instead of the pool.

Each table ends with a threshold sweep; the sweeps reuse the best candidate found per case
(``Best``), so only one matching pass per matcher is run. ``--cases N`` scores a fixed
sample of N cases, for quick iterations (the full run takes about 10 minutes, most of it
logic-v2 on its sample).

Usage: python benchmarks/bench_watchlist.py [--limit 250] [--sample 400] [--threshold 0.90]
       [--cases 0] [--sanctions ../shared/data/sanctions]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tidings.watchlist.match import compare
from tidings.watchlist.names import PERSON, prepare
from tidings.watchlist.screen import DEFAULT_THRESHOLD

REPO = Path(__file__).resolve().parents[1]
SWEEP = (0.8, 0.82, 0.84, 0.85, 0.86, 0.88, 0.9, 0.92, 0.95)


def snapshot(sanctions: Path):  # type: ignore[no-untyped-def]
    from ssb import sources

    sdn = (sanctions / "ofac_sdn_2024-05-03" / "sdn.csv").read_text("utf-8")
    alt = (sanctions / "ofac_sdn_aux_2025-01" / "alt.csv").read_text("utf-8")
    entities = sources._parse_sdn(sdn)
    sources._parse_alt(alt, entities)  # alias rows of entries not in sdn.csv are ignored (orphans)
    return sources.ListSnapshot(
        "ofac_sdn (local files)",
        "2024-05-03 + alt 2025-01",
        list(entities.values()),
        str(sanctions),
    )


def tidings_matcher(query: str, candidate: str) -> float:
    return compare(prepare(query, PERSON), prepare(candidate, PERSON)).score


def rapidfuzz_matcher(query: str, candidate: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.token_sort_ratio(query, candidate)) / 100.0


def logic_v2_matcher() -> Callable[[str, str], float] | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
        from nomenklatura.matching.types import ScoringConfig
    except ImportError as e:  # pragma: no cover - optional
        print(f"logic-v2 not run: {e} (pip install nomenklatura)", file=sys.stderr)
        return None
    config = ScoringConfig.defaults()
    cache: dict[str, object] = {}

    def person(name: str):  # type: ignore[no-untyped-def]
        e = cache.get(name)
        if e is None:
            e = model.make_entity("Person")
            e.id = f"p{len(cache)}"
            e.add("name", name)
            cache[name] = e
        return e

    def match(query: str, candidate: str) -> float:
        return float(LogicV2.compare(person(query), person(candidate), config).score)

    return match


class Best:
    """The best candidate of every case for one matcher, found once, scored at any threshold.

    ``stand_in`` gives ``ssb.benchmark.score`` the same result as the matcher at any
    threshold (the first best name keeps its score, every other name scores 0), and
    ``rates`` computes recall and false-positive rate directly from the same bests, the way
    ``score`` does (best entity first in pool order, positives must hit the expected one).
    """

    def __init__(self, bench, matcher: Callable[[str, str], float]) -> None:  # type: ignore[no-untyped-def]
        self.bench = bench
        self.best: dict[str, tuple[str | None, str, float]] = {}
        for case in bench.cases:
            if case.query in self.best:
                continue
            top_id, top, top_score = None, "", 0.0
            for entity_id, names in bench.candidates.items():
                for cand in names:
                    sc = matcher(case.query, cand)
                    if sc > top_score:
                        top_id, top, top_score = entity_id, cand, sc
            self.best[case.query] = (top_id, top, top_score)

    def stand_in(self, query: str, candidate: str) -> float:
        _id, name, sc = self.best[query]
        return sc if candidate == name else 0.0

    def rates(self, threshold: float) -> tuple[float, float]:
        tp = fn = fp = tn = 0
        for case in self.bench.cases:
            best_id, _name, sc = self.best[case.query]
            fired = sc >= threshold
            if case.expected_entity_id is not None:
                if fired and best_id == case.expected_entity_id:
                    tp += 1
                else:
                    fn += 1
            elif fired:
                fp += 1
            else:
                tn += 1
        return tp / max(tp + fn, 1), fp / max(fp + tn, 1)


def sample(bench, n: int):  # type: ignore[no-untyped-def]
    from ssb.benchmark import Benchmark

    if n <= 0 or n >= len(bench.cases):
        return bench
    step = len(bench.cases) / n
    cases = [bench.cases[int(i * step)] for i in range(n)]
    return Benchmark(manifest=bench.manifest, cases=cases, candidates=bench.candidates)


def row(name: str, sc, seconds: float, n: int) -> str:  # type: ignore[no-untyped-def]
    return (
        f"  {name:<22} recall {sc.overall_recall:6.1%}   FPR {sc.false_positive_rate:5.1%}"
        f"   precision {sc.overall_precision:6.1%}   {seconds:7.1f} s ({n} cases)"
    )


def full_index_bests(bench, sanctions: Path) -> tuple[list[tuple[bool, float, bool]], float]:  # type: ignore[no-untyped-def]
    """Screen every case against the full OFAC + UN index (``Index.search``).

    Per case: (positive?, top score, expected ent_num among the top-scored candidates: its UN
    listing may tie with it), and the seconds the searches took.
    """
    from tidings.watchlist import import_lists, index_path, open_index

    with tempfile.TemporaryDirectory() as tmp:
        import_lists([sanctions], data_dir=Path(tmp))
        idx = open_index(index_path(Path(tmp)))
        assert idx is not None
        out = []
        t = time.perf_counter()
        for case in bench.cases:
            cands = idx.search(prepare(case.query, PERSON), PERSON, limit=5)
            top = cands[0].match.score if cands else 0.0
            ok = any(
                c.match.score == top
                and c.entry.list == "us_ofac_sdn"
                and c.entry.list_id == case.expected_entity_id
                for c in cands
            )
            out.append((case.expected_entity_id is not None, top, ok))
        return out, time.perf_counter() - t


def full_index_rates(
    results: list[tuple[bool, float, bool]], threshold: float
) -> tuple[float, float]:
    pos = [ok and top >= threshold for positive, top, ok in results if positive]
    neg = [top >= threshold for positive, top, _ok in results if not positive]
    return sum(pos) / max(len(pos), 1), sum(neg) / max(len(neg), 1)


def _print_full(bench, threshold: float, sanctions: Path) -> None:  # type: ignore[no-untyped-def]
    results, secs = full_index_bests(bench, sanctions)
    n = len(results)
    recall, fpr = full_index_rates(results, threshold)
    print(
        "\nEvery case against the full OFAC + UN index (Index.search, 16k entries):\n"
        f"  tidings index          recall {recall:6.1%}   FPR {fpr:5.1%}   {secs:7.1f} s"
        f" ({n} cases, {n / secs:.0f} names/s)"
    )
    print(
        "  sweep: "
        + "; ".join(
            f"{th:.2f} {r:.1%} / {f:.1%}"
            for th, (r, f) in (
                (th, full_index_rates(results, th)) for th in (0.85, 0.88, 0.9, 0.92)
            )
        )
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--limit", type=int, default=250, help="listed individuals in the pool (ssb default 250)"
    )
    ap.add_argument(
        "--sample", type=int, default=400, help="cases for the three-way comparison with logic-v2"
    )
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--sanctions", type=Path, default=REPO.parent / "shared" / "data" / "sanctions")
    ap.add_argument("--skip-full", action="store_true", help="skip the full-index table")
    ap.add_argument("--only-full", action="store_true", help="only the full-index table")
    ap.add_argument(
        "--cases", type=int, default=0, help="a deterministic sample of this many cases (iteration)"
    )
    args = ap.parse_args(argv)

    from ssb import benchmark as bm

    bench = bm.build(snapshot(args.sanctions), limit=args.limit, seed=0)
    m = bench.manifest
    if args.cases:
        bench = sample(bench, args.cases)
        print(f"(a sample of {len(bench.cases)} cases of the benchmark below)")
    print(
        f"sanctions-screening-benchmark 0.1.0: {m.entity_count} listed individuals, {m.case_count} cases "
        f"({m.positive_count} positive, {m.negative_count} negative), seed 0, threshold {args.threshold}"
    )

    if args.only_full:
        _print_full(bench, args.threshold, args.sanctions)
        return 0
    print("\nAll cases, pool of listed names:")
    results = {}
    bests: dict[str, Best] = {}
    for name, matcher in (
        ("tidings", tidings_matcher),
        ("rapidfuzz token_sort", rapidfuzz_matcher),
    ):
        t = time.perf_counter()
        bests[name] = Best(bench, matcher)
        sc = bm.score(bench, bests[name].stand_in, threshold=args.threshold, matcher_name=name)
        assert (sc.overall_recall, sc.false_positive_rate) == bests[name].rates(args.threshold)
        results[name] = sc
        print(row(name, sc, time.perf_counter() - t, len(bench.cases)))
    base = results["rapidfuzz token_sort"]
    ours = results["tidings"]
    print(
        f"  ratio tidings / rapidfuzz: recall x{ours.overall_recall / max(base.overall_recall, 1e-9):.2f}, "
        f"FPR x{ours.false_positive_rate / max(base.false_positive_rate, 1e-9):.2f}"
    )

    print(f"\ntidings by perturbation class at {args.threshold}:")
    for c in ours.by_class:
        print(f"  {c.perturbation:<18} {c.family:<12} {c.hits:>5}/{c.n:<5} {c.recall:6.1%}")

    print(f"\nThreshold sweep (recall / FPR; tidings default {DEFAULT_THRESHOLD}):")
    print(f"  {'threshold':<10}" + "".join(f"{n:>26}" for n in bests))
    for th in SWEEP:
        cells = "".join(f"{r:>16.1%} / {f:>5.1%}" for r, f in (b.rates(th) for b in bests.values()))
        mark = "  <- default" if th == DEFAULT_THRESHOLD else ""
        print(f"  {th:<10.2f}{cells}{mark}")

    lv2: Callable[[str, str], float] | None = logic_v2_matcher()
    if lv2 is not None and args.sample:
        sub = sample(bench, args.sample)
        print(
            f"\nSame {len(sub.cases)}-case sample, three matchers (logic-v2 is too slow for all cases):"
        )
        sample_bests: dict[str, Best] = {}
        three: list[tuple[str, Callable[[str, str], float]]] = [
            ("tidings", tidings_matcher),
            ("rapidfuzz token_sort", rapidfuzz_matcher),
            ("nomenklatura logic-v2", lv2),
        ]
        for name, fn in three:
            t = time.perf_counter()
            best = Best(sub, fn)
            secs = time.perf_counter() - t
            sc = bm.score(sub, best.stand_in, threshold=args.threshold, matcher_name=name)
            print(row(name, sc, secs, len(sub.cases)))
            sample_bests[name] = best
        print(f"  {'threshold':<10}" + "".join(f"{n:>26}" for n in sample_bests))
        for th in (0.8, 0.85, 0.9, 0.95):
            cells = "".join(
                f"{r:>16.1%} / {f:>5.1%}" for r, f in (b.rates(th) for b in sample_bests.values())
            )
            print(f"  {th:<10.2f}{cells}")

    if not args.skip_full:
        _print_full(bench, args.threshold, args.sanctions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
