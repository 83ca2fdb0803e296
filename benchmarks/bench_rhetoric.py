"""Speed of the rhetoric tagger on one core, its cost relative to the rest of ``tidings analyze``,
its memory and its PTC dev figures.

    python benchmarks/bench_rhetoric.py [--n 75]

Texts: the PTC dev articles when ../shared is present (real news, ~1,000 word pieces each),
else the seed article repeated. Prints articles/s of the tagger alone (onnxruntime with
``intra_op_num_threads=1``; goal >= 5) and of the rest of the pipeline (spaCy + entities,
quotes, claims, with rhetoric off) on the same texts, the ratio of the two costs, the peak
resident memory of the process (MiB), and the PTC dev SI / TC figures of
``tidings.quality.ptc`` (confident spans, and all spans the JSON keeps).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from tidings import annotate
from tidings.extract import rhetoric
from tidings.extract.index import EntityIndex
from tidings.model import Article, content_id
from tidings.pipeline import Options, Pipeline
from tidings.quality.ptc import evaluate

ROOT = Path(__file__).resolve().parents[1]


PTC = ROOT.parent / "shared" / "data" / "ptc"


def load_texts(n: int) -> list[str]:
    dev = PTC / "dev-articles"
    files = sorted(dev.glob("article*.txt")) if dev.is_dir() else []
    base = [f.read_text("utf-8") for f in files] or [
        (ROOT / "tests" / "fixtures" / "khalimov-breitbart-2015.txt").read_text("utf-8")
    ]
    return [base[i % len(base)] for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=75)
    args = ap.parse_args()
    texts = load_texts(args.n)
    articles = [Article(id=content_id(t), text=t) for t in texts]
    tagger = rhetoric.get_tagger()  # one intra-op thread
    tagger.tag(texts[0])  # warm up

    t0 = time.perf_counter()
    for t in texts:
        tagger.tag(t)
    tag_s = time.perf_counter() - t0

    nlp = annotate.load()
    pipe = Pipeline(nlp=nlp, options=Options(watchlist=False, rhetoric=False))
    list(pipe.analyze(articles[:2]))
    t0 = time.perf_counter()
    analyses = list(pipe.analyze(articles))
    rest_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for art, an in zip(articles, analyses, strict=True):
        rhetoric.extract_rhetoric(nlp.make_doc(""), an.quotes, EntityIndex(an.entities), art)
    extract_s = time.perf_counter() - t0

    n = len(texts)
    result: dict[str, object] = {
        "articles": n,
        "tagger_articles_per_s_1_thread": round(n / tag_s, 2),
        "extract_rhetoric_articles_per_s": round(n / extract_s, 2),
        "rest_of_analyze_articles_per_s": round(n / rest_s, 2),
        "rhetoric_cost_vs_rest": round(extract_s / rest_s, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if (PTC / "dev-articles").is_dir():
        result["ptc_dev"] = evaluate(PTC, "dev")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
