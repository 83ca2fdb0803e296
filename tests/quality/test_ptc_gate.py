"""Quality gate: the shipped rhetoric model on the PTC dev split must stay above its floors."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from tidings.quality import below_floor
from tidings.quality.ptc import evaluate


def _floors() -> dict[str, float]:
    text = resources.files("tidings").joinpath("quality", "ptc_baseline.json").read_text("utf-8")
    data: dict[str, dict[str, float]] = json.loads(text)
    return data["ptc_dev"]


@pytest.mark.slow
def test_ptc_gate_dev_split_above_floors(shared_dir: Path) -> None:
    ptc = shared_dir / "data" / "ptc"
    if not (ptc / "dev-articles").is_dir():
        pytest.skip(f"PTC dev split not found under {ptc}")
    figures = evaluate(ptc, "dev", threads=1)
    floors = {k: v for k, v in _floors().items() if k != "articles_per_second"}
    assert not below_floor(figures, floors), figures
