"""The Store: open (and migrate) a database, write analyses in transactional batches, read them back.

One class over SQLAlchemy Core serves SQLite (default, in the data directory, WAL mode) and
PostgreSQL (``TIDINGS_DATABASE_URL=postgresql://...``, needs ``pip install 'tidings[postgres]'``).
Each article is stored twice over: its full analysis as JSON (``get`` round-trips it exactly) and
its facts as rows (entities, names, mentions, quotes, claims, watchlist hits) that searches,
filters and dossiers query with SQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tidings import migrations, settings
from tidings.exc import TidingsError
from tidings.model import Analysis
from tidings.store import schema as S
from tidings.store.names import name_matches, normalize_name
from tidings.store.types import ArticleSummary, Dossier, ErrorRecord, SearchHit, WriteResult


class StoreError(TidingsError):
    """The database can't be opened or written: the message says what to do."""


class NotFound(StoreError):
    """No article or entity with that id or name."""


def pipeline_key(versions: dict[str, str]) -> str:
    """A short hash of the pipeline versions, compared to find articles analysed by older code."""
    raw = json.dumps(versions, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _json_dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3; other URLs pass through unchanged."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _check_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise StoreError(f"--{name} must be a date like 2015-05-29, not {value!r}") from None
    return value


class Store:
    """A corpus of analysed articles. Open with ``Store.open(url)``; close (or use ``with``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        #: the database URL without its password, for messages
        self.where = _safe(engine.url)

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Store:
        """Connect to ``url`` (default ``settings.database_url()``) and apply pending migrations.

        A SQLite file's folder is created when missing. Raises ``StoreError`` with a one-line
        reason when the database can't be reached or migrated.
        """
        raw = normalize_url(url or settings.database_url())
        try:
            parsed = make_url(raw)
        except sa.exc.ArgumentError:
            raise StoreError(f"not a database URL: {raw!r}") from None
        kwargs: dict[str, Any] = {"json_serializer": _json_dumps}
        if parsed.get_backend_name() == "sqlite":
            db = parsed.database
            if db and db != ":memory:" and not db.startswith("file:"):
                folder = Path(db).expanduser().parent
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise StoreError(
                        f"cannot create the store folder {folder}: {e.strerror or e} "
                        "(set TIDINGS_DATA_DIR or TIDINGS_DATABASE_URL)"
                    ) from None
            else:  # one in-memory database shared by every connection of this engine
                kwargs["poolclass"] = sa.pool.StaticPool
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        try:
            engine = sa.create_engine(parsed, **kwargs)
        except ModuleNotFoundError as e:
            raise StoreError(
                f"the database driver {e.name!r} is missing; for PostgreSQL run: "
                "pip install 'tidings[postgres]'"
            ) from None
        except (sa.exc.NoSuchModuleError, sa.exc.ArgumentError) as e:
            raise StoreError(f"unsupported database URL {raw!r}: {e}") from None
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        if migrate:
            try:
                with engine.begin() as conn:
                    migrations.upgrade(conn)
            except sa.exc.SQLAlchemyError as e:
                engine.dispose()
                raise StoreError(
                    f"cannot open the store at {_safe(parsed)}: {store_reason(e)}"
                ) from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------

    def write(self, analyses: Iterable[Analysis], *, replace: bool = False) -> WriteResult:
        """Store a batch of analyses in one transaction: all of them, or (on error) none.

        An article already stored is skipped (its source is still remembered) unless
        ``replace`` is true, in which case its facts are deleted and written afresh (what
        ``reanalyze`` does). Raises ``StoreError`` when the batch can't be written.
        """
        batch: dict[str, Analysis] = {}
        for a in analyses:
            batch.setdefault(a.id, a)
        result = WriteResult()
        if not batch:
            return result
        try:
            with self.engine.begin() as conn:
                existing = self._existing(conn, list(batch))
                now = _now()
                new_rows: list[dict[str, Any]] = []
                facts: dict[sa.Table, list[dict[str, Any]]] = {t: [] for t in S.FACT_TABLES}
                for a in batch.values():
                    if a.id in existing and not replace:
                        result.skipped += 1
                        continue
                    row = _article_row(a, now)
                    if a.id in existing:
                        for table in S.FACT_TABLES:
                            conn.execute(table.delete().where(table.c.article_id == a.id))
                        row.pop("id")
                        conn.execute(
                            S.articles.update().where(S.articles.c.id == a.id).values(**row)
                        )
                        result.replaced += 1
                    else:
                        new_rows.append(row)
                        result.written += 1
                    for table, rows in _fact_rows(a).items():
                        facts[table].extend(rows)
                if new_rows:
                    conn.execute(S.articles.insert(), new_rows)
                for table, rows in facts.items():
                    if rows:
                        conn.execute(table.insert(), rows)
                self._remember_sources(conn, [(a.source, a.id, a.url) for a in batch.values()], now)
        except sa.exc.SQLAlchemyError as e:
            n = len(batch)
            raise StoreError(
                f"could not write {n} article{'' if n == 1 else 's'} to the store at "
                f"{self.where}: {store_reason(e)}"
            ) from None
        return result

    def remember_source(self, source: str, article_id: str, url: str | None = None) -> None:
        """Note that ``source`` gave an article already stored (so a resumed ingest skips it).

        Raises ``StoreError`` when it can't be written (the article is not stored, say).
        """
        try:
            with self.engine.begin() as conn:
                self._remember_sources(conn, [(source, article_id, url)], _now())
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(
                f"could not remember the source {source} in the store at {self.where}: {store_reason(e)}"
            ) from None

    def _remember_sources(
        self,
        conn: sa.Connection,
        items: Sequence[tuple[str | None, str, str | None]],
        now: datetime,
    ) -> None:
        keys: dict[str, tuple[str, str | None]] = {}
        for source, article_id, url in items:
            for key in (source, url):
                if key:
                    keys.setdefault(key, (article_id, url))
        if not keys:
            return
        have = set(
            conn.scalars(
                sa.select(S.article_sources.c.source).where(S.article_sources.c.source.in_(keys))
            )
        )
        rows = [
            {"source": k, "article_id": aid, "url": url, "seen_at": now}
            for k, (aid, url) in keys.items()
            if k not in have
        ]
        if rows:
            conn.execute(S.article_sources.insert(), rows)
        # a source that now gave an article has no standing error any more
        conn.execute(S.errors.delete().where(S.errors.c.source.in_(keys)))

    def _existing(self, conn: sa.Connection, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            found.update(conn.scalars(sa.select(S.articles.c.id).where(S.articles.c.id.in_(chunk))))
        return found

    # --- errors --------------------------------------------------------------------------

    def record_error(self, source: str, reason: str, *, stage: str = "ingest") -> None:
        """Remember that ``source`` failed and why; a repeat failure updates the same record."""
        now = _now()
        try:
            self._record_error(source, reason, stage, now)
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(
                f"could not record an error in the store at {self.where}: {store_reason(e)}"
            ) from None

    def _record_error(self, source: str, reason: str, stage: str, now: datetime) -> None:
        with self.engine.begin() as conn:
            updated = conn.execute(
                S.errors.update()
                .where(S.errors.c.source == source)
                .values(reason=reason, stage=stage, attempts=S.errors.c.attempts + 1, last_at=now)
            ).rowcount
            if not updated:
                conn.execute(
                    S.errors.insert().values(
                        source=source,
                        stage=stage,
                        reason=reason,
                        attempts=1,
                        first_at=now,
                        last_at=now,
                    )
                )

    def errors(self, *, limit: int | None = None, offset: int = 0) -> list[ErrorRecord]:
        """Standing errors, most recent first. A source that later succeeds drops off the list."""
        e = S.errors.c
        stmt = sa.select(S.errors).order_by(e.last_at.desc(), e.id.desc()).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [
                ErrorRecord(
                    source=r.source,
                    stage=r.stage,
                    reason=r.reason,
                    attempts=r.attempts,
                    first_at=_iso(r.first_at),
                    last_at=_iso(r.last_at),
                )
                for r in conn.execute(stmt)
            ]

    # --- reading -------------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return bool(self._existing(conn, [article_id]))

    def seen(self, source: str) -> bool:
        """True when ``source`` (a path or URL) already gave a stored article."""
        stmt = sa.select(S.article_sources.c.source).where(S.article_sources.c.source == source)
        with self.engine.connect() as conn:
            return conn.execute(stmt).first() is not None

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.count()).select_from(S.articles)) or 0)

    def get(self, article_id: str) -> Analysis:
        """The stored analysis of one article, exactly as written. Raises ``NotFound``."""
        stmt = sa.select(S.articles.c.analysis, S.articles.c.text).where(
            S.articles.c.id == article_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        return Analysis.from_dict({**row.analysis, "text": row.text})

    def articles(
        self,
        *,
        entity: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        """Stored articles, newest publication date first (undated last), filtered like ``search``."""
        a = S.articles.c
        stmt = (
            sa.select(S.articles)
            .where(*self._filters(entity=entity, outlet=outlet, since=since, until=until))
            .order_by(a.published.desc().nulls_last(), a.seq.desc())
            .offset(offset)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [_summary(r) for r in conn.execute(stmt)]

    def iter_analyses(self, *, batch: int = 200) -> Iterator[Analysis]:
        """Every stored analysis in ingestion order, read in pages (for export and re-analysis)."""
        last = 0
        a = S.articles.c
        while True:
            stmt = (
                sa.select(a.seq, a.analysis, a.text)
                .where(a.seq > last)
                .order_by(a.seq)
                .limit(batch)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(stmt).all()
            if not rows:
                return
            for r in rows:
                yield Analysis.from_dict({**r.analysis, "text": r.text})
            last = rows[-1].seq

    def stale(self, versions: dict[str, str]) -> list[str]:
        """Ids of articles analysed by a pipeline whose versions differ from ``versions``."""
        stmt = (
            sa.select(S.articles.c.id)
            .where(S.articles.c.pipeline_key != pipeline_key(versions))
            .order_by(S.articles.c.seq)
        )
        with self.engine.connect() as conn:
            return list(conn.scalars(stmt))

    # --- asking --------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        entity: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Full-text search over titles and texts, best match first.

        ``query`` takes web-search syntax: words (all must match, stemmed), ``"a phrase"``,
        ``OR`` between alternatives, ``-word`` to exclude. An empty query lists the filtered
        articles newest first. ``entity`` keeps articles naming that entity (by name, alias or
        entity id), ``outlet`` is matched case-insensitively, ``since``/``until`` are inclusive
        ISO dates on the publication date (undated articles drop out).
        """
        from tidings.store import search as search_mod

        filters = self._filters(entity=entity, outlet=outlet, since=since, until=until)
        facets = search_mod.Facets(outlet=outlet, since=since, until=until)
        with self.engine.connect() as conn:
            return search_mod.search(
                conn, query, filters, limit=limit, offset=offset, facets=facets
            )

    def entity_dossier(
        self, name_or_id: str, *, type: str | None = None, limit: int = 200
    ) -> Dossier:
        """Everything stored about an entity: see ``tidings.store.dossier``. Raises ``NotFound``."""
        from tidings.store import dossier as dossier_mod

        with self.engine.connect() as conn:
            found = dossier_mod.dossier(conn, name_or_id, type=type, limit=limit)
        if found is None:
            raise NotFound(f"no entity named {name_or_id!r} in the store")
        return found

    def _filters(
        self,
        *,
        entity: str | None,
        outlet: str | None,
        since: str | None,
        until: str | None,
    ) -> list[sa.ColumnElement[bool]]:
        a = S.articles.c
        out: list[sa.ColumnElement[bool]] = []
        if outlet:
            if self.dialect == "sqlite":  # NOCASE: no lower() call per row in the FTS join
                out.append(a.outlet.collate("NOCASE") == outlet)
            else:
                out.append(sa.func.lower(a.outlet) == outlet.lower())
        if _check_date(since, "since"):
            out.append(a.published >= since)
        if until is not None and _check_date(until, "until"):
            # inclusive: "until 2015-05-29" keeps "2015-05-29T10:00" too
            day = date.fromisoformat(until[:10])
            out.append(a.published < (day + timedelta(days=1)).isoformat())
        if entity:
            out.append(entity_condition(entity))
        return out


def entity_condition(entity: str) -> sa.ColumnElement[bool]:
    """Articles with an entity whose id, canonical id, name or alias matches ``entity``."""
    n = S.entity_names.c
    e = S.entities.c
    norm = normalize_name(entity)
    by_id = sa.exists().where(
        e.article_id == S.articles.c.id, sa.or_(e.entity_id == entity, e.canonical_id == entity)
    )
    if not norm:
        return by_id
    by_name = sa.exists().where(n.article_id == S.articles.c.id, name_matches(n.norm, norm))
    return sa.or_(by_id, by_name)


# --- rows ------------------------------------------------------------------------------------


def _article_row(a: Analysis, now: datetime) -> dict[str, Any]:
    doc = a.to_dict()
    doc.pop("text", None)
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "source": a.source,
        "url": a.url,
        "language": a.language or "en",
        "text": a.text,
        "analysis": doc,
        "pipeline": dict(a.pipeline),
        "pipeline_key": pipeline_key(a.pipeline),
        "stored_at": now,
    }


def _fact_rows(a: Analysis) -> dict[sa.Table, list[dict[str, Any]]]:
    ents, names, mentions = [], [], []
    for e in a.entities:
        ents.append(
            {
                "article_id": a.id,
                "entity_id": e.id,
                "name": e.name,
                "norm": normalize_name(e.name),
                "type": e.type,
                "country": e.country,
                "salience": e.salience,
                "mention_count": len(e.mentions),
                "descriptors": list(e.descriptors),
                "aliases": list(e.aliases),
                "extractor": e.provenance.extractor,
                "version": e.provenance.version,
                "canonical_id": None,
            }
        )
        seen: set[str] = set()
        for surface in [e.name, *e.aliases, *(m.text for m in e.mentions)]:
            norm = normalize_name(surface)
            if norm and norm not in seen:
                seen.add(norm)
                names.append({"article_id": a.id, "entity_id": e.id, "name": surface, "norm": norm})
        starts: set[int] = set()
        for m in e.mentions:
            if m.start not in starts:
                starts.add(m.start)
                mentions.append(
                    {
                        "article_id": a.id,
                        "entity_id": e.id,
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                    }
                )
    quotes = [
        {
            "article_id": a.id,
            "id": q.id,
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "kind": q.kind,
            "speaker_id": q.speaker.entity_id if q.speaker else None,
            # unresolved speakers are stored by their words as written (speaker_id null)
            "speaker_name": q.speaker.name if q.speaker else q.speaker_text,
            "speaker_norm": normalize_name(q.speaker.name if q.speaker else q.speaker_text or "")
            or None,
            "via_id": q.via.entity_id if q.via else None,
            "via_name": q.via.name if q.via else None,
            "cue": q.cue,
            "extractor": q.provenance.extractor,
            "version": q.provenance.version,
        }
        for q in a.quotes
    ]
    claims = [
        {
            "article_id": a.id,
            "id": c.id,
            "figure": c.figure,
            "value": c.value,
            "unit": c.unit,
            "qualifier": c.qualifier,
            "about": c.about,
            "start": c.start,
            "end": c.end,
            "sentence_start": c.sentence_start,
            "sentence_end": c.sentence_end,
            "source_id": c.source.entity_id if c.source else None,
            "source_name": c.source.name if c.source else c.source_text,
            "source_norm": normalize_name(c.source.name if c.source else c.source_text or "")
            or None,
            "extractor": c.provenance.extractor,
            "version": c.provenance.version,
        }
        for c in a.claims
    ]
    hits = [
        {
            "article_id": a.id,
            "entity_id": w.entity_id,
            "name": w.name,
            "list": w.list,
            "list_id": w.list_id,
            "listed_name": w.listed_name,
            "programs": list(w.programs),
            "score": w.score,
            "listed_on": w.listed_on,
            "article_predates_listing": w.article_predates_listing,
            "explanation": _features(w.explanation),
            "extractor": w.provenance.extractor,
            "version": w.provenance.version,
        }
        for w in a.watchlist
    ]
    return {
        S.entities: ents,
        S.entity_names: names,
        S.mentions: mentions,
        S.quotes: quotes,
        S.claims: claims,
        S.watchlist_hits: hits,
    }


def _features(features: Any) -> list[dict[str, Any]]:
    return [{"name": f.name, "weight": f.weight, "detail": f.detail} for f in features]


def _summary(r: sa.Row[Any]) -> ArticleSummary:
    return ArticleSummary(
        id=r.id,
        title=r.title,
        outlet=r.outlet,
        published=r.published,
        url=r.url,
        source=r.source,
        language=r.language,
        stored_at=_iso(r.stored_at),
    )


def _iso(value: datetime | str | None) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value or "")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
    finally:
        cur.close()


# What to do about the database errors a user can meet: (words in the driver's message, advice).
_ADVICE = (
    (
        ("readonly database", "read-only file system"),
        "the store file or its folder is read-only: make them writable or give another --db",
    ),
    (
        ("file is not a database", "disk image is malformed", "database disk image"),
        "the file is not a Tidings store or is damaged: move it away (a new store is made "
        "there) or give another --db",
    ),
    (
        ("unable to open database file",),
        "the store file or its folder can't be opened: check that they exist and are "
        "writable, or give another --db",
    ),
)


def store_reason(e: BaseException) -> str:
    """The driver's one-line message, with what to do about it when that is known."""
    orig = getattr(e, "orig", None) or e
    text = " ".join(str(orig).split())[:300]
    advice = next((a for words, a in _ADVICE if any(w in text.lower() for w in words)), None)
    return f"{text} ({advice})" if advice else text


def _safe(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)
