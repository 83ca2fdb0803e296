"""Cross-article identity: name relations, merges across spellings, context, user judgements, CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from tidings.cli.corpus import app
from tidings.model import Analysis
from tidings.resolve import ResolveError, forget, judgements, merge, resolve_entities, split
from tidings.resolve.entities import compare_names, name_key
from tidings.store import Store
from tidings.store import schema as S


def canon(store: Store) -> dict[str, str]:
    """name -> canonical id (names are unique in these small corpora)."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(S.entities.c.name, S.entities.c.canonical_id)).all()
    return {name: cid for name, cid in rows}


@pytest.mark.parametrize(
    ("a", "b", "relation", "at_least"),
    [
        ("Gulmurod Halimov", "Gulmurod Khalimov", "full", 0.9),
        ("Gulmurjd Khalimov", "Gulmurod Khalimov", "full", 0.9),
        ("Colonel Gulmurod Khalimov", "Gulmurod Khalimov", "full", 1.0),
        ("Khalimov", "Gulmurod Halimov", "short", 0.9),
        ("Gulmurod Khalimov", "Halimov", "short", 0.9),
        ("Halimov", "Khalimov", "short", 0.9),
        ("Ivan Khalimov", "Gulmurod Khalimov", "full", 0.0),
        ("Yusuf Rahmon", "Emomali Rahmon", "full", 0.0),
    ],
)
def test_resolve_compare_names_relations(a: str, b: str, relation: str, at_least: float) -> None:
    got, score, _ = compare_names(a, b, "PERSON")
    assert got == relation
    assert score >= at_least
    if at_least == 0.0:
        assert score < 0.88  # different first names: never a full-name match


@pytest.mark.parametrize(
    ("name", "type_", "key"),
    [
        ("Colonel Gulmurod Khalimov", "PERSON", "gulmurod khalimov"),
        ("Gulmurod Khalimov's", "PERSON", "gulmurod khalimov"),
        ("Dushanbe", "GPE", "dushanbe"),
    ],
)
def test_resolve_name_key(name: str, type_: str, key: str) -> None:
    assert name_key(name, type_) == key


def test_resolve_links_spellings_across_articles(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    stats = resolve_entities(store)
    ids = canon(store)
    assert ids["Gulmurod Khalimov"] == ids["Gulmurod Halimov"] == ids["Khalimov"]
    assert len({ids["Gulmurod Khalimov"], ids["Marie Dubois"], ids["Yusuf Rahmon"]}) == 3
    assert stats.rows == 8 and stats.canonical == 6
    found = judgements(store, entity="Halimov")
    assert found and all(j.user is None for j in found)
    reasons = " ".join(r for j in found for r in j.reasons)
    assert "khalimov ~ halimov (transliteration)" in reasons
    # the dossier is now that of the canonical entity: every spelling
    d = store.entity_dossier("Halimov")
    assert d.name == "Gulmurod Khalimov" and d.canonical_id == ids["Khalimov"]
    assert {c.value for c in d.names} >= {"Gulmurod Khalimov", "Gulmurod Halimov", "Khalimov"}
    assert [t.article_id for t in d.timeline] == [corpus[0].id, corpus[1].id]


def test_resolve_ids_stable_on_rerun(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    resolve_entities(store)
    first = canon(store)
    resolve_entities(store)
    assert canon(store) == first
    with store.engine.connect() as conn:
        n = conn.scalar(sa.select(sa.func.count()).select_from(S.judgements))
    assert n == len(judgements(store))  # automatic judgements replaced, not piled up


Make = Callable[..., Analysis]


def test_resolve_surname_attaches_to_one_person_only(store: Store, make_analysis: Make) -> None:
    a1 = make_analysis(
        "Gulmurod Khalimov, the police commander, met Ramazon Rahimzoda in Dushanbe.",
        entities=[("Gulmurod Khalimov", "PERSON"), ("Ramazon Rahimzoda", "PERSON")],
    )
    a2 = make_analysis(
        "Ivan Khalimov, a chess player from Kazan, won the regional title.",
        entities=[("Ivan Khalimov", "PERSON")],
    )
    a3 = make_analysis(
        "Khalimov was seen with Ramazon Rahimzoda again, officials said.",
        entities=[("Khalimov", "PERSON"), ("Ramazon Rahimzoda", "PERSON")],
    )
    store.write([a1, a2, a3])
    resolve_entities(store)
    ids = canon(store)
    assert ids["Khalimov"] == ids["Gulmurod Khalimov"]  # shared co-mention decides
    assert ids["Ivan Khalimov"] != ids["Gulmurod Khalimov"]


def test_resolve_surname_without_context_stays_apart(store: Store, make_analysis: Make) -> None:
    a1 = make_analysis(
        "Gulmurod Khalimov spoke in Dushanbe.", entities=[("Gulmurod Khalimov", "PERSON")]
    )
    a2 = make_analysis("A man named Halimov opened a bakery.", entities=[("Halimov", "PERSON")])
    store.write([a1, a2])
    resolve_entities(store)
    ids = canon(store)
    assert ids["Halimov"] != ids["Gulmurod Khalimov"]
    (j,) = judgements(store)
    assert j.judgement == "unsure"


def test_resolve_country_conflict_blocks_short_form(store: Store, make_analysis: Make) -> None:
    a1 = make_analysis(
        "Gulmurod Khalimov met Ramazon Rahimzoda.",
        entities=[("Gulmurod Khalimov", "PERSON"), ("Ramazon Rahimzoda", "PERSON")],
    )
    a2 = make_analysis(
        "Khalimov met Ramazon Rahimzoda.",
        entities=[("Khalimov", "PERSON"), ("Ramazon Rahimzoda", "PERSON")],
    )
    a1.entities[0].country = "TJ"
    a2.entities[0].country = "RU"
    store.write([a1, a2])
    resolve_entities(store)
    ids = canon(store)
    assert ids["Khalimov"] != ids["Gulmurod Khalimov"]
    verdicts = {(j.left, j.right): j.judgement for j in judgements(store)}
    assert "negative" in verdicts.values()


def test_resolve_user_merge_survives_rerun(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    resolve_entities(store)
    cid = merge(store, "Marie Dubois", "Yusuf Rahmon", user="analyst")
    ids = canon(store)
    assert ids["Marie Dubois"] == ids["Yusuf Rahmon"] == cid
    resolve_entities(store)
    assert canon(store)["Marie Dubois"] == canon(store)["Yusuf Rahmon"]
    mine = judgements(store, users_only=True)
    assert mine and {j.user for j in mine} == {"analyst"} and mine[0].judgement == "positive"


def test_resolve_user_split_and_forget(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    resolve_entities(store)
    moved = split(store, "Khalimov", ["Gulmurod Halimov"], user="analyst")
    assert len(moved) == 1
    ids = canon(store)
    assert ids["Gulmurod Halimov"] != ids["Gulmurod Khalimov"]
    resolve_entities(store)  # the user's split outlives re-resolution
    ids = canon(store)
    assert ids["Gulmurod Halimov"] != ids["Gulmurod Khalimov"]
    for j in judgements(store, users_only=True):
        forget(store, j.id)
    ids = canon(store)
    assert ids["Gulmurod Halimov"] == ids["Gulmurod Khalimov"]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: merge(s, "Nobody", "Khalimov", user="u"), "no entity 'Nobody'"),
        (lambda s: split(s, "Khalimov", ["Somebody Else"], user="u"), "no row of"),
        (lambda s: split(s, "Marie Dubois", ["Marie Dubois"], user="u"), "nothing to split"),
        (lambda s: forget(s, 99999), "no user judgement"),
    ],
)
def test_resolve_bad_requests_are_one_line_errors(
    store: Store, corpus: list[Analysis], action: object, message: str
) -> None:
    store.write(corpus)
    resolve_entities(store)
    with pytest.raises(ResolveError, match=message):
        action(store)  # type: ignore[operator]


def test_resolve_cli(tmp_path: Path, corpus: list[Analysis]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store.open(db) as s:
        s.write(corpus)
    runner = CliRunner()
    r = runner.invoke(app, ["resolve", "--no-stories", "--format", "json", "--db", db])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["entities"]["canonical"] == 6
    # `entity NAME` is still the dossier, and `entity show NAME` too
    for args in (["entity", "Halimov"], ["entity", "show", "Halimov"]):
        r = runner.invoke(app, [*args, "--format", "json", "--db", db])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["name"] == "Gulmurod Khalimov"
    r = runner.invoke(app, ["entity", "merge", "Marie Dubois", "Valensole", "--db", db])
    assert r.exit_code == 0, r.output  # a person and a place: the user may still say so
    r = runner.invoke(app, ["entity", "judgements", "--users", "--format", "json", "--db", db])
    rows = json.loads(r.stdout)
    assert rows and rows[0]["judgement"] == "positive" and rows[0]["user"]
    r = runner.invoke(app, ["entity", "split", "Khalimov", "Nobody", "--db", db])
    assert r.exit_code == 2 and "no row of" in r.output
    r = runner.invoke(app, ["entity", "judgements", "Khalimov", "--format", "json", "--db", db])
    reasons = [why for row in json.loads(r.stdout) for why in row["reasons"]]
    assert any("(transliteration)" in why for why in reasons)
    r = runner.invoke(app, ["entity", "judgements", "--db", db])
    assert r.exit_code == 0 and "resolver" in r.output


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Donald Trump", "Donald Trump Jr."),
        ("Mr. Kessler", "Mrs. Kessler"),
        ("John Doe Sr.", "John Doe Jr."),
    ],
)
def test_resolve_distinct_people_never_merge(a: str, b: str) -> None:
    from collections import Counter

    from tidings.resolve.entities import NEGATIVE, Unit, match_units

    u = Unit(id="u", type="PERSON", key=a.lower(), names=Counter({a: 3}))
    v = Unit(id="v", type="PERSON", key=b.lower(), names=Counter({b: 3}))
    decision = match_units(u, v)
    assert decision.judgement == NEGATIVE
    assert any(f["name"] == "distinct_people" for f in decision.features)
