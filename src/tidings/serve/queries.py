"""Read queries the Store has no method for yet: watchlist hits across the corpus, and stories.

Both read the store's own tables (``tidings.store.schema``) through ``store.engine``. When the
store grows ``watchlist_hits()`` / ``story()`` methods these become thin calls to them: the
stories are read from ``stories`` / ``story_articles``, which the story clustering fills.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from tidings.serve.layers import ref_resolver, spoken_by
from tidings.store import NotFound, Store
from tidings.store import schema as S
from tidings.store.base import entity_condition


def article_filters(
    *,
    entity: str | None = None,
    outlet: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[sa.ColumnElement[bool]]:
    """Conditions on ``articles`` like the store's own: outlet case-insensitive, dates inclusive."""
    a = S.articles.c
    out: list[sa.ColumnElement[bool]] = []
    if outlet:
        out.append(sa.func.lower(a.outlet) == outlet.lower())
    if since is not None:
        out.append(a.published >= since.isoformat())
    if until is not None:
        out.append(a.published < (until + timedelta(days=1)).isoformat())
    if entity:
        out.append(entity_condition(entity))
    return out


def watchlist_hits(
    store: Store,
    *,
    entity: str | None = None,
    outlet: str | None = None,
    since: date | None = None,
    until: date | None = None,
    list_name: str | None = None,
    min_score: float | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored watchlist hits, newest article first, each with its article's title, outlet and
    date and the explanation of the match. ``entity`` keeps hits of articles naming it."""
    w = S.watchlist_hits.c
    a = S.articles.c
    conds = article_filters(entity=entity, outlet=outlet, since=since, until=until)
    if list_name:
        conds.append(w.list == list_name)
    if min_score is not None:
        conds.append(w.score >= min_score)
    stmt = (
        sa.select(
            w.article_id,
            w.entity_id,
            w.name,
            w.list,
            w.list_id,
            w.listed_name,
            w.programs,
            w.score,
            w.listed_on,
            w.article_predates_listing,
            w.explanation,
            w.extractor,
            w.version,
            a.title,
            a.outlet,
            a.published,
        )
        .join(S.articles, a.id == w.article_id)
        .where(*conds)
        .order_by(a.published.desc().nulls_last(), a.seq.desc(), w.score.desc(), w.list_id)
        .offset(offset)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


# --- stories -------------------------------------------------------------------------------


@dataclass(slots=True)
class OutletColumn:
    """How one article of a story told it: who it quoted, which figures it gave, its hits."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    score: float | None
    speakers: list[tuple[str, int, str | None]] = field(
        default_factory=list
    )  # name, quotes, entity
    quotes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    watchlist: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "score": self.score,
            "speakers": [{"name": n, "quotes": k, "entity": e} for n, k, e in self.speakers],
            "quotes": self.quotes,
            "claims": self.claims,
            "entities": self.entities,
            "watchlist": self.watchlist,
        }


@dataclass(slots=True)
class StoryView:
    """A story: its label and one column per article, oldest first, plus what they share."""

    id: str
    label: str | None
    method: str | None
    columns: list[OutletColumn]
    shared_entities: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "method": self.method,
            "articles": [c.to_dict() for c in self.columns],
            "shared_entities": self.shared_entities,
        }


def story(store: Store, story_id: str) -> StoryView:
    """The story ``story_id`` compared outlet by outlet. Raises ``NotFound``."""
    s = S.stories.c
    sa_ = S.story_articles.c
    a = S.articles.c
    with store.engine.connect() as conn:
        head = conn.execute(sa.select(s.label, s.method).where(s.id == story_id)).first()
        if head is None:
            raise NotFound(f"no story with id {story_id!r}")
        rows = conn.execute(
            sa.select(a.id, a.title, a.outlet, a.published, a.url, sa_.score)
            .join(S.story_articles, sa_.article_id == a.id)
            .where(sa_.story_id == story_id)
            .order_by(a.published.asc().nulls_last(), a.seq)
        ).all()
    columns: list[OutletColumn] = []
    seen: Counter[str] = Counter()
    for r in rows:
        analysis = store.get(r.id)
        col = OutletColumn(r.id, r.title, r.outlet, r.published, r.url, r.score)
        by = [b for b in map(spoken_by, analysis.quotes) if b is not None]
        who = Counter(b.name for b in by)
        entity_of = ref_resolver(analysis)
        speaker_entity = {b.name: entity_of(b) for b in by}
        col.speakers = [(n, k, speaker_entity[n]) for n, k in who.most_common()]
        col.quotes = [
            {
                "text": q.text,
                "speaker": b.name if (b := spoken_by(q)) else None,
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
            }
            for q in analysis.quotes
        ]
        col.claims = [
            {
                "figure": c.figure,
                "about": c.about,
                "source": c.source.name if c.source else None,
                "start": c.start,
                "end": c.end,
            }
            for c in analysis.claims
        ]
        col.entities = [e.name for e in sorted(analysis.entities, key=lambda e: -e.salience)]
        col.watchlist = [
            {"name": w.name, "listed_name": w.listed_name, "list": w.list, "score": w.score}
            for w in analysis.watchlist
        ]
        seen.update(set(col.entities))
        columns.append(col)
    shared = [n for n, k in seen.most_common() if k > 1 or len(columns) == 1]
    return StoryView(story_id, head.label, head.method, columns, shared)


def stories_of(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The stories an article belongs to: ``{"id", "label", "articles"}`` each (empty before the
    story clustering has run)."""
    s = S.stories.c
    sa_ = S.story_articles.c
    member = sa.select(sa_.story_id).where(sa_.article_id == article_id)
    stmt = (
        sa.select(s.id, s.label, sa.func.count().label("articles"))
        .join(S.story_articles, sa_.story_id == s.id)
        .where(s.id.in_(member))
        .group_by(s.id, s.label)
        .order_by(s.id)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def iter_pages(
    fetch: Any, *, page: int = 500
) -> Iterator[dict[str, Any]]:  # fetch(limit, offset) -> list
    """Every row of a paged query, ``page`` rows at a time (exports without a cap)."""
    offset = 0
    while True:
        rows = fetch(page, offset)
        yield from rows
        if len(rows) < page:
            return
        offset += page
