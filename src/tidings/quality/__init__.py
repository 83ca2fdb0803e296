"""Quality gate: scorers that measure Tidings against gold annotations (the seed article, PolNeAR).

``seed.score`` compares an ``Analysis`` with a gold JSON like
``tests/fixtures/khalimov-breitbart-2015.gold.json``; ``newsdev.score_root`` scores the 30 news-dev
articles with the same matching (``seed.tallies``, pooled); ``polnear.score_split`` runs the
pipeline on a PolNeAR split and scores quoted attributions. ``python -m tidings.quality`` prints every figure;
``baseline.json`` holds the floors the test suite enforces (they only go up by explicit change).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFKC, whitespace collapsed, stripped: the form gold strings are written in."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@dataclass(slots=True)
class PRF:
    """Counts behind a precision / recall / F1 figure."""

    tp_pred: int = 0  # predictions that match a gold item
    n_pred: int = 0
    tp_gold: int = 0  # gold items found
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    def figures(self, prefix: str) -> dict[str, float]:
        return {
            f"{prefix}_precision": round(self.precision, 4),
            f"{prefix}_recall": round(self.recall, 4),
            f"{prefix}_f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class Tally:
    """Counts behind an accuracy figure: ``hits`` of ``total`` (1.0 when there is nothing to count)."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return ratio(self.hits, self.total)

    def add(self, other: Tally) -> None:
        self.hits += other.hits
        self.total += other.total


def ratio(hits: int, total: int) -> float:
    """hits / total, 1.0 when there is nothing to count."""
    return round(hits / total, 4) if total else 1.0


def baseline() -> dict[str, dict[str, float]]:
    """The stored floors: ``{"seed": {figure: floor}, "polnear_test": {figure: floor}}``."""
    text = resources.files("tidings").joinpath("quality", "baseline.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def below_floor(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One line per figure under its floor (a missing figure counts as 0)."""
    out = []
    for name, floor in sorted(floors.items()):
        value = figures.get(name, 0.0)
        if value + 1e-9 < floor:
            out.append(f"{name} = {value:.4f} < floor {floor:.4f}")
    return out
