"""The learned boilerplate line classifier: its features, the shipped model, and what it keeps."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from tidings.ingest import clean, lineclass

PAGE = [
    "Home",
    "World",
    "Business",
    "Sign in",
    "The harbour reopened on Saturday after two years of repairs, the council said on Monday.",
    "Fishing crews, who had moored their boats in a neighbouring town, returned within hours.",
    "“We waited a long time for this,” said Rosa Diaz, who runs a boat-repair yard.",
    "Share on Facebook",
    "Tweet",
    "Terms of Use | Privacy Policy | Contact",
]


def test_lineclass_features_shape_and_names() -> None:
    model = lineclass.load_model()
    x = lineclass.features(PAGE, title="Harbour reopens", vocabulary=model.vocabulary)
    assert x.shape == (len(PAGE), len(model.feature_names))
    assert np.isfinite(x).all()
    stop = lineclass.LINE_FEATURES.index("stop_density")
    assert x[4, stop] >= 0.3  # prose is dense in stopwords (jusText)


def test_lineclass_model_flags_menus_and_keeps_prose() -> None:
    flags = lineclass.predict(PAGE, title="Harbour reopens", rules=clean.load_rules())
    assert flags[4:7] == [False, False, False]
    assert sum(flags[:4]) + sum(flags[7:]) >= 4


def test_lineclass_clean_reason_is_a_kind() -> None:
    text, removed = clean.clean("\n\n".join(PAGE), title="Harbour reopens")
    assert "The harbour reopened on Saturday" in text and "Rosa Diaz" in text
    reasons = {r.text: r.reason for r in removed}
    assert reasons.get("Terms of Use | Privacy Policy | Contact") == "copyright"
    assert all(r.reason for r in removed)


def test_lineclass_rules_alone() -> None:
    _, removed = clean.clean("\n\n".join(PAGE), title="Harbour reopens", model=False)
    assert "Home" not in {r.text for r in removed}


def test_lineclass_shipped_model_has_no_text_strings() -> None:
    raw = resources.files("tidings").joinpath("models", lineclass.MODEL).read_text("utf-8")
    data = json.loads(raw)
    assert all(" " not in w and len(w) <= 30 for w in data["vocabulary"])  # words, no lines
    assert len(data["weights"]) == len(data["features"]) == len(data["mean"])
    assert 0.5 <= data["threshold"] < 1.0


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Written by the harbour desk", "byline"),
        ("Updated 3 May 2021", "timestamp"),
        ("Pin it on Pinterest", "share_widget"),
        ("Get our weekly newsletter", "newsletter_prompt"),
        ("Most popular this week", "related_links"),
        ("Sam LeeSamuel Lee Harbour council leader MORE", "hover_card"),
        ("Home News Sport Weather", "navigation"),
    ],
)
def test_lineclass_kind_of_a_flagged_line(line: str, kind: str) -> None:
    assert clean.load_rules().kind(line) == kind
