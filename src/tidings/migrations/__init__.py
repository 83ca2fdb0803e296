"""Alembic migrations of the store, configured in code and applied automatically by ``Store.open``.

``upgrade(connection)`` brings a database to the newest revision; it is a no-op (one cheap
query) when the database is already there. New revisions go in ``versions/``, written by hand
from ``script.py.mako`` (a test checks that the migrated schema equals ``store.schema``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

HERE = Path(__file__).resolve().parent


def config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at this package; ``connection`` is handed to ``env.py``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision shipped with this package."""
    rev = ScriptDirectory.from_config(config()).get_current_head()
    assert rev is not None
    return rev


def current(connection: sa.Connection) -> str | None:
    """The revision the database is at (None for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: sa.Connection, revision: str = "head") -> None:
    """Apply every pending migration inside the connection's transaction."""
    if revision == "head" and current(connection) == head():
        return
    command.upgrade(config(connection), revision)


def downgrade(connection: sa.Connection, revision: str) -> None:
    command.downgrade(config(connection), revision)
