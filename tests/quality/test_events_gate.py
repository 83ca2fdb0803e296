"""Quality gate for events: the gold articles and the seed must stay at or above their floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tidings.quality import below_floor
from tidings.quality import events as ev_quality


@pytest.fixture(scope="module")
def event_scores(nlp: Any, fixtures_dir: Path) -> dict[str, ev_quality.EventScore]:
    return ev_quality.score_folder(fixtures_dir / "events", nlp)


def test_events_gate_gold_set_size(fixtures_dir: Path) -> None:
    gold = ev_quality.load_gold(fixtures_dir / "events")
    assert len(gold) >= 20
    assert all(g.events for g in gold)
    assert {g.split for g in gold} == {"dev", "heldout"}


@pytest.mark.slow
@pytest.mark.parametrize("split", ["all", "dev", "heldout"])
def test_events_gate_gold(event_scores: dict[str, ev_quality.EventScore], split: str) -> None:
    floors = ev_quality.baseline()[split]
    score = event_scores[split]
    problems = below_floor(score.figures(), floors)
    assert not problems, "\n".join([*problems, *score.missed, "--", *score.spurious])


@pytest.mark.slow
def test_events_gate_seed(nlp: Any, seed_path: Path, seed_gold: dict[str, Any]) -> None:
    score = ev_quality.score_seed(seed_path.read_text("utf-8"), seed_gold, nlp)
    problems = below_floor(score.figures(), ev_quality.baseline()["seed"])
    assert not problems, "\n".join([*problems, *score.missed])


NAME_CASES = [
    ("Gulmurod Khalimov", "Gulmurod Khalimov", True),
    ("Ukrainian recruits", "10,000 Ukrainian recruits", True),
    ("al-Shabaab", "Al-Shabaab militants", True),
    ("the Islamic State", "Islamic State", True),
    ("Russia", "Russian diplomats", False),
    ("Tajikistan", "United States", False),
]


@pytest.mark.parametrize(("gold", "pred", "expected"), NAME_CASES)
def test_events_gate_name_matches(gold: str, pred: str, expected: bool) -> None:
    from tidings.model import Ref

    assert ev_quality.name_matches(gold, Ref(None, pred), {}) is expected
    assert ev_quality.name_matches(None, None, {})
    assert not ev_quality.name_matches(gold, None, {})
