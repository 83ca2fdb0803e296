"""Quality gate for news-dev: 30 real articles with blind gold, read in place from ``../shared``."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tidings.model import Analysis
from tidings.quality import below_floor, newsdev


@pytest.mark.slow
def test_newsdev_figures_at_or_above_floors(
    newsdev_results: list[tuple[str, str, dict[str, Any], Analysis | str]],
) -> None:
    figures = newsdev.score(newsdev_results)
    for part, floors in newsdev.baseline().items():
        low = below_floor(figures[part], floors)
        assert not low, f"news-dev {part} below floor: {low}"


@pytest.mark.slow
def test_newsdev_reports_every_rule(
    newsdev_results: list[tuple[str, str, dict[str, Any], Analysis | str]],
) -> None:
    rules = newsdev.score(newsdev_results)["all"]["rules"]
    assert set(newsdev.RULES) <= set(rules)
    assert all(r["support"] >= 0 and 0.0 <= r["precision"] <= 1.0 for r in rules.values())


@pytest.mark.slow
def test_newsdev_empty_prediction_fails_the_gate(
    newsdev_results: list[tuple[str, str, dict[str, Any], Analysis | str]],
) -> None:
    empty = [
        (part, name, gold, dataclasses.replace(a, entities=[], quotes=[], claims=[]))
        for part, name, gold, a in newsdev_results
        if isinstance(a, Analysis)
    ]
    figures = newsdev.score(empty)["all"]
    assert figures["quote_speaker_accuracy"] == 0.0
    assert figures["claim_source_accuracy"] == 0.0
    assert figures["entity_f1"] == 0.0
    assert below_floor(figures, newsdev.baseline()["all"])


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("He", True),
        ("the ministry", True),
        ("An official", True),
        ("a government spokesman", True),
        ("Police officers", True),
        ("the State Department", False),
        ("Lei Jun", False),
        ("Xiaomi", False),
    ],
)
def test_bare_name(name: str, bare: bool) -> None:
    assert newsdev.is_bare_name(name) is bare
