"""news-dev event scorer: Tidings' events on ``news-dev/part{1,2,3}`` against their gold events.

The gold follows the seed spec (``../shared/fixtures/seed/README.md``: ``actor``, ``action`` a
lemma, ``target``, ``when``, ``where``). A predicted event matches a gold event when

- the **action** matches: the gold lemma equals the prediction's ``action``, its ``lemma`` or its
  ``event_class``, or every word of the gold lemma is an inflection of a word of the trigger
  ("defeat" / "defeated", "bowl out" / "bowled out"); and
- the **party** matches: the gold actor names the predicted actor (``events.name_matches``:
  word-subset match against the Ref and its entity's names); when the gold actor is null (a
  passive without agent: "Boston was convicted"), the gold target must name the predicted target.

Pairs are made greedily, one prediction per gold event, in gold order; counts are pooled over
articles (micro-averages) per part and ``all``. ``main_events_precision``: the share of the
events marked ``main`` that match a gold event. An empty prediction scores 0 (precision of no
predictions against gold that has events is counted as 0, not 1).

``python -m tidings.quality.newsdev_events [news-dev folder]`` prints the figures and the misses.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.model import Analysis, Entity, Event
from tidings.quality import PRF, Tally, norm
from tidings.quality import newsdev as newsdev_mod
from tidings.quality.events import name_matches

BASELINE_FILE = "newsdev_events_baseline.json"
_SUFFIXES = ("ing", "ed", "es", "s", "d", "")


def _inflects(gold_word: str, word: str) -> bool:
    """Whether ``word`` is ``gold_word`` with a regular inflection ("seize"/"seized",
    "hit"/"hitting", "carry"/"carried")."""
    if word == gold_word:
        return True
    for suf in _SUFFIXES:
        if suf and word.endswith(suf):
            stem = word[: -len(suf)]
            if stem in (gold_word, gold_word.rstrip("e")):
                return True
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] == gold_word:  # hitting
                return True
            if stem.endswith("i") and stem[:-1] + "y" == gold_word:  # carried
                return True
    return False


def action_matches(gold: str, ev: Event) -> bool:
    """Whether the gold action lemma names ``ev``'s action (see the module docstring)."""
    g = norm(gold).casefold()
    if g in {ev.action.casefold(), (ev.lemma or "").casefold(), (ev.event_class or "").casefold()}:
        return True
    trigger = re.findall(r"[\w'-]+", norm(ev.trigger).casefold())
    return all(any(_inflects(w, t) for t in trigger) for w in g.split())


def party_matches(gold: dict[str, Any], ev: Event, entities: dict[str, Entity]) -> bool:
    """The gold actor names the predicted actor; for a gold event without actor, the target."""
    if gold.get("actor"):
        return name_matches(gold["actor"], ev.actor, entities)
    return bool(gold.get("target")) and name_matches(gold["target"], ev.target, entities)


@dataclass(slots=True)
class NewsDevEventScore:
    """Pooled counts and the misses (gold not found, predictions matching nothing)."""

    prf: PRF = field(default_factory=PRF)
    main: Tally = field(default_factory=Tally)  # main events that match a gold event
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(
        self, name: str, events: Sequence[Event], entities: Iterable[Entity], gold: list[Any]
    ) -> None:
        by_id = {e.id: e for e in entities}
        used: set[int] = set()
        found = 0
        for g in gold:
            for i, ev in enumerate(events):
                if (
                    i not in used
                    and action_matches(g["action"], ev)
                    and party_matches(g, ev, by_id)
                ):
                    used.add(i)
                    found += 1
                    break
            else:
                self.missed.append(f"{name}: ({g.get('actor')}, {g['action']}, {g.get('target')})")
        for i, ev in enumerate(events):
            if i not in used:
                actor = ev.actor.name if ev.actor else None
                target = ev.target.name if ev.target else None
                self.spurious.append(f"{name}: ({actor}, {ev.action}, {target}) [{ev.trigger}]")
        self.prf.add(PRF(tp_pred=len(used), n_pred=len(events), tp_gold=found, n_gold=len(gold)))
        mains = [i for i, ev in enumerate(events) if ev.main]
        self.main.add(Tally(sum(i in used for i in mains), len(mains)))

    def figures(self) -> dict[str, Any]:
        out: dict[str, Any] = self.prf.figures("events")
        if not self.prf.n_pred and self.prf.n_gold:
            out.update(events_precision=0.0, events_f1=0.0)  # an empty prediction scores 0
        out["main_events_precision"] = self.main.value if self.main.total else 0.0
        out["events_gold"] = self.prf.n_gold
        out["events_predicted"] = self.prf.n_pred
        if self.failures:
            out["failures"] = self.failures
        return out


def score(
    results: Iterable[tuple[str, str, dict[str, Any], Analysis | str]],
) -> dict[str, NewsDevEventScore]:
    """Scores per part and ``all`` for ``tidings.quality.newsdev.analyse``'s results."""
    scores: dict[str, NewsDevEventScore] = {"all": NewsDevEventScore()}
    for part, name, gold, analysis in results:
        for s in (scores.setdefault(part, NewsDevEventScore()), scores["all"]):
            if isinstance(analysis, str):
                s.failures.append(f"{name}: {analysis}")
                s.prf.add(PRF(n_gold=len(gold.get("events", []))))
            else:
                s.add(name, analysis.events, analysis.entities, gold.get("events", []))
    return scores


def baseline() -> dict[str, dict[str, float]]:
    """Floors for the figures: ``{"all": {...}, "part1": {...}, ...}``."""
    text = (Path(__file__).parent / BASELINE_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures per part and pooled, then the misses."""
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else Path(__file__).resolve().parents[4] / "shared/data/news-dev"
    scores = score(newsdev_mod.analyse(root))
    print(json.dumps({k: s.figures() for k, s in scores.items()}, indent=1))
    print("\n".join(["missed:", *scores["all"].missed, "spurious:", *scores["all"].spurious]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
