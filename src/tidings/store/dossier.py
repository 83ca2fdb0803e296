"""Entity dossiers: everything the corpus holds about one entity, gathered with SQL over the fact tables.

An entity is found by its per-article entity id, its canonical id, or by name: the normalised
query must equal a stored name, alias or mention, or be whole words of one (``Khalimov`` finds
``Gulmurod Khalimov``). When the name matches several entity types (``Washington`` the person
and the place), the most frequent type wins and the others are listed in ``Dossier.other_types``.
Once ``tidings.resolve`` has filled ``entities.canonical_id``, the dossier is that of one
canonical entity: every row linked to it, whatever its spelling (``Halimov`` too), and the
other canonical entities the query matched are listed in ``Dossier.alternatives``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from tidings.store import schema as S
from tidings.store.names import name_matches, normalize_name
from tidings.store.types import (
    ClaimRow,
    CoMention,
    Count,
    Dossier,
    EntityRef,
    HitRow,
    QuoteRow,
    TimelineEntry,
)


def match_condition(query: str) -> sa.ColumnElement[bool]:
    """Entities rows matching ``query`` by id, canonical id or name (see the module docstring)."""
    e = S.entities.c
    n = S.entity_names.c
    conds: list[sa.ColumnElement[bool]] = [e.entity_id == query, e.canonical_id == query]
    norm = normalize_name(query)
    if norm:
        conds.append(
            sa.exists().where(
                n.article_id == e.article_id, n.entity_id == e.entity_id, name_matches(n.norm, norm)
            )
        )
    return sa.or_(*conds)


def dossier(
    conn: sa.Connection, query: str, *, type: str | None = None, limit: int = 200
) -> Dossier | None:
    """The dossier for ``query``, or None when no stored entity matches. Lists hold at most
    ``limit`` rows each (newest first for quotes and claims, by date for the timeline)."""
    e = S.entities.c
    cond = match_condition(query)
    types: Counter[str] = Counter(
        dict(conn.execute(sa.select(e.type, sa.func.count()).where(cond).group_by(e.type)).all())
    )
    if not types:
        return None
    chosen = type.upper() if type else types.most_common(1)[0][0]
    if chosen not in types:
        return None
    # once resolution has run, the query picks canonical entities and the dossier gathers
    # every row of the best-matching one (all its spellings), listing the others
    canon: Counter[str] = Counter(
        {
            k: v
            for k, v in conn.execute(
                sa.select(e.canonical_id, sa.func.count())
                .where(cond, e.type == chosen, e.canonical_id.is_not(None))
                .group_by(e.canonical_id)
            ).all()
        }
    )
    canonical_id: str | None = None
    alternatives: list[Count] = []
    if canon:
        exact = query if query in canon else None
        canonical_id = exact or min(canon, key=lambda k: (-canon[k], k))
        cond = sa.or_(e.canonical_id == canonical_id, sa.and_(cond, e.canonical_id.is_(None)))
        alternatives = _alternatives(conn, canon, canonical_id)
    refs_q = sa.select(e.article_id, e.entity_id).where(cond, e.type == chosen)
    refs = refs_q.cte("refs")

    ref_rows = conn.execute(
        sa.select(
            e.article_id, e.entity_id, e.name, e.type, e.mention_count, e.descriptors, e.country
        ).where(cond, e.type == chosen)
    ).all()
    names = _counts(conn, refs)
    descriptors: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for r in ref_rows:
        descriptors.update({d: 1 for d in (r.descriptors or [])})
        if r.country:
            countries[r.country] += 1
    by_name = Counter(r.name for r in ref_rows)
    name = by_name.most_common(1)[0][0]
    if canonical_id is not None:
        c = S.canonical_entities.c
        name = conn.scalar(sa.select(c.name).where(c.id == canonical_id)) or name
    return Dossier(
        query=query,
        name=name,
        type=chosen,
        refs=[
            EntityRef(r.article_id, r.entity_id, r.name, r.type, r.mention_count)
            for r in ref_rows[:limit]
        ],
        names=names,
        descriptors=[Count(k, v) for k, v in descriptors.most_common(limit)],
        countries=[Count(k, v) for k, v in countries.most_common()],
        timeline=_timeline(conn, refs, limit),
        quotes_by=_quotes_by(conn, refs, query, limit),
        quotes_about=_quotes_about(conn, refs, limit),
        claims_by=_claims_by(conn, refs, limit),
        claims_about=_claims_about(conn, refs, limit),
        watchlist=_watchlist(conn, refs, limit),
        co_mentioned=_co_mentioned(conn, refs, limit=25),
        other_types=[Count(t, c) for t, c in types.most_common() if t != chosen],
        canonical_id=canonical_id,
        alternatives=alternatives,
    )


def _alternatives(conn: sa.Connection, canon: Counter[str], chosen: str) -> list[Count]:
    """Other canonical entities the query also matched: ``"ce-... Name"`` with matching rows."""
    others = [k for k in canon if k != chosen]
    if not others:
        return []
    c = S.canonical_entities.c
    names = dict(conn.execute(sa.select(c.id, c.name).where(c.id.in_(others))).all())
    return [
        Count(f"{k} {names.get(k, '')}".strip(), canon[k])
        for k in sorted(others, key=lambda k: (-canon[k], k))
    ]


def _counts(conn: sa.Connection, refs: sa.CTE) -> list[Count]:
    n = S.entity_names.c
    stmt = (
        sa.select(n.name, sa.func.count(sa.distinct(n.article_id)).label("k"))
        .join(refs, sa.and_(refs.c.article_id == n.article_id, refs.c.entity_id == n.entity_id))
        .group_by(n.name)
        .order_by(sa.desc("k"), n.name)
    )
    return [Count(name, k) for name, k in conn.execute(stmt).all()]


def _timeline(conn: sa.Connection, refs: sa.CTE, limit: int) -> list[TimelineEntry]:
    a = S.articles.c
    e = S.entities.c
    stmt = (
        sa.select(a.id, a.title, a.outlet, a.published, a.url, sa.func.sum(e.mention_count))
        .select_from(S.entities)
        .join(refs, sa.and_(refs.c.article_id == e.article_id, refs.c.entity_id == e.entity_id))
        .join(S.articles, a.id == e.article_id)
        .group_by(a.id, a.title, a.outlet, a.published, a.url, a.seq)
        .order_by(a.published.asc().nulls_last(), a.seq)
        .limit(limit)
    )
    return [TimelineEntry(r[0], r[1], r[2], r[3], r[4], int(r[5] or 0)) for r in conn.execute(stmt)]


def _quote_row(r: Any) -> QuoteRow:
    return QuoteRow(
        article_id=r.article_id,
        id=r.id,
        text=r.text,
        start=r.start,
        end=r.end,
        kind=r.kind,
        speaker=r.speaker_name,
        speaker_id=r.speaker_id,
        cue=r.cue,
        published=r.published,
        outlet=r.outlet,
        extractor=r.extractor,
        version=r.version,
    )


def _quote_select() -> sa.Select[Any]:
    q = S.quotes.c
    a = S.articles.c
    return (
        sa.select(
            q.article_id,
            q.id,
            q.text,
            q.start,
            q.end,
            q.kind,
            q.speaker_name,
            q.speaker_id,
            q.cue,
            q.extractor,
            q.version,
            a.published,
            a.outlet,
        )
        .select_from(S.quotes)
        .join(S.articles, a.id == q.article_id)
    )


def _newest(
    select: sa.Select[Any], facts: sa.Table, where: sa.ColumnElement[bool], limit: int
) -> sa.Select[Any]:
    """Quotes or claims (``select`` joins them to their articles) matching ``where``: newest
    article first, then by article and position in it."""
    order = (S.articles.c.published.desc().nulls_last(), facts.c.article_id, facts.c.start)
    return select.where(where).order_by(*order).limit(limit)


def _quotes_by(conn: sa.Connection, refs: sa.CTE, query: str, limit: int) -> list[QuoteRow]:
    q = S.quotes.c
    linked = sa.exists().where(refs.c.article_id == q.article_id, refs.c.entity_id == q.speaker_id)
    conds: list[sa.ColumnElement[bool]] = [linked]
    norm = normalize_name(query)
    if norm:
        # a speaker the quote extractor could not link to an entity, matched by name
        conds.append(sa.and_(q.speaker_id.is_(None), name_matches(q.speaker_norm, norm)))
    return [
        _quote_row(r)
        for r in conn.execute(_newest(_quote_select(), S.quotes, sa.or_(*conds), limit))
    ]


def _quotes_about(conn: sa.Connection, refs: sa.CTE, limit: int) -> list[QuoteRow]:
    """Quotes whose text contains a mention of the entity, said by someone else."""
    q = S.quotes.c
    m = S.mentions.c
    inside = (
        sa.select(m.article_id)
        .join(refs, sa.and_(refs.c.article_id == m.article_id, refs.c.entity_id == m.entity_id))
        .where(
            m.article_id == q.article_id,
            m.start >= q.start,
            m.end <= q.end,
            sa.or_(q.speaker_id.is_(None), q.speaker_id != m.entity_id),
        )
        .exists()
    )
    return [_quote_row(r) for r in conn.execute(_newest(_quote_select(), S.quotes, inside, limit))]


def _claim_select() -> sa.Select[Any]:
    c = S.claims.c
    a = S.articles.c
    return (
        sa.select(
            c.article_id,
            c.id,
            c.figure,
            c.value,
            c.unit,
            c.about,
            c.source_name,
            c.start,
            c.end,
            c.extractor,
            c.version,
            a.published,
            a.outlet,
        )
        .select_from(S.claims)
        .join(S.articles, a.id == c.article_id)
    )


def _claim_row(r: Any) -> ClaimRow:
    return ClaimRow(
        article_id=r.article_id,
        id=r.id,
        figure=r.figure,
        value=r.value,
        unit=r.unit,
        about=r.about,
        source=r.source_name,
        start=r.start,
        end=r.end,
        published=r.published,
        outlet=r.outlet,
        extractor=r.extractor,
        version=r.version,
    )


def _claims_by(conn: sa.Connection, refs: sa.CTE, limit: int) -> list[ClaimRow]:
    c = S.claims.c
    linked = sa.exists().where(refs.c.article_id == c.article_id, refs.c.entity_id == c.source_id)
    return [_claim_row(r) for r in conn.execute(_newest(_claim_select(), S.claims, linked, limit))]


def _claims_about(conn: sa.Connection, refs: sa.CTE, limit: int) -> list[ClaimRow]:
    """Claims whose sentence mentions the entity, sourced to someone else (or to no one)."""
    c = S.claims.c
    m = S.mentions.c
    inside = (
        sa.select(m.article_id)
        .join(refs, sa.and_(refs.c.article_id == m.article_id, refs.c.entity_id == m.entity_id))
        .where(
            m.article_id == c.article_id,
            m.start >= sa.func.coalesce(c.sentence_start, c.start),
            m.end <= sa.func.coalesce(c.sentence_end, c.end),
            sa.or_(c.source_id.is_(None), c.source_id != m.entity_id),
        )
        .exists()
    )
    return [_claim_row(r) for r in conn.execute(_newest(_claim_select(), S.claims, inside, limit))]


def _watchlist(conn: sa.Connection, refs: sa.CTE, limit: int) -> list[HitRow]:
    w = S.watchlist_hits.c
    stmt = (
        sa.select(S.watchlist_hits)
        .join(refs, sa.and_(refs.c.article_id == w.article_id, refs.c.entity_id == w.entity_id))
        .order_by(w.score.desc(), w.article_id)
        .limit(limit)
    )
    return [
        HitRow(
            article_id=r.article_id,
            entity_id=r.entity_id,
            name=r.name,
            list=r.list,
            list_id=r.list_id,
            listed_name=r.listed_name,
            programs=list(r.programs or []),
            score=r.score,
            listed_on=r.listed_on,
            article_predates_listing=r.article_predates_listing,
            explanation=list(r.explanation or []),
            extractor=r.extractor,
            version=r.version,
        )
        for r in conn.execute(stmt)
    ]


def _co_mentioned(conn: sa.Connection, refs: sa.CTE, *, limit: int) -> list[CoMention]:
    """Other entities in the same articles, by number of shared articles."""
    e = S.entities.c
    own = sa.select(refs.c.entity_id)
    k = sa.func.count(sa.distinct(e.article_id)).label("k")
    stmt = (
        sa.select(sa.func.min(e.name), e.type, k)
        .join(refs, refs.c.article_id == e.article_id)
        .where(e.entity_id.not_in(own))
        .group_by(e.norm, e.type)
        .order_by(sa.desc("k"), sa.func.min(e.name))
        .limit(limit)
    )
    return [CoMention(name, type_, int(n)) for name, type_, n in conn.execute(stmt)]
