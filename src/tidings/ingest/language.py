"""Which language an article is written in (py3langid: a small n-gram model bundled with the package)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Fewer letters than this say too little; the article is taken as English (the default).
MIN_LETTERS = 20
DEFAULT = "en"
# The opening of an article tells its language; reading all of a long one only costs time.
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language; ``"en"`` for text too short to tell."""
    if sum(c.isalpha() for c in text[:2000]) < MIN_LETTERS:
        return DEFAULT
    lang, _ = _identifier().classify(text[:SAMPLE_CHARS])
    return str(lang)
