"""Deployment settings, read once from ``TIDINGS_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TIDINGS_{name}", default)


def data_dir() -> Path:
    """Where Tidings keeps its store and watchlist index (``TIDINGS_DATA_DIR``, default ``~/.tidings``)."""
    return Path(_env("DATA_DIR", str(Path.home() / ".tidings"))).expanduser()


def max_input_bytes() -> int:
    """Largest input accepted (``TIDINGS_MAX_INPUT_BYTES``, default 5 MB)."""
    return int(_env("MAX_INPUT_BYTES", str(5_000_000)))


def spacy_model() -> str | None:
    """Explicit spaCy model name (``TIDINGS_SPACY_MODEL``); None means the default search order."""
    return os.environ.get("TIDINGS_SPACY_MODEL") or None


def database_url() -> str:
    return _env("DATABASE_URL", f"sqlite:///{data_dir() / 'tidings.db'}")
