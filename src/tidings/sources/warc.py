"""WARC files (warcio), such as Common Crawl's CC-NEWS: HTML response records -> pages.

Yields one ``Page`` per HTML record (``response`` with HTTP 200, or ``resource``) and one
``InputError`` per record that can't be read. A file that is not WARC at all, or breaks off
mid-record, ends with one ``InputError`` naming the offset; the records before it are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tidings import settings
from tidings.exc import InputError

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class Page:
    """One HTML record: the target URL, the body and where it sits in the file."""

    url: str
    data: bytes
    media_type: str
    offset: int
    date: str | None  # WARC-Date: when it was crawled, not when it was published


def iter_warc(path: str | Path, *, max_bytes: int | None = None) -> Iterator[Page | InputError]:
    """Pages of a (gzipped or plain) WARC file, in file order; never raises for bad content."""
    limit = max_bytes or settings.max_input_bytes()
    name = str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed in finally, iterated lazily
    except OSError as e:
        yield InputError(name, f"can't read ({e.strerror or e})")
        return
    try:
        records = ArchiveIterator(stream)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as e:
                yield InputError(name, f"malformed WARC ({' '.join(str(e).split())[:200]})")
                return
            offset = records.get_record_offset()
            where = f"{name}@{offset}"
            try:
                page = _page(record, offset, limit, where)
            except InputError as e:
                yield e
                continue
            except Exception as e:  # a broken record: report it, read on
                yield InputError(where, f"unreadable WARC record ({type(e).__name__}: {e})")
                continue
            if page is not None:
                yield page
    finally:
        stream.close()


def _page(record: object, offset: int, limit: int, where: str) -> Page | None:
    rec_type = getattr(record, "rec_type", None)
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI") or where
    if rec_type == "response":
        http = record.http_headers  # type: ignore[attr-defined]
        if http is None:
            return None
        status = http.get_statuscode()
        media = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if status != "200" or media not in HTML_TYPES:
            return None
    elif rec_type == "resource":
        media = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if media not in HTML_TYPES:
            return None
    else:
        return None
    data = record.content_stream().read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise InputError(url, f"record is over the limit of {limit:,} bytes")
    return Page(url, data, media, offset, headers.get_header("WARC-Date"))
