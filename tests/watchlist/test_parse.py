"""OFAC CSV and UN XML parsing into FollowTheMoney entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.watchlist.ofac import parse_date, parse_ofac
from tidings.watchlist.sources import collect
from tidings.watchlist.un import parse_un


@pytest.fixture(scope="module")
def ofac(sanctions_fixtures: Path):  # type: ignore[no-untyped-def]
    entries, report = parse_ofac(collect([sanctions_fixtures / "ofac"]))
    return {e.list_id: e for e in entries}, report


@pytest.fixture(scope="module")
def un(sanctions_fixtures: Path):  # type: ignore[no-untyped-def]
    entries, report = parse_un(sanctions_fixtures / "un" / "consolidated.xml")
    return {e.list_id: e for e in entries}, report


@pytest.mark.parametrize(
    "prop,values",
    [
        ("name", ["KHALIMOV, Gulmurod"]),
        ("birthDate", ["1975-05-14"]),
        ("citizenship", ["tj"]),
        ("birthCountry", ["tj"]),
        ("passportNumber", ["018840"]),
        ("country", ["sy"]),
    ],
)
def test_ofac_khalimov_remarks(ofac, prop: str, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert ofac[0]["18634"].entity.get(prop) == values


def test_ofac_joins_aliases_and_programs(ofac) -> None:  # type: ignore[no-untyped-def]
    isil = ofac[0]["8759"]
    assert isil.entity.schema.name == "Organization"
    assert {"ISLAMIC STATE", "ISIS", "ISIL", "DAESH"} <= set(isil.entity.get("alias"))
    assert isil.entity.get("weakAlias") == ["AL HAYAT"]
    assert sorted(isil.sanction.get("program")) == ["FTO", "SDGT"]
    assert ofac[0]["30547"].entity.get("alias")[0] == "MINSK OMON"


def test_ofac_orphans_counted(ofac) -> None:  # type: ignore[no-untyped-def]
    report = ofac[1]
    assert report.entries == 12
    assert report.orphans.get("sdn_comments.csv") == 1
    assert sum(report.orphans.values()) >= 1
    assert "17016" not in ofac[0]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("14 May 1975", ["1975-05-14"]),
        ("circa 1962", ["1962"]),
        ("May 1975", ["1975-05"]),
        ("1970 to 1972", ["1970", "1971", "1972"]),
        ("unknown", []),
    ],
)
def test_ofac_parse_date(text: str, expected: list[str]) -> None:
    assert parse_date(text) == expected


def test_un_khalimov(un) -> None:  # type: ignore[no-untyped-def]
    e = un[0]["QDi.372"]
    assert e.entity.get("name") == ["GULMUROD KHALIMOV"]
    assert e.sanction.get("listingDate") == ["2016-02-29"]
    assert e.entity.get("nationality") == ["tj"]
    assert "1975-05-14" in e.entity.get("birthDate")
    assert "Islamic State in Iraq and the Levant" in e.entity.first("notes")


def test_un_entity_aliases_and_quality(un) -> None:  # type: ignore[no-untyped-def]
    aqi = un[0]["QDe.115"]
    assert aqi.entity.schema.name == "Organization"
    assert "Islamic State in Iraq and the Levant" in aqi.entity.get("alias")
    weak = [e for e in un[0].values() if e.entity.get("weakAlias")]
    assert weak, "Low-quality aliases become weakAlias"
    assert un[1].generated == "2026-02-27T00:00:09.554Z"
