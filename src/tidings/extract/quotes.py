"""Quotes: direct, partial and indirect (reported) speech with speaker, relaying outlet and cue. (placeholder)"""

from __future__ import annotations

from spacy.tokens import Doc

from tidings.extract.index import EntityIndex
from tidings.model import Article, Quote

NAME = "tidings.quotes"
VERSION = "0.0.1"


def extract_quotes(doc: Doc, index: EntityIndex, article: Article) -> list[Quote]:
    return []
