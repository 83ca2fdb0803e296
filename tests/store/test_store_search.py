"""Full-text search: query translation, ranking, filters, snippets, hostile queries."""

from __future__ import annotations

import pytest

from tidings.model import Analysis
from tidings.store import Store
from tidings.store.search import date_tokens, parse_marked, to_fts5


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


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2018-01-01", "2019-12-31", ["xy2018", "xy2019"]),
        ("2016-11-15", "2017-02-03", ["xm201611", "xm201612", "xm201701", "xm201702"]),
        ("2024-03-01", None, ["xm202403", "xm202404", "xm202405"]),
        (None, "2015-02-10", ["xm201501", "xm201502"]),
        ("2010-01-01", "2030-01-01", None),  # covers everything: no facet
        ("2019-05-01", "2019-04-01", []),  # empty
    ],
)
def test_search_date_tokens(
    since: str | None, until: str | None, expected: list[str] | None
) -> None:
    assert date_tokens(since, until, ("2015-01-03", "2024-05-20")) == expected


@pytest.mark.parametrize(
    ("outlets", "query_outlet", "found"),
    [
        (["RFE/RL", "Reuters"], "rfe/rl", [0]),
        (["Lloyd's List", "Reuters"], "LLOYD'S LIST", [0]),
        (["Le Monde", "Monde"], "Monde", [1]),
        (["Reuters", "Reuters Africa"], "Reuters", [0]),
        (["Meduza", None], "meduza", [0]),
    ],
)
def test_search_outlet_facet_is_exact(
    store: Store,
    make_analysis,  # type: ignore[no-untyped-def]
    outlets: list[str | None],
    query_outlet: str,
    found: list[int],
) -> None:
    docs = [
        make_analysis(
            f"Dockers strike at the port, report number {i}.", outlet=o, published="2016-03-10"
        )
        for i, o in enumerate(outlets)
    ]
    store.write(docs)
    hits = store.search("strike", outlet=query_outlet)
    assert sorted(h.id for h in hits) == sorted(docs[i].id for i in found)


def test_search_date_facets_match_sql_filters(store: Store, make_analysis) -> None:  # type: ignore[no-untyped-def]
    days = ["2015-12-31", "2016-01-01", "2016-06-15", "2016-12-31", "2017-01-01", None]
    docs = [make_analysis(f"Harvest report {i}.", published=d) for i, d in enumerate(days)]
    store.write(docs)
    cases = [
        ({"since": "2016-01-01", "until": "2016-12-31"}, [1, 2, 3]),
        ({"since": "2016-06-15"}, [2, 3, 4]),
        ({"until": "2016-01-01"}, [0, 1]),
        ({"since": "2016-02-01", "until": "2016-05-01"}, []),
        ({"since": "2017-01-02"}, []),
    ]
    for kwargs, expected in cases:
        got = sorted(h.id for h in store.search("harvest", **kwargs))
        assert got == sorted(docs[i].id for i in expected), kwargs


def test_search_facets_after_upgrade_from_0002(tmp_path, make_analysis) -> None:  # type: ignore[no-untyped-def]
    """Articles stored before migration 0003 are re-indexed with their facets."""
    import sqlalchemy as sa

    from tidings import migrations

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        migrations.upgrade(conn, "0002")
    engine.dispose()
    old = Store.open(url, migrate=False)
    doc = make_analysis("Floods close the ring road.", outlet="RFE/RL", published="2015-05-28")
    old.write([doc])
    old.close()
    with Store.open(url) as store:  # upgrades to 0003: FTS rebuilt with facets
        assert [h.id for h in store.search("floods", outlet="RFE/RL", since="2015-05-01")] == [
            doc.id
        ]
        assert store.search("floods", outlet="Reuters") == []
        assert store.search("xy2015") == []  # facet tokens are not searchable words
