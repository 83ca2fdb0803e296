"""Body-extraction quality and speed of ``tidings.ingest`` on the Scrapinghub article-extraction benchmark.

Scores our HTML path (``ingest.from_bytes``: decoding, trafilatura with metadata, normalisation,
boilerplate removal) and a plain ``trafilatura.extract`` call on the same pages in the same run,
with the benchmark's own metric: per page, word 4-gram ("shingle") multisets of prediction and
gold; precision = mean over pages with a prediction, recall = mean over pages with a gold text,
F1 = harmonic mean of the two means. Prints both scores and the time ratio (ours / trafilatura).

    python benchmarks/bench_extraction.py [--data DIR] [--limit N] [--check-stored] [--rules-only]

The data folder is ``$TIDINGS_SHARED_DIR/data/article-extraction-benchmark`` (default
``../shared``); it is read in place, never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import trafilatura

from tidings import ingest
from tidings.exc import InputError

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (
    Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared"))
    / "data"
    / "article-extraction-benchmark"
)
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams of ``text`` (a text shorter than n words gives one shorter gram; no words, none)."""
    words = _WORD.findall(text)
    if not words:
        return Counter()
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def match(gold: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised by their sum (as the benchmark does)."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Precision, recall and F1 over (gold, prediction) pairs, macro-averaged per page."""
    precisions, recalls = [], []
    for gold, pred in pairs:
        tp, fp, fn = match(gold, pred)
        if _WORD.search(pred) and tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if _WORD.search(gold) and tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def ours(html: bytes, name: str, *, learned: bool = True) -> str:
    """Our body text; ``learned=False``: boilerplate removed by the reviewed rules alone."""
    try:
        return ingest.from_bytes(
            html, name, media_type="text/html", boilerplate_model=None if learned else False
        ).text
    except InputError:
        return ""


def baseline(html: bytes) -> str:
    return trafilatura.extract(html) or ""


def baseline_metadata(html: bytes) -> str:
    """trafilatura doing the same work as we ask of it: body plus title, site name and date."""
    return trafilatura.extract(html, with_metadata=True, include_comments=False) or ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (sorted ids)")
    ap.add_argument(
        "--check-stored",
        action="store_true",
        help="also score output/trafilatura.json (metric check: README says F1 0.958)",
    )
    ap.add_argument(
        "--rules-only",
        action="store_true",
        help="also score our path with the reviewed boilerplate rules alone (no line model)",
    )
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"benchmark data not found at {args.data}", file=sys.stderr)
        return 2
    gold = json.loads((args.data / "ground-truth.json").read_text("utf-8"))
    ids = sorted(gold)[: args.limit or None]

    t_ours = t_base = t_meta = 0.0
    ours_pairs, base_pairs, rules_pairs, failed = [], [], [], 0
    for key in ids:
        html = gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes())
        expected = gold[key]["articleBody"]
        t0 = time.perf_counter()
        b = baseline(html)
        t1 = time.perf_counter()
        o = ours(html, f"{key}.html")
        t2 = time.perf_counter()
        baseline_metadata(html)
        t3 = time.perf_counter()
        t_base += t1 - t0
        t_ours += t2 - t1
        t_meta += t3 - t2
        failed += not o
        ours_pairs.append((expected, o))
        base_pairs.append((expected, b))
        if args.rules_only:
            rules_pairs.append((expected, ours(html, f"{key}.html", learned=False)))

    print(f"pages: {len(ids)}  (no article: {failed})")
    rows = [
        ("tidings.ingest", score(ours_pairs), t_ours),
        ("trafilatura.extract", score(base_pairs), t_base),
    ]
    if args.rules_only:
        rows.append(("tidings.ingest, rules only", score(rules_pairs), float("nan")))
    if args.check_stored:
        stored = json.loads((args.data / "output" / "trafilatura.json").read_text("utf-8"))
        stored = stored.get("output", stored)
        pairs = [(gold[k]["articleBody"], stored.get(k, {}).get("articleBody") or "") for k in ids]
        rows.append(("stored trafilatura 2.0.0 output", score(pairs), float("nan")))
    print(f"{'system':34} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8}")
    for name, s, t in rows:
        seconds = "-" if t != t else f"{t:.2f}"  # NaN: not timed
        print(f"{name:34} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {seconds:>8}")
    print(f"time ratio ours / trafilatura.extract: {t_ours / t_base:.2f}x")
    print(
        f"time ratio ours / trafilatura.extract(with_metadata=True): {t_ours / t_meta:.2f}x"
        f"  ({t_meta:.2f} s; metadata is the date, title and site name we need)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
