"""The ingest run: source specs -> tasks -> fetched Articles -> analyses -> the store, in batches.

``ingest(specs, store)`` never stops for one bad item: fetch failures, unreadable records,
articles with no text and analyses that crash are recorded with ``store.record_error`` and
skipped. It resumes an interrupted run by skipping what the store already has: URLs (and WARC
target URIs) that already gave a stored article are not fetched again, and an article whose
content id is stored is not analysed again (its new source is remembered). Analyses are written
``batch_size`` at a time, one transaction each, so a crash loses at most the batch in flight.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tidings import ingest as ingest_mod
from tidings.exc import ConfigError, EmptyInput, InputError, ModelError, NoArticleError
from tidings.model import Analysis, Article
from tidings.pipeline import Options, analyze_many
from tidings.sources import Fetch, Hints, Raw, Task, entry_task, expand
from tidings.sources.feeds import looks_like_feed, looks_like_opml, parse_feed, parse_opml
from tidings.sources.fetch import Fetcher, FetchOptions
from tidings.store import Store, StoreError

if TYPE_CHECKING:
    from distributed import Client


@dataclass(slots=True)
class IngestStats:
    """Counts of one run: ``stored`` new articles, ``duplicates`` whose content was already
    stored, ``skipped`` URLs already ingested (not fetched), ``errors`` recorded; ``analysed``
    counts analyses as they come, before their batch is stored (for progress)."""

    stored: int = 0
    analysed: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """New articles stored per second."""
        return self.stored / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "errors": self.errors,
            "seconds": round(self.elapsed, 3),
            "articles_per_second": round(self.rate, 3),
        }


Progress = Callable[[IngestStats], None]


def ingest(
    specs: Iterable[str],
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 32,
    fetch: FetchOptions | None = None,
    options: Options | None = None,
    progress: Progress | None = None,
    client: Client | None = None,
    defaults: Hints | None = None,
) -> IngestStats:
    """Ingest every source in ``specs`` into ``store``; returns the counts (see module docstring).

    With a Dask ``client`` (``tidings.scale.workers``) the analysis runs on the cluster's
    workers and ``workers`` is ignored; fetching, reading and writing stay here.
    ``defaults`` fill the title, date and outlet of articles whose source gives none.
    Raises only for what stops the whole run: the store can't be written at all (``StoreError``)
    or the model can't be loaded (``ModelError``).
    """
    stats = IngestStats()
    notify = progress or (lambda _s: None)

    def fail(source: str, reason: str, stage: str) -> None:
        store.record_error(source, reason, stage=stage)
        stats.errors += 1
        notify(stats)

    with Fetcher(fetch) as fetcher:
        articles = _articles(specs, store, fetcher, stats, fail, defaults)
        buffer: list[Analysis] = []
        analyses: Iterator[Analysis]
        if client is not None:
            from tidings.scale.workers import analyze_on_cluster

            analyses = analyze_on_cluster(
                articles,
                client,
                options=options,
                on_error=lambda a, reason: fail(a.source or a.id, reason, "analyze"),
            )
        else:
            analyses = analyze_resilient(
                articles,
                workers=workers,
                options=options,
                on_error=lambda a, e: fail(a.source or a.id, _one_line(e), "analyze"),
            )
        try:
            for analysis in analyses:
                buffer.append(analysis)
                stats.analysed += 1
                if len(buffer) >= batch_size:
                    _flush(store, buffer, stats, fail)
                notify(stats)
        finally:
            # on Ctrl-C the analyses already made are kept; a hard kill loses only this batch
            _flush(store, buffer, stats, fail)
            notify(stats)
    return stats


def _flush(
    store: Store, buffer: list[Analysis], stats: IngestStats, fail: Callable[[str, str, str], None]
) -> None:
    if not buffer:
        return
    try:
        result = store.write(buffer)
        stats.stored += result.written
        stats.duplicates += result.skipped
    except StoreError:
        # find the article that breaks the batch: write one by one, record the bad ones
        for a in buffer:
            try:
                result = store.write([a])
                stats.stored += result.written
                stats.duplicates += result.skipped
            except StoreError as e:
                fail(a.source or a.id, str(e), "store")
    buffer.clear()


def _articles(
    specs: Iterable[str],
    store: Store,
    fetcher: Fetcher,
    stats: IngestStats,
    fail: Callable[[str, str, str], None],
    defaults: Hints | None = None,
) -> Iterator[Article]:
    """New articles of every source, with duplicates and already-ingested URLs skipped."""
    in_run: set[str] = set()
    for spec in specs:
        queue: deque[Task] = deque()
        source_iter = expand(spec)
        while True:
            if queue:
                task = queue.popleft()
            else:
                try:
                    task = next(source_iter)
                except StopIteration:
                    break
                except Exception as e:  # a bug in a reader must not end the run
                    fail(spec, f"source stopped: {_one_line(e)}", "read")
                    break
            if isinstance(task, InputError):
                fail(task.source, task.reason, "read")
                continue
            if isinstance(task, Fetch):
                if task.kind != "feed" and store.seen(task.url):
                    stats.skipped += 1
                    continue
                more = _fetch(task, fetcher, fail)
                queue.extendleft(reversed(more))
                continue
            if isinstance(task, Raw):
                if task.url and store.seen(task.url):
                    stats.skipped += 1
                    continue
                article = _convert(task, fail, queue)
                if article is None:
                    continue
            else:
                article = task
            if article.id in in_run or store.has(article.id):
                stats.duplicates += 1
                if article.source:
                    store.remember_source(article.source, article.id, article.url)
                continue
            in_run.add(article.id)
            if defaults is not None:
                _apply_hints(article, defaults, None)
            yield article


def _fetch(task: Fetch, fetcher: Fetcher, fail: Callable[[str, str, str], None]) -> list[Task]:
    """Fetch one URL: a feed or OPML list gives more tasks, a page gives one ``Raw``."""
    try:
        r = fetcher.get(task.url)
    except InputError as e:
        fail(task.url, e.reason, "fetch")
        return []
    if task.kind in ("feed", "auto") and looks_like_opml(r.data):
        try:
            return [Fetch(u, "feed") for u in parse_opml(r.data, task.url)]
        except InputError as e:
            fail(task.url, e.reason, "read")
            return []
    if task.kind == "feed" or (task.kind == "auto" and looks_like_feed(r.data, r.media_type)):
        try:
            entries = parse_feed(r.data, task.url)
        except InputError as e:
            fail(task.url, e.reason, "read")
            return []
        return [entry_task(e, f"{task.url}#{i}") for i, e in enumerate(entries)]
    return [Raw(source=task.url, data=r.data, media_type=r.media_type, url=r.url, hints=task.hints)]


def _convert(raw: Raw, fail: Callable[[str, str, str], None], queue: deque[Task]) -> Article | None:
    try:
        article = ingest_mod.from_bytes(
            raw.data, raw.source, media_type=raw.media_type, url=raw.url
        )
    except (NoArticleError, EmptyInput) as e:
        if raw.fallback is not None:
            queue.appendleft(raw.fallback)
            return None
        fail(raw.source, e.reason, "read")
        return None
    except InputError as e:
        fail(raw.source, e.reason, "read")
        return None
    except Exception as e:  # junk that trips a parser is one bad item, not a broken run
        fail(raw.source, f"unreadable ({_one_line(e)})", "read")
        return None
    _apply_hints(article, raw.hints, raw.url)
    return article


def _apply_hints(article: Article, hints: Hints | None, url: str | None) -> None:
    if url and not article.url:
        article.url = url
    if hints is not None:
        article.title = article.title or hints.title
        article.published = article.published or hints.published
        article.outlet = article.outlet or hints.outlet
    if not article.outlet and article.url:
        host = urlsplit(article.url).hostname or ""
        article.outlet = host.removeprefix("www.") or None


def analyze_resilient(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    options: Options | None = None,
    on_error: Callable[[Article, BaseException], None],
) -> Iterator[Analysis]:
    """``analyze_many`` that survives an article crashing the pipeline.

    Results come back in input order, so the articles handed over but not yet returned are
    known; when the pipeline raises, each of those is retried alone, the one that fails again
    goes to ``on_error``, and analysis goes on with the rest of the input. ``ModelError`` and
    ``ConfigError`` stop the run: no article can be analysed then.
    """
    it = iter(articles)
    while True:
        pending: deque[Article] = deque()

        def feed(pending: deque[Article] = pending) -> Iterator[Article]:
            for a in it:
                pending.append(a)
                yield a

        try:
            for analysis in analyze_many(feed(), workers=workers, options=options):
                while pending and pending[0].id != analysis.id:
                    pending.popleft()
                if pending:
                    pending.popleft()
                yield analysis
            return
        except (ModelError, ConfigError):
            raise
        except Exception:
            for a in list(pending):
                try:
                    yield from analyze_many([a], workers=1, options=options)
                except (ModelError, ConfigError):
                    raise
                except Exception as e:
                    on_error(a, e)


def reanalyze(
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 32,
    options: Options | None = None,
    everything: bool = False,
    progress: Progress | None = None,
) -> IngestStats:
    """Analyse again the stored articles whose pipeline versions differ from the current ones
    (all of them with ``everything``) and replace their facts; ``stats.stored`` counts them."""
    from tidings.pipeline import Pipeline

    stats = IngestStats()
    notify = progress or (lambda _s: None)
    options = options or Options()
    if everything:
        ids = [a.id for a in store.iter_analyses()]
    else:
        ids = store.stale(Pipeline(options=options).versions)

    def articles() -> Iterator[Article]:
        for article_id in ids:
            old = store.get(article_id)
            yield Article(
                id=old.id,
                text=old.text,
                title=old.title,
                outlet=old.outlet,
                published=old.published,
                source=old.source,
                url=old.url,
                removed=old.removed,
                language=old.language,
            )

    def fail(a: Article, e: BaseException) -> None:
        store.record_error(a.source or a.id, _one_line(e), stage="analyze")
        stats.errors += 1
        notify(stats)

    buffer: list[Analysis] = []
    for analysis in analyze_resilient(articles(), workers=workers, options=options, on_error=fail):
        buffer.append(analysis)
        if len(buffer) >= batch_size:
            stats.stored += store.write(buffer, replace=True).replaced
            buffer.clear()
            notify(stats)
    if buffer:
        stats.stored += store.write(buffer, replace=True).replaced
    notify(stats)
    return stats


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:300]


__all__ = ["IngestStats", "analyze_resilient", "ingest", "reanalyze"]
