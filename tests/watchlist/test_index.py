"""The in-memory index: searches make no SQL round trips, keep to the kind of party asked for, rank rare words first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.watchlist.index import Index, index_path
from tidings.watchlist.names import ANY, ORG, PERSON, prepare


@pytest.fixture
def index(fixture_index_dir: Path) -> Index:
    """A private Index (not the per-process one of ``open_index``: the test closes its connection)."""
    return Index(index_path(fixture_index_dir))


def test_index_search_needs_no_database_after_opening(index: Index) -> None:
    index.con.close()
    found = index.search(prepare("Gulmurod Khalimov", PERSON), PERSON)
    assert {c.entry.list_id for c in found} >= {"18634", "QDi.372"}


@pytest.mark.parametrize(
    "name,kind,schemas",
    [
        ("Islamic State", ORG, {"Organization"}),
        ("Gulmurod Khalimov", PERSON, {"Person"}),
        ("Islamic State", PERSON, set()),  # no person is called that
        ("Gulmurod Khalimov", ORG, set()),
    ],
)
def test_index_search_keeps_to_the_kind(
    index: Index, name: str, kind: str, schemas: set[str]
) -> None:
    found = index.search(prepare(name, kind), kind)
    assert {c.entry.schema for c in found if c.match.score > 0.5} == schemas


@pytest.mark.parametrize(
    "name,best",
    [
        ("Gulmurod Khalimov", "18634"),
        ("Khalimov Gulmurod", "18634"),
        ("Gulmurod Khlmv", "18634"),  # vowels dropped: found by the consonant skeleton
        ("Islamic State", "8759"),
    ],
)
def test_index_search_ranks_the_named_entry_first(index: Index, name: str, best: str) -> None:
    found = index.search(prepare(name, ANY), ANY)
    top = found[0].match.score
    assert best in {c.entry.list_id for c in found if c.match.score == top}


@pytest.mark.parametrize("name", ["", "   ", "Zzyzx Qwrtpl"])
def test_index_search_finds_nothing(index: Index, name: str) -> None:
    assert [c for c in index.search(prepare(name, PERSON), PERSON) if c.match.score > 0.5] == []


def test_index_entry_unknown_is_none(index: Index) -> None:
    assert index.entry(10**9) is None
