"""What the routes share: the store, the analysis pipeline (loaded once, one analysis at a time)
and turning a request's text, HTML or URL into an Article.

Analyses run in a worker thread under ``ServeConfig.analyze_timeout``; the spaCy pipeline is not
guaranteed thread-safe, so one lock serialises them (requests queue rather than race). When a
request times out or its client goes away, its thread stops at the next piece of work and
gives the lock back (it held it for minutes after a 990,000-character POST timed out).
"""

from __future__ import annotations

import threading
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import anyio

from tidings import ingest
from tidings.exc import InputError, TidingsError
from tidings.ingest.normalize import repair_surrogates
from tidings.model import Analysis, Article
from tidings.pipeline import Pipeline
from tidings.serve.config import ServeConfig
from tidings.sources.fetch import Fetcher, FetchOptions
from tidings.store import Store, WriteResult


class AnalysisTimeout(TidingsError):
    """An analysis took longer than the server allows."""


class Services:
    """The store and the pipeline behind the app; ``close`` closes a store it opened itself."""

    def __init__(
        self,
        config: ServeConfig,
        *,
        store: Store | None = None,
        pipeline: Pipeline | None = None,
    ) -> None:
        self.config = config
        self._own_store = store is None
        self.store = store if store is not None else Store.open(config.database_url)
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def close(self) -> None:
        if self._own_store:
            self.store.close()

    @property
    def pipeline(self) -> Pipeline:
        """The analysis pipeline, loaded on first use (loading spaCy takes seconds)."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline()
            return self._pipeline

    def warm_up(self) -> None:
        """Load the pipeline now rather than on the first request."""
        _ = self.pipeline

    # --- articles in -------------------------------------------------------------------

    def article_from(
        self,
        *,
        text: str | None = None,
        html: str | None = None,
        url: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        published: date | None = None,
    ) -> Article:
        """An Article from exactly one of ``text``, ``html`` or ``url`` (fetched with the safe
        fetcher: private, loopback and link-local targets refused). Raises ``InputError``."""
        given = [k for k, v in (("text", text), ("html", html), ("url", url)) if v is not None]
        if len(given) != 1:
            raise InputError("request", "give exactly one of text, html or url")
        if text is not None:
            article = ingest.from_text(text, source="api", title=title)
        elif html is not None:
            data = repair_surrogates(html).encode("utf-8")  # a lone surrogate can't be encoded
            article = ingest.from_bytes(data, "api", media_type="text/html")
        else:
            assert url is not None
            options = FetchOptions(
                timeout=self.config.fetch_timeout,
                retries=0,
                max_bytes=self.config.max_input_bytes,
                allow_private=self.config.allow_private_urls,
            )
            with Fetcher(options) as fetcher:
                response = fetcher.get(url)
            article = ingest.from_bytes(
                response.data, url, media_type=response.media_type, url=response.url
            )
            if not article.url:
                article.url = response.url
            if not article.outlet:
                host = urlsplit(response.url).hostname or ""
                article.outlet = host.removeprefix("www.") or None
        if title is not None and text is None:
            article.title = title
        if outlet is not None:
            article.outlet = outlet
        if published is not None:
            article.published = published.isoformat()
        return article

    def analyze_sync(self, article: Article, stop: threading.Event | None = None) -> Analysis:
        """Analyse under the lock; a set ``stop`` ends the analysis with ``Cancelled``."""
        pipeline = self.pipeline
        with self._lock:
            return next(pipeline.analyze([article], stop=stop.is_set if stop else None))

    async def analyze(
        self, store: bool = False, **source: Any
    ) -> tuple[Analysis, WriteResult | None]:
        """Build the article, analyse it and (with ``store``) write it, in a worker thread under
        the timeout. Raises ``InputError``, ``AnalysisTimeout`` or ``StoreError``."""

        stop = threading.Event()

        def work() -> tuple[Analysis, WriteResult | None]:
            article = self.article_from(**source)
            analysis = self.analyze_sync(article, stop)
            written = self.store.write([analysis]) if store else None
            return analysis, written

        try:
            with anyio.fail_after(self.config.analyze_timeout):
                return await anyio.to_thread.run_sync(partial(work), abandon_on_cancel=True)
        except TimeoutError:
            raise AnalysisTimeout(
                f"the analysis took longer than {self.config.analyze_timeout:g} s"
            ) from None
        finally:  # timed out, or cancelled because the client left: the thread stops too
            stop.set()
