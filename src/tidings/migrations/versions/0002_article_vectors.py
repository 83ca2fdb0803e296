"""Article vectors: one sentence embedding per article and model, kept so stories re-cluster without re-encoding.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_vectors",
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "model"),
    )
    op.create_index("ix_story_articles_article_id", "story_articles", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_story_articles_article_id", "story_articles")
    op.drop_table("article_vectors")
