"""news-dev, analysed once for every gate that scores it (entities, quotes, claims, events)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tidings.model import Analysis
from tidings.quality import newsdev

SHARED = Path(os.environ.get("TIDINGS_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
NEWSDEV = SHARED / "data" / "news-dev"


@pytest.fixture(scope="session")
def newsdev_results() -> list[tuple[str, str, dict[str, Any], Analysis | str]]:
    """(part, name, gold, analysis or error) per news-dev article; missing data fails in CI
    (``CI=true``) and skips elsewhere."""
    if not NEWSDEV.is_dir() or not newsdev.articles(NEWSDEV):
        if os.environ.get("CI") == "true":
            pytest.fail(f"news-dev not found at {NEWSDEV}: the news-dev gates cannot run")
        pytest.skip(f"news-dev not found at {NEWSDEV} (set TIDINGS_SHARED_DIR)")
    return list(newsdev.analyse(NEWSDEV))
