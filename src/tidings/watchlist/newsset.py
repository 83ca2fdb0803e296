"""The news-style screening set: listed parties as the press writes them and unlisted namesakes, and how to score a screener on it.

``tests/fixtures/screening/news_style.csv`` has one party a row: ``text`` (as an English
news article names it), ``country`` (ISO code, optional), ``type`` (what an extractor would
say: person / org / vessel / unknown), ``expected`` (``ofac:UID`` / ``un:REFERENCE`` ids,
``;``-separated; empty for an unlisted namesake) and a ``note``. Rows are split by a fixed
hash of text and country into a dev part (tuned on) and a held-out test part (reported).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tidings.watchlist.names import ANY, ORG, PERSON
from tidings.watchlist.record import OFAC, UN

_LIST = {"ofac": OFAC, "un": UN}
_KIND = {"person": PERSON, "org": ORG, "vessel": ANY, "unknown": ANY}

# A screener: (text, kind, countries) -> the (list, list id) pairs it alerts on.
Screener = Callable[[str, str, Sequence[str]], set[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Case:
    """One row of the set."""

    text: str
    country: str
    type: str
    expected: frozenset[tuple[str, str]]
    note: str

    @property
    def kind(self) -> str:
        """The screening kind for the row's type hint (vessels and unknowns: any)."""
        return _KIND[self.type]

    @property
    def split(self) -> str:
        """``test`` for one row in three (by a SHA-256 of text and country), else ``dev``."""
        digest = hashlib.sha256(f"{self.text}|{self.country}".encode()).hexdigest()
        return "test" if int(digest[:8], 16) % 3 == 0 else "dev"


def parse_id(value: str) -> tuple[str, str]:
    """``ofac:4695`` -> (``us_ofac_sdn``, ``4695``); ``un:QDe.004`` -> (``un_sc_consolidated``, ``QDe.004``)."""
    prefix, _, ident = value.strip().partition(":")
    if prefix not in _LIST or not ident:
        raise ValueError(f"bad list id {value!r} (expected ofac:UID or un:REFERENCE)")
    return _LIST[prefix], ident


def load(path: Path) -> list[Case]:
    """Every row of the set, in file order."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Case(
                text=r["text"],
                country=r["country"],
                type=r["type"],
                expected=frozenset(parse_id(x) for x in r["expected"].split(";") if x.strip()),
                note=r["note"],
            )
            for r in csv.DictReader(f)
        ]


@dataclass(slots=True)
class Result:
    """Recall over listed rows and false alerts over namesakes; the failures by text."""

    listed: int = 0
    found: int = 0
    namesakes: int = 0
    misses: list[str] = field(default_factory=list)
    false_alerts: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.listed if self.listed else 0.0

    def line(self) -> str:
        return (
            f"recall {self.recall:.3f} ({self.found}/{self.listed}), "
            f"false alerts {len(self.false_alerts)}/{self.namesakes}"
        )


def evaluate(cases: Iterable[Case], screener: Screener) -> Result:
    """Score a screener: a listed row counts when any expected id is among its alerts; a namesake with any alert is a false alert."""
    res = Result()
    for c in cases:
        got = screener(c.text, c.kind, [c.country] if c.country else [])
        if c.expected:
            res.listed += 1
            if got & c.expected:
                res.found += 1
            else:
                res.misses.append(c.text)
        else:
            res.namesakes += 1
            if got:
                res.false_alerts.append(c.text)
    return res
