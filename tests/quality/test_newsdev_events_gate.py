"""Quality gate for events on news-dev: 30 real articles with blind gold, read in place."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tidings.model import Analysis, Event, Provenance, Ref
from tidings.quality import below_floor
from tidings.quality import newsdev_events as nde


@pytest.mark.slow
def test_newsdev_events_at_or_above_floors(
    newsdev_results: list[tuple[str, str, dict[str, Any], Analysis | str]],
) -> None:
    scores = nde.score(newsdev_results)
    for part, floors in nde.baseline().items():
        low = below_floor(scores[part].figures(), floors)
        assert not low, f"news-dev events {part} below floor: {low}"


@pytest.mark.slow
def test_newsdev_events_empty_prediction_fails_the_gate(
    newsdev_results: list[tuple[str, str, dict[str, Any], Analysis | str]],
) -> None:
    empty = [
        (part, name, gold, dataclasses.replace(a, events=[]))
        for part, name, gold, a in newsdev_results
        if isinstance(a, Analysis)
    ]
    figures = nde.score(empty)["all"].figures()
    assert figures["events_f1"] == 0.0
    assert figures["events_precision"] == 0.0
    assert below_floor(figures, nde.baseline()["all"])


def _event(trigger: str, action: str, actor: str | None, target: str | None) -> Event:
    return Event(
        id="ev",
        trigger=trigger,
        action=action,
        start=0,
        end=len(trigger),
        actor=Ref(None, actor) if actor else None,
        target=Ref(None, target) if target else None,
        provenance=Provenance("a", "test", "0"),
    )


@pytest.mark.parametrize(
    ("gold", "event", "expected"),
    [
        # action by trigger inflection, class or lemma
        ({"actor": "Rovers", "action": "defeat"}, _event("defeated", "x", "Rovers", None), True),
        (
            {"actor": "Rovers", "action": "bowl out"},
            _event("bowled out", "x", "Rovers", None),
            True,
        ),
        ({"actor": "Ana", "action": "carry"}, _event("carried", "x", "Ana", None), True),
        ({"actor": "Ana", "action": "hit"}, _event("hitting", "x", "Ana", None), True),
        ({"actor": "Ana", "action": "arrest"}, _event("detained", "arrest", "Ana", None), True),
        ({"actor": "Ana", "action": "win"}, _event("won", "x", "Ana", None), False),
        # the actor must match; for a gold event without actor, the target
        ({"actor": "Rovers", "action": "beat"}, _event("beat", "x", "United", None), False),
        (
            {"actor": None, "action": "fine", "target": "Dan Kerr"},
            _event("fined", "x", None, "Kerr"),
            True,
        ),
        (
            {"actor": None, "action": "fine", "target": "Dan Kerr"},
            _event("fined", "x", None, None),
            False,
        ),
    ],
)
def test_newsdev_events_matching(gold: dict[str, Any], event: Event, expected: bool) -> None:
    matched = nde.action_matches(gold["action"], event) and nde.party_matches(gold, event, {})
    assert matched is expected


def test_newsdev_events_lemma_matches_irregular_forms() -> None:
    ev = dataclasses.replace(_event("won", "x", "Ana", None), lemma="win")
    assert nde.action_matches("win", ev)
