"""RSS/Atom feeds (feedparser) and OPML subscription lists -> entries to fetch or read in place.

A feed that feedparser cannot make sense of (``bozo`` with no entries) is a ``FeedError``; a
feed that parses with complaints but yields entries is used. An entry whose own content is
long enough (``min_content_chars`` of text) is read from the feed; otherwise its link is
fetched.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import feedparser

from tidings.exc import InputError


class FeedError(InputError):
    """A feed or OPML document that can't be parsed."""


@dataclass(slots=True)
class FeedEntry:
    """One feed item: its link, the metadata the feed gives, and its HTML content if any."""

    link: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    content: str | None  # HTML from content:encoded / atom:content, else the summary
    feed_title: str | None


_TAG = re.compile(r"<[^>]+>")


def text_length(html: str) -> int:
    """Characters of text in an HTML fragment (tags removed, spaces collapsed)."""
    return len(" ".join(_TAG.sub(" ", html).split()))


def parse_feed(data: bytes, source: str) -> list[FeedEntry]:
    """Entries of an RSS or Atom document, in feed order. Raises ``FeedError`` when it is not one."""
    parsed = feedparser.parse(data)
    # a broken document can parse into empty entries: keep those with something in them
    entries = [
        e
        for e in parsed.get("entries") or []
        if e.get("link") or e.get("content") or e.get("summary")
    ]
    if not entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception", "unknown error")).split())
            raise FeedError(source, f"malformed feed ({reason[:200]})")
        if not parsed.get("version"):
            raise FeedError(source, "not an RSS or Atom feed")
        return []
    feed_title = (parsed.get("feed") or {}).get("title")
    out = []
    for e in entries:
        content = None
        if e.get("content"):
            content = max((c.get("value") or "" for c in e["content"]), key=len) or None
        if not content:
            content = e.get("summary") or None
        out.append(
            FeedEntry(
                link=(e.get("link") or "").strip() or None,
                title=e.get("title") or None,
                published=_date(e.get("published_parsed") or e.get("updated_parsed")),
                content=content,
                feed_title=feed_title,
            )
        )
    return out


def parse_opml(data: bytes, source: str) -> list[str]:
    """Feed URLs (``xmlUrl`` of every outline, nested or not) of an OPML document, deduplicated."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise FeedError(source, f"malformed OPML ({e})") from None
    if root.tag.lower() != "opml":
        raise FeedError(source, f"not an OPML document (root element <{root.tag}>)")
    urls: list[str] = []
    for outline in root.iter("outline"):
        url = next((v for k, v in outline.attrib.items() if k.lower() == "xmlurl"), None)
        if url and url.strip() and url.strip() not in urls:
            urls.append(url.strip())
    return urls


def looks_like_feed(data: bytes, media_type: str | None) -> bool:
    """RSS/Atom by media type or by the first element of the document."""
    if media_type and any(t in media_type for t in ("rss", "atom", "application/xml", "text/xml")):
        return True
    head = data[:2048].lstrip().lower()
    return (
        head.startswith(b"<rss")
        or b"<rss" in head[:300]
        or b"<feed" in head[:500]
        or b"<rdf:rdf" in head[:500]
    )


def looks_like_opml(data: bytes) -> bool:
    return b"<opml" in data[:1024].lower()


def _date(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%d", parsed)
