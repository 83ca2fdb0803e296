"""Across articles: canonical entities with reviewable judgements, and story clusters.

``resolve_entities(store)`` links each article's entities to canonical ones
(``tidings.resolve.entities``); ``build_stories(store)`` groups articles into stories
(``tidings.resolve.stories``); ``graph`` is the constrained union-find both use.
The names below are imported on first use: listing stories needs no name matching.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings._lazy import lazy_exports

if TYPE_CHECKING:
    from tidings.resolve.entities import (
        ResolveError,
        ResolveStats,
        forget,
        judgements,
        merge,
        resolve_entities,
        split,
    )

__all__ = [
    "ResolveError",
    "ResolveStats",
    "forget",
    "judgements",
    "merge",
    "resolve_entities",
    "split",
]

__getattr__, __dir__ = lazy_exports(__name__, dict.fromkeys(__all__, "tidings.resolve.entities"))
