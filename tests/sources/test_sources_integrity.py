"""Ingest integrity: inputs in == outcomes out (stored + duplicates + skipped + errors), for
folders, a 1,000-item feed on loopback, URL lists with junk lines and WARC; one bad item never
ends the run, duplicates inside one unflushed batch are remembered, the summary says it all."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sources_server import PARAGRAPHS, Route, Server, html_page, rss
from typer.testing import CliRunner

from tidings.cli.corpus import app
from tidings.pipeline import Options
from tidings.sources.fetch import FetchOptions
from tidings.sources.run import IngestStats, ingest
from tidings.store import Store

pytestmark = pytest.mark.slow

NO_WATCHLIST = Options(watchlist=False, rhetoric=False)
LOCAL = FetchOptions(allow_private=True, timeout=2, retries=0, backoff=0.01)
KEYS = sorted(PARAGRAPHS)


def _text(key: str) -> str:
    return f"{key.title()} news\n\n" + " ".join(PARAGRAPHS[key])


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'corpus.db'}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store on each backend; the PostgreSQL one is shared, so tests there use fresh texts."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'any.db'}"
    else:
        url = os.environ.get("TIDINGS_TEST_POSTGRES_URL", "")
        if not url:
            pytest.skip(
                "PostgreSQL tests need TIDINGS_TEST_POSTGRES_URL (scripts/start-postgres.sh)"
            )
    with Store.open(url) as s:
        yield s


def _counts(stats: IngestStats) -> tuple[int, int, int, int]:
    return stats.stored, stats.duplicates, stats.skipped, stats.errors


def test_integrity_folder_with_two_identical(any_store: Store, tmp_path: Path) -> None:
    store = any_store
    folder = tmp_path / "in"
    folder.mkdir()
    run = uuid.uuid4().hex  # texts no earlier run on a shared database has stored
    # the copy sorts second, so its original is still in the unflushed batch when it is read
    for name, key in (("a.txt", "dam"), ("b.txt", "dam"), ("c.txt", "port"), ("d.txt", "library")):
        (folder / name).write_text(f"{_text(key)} Report {run}.", encoding="utf-8")
    stats = ingest([str(folder)], store, options=NO_WATCHLIST)
    assert _counts(stats) == (3, 1, 0, 0) and stats.total == 4
    assert stats.summary() == "stored 3 · 1 duplicate · 0 skipped · 0 errors"
    assert not [e for e in store.errors() if e.source.startswith(str(folder))]
    assert all(store.seen(str(folder / n)) for n in ("a.txt", "b.txt", "c.txt", "d.txt"))
    again = ingest([str(folder)], store, options=NO_WATCHLIST)
    assert _counts(again) == (0, 4, 0, 0)
    assert again.summary() == "stored 0 · 4 duplicates · 0 skipped · 0 errors"


def test_integrity_cli_summary_and_exit_status(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_text("dam"), encoding="utf-8")
    (folder / "b.txt").write_text(_text("dam"), encoding="utf-8")
    db = ["--no-watchlist", "--no-resolve", "--db", f"sqlite:///{tmp_path / 'c.db'}"]
    r = CliRunner().invoke(app, ["ingest", str(folder), *db])
    assert r.exit_code == 0, r.output
    assert "stored 1 · 1 duplicate · 0 skipped · 0 errors" in r.output
    (folder / "c.txt").write_text("   \n", encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(folder), *db])
    assert r.exit_code == 1, r.output  # something failed: the exit status says so
    assert "stored 0 · 2 duplicates · 0 skipped · 1 error" in r.output
    assert "1 input failed: see `tidings errors`" in r.output


def test_integrity_feed_of_1000_items(store: Store, server: Server) -> None:
    """1,000 entries linking to 1,000 URLs whose pages repeat three articles, with every 100th
    link missing: each entry is one outcome, and the run reaches the end of the feed."""
    n = 1000
    items = []
    for i in range(n):
        key = KEYS[i % 3]
        if i % 100 == 99:
            items.append((f"Gone {i}", f"/gone/{i}", "Short."))
            continue
        server.routes[f"/p/{i}.html"] = Route(body=html_page(key, f"{key} story").encode())
        items.append((f"Story {i}", f"/p/{i}.html", "Short."))
    server.routes["/big.xml"] = Route(
        body=rss(server.base, items), content_type="application/rss+xml"
    )
    stats = ingest([server.url("/big.xml")], store, fetch=LOCAL, options=NO_WATCHLIST, batch_size=8)
    assert _counts(stats) == (3, 987, 0, 10) and stats.total == n
    assert server.hits[f"/p/{n - 2}.html"] == 1  # the last entries were fetched
    assert store.seen(server.url(f"/p/{n - 2}.html"))  # and remembered as duplicates
    again = ingest([server.url("/big.xml")], store, fetch=LOCAL, options=NO_WATCHLIST, batch_size=8)
    assert _counts(again) == (0, 0, 990, 10) and again.skip_reasons == {"already ingested": 990}
    assert again.summary() == "stored 0 · 0 duplicates · 990 skipped (already ingested) · 10 errors"


def test_integrity_url_list_with_junk_lines(store: Store, server: Server, tmp_path: Path) -> None:
    for key in KEYS:
        server.routes[f"/{key}.html"] = Route(body=html_page(key, f"{key} story").encode())
    server.routes["/dam.html?copy"] = server.routes["/dam.html"]
    urls = tmp_path / "list.urls"
    urls.write_text(
        "\n".join(
            [
                server.url("/dam.html"),
                "http://[::1",  # urlsplit: "Invalid IPv6 URL"
                "# a comment, not an input",
                "",
                "not a url at all",
                "http://",
                f"{server.base}:99999/port.html",
                server.url("/port.html"),
                "https://exa mple.com/x y",
                server.url("/library.html"),
                server.url("/dam.html?copy"),
            ]
        ),
        encoding="utf-8",
    )
    stats = ingest([f"urls:{urls}"], store, fetch=LOCAL, options=NO_WATCHLIST)
    assert stats.stored == 3 and stats.duplicates == 1 and stats.total == 9
    reasons = {e.source: e.reason for e in store.errors()}
    assert "malformed URL" in reasons["http://[::1"]
    assert len(reasons) == stats.errors == 5


def test_integrity_warc(store: Store, tmp_path: Path) -> None:
    from test_sources_readers import _warc

    def page(key: str) -> bytes:
        return html_page(key, f"{key} story").encode()

    path = tmp_path / "crawl.warc.gz"
    _warc(
        path,
        [
            ("response", "https://news.example/dam", "200 OK", page("dam"), "text/html"),
            ("response", "https://news.example/dam-copy", "200 OK", page("dam"), "text/html"),
            ("response", "https://news.example/empty", "200 OK", b"<html></html>", "text/html"),
            ("response", "https://news.example/port", "200 OK", page("port"), "text/html"),
        ],
    )
    path.write_bytes(path.read_bytes() + b"\x1f\x8b junk at the end")
    stats = ingest([str(path)], store, options=NO_WATCHLIST)
    assert _counts(stats) == (2, 1, 0, 2)
    assert store.seen("https://news.example/dam-copy")
    again = ingest([str(path)], store, options=NO_WATCHLIST)
    assert _counts(again) == (0, 0, 3, 2)


def test_integrity_copies_of_an_article_that_fails_fail_with_it(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash in the analysis of one article (a bug, injected here) is that article's error,
    and the copies of it read in the same run are errors too, not duplicates of nothing."""
    from tidings.pipeline import Pipeline

    analyze_doc = Pipeline.analyze_doc

    def crashing(self: Pipeline, article: Any, doc: Any, *rest: Any) -> Any:
        if "harbour" in article.text:
            raise RuntimeError("an extractor bug")
        return analyze_doc(self, article, doc, *rest)

    monkeypatch.setattr(Pipeline, "analyze_doc", crashing)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, key in (("a.txt", "port"), ("b.txt", "dam"), ("c.txt", "port")):
        (folder / name).write_text(_text(key), encoding="utf-8")
    stats = ingest([str(folder)], store, options=NO_WATCHLIST)
    assert _counts(stats) == (1, 0, 0, 2)
    reasons = {Path(e.source).name: e.reason for e in store.errors()}
    assert reasons["a.txt"] == "an extractor bug"
    assert reasons["c.txt"] == f"an extractor bug (the same text as {folder / 'a.txt'})"
