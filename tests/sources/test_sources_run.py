"""The ingest run with the real pipeline: directories, feeds over HTTP, URL lists, WARC; errors; resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sources_server import Route, Server, html_page, rss
from typer.testing import CliRunner

from tidings.cli.corpus import app
from tidings.pipeline import Options
from tidings.sources.fetch import FetchOptions
from tidings.sources.run import ingest, reanalyze
from tidings.store import Store

pytestmark = pytest.mark.slow

NO_WATCHLIST = Options(watchlist=False)
LOCAL = FetchOptions(allow_private=True, timeout=0.5, retries=0, backoff=0.01)

TEXTS = {
    "dam.txt": "New dam ahead of schedule\n\n"
    + " ".join(
        [
            "Engineers said on Tuesday that the dam would be finished before the rains.",
            '"We are three weeks ahead of schedule," said Amara Okafor, the project director.',
        ]
    ),
    "port.txt": "Port strike ends\n\n"
    + " ".join(
        [
            "Dock workers ended a four-day strike on Wednesday after reaching a pay deal.",
            '"This agreement protects every family," said union leader Tomas Lindqvist.',
        ]
    ),
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'corpus.db'}")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for name, text in TEXTS.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    return d


def test_run_directory_then_noop(store: Store, folder: Path) -> None:
    stats = ingest([str(folder)], store, options=NO_WATCHLIST)
    assert (stats.stored, stats.errors) == (2, 1)
    assert [e.source for e in store.errors()] == [str(folder / "empty.txt")]
    again = ingest([str(folder)], store, options=NO_WATCHLIST)
    assert (again.stored, again.duplicates) == (0, 2)
    assert store.count() == 2
    (hit,) = store.search("Lindqvist")
    assert store.get(hit.id).title == "Port strike ends"
    assert {q.speaker for q in store.entity_dossier("Tomas Lindqvist").quotes_by} == {
        "Tomas Lindqvist"
    }


def _site(server: Server) -> None:
    for key, title in (
        ("dam", "Dam ahead of schedule"),
        ("port", "Port strike ends"),
        ("library", "Library reopens"),
    ):
        server.routes[f"/{key}.html"] = Route(body=html_page(key, title).encode())
    server.routes["/feed.xml"] = Route(
        body=rss(server.base, [("Dam", "/dam.html", "Short."), ("Port", "/port.html", "Short.")]),
        content_type="application/rss+xml",
    )
    server.routes["/subs.opml"] = Route(
        body=f'<opml version="2.0"><body><outline xmlUrl="{server.base}/feed.xml"/></body></opml>'.encode(),
        content_type="text/x-opml",
    )
    server.routes["/slow.html"] = Route(body=b"<p>late</p>", delay=1.5)
    server.routes["/junk"] = Route(
        body=bytes(range(256)) * 20, content_type="application/octet-stream"
    )
    server.routes["/bad-feed.xml"] = Route(
        body=b"<rss><channel><item><title>cut", content_type="application/rss+xml"
    )


def test_run_feeds_urls_errors_and_resume(store: Store, server: Server, tmp_path: Path) -> None:
    _site(server)
    urls = tmp_path / "list.urls"
    urls.write_text(
        "\n".join(
            server.url(p)
            for p in ("/library.html", "/slow.html", "/junk", "/missing", "/bad-feed.xml")
        )
    )
    stats = ingest([server.url("/subs.opml"), str(urls)], store, fetch=LOCAL, options=NO_WATCHLIST)
    assert stats.stored == 3
    reasons = {e.source.removeprefix(server.base): e.reason for e in store.errors()}
    assert set(reasons) == {"/slow.html", "/junk", "/missing", "/bad-feed.xml"}
    assert "timed out" in reasons["/slow.html"] and "HTTP 404" in reasons["/missing"]
    assert "malformed feed" in reasons["/bad-feed.xml"]
    dam = store.search("Okafor")[0]
    assert dam.published == "2015-06-02"  # the page has no date: the feed entry's is used
    assert store.get(dam.id).url == server.url("/dam.html")

    # a second run fetches the feed again but none of the stored article URLs
    before = dict(server.hits)
    again = ingest([server.url("/subs.opml"), str(urls)], store, fetch=LOCAL, options=NO_WATCHLIST)
    assert (again.stored, again.skipped) == (0, 3)
    for page in ("/dam.html", "/port.html", "/library.html"):
        assert server.hits[page] == before[page]
    assert server.hits["/feed.xml"] == before["/feed.xml"] + 1


def test_run_refuses_private_by_default(store: Store, server: Server) -> None:
    _site(server)
    stats = ingest([server.url("/dam.html")], store, options=NO_WATCHLIST)
    assert stats.stored == 0 and server.hits["/dam.html"] == 0
    assert "non-public address" in store.errors()[0].reason


def test_run_warc(store: Store, tmp_path: Path) -> None:
    from test_sources_readers import _warc

    path = tmp_path / "crawl.warc.gz"
    _warc(
        path,
        [
            (
                "response",
                "https://news.example/lib",
                "200 OK",
                html_page("library", "Library").encode(),
                "text/html",
            )
        ],
    )
    stats = ingest([str(path)], store, options=NO_WATCHLIST)
    assert stats.stored == 1
    assert store.seen("https://news.example/lib")
    assert ingest([str(path)], store, options=NO_WATCHLIST).skipped == 1


def test_run_reanalyze_only_stale(store: Store, folder: Path) -> None:
    ingest([str(folder)], store, options=NO_WATCHLIST)
    assert reanalyze(store, options=NO_WATCHLIST).stored == 0
    assert reanalyze(store, options=NO_WATCHLIST, everything=True).stored == 2
    assert store.count() == 2


def test_run_cli(tmp_path: Path, folder: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    r = runner.invoke(app, ["ingest", str(folder), "--no-watchlist", "--db", db])
    assert r.exit_code == 1, r.output  # empty.txt failed
    assert "stored 2 · 0 duplicates · 0 skipped · 1 error" in r.output
    r = runner.invoke(app, ["search", "strike", "--format", "json", "--db", db])
    assert [h["title"] for h in json.loads(r.stdout)] == ["Port strike ends"]
    r = runner.invoke(app, ["entity", "Okafor", "--format", "json", "--db", db])
    assert json.loads(r.stdout)["name"] == "Amara Okafor"
    r = runner.invoke(app, ["errors", "--format", "json", "--db", db])
    assert [e["stage"] for e in json.loads(r.stdout)] == ["read"]
    out = tmp_path / "all.jsonl"
    r = runner.invoke(app, ["export", "--output", str(out), "--db", db])
    assert r.exit_code == 0 and len(out.read_text().splitlines()) == 2
    r = runner.invoke(app, ["entity", "Nobody", "--db", db])
    assert r.exit_code == 2 and "no entity named 'Nobody'" in r.output
    r = runner.invoke(app, ["search", "x", "--since", "yesterday", "--db", db])
    assert r.exit_code == 2 and "--since must be a date" in r.output
