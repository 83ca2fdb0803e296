"""What a user can get wrong, answered with one line and no traceback: markup-looking paths and
reasons, a closed stdin, a store file that is garbage or can't be written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app

STORY = "Dam news\n\nEngineers said on Tuesday that the dam would be finished before the rains."


def _one_line(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert "Traceback" not in output and len(lines) == 1, output
    return lines[0]


def test_cli_markup_in_paths_is_printed_as_it_is(tmp_path: Path) -> None:
    missing = str(tmp_path / "x[/bold]y[red].txt")
    r = CliRunner().invoke(app, ["analyze", missing, "[/]"])
    assert r.exit_code == 1
    assert f"error {missing}: no such file or directory" in r.output
    assert "error [/]: no such file or directory" in r.output


@pytest.mark.slow
def test_cli_markup_in_error_reasons_and_tables(tmp_path: Path) -> None:
    folder = tmp_path / "in["
    (folder / "bold]").mkdir(parents=True)  # so paths read "in[/bold]/..."
    (folder / "bold]" / "[red]empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    db = ["--db", f"sqlite:///{tmp_path / 'c.db'}"]
    r = CliRunner().invoke(app, ["ingest", str(folder), "--no-watchlist", "--no-resolve", *db])
    assert r.exit_code == 1 and "1 input failed" in r.output, r.output
    assert "in[/bold]/[red]empty.txt" in r.output or "1 error" in r.output
    r = CliRunner().invoke(app, ["errors", *db], env={"COLUMNS": "400"})
    assert r.exit_code == 0 and "in[/bold]/[red]empty.txt" in r.output, r.output


def test_cli_closed_stdin_is_one_line() -> None:
    cmd = f"'{sys.executable}' -m tidings analyze - <&-"
    r = subprocess.run(["sh", "-c", cmd], capture_output=True, timeout=300, check=False)
    assert r.returncode == 1
    assert _one_line(r.stderr.decode()) == "error -: stdin is closed: nothing to read"


def test_cli_corrupt_store_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "corpus.db"
    junk.write_bytes(b"this is no database\n" * 300)
    r = CliRunner().invoke(app, ["search", "dam", "--db", f"sqlite:///{junk}"])
    assert r.exit_code == 2
    line = _one_line(r.output)
    assert str(junk) in line and "file is not a database" in line and "move it away" in line


@pytest.mark.slow
def test_cli_read_only_store_is_one_line(tmp_path: Path) -> None:
    """Read-only as SQLite sees it (``mode=ro``: root ignores file permissions)."""
    db = tmp_path / "corpus.db"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    r = CliRunner().invoke(
        app, ["ingest", str(tmp_path / "a.txt"), "--no-watchlist", "--db", f"sqlite:///{db}"]
    )
    assert r.exit_code == 0, r.output
    (tmp_path / "b.txt").write_text(STORY.replace("dam", "bridge"), encoding="utf-8")
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    r = CliRunner().invoke(
        app, ["ingest", str(tmp_path / "b.txt"), "--no-watchlist", "--db", read_only]
    )
    assert r.exit_code == 2
    (line,) = [ln for ln in r.output.splitlines() if ln.startswith("error")]
    assert "Traceback" not in r.output
    assert "corpus.db" in line and "readonly database" in line and "make them writable" in line
