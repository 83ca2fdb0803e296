"""Fault test: kill -9 an ingest of 1,000 articles part-way, resume it, and find every article
stored exactly once (counts and content hashes), with no half-written article in between."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tidings import ingest as ingest_mod

pytestmark = pytest.mark.slow

N = 1000
TOWNS = ["Aldgate", "Brixham", "Carrow", "Dunmore", "Elsworth", "Fennick", "Glenrock", "Harwood"]
CLI = "import sys; from tidings.cli import main; sys.argv[0] = 'tidings'; main()"


def write_corpus(folder: Path) -> dict[str, str]:
    """N small made-up articles; returns file path -> expected article id (content hash)."""
    folder.mkdir()
    expected: dict[str, str] = {}
    for i in range(N):
        town = TOWNS[i % len(TOWNS)]
        path = folder / f"{i:04d}.txt"
        path.write_text(
            f"Council vote {i} in {town}\n\nThe council of {town} approved budget plan {i} on "
            f'Monday, officials said. "We will start {i % 7 + 2} projects in spring," said '
            f"Mayor Jane Holt.",
            encoding="utf-8",
        )
        expected[str(path)] = ingest_mod.load_path(path).id
    return expected


def run_ingest(folder: Path, db: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as err:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
        [sys.executable, "-c", CLI, "ingest", str(folder), "--no-watchlist", "--no-resolve",
         "--batch-size", "20", "--db", f"sqlite:///{db}"],
        stdout=subprocess.DEVNULL,
        stderr=err,
    )  # fmt: skip


def count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def test_fault_kill9_then_resume(tmp_path: Path) -> None:
    expected = write_corpus(tmp_path / "articles")
    db = tmp_path / "corpus.db"

    proc = run_ingest(tmp_path / "articles", db, tmp_path / "first.log")
    deadline = time.monotonic() + 150
    while count(db) < 200 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    stored_at_kill = count(db)
    assert 200 <= stored_at_kill < N

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # no half article: every stored article has all its entities, quotes and sources
        half = conn.execute(
            """SELECT a.id FROM articles a WHERE
                 json_array_length(a.analysis, '$.entities')
                   != (SELECT count(*) FROM entities e WHERE e.article_id = a.id)
              OR json_array_length(a.analysis, '$.quotes')
                   != (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
              OR NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id)"""
        ).fetchall()
        assert half == []

    resumed = run_ingest(tmp_path / "articles", db, tmp_path / "resumed.log")
    assert resumed.wait(timeout=240) == 0, (tmp_path / "resumed.log").read_text()[-2000:]

    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
        sources = dict(conn.execute("SELECT source, article_id FROM article_sources").fetchall())
        errors = conn.execute("SELECT source, reason FROM errors").fetchall()
        fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    assert len(ids) == len(set(ids)) == N  # exactly once each
    assert set(ids) == set(expected.values())  # none lost, by content hash
    assert sources == expected  # every file remembered, pointing at its own article
    assert errors == []
    assert fts == N
