"""Alembic environment: runs migrations on the connection ``tidings.migrations.upgrade`` passes in."""

from __future__ import annotations

from alembic import context

from tidings.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic path is supported
    raise RuntimeError("run migrations through tidings.migrations.upgrade(connection)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
