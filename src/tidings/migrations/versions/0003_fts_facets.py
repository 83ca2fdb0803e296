"""Full-text facets on SQLite: outlet, year and month tokens in the FTS5 index, so filtered searches intersect doclists.

A virtual generated column ``articles.fts_meta`` holds one token per facet: ``xo`` + the hex of
the ASCII-lowercased outlet (one token whatever punctuation the name has; the same folding as
the ``NOCASE`` outlet filter), ``xy2015`` and ``xm201505`` from the publication date (``xnodate``
when there is none). The FTS5 table is rebuilt with it as a third column. PostgreSQL is
unchanged (its filters use b-tree indexes beside the GIN index).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

META = """('xo' || hex(lower(coalesce(outlet, ''))) || ' ' ||
    CASE WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
         THEN 'xy' || substr(published, 1, 4) || ' xm' || substr(published, 1, 4) || substr(published, 6, 2)
         ELSE 'xnodate' END)"""

DROP_OLD = [
    "DROP TRIGGER IF EXISTS articles_fts_ai",
    "DROP TRIGGER IF EXISTS articles_fts_ad",
    "DROP TRIGGER IF EXISTS articles_fts_au",
    "DROP TABLE IF EXISTS articles_fts",
]

CREATE_NEW = [
    f"ALTER TABLE articles ADD COLUMN fts_meta TEXT GENERATED ALWAYS AS {META} VIRTUAL",
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, fts_meta, content='articles', content_rowid='seq',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text, fts_meta)
        VALUES (new.seq, new.title, new.text, new.fts_meta);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, fts_meta)
        VALUES ('delete', old.seq, old.title, old.text, old.fts_meta);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text, outlet, published ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, fts_meta)
        VALUES ('delete', old.seq, old.title, old.text, old.fts_meta);
        INSERT INTO articles_fts(rowid, title, text, fts_meta)
        VALUES (new.seq, new.title, new.text, new.fts_meta);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    # one merged segment: a rebuilt index left in many segments searches about twice as slowly
    "INSERT INTO articles_fts(articles_fts) VALUES ('optimize')",
]

RESTORE_OLD = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for stmt in [*DROP_OLD, *CREATE_NEW]:
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for stmt in DROP_OLD:
        op.execute(stmt)
    op.execute("ALTER TABLE articles DROP COLUMN fts_meta")
    for stmt in RESTORE_OLD:
        op.execute(stmt)
