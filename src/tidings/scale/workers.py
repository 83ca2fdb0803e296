"""Dask distributed analysis: partitions of articles go to workers, analyses come back in order.

Each worker process loads the pipeline (the spaCy model) once, on its first partition, and
keeps it for the rest of the run; the client keeps only a bounded window of partitions in
flight, so an unbounded source streams. A partition never fails as a whole because of one
article: the worker analyses the partition as a batch and, when that raises, each article
alone, returning the failures with their reasons. ``ModelError`` and ``ConfigError`` (no
article can be analysed) still stop the run.

Writing stays on the client (``tidings.sources.run.ingest``): one writer, batched
transactions, the same resume rules as a local run.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tidings.exc import ConfigError, ModelError, TidingsError
from tidings.model import Analysis, Article
from tidings.pipeline import Options, chunks

if TYPE_CHECKING:
    from distributed import Client

#: Articles per task sent to a worker.
PARTITION = 16

_PIPELINES: dict[str, Any] = {}
_LOCK = threading.Lock()


class ClusterError(TidingsError):
    """The Dask scheduler can't be reached or the local cluster can't start."""


def _pipeline(options: Options) -> Any:
    """This worker process's pipeline for ``options``, loaded on first use."""
    from tidings.pipeline import Pipeline

    key = repr(options)
    with _LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = Pipeline(options=options)
        return _PIPELINES[key]


def analyze_partition(
    articles: list[Article], options: Options
) -> list[Analysis | tuple[Article, str]]:
    """Runs on a worker: an Analysis per article, or ``(article, reason)`` for one that failed."""
    pipeline = _pipeline(options)
    with _LOCK:  # spaCy pipelines are not made for concurrent calls from several threads
        try:
            return list(pipeline.analyze(articles))
        except (ModelError, ConfigError):
            raise
        except Exception:
            pass
        out: list[Analysis | tuple[Article, str]] = []
        for a in articles:
            try:
                out.extend(pipeline.analyze([a]))
            except (ModelError, ConfigError):
                raise
            except Exception as e:
                out.append((a, " ".join(str(e).split())[:300] or type(e).__name__))
        return out


def analyze_on_cluster(
    articles: Iterable[Article],
    client: Client,
    *,
    options: Options | None = None,
    on_error: Callable[[Article, str], None],
    partition: int = PARTITION,
    in_flight: int | None = None,
) -> Iterator[Analysis]:
    """Analyse ``articles`` on the cluster behind ``client``; analyses come back in input order.

    At most ``in_flight`` partitions (default: two per worker thread) are submitted ahead of
    the one being consumed. Failed articles go to ``on_error`` with their reason.
    """
    options = options or Options()
    threads = sum(client.nthreads().values()) or 1
    window = in_flight or 2 * threads
    futures: deque[Any] = deque()
    for part in chunks(articles, partition):
        futures.append(client.submit(analyze_partition, part, options, pure=False))
        while len(futures) >= window:
            yield from _collect(futures.popleft(), on_error)
    while futures:
        yield from _collect(futures.popleft(), on_error)


def _collect(future: Any, on_error: Callable[[Article, str], None]) -> Iterator[Analysis]:
    for item in future.result():
        if isinstance(item, Analysis):
            yield item
        else:
            on_error(*item)
    future.release()


@contextmanager
def cluster(*, scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers`` processes
    (one thread each: the pipeline holds the GIL). Raises ``ClusterError`` with one line when
    the scheduler is unreachable."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        try:
            yield client
        finally:
            client.close()
        return
    local = LocalCluster(
        n_workers=workers or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # a free port: never clash with another cluster on 8787
        silence_logs=40,  # logging.ERROR: worker chatter would break the progress bar
    )
    client = Client(local)
    try:
        yield client
    finally:
        client.close()
        local.close()


def _peak_rss() -> int:
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def worker_memory(client: Client) -> dict[str, int]:
    """Peak resident memory (bytes) of each worker process so far."""
    return {str(k): int(v) for k, v in client.run(_peak_rss).items()}
