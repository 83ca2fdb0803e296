"""Quality gate: the seed article and the PolNeAR test split must stay at or above their floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tidings.quality import baseline, below_floor
from tidings.quality import seed as seed_scorer


@pytest.mark.slow
def test_gate_seed_figures_at_or_above_floors(
    seed_analysis: Any, seed_gold: dict[str, Any]
) -> None:
    figures = seed_scorer.score(seed_analysis, seed_gold)
    low = below_floor(figures, baseline()["seed"])
    assert not low, f"seed below floor: {low}; entities missed: {figures['entities_missed']}"


@pytest.mark.slow
def test_gate_seed_gloss_not_reported(seed_analysis: Any) -> None:
    assert not any("as God wills" in q.text for q in seed_analysis.quotes)


@pytest.mark.slow
def test_gate_polnear_test_split_at_or_above_floors(shared_dir: Path) -> None:
    from tidings.quality import polnear

    root = shared_dir / "data" / "polnear"
    if not (root / "test").is_dir():
        pytest.skip(f"PolNeAR test split not found under {root}")
    figures = polnear.score_split(root, "test")
    low = below_floor(figures, baseline()["polnear_test"])
    assert not low, f"PolNeAR test below floor: {low}; failures: {figures.get('failures', [])}"


def test_gate_baseline_has_floors_for_both_sets() -> None:
    floors = baseline()
    assert set(floors) == {"seed", "polnear_test"}
    assert all(0.0 <= v <= 1.0 for figs in floors.values() for v in figs.values())
