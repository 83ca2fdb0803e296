"""The analysis pipeline: Article -> spaCy Doc -> entities -> quotes -> claims (-> watchlist) -> Analysis.

``Pipeline`` loads the spaCy model once and analyses articles in batches; ``analyze_many``
spreads the work over processes with stable output order.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from tidings import annotate
from tidings.extract import claims as claims_mod
from tidings.extract import entities as entities_mod
from tidings.extract import events as events_mod
from tidings.extract import quotes as quotes_mod
from tidings.extract import rhetoric as rhetoric_mod
from tidings.extract.document import build as build_document
from tidings.extract.index import EntityIndex
from tidings.model import Analysis, Article, RhetoricSpan
from tidings.watchlist import screen_analysis


@dataclass(slots=True, kw_only=True)
class Options:
    """What to run. ``watchlist`` screens entities when a watchlist index exists."""

    watchlist: bool = True
    rhetoric: bool = True
    watchlist_threshold: float | None = None
    batch_size: int = 16


class Pipeline:
    """Holds the spaCy model; ``analyze`` turns Articles into Analyses."""

    def __init__(self, nlp: Language | None = None, options: Options | None = None) -> None:
        self.nlp = nlp or annotate.load()
        self.options = options or Options()
        entities_mod.warm()
        #: versions of every stage, recorded in each analysis (computed once, not per article)
        self.versions: dict[str, str] = {
            "tidings": _version(),
            "spacy_model": annotate.model_version(self.nlp),
            entities_mod.NAME: entities_mod.VERSION,
            quotes_mod.NAME: quotes_mod.VERSION,
            claims_mod.NAME: claims_mod.VERSION,
            events_mod.NAME: events_mod.VERSION,
            **({rhetoric_mod.NAME: rhetoric_mod.VERSION} if self.options.rhetoric else {}),
        }

    def analyze_doc(self, article: Article, doc: Doc) -> Analysis:
        entities = entities_mod.extract_entities(doc, article)
        index = EntityIndex(entities)
        document = build_document(doc, article, index)
        quotes = quotes_mod.extract_quotes(document)
        claims = claims_mod.extract_claims(document, quotes)
        events = events_mod.extract_events(doc, index, quotes, article, document)
        rhetoric: list[RhetoricSpan] = []
        if self.options.rhetoric:
            rhetoric = rhetoric_mod.extract_rhetoric(doc, quotes, index, article)
        analysis = Analysis(
            id=article.id,
            text=article.text,
            title=article.title,
            outlet=article.outlet,
            published=article.published,
            source=article.source,
            url=article.url,
            removed=article.removed,
            entities=entities,
            quotes=quotes,
            claims=claims,
            events=events,
            rhetoric=rhetoric,
            pipeline=dict(self.versions),
            language=article.language,
        )
        if rhetoric:
            analysis.rhetoric_summary = rhetoric_mod.summarize_rhetoric(rhetoric)
        if self.options.watchlist:
            # [] at once when no watchlist index has been imported
            analysis.watchlist = screen_analysis(
                analysis, threshold=self.options.watchlist_threshold
            )
        return analysis

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyse articles in batches, yielding one Analysis per Article, in order."""
        batch: list[Article] = []
        for art in articles:
            batch.append(art)
            if len(batch) >= self.options.batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: Sequence[Article]) -> Iterator[Analysis]:
        docs = self.nlp.pipe([a.text for a in batch], batch_size=self.options.batch_size)
        for art, doc in zip(batch, docs, strict=True):
            yield self.analyze_doc(art, doc)


def _version() -> str:
    from tidings import __version__

    return __version__


# --- multi-process -------------------------------------------------------------------------

_WORKER: Pipeline | None = None


def _init_worker(options: Options) -> None:
    global _WORKER
    _WORKER = Pipeline(options=options)


def _work(batch: list[Article]) -> list[Analysis]:
    assert _WORKER is not None
    return list(_WORKER.analyze(batch))


def analyze_many(
    articles: Iterable[Article], *, workers: int = 1, options: Options | None = None, chunk: int = 8
) -> Iterator[Analysis]:
    """Analyse articles with ``workers`` processes; results come back in input order."""
    options = options or Options()
    if workers <= 1:
        yield from Pipeline(options=options).analyze(articles)
        return
    batches = chunks(articles, chunk)
    with cf.ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(options,)
    ) as ex:
        # keep a bounded window of chunks in flight so huge inputs stream
        pending: list[cf.Future[list[Analysis]]] = []
        for c in batches:
            pending.append(ex.submit(_work, c))
            if len(pending) >= workers * 2:
                yield from pending.pop(0).result()
        for f in pending:
            yield from f.result()


def chunks(items: Iterable[Article], n: int) -> Iterator[list[Article]]:
    """Lists of up to ``n`` articles, in order (streams: never holds more than one list)."""
    buf: list[Article] = []
    for it in items:
        buf.append(it)
        if len(buf) >= n:
            yield buf
            buf = []
    if buf:
        yield buf
