"""The corpus store: every analysis persisted with provenance, searchable, with entity dossiers.

    >>> from tidings.store import Store
    >>> with Store.open() as store:            # settings.database_url(): SQLite in the data dir
    ...     store.write(analyses)              # one transaction per batch
    ...     store.search("sanctions", outlet="Reuters", since="2015-01-01")
    ...     store.entity_dossier("Khalimov")

Modules: ``schema`` (tables), ``base`` (Store), ``search`` (full text), ``dossier`` (entities),
``export`` (JSON Lines, FollowTheMoney), ``names`` (lookup keys), ``types`` (what queries return).
"""

from __future__ import annotations

from tidings.store.base import NotFound, Store, StoreError, pipeline_key
from tidings.store.export import export_ftm, export_jsonl
from tidings.store.types import (
    ArticleSummary,
    Dossier,
    ErrorRecord,
    SearchHit,
    WriteResult,
)

__all__ = [
    "ArticleSummary",
    "Dossier",
    "ErrorRecord",
    "NotFound",
    "SearchHit",
    "Store",
    "StoreError",
    "WriteResult",
    "export_ftm",
    "export_jsonl",
    "pipeline_key",
]
