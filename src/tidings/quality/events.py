"""Events scorer: precision and recall of (actor, action, target) triples against a gold set.

Gold format (``tests/fixtures/events/*.json``, one article per file)::

    {"id": "...", "published": "2021-03-12", "title": "...", "text": "...",
     "events": [{"actor": "Idris Malouf", "action": "threaten", "target": "garrison",
                 "when": "2021-03-09", "modality": "asserted"}, ...]}

Conventions (the annotation guideline is ``tests/fixtures/events/README.md``):

- A predicted event matches a gold event when the actions are equal and the actor and the
  target both match. ``None`` matches only ``None``. A name matches a Ref when, after NFKC,
  case folding and dropping determiners and possessive endings, the words of one are a subset
  of the words of the other, comparing the gold name with the Ref's name and, for a resolved
  Ref, with every name and mention of its entity ("ISIS" matches the Islamic State entity;
  "Ukrainian recruits" matches "10,000 Ukrainian recruits").
- Pairs are made greedily, one prediction per gold event, in text order.
- ``when_accuracy``: matched pairs whose gold ``when`` is set and equal to the prediction's;
  ``modality_accuracy``: matched pairs whose gold modality equals the prediction's.
- ``actor_action_*``: the same figures when only the action and the actor must match.

``python -m tidings.quality.events`` prints the figures for the gold folder and the seed;
``events_baseline.json`` (next to this module) holds the floors ``tests/quality/test_events_gate.py``
enforces.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language

from tidings.extract import events as events_mod
from tidings.model import Entity, Event, Ref
from tidings.quality import PRF, norm, ratio

BASELINE_FILE = "events_baseline.json"
_WORD = re.compile(r"[\w][\w.\-]*")
_STOP = frozenset(
    {"the", "a", "an", "both", "some", "at", "least", "of", "his", "her", "its", "their", "s"}
)


@dataclass(slots=True)
class GoldArticle:
    """One gold article: its text, publication date and gold events."""

    id: str
    text: str
    published: str | None
    title: str | None
    events: list[dict[str, Any]]
    split: str = "dev"


@dataclass(slots=True)
class EventScore:
    """Counts behind the figures, summed over articles, and the misses for inspection."""

    triples: PRF = field(default_factory=PRF)
    actor_action: PRF = field(default_factory=PRF)
    when_hits: int = 0
    when_total: int = 0
    modality_hits: int = 0
    modality_total: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, other: EventScore) -> None:
        self.triples.add(other.triples)
        self.actor_action.add(other.actor_action)
        self.when_hits += other.when_hits
        self.when_total += other.when_total
        self.modality_hits += other.modality_hits
        self.modality_total += other.modality_total
        self.missed += other.missed
        self.spurious += other.spurious

    def figures(self, prefix: str = "events") -> dict[str, float]:
        out = {
            **self.triples.figures(prefix),
            **self.actor_action.figures(f"{prefix}_actor_action"),
            f"{prefix}_when_accuracy": ratio(self.when_hits, self.when_total),
            f"{prefix}_modality_accuracy": ratio(self.modality_hits, self.modality_total),
        }
        return out


# --- gold ----------------------------------------------------------------------------------


def load_gold(folder: Path) -> list[GoldArticle]:
    """Every ``*.json`` gold article in ``folder``, sorted by file name."""
    out = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        out.append(
            GoldArticle(
                id=str(data.get("id", path.stem)),
                text=data["text"],
                published=data.get("published"),
                title=data.get("title"),
                events=list(data.get("events", [])),
                split=str(data.get("split", "dev")),
            )
        )
    return out


# --- matching ------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    t = norm(text).casefold().replace("’", "'")
    t = re.sub(r"'s\b", "", t)
    return frozenset(w.strip(".-") for w in _WORD.findall(t) if w.strip(".-") not in _STOP)


def name_matches(gold: str | None, ref: Ref | None, entities: dict[str, Entity]) -> bool:
    """Whether a gold name and a predicted Ref name the same participant (see module docstring)."""
    if gold is None or ref is None:
        return gold is None and ref is None
    g = _words(gold)
    if not g:
        return False
    names = [ref.name]
    ent = entities.get(ref.entity_id) if ref.entity_id else None
    if ent is not None:
        names += [ent.name, *ent.aliases, *(m.text for m in ent.mentions)]
    for n in names:
        p = _words(n)
        if p and (g <= p or p <= g):
            return True
    return False


def _describe(actor: object, action: str, target: object) -> str:
    return f"({actor}, {action}, {target})"


def _ref_name(ref: Ref | None) -> str | None:
    return ref.name if ref is not None else None


def score_events(
    predicted: Sequence[Event],
    gold: Sequence[dict[str, Any]],
    entities: Iterable[Entity],
    *,
    label: str = "",
) -> EventScore:
    """Score one article's predicted events against its gold events."""
    by_id = {e.id: e for e in entities}
    score = EventScore()
    for strict, prf in ((True, score.triples), (False, score.actor_action)):
        used: set[int] = set()
        pairs: list[tuple[dict[str, Any], Event]] = []
        for g in gold:
            for i, p in enumerate(predicted):
                if i in used or p.action != g["action"]:
                    continue
                if not name_matches(g.get("actor"), p.actor, by_id):
                    continue
                if strict and not name_matches(g.get("target"), p.target, by_id):
                    continue
                used.add(i)
                pairs.append((g, p))
                break
        prf.add(PRF(tp_pred=len(used), n_pred=len(predicted), tp_gold=len(pairs), n_gold=len(gold)))
        if not strict:
            continue
        matched_gold = {id(g) for g, _ in pairs}
        for g in gold:
            if id(g) not in matched_gold:
                score.missed.append(
                    f"{label}: {_describe(g.get('actor'), g['action'], g.get('target'))}"
                )
        for i, p in enumerate(predicted):
            if i not in used:
                desc = _describe(_ref_name(p.actor), p.action, _ref_name(p.target))
                score.spurious.append(f"{label}: {desc} [{p.trigger}]")
        for g, p in pairs:
            if g.get("when"):
                score.when_total += 1
                score.when_hits += int(p.when == g["when"])
            if g.get("modality"):
                score.modality_total += 1
                score.modality_hits += int(p.modality == g["modality"])
    return score


# --- running -------------------------------------------------------------------------------


def predict(
    text: str, nlp: Language, *, published: str | None = None
) -> tuple[list[Event], list[Entity]]:
    """Ingest ``text`` as ``tidings analyze`` does; its classed events and its entities."""
    from tidings import ingest
    from tidings.pipeline import Options, Pipeline

    article = ingest.from_text(text, published=published)
    doc = nlp(article.text)
    analysis = Pipeline(nlp=nlp, options=Options(watchlist=False)).analyze_doc(article, doc)
    # this gold annotates the classes of its guideline (CAMEO and the first news classes, no
    # ``family``): open events and the later news families are not scored
    classes = events_mod.taxonomy().classes
    annotated = {name for name, c in classes.items() if c.family is None}
    return [e for e in analysis.events if e.event_class in annotated], analysis.entities


def score_folder(folder: Path, nlp: Language) -> dict[str, EventScore]:
    """Score every gold article of ``folder``, per split (``dev``: the articles the extractor
    was developed against; ``heldout``: articles written afterwards and never tuned on) and
    ``all``."""
    out: dict[str, EventScore] = {"all": EventScore()}
    for art in load_gold(folder):
        events, entities = predict(art.text, nlp, published=art.published)
        score = score_events(events, art.events, entities, label=art.id)
        out.setdefault(art.split, EventScore()).add(score)
        out["all"].add(score)
    return out


def score_seed(text: str, gold: dict[str, Any], nlp: Language) -> EventScore:
    """Score the seed article (gold JSON with an ``events`` list; ``when`` there is free text)."""
    events, entities = predict(text, nlp, published=gold.get("published"))
    triples = [{**g, "when": None, "modality": None} for g in gold.get("events", [])]
    return score_events(events, triples, entities, label="seed")


def baseline() -> dict[str, dict[str, float]]:
    """The stored floors: ``{"all" | "dev" | "heldout" | "seed": {figure: floor}}``."""
    text = resources.files("tidings").joinpath("quality", BASELINE_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures for the gold folder (default ``tests/fixtures/events``) and the seed."""
    from tidings import annotate

    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(__file__).resolve().parents[3]
    folder = Path(args[0]) if args else root / "tests" / "fixtures" / "events"
    nlp = annotate.load()
    result: dict[str, Any] = {}
    splits = score_folder(folder, nlp)
    for name, sc in splits.items():
        result[name] = sc.figures()
    gold_score = splits["all"]
    seed_txt = root / "tests" / "fixtures" / "khalimov-breitbart-2015.txt"
    seed_gold = root / "tests" / "fixtures" / "khalimov-breitbart-2015.gold.json"
    misses = gold_score.missed + gold_score.spurious
    if seed_txt.is_file() and seed_gold.is_file():
        s = score_seed(seed_txt.read_text("utf-8"), json.loads(seed_gold.read_text("utf-8")), nlp)
        result["seed"] = s.figures()
        misses += s.missed + s.spurious
    print(json.dumps(result, indent=1))
    print("\n".join(["missed / spurious:", *gold_score.missed, "--", *gold_score.spurious]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
