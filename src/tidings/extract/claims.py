"""Claims: number-bearing statements with value, qualifier, what they count and their source. (placeholder)"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from tidings.extract.index import EntityIndex
from tidings.model import Article, Claim, Quote

NAME = "tidings.claims"
VERSION = "0.0.1"


def extract_claims(doc: Doc, index: EntityIndex, quotes: Sequence[Quote], article: Article) -> list[Claim]:
    return []
