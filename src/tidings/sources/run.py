"""The ingest run: source specs -> tasks -> fetched Articles -> analyses -> the store, in batches.

``ingest(specs, store)`` never stops for one bad item: fetch failures, unreadable records,
articles with no text, analyses that crash and anything unexpected that one item trips are
recorded with ``store.record_error`` and skipped. Every item a source gives (a file, a URL-list
line, a feed entry, a WARC record) ends up counted exactly once: stored, duplicate, skipped
(with its reason) or error. It resumes an interrupted run by skipping what the store already has: URLs (and WARC
target URIs) that already gave a stored article are not fetched again, and an article whose
content id is stored is not analysed again (its new source is remembered). Analyses are written
``batch_size`` at a time, one transaction each, so a crash loses at most the batch in flight.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tidings import ingest as ingest_mod
from tidings.exc import ConfigError, EmptyInput, InputError, ModelError, NoArticleError
from tidings.model import Analysis, Article
from tidings.pipeline import Options, analyze_many
from tidings.report import plural
from tidings.sources import Fetch, Hints, Raw, Task, entry_task, expand
from tidings.sources.feeds import looks_like_feed, looks_like_opml, parse_feed, parse_opml
from tidings.sources.fetch import Fetcher, FetchOptions
from tidings.store import Store, StoreError

if TYPE_CHECKING:
    from distributed import Client


@dataclass(slots=True)
class IngestStats:
    """Counts of one run: ``stored`` new articles, ``duplicates`` whose content was already
    stored or seen earlier in the run, ``skipped`` inputs not read (``skip_reasons`` says why),
    ``errors`` recorded (``store.errors()`` says why); ``analysed`` counts analyses as they come,
    before their batch is stored (for progress)."""

    stored: int = 0
    analysed: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    @property
    def total(self) -> int:
        """Inputs accounted for: every item of every source lands in exactly one count."""
        return self.stored + self.duplicates + self.skipped + self.errors

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skip_reasons[reason] += 1

    def summary(self) -> str:
        """One line, e.g. ``stored 3 · 1 duplicate · 2 skipped (already ingested) · 0 errors``."""
        reasons = sorted(self.skip_reasons.items())
        why = reasons[0][0] if len(reasons) == 1 else ", ".join(f"{n} {r}" for r, n in reasons)
        return " · ".join(
            [
                f"stored {self.stored}",
                plural(self.duplicates, "duplicate"),
                f"{self.skipped} skipped" + (f" ({why})" if why else ""),
                plural(self.errors, "error"),
            ]
        )

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """New articles stored per second."""
        return self.stored / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, float | int | dict[str, int]]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "errors": self.errors,
            "skip_reasons": dict(self.skip_reasons),
            "seconds": round(self.elapsed, 3),
            "articles_per_second": round(self.rate, 3),
        }


Progress = Callable[[IngestStats], None]
Fail = Callable[[str, str, str], None]
#: sources of in-run duplicates, by article id, to remember once that article is stored
Waiting = dict[str, list[tuple[str, str | None]]]

ALREADY_INGESTED = "already ingested"


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

    waiting: Waiting = {}

    def failed(article: Article | Analysis, reason: str, stage: str) -> None:
        """An article not analysed or not written: its copies read later in the run fail too."""
        source = article.source or article.id
        fail(source, reason, stage)
        for copy, _url in waiting.pop(article.id, ()):
            stats.duplicates -= 1
            fail(copy, f"{reason} (the same text as {source})", stage)

    with Fetcher(fetch) as fetcher:
        articles = _articles(specs, store, fetcher, stats, fail, waiting, defaults)
        buffer: list[Analysis] = []
        analyses: Iterator[Analysis]
        if client is not None:
            from tidings.scale.workers import analyze_on_cluster

            analyses = analyze_on_cluster(
                articles,
                client,
                options=options,
                on_error=lambda a, reason: failed(a, reason, "analyze"),
            )
        else:
            analyses = analyze_resilient(
                articles,
                workers=workers,
                options=options,
                on_error=lambda a, e: failed(a, _one_line(e), "analyze"),
            )
        try:
            for analysis in analyses:
                buffer.append(analysis)
                stats.analysed += 1
                if len(buffer) >= batch_size:
                    _flush(store, buffer, stats, fail, failed, waiting)
                notify(stats)
        finally:
            # on Ctrl-C the analyses already made are kept; a hard kill loses only this batch
            _flush(store, buffer, stats, fail, failed, waiting)
            notify(stats)
    return stats


def _flush(
    store: Store,
    buffer: list[Analysis],
    stats: IngestStats,
    fail: Fail,
    failed: Callable[[Analysis, str, str], None],
    waiting: Waiting,
) -> None:
    if not buffer:
        return
    try:
        result = store.write(buffer)
        stats.stored += result.written
        stats.duplicates += result.skipped
        written = list(buffer)
    except StoreError:
        # find the article that breaks the batch: write one by one, record the bad ones
        written = []
        for a in buffer:
            try:
                result = store.write([a])
                stats.stored += result.written
                stats.duplicates += result.skipped
                written.append(a)
            except StoreError as e:
                failed(a, str(e), "store")
    buffer.clear()
    for a in written:
        for source, url in waiting.pop(a.id, ()):
            _remember(store, source, a.id, url, fail)


def _remember(store: Store, source: str, article_id: str, url: str | None, fail: Fail) -> None:
    """Note that ``source`` gave the stored ``article_id``; a failure is that source's error."""
    try:
        store.remember_source(source, article_id, url)
    except StoreError as e:
        fail(source, str(e), "store")


def _articles(
    specs: Iterable[str],
    store: Store,
    fetcher: Fetcher,
    stats: IngestStats,
    fail: Fail,
    waiting: Waiting,
    defaults: Hints | None = None,
) -> Iterator[Article]:
    """New articles of every source, with duplicates and already-ingested URLs skipped.

    A duplicate of an article still on its way to the store (analysed or written later in the
    run) has its source kept in ``waiting`` and remembered once that article is written.
    """
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
            try:
                article = _article(task, store, fetcher, stats, fail, queue)
            except StoreError:
                raise
            except Exception as e:  # junk that trips a parser is one bad item, not a broken run
                fail(_source(task, spec), f"unreadable ({_one_line(e)})", "read")
                continue
            if article is None:
                continue
            if article.id in in_run or store.has(article.id):
                stats.duplicates += 1
                if not article.source:
                    continue
                if article.id in in_run and not store.has(article.id):
                    waiting.setdefault(article.id, []).append((article.source, article.url))
                else:
                    _remember(store, article.source, article.id, article.url, fail)
                continue
            in_run.add(article.id)
            if defaults is not None:
                _apply_hints(article, defaults, None)
            yield article


def _article(
    task: Task, store: Store, fetcher: Fetcher, stats: IngestStats, fail: Fail, queue: deque[Task]
) -> Article | None:
    """The Article of one task, or None when it gave none (more tasks queued, skipped, failed)."""
    if isinstance(task, InputError):
        fail(task.source, task.reason, "read")
        return None
    if isinstance(task, Fetch):
        if task.kind != "feed" and store.seen(task.url):
            stats.skip(ALREADY_INGESTED)
            return None
        more = _fetch(task, fetcher, fail)
        queue.extendleft(reversed(more))
        return None
    if isinstance(task, Raw):
        if task.url and store.seen(task.url):
            stats.skip(ALREADY_INGESTED)
            return None
        return _convert(task, fail, queue)
    return task


def _source(task: Task, spec: str) -> str:
    if isinstance(task, Fetch):
        return task.url
    if isinstance(task, InputError | Raw | Article):
        return task.source or spec
    return spec


def _fetch(task: Fetch, fetcher: Fetcher, fail: Fail) -> list[Task]:
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


def _convert(raw: Raw, fail: Fail, queue: deque[Task]) -> Article | None:
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


__all__ = ["IngestStats", "analyze_resilient", "ingest", "plural", "reanalyze"]
