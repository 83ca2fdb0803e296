"""news-dev scorer: Tidings on ``news-dev/part{1,2,3}/*.txt`` against their ``.json`` gold.

The gold follows the seed spec (``../shared/fixtures/seed/README.md``) and is scored with the
seed's own matching (``tidings.quality.seed.tallies``), per part and pooled (counts summed over
articles, so pooled figures are micro-averages). Added figures:

- ``bare_speakers``: predicted quotes whose speaker *name* is a pronoun or a bare description
  ("he", "the ministry", "a government spokesman"): a name no reader can look up. Lower is
  better; ``speaker_not_bare`` (share of predicted speakers that are not bare) is its floor form.
- ``articles_analysed``: share of articles the pipeline analysed without an error.
- ``rules``: per reference-resolution rule (``provenance.rule`` of the matched quotes), how many
  matched quotes it decided (support) and the share whose speaker is right (precision); a rule
  with no support here is listed with 0.

The texts are read where they lie (they never go into the repository).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.extract import coref
from tidings.model import Analysis, Quote
from tidings.quality import PRF, Tally
from tidings.quality import seed as seed_mod

PARTS = ("part1", "part2", "part3")

_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "we",
        "i",
        "you",
        "who",
        "his",
        "hers",
        "its",
        "their",
        "theirs",
        "this",
        "that",
    ]
)


def is_bare_name(name: str) -> bool:
    """Whether a speaker name is a pronoun or a description, not a name.

    A pronoun ("He"), a phrase opened by a determiner or possessive ("the ministry", "An official",
    "the statement", "his wife") or any phrase with no capitalised word after its first
    ("Police officers") counts; "the State Department" (a capitalised word after the article)
    and a single capitalised word ("Xiaomi", "Spokesman") do not.
    """
    words = re.findall(r"[\w’'.-]+", name)
    if not words:
        return True
    if len(words) == 1:
        return words[0].casefold() in _PRONOUNS
    rest = words[1:]
    return not any(w[:1].isupper() for w in rest)


def bare_speakers(analysis: Analysis) -> list[Quote]:
    """The quotes whose speaker name is bare (see ``is_bare_name``)."""
    return [q for q in analysis.quotes if q.speaker is not None and is_bare_name(q.speaker.name)]


#: every rule a quote's ``provenance.rule`` can name: the reference-resolution sieves
RULES = tuple(s.__name__ for s in coref.SIEVES)


def rule_hits(analysis: Analysis, gold: dict[str, Any]) -> list[tuple[str, bool]]:
    """``(rule, speaker right)`` for each predicted quote matched to a gold quote (seed matching)."""
    pairs = seed_mod.pair(
        analysis.quotes,
        gold.get("quotes", []),
        lambda p, g: seed_mod.word_overlap(p.text, g["text"]),
        0.6,
    )
    return [
        (
            p.provenance.rule or "none",
            seed_mod.ref_agrees(
                analysis, seed_mod.said(p.speaker, p.speaker_text), g.get("speaker"), gold
            ),
        )
        for p, g in pairs
    ]


@dataclass(slots=True)
class PartScore:
    """Pooled counts for a set of articles."""

    counts: dict[str, PRF | Tally] = field(default_factory=dict)
    bare: int = 0
    not_bare: Tally = field(default_factory=Tally)
    analysed: Tally = field(default_factory=Tally)
    rules: dict[str, Tally] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, analysis: Analysis, gold: dict[str, Any]) -> None:
        seed_mod.add_tallies(self.counts, seed_mod.tallies(analysis, gold))
        bare = len(bare_speakers(analysis))
        self.bare += bare
        with_speaker = sum(q.speaker is not None for q in analysis.quotes)
        self.not_bare.add(Tally(with_speaker - bare, with_speaker))
        self.analysed.add(Tally(1, 1))
        for rule, right in rule_hits(analysis, gold):
            self.rules.setdefault(rule, Tally()).add(Tally(int(right), 1))

    def fail(self, name: str, error: str) -> None:
        self.failures.append(f"{name}: {error}")
        self.analysed.add(Tally(0, 1))

    def figures(self) -> dict[str, Any]:
        out: dict[str, Any] = seed_mod.figures_of(self.counts)
        # pooled over a set whose gold has quotes and claims, an accuracy with nothing to count
        # means nothing was found: 0, not 1 (an empty prediction must not pass the gate)
        out.update(
            {
                k: 0.0
                for k, t in self.counts.items()
                if isinstance(t, Tally) and k.endswith("_accuracy") and not t.total
            }
        )
        out["bare_speakers"] = self.bare
        out["speaker_not_bare"] = self.not_bare.value
        out["articles_analysed"] = self.analysed.value
        out["articles"] = self.analysed.total
        out["rules"] = {
            r: {
                "support": self.rules[r].total if r in self.rules else 0,
                "precision": self.rules[r].value if r in self.rules else 0.0,
            }
            for r in sorted({*RULES, *self.rules})
        }
        if self.failures:
            out["failures"] = self.failures
        return out


def articles(root: Path) -> list[tuple[str, Path]]:
    """``(part, text path)`` for every article of every part that has a gold file beside it."""
    return [
        (part, txt)
        for part in PARTS
        for txt in sorted((root / part).glob("*.txt"))
        if txt.with_suffix(".json").is_file()
    ]


def analyse(
    root: Path, limit: int | None = None
) -> Iterator[tuple[str, str, dict[str, Any], Analysis | str]]:
    """``(part, name, gold, analysis or error message)`` for each news-dev article."""
    from tidings import ingest
    from tidings.pipeline import Options, Pipeline

    pipe = Pipeline(options=Options(watchlist=False, rhetoric=False))
    for part, txt in articles(root)[:limit]:
        gold = json.loads(txt.with_suffix(".json").read_text("utf-8"))
        try:
            article = ingest.load_path(txt)
            article.published = gold.get("published")
            article.outlet = gold.get("outlet")
            yield part, txt.stem, gold, next(pipe.analyze([article]))
        except Exception as e:  # the scorer reports failures instead of stopping
            yield part, txt.stem, gold, f"{type(e).__name__}: {e}"


def score(
    results: Iterable[tuple[str, str, dict[str, Any], Analysis | str]],
) -> dict[str, dict[str, Any]]:
    """Figures per part and ``all`` (pooled) for ``analyse``'s results."""
    scores: dict[str, PartScore] = {"all": PartScore()}
    for part, name, gold, analysis in results:
        for s in (scores.setdefault(part, PartScore()), scores["all"]):
            if isinstance(analysis, str):
                s.fail(name, analysis)
            else:
                s.add(analysis, gold)
    return {name: s.figures() for name, s in scores.items()}


def score_root(root: Path, limit: int | None = None) -> dict[str, dict[str, Any]]:
    """Figures per part and ``all`` (pooled) for the news-dev folder ``root``."""
    return score(analyse(root, limit))


def baseline() -> dict[str, dict[str, float]]:
    """Floors for ``score_root``'s figures: ``{"all": {...}, "part1": {...}, ...}``."""
    text = (Path(__file__).parent / "newsdev_baseline.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}
