"""Readers: feeds and OPML (feedparser), WARC records (warcio), and what a source spec is."""

from __future__ import annotations

import base64
import gzip
import hashlib
import uuid
from pathlib import Path

import pytest
from sources_server import html_page, rss

from tidings.exc import InputError
from tidings.sources import Fetch, Raw, expand, kind_of
from tidings.sources.feeds import FeedError, parse_feed, parse_opml
from tidings.sources.warc import Page, iter_warc

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Port strike ends</title><link href="https://news.example/port"/>
<updated>2015-06-03T10:00:00Z</updated><summary>Short.</summary></entry></feed>"""

OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="World"><outline text="A" type="rss" xmlUrl="https://a.example/feed.xml"/>
<outline text="B" type="rss" xmlURL="https://b.example/rss"/></outline>
<outline text="A again" xmlUrl="https://a.example/feed.xml"/><outline text="no url"/></body></opml>"""


def test_feed_rss_entries() -> None:
    long_html = "<p>" + " ".join(["The library reopened its doors."] * 60) + "</p>"
    data = rss(
        "https://news.example", [("Dam", "/dam", "Short summary."), ("Library", "/lib", long_html)]
    )
    entries = parse_feed(data, "feed.xml")
    assert [(e.title, e.link, e.published) for e in entries] == [
        ("Dam", "https://news.example/dam", "2015-06-02"),
        ("Library", "https://news.example/lib", "2015-06-02"),
    ]
    assert entries[0].content == "Short summary." and entries[1].content is not None
    assert "library reopened" in entries[1].content


def test_feed_atom_entries() -> None:
    (entry,) = parse_feed(ATOM, "atom.xml")
    assert (entry.title, entry.link, entry.published, entry.feed_title) == (
        "Port strike ends",
        "https://news.example/port",
        "2015-06-03",
        "Atom News",
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<rss><channel><item><title>broken", "malformed feed"),
        (b"\x00\x01\x02 binary junk \xff\xfe", "malformed feed|not an RSS"),
        (b"<html><body><p>just a page</p></body></html>", "malformed feed|not an RSS"),
        (b"", "malformed feed|not an RSS"),
    ],
)
def test_feed_malformed(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(data, "bad.xml")


def test_feed_opml_nested_and_deduplicated() -> None:
    assert parse_opml(OPML, "subs.opml") == ["https://a.example/feed.xml", "https://b.example/rss"]


@pytest.mark.parametrize(
    ("data", "reason"), [(b"<opml><body>", "malformed OPML"), (b"<rss/>", "not an OPML")]
)
def test_feed_opml_malformed(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_opml(data, "x.opml")


def _record(rec_type: str, uri: str, status: str, body: bytes, ctype: str) -> bytes:
    """One WARC/1.0 record, written by hand (with a block digest) as crawlers write them."""
    if rec_type == "response":
        block = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
        content_type = "application/http; msgtype=response"
    else:
        block, content_type = body, ctype
    digest = base64.b32encode(hashlib.sha1(block).digest()).decode()
    head = (
        f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2015-06-02T09:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Block-Digest: sha1:{digest}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _warc(path: Path, records: list[tuple[str, str, str, bytes, str]]) -> None:
    """(type, uri, http status, body, content type) records into a WARC, gzipped per record."""
    path.write_bytes(b"".join(gzip.compress(_record(*r)) for r in records))


def test_warc_html_records_only(tmp_path: Path) -> None:
    path = tmp_path / "news.warc.gz"
    page = html_page("dam", "Dam").encode()
    _warc(
        path,
        [
            ("response", "https://a.example/dam", "200 OK", page, "text/html; charset=utf-8"),
            ("response", "https://a.example/gone", "404 Not Found", b"<p>no</p>", "text/html"),
            ("response", "https://a.example/logo.png", "200 OK", b"\x89PNG", "image/png"),
            ("resource", "https://a.example/saved", "", page, "text/html"),
            ("request", "https://a.example/dam", "", b"GET / HTTP/1.1\r\n\r\n", "application/http"),
        ],
    )
    items = list(iter_warc(path))
    assert all(isinstance(i, Page) for i in items)
    assert [i.url for i in items if isinstance(i, Page)] == [
        "https://a.example/dam",
        "https://a.example/saved",
    ]
    assert all(i.data == page for i in items if isinstance(i, Page))


@pytest.mark.parametrize(
    "junk", [b"this is not a warc file\n" * 10, gzip.compress(b"WARC/1.0\r\nnonsense")]
)
def test_warc_malformed_is_one_error(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(junk)
    items = list(iter_warc(path))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "WARC" in items[0].reason


def test_warc_truncated_keeps_records_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    page = html_page("port", "Port").encode()
    _warc(
        path,
        [("response", f"https://a.example/{i}", "200 OK", page, "text/html") for i in range(3)],
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    items = list(iter_warc(path))
    pages = [i for i in items if isinstance(i, Page)]
    assert len(pages) == 2 and isinstance(items[-1], InputError)


def test_warc_missing_file(tmp_path: Path) -> None:
    (item,) = iter_warc(tmp_path / "nope.warc.gz")
    assert isinstance(item, InputError) and "can't read" in item.reason


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.warc.gz", b"", "warc"),
        ("a.warc", b"", "warc"),
        ("subs.opml", b"", "opml"),
        ("news.rss", b"", "feed"),
        ("news.xml", b"", "feed"),
        ("list.urls", b"", "urls"),
        ("list.txt", b"# mine\nhttps://a.example/1\n\nhttp://b.example/2\n", "urls"),
        ("story.txt", b"Title\n\nhttps://a.example is mentioned in the text.\n", "file"),
        ("story.html", b"<p>x</p>", "file"),
    ],
)
def test_sources_kind_of(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert kind_of(str(path))[0] == kind


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("https://a.example/x", ("url", "https://a.example/x")),
        ("feed:https://a.example/x", ("feed", "https://a.example/x")),
        ("urls:my-list", ("urls", "my-list")),
        ("warc:crawl.bin", ("warc", "crawl.bin")),
    ],
)
def test_sources_kind_of_spec(spec: str, expected: tuple[str, str]) -> None:
    assert kind_of(spec) == expected


def test_sources_expand_url_list(tmp_path: Path) -> None:
    path = tmp_path / "list.urls"
    path.write_text("https://a.example/1\n# comment\nnot a url\n\nhttp://b.example/2\n")
    tasks = list(expand(str(path)))
    assert [t.url for t in tasks if isinstance(t, Fetch)] == [
        "https://a.example/1",
        "http://b.example/2",
    ]
    (bad,) = [t for t in tasks if isinstance(t, InputError)]
    assert bad.source.endswith("list.urls:3")


def test_sources_expand_feed_file(tmp_path: Path) -> None:
    long_html = "<p>" + " ".join(["The library reopened its doors to readers."] * 60) + "</p>"
    path = tmp_path / "news.xml"
    path.write_bytes(
        rss(
            "https://n.example",
            [("Dam", "/dam", "Short."), ("Lib", "/lib", long_html), ("X", "", "tiny")],
        )
    )
    fetch, raw, bad = list(expand(str(path)))
    assert (
        isinstance(fetch, Fetch)
        and fetch.url == "https://n.example/dam"
        and fetch.kind == "article"
    )
    assert (
        isinstance(raw, Raw) and raw.source == "https://n.example/lib" and raw.fallback is not None
    )
    assert isinstance(bad, InputError) and "neither a link" in bad.reason
