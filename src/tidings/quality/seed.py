"""Seed scorer: compare an ``Analysis`` with a hand-made gold JSON (entities, quotes, claims, cleaning).

Gold format: ``tests/fixtures/khalimov-breitbart-2015.gold.json``. Gold strings are exact
substrings of the article after NFKC and whitespace collapse (``tidings.quality.norm``).

Conventions:

- Entities: a gold entity (NORP is optional: neither counted when missed nor when extra) is
  found when exactly one predicted entity of a compatible type (GPE and LOC are compatible)
  has a mention matching one of its aliases, and that entity's mentions match all of its aliases
  that occur in the text. Two strings match when one contains the other as whole words, ignoring
  case and a leading "the". Predicted entities that find no gold entity are false positives.
- Quotes: a predicted quote matches a gold quote when their normalised texts share at least 60%
  of the longer one's words; pairs are made greedily, best overlap first. Figures per kind
  (the kinds must agree), for ``quoted`` (direct and partial together, kind not checked) and
  for all quotes regardless of kind. Speaker and via accuracy are measured over the pairs of the
  all-kinds matching. A speaker that names no entity is scored by its words as written
  (``speaker_text``). A gold ``null`` speaker (or via) agrees with a prediction of None or of
  words that are no gold entity's name: "Experts" is not a named source.
- Claims: a predicted claim matches a gold claim when one figure contains the other; source
  accuracy as for speakers.
- ``boilerplate_removed``: share of gold boilerplate lines absent from the text;
  ``not_quotes_absent``: share of gold non-quotes that no predicted quote overlaps.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tidings.model import Analysis, Entity, Ref
from tidings.quality import PRF, Tally, norm

T = TypeVar("T")
G = TypeVar("G")

COMPATIBLE = {"GPE": {"GPE", "LOC"}, "LOC": {"GPE", "LOC"}, "ORG": {"ORG"}, "PERSON": {"PERSON"}}


def _key(text: str) -> str:
    k = norm(text).casefold()
    k = re.sub(r"[’']s\b", "", k)
    return re.sub(r"^the\s+", "", k).strip(" .,")


def _contains(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` match: one contains the other as whole words (after ``_key``)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long_) is not None


# --- entities ----------------------------------------------------------------------------------


def score_entities(analysis: Analysis, gold: Sequence[dict[str, Any]]) -> tuple[PRF, list[str]]:
    """Entity precision / recall and the names of gold entities not found (exactly once)."""
    text = norm(analysis.text).casefold()
    golds = [g for g in gold if g["type"] != "NORP"]
    preds = [e for e in analysis.entities if e.type != "NORP"]
    matched_pred: set[str] = set()
    missed: list[str] = []
    found = 0
    for g in golds:
        aliases = [a for a in {g["name"], *g.get("aliases", [])} if _key(a) in text]
        types = COMPATIBLE.get(g["type"], {g["type"]})
        cands = [
            e
            for e in preds
            if e.type in types and any(_contains(m.text, a) for m in e.mentions for a in aliases)
        ]
        if len(cands) == 1 and all(
            any(_contains(m.text, a) for m in cands[0].mentions) for a in aliases
        ):
            found += 1
            matched_pred.add(cands[0].id)
        else:
            missed.append(f"{g['name']} ({len(cands)} candidates)")
    prf = PRF(tp_pred=len(matched_pred), n_pred=len(preds), tp_gold=found, n_gold=len(golds))
    return prf, missed


# --- matching helpers --------------------------------------------------------------------------


def word_overlap(a: str, b: str) -> float:
    wa = re.findall(r"\w+", norm(a).casefold())
    wb = re.findall(r"\w+", norm(b).casefold())
    if not wa or not wb:
        return 0.0
    pool = list(wb)
    common = 0
    for w in wa:
        if w in pool:
            pool.remove(w)
            common += 1
    return common / max(len(wa), len(wb))


def pair(
    preds: Sequence[T],
    golds: Sequence[G],
    score: Callable[[T, G], float],
    threshold: float,
) -> list[tuple[T, G]]:
    """Greedy one-to-one pairs, best score first, keeping those at or above ``threshold``."""
    scored = sorted(
        ((score(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
        key=lambda x: -x[0],
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for s, i, j in scored:
        if s < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((preds[i], golds[j]))
    return out


def ref_agrees(
    analysis: Analysis, ref: Ref | None, gold_name: str | None, gold: dict[str, Any]
) -> bool:
    """Whether a predicted speaker / via / source agrees with a gold name (see the module docstring)."""
    entities = gold.get("entities", [])
    if gold_name is None:
        if ref is None:
            return True
        return ref.entity_id is None and not any(
            _contains(ref.name, a) for g in entities for a in {g["name"], *g.get("aliases", [])}
        )
    if ref is None:
        return False
    g = next((e for e in entities if e["name"] == gold_name), None)
    names = {gold_name, *(g.get("aliases", []) if g else [])}
    cand = [ref.name]
    ent: Entity | None = analysis.entity(ref.entity_id)
    if ent is not None:
        cand += [ent.name, *ent.aliases, *(m.text for m in ent.mentions)]
    return any(_key(c) == _key(n) or _contains(c, n) for c in cand for n in names if _key(c))


def said(ref: Ref | None, text: str | None) -> Ref | None:
    """A speaker or source as scored: the entity, else the words as written (``speaker_text``)."""
    return ref if ref is not None or text is None else Ref(None, text)


# --- quotes ------------------------------------------------------------------------------------


def quote_tallies(analysis: Analysis, gold: dict[str, Any]) -> dict[str, PRF | Tally]:
    """The counts behind every quote figure (summed over articles to pool them)."""
    out: dict[str, PRF | Tally] = {}
    golds = gold.get("quotes", [])
    preds = analysis.quotes

    def overlap(p: Any, g: dict[str, Any]) -> float:
        return word_overlap(p.text, g["text"])

    for kind in ("direct", "partial", "indirect"):
        gk = [g for g in golds if g["kind"] == kind]
        pk = [p for p in preds if p.kind == kind]
        pairs = pair(pk, gk, overlap, 0.6)
        out[f"quote_{kind}"] = PRF(len(pairs), len(pk), len(pairs), len(gk))
    gq = [g for g in golds if g["kind"] in {"direct", "partial"}]
    pq = [p for p in preds if p.kind in {"direct", "partial"}]
    pairs = pair(pq, gq, overlap, 0.6)
    out["quote_quoted"] = PRF(len(pairs), len(pq), len(pairs), len(gq))
    pairs_all = pair(preds, golds, overlap, 0.6)
    out["quote"] = PRF(len(pairs_all), len(preds), len(pairs_all), len(golds))
    sp = sum(
        ref_agrees(analysis, said(p.speaker, p.speaker_text), g.get("speaker"), gold)
        for p, g in pairs_all
    )
    via = sum(ref_agrees(analysis, p.via, g.get("via"), gold) for p, g in pairs_all)
    out["quote_speaker_accuracy"] = Tally(sp, len(pairs_all))
    out["quote_via_accuracy"] = Tally(via, len(pairs_all))
    quoted_pairs = [(p, g) for p, g in pairs_all if g["kind"] in {"direct", "partial"}]
    both = sum(
        ref_agrees(analysis, said(p.speaker, p.speaker_text), g.get("speaker"), gold)
        and ref_agrees(analysis, p.via, g.get("via"), gold)
        for p, g in quoted_pairs
    )
    out["quoted_attributed_recall"] = Tally(both, len(gq))
    not_quotes = gold.get("not_quotes", [])
    absent = sum(
        not any(word_overlap(p.text, nq) >= 0.6 or _contains(p.text, nq) for p in preds)
        for nq in not_quotes
    )
    out["not_quotes_absent"] = Tally(absent, len(not_quotes))
    return out


def score_quotes(analysis: Analysis, gold: dict[str, Any]) -> dict[str, float]:
    return figures_of(quote_tallies(analysis, gold))


# --- claims ------------------------------------------------------------------------------------


def claim_tallies(analysis: Analysis, gold: dict[str, Any]) -> dict[str, PRF | Tally]:
    golds = gold.get("claims", [])
    preds = analysis.claims

    def same(p: Any, g: dict[str, Any]) -> float:
        return 1.0 if _contains(p.figure, g["figure"]) else 0.0

    pairs = pair(preds, golds, same, 1.0)
    src = sum(
        ref_agrees(analysis, said(p.source, p.source_text), g.get("source"), gold) for p, g in pairs
    )
    return {
        "claim": PRF(len(pairs), len(preds), len(pairs), len(golds)),
        "claim_source_accuracy": Tally(src, len(pairs)),
    }


def score_claims(analysis: Analysis, gold: dict[str, Any]) -> dict[str, float]:
    return figures_of(claim_tallies(analysis, gold))


# --- all ---------------------------------------------------------------------------------------


def tallies(analysis: Analysis, gold: dict[str, Any]) -> dict[str, PRF | Tally]:
    """The counts behind every seed figure; ``figures_of`` turns them (or their sums) into figures."""
    ents, _ = score_entities(analysis, gold.get("entities", []))
    out: dict[str, PRF | Tally] = {"entity": ents}
    out.update(quote_tallies(analysis, gold))
    out.update(claim_tallies(analysis, gold))
    text = norm(analysis.text)
    boiler = gold.get("boilerplate", [])
    out["boilerplate_removed"] = Tally(sum(norm(b) not in text for b in boiler), len(boiler))
    return out


def add_tallies(total: dict[str, PRF | Tally], more: dict[str, PRF | Tally]) -> None:
    """Pool ``more`` into ``total`` (micro-averaging over articles)."""
    for key, t in more.items():
        if key in total:
            total[key].add(t)  # type: ignore[arg-type]
        else:
            total[key] = dataclasses.replace(t)


def figures_of(counts: dict[str, PRF | Tally]) -> dict[str, float]:
    figures: dict[str, float] = {}
    for key, t in counts.items():
        if isinstance(t, PRF):
            figures.update(t.figures(key))
        else:
            figures[key] = t.value
    return figures


def score(analysis: Analysis, gold: dict[str, Any]) -> dict[str, Any]:
    """Every seed figure (floats in 0..1) plus ``entities_missed`` (names) for diagnosis."""
    figures: dict[str, Any] = figures_of(tallies(analysis, gold))
    figures["entities_missed"] = score_entities(analysis, gold.get("entities", []))[1]
    return figures
