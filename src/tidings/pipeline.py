"""The analysis pipeline: Article -> spaCy Doc -> entities -> quotes -> claims (-> watchlist) -> Analysis.

``Pipeline`` loads the spaCy model once and analyses articles in batches; ``analyze_many``
spreads the work over processes with stable output order.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from tidings.watchlist import screen_analysis, screening_state


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
        #: the thread that runs the rhetoric encoder beside spaCy (one per pipeline, so each
        #: worker process has its own)
        self._rhetoric = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="rhetoric")

    def analyze_doc(
        self,
        article: Article,
        doc: Doc,
        tagged: Sequence[rhetoric_mod.TaggedSpan] | None = None,
    ) -> Analysis:
        """Every stage over one article parsed by the English model; ``tagged``: its
        ``rhetoric.tag_texts`` entry, if tagged."""
        entities = entities_mod.extract_entities(doc, article)
        index = EntityIndex(entities)
        document = build_document(doc, article, index)
        quotes = quotes_mod.extract_quotes(document)
        claims = claims_mod.extract_claims(document, quotes)
        events = events_mod.extract_events(doc, index, quotes, article, document)
        rhetoric: list[RhetoricSpan] = []
        if self.options.rhetoric:
            rhetoric = rhetoric_mod.extract_rhetoric(doc, quotes, index, article, tagged=tagged)
        analysis = _article_analysis(article, dict(self.versions))
        analysis.entities = entities
        analysis.quotes = quotes
        analysis.claims = claims
        analysis.events = events
        analysis.rhetoric = rhetoric
        if rhetoric:
            analysis.rhetoric_summary = rhetoric_mod.summarize_rhetoric(rhetoric)
        if self.options.watchlist:
            # [] at once when no watchlist index has been imported
            analysis.watchlist = screen_analysis(
                analysis, threshold=self.options.watchlist_threshold
            )
            analysis.screening = screening_state(threshold=self.options.watchlist_threshold)
        else:
            analysis.screening = {"status": "not_screened", "reason": "screening turned off"}
        return analysis

    def analyze(
        self, articles: Iterable[Article], *, stop: Callable[[], bool] | None = None
    ) -> Iterator[Analysis]:
        """Analyse articles in batches, yielding one Analysis per Article, in order.

        ``stop`` is asked between pieces of work (see ``annotate.annotate``); when it says
        true the analysis ends with ``tidings.exc.Cancelled``.
        """
        batch: list[Article] = []
        for art in articles:
            batch.append(art)
            if len(batch) >= self.options.batch_size:
                yield from self._run(batch, stop)
                batch = []
        if batch:
            yield from self._run(batch, stop)

    def analyze_other_language(self, article: Article) -> Analysis:
        """An article in a language with no installed spaCy model: ingest and cleaning only.

        The English model would tag its words as English names and verbs, so no stage that
        parses runs; the analysis says so in one notice.
        """
        analysis = _article_analysis(article, {"tidings": self.versions["tidings"]})
        analysis.notices.append(
            f"language {article.language!r}: no spaCy model installed for it; "
            "entities, quotes, claims, events, rhetoric and watchlist were not run"
        )
        return analysis

    def _run(self, batch: Sequence[Article], stop: Callable[[], bool] | None) -> Iterator[Analysis]:
        english = [a for a in batch if a.language in ENGLISH]
        texts = [a.text for a in english]
        # the rhetoric encoder (onnxruntime, which lets go of the GIL) tags each article in a
        # thread while spaCy parses the batch here
        tags: list[cf.Future[list[list[rhetoric_mod.TaggedSpan]]] | None] = [None] * len(texts)
        if self.options.rhetoric:
            tags = [self._rhetoric.submit(rhetoric_mod.tag_texts, [t]) for t in texts]
        docs = annotate.annotate(texts, batch_size=self.options.batch_size, nlp=self.nlp, stop=stop)
        parsed = zip(docs, tags, strict=True)
        for art in batch:
            annotate.check_stop(stop)
            if art.language in ENGLISH:
                doc, tagged = next(parsed)
                yield self.analyze_doc(art, doc, tagged.result()[0] if tagged else None)
            else:
                yield self.analyze_other_language(art)


#: languages the installed spaCy model reads (the English small model)
ENGLISH = frozenset({"en"})


def _article_analysis(article: Article, pipeline: dict[str, str]) -> Analysis:
    """An Analysis with the article's fields and no facts yet."""
    return Analysis(
        id=article.id,
        text=article.text,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        source=article.source,
        url=article.url,
        removed=article.removed,
        pipeline=pipeline,
        language=article.language,
        authors=article.authors,
        dateline=article.dateline,
        photo_agencies=article.photo_agencies,
    )


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
