"""The Python API: ``tidings.analyze(text_or_path) -> Analysis``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from tidings import ingest
from tidings.model import Analysis, Article
from tidings.pipeline import Options, Pipeline
from tidings.pipeline import analyze_many as _analyze_many


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    return Pipeline()


def analyze(
    text_or_path: str | Path | Article,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Analysis:
    """Analyse one article given as text, a path to a text/HTML file, or an ``Article``.

    A ``str`` that names an existing file is read as that file; any other ``str`` is the text.
    Raises ``tidings.exc.InputError`` when the input can't be analysed.
    """
    if isinstance(text_or_path, str) and not _is_path(text_or_path):
        article = ingest.from_text(
            text_or_path, title=title, outlet=outlet, published=published, url=url
        )
    else:
        read = text_or_path if isinstance(text_or_path, Article) else ingest.load_path(text_or_path)
        # what the caller says wins over what the file carries; the caller's Article is not changed
        article = replace(
            read,
            title=read.title if title is None else title,
            outlet=read.outlet if outlet is None else outlet,
            published=read.published if published is None else published,
            url=read.url if url is None else url,
        )
    return next(_pipeline().analyze([article]))


def analyze_many(
    articles: Iterable[Article], *, workers: int = 1, options: Options | None = None
) -> Iterator[Analysis]:
    """Analyse many articles (in ``workers`` processes), results in input order."""
    return _analyze_many(articles, workers=workers, options=options)


def _is_path(s: str) -> bool:
    if "\n" in s or len(s) > 4096:
        return False
    try:
        return Path(s).is_file()
    except OSError:
        return False
