"""Screening one name and a whole analysis against the fixture index: hits, non-hits, context, time, links."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tidings.model import Analysis
from tidings.watchlist import DEFAULT_THRESHOLD, screen_analysis, screen_name, screening_state


@pytest.mark.parametrize(
    "name,kind,expected",
    [
        ("Gulmurod Khalimov", "person", {"18634", "QDi.372"}),
        ("Halimov Gulmurod", "person", {"18634", "QDi.372"}),
        ("Xalimov, Gulmurod", "any", {"18634", "QDi.372"}),
        ("Islamic State", "org", {"8759", "QDe.115"}),
        ("Minsk OMON", "org", {"30547"}),
        ("OMON", "org", set()),
        ("Khalimov", "person", set()),
        ("ISIS", "org", {"8759", "QDe.115"}),  # a one-word listed alias of an organisation
        ("Alexander Knyazev", "person", set()),
        ("Gulmurod Khalimov", "org", {"18634", "QDi.372"}),  # mistyped: found across types
    ],
)
def test_screen_name_hits(data_dir: Path, name: str, kind: str, expected: set[str]) -> None:
    assert {h.list_id for h in screen_name(name, kind=kind)} == expected


def test_screen_single_token_explains_itself(data_dir: Path) -> None:
    hits = screen_name("OMON", kind="org", threshold=0.0)
    assert hits, "with threshold 0 the nearest entries are shown"
    for h in hits:
        assert h.score == 0.0
        assert any(f.name == "single_token" and f.weight == -1.0 for f in h.explanation)


@pytest.mark.parametrize(
    "countries,birth_year,feature,sign",
    [
        (["TJ"], None, "country", 1),
        (["Tajikistan"], None, "country", 1),
        (["FR"], None, "country", -1),
        ([], 1975, "birth_year", 1),
        ([], 1990, "birth_year", -1),
    ],
)
def test_screen_context_features(
    data_dir: Path, countries: list[str], birth_year: int | None, feature: str, sign: int
) -> None:
    hits = screen_name(
        "Gulmurod Khalimov",
        kind="person",
        countries=countries,
        birth_year=birth_year,
        threshold=0.0,
    )
    ofac = next(h for h in hits if h.list_id == "18634")
    weights = [f.weight for f in ofac.explanation if f.name == feature]
    assert weights and weights[0] * sign > 0


def test_screen_birth_year_conflict_lowers_score(data_dir: Path) -> None:
    plain = screen_name("Gulmurod Khalimov", kind="person")
    older = screen_name("Gulmurod Khalimov", kind="person", birth_year=1940, threshold=0.0)
    assert max(h.score for h in older) < min(h.score for h in plain)


def test_screen_analysis_seed(data_dir: Path, hand_seed: Analysis) -> None:
    hits = screen_analysis(hand_seed)
    got = {(h.name, h.list, h.list_id) for h in hits}
    assert got == {
        ("Gulmurod Khalimov", "us_ofac_sdn", "18634"),
        ("Gulmurod Khalimov", "un_sc_consolidated", "QDi.372"),
        ("Islamic State", "us_ofac_sdn", "8759"),
        ("Islamic State", "un_sc_consolidated", "QDe.115"),
    }
    by = {(h.list, h.list_id): h for h in hits}
    un = by[("un_sc_consolidated", "QDi.372")]
    assert un.listed_on == "2016-02-29" and un.article_predates_listing is True
    ofac = by[("us_ofac_sdn", "18634")]
    assert ofac.listed_name == "KHALIMOV, Gulmurod" and ofac.programs == ["SDGT"]
    assert ofac.listed_on is None and ofac.article_predates_listing is None
    assert by[("us_ofac_sdn", "8759")].programs == ["FTO", "SDGT"]
    assert by[("un_sc_consolidated", "QDe.115")].article_predates_listing is False
    for h in hits:
        assert (
            h.provenance.article_id == "seed-hand" and h.provenance.extractor == "tidings.watchlist"
        )
        assert h.entity_id in {e.id for e in hand_seed.entities}
        assert h.explanation and all(f.detail for f in h.explanation)


@pytest.mark.parametrize(
    "list_id,feature",
    [
        ("18634", "country"),  # TJ beside the name = citizen Tajikistan
        ("QDi.372", "co_mention"),  # the UN listing names Islamic State in Iraq and the Levant
        ("8759", "acronym"),  # ISIS is a listed alias beside the full-name match
        ("QDe.115", "linked_listing"),  # same party as OFAC 8759
    ],
)
def test_screen_analysis_seed_explanations(
    data_dir: Path, hand_seed: Analysis, list_id: str, feature: str
) -> None:
    hit = next(h for h in screen_analysis(hand_seed) if h.list_id == list_id)
    assert feature in {f.name for f in hit.explanation}


def test_screen_across_types_states_the_penalty(data_dir: Path) -> None:
    hits = screen_name("Gulmurod Khalimov", kind="org")
    for h in hits:
        typ = next(f for f in h.explanation if f.name == "type")
        assert typ.weight < 0 and "organisation" in typ.detail
        assert h.score < 1.0


def test_screen_one_word_person_never_alerts_but_explains(data_dir: Path) -> None:
    hits = screen_name("Khalimov", kind="person", threshold=0.0)
    assert hits and all("single_token" in {f.name for f in h.explanation} for h in hits)


def test_screen_analysis_without_index_is_empty_and_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hand_seed: Analysis
) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "empty"))
    t = time.perf_counter()
    assert screen_analysis(hand_seed) == []
    assert time.perf_counter() - t < 0.05


def test_screen_threshold_controls_hits(data_dir: Path, hand_seed: Analysis) -> None:
    assert len(screen_analysis(hand_seed, threshold=1.01)) == 0
    assert len(screen_analysis(hand_seed, threshold=0.5)) >= 4


def test_screen_hits_serialise(data_dir: Path, hand_seed: Analysis) -> None:
    hand_seed.watchlist = screen_analysis(hand_seed)
    again = Analysis.from_dict(hand_seed.to_dict())
    assert again.watchlist == hand_seed.watchlist


def test_screening_state_names_lists_or_says_why_not(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = screening_state()
    assert state["status"] == "screened" and state["threshold"] == DEFAULT_THRESHOLD
    by = {x["list"]: x for x in state["lists"]}
    assert set(by) == {"us_ofac_sdn", "un_sc_consolidated"}
    assert all(x["entries"] > 0 and x["title"] for x in by.values())
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "empty"))
    assert screening_state() == {
        "status": "not_screened",
        "reason": "no watchlist index: run tidings watchlist import",
    }


def test_screening_state_in_json_and_text_report(data_dir: Path, hand_seed: Analysis) -> None:
    import io
    import json

    import jsonschema
    from rich.console import Console

    from tidings.report import print_report

    assert hand_seed.screening["status"] == "not_screened"  # until something screens it
    hand_seed.screening = screening_state()
    d = hand_seed.to_dict()
    schema = json.loads(
        (
            Path(__file__).resolve().parents[2] / "src/tidings/schema/analysis.schema.json"
        ).read_text()
    )
    jsonschema.validate(d, schema)
    assert Analysis.from_dict(d).screening == hand_seed.screening
    out = io.StringIO()
    print_report(hand_seed, Console(file=out, width=200))
    assert "Screened against US OFAC Specially Designated Nationals" in out.getvalue()


@pytest.mark.parametrize(
    ("query", "listed", "alone"),
    [
        ("Qaeda", "QAIDA", True),  # one letter apart
        ("Hezbollah", "HIZBALLAH", True),  # long enough that the skeleton is specific
        ("Times", "TAMAS", False),  # a newspaper is not a listed company
        ("Hamas", "HAMAS", True),
    ],
)
def test_one_word_spelling(query: str, listed: str, alone: bool) -> None:
    from tidings.watchlist.match import Pair
    from tidings.watchlist.screen import _one_word_spelling

    how = "exact" if query.casefold() == listed.casefold() else "transliteration"
    assert _one_word_spelling(Pair(query, listed, 0.92, how)) is alone
