"""Across articles: canonical entities with reviewable judgements, and story clusters.

``resolve_entities(store)`` links each article's entities to canonical ones
(``tidings.resolve.entities``); ``build_stories(store)`` groups articles into stories
(``tidings.resolve.stories``); ``graph`` is the constrained union-find both use.
"""

from __future__ import annotations

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
