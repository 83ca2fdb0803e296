"""Where a corpus comes from: directories, URLs, URL lists, RSS/Atom feeds, OPML lists and WARC files.

``expand(spec)`` turns one source given on the command line into tasks, lazily:

- an ``Article`` (files and directories, read by ``tidings.ingest``),
- a ``Raw`` body still to be turned into an Article (a WARC record, a feed entry with content),
- a ``Fetch`` of a URL (an article, a feed, or "auto": decided by what comes back),
- an ``InputError`` for what could not be read (recorded by the runner, then skipped).

What a spec is: ``http(s)://...`` is a URL; a directory is a folder of article files; a file
is told by its name (``.warc``/``.warc.gz`` WARC, ``.opml`` OPML, ``.rss``/``.atom``/``.xml``
feed, ``.urls`` URL list), and a ``.txt`` whose lines are all URLs is a URL list; anything else
is an article file. A prefix forces the kind: ``dir:``, ``file:``, ``urls:``, ``feed:``,
``opml:``, ``warc:``. ``tidings.sources.run.ingest`` fetches, analyses and stores the tasks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings import ingest as ingest_mod
from tidings.exc import InputError
from tidings.ingest.sources import expand_directory
from tidings.model import Article
from tidings.sources.feeds import FeedEntry, parse_feed, parse_opml, text_length
from tidings.sources.warc import Page, iter_warc

KINDS = ("dir", "file", "urls", "feed", "opml", "warc", "url")

#: A feed entry carrying at least this many characters of text is read from the feed itself.
MIN_CONTENT_CHARS = 1500


@dataclass(slots=True)
class Hints:
    """Metadata a container knows about an item (feed entry title and date, ...)."""

    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(slots=True)
class Fetch:
    """A URL to fetch. ``kind``: "article", "feed" (RSS/Atom/OPML) or "auto" (sniffed)."""

    url: str
    kind: str = "auto"
    hints: Hints | None = None


@dataclass(slots=True)
class Raw:
    """A body to turn into an Article; ``fallback`` is fetched instead when it holds no article."""

    source: str
    data: bytes
    media_type: str | None
    url: str | None = None
    hints: Hints | None = None
    fallback: Fetch | None = None


Task = Article | Raw | Fetch | InputError


def kind_of(spec: str) -> tuple[str, str]:
    """``(kind, target)`` of a source spec; see the module docstring for the rules."""
    prefix, sep, rest = spec.partition(":")
    if sep and prefix in KINDS and not rest.startswith("//"):
        return prefix, rest
    if spec.startswith(("http://", "https://")):
        return "url", spec
    path = Path(spec)
    if path.is_dir():
        return "dir", spec
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc", spec
    if name.endswith(".opml"):
        return "opml", spec
    if name.endswith((".rss", ".atom", ".xml")):
        return "feed", spec
    if name.endswith(".urls") or (name.endswith(".txt") and _is_url_list(path)):
        return "urls", spec
    return "file", spec


def expand(spec: str) -> Iterator[Task]:
    """The tasks of one source spec, lazily; a source that can't be read yields one InputError."""
    kind, target = kind_of(spec)
    if target.startswith(("http://", "https://")):
        yield Fetch(target, "feed" if kind in ("feed", "opml") else "auto")
    elif kind in ("dir", "file"):
        yield from ingest_mod.iter_sources([target])
    elif kind == "urls":
        yield from _url_list(target)
    elif kind == "warc":
        for item in iter_warc(target):
            yield item if isinstance(item, InputError) else page_task(item)
    else:
        try:
            data = Path(target).read_bytes()
        except OSError as e:
            yield InputError(target, f"can't read ({e.strerror or e})")
            return
        if kind == "opml":
            try:
                yield from (Fetch(u, "feed") for u in parse_opml(data, target))
            except InputError as e:
                yield e
        else:
            yield from feed_tasks(data, target)


def count(spec: str) -> int | None:
    """How many items ``expand(spec)`` gives, when that is known without reading them: a
    folder's files, one file, a URL list's lines; None for feeds, OPML, WARC and URLs (a URL
    may turn out to be a feed)."""
    kind, target = kind_of(spec)
    if target.startswith(("http://", "https://")) or kind not in ("dir", "file", "urls"):
        return None
    if kind == "file":
        return 1
    if kind == "urls":
        return sum(1 for _ in _url_list(target))
    return len(expand_directory(Path(target)))


def feed_tasks(data: bytes, source: str) -> Iterator[Task]:
    """Tasks for the entries of a feed document read from ``source``."""
    try:
        entries = parse_feed(data, source)
    except InputError as e:
        yield e
        return
    for i, entry in enumerate(entries):
        yield entry_task(entry, f"{source}#{i}")


def entry_task(entry: FeedEntry, fallback_source: str) -> Task:
    """An entry with enough content becomes a ``Raw`` (falling back to its link), else a ``Fetch``."""
    hints = Hints(title=entry.title, published=entry.published)
    link = entry.link
    if entry.content and text_length(entry.content) >= MIN_CONTENT_CHARS:
        return Raw(
            source=link or fallback_source,
            data=entry.content.encode("utf-8"),
            media_type="text/html",
            url=link,
            hints=hints,
            fallback=Fetch(link, "article", hints) if link else None,
        )
    if link:
        return Fetch(link, "article", hints)
    return InputError(fallback_source, "feed entry has neither a link nor enough content")


def page_task(page: Page) -> Raw:
    return Raw(source=page.url, data=page.data, media_type=page.media_type, url=page.url)


def _url_list(path: str) -> Iterator[Task]:
    try:
        lines = Path(path).read_text("utf-8", errors="replace").splitlines()
    except OSError as e:
        yield InputError(path, f"can't read ({e.strerror or e})")
        return
    for n, line in enumerate(lines, 1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if url.startswith(("http://", "https://")):
            yield Fetch(url, "auto")
        else:
            yield InputError(f"{path}:{n}", f"not an http(s) URL: {url[:100]!r}")


def _is_url_list(path: Path) -> bool:
    """A small text file whose non-blank, non-comment lines all start with http(s)://."""
    try:
        with path.open("rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    lines = [
        ln.strip()
        for ln in head.decode("utf-8", errors="replace").splitlines()
        if ln.strip() and not ln.strip().startswith("#")
    ]
    return bool(lines) and all(ln.startswith(("http://", "https://")) for ln in lines)


__all__ = ["Fetch", "Hints", "Raw", "Task", "entry_task", "expand", "feed_tasks", "kind_of"]
