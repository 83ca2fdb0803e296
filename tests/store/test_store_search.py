"""Full-text search: query translation, ranking, filters, snippets, hostile queries."""

from __future__ import annotations

import pytest

from tidings.model import Analysis
from tidings.store import Store
from tidings.store.search import parse_marked, to_fts5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("khalimov", '("khalimov")'),
        ("police commander", '("police" "commander")'),
        ('"islamic state" khalimov', '("islamic state" "khalimov")'),
        ("khalimov OR halimov", '("khalimov") OR ("halimov")'),
        ("khalimov -video", '(("khalimov")) NOT ("video")'),
        ("Khalimov's", '("Khalimov s")'),
        ('AND NEAR * ( "', '("AND" "NEAR")'),
        ("OR", None),
        ("-only", None),
        ("  ", None),
        ("*** ???", None),
    ],
)
def test_search_to_fts5(query: str, expected: str | None) -> None:
    assert to_fts5(query) == expected


@pytest.mark.parametrize(
    ("marked", "plain", "spans"),
    [
        ("a \ue000b\ue001 c", "a b c", [(2, 3)]),
        ("\ue000x\ue001\ue000yz\ue001", "xyz", [(0, 1), (1, 3)]),
        ("none", "none", []),
    ],
)
def test_search_parse_marked(marked: str, plain: str, spans: list[tuple[int, int]]) -> None:
    assert parse_marked(marked) == (plain, spans)


@pytest.mark.parametrize(
    ("query", "kwargs", "expected"),
    [
        ("lavender", {}, [2]),
        ("betrayed oath", {}, [0]),
        ('"special police"', {}, [0]),
        ("khalimov", {}, [0, 1]),  # order checked as a set below: both mention him
        ("trained", {}, [1]),
        ("train", {}, [1]),  # stemmed
        ("khalimov -video", {}, [0]),
        ("lavender OR colonel", {}, [1, 2]),
        ("khalimov", {"outlet": "RFE/RL"}, [1]),
        ("khalimov", {"since": "2015-05-29"}, [1]),
        ("khalimov", {"until": "2015-05-28"}, [0]),
        ("said", {"entity": "Marie Dubois"}, [2]),
        ("said", {"entity": "halimov"}, [1]),
        ("nothing-like-this", {}, []),
        ("", {"outlet": "Le Monde"}, [2]),
    ],
)
def test_search_finds(
    store: Store, corpus: list[Analysis], query: str, kwargs: dict[str, str], expected: list[int]
) -> None:
    store.write(corpus)
    hits = store.search(query, **kwargs)  # type: ignore[arg-type]
    assert sorted(h.id for h in hits) == sorted(corpus[i].id for i in expected)


def test_search_title_ranks_first(store: Store, make_analysis) -> None:  # type: ignore[no-untyped-def]
    body = make_analysis(
        "The harvest came early. Farmers met in the square.", title="Harvest report"
    )
    other = make_analysis(
        "Harvest talk appears once in this longer text about weather and roads.", title="Weather"
    )
    store.write([other, body])
    assert [h.id for h in store.search("harvest")] == [body.id, other.id]


def test_search_snippet_highlights(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    (hit,) = store.search("lavender")
    assert "\ue000" not in hit.snippet and "\n" not in hit.snippet
    assert hit.highlights
    assert all(hit.snippet[s:e].lower().startswith("lavender") for s, e in hit.highlights)
    assert hit.title == "Harvest festival draws crowds" and hit.outlet == "Le Monde"


def test_search_pages(store: Store, make_analysis) -> None:  # type: ignore[no-untyped-def]
    docs = [make_analysis(f"Report {i} on the drought in the north.") for i in range(7)]
    store.write(docs)
    pages = [store.search("drought", limit=3, offset=o) for o in (0, 3, 6)]
    ids = [h.id for p in pages for h in p]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert sorted(ids) == sorted(d.id for d in docs)


@pytest.mark.parametrize(
    "query", ['"', "(", "NEAR(a b", "a AND", "*", "title:x", "'; DROP TABLE articles; --"]
)
def test_search_hostile_queries_do_not_fail(
    store: Store, corpus: list[Analysis], query: str
) -> None:
    store.write(corpus)
    assert isinstance(store.search(query), list)
    assert store.count() == 3
