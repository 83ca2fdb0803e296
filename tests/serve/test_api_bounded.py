"""One request cannot tie up the server: a long analysis that runs out of time answers 503 and
its worker thread stops at the next piece of work, giving the analysis lock to the next request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tidings import annotate
from tidings.exc import Cancelled

pytestmark = pytest.mark.slow


def _long_text(paragraphs: int) -> str:
    return "\n\n".join(
        f'"We will repair {i % 9 + 2} bridges in Carrow," said Helena Costa on Monday. '
        f"The council approved {i % 40 + 5} million dollars for the work."
        for i in range(paragraphs)
    )


def test_api_timeout_stops_the_analysis_and_frees_the_lock(
    make_client: Callable[..., TestClient], pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    stopped = threading.Event()
    check = annotate.check_stop

    def spy(stop: Callable[[], bool] | None) -> None:
        try:
            check(stop)
        except Cancelled:
            stopped.set()
            raise

    monkeypatch.setattr(annotate, "check_stop", spy)
    monkeypatch.setattr(annotate, "CHUNK_CHARS", 5_000)
    client = make_client(pipeline=pipeline, analyze_timeout=0.5)
    r = client.post("/api/analyze", json={"text": _long_text(4_000)})  # 80 pieces
    assert r.status_code == 503 and "longer than 0.5 s" in r.json()["error"]
    assert stopped.wait(120)  # the thread gave up at a piece boundary, not after all 80
    monkeypatch.setattr(annotate, "CHUNK_CHARS", 100_000)
    r = client.post("/api/analyze", json={"text": _long_text(2)})
    assert r.status_code == 200, r.text
    assert len(r.json()["quotes"]) == 2
