"""Shared fixtures: repository paths, the shared data folder, the spaCy model, the seed article."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


def missing_data(reason: str) -> None:
    """A test's data is absent: fail in CI (``CI=true``), where a gate that cannot run must not
    pass as skipped; skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: the test cannot run")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (or ``TIDINGS_SHARED_DIR``); tests that need it fail in CI when it is absent
    and skip elsewhere."""
    if not (SHARED / "data").is_dir():
        missing_data(f"shared data folder not found at {SHARED} (set TIDINGS_SHARED_DIR)")
    return SHARED


@pytest.fixture(scope="session")
def nlp() -> Any:
    from tidings import annotate

    return annotate.load()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return FIXTURES / "khalimov-breitbart-2015.txt"


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    return json.loads((FIXTURES / "khalimov-breitbart-2015.gold.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def seed_analysis(seed_path: Path) -> Any:
    import tidings

    return tidings.analyze(seed_path, published="2015-05-29", outlet="Breitbart")
