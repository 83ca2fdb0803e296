"""Ingest throughput on Dask: articles/s with 1 and 2 workers (LocalCluster, processes), peak memory per worker.

Writes ``--articles`` made-up news articles (about 200 words each, names, quotes and figures
so every extractor has work) to a temporary folder, then for each worker count starts a
LocalCluster, loads the pipeline on every worker first (startup is reported apart), and times
``tidings.sources.run.ingest`` into a fresh SQLite store: reading and writing on the client,
analysis on the workers. A plain in-process run is timed alongside as the baseline.

    python benchmarks/bench_ingest.py [--articles 400] [--workers 1 2] [--repeat 1]

Goal (issue 4): 2 workers >= 1.7x the articles/s of 1 worker. The machine must have the cores:
on a 2-core machine the client process competes with the two workers. CPU time per article
(workers and client) is printed too: unlike wall time it does not depend on other load.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from tidings.pipeline import Options
from tidings.scale import cluster, worker_memory
from tidings.sources.run import ingest
from tidings.store import Store

OPTIONS = Options(watchlist=False)
FIRST = ["Amara", "Tomas", "Jane", "Farid", "Olga", "Kenji", "Lucia", "Marek", "Nadia", "Pavel"]
LAST = ["Okafor", "Lindqvist", "Holt", "Rahimov", "Petrova", "Sato", "Moreno", "Novak", "Haddad"]
PLACES = ["Oslo", "Lagos", "Lima", "Hanoi", "Quito", "Accra", "Riga", "Dakar", "Sofia", "Kyiv"]
TOPICS = ["port strike", "flood defences", "bus fares", "school budget", "power cuts", "bridge"]


def article(rng: random.Random, i: int) -> str:
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    a = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    b = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    n1, n2, n3 = rng.randint(2, 900), rng.randint(10, 99), rng.randint(1, 40)
    paras = [
        f"{place} council row over {topic} deepens ({i})",
        f"Officials in {place} said on Tuesday that the dispute over the {topic} had cost the "
        f"city {n1} million euros so far, and that talks with unions would resume next week.",
        f'"We cannot keep paying for delays," said {a}, the deputy mayor of {place}. '
        f'"Every week costs families more."',
        f"According to a report published by the regional audit office, {n2} percent of "
        f"residents were affected last year, and {n3} projects were postponed.",
        f"{b}, who leads the opposition group on the council, accused the mayor of hiding "
        f"the true figures. {b.split()[1]} said the council had ignored three warnings.",
        f"The government in the capital has promised {n3 * 5} new inspectors, but {a.split()[1]} "
        f"said the money would arrive too late for this winter.",
    ]
    return "\n\n".join(paras)


def write_corpus(folder: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(article(rng, i), encoding="utf-8")


def timed_ingest(folder: Path, db: Path, client: object | None) -> tuple[float, int]:
    store = Store.open(f"sqlite:///{db}")
    start = time.perf_counter()
    stats = ingest([str(folder)], store, options=OPTIONS, client=client, batch_size=32)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    store.close()
    return seconds, stats.stored


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per setting (best kept)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the in-process run")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "articles"
        folder.mkdir()
        write_corpus(folder, args.articles)
        print(f"{args.articles} synthetic articles; {os.cpu_count()} CPUs reported")
        results: dict[str, float] = {}

        if not args.no_baseline:
            best = min(
                timed_ingest(folder, root / f"local{r}.db", None)[0] for r in range(args.repeat)
            )
            results["in-process"] = args.articles / best
            print(f"in-process (no Dask): {results['in-process']:.1f} articles/s ({best:.1f} s)")

        for n in args.workers:
            t0 = time.perf_counter()
            with cluster(workers=n) as client:
                from tidings.scale.workers import _pipeline

                client.run(_pipeline, OPTIONS)  # load the model on every worker first
                startup = time.perf_counter() - t0
                runs = []
                cpu0 = sum(client.run(time.process_time).values())
                client0 = time.process_time()
                for r in range(args.repeat):
                    seconds, stored = timed_ingest(folder, root / f"dask{n}-{r}.db", client)
                    assert stored == args.articles, stored
                    runs.append(seconds)
                worker_cpu = sum(client.run(time.process_time).values()) - cpu0
                client_cpu = time.process_time() - client0
                memory = worker_memory(client)
            rate = args.articles / min(runs)
            results[f"{n} workers"] = rate
            peaks = ", ".join(f"{v / 1e6:.0f}" for v in sorted(memory.values()))
            print(
                f"Dask {n} worker{'s' if n > 1 else ''}: {rate:.1f} articles/s "
                f"({min(runs):.1f} s; cluster start + model load {startup:.1f} s); "
                f"peak memory per worker: {peaks} MB"
            )
            done = args.articles * args.repeat
            print(
                f"  CPU per article: workers {1000 * worker_cpu / done:.1f} ms, "
                f"client {1000 * client_cpu / done:.1f} ms (wall time depends on free cores; "
                f"these do not)"
            )

        if "1 workers" in results:
            one = results["1 workers"]
            for key, rate in results.items():
                if key != "1 workers":
                    print(f"ratio {key} / 1 worker: {rate / one:.2f}x")
            if "2 workers" in results:
                ok = results["2 workers"] / one >= 1.7
                print(f"goal 2 workers >= 1.7x: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
