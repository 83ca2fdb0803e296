"""Full-text search latency on a synthetic corpus (default 100,000 articles) on SQLite.

Builds the corpus straight into the store tables (no NLP: the FTS5 triggers index it), then
times ``Store.search`` (ranked, one page of 20 hits with snippets) over a mix of rare, common,
multi-word, phrase, OR and filtered queries, and a baseline: the same words found by a
case-insensitive ``LIKE`` scan (what a store without a full-text index would do).

    python benchmarks/bench_search.py [--articles 100000] [--repeat 5] [--db PATH]

Goal (issue 4): p95 <= 50 ms at 100,000 articles.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from tidings.store import Store
from tidings.store import schema as S

OUTLETS = ["Reuters", "AP", "RFE/RL", "Meduza", "BBC", "Le Monde", "Al Jazeera", "TASS"]
TOPIC_WORDS = [
    "sanctions",
    "ceasefire",
    "election",
    "pipeline",
    "earthquake",
    "khalimov",
    "harvest",
    "tariff",
]


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 10))))
    return sorted(words)


def build(store: Store, n: int, *, seed: int = 7, words_per_article: int = 180) -> float:
    """Insert ``n`` synthetic articles (Zipf-distributed words, a few topic words); returns seconds."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 30_000)
    # Zipf weights: word k is drawn with probability ~ 1/k, like natural text
    cum, total = [], 0.0
    for k in range(1, len(vocab) + 1):
        total += 1.0 / k
        cum.append(total)
    start = time.perf_counter()
    now = datetime.now(UTC)
    day0 = date(2015, 1, 1)
    batch: list[dict[str, object]] = []
    with store.engine.begin() as conn:
        for i in range(n):
            words = rng.choices(vocab, cum_weights=cum, k=words_per_article)
            for topic in rng.sample(TOPIC_WORDS, rng.randint(0, 2)):
                words[rng.randrange(len(words))] = topic
            sentences = [
                " ".join(words[j : j + 15]).capitalize() + "." for j in range(0, len(words), 15)
            ]
            text = " ".join(sentences)
            title = " ".join(rng.choices(vocab, cum_weights=cum, k=6)).capitalize()
            aid = f"{i:016x}"
            batch.append(
                {
                    "id": aid,
                    "title": title,
                    "outlet": OUTLETS[i % len(OUTLETS)],
                    "published": (day0 + timedelta(days=i % 3650)).isoformat(),
                    "source": f"synthetic/{i}",
                    "url": None,
                    "language": "en",
                    "text": text,
                    "analysis": {"id": aid},
                    "pipeline": {},
                    "pipeline_key": "synthetic",
                    "stored_at": now,
                }
            )
            if len(batch) >= 2000:
                conn.execute(S.articles.insert(), batch)
                batch.clear()
        if batch:
            conn.execute(S.articles.insert(), batch)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    return time.perf_counter() - start


def queries(vocab_sample: list[str]) -> list[tuple[str, dict[str, str]]]:
    rare, mid, common = vocab_sample[0], vocab_sample[1], vocab_sample[2]
    return [
        ("khalimov", {}),
        ("sanctions ceasefire", {}),
        ('"sanctions"', {"outlet": "Reuters"}),
        ("election OR tariff", {}),
        ("pipeline -earthquake", {}),
        ("harvest", {"since": "2018-01-01", "until": "2019-12-31"}),
        (rare, {}),
        (mid, {}),
        (common, {}),
        (f"{mid} {common}", {}),
        (f'"{common} {mid}"', {}),
        ("sanctions", {"outlet": "Meduza", "since": "2020-01-01"}),
        ("ceasefire", {"outlet": "BBC"}),
        ("election", {"since": "2016-06-01", "until": "2016-06-30"}),
        ("tariff", {"outlet": "Al Jazeera", "until": "2016-01-01"}),
        (common, {"outlet": "RFE/RL"}),
        (mid, {"since": "2019-03-15", "until": "2021-09-30"}),
    ]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", type=Path, default=None, help="reuse or create this SQLite file")
    args = ap.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.db"
    store = Store.open(f"sqlite:///{args.db}")
    have = store.count()
    if have < args.articles:
        secs = build(store, args.articles - have)
        print(f"built {args.articles:,} synthetic articles in {secs:.1f} s")
    n = store.count()
    size_mb = args.db.stat().st_size / 1e6

    # words at three frequency ranks, read from the index itself
    rng = random.Random(1)
    vocab = _vocabulary(random.Random(7), 30_000)
    sample = [
        vocab[rng.randrange(20_000, 30_000)],
        vocab[rng.randrange(500, 2_000)],
        vocab[rng.randrange(0, 20)],
    ]

    times: list[float] = []
    per_query: dict[str, list[float]] = {}
    for q, kw in queries(sample):
        store.search(q, **kw)  # warm the page cache for this query once
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            store.search(q, limit=20, **kw)
            dt = (time.perf_counter() - t0) * 1000
            times.append(dt)
            per_query.setdefault(f"{q} {kw or ''}".strip(), []).append(dt)

    like_times: list[float] = []
    with store.engine.connect() as conn:
        for word in ["khalimov", sample[1], "harvest"]:
            t0 = time.perf_counter()
            conn.execute(
                sa.select(S.articles.c.id)
                .where(sa.func.lower(S.articles.c.text).contains(word))
                .limit(20)
                .offset(0)
            ).all()
            conn.execute(
                sa.select(sa.func.count()).where(sa.func.lower(S.articles.c.text).contains(word))
            ).scalar()
            like_times.append((time.perf_counter() - t0) * 1000)

    p50, p95 = statistics.median(times), _pct(times, 0.95)
    filtered = [t for q, ts in per_query.items() if "{" in q for t in ts]
    print(f"corpus: {n:,} articles, {size_mb:,.0f} MB SQLite file")
    print(
        f"FTS5 search (ranked page of 20 + snippets), {len(times)} timings: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms"
    )
    print(
        f"  filtered queries only (outlet/date), {len(filtered)} timings: "
        f"p50 {statistics.median(filtered):.1f} ms, p95 {_pct(filtered, 0.95):.1f} ms"
    )
    for q, ts in per_query.items():
        print(f"  {statistics.median(ts):7.1f} ms  {q}")
    like_p50 = statistics.median(like_times)
    print(f"baseline LIKE scan (page + count), {len(like_times)} queries: p50 {like_p50:.1f} ms")
    print(
        f"ratio LIKE / FTS p50: {like_p50 / p50:.0f}x; goal p95 <= 50 ms: {'met' if p95 <= 50 else 'NOT met'}"
    )
    store.close()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
