"""Bytes, files and stdin -> Article (clean text, title, outlet, date, removed boilerplate).

Public interface (kept stable for the other stages):

- ``from_text(text, *, source=None, title=None, outlet=None, published=None, url=None) -> Article``
- ``from_bytes(data, source, *, media_type=None) -> Article``  (raises InputError subclasses)
- ``load_path(path) -> Article``
- ``iter_sources(paths) -> Iterator[Article | InputError]``  (directories expanded, "-" = stdin)

The stages, one module each, in the order data flows::

    decode.py     bytes -> str (BOM, UTF-8, declared charset, charset-normalizer; binary/empty/oversized)
    html.py       HTML -> body + title, site name, date, URL (trafilatura; ``HtmlOptions``)
    normalize.py  NFKC, spaces, line ends, blank lines: the text every offset indexes
    text.py       plain text: the first line is the title when it looks like one
    clean.py      boilerplate lines removed, each recorded as ``Removed(text, reason)``
    sources.py    paths, directories and stdin -> one Article or InputError each

``Article.text`` is the normalised, cleaned body (without the title); ``Article.id`` is
``content_id(text)``, so the same article read twice gets the same id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from tidings import settings
from tidings.exc import EmptyInput, InputError

# Modules imported as modules, so ``tidings.ingest.clean`` etc. stay the submodules.
from tidings.ingest import clean as _clean
from tidings.ingest import decode as _decode
from tidings.ingest import html as _html
from tidings.ingest import language as _language
from tidings.ingest import metadata as _metadata
from tidings.ingest import normalize as _normalize
from tidings.ingest import sources as _sources
from tidings.ingest import text as _text
from tidings.ingest.html import HtmlOptions
from tidings.ingest.lineclass import LineModel
from tidings.model import Article, Removed, content_id

__all__ = ["HtmlOptions", "from_bytes", "from_text", "iter_sources", "load_path"]


def from_text(
    text: str,
    *,
    source: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    detect_title: bool = True,
    remove_boilerplate: bool = True,
    boilerplate_model: LineModel | Literal[False] | None = None,
    extracted: bool = False,
) -> Article:
    """Build an Article from text: normalise, take the title line, remove boilerplate.

    When ``title`` is None and ``detect_title`` is true, the first line becomes the title if a
    blank line follows it and it can be a headline (see ``text.split_title``). A body line
    repeating the given title is dropped as boilerplate; ``boilerplate_model`` replaces the packaged
    line classifier (``False``: the reviewed rules alone); ``extracted`` says the text is
    trafilatura's output (``from_bytes``). ``language`` is detected from the body (py3langid). Raises ``EmptyInput`` when nothing (or
    nothing but boilerplate) is left, ``OversizedInput`` over the size limit. Removed bylines
    give ``authors``, a wire dateline ``dateline`` (and the outlet when none is given), removed
    photo credits ``photo_agencies`` (``ingest.metadata``).
    """
    name = source or "<text>"
    if 4 * len(text) > settings.max_input_bytes():  # a character is at most 4 bytes in UTF-8
        _decode.check_size(len(text.encode("utf-8", "surrogatepass")), name)
    body = _normalize.normalize(text)
    if not body:
        raise EmptyInput(name, "empty input (no text)")
    if title is not None:
        title = _normalize.normalize_line(title) or None
    elif detect_title:
        title, body = _text.split_title(body, is_boilerplate=_clean.is_boilerplate)
    removed: list[Removed] = []
    language = _language.detect(body)
    if remove_boilerplate:
        body, removed = _clean.clean(
            body, title=title, model=boilerplate_model, language=language, extracted=extracted
        )
    if not body:
        raise EmptyInput(name, "no article text (only a title or boilerplate)")
    dateline = _metadata.dateline(body, removed)
    outlet = (_normalize.normalize_line(outlet) or None) if outlet else None
    return Article(
        id=content_id(body),
        text=body,
        title=title,
        # a wire story given without an outlet is the agency's: it relays the article
        outlet=outlet or (dateline.agency if dateline else None),
        published=published,
        source=_normalize.repair_surrogates(source) if source else source,
        url=_normalize.repair_surrogates(url) if url else url,
        removed=removed,
        language=language,
        authors=_metadata.authors(removed),
        dateline=dateline,
        photo_agencies=_metadata.photo_agencies(removed),
    )


def from_bytes(
    data: bytes,
    source: str,
    *,
    media_type: str | None = None,
    url: str | None = None,
    html_options: HtmlOptions | None = None,
    boilerplate_model: LineModel | Literal[False] | None = None,
) -> Article:
    """Build an Article from raw bytes read from ``source`` (a path, ``"-"`` or a URL).

    HTML is recognised by ``media_type``, then the extension of ``source``, then the start of
    the text; its title, site name (as ``outlet``), date and canonical URL come from the page.
    Anything else is plain text. Raises ``EmptyInput``, ``BinaryInput``, ``OversizedInput``
    or ``NoArticleError`` with a one-line message naming ``source``. ``boilerplate_model`` as
    for ``from_text``.
    """
    maybe_html = (
        _html.is_html(None, source=source, media_type=media_type) or data.lstrip()[:1] == b"<"
    )
    text = _decode.decode(data, source, html=maybe_html)
    if not _html.is_html(text, source=source, media_type=media_type):
        return from_text(text, source=source, url=url, boilerplate_model=boilerplate_model)
    page = _html.extract_html(text, source, url=url, options=html_options)
    return from_text(
        page.body,
        source=source,
        title=page.title,
        outlet=page.outlet,
        published=page.published,
        url=page.url,
        detect_title=False,
        boilerplate_model=boilerplate_model,
        extracted=True,
    )


def load_path(path: str | Path, *, html_options: HtmlOptions | None = None) -> Article:
    """Read one text or HTML file. A missing file, a folder or an unreadable file is an ``InputError``.

    The size limit is checked against the file size before anything is read.
    """
    p = Path(path)
    source = str(path)
    try:
        if p.is_dir():
            raise InputError(source, "is a directory (give it to iter_sources)")
        _decode.check_size(p.stat().st_size, source)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file or directory") from None
    except OSError as e:
        raise InputError(source, f"can't read ({e.strerror or e})") from None
    return from_bytes(data, source, html_options=html_options)


def iter_sources(
    paths: Iterable[str | Path],
    *,
    html_options: HtmlOptions | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Yield one ``Article`` or ``InputError`` per article; one bad input never stops the rest.

    ``paths`` may name files (read whatever their extension), directories (their ``.txt``,
    ``.text``, ``.md``, ``.html``, ``.htm``, ``.xhtml`` files, recursively, in sorted order) and
    ``"-"`` for stdin (or the ``stdin`` byte stream given). ``Article.source`` is the file path.
    """

    def load(p: Path) -> Article:
        return load_path(p, html_options=html_options)

    def load_bytes(data: bytes, source: str) -> Article:
        return from_bytes(data, source, html_options=html_options)

    return _sources.iter_paths(paths, load_path=load, load_bytes=load_bytes, stdin=stdin)
