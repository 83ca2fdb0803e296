"""Tidings: news intelligence with every fact tied to the characters it came from.

>>> import tidings
>>> analysis = tidings.analyze("Some article text ...")
>>> analysis.to_dict()["quotes"]

The names below are imported on first use (PEP 562 ``__getattr__``): ``import tidings``, and
so every ``tidings`` command, starts without loading spaCy, the models and the watchlist.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tidings.api import analyze, analyze_many
    from tidings.model import Analysis, Article

#: Public name -> the module that defines it.
_LAZY = {
    "analyze": "tidings.api",
    "analyze_many": "tidings.api",
    "Analysis": "tidings.model",
    "Article": "tidings.model",
}

__all__ = ["Analysis", "Article", "__version__", "analyze", "analyze_many"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tidings' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
