"""Titles on real files: every PolNeAR test file opens with its headline and a blank line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tidings import ingest

# Measured: 84 of 84 titled (13 of 84 before a final "." stopped counting against a title).
MIN_TITLED = 84


def test_ingest_titles_polnear_test_split() -> None:
    shared = Path(os.environ.get("TIDINGS_SHARED_DIR", Path(__file__).parents[2].parent / "shared"))
    folder = shared.resolve() / "data" / "polnear" / "test" / "text"
    files = sorted(folder.glob("*.txt"))
    if not files:
        message = f"PolNeAR test texts not found at {folder} (set TIDINGS_SHARED_DIR)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    untitled = [f.name for f in files if not ingest.load_path(f).title]
    assert len(files) - len(untitled) >= MIN_TITLED, untitled
