"""What flows between stages: Article, Mention, Entity, Quote, Claim, Event, RhetoricSpan, WatchlistHit, Analysis.

Every fact carries its character span in ``Article.text`` (``start``/``end``, end exclusive)
and a ``Provenance`` naming the extractor and its version. Ids are derived from the article id
and the span, so re-running the same pipeline on the same text gives the same ids
(as FollowTheMoney statements do).
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "tidings.analysis/1"

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP"]
QuoteKind = Literal["direct", "partial", "indirect"]


def content_id(text: str) -> str:
    """The article id: a short hash of the cleaned text, so the same article always has the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fact_id(prefix: str, article_id: str, *parts: object) -> str:
    """Deterministic id of a fact: prefix + hash of the article id and the parts (span, kind, ...)."""
    h = hashlib.sha1("|".join([article_id, *map(str, parts)]).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{h}"


@dataclass(slots=True, frozen=True)
class Provenance:
    """Which extractor (and version) produced a fact, from which article."""

    article_id: str
    extractor: str
    version: str
    rule: str | None = None  # the rule (e.g. the reference-resolution sieve) behind the fact


@dataclass(slots=True)
class Removed:
    """A line dropped by the cleaner, with the reason (``photo_credit``, ``comment_footer``, ...)."""

    text: str
    reason: str


@dataclass(slots=True, frozen=True)
class Dateline:
    """A wire dateline opening the body ("FRANKFURT (Reuters) -"): the place and the agency."""

    place: str
    agency: str | None = None


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in the text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Ref:
    """A pointer from a fact to an entity of the same analysis (``entity_id`` may be None when unresolved)."""

    entity_id: str | None
    name: str


@dataclass(slots=True)
class Entity:
    """One real-world entity of an article, with every mention of it."""

    id: str
    name: str
    type: str
    mentions: list[Mention]
    descriptors: list[str]
    provenance: Provenance
    aliases: list[str] = field(default_factory=list)
    country: str | None = (
        None  # ISO 3166-1 alpha-2 for GPEs, or the nationality seen beside a person
    )
    salience: float = 0.0


@dataclass(slots=True)
class Quote:
    """Something a speaker said, directly (in quotation marks) or as reported speech."""

    id: str
    text: str
    start: int
    end: int
    kind: str  # QuoteKind
    speaker: Ref | None  # set only when resolved to an entity of this analysis
    via: Ref | None
    cue: str | None
    provenance: Provenance
    cue_start: int | None = None
    cue_end: int | None = None
    #: the speaker's words as written when no entity is named ("a witness", "police", "they")
    speaker_text: str | None = None


@dataclass(slots=True)
class Claim:
    """A number-bearing statement: the figure, its value, what it counts, and who says so."""

    id: str
    figure: str
    value: float | None
    qualifier: str | None
    about: str | None
    start: int
    end: int
    source: Ref | None
    provenance: Provenance
    unit: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    #: the source's words as written when no entity is named ("analysts", "a study")
    source_text: str | None = None


@dataclass(slots=True)
class Event:
    """Who did what to whom, when and where, with the modality and who asserts it (events issue)."""

    id: str
    trigger: str
    action: str
    start: int
    end: int
    actor: Ref | None
    target: Ref | None
    provenance: Provenance
    when: str | None = None
    when_text: str | None = None
    where: Ref | None = None
    modality: str = "asserted"
    asserted_by: Ref | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    lemma: str | None = None  # the predicate's lemma ("defeat", "bowl out", "arrest")
    event_class: str | None = None  # taxonomy class, None when the predicate has none
    salience: float = 0.0  # 0..1: title, lede, main clause, repetition
    main: bool = False  # one of the article's main events


@dataclass(slots=True)
class RhetoricSpan:
    """A propaganda-technique span and whose voice it is in (``outlet`` or a speaker)."""

    id: str
    text: str
    start: int
    end: int
    technique: str
    score: float
    voice: str  # "outlet" or "speaker"
    speaker: Ref | None
    provenance: Provenance
    #: score at or above the model's confident threshold (shown by default); analyses made
    #: before spans were calibrated read back as confident
    confident: bool = True


@dataclass(slots=True)
class MatchFeature:
    """One reason a watchlist score went up or down."""

    name: str
    weight: float
    detail: str


@dataclass(slots=True)
class WatchlistHit:
    """An entity of the article that matches a sanctions-list entry, with the explanation."""

    entity_id: str
    name: str
    list: str
    list_id: str
    listed_name: str
    programs: builtins.list[str]
    score: float
    listed_on: str | None
    article_predates_listing: bool | None
    explanation: builtins.list[MatchFeature]
    provenance: Provenance


@dataclass(slots=True)
class Article:
    """A cleaned article ready for annotation: ``text`` is what every offset indexes."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    source: str | None = None  # path, "-" for stdin, or URL it was read from
    url: str | None = None
    removed: list[Removed] = field(default_factory=list)
    language: str = "en"
    authors: list[str] = field(default_factory=list)  # from removed bylines
    dateline: Dateline | None = None
    photo_agencies: list[str] = field(default_factory=list)  # from removed photo credits


NOT_SCREENED: dict[str, Any] = {"status": "not_screened", "reason": "screening not run"}


@dataclass(slots=True)
class Analysis:
    """Everything Tidings found in one article. ``to_dict()`` gives the versioned JSON."""

    id: str
    text: str
    title: str | None
    outlet: str | None
    published: str | None
    source: str | None
    removed: list[Removed] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rhetoric: list[RhetoricSpan] = field(default_factory=list)
    watchlist: list[WatchlistHit] = field(default_factory=list)
    #: whether ``watchlist`` was screened, against which lists (snapshot dates, entry counts):
    #: {"status": "screened", "lists": [...]} or {"status": "not_screened", "reason": "..."}
    screening: dict[str, Any] = field(default_factory=lambda: dict(NOT_SCREENED))
    pipeline: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    url: str | None = None
    #: counts of rhetoric techniques by voice: {"outlet": {"loaded_language": 3}, "<speaker>": {...}}
    rhetoric_summary: dict[str, dict[str, int]] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    photo_agencies: list[str] = field(default_factory=list)
    #: one line per thing the reader should know ("no spaCy model for 'fr': ...")
    notices: list[str] = field(default_factory=list)

    def entity(self, entity_id: str | None) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def to_dict(self) -> dict[str, Any]:
        d = {"schema": SCHEMA, **_asdict(self)}
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """Rebuild an Analysis from its JSON form (the inverse of ``to_dict``)."""
        return _from_dict(data)


def _asdict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _asdict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list):
        return [_asdict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _asdict(v) for k, v in obj.items()}
    return obj


def _ref(d: dict[str, Any] | None) -> Ref | None:
    return Ref(**d) if d else None


def _prov(d: dict[str, Any]) -> Provenance:
    return Provenance(**d)


def _from_dict(data: dict[str, Any]) -> Analysis:
    data = dict(data)
    data.pop("schema", None)
    a = Analysis(**{k: v for k, v in data.items() if k not in _NESTED})
    a.removed = [Removed(**r) for r in data.get("removed", [])]
    a.dateline = Dateline(**data["dateline"]) if data.get("dateline") else None
    a.entities = [
        Entity(
            **{
                **e,
                "mentions": [Mention(**m) for m in e["mentions"]],
                "provenance": _prov(e["provenance"]),
            }
        )
        for e in data.get("entities", [])
    ]
    a.quotes = [
        Quote(
            **{
                **q,
                "speaker": _ref(q.get("speaker")),
                "via": _ref(q.get("via")),
                "provenance": _prov(q["provenance"]),
            }
        )
        for q in data.get("quotes", [])
    ]
    a.claims = [
        Claim(**{**c, "source": _ref(c.get("source")), "provenance": _prov(c["provenance"])})
        for c in data.get("claims", [])
    ]
    a.events = [
        Event(
            **{
                **ev,
                "actor": _ref(ev.get("actor")),
                "target": _ref(ev.get("target")),
                "where": _ref(ev.get("where")),
                "asserted_by": _ref(ev.get("asserted_by")),
                "provenance": _prov(ev["provenance"]),
            }
        )
        for ev in data.get("events", [])
    ]
    a.rhetoric = [
        RhetoricSpan(
            **{**r, "speaker": _ref(r.get("speaker")), "provenance": _prov(r["provenance"])}
        )
        for r in data.get("rhetoric", [])
    ]
    a.watchlist = [
        WatchlistHit(
            **{
                **w,
                "explanation": [MatchFeature(**f) for f in w.get("explanation", [])],
                "provenance": _prov(w["provenance"]),
            }
        )
        for w in data.get("watchlist", [])
    ]
    return a


_NESTED = {"removed", "dateline", "entities", "quotes", "claims", "events", "rhetoric", "watchlist"}

__all__ = [
    "SCHEMA",
    "Analysis",
    "Article",
    "Claim",
    "Dateline",
    "Entity",
    "EntityType",
    "Event",
    "MatchFeature",
    "Mention",
    "Provenance",
    "QuoteKind",
    "Ref",
    "Removed",
    "RhetoricSpan",
    "WatchlistHit",
    "content_id",
    "fact_id",
]
