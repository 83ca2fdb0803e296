"""News-style screening: recall on listed parties written as the press writes them, and false alerts on unlisted namesakes.

The set is ``tests/fixtures/screening/news_style.csv`` (see ``tidings.watchlist.newsset``),
scored on its dev part (tuned on) and its held-out test part (reported), against the full
OFAC + UN index built from ``../shared/data/sanctions``. Beside Tidings (``screen_name`` at
the default threshold, with the row's country and type hint) runs the baseline, in the same
process: rapidfuzz ``token_sort_ratio >= 85`` (lower-cased, punctuation stripped by
``rapidfuzz.utils.default_process``) between the text and every listed name, no context.

Usage: python benchmarks/bench_news_screening.py [--sanctions ../shared/data/sanctions]
       [--data-dir DIR (reuse an index there)] [--show]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tidings.watchlist import import_lists, index_path, open_index, screen_name
from tidings.watchlist.index import Index
from tidings.watchlist.newsset import Case, Result, Screener, evaluate, load

REPO = Path(__file__).resolve().parents[1]
SET = REPO / "tests" / "fixtures" / "screening" / "news_style.csv"
BASELINE_CUTOFF = 85


def tidings_screener(index: Index) -> Screener:
    def screen(text: str, kind: str, countries: Sequence[str]) -> set[tuple[str, str]]:
        hits = screen_name(text, kind=kind, countries=countries, index=index)
        return {(h.list, h.list_id) for h in hits}

    return screen


def rapidfuzz_screener(index: Index) -> Screener:
    from rapidfuzz import fuzz, process, utils

    pairs = index.listed_names()
    names = [n for n, _e in pairs]

    def screen(text: str, kind: str, countries: Sequence[str]) -> set[tuple[str, str]]:
        found = process.extract(
            text,
            names,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=BASELINE_CUTOFF,
            limit=None,
        )
        return {(pairs[i][1].list, pairs[i][1].list_id) for _n, _s, i in found}

    return screen


def report(cases: list[Case], index: Index, show: bool) -> dict[str, Result]:
    out: dict[str, Result] = {}
    for label, screener in (
        ("tidings", tidings_screener(index)),
        (f"rapidfuzz token_sort_ratio >= {BASELINE_CUTOFF}", rapidfuzz_screener(index)),
    ):
        for split in ("dev", "test"):
            part = [c for c in cases if c.split == split]
            t = time.perf_counter()
            res = evaluate(part, screener)
            out[f"{label}/{split}"] = res
            print(f"{label:38s} {split:4s}: {res.line()}  ({time.perf_counter() - t:.1f} s)")
            if show:
                for m in res.misses:
                    print(f"    missed: {m}")
                for f in res.false_alerts:
                    print(f"    false alert: {f}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sanctions", type=Path, default=REPO.parent / "shared" / "data" / "sanctions")
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--show", action="store_true", help="print every miss and false alert")
    args = ap.parse_args(argv)
    cases = load(SET)
    print(
        f"news-style set: {sum(1 for c in cases if c.expected)} listed, "
        f"{sum(1 for c in cases if not c.expected)} namesakes; "
        f"test part {sum(1 for c in cases if c.split == 'test')} rows"
    )
    with tempfile.TemporaryDirectory() as tmp:
        d = args.data_dir or Path(tmp)
        if open_index(index_path(d)) is None:
            import_lists([args.sanctions], data_dir=d)
        index = open_index(index_path(d))
        assert index is not None
        report(cases, index, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
