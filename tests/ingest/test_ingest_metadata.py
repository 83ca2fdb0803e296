"""Bylines, wire datelines, credit lines and photo credits become metadata, not text."""

from __future__ import annotations

from typing import Any

import pytest

from tidings import ingest
from tidings.ingest import metadata
from tidings.model import Dateline

BODY = (
    "The council approved the harbour budget on Tuesday after a long debate, officials said.\n\n"
    "Work on the new sea wall will begin in the spring and last two years.\n\n"
)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and Sam Lee (The Harbour Post)", ["Jane Doe", "Sam Lee"]),
        ("BY ANN POE, ROB MOE", ["ANN POE", "ROB MOE"]),
        ("By , on May 22, 2014", []),
        ("Author: Ana de la Cruz", ["Ana de la Cruz"]),
    ],
)
def test_metadata_byline_names(line: str, names: list[str]) -> None:
    assert metadata.byline_names(line) == names


def test_metadata_bylines_become_authors_not_text() -> None:
    art = ingest.from_text("Harbour budget approved\n\nBy Jane Doe and Sam Lee\n\n" + BODY)
    assert art.authors == ["Jane Doe", "Sam Lee"]
    assert "Jane Doe" not in art.text
    assert [(r.text, r.reason) for r in art.removed] == [("By Jane Doe and Sam Lee", "byline")]


def test_metadata_sentence_opening_with_by_is_kept() -> None:
    text = "By the end of the year, the harbour had reopened to ships.\n\n" + BODY
    art = ingest.from_text(text, title="Harbour")
    assert art.removed == [] and art.authors == []


def test_metadata_wire_dateline() -> None:
    art = ingest.from_text(
        "Harbour stocks fall\n\nHAMBURG (Reuters) - Port shares fell on Monday, traders said.\n\n"
        + BODY
    )
    assert art.dateline == Dateline(place="HAMBURG", agency="Reuters")
    assert art.outlet == "Reuters"  # the agency relays a story given without an outlet
    assert art.text.startswith("HAMBURG (Reuters) - ")  # parsed, not removed
    given = ingest.from_text(
        "LIMA, June 8 - Ships waited.\n\n" + BODY, title="Ships", outlet="Harbour Post"
    )
    assert given.dateline == Dateline(place="LIMA", agency=None)
    assert given.outlet == "Harbour Post"


def test_metadata_credit_lines_removed_with_reason_credit() -> None:
    for line in (
        "(Reporting by Ann Poe in Lima; Editing by Rob Moe)",
        "Ann Poe contributed reporting from Lima.",
        "(With PTI inputs)",
    ):
        art = ingest.from_text(BODY + line, title="Harbour")
        assert [(r.text, r.reason) for r in art.removed] == [(line, "credit")]
        assert "Ann Poe" not in art.text


def test_metadata_photo_credit_keeps_agency() -> None:
    art = ingest.from_text(BODY + "Sam Lee/AFP\n\nMore ships are expected next week.", title="H")
    assert art.photo_agencies == ["AFP"]
    assert metadata.photo_agency("AP Photo/Sam Lee") == "AP"
    assert metadata.photo_agency("Photo: Harbour Post") == "Harbour Post"


@pytest.mark.slow
def test_metadata_credit_and_byline_names_are_never_entities(nlp: Any) -> None:
    from tidings.pipeline import Options, Pipeline

    art = ingest.from_text(
        "Harbour budget approved\n\nBy Jane Doe\n\n"
        "Mayor Rosa Diaz said the harbour budget would pass, and it did on Tuesday.\n\n"
        "(Reporting by Ann Poe; Editing by Rob Moe)"
    )
    analysis = next(Pipeline(nlp, Options(watchlist=False, rhetoric=False)).analyze([art]))
    names = {e.name for e in analysis.entities}
    assert "Rosa Diaz" in names
    assert not names & {"Jane Doe", "Ann Poe", "Rob Moe"}
    assert analysis.authors == ["Jane Doe"]
    assert analysis.to_dict()["authors"] == ["Jane Doe"]
