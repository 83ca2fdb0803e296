"""Server load on loopback: p95 latency of ``GET /api/articles/{id}`` and of the article page under
50 concurrent clients, ``POST /api/analyze`` throughput relative to in-process analysis, and how
soon the server is free again after an analysis it had to stop.

Starts ``tidings serve`` in a subprocess (so the load generator does not share its interpreter)
over a fresh SQLite store holding copies of the seed article's analysis under distinct ids, then
drives it with httpx async clients. Every phase is bounded by a request count and a time limit.

    python benchmarks/bench_serve.py [--concurrency 50] [--requests 2000] [--seconds 60]
                                     [--analyze 12] [--copies 200] [--workers 1]
                                     [--long-chars 990000] [--timeout 20]

The baseline for analysis throughput is the same texts through ``Pipeline.analyze`` in this
process, one after another (what ``tidings analyze`` does with one worker). The last phase posts
a ``--long-chars`` text (the seed repeated) under a server timeout of ``--timeout`` seconds, then
a short one: it prints when the long one was answered and how long the short one then took
(before analyses ran in a process the server can kill, the short one waited for the long parse);
then the same with a client that gives up after 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "fixtures" / "khalimov-breitbart-2015.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def texts(n: int) -> list[str]:
    """``n`` distinct articles: the seed with a different closing line each."""
    seed = SEED.read_text("utf-8")
    return [f"{seed}\n\nReporting by desk {i} for the benchmark." for i in range(n)]


def prepare(db_url: str, copies: int) -> list[str]:
    """Analyse the seed once, store ``copies`` of it under distinct ids; return the ids."""
    from tidings import analyze
    from tidings.model import Analysis
    from tidings.store import Store

    base = analyze(SEED, outlet="Breitbart", published="2015-05-29").to_dict()
    ids = [f"{i:016x}" for i in range(copies)]
    with Store.open(db_url) as store:
        store.write([Analysis.from_dict({**base, "id": aid}) for aid in ids])
    return ids


async def load(
    base: str, paths: list[str], *, concurrency: int, total: int, seconds: float
) -> dict[str, float]:
    """``concurrency`` clients issue GETs over ``paths`` until ``total`` requests or ``seconds``."""
    latencies: list[float] = []
    failures = 0
    issued = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal issued, failures
            while issued < total and time.perf_counter() < deadline:
                path = paths[issued % len(paths)]
                issued += 1
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                except httpx.HTTPError:  # a dropped connection is a failed request, not a crash
                    failures += 1
                    continue
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    failures += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return {
        "requests": len(latencies),
        "failures": failures,
        "rps": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * percentile(latencies, 95),
        "p99_ms": 1000 * percentile(latencies, 99),
    }


async def analyze_load(base: str, bodies: list[str], *, concurrency: int) -> tuple[float, int]:
    """POST every text to /api/analyze with ``concurrency`` clients; (seconds, failures)."""
    failures = 0
    queue = list(bodies)
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:

        async def worker() -> None:
            nonlocal failures
            while queue:
                text = queue.pop()
                r = await client.post("/api/analyze", json={"text": text})
                if r.status_code != 200:
                    failures += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0, failures


def in_process(bodies: list[str]) -> float:
    from tidings import ingest
    from tidings.pipeline import Pipeline

    pipeline = Pipeline()
    next(pipeline.analyze([ingest.from_text(bodies[0] + "\n\nwarm-up")]))
    t0 = time.perf_counter()
    for text in bodies:
        next(pipeline.analyze([ingest.from_text(text, source="bench")]))
    return time.perf_counter() - t0


def after_a_stopped_analysis(base: str, long_chars: int, client_wait: float | None) -> str:
    """POST a ``long_chars`` text (the client waiting ``client_wait`` s, or for the answer), then a
    short text; a line saying what happened to each and when."""
    seed = SEED.read_text("utf-8")
    long_text = ("\n\n".join([seed] * (long_chars // len(seed) + 1)))[:long_chars]
    t0 = time.perf_counter()
    try:
        r = httpx.post(base + "/api/analyze", json={"text": long_text}, timeout=client_wait or 600)
        first = f"answered {r.status_code} after {time.perf_counter() - t0:.1f} s"
    except httpx.TimeoutException:
        first = f"client gave up after {time.perf_counter() - t0:.1f} s"
    t1 = time.perf_counter()
    r = httpx.post(base + "/api/analyze", json={"text": "Anna Smith said it rained."}, timeout=600)
    return (
        f"{long_chars:,}-char POST {first}; the next short POST answered {r.status_code} "
        f"{time.perf_counter() - t1:.2f} s later"
    )


def wait_up(base: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/articles?limit=1", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000, help="GETs per endpoint")
    ap.add_argument("--seconds", type=float, default=60, help="time limit per endpoint")
    ap.add_argument("--analyze", type=int, default=12, help="articles POSTed to /api/analyze")
    ap.add_argument("--copies", type=int, default=200, help="stored articles to spread GETs over")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--long-chars", type=int, default=990_000, help="the text to stop (0: skip)")
    ap.add_argument("--timeout", type=float, default=20, help="the server's analysis timeout")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="tidings-bench-serve-") as tmp:
        env = {
            **os.environ,
            "TIDINGS_DATA_DIR": tmp,  # no watchlist index: screening skipped on both sides
            "TIDINGS_DATABASE_URL": f"sqlite:///{tmp}/store.db",
            "TIDINGS_SERVE_TIMEOUT": str(args.timeout),
        }
        os.environ.update({k: env[k] for k in ("TIDINGS_DATA_DIR", "TIDINGS_DATABASE_URL")})
        ids = prepare(env["TIDINGS_DATABASE_URL"], args.copies)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cmd = [
            sys.executable,
            "-m",
            "tidings",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(base, proc)
            results: dict[str, object] = {
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg()[0],
                "workers": args.workers,
                "concurrency": args.concurrency,
            }
            for name, paths in (
                ("GET /api/articles/{id}", [f"/api/articles/{i}" for i in ids]),
                ("GET /articles/{id} (page)", [f"/articles/{i}" for i in ids]),
            ):
                asyncio.run(load(base, paths[:5], concurrency=5, total=50, seconds=10))  # warm
                r = asyncio.run(
                    load(
                        base,
                        paths,
                        concurrency=args.concurrency,
                        total=args.requests,
                        seconds=args.seconds,
                    )
                )
                results[name] = r
                print(
                    f"{name:28s} {r['requests']:5.0f} requests, {r['failures']:.0f} failed, "
                    f"{r['rps']:7.1f} req/s, p50 {r['p50_ms']:6.1f} ms, "
                    f"p95 {r['p95_ms']:6.1f} ms, p99 {r['p99_ms']:6.1f} ms"
                )
            bodies = texts(args.analyze)
            asyncio.run(analyze_load(base, ["warm-up text by Anna Smith."], concurrency=1))
            served, failed = asyncio.run(analyze_load(base, bodies, concurrency=4))
            stopped = []
            if args.long_chars:
                for client_wait in (None, 3.0):
                    stopped.append(after_a_stopped_analysis(base, args.long_chars, client_wait))
                    print(stopped[-1])
            results["stopped analyses"] = stopped
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        local = in_process(bodies)
        served_rate = len(bodies) / served
        local_rate = len(bodies) / local
        results["POST /api/analyze"] = {
            "articles": len(bodies),
            "failures": failed,
            "served_per_s": served_rate,
            "in_process_per_s": local_rate,
            "ratio": served_rate / local_rate,
        }
        print(
            f"POST /api/analyze            {len(bodies)} articles ({failed} failed), "
            f"{served_rate:.2f} articles/s served vs {local_rate:.2f} in-process: "
            f"{served_rate / local_rate:.2f}x"
        )
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
