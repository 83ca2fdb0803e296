"""Scorers: the seed scorer's matching conventions and the PolNeAR reader and matcher, on made-up data."""

from __future__ import annotations

from typing import Any

import pytest

from tidings.model import Analysis, Entity, Mention, Provenance, Quote, Ref
from tidings.quality import PRF, below_floor, norm, polnear, seed

PROV = Provenance("a1", "test", "0")
TEXT = "Maria Lopez met the Guardian. “We will win,” Lopez said. Experts warned of “a long winter.”"


def _entity(eid: str, name: str, type_: str, *mentions: str) -> Entity:
    ms = [Mention(TEXT.index(m), TEXT.index(m) + len(m), m) for m in mentions]
    return Entity(eid, name, type_, ms, [], PROV)


def _quote(text: str, kind: str, speaker: Ref | None = None, via: Ref | None = None) -> Quote:
    start = TEXT.index(text)
    return Quote(f"q{start}", text, start, start + len(text), kind, speaker, via, None, PROV)


def _analysis(entities: list[Entity], quotes: list[Quote]) -> Analysis:
    return Analysis(
        id="a1",
        text=TEXT,
        title=None,
        outlet=None,
        published=None,
        source=None,
        entities=entities,
        quotes=quotes,
    )


GOLD: dict[str, Any] = {
    "entities": [
        {"name": "Maria Lopez", "type": "PERSON", "aliases": ["Maria Lopez", "Lopez"]},
        {"name": "The Guardian", "type": "ORG", "aliases": ["Guardian"]},
        {"name": "Basques", "type": "NORP", "aliases": ["Basques"]},
    ],
    "quotes": [
        {"text": "We will win,", "speaker": "Maria Lopez", "via": None, "kind": "direct"},
        {"text": "a long winter.", "speaker": None, "via": None, "kind": "partial"},
    ],
    "not_quotes": [],
    "claims": [],
    "boilerplate": [],
}


def test_scorers_norm_collapses_whitespace_and_nfkc() -> None:
    assert norm(" a\u00a0b \n c ") == "a b c"


@pytest.mark.parametrize(
    ("entities", "precision", "recall"),
    [
        # one entity per gold entity: perfect (NORP gold is optional)
        (
            [
                _entity("e1", "Maria Lopez", "PERSON", "Maria Lopez", "Lopez"),
                _entity("e2", "Guardian", "ORG", "Guardian"),
            ],
            1.0,
            1.0,
        ),
        # a fragment: "Lopez" split off -> gold not found, both pieces count as predictions
        (
            [
                _entity("e1", "Maria Lopez", "PERSON", "Maria Lopez"),
                _entity("e3", "Lopez", "PERSON", "Lopez"),
                _entity("e2", "Guardian", "ORG", "Guardian"),
            ],
            1 / 3,
            0.5,
        ),
        # wrong type: the Guardian as a PERSON is not found and is a false positive
        (
            [
                _entity("e1", "Maria Lopez", "PERSON", "Maria Lopez", "Lopez"),
                _entity("e2", "Guardian", "PERSON", "Guardian"),
            ],
            0.5,
            0.5,
        ),
    ],
)
def test_scorers_seed_entities(entities: list[Entity], precision: float, recall: float) -> None:
    prf, _missed = seed.score_entities(_analysis(entities, []), GOLD["entities"])
    assert prf.precision == pytest.approx(precision)
    assert prf.recall == pytest.approx(recall)


@pytest.mark.parametrize(
    ("quotes", "figure", "value"),
    [
        (
            [
                _quote("We will win,", "direct", Ref("e1", "Maria Lopez")),
                _quote("a long winter.", "partial"),
            ],
            "quote_speaker_accuracy",
            1.0,
        ),
        # an unresolved generic speaker agrees with a gold null speaker
        (
            [
                _quote("We will win,", "direct", Ref("e1", "Maria Lopez")),
                _quote("a long winter.", "partial", Ref(None, "Experts")),
            ],
            "quote_speaker_accuracy",
            1.0,
        ),
        # a named speaker where the gold has none does not
        (
            [
                _quote("We will win,", "direct", Ref("e1", "Maria Lopez")),
                _quote("a long winter.", "partial", Ref("e2", "Guardian")),
            ],
            "quote_speaker_accuracy",
            0.5,
        ),
        ([_quote("We will win,", "partial", Ref("e1", "Maria Lopez"))], "quote_direct_recall", 0.0),
        ([_quote("We will win,", "partial", Ref("e1", "Maria Lopez"))], "quote_quoted_recall", 0.5),
        ([], "quote_recall", 0.0),
    ],
)
def test_scorers_seed_quotes(quotes: list[Quote], figure: str, value: float) -> None:
    entities = [
        _entity("e1", "Maria Lopez", "PERSON", "Maria Lopez", "Lopez"),
        _entity("e2", "Guardian", "ORG", "Guardian"),
    ]
    figures = seed.score(_analysis(entities, quotes), GOLD)
    assert figures[figure] == pytest.approx(value)


def test_scorers_below_floor_reports_missing_and_low_figures() -> None:
    low = below_floor({"a": 0.5, "b": 0.9}, {"a": 0.6, "b": 0.9, "c": 0.1})
    assert low == ["a = 0.5000 < floor 0.6000", "c = 0.0000 < floor 0.1000"]


def test_scorers_prf_empty_is_perfect() -> None:
    assert (PRF().precision, PRF().recall) == (1.0, 1.0)


ANN = """T1\tSource 0 11\tMaria Lopez
T2\tCue 45 49\tsaid
T3\tContent 30 43\t“We will win,”
T4\tAttribution 45 49\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 51 60;61 70\tsplit content
E2\tAttribution-no-source:T5 Content:T5
broken line
"""


def test_scorers_polnear_parse_ann() -> None:
    atts = polnear.parse_ann(ANN)
    assert [(a.content, a.source, a.cue) for a in atts] == [
        ([(30, 43)], [(0, 11)], [(45, 49)]),
        ([(51, 60), (61, 70)], [], []),
    ]


@pytest.mark.parametrize(
    ("quote", "speaker", "recall", "precision", "right"),
    [
        ("We will win,", Ref("e1", "Maria Lopez"), 1.0, 1.0, 1),
        ("We will win,", Ref(None, "Lopez"), 1.0, 1.0, 1),
        ("We will win,", Ref("e2", "Guardian"), 1.0, 1.0, 0),
        ("a long winter.", None, 0.0, 0.0, 0),
    ],
)
def test_scorers_polnear_score_article(
    quote: str, speaker: Ref | None, recall: float, precision: float, right: int
) -> None:
    atts = [
        polnear.GoldAttribution(
            content=[(TEXT.index("“We"), TEXT.index("win,”") + 5)], source=[(0, 11)], cue=[]
        )
    ]
    art = polnear.GoldArticle("x", TEXT, "a", atts)
    entities = [
        _entity("e1", "Maria Lopez", "PERSON", "Maria Lopez", "Lopez"),
        _entity("e2", "Guardian", "ORG", "Guardian"),
    ]
    score = polnear.score_article(art, _analysis(entities, [_quote(quote, "direct", speaker)]))
    assert (score.quotes.recall, score.quotes.precision, score.speakers_right) == (
        recall,
        precision,
        right,
    )


@pytest.mark.parametrize(
    ("text", "anaphor"),
    [("he", True), ("The newspaper", True), ("Maria Lopez", False), ("the Guardian", False)],
)
def test_scorers_polnear_anaphor(text: str, anaphor: bool) -> None:
    assert polnear.is_anaphor(text) is anaphor
