"""What the routes share: the store, the analysis pipeline (loaded once, one analysis at a time)
and turning a request's text, HTML or URL into an Article.

A request's analysis (fetch included) is bounded by ``ServeConfig.analyze_timeout`` and ends when
its client goes away: the article is built in a thread, the pipeline runs in ``worker.Worker``'s
child process (one at a time: requests queue rather than race), and a request that times out or
whose client disconnected kills that process, so the next request is served at once instead of
waiting for an abandoned parse.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import anyio

from tidings import ingest
from tidings.exc import InputError, TidingsError
from tidings.ingest.normalize import repair_surrogates
from tidings.model import Analysis, Article
from tidings.pipeline import Pipeline
from tidings.serve.config import ServeConfig
from tidings.serve.worker import Stopped, Worker
from tidings.sources.fetch import Fetcher, FetchOptions, strip_credentials
from tidings.store import Store, WriteResult


class AnalysisTimeout(TidingsError):
    """An analysis took longer than the server allows, or used more memory."""


class ClientGone(TidingsError):
    """The client disconnected before its analysis finished (the analysis was stopped)."""


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
        self.worker = Worker(lambda: self.pipeline, max_memory_mb=config.max_memory_mb)

    def close(self) -> None:
        self.worker.close()
        if self._own_store:
            self.store.close()

    @property
    def pipeline(self) -> Pipeline:
        """The analysis pipeline, loaded on first use (loading spaCy takes seconds); the worker
        processes inherit it."""
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
                response.data,
                strip_credentials(url),
                media_type=response.media_type,
                url=response.url,
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

    async def analyze(
        self,
        store: bool = False,
        *,
        disconnected: Callable[[], Awaitable[bool]] | None = None,
        **source: Any,
    ) -> tuple[Analysis, WriteResult | None]:
        """Build the article, analyse it and (with ``store``) write it, under the timeout and for
        as long as ``disconnected()`` says the client is there. Raises ``InputError``,
        ``AnalysisTimeout``, ``ClientGone`` or ``StoreError``."""
        stop = threading.Event()
        gone = False
        result: tuple[Analysis, WriteResult | None] | None = None
        error: Exception | None = None

        def work() -> tuple[Analysis, WriteResult | None]:
            article = self.article_from(**source)
            if stop.is_set():
                raise Stopped("stopped")
            analysis = self.worker.analyze(article, stop)
            written = self.store.write([analysis]) if store else None
            return analysis, written

        async def watch(scope: anyio.CancelScope) -> None:
            nonlocal gone
            assert disconnected is not None
            while not await disconnected():
                await anyio.sleep(0.25)
            gone = True
            scope.cancel()

        async def run(scope: anyio.CancelScope) -> None:
            nonlocal result, error
            try:
                result = await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
            except Exception as e:  # raised below, outside the task group (no ExceptionGroup)
                error = e
            scope.cancel()

        try:
            with anyio.fail_after(self.config.analyze_timeout):
                async with anyio.create_task_group() as tg:
                    tg.start_soon(run, tg.cancel_scope)
                    if disconnected is not None:
                        tg.start_soon(watch, tg.cancel_scope)
        except TimeoutError:
            raise AnalysisTimeout(
                f"the analysis took longer than {self.config.analyze_timeout:g} s"
            ) from None
        finally:
            stop.set()  # an abandoned thread kills the analysis process and frees the lock
        if isinstance(error, Stopped):
            raise AnalysisTimeout(str(error)) from None
        if error is not None:
            raise error
        if gone or result is None:
            raise ClientGone("the client went away; its analysis was stopped")
        return result
