"""Name keys for lookups: casefolded, accents stripped, punctuation dropped, spaces collapsed.

``normalize_name("Gulmurod  Khalimov's")`` -> ``"gulmurod khalimov s"``. The key is for finding
rows (dossiers, entity filters), never for display; cross-article identity (transliterations,
name variants) is the resolver's job, not this function's.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa


def normalize_name(name: str) -> str:
    """Lowercase, accent-free, letters and digits only, single spaces; "" when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    chars = [c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)]
    return " ".join("".join(chars).split())


def name_matches(column: sa.ColumnElement[str], query: str) -> sa.ColumnElement[bool]:
    """SQL condition: the normalised ``column`` equals ``query`` or contains it as whole words.

    ``"khalimov"`` matches ``"gulmurod khalimov"`` but not ``"khalimova"``. ``query`` must already
    be normalised (so it holds no LIKE wildcards).
    """
    return sa.or_(
        column == query,
        column.like(f"{query} %"),
        column.like(f"% {query}"),
        column.like(f"% {query} %"),
    )
