"""The data model: versioned JSON, round trip, JSON Schema, deterministic ids."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema

from tidings.model import SCHEMA, Analysis, content_id, fact_id


def _schema() -> dict[str, Any]:
    return json.loads(
        resources.files("tidings.schema").joinpath("analysis.schema.json").read_text("utf-8")
    )


def test_model_roundtrip(seed_analysis: Analysis) -> None:
    d = seed_analysis.to_dict()
    assert d["schema"] == SCHEMA
    again = Analysis.from_dict(json.loads(json.dumps(d)))
    assert again.to_dict() == d


def test_model_schema_validates_seed(seed_analysis: Analysis) -> None:
    jsonschema.validate(seed_analysis.to_dict(), _schema())


def test_model_schema_rejects_bad_kind(seed_analysis: Analysis) -> None:
    d = seed_analysis.to_dict()
    d["entities"][0]["type"] = "ANIMAL"
    try:
        jsonschema.validate(d, _schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted an unknown entity type")


def test_model_offsets_and_provenance(seed_analysis: Analysis) -> None:
    text = seed_analysis.text
    for e in seed_analysis.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for q in seed_analysis.quotes:
        assert text[q.start : q.end] == q.text
        assert q.provenance.article_id == seed_analysis.id
    for c in seed_analysis.claims:
        assert c.figure in text[c.start : c.end] or text[c.start : c.end] in c.figure
        assert c.provenance.extractor


def test_model_ids_are_deterministic() -> None:
    assert content_id("abc") == content_id("abc") != content_id("abd")
    assert fact_id("q", "a1", 3, 9) == fact_id("q", "a1", 3, 9) != fact_id("q", "a1", 3, 10)
