"""WARC files (warcio), such as Common Crawl's CC-NEWS: HTML response records -> pages.

Yields one ``Page`` per HTML record (``response`` with HTTP 200, or ``resource``) and one
``InputError`` per record that can't be read. A file that is not WARC at all, or breaks off
mid-record, ends with one ``InputError`` naming the offset; the records before it are kept.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
        if not _is_warc(stream):
            yield InputError(name, "not a WARC file (no WARC/1.x header at the start)")
            return
        # digests are not checked (crawls differ in how they compute them); a record cut short
        # is caught by its length instead (see _page)
        records = ArchiveIterator(stream)
        count = 0
        while True:
            try:
                record = next(records)
                if record.rec_type is None:  # junk after a WARC/ line
                    raise ValueError("record without a WARC-Type")
                count += 1
            except StopIteration:
                if count == 0:
                    yield InputError(name, "malformed WARC (no readable records)")
                return
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as e:
                yield InputError(name, f"malformed WARC ({' '.join(str(e).split())[:200]})")
                return
            # the payload must be read before asking for the offset (which skips the record)
            try:
                item: Page | InputError | None = _page(record, limit)
            except InputError as e:
                item = e
            except Exception as e:  # a broken record: report it, read on
                item = InputError(name, f"unreadable WARC record ({type(e).__name__}: {e})")
            offset = records.get_record_offset()
            if isinstance(item, InputError):
                yield InputError(f"{item.source}@{offset}", item.reason)
            elif item is not None:
                item.offset = offset
                yield item
    finally:
        stream.close()


def _is_warc(stream: BinaryIO) -> bool:
    head = stream.read(64)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=stream) as gz:
                head = gz.read(16)
        except (OSError, EOFError):
            return False
        finally:
            stream.seek(0)
    return head.startswith(b"WARC/")


def _page(record: object, limit: int) -> Page | None:
    rec_type = getattr(record, "rec_type", None)
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI") or "?"
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
    missing = getattr(record.raw_stream, "limit", 0)  # type: ignore[attr-defined]
    if missing:
        raise InputError(url, f"WARC record cut short ({missing:,} bytes missing)")
    return Page(url, data, media, -1, headers.get_header("WARC-Date"))
