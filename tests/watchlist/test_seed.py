"""Seed acceptance against the real OFAC + UN lists (shared data): the hits of issue 3, and no others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tidings.model import Analysis
from tidings.watchlist import index_path, open_index
from tidings.watchlist.screen import screen_analysis

pytestmark = pytest.mark.slow


def _expected(seed_gold: dict[str, Any]) -> set[tuple[str, str]]:
    return {(h["list"], h["list_id"]) for w in seed_gold["watchlist"] for h in w["expected_hits"]}


def test_seed_real_lists_import_counts(real_index_dir: Path) -> None:
    idx = open_index(index_path(real_index_dir))
    assert idx is not None
    lists = {x["list"]: x for x in idx.lists()}
    assert lists["us_ofac_sdn"]["entries"] == 14965
    assert lists["us_ofac_sdn"]["orphans"]["alt.csv"] > 0  # alt.csv is 8 months newer than sdn.csv
    assert lists["un_sc_consolidated"]["entries"] == 1003


def test_seed_hand_built_entities(
    real_data_dir: Path, seed_gold: dict[str, Any], hand_seed: Analysis
) -> None:
    analysis = hand_seed
    hits = screen_analysis(analysis)
    assert {(h.list, h.list_id) for h in hits} == _expected(seed_gold)
    by_name = {e.id: e.name for e in analysis.entities}
    for h in hits:
        assert by_name[h.entity_id] in {"Gulmurod Khalimov", "Islamic State"}
    un = next(h for h in hits if h.list_id == "QDi.372")
    assert un.article_predates_listing is True and un.listed_on == "2016-02-29"
    for gold in seed_gold["watchlist"]:
        for exp in gold["expected_hits"]:
            hit = next(h for h in hits if h.list_id == exp["list_id"])
            if "listed_name" in exp:
                assert hit.listed_name == exp["listed_name"]
            if "programs" in exp:
                assert sorted(hit.programs) == sorted(exp["programs"])


def test_seed_full_pipeline(
    real_data_dir: Path, seed_path: Path, seed_gold: dict[str, Any]
) -> None:
    """The whole pipeline on the seed text: the expected hits, none for the must-not-hit names."""
    import tidings

    analysis: Analysis = tidings.analyze(seed_path, published="2015-05-29", outlet="Breitbart")
    hits = screen_analysis(analysis)  # screened here too, in case the pipeline ran before the index
    got = {(h.list, h.list_id) for h in hits}
    assert _expected(seed_gold) <= got
    names = {h.name for h in hits}
    for forbidden in seed_gold["watchlist_must_not_hit"]:
        assert forbidden not in names, json.dumps([h.name for h in hits])
    assert not any(h.list_id == "30547" for h in hits)  # Minsk OMON is not the Tajik OMON
