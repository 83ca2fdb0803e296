"""Initial store: articles, facts, errors, full-text search, and tables for resolution and stories.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def _article_fk() -> sa.Column[str]:
    return sa.Column(
        "article_id",
        sa.String(64),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


# FTS5 with an external content table: the index points at articles.seq and triggers keep it in
# step with every insert, update and delete. Porter stemming and diacritic folding match the
# English stemmer and unaccenting of the PostgreSQL side closely enough for news search.
SQLITE_FTS = [
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
]

# A stored generated tsvector (title weighted above text) with a GIN index. The text is cut at
# 500,000 characters because a tsvector is limited to 1 MB.
POSTGRES_FTS = [
    """ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', left(text, 500000)), 'B')) STORED""",
    "CREATE INDEX ix_articles_tsv ON articles USING GIN (tsv)",
]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.String(255)),
        sa.Column("published", sa.String(32)),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("language", sa.String(16), nullable=False, server_default="en"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("analysis", JSONType, nullable=False),
        sa.Column("pipeline", JSONType, nullable=False),
        sa.Column("pipeline_key", sa.String(40), nullable=False),
        sa.Column("stored_at", TS, nullable=False),
    )
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_pipeline_key", "articles", ["pipeline_key"])

    op.create_table(
        "article_sources",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("url", sa.Text),
        sa.Column("seen_at", TS, nullable=False),
    )
    op.create_index("ix_article_sources_article_id", "article_sources", ["article_id"])

    op.create_table(
        "entities",
        _article_fk(),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("norm", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("salience", sa.Float, nullable=False, server_default="0"),
        sa.Column("mention_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("descriptors", JSONType, nullable=False),
        sa.Column("aliases", JSONType, nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("canonical_id", sa.String(64)),
        sa.PrimaryKeyConstraint("article_id", "entity_id"),
    )
    op.create_index("ix_entities_norm", "entities", ["norm"])
    op.create_index("ix_entities_type", "entities", ["type"])
    op.create_index("ix_entities_canonical_id", "entities", ["canonical_id"])

    op.create_table(
        "entity_names",
        _article_fk(),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("norm", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "entity_id", "norm"),
    )
    op.create_index("ix_entity_names_norm", "entity_names", ["norm"])

    op.create_table(
        "mentions",
        _article_fk(),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "entity_id", "start"),
    )

    op.create_table(
        "quotes",
        _article_fk(),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("speaker_id", sa.String(64)),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_norm", sa.Text),
        sa.Column("via_id", sa.String(64)),
        sa.Column("via_name", sa.Text),
        sa.Column("cue", sa.Text),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "id"),
    )
    op.create_index("ix_quotes_speaker_id", "quotes", ["speaker_id"])
    op.create_index("ix_quotes_speaker_norm", "quotes", ["speaker_norm"])

    op.create_table(
        "claims",
        _article_fk(),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("figure", sa.Text, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("unit", sa.Text),
        sa.Column("qualifier", sa.Text),
        sa.Column("about", sa.Text),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence_start", sa.Integer),
        sa.Column("sentence_end", sa.Integer),
        sa.Column("source_id", sa.String(64)),
        sa.Column("source_name", sa.Text),
        sa.Column("source_norm", sa.Text),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "id"),
    )
    op.create_index("ix_claims_source_id", "claims", ["source_id"])
    op.create_index("ix_claims_source_norm", "claims", ["source_norm"])

    op.create_table(
        "watchlist_hits",
        _article_fk(),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("list", sa.String(64), nullable=False),
        sa.Column("list_id", sa.String(128), nullable=False),
        sa.Column("listed_name", sa.Text, nullable=False),
        sa.Column("programs", JSONType, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("listed_on", sa.String(32)),
        sa.Column("article_predates_listing", sa.Boolean),
        sa.Column("explanation", JSONType, nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "entity_id", "list", "list_id"),
    )

    op.create_table(
        "errors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False, unique=True),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("first_at", TS, nullable=False),
        sa.Column("last_at", TS, nullable=False),
    )

    op.create_table(
        "canonical_entities",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("left_id", sa.String(160), nullable=False),
        sa.Column("right_id", sa.String(160), nullable=False),
        sa.Column("judgement", sa.String(16), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("explanation", JSONType, nullable=False),
        sa.Column("user", sa.String(128)),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_judgements_left_id", "judgements", ["left_id"])
    op.create_index("ix_judgements_right_id", "judgements", ["right_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("label", sa.Text),
        sa.Column("method", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column(
            "story_id",
            sa.String(64),
            sa.ForeignKey("stories.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _article_fk(),
        sa.Column("score", sa.Float),
        sa.Column("method", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("story_id", "article_id"),
    )

    dialect = op.get_bind().dialect.name
    for stmt in {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}.get(dialect, []):
        op.execute(stmt)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in (
        "story_articles",
        "stories",
        "judgements",
        "canonical_entities",
        "errors",
        "watchlist_hits",
        "claims",
        "quotes",
        "mentions",
        "entity_names",
        "entities",
        "article_sources",
        "articles",
    ):
        op.drop_table(table)
