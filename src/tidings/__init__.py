"""Tidings: news intelligence with every fact tied to the characters it came from.

>>> import tidings
>>> analysis = tidings.analyze("Some article text ...")
>>> analysis.to_dict()["quotes"]
"""

from __future__ import annotations

__version__ = "0.1.0"

from tidings.api import analyze, analyze_many
from tidings.model import Analysis, Article

__all__ = ["Analysis", "Article", "__version__", "analyze", "analyze_many"]
