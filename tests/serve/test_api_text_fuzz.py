"""Whatever text a client posts, lone surrogates and control characters included, the API answers
with an analysis or a one-line 4xx, never a 5xx (a lone surrogate gave a 500 before ingest
repaired it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

#: words of an article, with surrogate halves, controls and odd spaces mixed in
PIECES = st.one_of(
    st.sampled_from(["Mayor", "Ana Ruiz", "said", '"We will build', 'bridges,"', "12", "percent."]),
    st.characters(categories=["Cs", "Cc", "Zs", "Zl", "Zp", "Co"]),
    st.text(max_size=6),
)


def test_api_analyze_any_text_never_5xx(
    make_client: Callable[..., TestClient], pipeline: Any
) -> None:
    client = make_client(pipeline=pipeline, raise_server_exceptions=False)

    @given(words=st.lists(PIECES, max_size=40), title=st.none() | st.text(max_size=20))
    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def check(words: list[str], title: str | None) -> None:
        body: dict[str, Any] = {"text": " ".join(words)}
        if title is not None:
            body["title"] = title
        # json.dumps writes a lone surrogate as the escape \ud800, which is valid JSON
        r = client.post(
            "/api/analyze", content=json.dumps(body), headers={"Content-Type": "application/json"}
        )
        assert r.status_code < 500, r.text
        if r.status_code == 200:
            text = r.json()["text"]
            text.encode("utf-8")  # what comes back is encodable text

    check()
