"""Watchlist fixtures: list-file slices, an index built from them, hand-built seed analysis."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tidings.model import Analysis, Entity, Mention, Provenance

SANCTIONS = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"
SHARED = Path(
    os.environ.get("TIDINGS_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")
).resolve()


@pytest.fixture(scope="session")
def sanctions_fixtures() -> Path:
    return SANCTIONS


@pytest.fixture(scope="session")
def fixture_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with an index of the fixture slices (OFAC + UN), built once."""
    from tidings.watchlist import import_lists

    d = tmp_path_factory.mktemp("watchlist-fixture")
    import_lists([SANCTIONS / "ofac", SANCTIONS / "un"], data_dir=d)
    return d


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with an index of the real OFAC + UN files in ``../shared``, built once.

    Skips when the files are absent, except under ``CI=true``, where missing data fails.
    """
    from tidings.watchlist import import_lists

    sanctions = SHARED / "data" / "sanctions"
    if not sanctions.is_dir():
        msg = f"sanctions list files not found at {sanctions} (set TIDINGS_SHARED_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    d = tmp_path_factory.mktemp("watchlist-real")
    import_lists([sanctions], data_dir=d)
    return d


@pytest.fixture
def real_data_dir(real_index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(real_index_dir))
    return real_index_dir


@pytest.fixture
def data_dir(fixture_index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TIDINGS_DATA_DIR pointing at the fixture index."""
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(fixture_index_dir))
    return fixture_index_dir


def _entity(i: int, name: str, type_: str, mentions: list[str], **kw: object) -> Entity:
    prov = Provenance("seed-hand", "test", "0")
    ms = [Mention(10 * i + k, 10 * i + k + len(m), m) for k, m in enumerate(mentions)]
    return Entity(
        id=f"ent-{i}", name=name, type=type_, mentions=ms, descriptors=[], provenance=prov, **kw
    )  # type: ignore[arg-type]


def hand_seed_analysis() -> Analysis:
    """The seed article's gold entities, built by hand (what a good extractor gives)."""
    ents = [
        _entity(
            1,
            "Gulmurod Khalimov",
            "PERSON",
            ["Colonel Gulmurod Khalimov", "Khalimov", "Khalimov’s", "Mr. Khalimov"],
            country="TJ",
        ),
        _entity(
            2, "Islamic State", "ORG", ["Islamic State", "ISIS", "the caliphate", "Islamic State’s"]
        ),
        _entity(3, "OMON", "ORG", ["OMON"]),
        _entity(4, "Tajikistan", "GPE", ["Tajikistan"], country="TJ"),
        _entity(5, "Russia", "GPE", ["Russia"], country="RU"),
        _entity(6, "Alexander Knyazev", "PERSON", ["Alexander Knyazev"]),
        _entity(7, "Aleksei V. Malashenko", "PERSON", ["Aleksei V. Malashenko"]),
        _entity(8, "Mohammed", "PERSON", ["Mohammed"]),
        _entity(9, "NATO", "ORG", ["NATO"]),
        _entity(10, "BBC", "ORG", ["BBC"]),
        _entity(11, "Reuters", "ORG", ["Reuters"]),
        _entity(12, "Carnegie Center", "ORG", ["Carnegie Center"]),
    ]
    ents[0].descriptors = ["Colonel", "commander of OMON", "former security chief"]
    ents[1].aliases = ["ISIS", "the caliphate"]
    return Analysis(
        id="seed-hand",
        text="",
        title="U.S.-Trained Commander of Tajik Police Defects to ISIS",
        outlet="Breitbart",
        published="2015-05-29",
        source=None,
        entities=ents,
    )


@pytest.fixture
def hand_seed() -> Analysis:
    return hand_seed_analysis()
