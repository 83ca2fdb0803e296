"""Store fixtures: a fresh store on every backend (PostgreSQL when TIDINGS_TEST_POSTGRES_URL is set),
and ``make_analysis`` to build small hand-made analyses without the NLP pipeline."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tidings.model import (
    Analysis,
    Claim,
    Entity,
    MatchFeature,
    Mention,
    Provenance,
    Quote,
    Ref,
    WatchlistHit,
    content_id,
    fact_id,
)
from tidings.store import Store
from tidings.store.base import normalize_url

PG_ENV = "TIDINGS_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgres"]


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(normalize_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def store_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (scripts/start-postgres.sh prints one)")
    _reset_postgres(url)
    return url


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database on each backend."""
    return store_url(request.param, tmp_path)


@pytest.fixture
def store(backend_url: str) -> Iterator[Store]:
    s = Store.open(backend_url)
    yield s
    s.close()


PIPELINE = {"tidings": "0.1.0", "tidings.entities": "1"}


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def build_analysis(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    source: str | None = None,
    entities: list[tuple[str, str]] | None = None,
    descriptors: dict[str, list[str]] | None = None,
    quotes: list[tuple[str, str | None]] | None = None,
    claims: list[tuple[str, str | None]] | None = None,
    hits: list[tuple[str, str]] | None = None,
    pipeline: dict[str, str] | None = None,
) -> Analysis:
    """An Analysis with facts found by string search in ``text``.

    ``entities``: (name, type), every occurrence of ``name`` is a mention. ``quotes``: (quote
    text, speaker name). ``claims``: (figure, source name). ``hits``: (entity name, listed name).
    """
    aid = content_id(text)
    ents: list[Entity] = []
    for name, type_ in entities or []:
        mentions, pos = [], 0
        while name in text[pos:]:
            s, e = _find(text, name, pos)
            mentions.append(Mention(s, e, name))
            pos = e
        ents.append(
            Entity(
                id=fact_id("ent", aid, name, type_),
                name=name,
                type=type_,
                mentions=mentions,
                descriptors=(descriptors or {}).get(name, []),
                provenance=Provenance(aid, "tidings.entities", "1"),
            )
        )
    by_name = {e.name: e for e in ents}

    def ref(name: str | None) -> Ref | None:
        if name is None:
            return None
        e = by_name.get(name)
        return Ref(e.id if e else None, name)

    qs = []
    for qtext, speaker in quotes or []:
        s, e = _find(text, qtext)
        qs.append(
            Quote(
                id=fact_id("quote", aid, s, e),
                text=qtext,
                start=s,
                end=e,
                kind="direct",
                speaker=ref(speaker),
                via=None,
                cue="said",
                provenance=Provenance(aid, "tidings.quotes", "1"),
            )
        )
    cs = []
    for figure, source_name in claims or []:
        s, e = _find(text, figure)
        sent_start = text.rfind(".", 0, s) + 1
        sent_end = text.find(".", e)
        cs.append(
            Claim(
                id=fact_id("claim", aid, s, e),
                figure=figure,
                value=float("".join(ch for ch in figure if ch.isdigit()) or 0),
                qualifier=None,
                about="people",
                start=s,
                end=e,
                source=ref(source_name),
                provenance=Provenance(aid, "tidings.claims", "1"),
                sentence_start=sent_start,
                sentence_end=sent_end if sent_end >= 0 else len(text),
            )
        )
    ws = [
        WatchlistHit(
            entity_id=by_name[name].id,
            name=name,
            list="us_ofac_sdn",
            list_id="12345",
            listed_name=listed,
            programs=["SDGT"],
            score=0.93,
            listed_on="2015-09-29",
            article_predates_listing=True,
            explanation=[MatchFeature("name", 0.9, f"{name} ~ {listed} (transliteration)")],
            provenance=Provenance(aid, "tidings.watchlist", "1"),
        )
        for name, listed in hits or []
    ]
    return Analysis(
        id=aid,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        source=source,
        entities=ents,
        quotes=qs,
        claims=cs,
        watchlist=ws,
        pipeline=dict(pipeline or PIPELINE),
    )


@pytest.fixture
def make_analysis() -> Callable[..., Analysis]:
    return build_analysis


KHALIMOV_1 = (
    "Gulmurod Khalimov, the commander of the special police, joined the Islamic State. "
    '"He betrayed his oath," said Ramazon Rahimzoda. Khalimov said 300 men followed him.'
)
KHALIMOV_2 = (
    "Colonel Gulmurod Halimov appeared in a video. "
    '"Khalimov was trained in America," said Yusuf Rahmon. Prosecutors said 12 officers had been questioned.'
)
LAVENDER = (
    "Thousands of visitors came to the lavender harvest festival in Valensole. "
    '"It was the best year in a decade," said Marie Dubois. Farmers sold 40 tonnes of lavender.'
)


@pytest.fixture
def corpus() -> list[Analysis]:
    """Three hand-made analyses: two about one man (two spellings), one unrelated."""
    return [
        build_analysis(
            KHALIMOV_1,
            title="Tajik police commander joins Islamic State",
            outlet="Reuters",
            published="2015-05-28",
            source="https://example.org/a1",
            entities=[
                ("Gulmurod Khalimov", "PERSON"),
                ("Ramazon Rahimzoda", "PERSON"),
                ("Islamic State", "ORG"),
            ],
            descriptors={"Gulmurod Khalimov": ["the commander of the special police"]},
            quotes=[("He betrayed his oath", "Ramazon Rahimzoda")],
            claims=[("300 men", "Gulmurod Khalimov")],
            hits=[("Gulmurod Khalimov", "Gulmurod KHALIMOV")],
        ),
        build_analysis(
            KHALIMOV_2,
            title="Video shows missing colonel",
            outlet="RFE/RL",
            published="2015-05-29",
            source="https://example.org/a2",
            entities=[
                ("Gulmurod Halimov", "PERSON"),
                ("Khalimov", "PERSON"),
                ("Yusuf Rahmon", "PERSON"),
            ],
            quotes=[("Khalimov was trained in America", "Yusuf Rahmon")],
            claims=[("12 officers", None)],
        ),
        build_analysis(
            LAVENDER,
            title="Harvest festival draws crowds",
            outlet="Le Monde",
            published="2016-07-02",
            source="https://example.org/a3",
            entities=[("Marie Dubois", "PERSON"), ("Valensole", "GPE")],
            quotes=[("It was the best year in a decade", "Marie Dubois")],
            claims=[("40 tonnes", None)],
        ),
    ]


def dump(analysis: Analysis) -> dict[str, Any]:
    return analysis.to_dict()
