"""The in-memory index: packed arrays agree with the tables, searches make no SQL round trips, keep to the kind of party asked for, rank rare words first."""

from __future__ import annotations

import json
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tidings.exc import WatchlistError
from tidings.watchlist.index import Index, index_path
from tidings.watchlist.names import ANY, ORG, PERSON, index_keys, prepare


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


def test_index_packed_entries_agree_with_the_tables(index: Index) -> None:
    """The arrays screening reads are built beside the tables; every entry reads back the same."""
    con = index.con
    rows = con.execute(
        "SELECT id, list, list_id, schema, caption, programs, countries, birth_years, links"
        " FROM entries"
    ).fetchall()
    assert rows
    for rowid, lst, lid, schema, caption, programs, countries, years, links in rows:
        e = index.entry(rowid)
        assert e is not None
        assert (e.list, e.list_id, e.schema, e.caption) == (lst, lid, schema, caption)
        assert (list(e.programs), list(e.countries)) == (
            json.loads(programs),
            json.loads(countries),
        )
        assert (list(e.birth_years), list(e.links)) == (json.loads(years), json.loads(links))
        names = con.execute(
            "SELECT name, kind FROM names WHERE entry = ? ORDER BY id", (rowid,)
        ).fetchall()
        assert e.names == tuple(names)


def test_index_postings_hold_every_name_under_each_of_its_keys(index: Index) -> None:
    for nid, name, entry in index.con.execute("SELECT id, name, entry FROM names"):
        e = index.entry(entry)
        assert e is not None
        for key in index_keys(prepare(name, e.kind)):
            ids = index._ids(key)
            assert ids is not None and nid in ids.tolist(), (name, key)


def test_index_serves_threads_at_once(index: Index) -> None:
    """One open index is shared by the web server's threads: searches read memory only."""
    names = ["Gulmurod Khalimov", "Islamic State", "Khalimov Gulmurod", "Gulmurod Khlmv"] * 8

    def best(name: str) -> str:
        return index.search(prepare(name, ANY), ANY)[0].entry.list_id

    alone = [best(n) for n in names]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(best, names)) == alone


def test_index_of_another_version_asks_for_a_new_import(
    fixture_index_dir: Path, tmp_path: Path
) -> None:
    old = tmp_path / "watchlist.sqlite"
    shutil.copy(index_path(fixture_index_dir), old)
    with sqlite3.connect(old) as con:
        con.execute("UPDATE meta SET value = 'tidings.watchlist/4' WHERE key = 'format'")
    with pytest.raises(WatchlistError, match="import the lists again"):
        Index(old)
