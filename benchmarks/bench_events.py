"""Cost of the event extractor relative to the rest of ``tidings analyze`` on the same texts.

    python benchmarks/bench_events.py [--n 100]

Texts: the PolNeAR test split when ../shared is present (real news), else the events gold
articles and the seed, repeated to ``--n``. Each text is parsed once; the script then times,
on the same Docs: spaCy itself (``nlp.pipe``), the rest of the pipeline (``Pipeline.analyze_doc``:
entities, quotes, claims; no watchlist), and each extra stage in ``EXTRA_STAGES`` alone. It prints
ms per article and each stage's cost as a share of spaCy + the rest (the whole of ``tidings
analyze`` before the stage is added).

Hook for other stages (rhetoric): add an entry to ``EXTRA_STAGES`` taking
``(doc, analysis, article)``; it is timed the same way and reported beside events.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

from tidings import annotate, ingest
from tidings.extract import events as events_mod
from tidings.extract.document import build as build_document
from tidings.extract.index import EntityIndex
from tidings.model import Analysis, Article
from tidings.pipeline import Options, Pipeline

ROOT = Path(__file__).resolve().parents[1]

Stage = Callable[[Doc, Analysis, Article], object]


def _events(doc: Doc, analysis: Analysis, article: Article) -> object:
    index = EntityIndex(analysis.entities)
    document = build_document(doc, article, index)
    return events_mod.extract_events(doc, index, analysis.quotes, article, document)


#: Stages timed on top of the pipeline; rhetoric registers itself here when it lands, e.g.
#: ``EXTRA_STAGES["rhetoric"] = lambda doc, analysis, article: rhetoric.extract(doc, ...)``.
EXTRA_STAGES: dict[str, Stage] = {"events": _events}


def load_texts(n: int) -> list[str]:
    polnear = ROOT.parent / "shared" / "data" / "polnear" / "test" / "text"
    files = sorted(polnear.glob("*.txt")) if polnear.is_dir() else []
    base = [f.read_text("utf-8") for f in files]
    if not base:
        gold = sorted((ROOT / "tests" / "fixtures" / "events").glob("*.json"))
        base = [json.loads(f.read_text("utf-8"))["text"] for f in gold]
        base.append(
            (ROOT / "tests" / "fixtures" / "khalimov-breitbart-2015.txt").read_text("utf-8")
        )
    return [base[i % len(base)] + f"\n\n(copy {i})" for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()
    articles = [
        ingest.from_text(t, source=f"bench-{i}", published="2020-01-15")
        for i, t in enumerate(load_texts(args.n))
    ]
    nlp = annotate.load()
    list(nlp.pipe([a.text for a in articles[:4]]))  # warm up

    t0 = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=16))
    spacy_s = time.perf_counter() - t0

    pipe = Pipeline(nlp=nlp, options=Options(watchlist=False))
    t0 = time.perf_counter()
    analyses = [pipe.analyze_doc(a, d) for a, d in zip(articles, docs, strict=True)]
    rest_s = time.perf_counter() - t0

    n = len(articles)
    base_s = spacy_s + rest_s
    result: dict[str, object] = {
        "articles": n,
        "chars": sum(len(a.text) for a in articles),
        "spacy_ms_per_article": round(1000 * spacy_s / n, 2),
        "rest_of_pipeline_ms_per_article": round(1000 * rest_s / n, 2),
    }
    for name, stage in EXTRA_STAGES.items():
        found = 0
        t0 = time.perf_counter()
        for a, d, an in zip(articles, docs, analyses, strict=True):
            out = stage(d, an, a)
            found += len(out) if isinstance(out, list) else 0
        s = time.perf_counter() - t0
        result[f"{name}_ms_per_article"] = round(1000 * s / n, 2)
        result[f"{name}_per_article"] = round(found / n, 2)
        result[f"{name}_share_of_analyze"] = round(s / base_s, 4)
        result[f"{name}_share_of_rest"] = round(s / rest_s, 4) if rest_s else None
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
