"""What the store hands back: search hits, article summaries, errors, write counts and dossiers.

Plain dataclasses with ``to_dict()`` so the CLI, the REST API and the web pages share one shape.
"""

from __future__ import annotations

import builtins
import dataclasses
from dataclasses import dataclass, field
from typing import Any


class _Dict:
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@dataclass(slots=True)
class WriteResult(_Dict):
    """How a batch write went: ``written`` new articles, ``replaced`` re-analysed ones, ``skipped``
    articles already stored (a no-op)."""

    written: int = 0
    replaced: int = 0
    skipped: int = 0


@dataclass(slots=True)
class ArticleSummary(_Dict):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    source: str | None
    language: str
    stored_at: str


@dataclass(slots=True)
class SearchHit(_Dict):
    """One matching article. ``snippet`` is plain text; ``highlights`` are (start, end) offsets of
    the matched words inside ``snippet``; ``score`` is higher for better matches."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class ErrorRecord(_Dict):
    """An input that failed: which one, at which stage, why, how often and when."""

    source: str
    stage: str
    reason: str
    attempts: int
    first_at: str
    last_at: str


# --- dossier -------------------------------------------------------------------------------


@dataclass(slots=True)
class Count(_Dict):
    value: str
    count: int


@dataclass(slots=True)
class EntityRef(_Dict):
    """One article's entity that the dossier is about."""

    article_id: str
    entity_id: str
    name: str
    type: str
    mentions: int


@dataclass(slots=True)
class TimelineEntry(_Dict):
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    mentions: int


@dataclass(slots=True)
class QuoteRow(_Dict):
    article_id: str
    id: str
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_id: str | None
    cue: str | None
    published: str | None
    outlet: str | None
    extractor: str
    version: str


@dataclass(slots=True)
class ClaimRow(_Dict):
    article_id: str
    id: str
    figure: str
    value: float | None
    unit: str | None
    about: str | None
    source: str | None
    start: int
    end: int
    published: str | None
    outlet: str | None
    extractor: str
    version: str


@dataclass(slots=True)
class HitRow(_Dict):
    article_id: str
    entity_id: str
    name: str
    list: str
    list_id: str
    listed_name: str
    programs: builtins.list[str]
    score: float
    listed_on: str | None
    article_predates_listing: bool | None
    explanation: builtins.list[dict[str, Any]]
    extractor: str
    version: str


@dataclass(slots=True)
class CoMention(_Dict):
    name: str
    type: str
    articles: int


@dataclass(slots=True)
class Dossier(_Dict):
    """What the corpus says about one entity (matched by name, alias or id; see ``Store.entity_dossier``).

    ``other_types`` lists entity types that also matched the query but were left out (rerun with
    ``type=`` to see them). Before cross-article resolution has run, a dossier gathers entities
    by name (two people sharing a name share a dossier); after it, ``canonical_id`` names the
    canonical entity and ``alternatives`` the other canonical entities the query matched.
    """

    query: str
    name: str
    type: str
    refs: list[EntityRef]
    names: list[Count]
    descriptors: list[Count]
    countries: list[Count]
    timeline: list[TimelineEntry]
    quotes_by: list[QuoteRow]
    quotes_about: list[QuoteRow]
    claims_by: list[ClaimRow]
    claims_about: list[ClaimRow]
    watchlist: list[HitRow]
    co_mentioned: list[CoMention]
    other_types: list[Count] = field(default_factory=list)
    canonical_id: str | None = None
    alternatives: list[Count] = field(default_factory=list)
