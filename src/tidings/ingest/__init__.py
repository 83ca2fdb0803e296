"""Bytes, files and stdin -> Article (clean text, title, outlet, date, removed boilerplate). (placeholder)

Public interface (kept stable for the other stages):

- ``from_text(text, *, source=None, title=None, outlet=None, published=None, url=None) -> Article``
- ``from_bytes(data, source, *, media_type=None) -> Article``  (raises InputError subclasses)
- ``load_path(path) -> Article``
- ``iter_sources(paths) -> Iterator[Article | InputError]``  (directories expanded, "-" = stdin)
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.exc import EmptyInput, InputError
from tidings.model import Article, content_id


def from_text(
    text: str,
    *,
    source: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Article:
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        raise EmptyInput(source or "<text>", "empty input")
    lines = text.split("\n")
    if title is None and len(lines) > 2 and lines[1].strip() == "":
        title = lines[0].strip()
        text = "\n".join(lines[2:]).strip()
    return Article(id=content_id(text), text=text, title=title, outlet=outlet, published=published, source=source, url=url)


def from_bytes(data: bytes, source: str, *, media_type: str | None = None) -> Article:
    return from_text(data.decode("utf-8"), source=source)


def load_path(path: str | Path) -> Article:
    p = Path(path)
    return from_bytes(p.read_bytes(), str(p))


def iter_sources(paths: Iterable[str]) -> Iterator[Article | InputError]:
    for raw in paths:
        try:
            if raw == "-":
                yield from_bytes(sys.stdin.buffer.read(), "-")
            else:
                yield load_path(raw)
        except InputError as e:
            yield e
