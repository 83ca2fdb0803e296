"""Files, directories, several paths and stdin: one Article or InputError each, in a stable order."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tidings import ingest
from tidings.exc import BinaryInput, EmptyInput, InputError, NoArticleError, OversizedInput
from tidings.model import Article

STORY = "Bridge Reopens\n\nThe Harbour Bridge reopened to traffic on Saturday after eight months of repairs."
OTHER = "The city council voted 7 to 2 on Tuesday to approve a new budget."
PAGE = (
    "<html><head><title>Council Budget</title></head><body><article>"
    "<p>The city council voted 7 to 2 on Tuesday to approve a new budget, officials said.</p>"
    "</article></body></html>"
)


def _tree(root: Path) -> None:
    (root / "b.txt").write_text(STORY, encoding="utf-8")
    (root / "a.md").write_text(OTHER, encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "c.HTML").write_text(PAGE, encoding="utf-8")
    (root / "sub" / "d.text").write_text(OTHER + " Again.", encoding="utf-8")
    (root / "notes.json").write_text("{}", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text(STORY, encoding="utf-8")
    (root / ".dotfile.txt").write_text(STORY, encoding="utf-8")


def test_sources_directory_recursive_sorted(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(ingest.iter_sources([tmp_path]))
    assert all(isinstance(x, Article) for x in items)
    assert [x.source for x in items] == [
        str(tmp_path / "a.md"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.HTML"),
        str(tmp_path / "sub" / "d.text"),
    ]
    html = items[2]
    assert isinstance(html, Article) and html.title == "Council Budget"


def test_sources_mixed_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.5\n...")
    (tmp_path / "menu.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    (tmp_path / "other.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "emptydir").mkdir()
    names = [
        "good.txt",
        "empty.txt",
        "scan.txt",
        "missing.txt",
        "menu.html",
        "emptydir",
        "other.txt",
    ]
    items = list(ingest.iter_sources([str(tmp_path / n) for n in names]))
    kinds = [type(x) for x in items]
    assert kinds == [
        Article,
        EmptyInput,
        BinaryInput,
        InputError,
        NoArticleError,
        InputError,
        Article,
    ]
    for name, item in zip(names, items, strict=True):
        if isinstance(item, InputError):
            assert str(item).startswith(str(tmp_path / name) + ": ")
            assert "\n" not in str(item)
    assert "no such file" in str(items[3])
    assert "no article files" in str(items[5])


def test_sources_stdin_stream() -> None:
    items = list(ingest.iter_sources(["-"], stdin=io.BytesIO(STORY.encode("utf-16"))))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert items[0].source == "-"
    assert items[0].title == "Bridge Reopens"


def test_sources_stdin_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(OTHER.encode("cp1252"))))
    [item] = ingest.iter_sources(["-"])
    assert isinstance(item, Article) and item.text == OTHER


def test_sources_stdin_oversized(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_MAX_INPUT_BYTES", "20")
    [item] = ingest.iter_sources(["-"], stdin=io.BytesIO(STORY.encode("utf-8")))
    assert isinstance(item, OversizedInput)
    assert str(item).startswith("-: ")


def test_sources_oversized_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Short note here.", encoding="utf-8")
    monkeypatch.setenv("TIDINGS_MAX_INPUT_BYTES", "40")
    items = list(ingest.iter_sources([tmp_path]))
    assert [type(x) for x in items] == [OversizedInput, Article]


def test_sources_several_paths_keep_order(tmp_path: Path, seed_path: Path) -> None:
    (tmp_path / "z.txt").write_text(OTHER, encoding="utf-8")
    items = list(
        ingest.iter_sources([tmp_path / "z.txt", seed_path, "-"], stdin=io.BytesIO(STORY.encode()))
    )
    assert [x.source for x in items if isinstance(x, Article)] == [
        str(tmp_path / "z.txt"),
        str(seed_path),
        "-",
    ]


def test_sources_load_path_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        ingest.load_path(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        ingest.load_path(tmp_path / "nope.txt")


def test_sources_explicit_file_any_extension(tmp_path: Path) -> None:
    path = tmp_path / "story.dat"
    path.write_text(OTHER, encoding="utf-8")
    [item] = ingest.iter_sources([path])
    assert isinstance(item, Article) and item.text == OTHER
