"""Speed of ``tidings analyze`` against bare spaCy ``nlp.pipe`` on the same texts, in the same run.

    python benchmarks/bench_analyze.py [--n 200] [--workers 2]

"tidings" is the core analysis (entities, quotes, claims, events); "with rhetoric" adds the
propaganda-technique tagger (a MiniLM model run with onnxruntime, in a thread beside spaCy),
the default. Watchlist screening is off. Texts: the PolNeAR test split when ../shared is
present (real news, 94 articles, repeated to ``--n``), else the bundled example repeated.
Prints articles/s for each, the ratios (goal: default analysis in one process >= 0.8x bare
spaCy; ``--workers 2`` >= 1.6x bare spaCy on 2 cores), the same ratio in CPU seconds (on one
core, and as the longer of the pipeline's two threads: what a free second core gives), and
the peak resident memory of this process and of the largest worker process (MiB).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from tidings import annotate, ingest
from tidings.pipeline import Options, Pipeline, analyze_many

ROOT = Path(__file__).resolve().parents[1]


def load_texts(n: int) -> list[str]:
    polnear = ROOT.parent / "shared" / "data" / "polnear" / "test" / "text"
    files = sorted(polnear.glob("*.txt")) if polnear.is_dir() else []
    base = [f.read_text("utf-8") for f in files] or [
        (ROOT / "examples" / "khalimov-breitbart-2015.txt").read_text("utf-8")
    ]
    return [base[i % len(base)] + f"\n\n(copy {i})" for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    texts = load_texts(args.n)
    articles = [ingest.from_text(t, source=f"bench-{i}") for i, t in enumerate(texts)]
    clean = [a.text for a in articles]
    chars = sum(map(len, clean))
    nlp = annotate.load()
    list(nlp.pipe(clean[:4]))  # warm up

    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(clean, batch_size=16):
        pass
    spacy_s, spacy_cpu = time.perf_counter() - t0, time.process_time() - c0

    core = Options(watchlist=False, rhetoric=False)
    pipe = Pipeline(nlp=nlp, options=core)
    t0 = time.perf_counter()
    for _ in pipe.analyze(articles):
        pass
    tidings_s = time.perf_counter() - t0

    full = Pipeline(nlp=nlp, options=Options(watchlist=False))
    next(full.analyze(articles[:1]))  # load the rhetoric model outside the timing
    t0, c0, m0 = time.perf_counter(), time.process_time(), time.thread_time()
    for _ in full.analyze(articles):
        pass
    full_s, full_cpu = time.perf_counter() - t0, time.process_time() - c0
    main_cpu = time.thread_time() - m0  # spaCy and the extractors; the encoder has its thread

    t0 = time.perf_counter()
    for _ in analyze_many(articles, workers=args.workers, options=core):
        pass
    workers_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in analyze_many(articles, workers=args.workers, options=Options(watchlist=False)):
        pass
    full_workers_s = time.perf_counter() - t0

    n = len(articles)
    result = {
        "articles": n,
        "chars": chars,
        "spacy_articles_per_s": round(n / spacy_s, 2),
        "tidings_articles_per_s": round(n / tidings_s, 2),
        f"tidings_workers{args.workers}_articles_per_s": round(n / workers_s, 2),
        "tidings_with_rhetoric_articles_per_s": round(n / full_s, 2),
        "ratio_tidings_vs_spacy": round(spacy_s / tidings_s, 3),
        "ratio_tidings_with_rhetoric_vs_spacy": round(spacy_s / full_s, 3),
        f"ratio_workers{args.workers}_vs_spacy": round(spacy_s / workers_s, 3),
        f"ratio_workers{args.workers}_with_rhetoric_vs_spacy": round(spacy_s / full_workers_s, 3),
        # CPU seconds, robust to a shared machine: the default analysis costs spacy_cpu /
        # full_cpu of bare spaCy on one core; with a free second core its wall time is the
        # longer of its two threads
        "cpu_ratio_with_rhetoric_vs_spacy_one_core": round(spacy_cpu / full_cpu, 3),
        "cpu_ratio_with_rhetoric_vs_spacy_two_threads": round(
            spacy_cpu / max(main_cpu, full_cpu - main_cpu), 3
        ),
        "peak_rss_mib": _peak_mib(resource.RUSAGE_SELF),
        "peak_rss_worker_mib": _peak_mib(resource.RUSAGE_CHILDREN),
    }
    print(json.dumps(result, indent=2))


def _peak_mib(who: int) -> float:
    """Peak resident memory (Linux reports ``ru_maxrss`` in KiB) of this process or a child."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


if __name__ == "__main__":
    main()
