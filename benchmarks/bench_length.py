"""Analysis time against article length: one long article must cost what its size says.

    python benchmarks/bench_length.py [--sizes 100000 1000000 4000000] [--rhetoric] [--no-ratio]

Made-up articles (short news paragraphs with quotes, figures and names, written here) of
100 KB, 1 MB and 4 MB are analysed one at a time (core analysis: watchlist off, rhetoric off
unless ``--rhetoric``); prints seconds and seconds per MB for each, and the ratio of one 1 MB
article to ten different 100 KB ones analysed in the same process (goal: <= 1.3x). Texts over
``annotate.CHUNK_CHARS`` are annotated in paragraph-aligned pieces; before that, paragraph
splitting rebuilt the text once per paragraph and claims compared every figure with every
earlier one, so 4,000 paragraphs took minutes.
"""

from __future__ import annotations

import argparse
import json
import time

from tidings import annotate, ingest
from tidings.model import Article
from tidings.pipeline import Options, Pipeline

FIRST = ["Amara", "Tomas", "Helena", "Jonas", "Priya", "Mateo", "Ingrid", "Kofi", "Leila", "Ruben"]
LAST = ["Okafor", "Lindqvist", "Costa", "Brandt", "Raman", "Ferreira", "Holm", "Mensah", "Haddad"]
TOWNS = ["Aldgate", "Brixham", "Carrow", "Dunmore", "Elsworth", "Fennick", "Glenrock", "Harwood"]


def paragraph(i: int) -> str:
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
    town = TOWNS[i % len(TOWNS)]
    return [
        f'"We will open {i % 9 + 2} new clinics in {town} next year," said {name}, the health '
        "minister, on Monday.",
        f"The council of {town} approved a budget of {i * 3 % 97 + 5} million dollars on "
        "Tuesday, according to its minutes.",
        f"{name} told reporters that the plan would cost less than the bridge that {town} built "
        f"in {1950 + i % 70}.",
        f"Officials in {town} said {i % 50 + 10} workers had been hired to repair roads damaged "
        "by the floods.",
    ][i % 4]


def article(chars: int, seed: int = 0) -> Article:
    """A made-up article of about ``chars`` characters; ``seed`` varies names and numbers."""
    paras: list[str] = []
    n = 0
    i = seed * 7919
    while n < chars:
        paras.append(paragraph(i))
        n += len(paras[-1]) + 2
        i += 1
    return ingest.from_text(f"Report {seed}\n\n" + "\n\n".join(paras), source=f"bench-{seed}")


def timed(pipe: Pipeline, articles: list[Article]) -> float:
    t0 = time.perf_counter()
    for _ in pipe.analyze(articles):
        pass
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 4_000_000])
    ap.add_argument("--rhetoric", action="store_true", help="Run the rhetoric tagger too.")
    ap.add_argument("--no-ratio", action="store_true", help="Skip the 1 MB vs 10 x 100 KB ratio.")
    args = ap.parse_args()
    pipe = Pipeline(nlp=annotate.load(), options=Options(watchlist=False, rhetoric=args.rhetoric))
    timed(pipe, [article(5_000)])  # warm up (model, lexicons)

    result: dict[str, object] = {"chunk_chars": annotate.CHUNK_CHARS}
    for size in args.sizes:
        one = article(size)
        seconds = timed(pipe, [one])
        result[f"{size}_chars"] = {
            "paragraphs": one.text.count("\n\n") + 1,
            "seconds": round(seconds, 2),
            "seconds_per_mb": round(seconds / (len(one.text) / 1e6), 2),
        }
    if args.no_ratio:
        print(json.dumps(result, indent=2))
        return
    ten = [article(100_000, seed=s) for s in range(1, 11)]
    ten_s = timed(pipe, ten)
    one_mb = article(sum(len(a.text) for a in ten))
    one_s = timed(pipe, [one_mb])
    result["ten_100kb_seconds"] = round(ten_s, 2)
    result["one_1mb_seconds"] = round(one_s, 2)
    result["ratio_1mb_vs_ten_100kb"] = round(one_s / ten_s, 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
