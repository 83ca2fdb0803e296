"""The Store: migrations, round trips, no-op re-ingest, transactional batches, errors, listings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tidings import migrations
from tidings.model import Analysis
from tidings.store import NotFound, Store, StoreError, pipeline_key
from tidings.store import schema as S

# the full-text objects are backend-specific and created by the migration only
FTS_OBJECTS = {"articles_fts", "tsv", "ix_articles_tsv", "fts_meta"}


def test_store_migration_matches_schema(store: Store) -> None:
    def include(
        obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        return not (name or "").startswith("articles_fts") and name not in FTS_OBJECTS

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include})
        diffs = compare_metadata(ctx, S.metadata)
        assert migrations.current(conn) == migrations.head()
    # SQLite reflects unnamed unique constraints loosely; tables and columns must match exactly
    relevant = [
        d
        for d in diffs
        if not (isinstance(d, tuple) and d[0] in ("add_constraint", "remove_constraint"))
    ]
    assert relevant == []


def test_store_open_is_idempotent(backend_url: str) -> None:
    with Store.open(backend_url) as first:
        assert first.count() == 0
    with Store.open(backend_url) as again:
        assert again.count() == 0


def test_store_roundtrip_is_exact(store: Store, corpus: list[Analysis]) -> None:
    result = store.write(corpus)
    assert (result.written, result.skipped) == (3, 0)
    for a in corpus:
        assert store.has(a.id)
        assert store.get(a.id).to_dict() == a.to_dict()
    assert store.count() == 3


def test_store_rewrite_is_noop(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    again = store.write(corpus + corpus[:1])
    assert (again.written, again.skipped) == (0, 3)
    assert store.count() == 3
    with store.engine.connect() as conn:
        n_entities = conn.scalar(sa.select(sa.func.count()).select_from(S.entities))
    assert n_entities == sum(len(a.entities) for a in corpus)


def test_store_replace_rewrites_facts(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    newer = dataclasses.replace(corpus[0], quotes=[], pipeline={"tidings": "0.2.0"})
    result = store.write([newer], replace=True)
    assert result.replaced == 1
    got = store.get(newer.id)
    assert got.quotes == [] and got.pipeline == {"tidings": "0.2.0"}
    with store.engine.connect() as conn:
        left = conn.scalar(
            sa.select(sa.func.count())
            .select_from(S.quotes)
            .where(S.quotes.c.article_id == newer.id)
        )
    assert left == 0
    assert store.search("betrayed oath")[0].id == newer.id  # FTS still points at the article


def test_store_failed_batch_leaves_nothing(store: Store, corpus: list[Analysis]) -> None:
    # the third analysis repeats a quote id: its quote insert fails after its article row
    broken = dataclasses.replace(corpus[2], quotes=corpus[2].quotes * 2)
    with pytest.raises(StoreError, match="could not write 3 articles"):
        store.write([corpus[0], corpus[1], broken])
    assert store.count() == 0
    with store.engine.connect() as conn:
        for table in (*S.FACT_TABLES, S.article_sources):
            assert conn.scalar(sa.select(sa.func.count()).select_from(table)) == 0, table.name
    assert store.search("festival") == []
    store.write(corpus)  # the store is still usable
    assert store.count() == 3


def test_store_get_unknown_raises(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get("0000000000000000")


def test_store_sources_are_remembered(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus[:1])
    assert store.seen("https://example.org/a1")
    assert not store.seen("https://example.org/a2")
    store.remember_source("https://mirror.example.net/copy", corpus[0].id)
    assert store.seen("https://mirror.example.net/copy")


@pytest.mark.parametrize("attempts", [1, 3])
def test_store_errors_recorded_and_cleared(
    store: Store, corpus: list[Analysis], attempts: int
) -> None:
    for i in range(attempts):
        store.record_error("https://example.org/a1", f"timed out ({i})", stage="fetch")
    store.record_error("feeds/bad.xml", "malformed feed", stage="read")
    errors = {e.source: e for e in store.errors()}
    assert errors["https://example.org/a1"].attempts == attempts
    assert errors["https://example.org/a1"].reason == f"timed out ({attempts - 1})"
    assert errors["feeds/bad.xml"].stage == "read"
    store.write(corpus[:1])  # the URL now gave an article: its error is no longer standing
    assert [e.source for e in store.errors()] == ["feeds/bad.xml"]


def test_store_stale_finds_older_pipelines(store: Store, corpus: list[Analysis]) -> None:
    old = dataclasses.replace(corpus[1], pipeline={"tidings": "0.0.1"})
    store.write([corpus[0], old, corpus[2]])
    assert store.stale(corpus[0].pipeline) == [old.id]
    assert pipeline_key({"a": "1", "b": "2"}) == pipeline_key({"b": "2", "a": "1"})


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, [2, 1, 0]),
        ({"outlet": "reuters"}, [0]),
        ({"since": "2015-05-29"}, [2, 1]),
        ({"until": "2015-05-29"}, [1, 0]),
        ({"entity": "Khalimov"}, [1, 0]),
        ({"entity": "Marie Dubois", "since": "2016-01-01"}, [2]),
        ({"limit": 1, "offset": 1}, [1]),
    ],
)
def test_store_articles_filters(
    store: Store, corpus: list[Analysis], kwargs: dict[str, object], expected: list[int]
) -> None:
    store.write(corpus)
    got = [a.id for a in store.articles(**kwargs)]  # type: ignore[arg-type]
    assert got == [corpus[i].id for i in expected]


def test_store_bad_date_is_one_line_error(store: Store) -> None:
    with pytest.raises(StoreError, match="--since must be a date"):
        store.articles(since="last tuesday")


def test_store_iter_analyses_in_order(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    assert [a.id for a in store.iter_analyses(batch=2)] == [a.id for a in corpus]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "not a database URL"),
        ("sqlite:////proc/forbidden/dir/x.db", "cannot"),
    ],
)
def test_store_open_bad_url(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Store.open(url)


def test_store_sqlite_uses_wal(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'x.db'}") as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_store_default_url_in_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TIDINGS_DATABASE_URL", raising=False)
    with Store.open() as s:
        assert s.count() == 0
    assert (tmp_path / "data" / "tidings.db").is_file()


def test_store_open_unknown_scheme_is_a_store_error() -> None:
    from tidings.store import Store, StoreError

    with pytest.raises(StoreError, match="unsupported database URL"):
        Store.open("nosuchdb://somewhere/db")


def test_store_roundtrip_keeps_article_metadata(store: Store, corpus: list[Analysis]) -> None:
    from tidings.model import Dateline

    a = dataclasses.replace(
        corpus[0],
        authors=["Jane Doe"],
        dateline=Dateline(place="DUSHANBE", agency="Reuters"),
        photo_agencies=["AFP"],
        notices=["a notice"],
    )
    store.write([a])  # kept inside the analysis JSON column: no new column, no migration
    back = store.get(a.id)
    assert back.dateline == a.dateline and back.authors == ["Jane Doe"]
    assert back.to_dict() == a.to_dict()
