"""Boilerplate gate: news-dev boilerplate lines left and body lines removed stay within bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tidings.quality import boilerplate as bp_quality

NEWSDEV = Path(os.environ.get("TIDINGS_SHARED_DIR", Path(__file__).parents[2].parent / "shared"))


def _newsdev() -> Path:
    root = NEWSDEV.resolve() / "data" / "news-dev"
    if not root.is_dir():
        message = f"news-dev not found at {root} (set TIDINGS_SHARED_DIR)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return root


def test_boilerplate_gate_newsdev() -> None:
    figures = bp_quality.score_folder(_newsdev()).figures()
    bounds = bp_quality.baseline()["newsdev"]
    problems = [
        f"{k} = {figures.get(k, 0)} > {v}"
        for k, v in bounds["max"].items()
        if figures.get(k, 0) > v
    ] + [
        f"{k} = {figures.get(k, 0)} < {v}"
        for k, v in bounds["min"].items()
        if figures.get(k, 0) < v
    ]
    assert not problems, "\n".join(problems)


def test_boilerplate_scorer_counts_left_and_body_removed() -> None:
    gold = {
        "title": "Harbour bridge reopens after repairs",
        "boilerplate": ["Share this article", "Photo: Sam Lee", "Advertisement"],
    }
    text = (
        "Harbour bridge reopens after repairs\n\nShare this article\n\n"
        "The bridge reopened on Saturday after two years of repairs, the council said.\n\n"
        "Photo: Sam Lee\n\nAdvertisement placards lined the road.\n"
    )
    score = bp_quality.score_article(text, gold, "t")
    # "Advertisement" is not a line of the text: a gold line absent from the input is not left
    assert (score.gold, score.left, score.body_removed) == (3, 0, 0)
    empty = bp_quality.score_article("Title\n\n", gold, "t")
    assert empty.left == empty.gold and empty.failures
