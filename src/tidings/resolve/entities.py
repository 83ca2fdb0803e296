"""Cross-article identity: the entities of every article -> canonical entities, with a judgement per decision.

How ``resolve_entities(store)`` decides, in the order data flows (nomenklatura's
blocker -> matcher -> resolver, in one module):

1. **Units.** Rows of ``entities`` with the same type and the same prepared name key (titles
   dropped, transliterated, casefolded: ``Colonel Gulmurod Khalimov`` -> ``gulmurod khalimov``)
   form one unit, decided together. A row named in a user's judgement is a unit of its own, so
   a user can pull one ``John Smith`` away from the others.
2. **Blocking.** Units meet only when they share the romanisation-folded consonant skeleton of
   a name word (``Khalimov``, ``Halimov``, ``Xalimov`` -> ``hlmv``); skeleton blocks larger than
   ``MAX_BLOCK`` units are too common to say anything and are skipped.
3. **Matching.** Names are compared with the watchlist's rigour-based token alignment
   (``tidings.watchlist.match.compare``), in both directions, over each unit's most frequent
   spellings. Context comes from the rows: shared descriptor words (``commander``, ``police``),
   shared co-mentioned entities, and the country (a conflict counts against a merge).
4. **Judgements.** Each compared pair gets ``positive`` (two-word names that align, or a bare
   surname backed by context), ``unsure`` (a bare surname without context, or a conflict), or
   ``negative``. Every decision is kept in ``judgements`` with its score and its reasons; user
   judgements (``merge``/``split``) are never rewritten and always win.
5. **Clustering.** Union-find, user positives first, then automatic positives strongest first;
   a merge that would join two units with a negative judgement between them is refused, so a
   surname can attach to one of two different full names but never chain them.

Canonical ids (``ce-`` + hash) are kept across runs: a cluster takes the id most of its rows
already had. Re-running is safe and cheap to reason about: automatic judgements are replaced,
user judgements stay.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from tidings.exc import TidingsError
from tidings.resolve.graph import Clusters
from tidings.store import schema as S
from tidings.store.base import Store
from tidings.store.names import name_matches, normalize_name
from tidings.watchlist.match import NameScore, compare
from tidings.watchlist.names import ORG, PERSON, prepare

NAME = "tidings.resolve.entities"
VERSION = "1"

POSITIVE, NEGATIVE, UNSURE = "positive", "negative", "unsure"
#: Types matched with fuzzy names; other types (places, nationalities) group by exact name key.
FUZZY_TYPES = {"PERSON": PERSON, "ORG": ORG}
#: Skeleton blocks with more units than this are skipped (a common word, not a name).
MAX_BLOCK = 400
#: Spellings of a unit compared (its most frequent ones).
TOP_NAMES = 3
#: Full names (two name words each side) that align at least this well are the same entity.
FULL_NAME = 0.88
#: A bare name word aligned with a word of a longer name at least this well is a short form.
SHORT_TOKEN = 0.85
#: Pairs whose best name score is below this are not stored as judgements (nor compared further).
STORE_FLOOR = 0.6

_DESC_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "for",
        "in",
        "on",
        "at",
        "to",
        "with",
        "by",
        "from",
        "former",
        "current",
        "his",
        "her",
        "its",
        "their",
        "who",
        "which",
        "that",
        "this",
        "was",
        "is",
        "has",
        "had",
        "been",
        "new",
        "old",
        "also",
        "one",
        "two",
        "three",
        "said",
        "says",
        "according",
    ]
)
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


class ResolveError(TidingsError):
    """An entity named in a merge or split can't be found, or names more than one entity."""


@dataclass(slots=True)
class Row:
    article_id: str
    entity_id: str
    name: str
    type: str
    country: str | None
    descriptors: list[str]
    aliases: list[str]
    mentions: int
    canonical_id: str | None

    @property
    def ref(self) -> str:
        return f"{self.article_id}/{self.entity_id}"


@dataclass(slots=True)
class Unit:
    """Rows decided together: one type, one name key (or one row a user judged)."""

    id: str  # the first row's ref: judgements point at it
    type: str
    key: str
    rows: list[Row] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)
    countries: set[str] = field(default_factory=set)
    descriptors: set[str] = field(default_factory=set)
    co_mentioned: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return self.names.most_common(1)[0][0] if self.names else self.key


@dataclass(slots=True)
class Decision:
    """One matcher verdict on two units, with the reasons (``features``: name, weight, detail)."""

    judgement: str
    score: float
    features: list[dict[str, Any]]


@dataclass(slots=True)
class ResolveStats:
    rows: int = 0
    units: int = 0
    compared: int = 0
    canonical: int = 0
    merged: int = 0  # canonical entities with rows from more than one unit
    judgements: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "units": self.units,
            "compared": self.compared,
            "canonical": self.canonical,
            "merged": self.merged,
            "judgements": dict(self.judgements),
        }


# --- names and keys ---------------------------------------------------------------------------


def name_key(name: str, type_: str) -> str:
    """The grouping key of a name: prepared tokens for persons and organisations, else the
    normalised name. ``Colonel Gulmurod Khalimov`` -> ``gulmurod khalimov``."""
    kind = FUZZY_TYPES.get(type_)
    if kind is None:
        return normalize_name(name)
    forms = [t.form for t in prepare(name, kind).tokens]
    return " ".join(forms) or normalize_name(name)


def _significant(name: str, kind: str) -> int:
    return prepare(name, kind).significant


def _desc_words(descriptors: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for d in descriptors:
        for w in _WORD.findall(d.casefold()):
            if w not in _DESC_STOP:
                out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


def compare_names(a: str, b: str, type_: str) -> tuple[str, float, NameScore]:
    """How two names relate: ``("full", score, ...)`` for two multi-word names (the better of
    both directions), ``("short", ...)`` when one is a single word found in the other
    (``Khalimov`` / ``Gulmurod Halimov``), else ``("weak", ...)``."""
    kind = FUZZY_TYPES.get(type_, PERSON)
    pa, pb = prepare(a, kind), prepare(b, kind)
    ab, ba = compare(pa, pb), compare(pb, pa)
    best = ab if ab.score >= ba.score else ba
    na, nb = pa.significant, pb.significant
    if na >= 2 and nb >= 2:
        return "full", best.score, best
    if min(na, nb) == 1:
        short = ab if na <= nb else ba
        if not short.extra_query and short.pairs and all(p.sim >= SHORT_TOKEN for p in short.pairs):
            return "short", min(p.sim for p in short.pairs), short
    return "weak", best.score, best


_GENERATION = re.compile(r"(?<!\w)(Jr|Sr|II|III|IV)\.?(?!\w)")
_HONORIFIC = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}


def _marks(u: Unit) -> tuple[set[str], set[str]]:
    """The generational suffixes ("Jr.", "III") and honorific genders ("Mrs." -> f) in a unit's names."""
    gens = {m.group(1) for n in u.names for m in _GENERATION.finditer(n)}
    sexes = {
        _HONORIFIC[w.casefold().rstrip(".")]
        for n in u.names
        for w in n.split()[:1]
        if w.casefold().rstrip(".") in _HONORIFIC
    }
    return gens, sexes


def _distinct_people(u: Unit, v: Unit) -> str | None:
    """Why two person units are different people whatever their names share: a different
    generational suffix ("Donald Trump" / "Donald Trump Jr."), or honorifics of the other sex
    only ("Mr. Trump" / "Mrs. Trump"). Family reports name father and son, husband and wife."""
    (gu, su), (gv, sv) = _marks(u), _marks(v)
    if gu != gv:
        return f"different generations ({'/'.join(sorted(gu)) or 'none'} vs {'/'.join(sorted(gv)) or 'none'})"
    if len(su) == 1 and len(sv) == 1 and su != sv:
        return f"Mr. vs Mrs./Ms. ({u.label} / {v.label})"
    return None


def match_units(u: Unit, v: Unit) -> Decision:
    """The verdict on two units of one type (see the module docstring, step 4)."""
    kind_name = u.type
    best: tuple[str, float, NameScore] | None = None
    for a, _ in u.names.most_common(TOP_NAMES):
        for b, _ in v.names.most_common(TOP_NAMES):
            found = compare_names(a, b, kind_name)
            rank = {"full": 2, "short": 1, "weak": 0}
            if best is None or (rank[found[0]], found[1]) > (rank[best[0]], best[1]):
                best = found
    assert best is not None
    relation, name_score, detail = best
    features: list[dict[str, Any]] = [
        {
            "name": "name",
            "weight": round(name_score, 3),
            "detail": f"{detail.query} ~ {detail.listed}: "
            + "; ".join(f"{p.query} ~ {p.listed} ({p.how})" for p in detail.pairs)
            + (f" [{relation} name]" if relation != "weak" else ""),
        }
    ]
    shared_desc = sorted(u.descriptors & v.descriptors)
    shared_co = sorted(u.co_mentioned & v.co_mentioned)
    same_article = {r.article_id for r in u.rows} & {r.article_id for r in v.rows}
    context = min(1.0, 0.3 * len(shared_desc) + 0.3 * len(shared_co) + 0.3 * bool(same_article))
    if same_article:
        features.append(
            {
                "name": "same_article",
                "weight": 0.3,
                "detail": f"named in the same article ({len(same_article)})",
            }
        )
    if shared_desc:
        features.append(
            {
                "name": "descriptors",
                "weight": round(min(1.0, 0.3 * len(shared_desc)), 3),
                "detail": "both described as " + ", ".join(shared_desc[:5]),
            }
        )
    if shared_co:
        features.append(
            {
                "name": "co_mentioned",
                "weight": round(min(1.0, 0.3 * len(shared_co)), 3),
                "detail": "both mentioned with " + ", ".join(shared_co[:5]),
            }
        )
    conflict = bool(u.countries and v.countries and not (u.countries & v.countries))
    if u.countries & v.countries:
        features.append(
            {
                "name": "country",
                "weight": 0.2,
                "detail": "same country (" + ", ".join(sorted(u.countries & v.countries)) + ")",
            }
        )
    if conflict:
        features.append(
            {
                "name": "country",
                "weight": -0.5,
                "detail": f"different countries ({'/'.join(sorted(u.countries))} vs "
                f"{'/'.join(sorted(v.countries))})",
            }
        )
    score = round(0.75 * name_score + 0.25 * context - (0.25 if conflict else 0.0), 4)
    distinct = _distinct_people(u, v) if u.type == "PERSON" else None
    if distinct is not None:
        features.append({"name": "distinct_people", "weight": -1.0, "detail": distinct})
        return Decision(NEGATIVE, min(score, 0.3), features)
    if relation == "full" and name_score >= FULL_NAME:
        judgement = UNSURE if conflict else POSITIVE
    elif relation == "short":
        if conflict:
            judgement = NEGATIVE
        elif shared_desc or shared_co or same_article:
            judgement = POSITIVE
            score = round(max(score, 0.6 + 0.3 * context), 4)
        else:
            judgement = UNSURE
    elif name_score >= 0.8 and context >= 0.6 and not conflict:
        judgement = UNSURE
    else:
        judgement = NEGATIVE
    return Decision(judgement, score, features)


# --- loading ----------------------------------------------------------------------------------


def _load_rows(conn: sa.Connection) -> list[Row]:
    e = S.entities.c
    stmt = sa.select(
        e.article_id,
        e.entity_id,
        e.name,
        e.type,
        e.country,
        e.descriptors,
        e.aliases,
        e.mention_count,
        e.canonical_id,
    ).order_by(e.article_id, e.entity_id)
    return [
        Row(
            r.article_id,
            r.entity_id,
            r.name,
            r.type,
            r.country,
            list(r.descriptors or []),
            list(r.aliases or []),
            int(r.mention_count or 0),
            r.canonical_id,
        )
        for r in conn.execute(stmt)
    ]


def _user_judgements(conn: sa.Connection) -> list[sa.Row[Any]]:
    j = S.judgements.c
    return list(
        conn.execute(
            sa.select(S.judgements).where(j.user.is_not(None)).order_by(j.created_at, j.id)
        )
    )


def build_units(rows: Sequence[Row], pinned: set[str]) -> list[Unit]:
    """Group rows into units (step 1); refs in ``pinned`` (rows a user split off: the left
    side of a user's negative judgement) become units of their own."""
    by_article: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_article[r.article_id].append(r)
    units: dict[tuple[str, str], Unit] = {}
    out: list[Unit] = []
    for r in rows:
        key = name_key(r.name, r.type)
        if not key:
            continue
        found = None if r.ref in pinned else units.get((r.type, key))
        if found is None:
            unit = Unit(id=r.ref, type=r.type, key=key)
            out.append(unit)
            if r.ref not in pinned:
                units[(r.type, key)] = unit
        else:
            unit = found
        unit.rows.append(r)
        unit.names[r.name] += max(1, r.mentions)
        if r.country:
            unit.countries.add(r.country.upper())
        unit.descriptors |= _desc_words(r.descriptors)
    for unit in out:
        if unit.type not in FUZZY_TYPES:
            continue
        own = set(unit.key.split())
        for r in unit.rows:
            for other in by_article[r.article_id]:
                if other is r or other.type not in ("PERSON", "ORG", "GPE"):
                    continue
                okey = name_key(other.name, other.type)
                # a co-mention that shares a word with this unit is likely itself (an alias row)
                if okey and not (set(okey.split()) & own):
                    unit.co_mentioned.add(okey)
    return out


def _blocks(units: Sequence[Unit]) -> Iterable[tuple[int, int]]:
    """Candidate pairs (indexes into ``units``): same type and a shared skeleton key."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        kind = FUZZY_TYPES.get(u.type)
        if kind is None:
            continue
        keys: set[str] = set()
        for name in u.names:
            for t in prepare(name, kind).tokens:
                if t.weight >= 1.0 and len(t.form) >= 3 and t.skeleton:
                    keys.add(t.skeleton)
        for k in keys:
            index[(u.type, k)].append(i)
    seen: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                if pair not in seen:
                    seen.add(pair)
                    yield pair


# --- the run ----------------------------------------------------------------------------------


def resolve_entities(store: Store) -> ResolveStats:
    """Re-resolve every stored entity (see the module docstring); returns the counts.

    Automatic judgements are replaced, user judgements kept and obeyed, ``canonical_entities``
    rewritten and ``entities.canonical_id`` filled, all in one transaction.
    """
    stats = ResolveStats()
    with store.engine.begin() as conn:
        rows = _load_rows(conn)
        user = _user_judgements(conn)
        pinned = {j.left_id for j in user if j.judgement == NEGATIVE}
        units = build_units(rows, pinned)
        stats.rows, stats.units = len(rows), len(units)
        unit_of_ref = {r.ref: u for u in units for r in u.rows}
        clusters: Clusters[str] = Clusters(u.id for u in units)

        # user decisions first: the latest one about a pair wins
        latest: dict[tuple[str, str], str] = {}
        for row in user:
            ua, ub = unit_of_ref.get(row.left_id), unit_of_ref.get(row.right_id)
            if ua is None or ub is None or ua is ub:
                continue
            latest[(min(ua.id, ub.id), max(ua.id, ub.id))] = row.judgement
        for (a, b), verdict in latest.items():
            if verdict == NEGATIVE:
                clusters.cannot_link(a, b)
        for (a, b), verdict in latest.items():
            if verdict == POSITIVE:
                clusters.union(a, b)

        decided: list[tuple[Unit, Unit, Decision]] = []
        for i, k in _blocks(units):
            u, v = units[i], units[k]
            stats.compared += 1
            if (min(u.id, v.id), max(u.id, v.id)) in latest:
                continue
            d = match_units(u, v)
            decided.append((u, v, d))
        for u, v, d in decided:
            if d.judgement == NEGATIVE:
                clusters.cannot_link(u.id, v.id)
        for u, v, d in sorted(decided, key=lambda x: -x[2].score):
            if d.judgement == POSITIVE:
                clusters.union(u.id, v.id)

        now = datetime.now(UTC)
        j = S.judgements.c
        conn.execute(S.judgements.delete().where(j.user.is_(None)))
        auto_rows = []
        counts: Counter[str] = Counter()
        for u, v, d in decided:
            counts[d.judgement] += 1
            if d.judgement == NEGATIVE and d.features[0]["weight"] < STORE_FLOOR:
                continue
            auto_rows.append(
                {
                    "left_id": u.id,
                    "right_id": v.id,
                    "judgement": d.judgement,
                    "score": d.score,
                    "explanation": {
                        "left": u.label,
                        "right": v.label,
                        "type": u.type,
                        "features": d.features,
                        "resolver": f"{NAME}/{VERSION}",
                    },
                    "user": None,
                    "created_at": now,
                }
            )
        for i in range(0, len(auto_rows), 500):
            conn.execute(S.judgements.insert(), auto_rows[i : i + 500])
        stats.judgements = dict(counts)

        by_id = {u.id: u for u in units}
        canon = _write_canonical(conn, [[by_id[x] for x in g] for g in clusters.groups()], now)
        stats.canonical = canon
        stats.merged = sum(1 for g in clusters.groups() if len(g) > 1)
    return stats


def _write_canonical(conn: sa.Connection, groups: list[list[Unit]], now: datetime) -> int:
    c = S.canonical_entities.c
    created = dict(conn.execute(sa.select(c.id, c.created_at)).all())
    taken: set[str] = set()
    canon_rows: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    # biggest clusters choose their id first, so a split leaves the old id with the larger part
    for group in sorted(groups, key=lambda g: -sum(len(u.rows) for u in g)):
        rows = [r for u in group for r in u.rows]
        old = Counter(r.canonical_id for r in rows if r.canonical_id)
        cid = next((k for k, _ in old.most_common() if k not in taken), None)
        if cid is None:
            first = min(r.ref for r in rows)
            cid = "ce-" + hashlib.sha1(first.encode("utf-8")).hexdigest()[:12]
            n = 1
            while cid in taken:
                cid = "ce-" + hashlib.sha1(f"{first}#{n}".encode()).hexdigest()[:12]
                n += 1
        taken.add(cid)
        names: Counter[str] = Counter()
        countries: Counter[str] = Counter()
        for r in rows:
            names[r.name] += max(1, r.mentions)
            if r.country:
                countries[r.country.upper()] += 1
        canon_rows.append(
            {
                "id": cid,
                "name": display_name(names, group[0].type),
                "type": group[0].type,
                "country": countries.most_common(1)[0][0] if countries else None,
                "created_at": created.get(cid, now),
                "updated_at": now,
            }
        )
        updates.extend(
            {"a": r.article_id, "e": r.entity_id, "c": cid} for r in rows if r.canonical_id != cid
        )
    conn.execute(S.canonical_entities.delete())
    for i in range(0, len(canon_rows), 500):
        conn.execute(S.canonical_entities.insert(), canon_rows[i : i + 500])
    e = S.entities.c
    stmt = (
        S.entities.update()
        .where(e.article_id == sa.bindparam("a"), e.entity_id == sa.bindparam("e"))
        .values(canonical_id=sa.bindparam("c"))
    )
    for i in range(0, len(updates), 1000):
        conn.execute(stmt, updates[i : i + 1000])
    return len(canon_rows)


def display_name(names: Counter[str], type_: str) -> str:
    """The name to show: among the spellings with the most name words (``Gulmurod Khalimov``
    over ``Khalimov``), the one whose words are spelled most often across all spellings
    (``Khalimov`` and ``Gulmurod Khalimov`` outvote ``Gulmurod Halimov``), then the most mentioned."""
    kind = FUZZY_TYPES.get(type_, PERSON)
    votes: Counter[str] = Counter()
    for n, k in names.items():
        for t in prepare(n, kind).tokens:
            votes[t.form] += k

    def rank(n: str) -> tuple[int, int, int, int, str]:
        forms = [t.form for t in prepare(n, kind).tokens]
        return (min(_significant(n, kind), 3), sum(votes[f] for f in forms), names[n], -len(n), n)

    return max(names, key=rank)


# --- user judgements --------------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    id: str
    name: str
    type: str
    rows: int


def find_canonical(conn: sa.Connection, query: str, *, type: str | None = None) -> list[Candidate]:
    """Canonical entities that ``query`` names: a canonical id, an ``article/entity`` ref, an
    entity id, or a name (as dossiers match it); most rows first."""
    e = S.entities.c
    n = S.entity_names.c
    conds: list[sa.ColumnElement[bool]] = [e.canonical_id == query, e.entity_id == query]
    if "/" in query:
        aid, _, eid = query.partition("/")
        conds.append(sa.and_(e.article_id == aid, e.entity_id == eid))
    norm = normalize_name(query)
    if norm:
        conds.append(
            sa.exists().where(
                n.article_id == e.article_id, n.entity_id == e.entity_id, name_matches(n.norm, norm)
            )
        )
    where = [sa.or_(*conds), e.canonical_id.is_not(None)]
    if type:
        where.append(e.type == type.upper())
    c = S.canonical_entities.c
    stmt = (
        sa.select(c.id, c.name, c.type, sa.func.count().label("k"))
        .select_from(S.entities.join(S.canonical_entities, c.id == e.canonical_id))
        .where(*where)
        .group_by(c.id, c.name, c.type)
        .order_by(sa.desc("k"), c.id)
    )
    return [Candidate(r.id, r.name, r.type, int(r.k)) for r in conn.execute(stmt)]


def _one(conn: sa.Connection, query: str, type: str | None) -> Candidate:
    found = find_canonical(conn, query, type=type)
    exact = [c for c in found if c.id == query]
    if exact:
        return exact[0]
    if not found:
        raise ResolveError(f"no entity {query!r} (run `tidings resolve` after ingesting?)")
    if len(found) > 1:
        options = "; ".join(f"{c.id} {c.name} ({c.type}, {c.rows} rows)" for c in found[:5])
        raise ResolveError(f"{query!r} names {len(found)} entities, give an id: {options}")
    return found[0]


def _members(conn: sa.Connection, canonical_id: str) -> list[tuple[str, str, str]]:
    """(ref, name, type) of every row of a canonical entity."""
    e = S.entities.c
    stmt = (
        sa.select(e.article_id, e.entity_id, e.name, e.type)
        .where(e.canonical_id == canonical_id)
        .order_by(e.article_id, e.entity_id)
    )
    return [(f"{r.article_id}/{r.entity_id}", r.name, r.type) for r in conn.execute(stmt)]


def _pinned(conn: sa.Connection) -> set[str]:
    j = S.judgements.c
    stmt = sa.select(j.left_id).where(j.user.is_not(None), j.judgement == NEGATIVE)
    return set(conn.scalars(stmt))


def _representatives(members: Sequence[tuple[str, str, str]], pinned: set[str]) -> list[str]:
    """One ref per unit the rows fall into (one per name key, plus each pinned row): enough
    for a judgement to reach every row without one judgement per row."""
    seen: set[tuple[str, str]] = set()
    out: list[str] = []
    for ref, name, type_ in members:
        if ref in pinned:
            out.append(ref)
            continue
        key = (type_, name_key(name, type_))
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def _judge(
    conn: sa.Connection,
    pairs: Iterable[tuple[str, str, str]],
    *,
    user: str,
    why: str,
    labels: dict[str, str],
) -> int:
    now = datetime.now(UTC)
    rows = [
        {
            "left_id": a,
            "right_id": b,
            "judgement": verdict,
            "score": 1.0 if verdict == POSITIVE else 0.0,
            "explanation": {
                "left": labels.get(a, a),
                "right": labels.get(b, b),
                "features": [{"name": "user", "weight": 1.0, "detail": why}],
            },
            "user": user,
            "created_at": now,
        }
        for a, b, verdict in pairs
    ]
    if rows:
        conn.execute(S.judgements.insert(), rows)
    return len(rows)


def merge(
    store: Store, a: str, b: str, *, user: str, type: str | None = None, resolve: bool = True
) -> str:
    """Record that ``a`` and ``b`` (ids, refs or names) are one entity; returns the canonical id
    the merged entity ends up with. Raises ``ResolveError`` when either side is unknown or
    ambiguous. The judgement joins one row of each side (their most-mentioned rows), which pins
    those rows; re-resolution keeps the rest of each side attached as before."""
    with store.engine.begin() as conn:
        left, right = _one(conn, a, type), _one(conn, b, type)
        if left.id == right.id:
            return left.id
        lm, rm = _members(conn, left.id), _members(conn, right.id)
        labels = {ref: nm for ref, nm, _ in lm + rm}
        pinned = _pinned(conn)
        lrep, rrep = _representatives(lm, pinned), _representatives(rm, pinned)
        # every unit of each side joined to one row of the other, so the merge holds whatever
        # the automatic resolver makes of either side next time
        pairs = [(lrep[0], ref, POSITIVE) for ref in rrep]
        pairs += [(rrep[0], ref, POSITIVE) for ref in lrep[1:]]
        _judge(conn, pairs, user=user, why=f"merged {a!r} with {b!r}", labels=labels)
    if resolve:
        resolve_entities(store)
    with store.engine.connect() as conn:
        return _one(conn, lrep[0], None).id


def split(
    store: Store,
    entity: str,
    names: Sequence[str],
    *,
    user: str,
    type: str | None = None,
    resolve: bool = True,
) -> list[str]:
    """Take the rows of ``entity`` whose name (or ref) is in ``names`` out into an entity of
    their own; returns the refs moved. Raises ``ResolveError`` when nothing (or everything)
    would move."""
    wanted = {normalize_name(n) for n in names} | set(names)
    with store.engine.begin() as conn:
        canon = _one(conn, entity, type)
        members = _members(conn, canon.id)
        moved = [m for m in members if m[0] in wanted or normalize_name(m[1]) in wanted]
        rest = [m for m in members if m not in moved]
        if not moved:
            raise ResolveError(
                f"no row of {canon.id} ({canon.name}) is named {', '.join(map(repr, names))}"
            )
        if not rest:
            raise ResolveError(f"every row of {canon.id} ({canon.name}) matches: nothing to split")
        labels = {ref: nm for ref, nm, _ in members}
        # moved rows go on the left of the negatives: that pins them as units of their own
        rest_reps = _representatives(rest, _pinned(conn))
        pairs = [(m[0], r, NEGATIVE) for m in moved for r in rest_reps]
        pairs += [(moved[0][0], m[0], POSITIVE) for m in moved[1:]]
        _judge(
            conn, pairs, user=user, why=f"split {', '.join(names)} from {entity!r}", labels=labels
        )
    if resolve:
        resolve_entities(store)
    return [m[0] for m in moved]


@dataclass(slots=True)
class JudgementRow:
    id: int
    left_id: str
    right_id: str
    left: str
    right: str
    judgement: str
    score: float | None
    user: str | None
    created_at: str
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "left_id": self.left_id,
            "right_id": self.right_id,
            "left": self.left,
            "right": self.right,
            "judgement": self.judgement,
            "score": self.score,
            "user": self.user,
            "created_at": self.created_at,
            "reasons": list(self.reasons),
        }


def judgements(
    store: Store,
    *,
    entity: str | None = None,
    judgement: str | None = None,
    users_only: bool = False,
    limit: int = 100,
) -> list[JudgementRow]:
    """Stored judgements, newest first: all, or those touching the rows of ``entity``."""
    j = S.judgements.c
    stmt = sa.select(S.judgements).order_by(j.created_at.desc(), j.id.desc()).limit(limit)
    with store.engine.connect() as conn:
        if entity:
            canon = _one(conn, entity, None)
            refs = [m[0] for m in _members(conn, canon.id)]
            stmt = stmt.where(sa.or_(j.left_id.in_(refs), j.right_id.in_(refs)))
        if judgement:
            stmt = stmt.where(j.judgement == judgement)
        if users_only:
            stmt = stmt.where(j.user.is_not(None))
        rows = conn.execute(stmt).all()
    out = []
    for r in rows:
        ex = r.explanation or {}
        out.append(
            JudgementRow(
                id=r.id,
                left_id=r.left_id,
                right_id=r.right_id,
                left=str(ex.get("left", r.left_id)),
                right=str(ex.get("right", r.right_id)),
                judgement=r.judgement,
                score=r.score,
                user=r.user,
                created_at=r.created_at.isoformat(timespec="seconds")
                if isinstance(r.created_at, datetime)
                else str(r.created_at),
                reasons=[str(f.get("detail", "")) for f in ex.get("features", [])],
            )
        )
    return out


def forget(store: Store, judgement_id: int, *, resolve: bool = True) -> None:
    """Delete one user judgement (undo a merge or split step) and re-resolve."""
    j = S.judgements.c
    with store.engine.begin() as conn:
        gone = conn.execute(
            S.judgements.delete().where(j.id == judgement_id, j.user.is_not(None))
        ).rowcount
    if not gone:
        raise ResolveError(f"no user judgement with id {judgement_id}")
    if resolve:
        resolve_entities(store)
