"""``tidings analyze`` as a user runs it: formats, stdin, bad inputs in a batch, workers, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "Bridge to reopen\n\nMayor Anna Berg said the bridge would reopen.\n\n“It is safe now,” Berg told reporters on Monday."


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tidings", "analyze", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def test_cli_analyze_json(seed_path: Path) -> None:
    p = run(str(seed_path))
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads(p.stdout)
    assert doc["schema"] == "tidings.analysis/1"
    assert doc["title"] == "U.S.-Trained Commander of Tajik Police Defects to ISIS"
    assert any(e["name"] == "Gulmurod Khalimov" for e in doc["entities"])


def test_cli_analyze_batch_goes_on_after_bad_items(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "d.txt").write_text(
        "Second story.\n\nThe council voted 7 to 2 on Tuesday.", encoding="utf-8"
    )
    p = run(
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.txt"),
        str(tmp_path / "missing.txt"),
        str(tmp_path / "d.txt"),
        "--format",
        "jsonl",
    )
    assert p.returncode == 0
    lines = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [x["source"] for x in lines] == [str(tmp_path / "a.txt"), str(tmp_path / "d.txt")]
    err = p.stderr.decode()
    assert "Traceback" not in err
    errors = [x for x in err.splitlines() if x.strip()]
    assert len(errors) == 3, err
    assert (
        any("b.txt" in x for x in errors)
        and any("c.txt" in x for x in errors)
        and any("missing.txt" in x for x in errors)
    )


def test_cli_analyze_nothing_analysable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    p = run(str(tmp_path / "empty.txt"))
    assert p.returncode != 0
    assert b"empty.txt" in p.stderr
    assert b"Traceback" not in p.stderr


def test_cli_analyze_stdin() -> None:
    p = run("-", "--format", "jsonl", stdin=GOOD.encode("utf-8"))
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads(p.stdout)
    assert doc["source"] == "-"
    assert any(e["name"] == "Anna Berg" for e in doc["entities"])


def test_cli_analyze_text_report(seed_path: Path) -> None:
    p = run(str(seed_path), "--format", "text")
    assert p.returncode == 0, p.stderr.decode()
    out = p.stdout.decode()
    for heading in ("People, groups and places", "Quotes by speaker", "Claims"):
        assert heading in out
    assert "Gulmurod Khalimov" in out


@pytest.mark.slow
def test_cli_analyze_workers_keep_order(tmp_path: Path) -> None:
    paths = []
    for i in range(6):
        p = tmp_path / f"{i:02d}.txt"
        p.write_text(
            f"Story {i}.\n\nOfficial number {i} said {i + 3} people were hurt.", encoding="utf-8"
        )
        paths.append(str(p))
    single = run(*paths, "--format", "jsonl")
    multi = run(*paths, "--format", "jsonl", "--workers", "2")
    assert single.returncode == multi.returncode == 0, multi.stderr.decode()
    ids1 = [json.loads(x)["id"] for x in single.stdout.decode().splitlines()]
    ids2 = [json.loads(x)["id"] for x in multi.stdout.decode().splitlines()]
    assert ids1 == ids2 and len(ids1) == 6
