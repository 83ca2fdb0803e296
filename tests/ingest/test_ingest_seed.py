"""The seed article through ingest: title, nbsp, both boilerplate lines gone, every gold string kept."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tidings import ingest
from tidings.model import content_id


def _norm(s: str) -> str:
    """How the gold strings are defined: NFKC with whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", s).split())


def _gold_strings(gold: dict[str, Any]) -> list[str]:
    strings = [q["text"] for q in gold["quotes"]]
    strings += gold["not_quotes"]
    strings += [c["figure"] for c in gold["claims"]]
    strings += [alias for e in gold["entities"] for alias in e["aliases"]]
    return strings


@pytest.fixture(scope="module")
def seed_article(seed_path: Path) -> Any:
    return ingest.load_path(seed_path)


def test_seed_title_and_source(
    seed_article: Any, seed_gold: dict[str, Any], seed_path: Path
) -> None:
    assert seed_article.title == seed_gold["title"]
    assert seed_article.source == str(seed_path)
    assert not seed_article.text.startswith(seed_gold["title"])
    assert seed_article.text.startswith("Colonel Gulmurod Khalimov, trained by both Russian")


def test_seed_boilerplate_removed(seed_article: Any, seed_gold: dict[str, Any]) -> None:
    for line in seed_gold["boilerplate"]:
        assert _norm(line) not in seed_article.text
    removed = [r.text for r in seed_article.removed]
    assert set(removed) == {_norm(line) for line in seed_gold["boilerplate"]}
    assert removed.count("News Central Asia CATV NEWS/YouTube") == 2
    assert {r.reason for r in seed_article.removed} == {"photo_credit", "comment_footer"}


def test_seed_every_gold_string_kept(seed_article: Any, seed_gold: dict[str, Any]) -> None:
    missing = [s for s in _gold_strings(seed_gold) if _norm(s) not in seed_article.text]
    assert missing == []


def test_seed_paragraphs_intact(seed_article: Any, seed_path: Path) -> None:
    raw_paragraphs = [p for p in seed_path.read_text("utf-8").split("\n\n") if p.strip()]
    kept = seed_article.text.split("\n\n")
    # title + the credit pair + the footer are the only paragraphs that go
    assert len(kept) == len(raw_paragraphs) - 3
    assert all("\n" not in p for p in kept)


def test_seed_id_is_stable(seed_article: Any, seed_path: Path) -> None:
    again = ingest.from_bytes(seed_path.read_bytes(), "elsewhere.txt")
    assert again.id == seed_article.id == content_id(seed_article.text)
    crlf = seed_path.read_bytes().replace(b"\n", b"\r\n")
    assert ingest.from_bytes(crlf, "crlf.txt").id == seed_article.id
