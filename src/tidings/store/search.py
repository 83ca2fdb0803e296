"""Full-text search: web-search syntax -> FTS5 MATCH on SQLite, ``websearch_to_tsquery`` on PostgreSQL.

Both backends rank in the database, fetch only one page of hits, and build snippets for that
page alone (snippets over every match would dominate the latency on large corpora).

On SQLite the outlet and date filters are also facet tokens in the FTS5 index (migration 0003:
``xo<hex of outlet>``, ``xy2015``, ``xm201505``), so a filtered query is one MATCH that
intersects doclists inside FTS5 instead of joining every match to ``articles`` to test it;
the SQL filters stay as well, exact to the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from tidings.store import schema as S
from tidings.store.types import SearchHit

# snippet markers from the private-use area: never in cleaned news text, stripped before return
OPEN, CLOSE = "\ue000", "\ue001"
#: How many of the newest matches are ranked when a query matches more (see ``_sqlite``).
RANK_WINDOW = 2000
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
# a user word that reads like a facet token must not match one (see ``_sqlite``)
_FACET_LIKE = re.compile(r"\bx(?:o[0-9a-f]*|y\d{4}|m\d{6}|nodate|none)\b", re.IGNORECASE)
#: A date range needing more year/month tokens than this is left to the SQL filter: so many
#: doclists cost more to merge than the range saves.
MAX_DATE_TOKENS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def to_fts5(query: str) -> str | None:
    """Translate web-search syntax into a safe FTS5 expression; None when nothing is searchable.

    Every word is quoted (so ``AND``, ``NEAR``, ``*`` or a stray quote in user input can't break
    the expression): ``khalimov "islamic state" -police`` ->
    ``("khalimov" "islamic state") NOT ("police")``. ``OR`` separates alternatives;
    a word with inner punctuation (``Khalimov's``) becomes a phrase of its parts.
    """
    groups: list[list[str]] = [[]]
    negative: list[str] = []
    for m in _TOKEN.finditer(query):
        phrase, word = m.group(1), m.group(2)
        if word == "OR":
            if groups[-1]:
                groups.append([])
            continue
        neg = False
        if word is not None and word.startswith("-") and len(word) > 1:
            neg, word = True, word[1:]
        parts = _WORD.findall(phrase if phrase is not None else word or "")
        if not parts:
            continue
        term = '"' + " ".join(parts) + '"'
        (negative if neg else groups[-1]).append(term)
    groups = [g for g in groups if g]
    if not groups:
        return None
    positive = " OR ".join("(" + " ".join(g) + ")" for g in groups)
    if negative:
        return f"({positive}) NOT ({' OR '.join(negative)})"
    return positive


@dataclass(slots=True, frozen=True)
class Facets:
    """The outlet and date filters as given (``Store.search`` checks the dates)."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None


def outlet_token(outlet: str) -> str:
    """The facet token of an outlet: ``xo`` + hex of its UTF-8 bytes after ASCII lowercasing
    (what SQLite's ``lower()`` and ``NOCASE`` fold), as the migration's generated column has it."""
    folded = "".join(ch.lower() if ch.isascii() else ch for ch in outlet)
    return "xo" + folded.encode("utf-8").hex().upper()


def date_tokens(since: str | None, until: str | None, span: tuple[str, str]) -> list[str] | None:
    """Year and month tokens covering ``since``..``until`` (inclusive, open ends clipped to the
    corpus ``span`` of dates). None when the range does not narrow the corpus; ``[]`` when it
    is empty. Whole years become one ``xy`` token, the months at either end ``xm`` tokens."""
    lo, hi = date.fromisoformat(span[0][:10]), date.fromisoformat(span[1][:10])
    start = max(lo, date.fromisoformat(since[:10])) if since else lo
    end = min(hi, date.fromisoformat(until[:10])) if until else hi
    if start > end:
        return []
    if start <= lo and end >= hi:
        return None
    tokens: list[str] = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        if m == 1 and (end.year > y or end.month == 12):
            tokens.append(f"xy{y}")
            y += 1
            continue
        tokens.append(f"xm{y}{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tokens


def _facet_match(conn: sa.Connection, facets: Facets) -> str | None:
    """The FTS5 condition on ``fts_meta`` for ``facets``; None when nothing narrows the search,
    ``"xnone"`` (matches nothing) for an empty date range."""
    parts: list[str] = []
    if facets.outlet:
        parts.append(f'"{outlet_token(facets.outlet)}"')
    if facets.since or facets.until:
        a = S.articles.c
        # two index seeks (min()/max() with a WHERE would scan the index)
        first = conn.scalar(
            sa.select(a.published).where(a.published >= "0").order_by(a.published).limit(1)
        )
        last = conn.scalar(
            sa.select(a.published)
            .where(a.published < "9999-99")
            .order_by(a.published.desc())
            .limit(1)
        )
        try:
            tokens = date_tokens(facets.since, facets.until, (first, last))  # type: ignore[arg-type]
        except (TypeError, ValueError):  # no dated articles, or dates the filters reject anyway
            tokens = None
        if tokens == []:
            return '"xnone"'
        if tokens and len(tokens) <= MAX_DATE_TOKENS:
            parts.append("(" + " OR ".join(f'"{t}"' for t in tokens) + ")")
    if not parts:
        return None
    return "{fts_meta} : (" + " AND ".join(parts) + ")"


def search(
    conn: sa.Connection,
    query: str,
    filters: list[sa.ColumnElement[bool]],
    *,
    limit: int,
    offset: int,
    facets: Facets | None = None,
) -> list[SearchHit]:
    """One page of hits for ``query`` among the articles passing ``filters`` (see ``Store.search``);
    ``facets`` repeats the outlet and date filters for the SQLite full-text index."""
    if not query.strip():
        return _browse(conn, filters, limit=limit, offset=offset)
    if conn.dialect.name == "sqlite":
        return _sqlite(conn, query, filters, limit=limit, offset=offset, facets=facets)
    if conn.dialect.name == "postgresql":
        return _postgres(conn, query, filters, limit=limit, offset=offset)
    return _like(conn, query, filters, limit=limit, offset=offset)


def _browse(
    conn: sa.Connection, filters: list[sa.ColumnElement[bool]], *, limit: int, offset: int
) -> list[SearchHit]:
    a = S.articles.c
    stmt = (
        sa.select(a.id, a.title, a.outlet, a.published, a.url, sa.func.substr(a.text, 1, 200))
        .where(*filters)
        .order_by(a.published.desc().nulls_last(), a.seq.desc())
        .limit(limit)
        .offset(offset)
    )
    return [SearchHit(r[0], r[1], r[2], r[3], r[4], 0.0, _squash(r[5])) for r in conn.execute(stmt)]


def _sqlite(
    conn: sa.Connection,
    query: str,
    filters: list[sa.ColumnElement[bool]],
    *,
    limit: int,
    offset: int,
    facets: Facets | None = None,
) -> list[SearchHit]:
    words = to_fts5(query)
    if words is None:
        return []
    # The facet column has weight 0 in bm25, so the user's words can search every column;
    # only a word that looks like a facet token is kept to titles and texts (a column filter
    # makes FTS5 read position lists, which doubles the time of common words).
    match = "{title text} : (" + words + ")" if _FACET_LIKE.search(words) else words
    narrow = _facet_match(conn, facets) if facets else None
    if narrow is not None:
        match = f"{match} AND {narrow}"
    a = S.articles.c
    fts = sa.table("articles_fts", sa.column("rowid", sa.Integer))
    fts_col: sa.ColumnElement[Any] = sa.literal_column("articles_fts")
    matches = fts_col.op("MATCH")(match)
    # Ranking scores every match, which is what makes a very common word slow on a large
    # corpus. So only the newest RANK_WINDOW matches (by ingestion order) are ranked: FTS5 walks
    # its doclist newest-first and stops there, and a rowid bound keeps the ranking query to
    # them. Queries with fewer matches are ranked exactly.
    floor = conn.execute(
        sa.select(fts.c.rowid)
        .select_from(fts.join(S.articles, a.seq == fts.c.rowid))
        .where(matches, *filters)
        .order_by(fts.c.rowid.desc())
        .limit(1)
        .offset(RANK_WINDOW - 1)
    ).scalar()
    bound = [fts.c.rowid >= floor] if floor is not None else []
    # bm25 weights: a word in the title counts four times one in the text; lower is better
    rank = sa.func.bm25(fts_col, 4.0, 1.0, 0.0)
    page = (
        sa.select(a.seq, a.id, a.title, a.outlet, a.published, a.url, rank.label("rank"))
        .select_from(fts.join(S.articles, a.seq == fts.c.rowid))
        .where(matches, *bound, *filters)
        .order_by(rank, a.seq)
        .limit(limit)
        .offset(offset)
    )
    rows = conn.execute(page).all()
    if not rows:
        return []
    snip = sa.func.snippet(fts_col, 1, OPEN, CLOSE, "…", 24)
    snippets = dict(
        conn.execute(
            sa.select(fts.c.rowid, snip).where(
                fts_col.op("MATCH")(match), fts.c.rowid.in_([r.seq for r in rows])
            )
        ).all()
    )
    return [_hit(r, -float(r.rank), snippets.get(r.seq) or "") for r in rows]


def _postgres(
    conn: sa.Connection,
    query: str,
    filters: list[sa.ColumnElement[bool]],
    *,
    limit: int,
    offset: int,
) -> list[SearchHit]:
    a = S.articles.c
    english: sa.ColumnElement[Any] = sa.literal_column("'english'::regconfig")
    tsq = sa.func.websearch_to_tsquery(english, query)
    tsv: sa.ColumnElement[Any] = sa.literal_column("articles.tsv")
    rank = sa.func.ts_rank_cd(tsv, tsq)
    page = (
        sa.select(a.seq, a.id, a.title, a.outlet, a.published, a.url, rank.label("rank"))
        .where(tsv.op("@@")(tsq), *filters)
        .order_by(rank.desc(), a.seq)
        .limit(limit)
        .offset(offset)
    )
    rows = conn.execute(page).all()
    if not rows:
        return []
    options = f'StartSel={OPEN}, StopSel={CLOSE}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
    head = sa.func.ts_headline(english, a.text, tsq, options)
    snippets = dict(
        conn.execute(sa.select(a.seq, head).where(a.seq.in_([r.seq for r in rows]))).all()
    )
    return [_hit(r, float(r.rank), snippets.get(r.seq) or "") for r in rows]


def _like(
    conn: sa.Connection,
    query: str,
    filters: list[sa.ColumnElement[bool]],
    *,
    limit: int,
    offset: int,
) -> list[SearchHit]:
    """Fallback for other databases: every word as a case-insensitive substring, unranked."""
    a = S.articles.c
    words = _WORD.findall(query)
    if not words:
        return []
    conds = [sa.func.lower(a.text).contains(w.lower(), autoescape=True) for w in words]
    stmt = (
        sa.select(a.id, a.title, a.outlet, a.published, a.url, sa.func.substr(a.text, 1, 200))
        .where(*conds, *filters)
        .order_by(a.seq)
        .limit(limit)
        .offset(offset)
    )
    return [SearchHit(r[0], r[1], r[2], r[3], r[4], 0.0, _squash(r[5])) for r in conn.execute(stmt)]


def _hit(row: Any, score: float, marked: str) -> SearchHit:
    snippet, highlights = parse_marked(_squash(marked))
    return SearchHit(
        id=row.id,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        url=row.url,
        score=score,
        snippet=snippet,
        highlights=highlights,
    )


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip the snippet markers, returning the plain snippet and the marked (start, end) spans."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start: int | None = None
    for ch in marked:
        if ch == OPEN:
            start = pos
        elif ch == CLOSE:
            if start is not None and pos > start:
                spans.append((start, pos))
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), spans


def _squash(text: str | None) -> str:
    """One line: newlines and runs of spaces become single spaces."""
    return " ".join((text or "").split())
