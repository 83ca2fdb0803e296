"""Entity dossiers: names, descriptors, timeline, quotes by/about, claims, watchlist, co-mentions."""

from __future__ import annotations

import pytest

from tidings.model import Analysis
from tidings.store import NotFound, Store


@pytest.fixture
def filled(store: Store, corpus: list[Analysis]) -> Store:
    store.write(corpus)
    return store


def test_dossier_gathers_spellings(filled: Store, corpus: list[Analysis]) -> None:
    d = filled.entity_dossier("Khalimov")
    assert d.type == "PERSON"
    assert d.name == "Gulmurod Khalimov"
    # "Gulmurod Halimov" is a different spelling: cross-article resolution (later) links it
    assert {c.value for c in d.names} == {"Gulmurod Khalimov", "Khalimov"}
    assert [t.article_id for t in d.timeline] == [corpus[0].id, corpus[1].id]
    assert [c.value for c in d.descriptors] == ["the commander of the special police"]


def test_dossier_quotes_claims_hits(filled: Store, corpus: list[Analysis]) -> None:
    d = filled.entity_dossier("gulmurod khalimov")
    # the full name is not found inside "Khalimov" alone: the bare surname is another entity row
    assert d.quotes_about == []
    assert [c.figure for c in d.claims_by] == ["300 men"]
    assert (
        d.claims_by[0].article_id == corpus[0].id and d.claims_by[0].extractor == "tidings.claims"
    )
    (hit,) = d.watchlist
    assert hit.listed_name == "Gulmurod KHALIMOV" and hit.explanation[0]["detail"].endswith(
        "(transliteration)"
    )
    co = {c.name for c in d.co_mentioned}
    assert {"Ramazon Rahimzoda", "Islamic State"} <= co
    assert "Marie Dubois" not in co


def test_dossier_quotes_about_by_mention_inside(filled: Store, corpus: list[Analysis]) -> None:
    d = filled.entity_dossier("Khalimov", limit=10)
    about = [(q.text, q.speaker) for q in d.quotes_about]
    assert ("Khalimov was trained in America", "Yusuf Rahmon") in about


def test_dossier_quotes_by_speaker(filled: Store, corpus: list[Analysis]) -> None:
    d = filled.entity_dossier("Marie Dubois")
    assert [(q.text, q.published, q.outlet) for q in d.quotes_by] == [
        ("It was the best year in a decade", "2016-07-02", "Le Monde")
    ]
    assert d.quotes_by[0].start == corpus[2].text.index("It was the best")


def test_dossier_by_entity_id(filled: Store, corpus: list[Analysis]) -> None:
    eid = corpus[2].entities[0].id
    assert filled.entity_dossier(eid).name == "Marie Dubois"


def test_dossier_other_types(store: Store, make_analysis) -> None:  # type: ignore[no-untyped-def]
    a = make_analysis("Jordan spoke in Amman. Jordan said more.", entities=[("Jordan", "GPE")])
    b = make_analysis("Michael Jordan played. Jordan scored.", entities=[("Jordan", "PERSON")])
    c = make_analysis("Jordan closed its border.", entities=[("Jordan", "GPE")])
    store.write([a, b, c])
    d = store.entity_dossier("jordan")
    assert d.type == "GPE" and [(o.value, o.count) for o in d.other_types] == [("PERSON", 1)]
    assert store.entity_dossier("jordan", type="person").type == "PERSON"


@pytest.mark.parametrize("query", ["Nobody Atall", "khalim", "", "  "])
def test_dossier_not_found(filled: Store, query: str) -> None:
    with pytest.raises(NotFound):
        filled.entity_dossier(query)


def test_dossier_to_dict_is_json(filled: Store) -> None:
    import json

    d = filled.entity_dossier("Khalimov").to_dict()
    assert json.loads(json.dumps(d))["name"] == "Gulmurod Khalimov"
