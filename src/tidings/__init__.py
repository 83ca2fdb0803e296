"""Tidings: news intelligence with every fact tied to the characters it came from.

>>> import tidings
>>> analysis = tidings.analyze("Some article text ...")
>>> analysis.to_dict()["quotes"]

The names below are imported on first use (``tidings._lazy``): ``import tidings``, and so every
``tidings`` command, starts without loading spaCy, the models and the watchlist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings._lazy import lazy_exports

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tidings.api import analyze, analyze_many
    from tidings.model import Analysis, Article

__all__ = ["Analysis", "Article", "__version__", "analyze", "analyze_many"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "analyze": "tidings.api",
        "analyze_many": "tidings.api",
        "Analysis": "tidings.model",
        "Article": "tidings.model",
    },
)
