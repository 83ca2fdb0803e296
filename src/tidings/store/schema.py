"""The store's tables (SQLAlchemy Core): articles with their full analysis, and the facts as queryable rows.

The migration in ``tidings/migrations/versions`` creates exactly these tables; a test compares the two.
Full-text search lives beside them and is backend-specific (an FTS5 table on SQLite, a generated
``tsvector`` column with a GIN index on PostgreSQL), so it is created by the migration only.

Tables for cross-article resolution and stories (``canonical_entities``, ``judgements``,
``stories``, ``story_articles``) exist from the first migration so later stages fill them without
reshaping the facts; ``entities.canonical_id`` links an article's entity to its canonical one.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

metadata = sa.MetaData()


def _article_fk() -> sa.Column[str]:
    return sa.Column(
        "article_id",
        sa.String(64),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

articles = sa.Table(
    "articles",
    metadata,
    # ``seq`` is the integer key the SQLite FTS5 table points at (a TEXT primary key would leave
    # the implicit rowid free to change on VACUUM); it is also the stable order of ingestion.
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.String(255), index=True),
    sa.Column("published", sa.String(32), index=True),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("language", sa.String(16), nullable=False, server_default="en"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("analysis", JSONType, nullable=False),  # Analysis.to_dict() without "text"
    sa.Column("pipeline", JSONType, nullable=False),
    sa.Column("pipeline_key", sa.String(40), nullable=False, index=True),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
)

article_sources = sa.Table(
    "article_sources",
    metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column(
        "article_id",
        sa.String(64),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("url", sa.Text),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)

entities = sa.Table(
    "entities",
    metadata,
    _article_fk(),
    sa.Column("entity_id", sa.String(64), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("norm", sa.Text, nullable=False, index=True),
    sa.Column("type", sa.String(16), nullable=False, index=True),
    sa.Column("country", sa.String(8)),
    sa.Column("salience", sa.Float, nullable=False, server_default="0"),
    sa.Column("mention_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("descriptors", JSONType, nullable=False),
    sa.Column("aliases", JSONType, nullable=False),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("canonical_id", sa.String(64), index=True),
    sa.PrimaryKeyConstraint("article_id", "entity_id"),
)

entity_names = sa.Table(
    "entity_names",
    metadata,
    _article_fk(),
    sa.Column("entity_id", sa.String(64), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("norm", sa.Text, nullable=False, index=True),
    sa.PrimaryKeyConstraint("article_id", "entity_id", "norm"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    _article_fk(),
    sa.Column("entity_id", sa.String(64), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("article_id", "entity_id", "start"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    _article_fk(),
    sa.Column("id", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("speaker_id", sa.String(64), index=True),
    sa.Column("speaker_name", sa.Text),
    sa.Column("speaker_norm", sa.Text, index=True),
    sa.Column("via_id", sa.String(64)),
    sa.Column("via_name", sa.Text),
    sa.Column("cue", sa.Text),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("version", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("article_id", "id"),
)

claims = sa.Table(
    "claims",
    metadata,
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
    sa.Column("source_id", sa.String(64), index=True),
    sa.Column("source_name", sa.Text),
    sa.Column("source_norm", sa.Text, index=True),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("version", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("article_id", "id"),
)

watchlist_hits = sa.Table(
    "watchlist_hits",
    metadata,
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

errors = sa.Table(
    "errors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False, unique=True),
    sa.Column("stage", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
    sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
)

# --- cross-article resolution and stories (filled by later stages) -------------------------

canonical_entities = sa.Table(
    "canonical_entities",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("country", sa.String(8)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

judgements = sa.Table(
    "judgements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # the two sides are canonical ids or "article_id/entity_id" references
    sa.Column("left_id", sa.String(160), nullable=False, index=True),
    sa.Column("right_id", sa.String(160), nullable=False, index=True),
    sa.Column("judgement", sa.String(16), nullable=False),  # positive / negative / unsure
    sa.Column("score", sa.Float),
    sa.Column("explanation", JSONType, nullable=False),
    sa.Column("user", sa.String(128)),  # None: decided by the resolver
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("label", sa.Text),
    sa.Column("method", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

story_articles = sa.Table(
    "story_articles",
    metadata,
    sa.Column(
        "story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False
    ),
    _article_fk(),
    sa.Column("score", sa.Float),
    sa.Column("method", sa.String(64), nullable=False),  # "minhash", "embedding", ...
    sa.PrimaryKeyConstraint("story_id", "article_id"),
    sa.Index("ix_story_articles_article_id", "article_id"),
)

# one sentence embedding per article and model (float32 bytes), so stories re-cluster cheaply
article_vectors = sa.Table(
    "article_vectors",
    metadata,
    _article_fk(),
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
    sa.PrimaryKeyConstraint("article_id", "model"),
)

#: Tables holding facts of one article, deleted and rewritten together when it is re-analysed.
FACT_TABLES = (entities, entity_names, mentions, quotes, claims, watchlist_hits)
