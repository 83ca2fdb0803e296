"""``update`` downloads list files and imports them; tested offline against a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tidings.exc import WatchlistError
from tidings.watchlist import index_path, open_index, screen_name, update


@pytest.fixture
def server(sanctions_fixtures: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(sanctions_fixtures))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_update_downloads_and_imports(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/ofac/{n}" for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
    urls.append(f"{server}/un/consolidated.xml")
    reports = update(urls, data_dir=tmp_path)
    assert {r.list for r in reports} == {"us_ofac_sdn", "un_sc_consolidated"}
    hits = screen_name("Gulmurod Khalimov", index=open_index(index_path(tmp_path)))
    assert {h.list_id for h in hits} == {"18634", "QDi.372"}


def test_update_failed_download_keeps_index(server: str, tmp_path: Path) -> None:
    update([f"{server}/un/consolidated.xml"], data_dir=tmp_path)
    before = index_path(tmp_path).read_bytes()
    with pytest.raises(WatchlistError, match="can't download"):
        update([f"{server}/ofac/sdn.csv", f"{server}/missing.csv"], data_dir=tmp_path)
    assert index_path(tmp_path).read_bytes() == before


def test_update_replaces_one_list_keeps_other(server: str, tmp_path: Path) -> None:
    update([f"{server}/un/consolidated.xml"], data_dir=tmp_path)
    update([f"{server}/ofac/sdn.csv"], data_dir=tmp_path)
    idx = open_index(index_path(tmp_path))
    assert idx is not None
    assert {entry["list"] for entry in idx.lists()} == {"us_ofac_sdn", "un_sc_consolidated"}
