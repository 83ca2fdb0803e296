"""Unicode and whitespace normalisation, and the title line of plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings import ingest
from tidings.ingest.normalize import normalize, normalize_line
from tidings.ingest.text import looks_like_title, split_title


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The UK\u00a0Telegraph", "The UK Telegraph"),
        ("on\u00a0 Wednesday", "on Wednesday"),
        ("narrow\u202fno-break and\u2009thin", "narrow no-break and thin"),
        ("zero\u200bwidth", "zerowidth"),
        ("word\u2060joiner", "wordjoiner"),
        ("\ufeffleading BOM", "leading BOM"),
        ("soft\u00adhyphen", "softhyphen"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\u2028b", "a\nb"),
        ("a\u2029b", "a\n\nb"),
        ("tabs\t\tand   spaces", "tabs and spaces"),
        ("form\x0cfeed", "form feed"),
        ("bell\x07char", "bellchar"),
        ("  trimmed  \n  lines  ", "trimmed\nlines"),
        ("a\n\n\n\nb", "a\n\nb"),
        ("a\n  \n \t\nb", "a\n\nb"),
        ("a\n\nb", "a\n\nb"),
        ("wait…", "wait..."),
        ("“curly” ‘quotes’ — dashes – kept", "“curly” ‘quotes’ — dashes – kept"),
        ("ﬁnancial", "financial"),
        ("ＵＮ　report", "UN report"),
        ("Cafe\u0301", "Café"),
        ("Persian\u200cZWNJ", "Persian\u200cZWNJ"),
        ("  \n\t ", ""),
    ],
)
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_idempotent_on_seed(seed_path: Path) -> None:
    once = normalize(seed_path.read_text("utf-8"))
    assert normalize(once) == once


def test_normalize_seed_nbsp(seed_path: Path) -> None:
    raw = seed_path.read_text("utf-8")
    assert "\u00a0" in raw  # the seed really has them
    text = ingest.load_path(seed_path).text
    assert "\u00a0" not in text
    assert "  " not in text
    assert "The UK Telegraph notes Khalimov" in text
    assert "he appeared on Wednesday in an ISIS video" in text
    assert (
        "“We are coming to you with slaughter, inshallah, we are coming to you with slaughter,”"
        in text
    )
    assert "The New York Times quotes Aleksei V. Malashenko" in text


def test_normalize_line() -> None:
    assert normalize_line("  Breaking:\n\u00a0Bridge\treopens ") == "Breaking: Bridge reopens"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Harbour Bridge Reopens\n\nThe bridge reopened on Saturday.", "Harbour Bridge Reopens"),
        ("U.S.-Trained Commander Defects\n\nBody text here.", "U.S.-Trained Commander Defects"),
        ("Troops Return to the U.S.\n\nBody text here.", "Troops Return to the U.S."),
        ("Is the Bridge Safe?\n\nEngineers say yes.", "Is the Bridge Safe?"),
        ("‘It is safe now,’ says mayor\n\nThe mayor spoke.", "‘It is safe now,’ says mayor"),
        (
            "The bridge reopened on Saturday.\n\nIt had been closed.",
            "The bridge reopened on Saturday.",
        ),
        ("A single paragraph without any title", None),
        ("Two lines\nin one paragraph\n\nBody.", None),
        ("Here is what we know:\n\nThe bridge reopened.", "Here is what we know:"),
        ("Title with nothing after\n\n", None),
        ("x" * 201 + "\n\nBody.", None),
        ("2021\n\nBody.", None),
        ("By Jane Doe\n\nBody text here.", None),
        ("By Jane Doe and Sam Lee, Reuters\n\nBody text here.", None),
        ("Published: May 29, 2015\n\nBody text here.", None),
        ("Friday, 29 May 2015 10:42 GMT\n\nBody text here.", None),
        ("2015-05-29\n\nBody text here.", None),
        (
            "By the Numbers: Where the Money Went\n\nBody text here.",
            "By the Numbers: Where the Money Went",
        ),
        ("May Day Protests Turn Violent\n\nBody text here.", "May Day Protests Turn Violent"),
        (
            "Harbour deal agreed; \nCouncil backs the plan.\n\nBody text here.",
            "Harbour deal agreed; Council backs the plan.",
        ),
        ("Harbour deal agreed\nCouncil backs the plan.\n\nBody text here.", None),
        ("LIMA, June 8 - Ships waited outside the harbour.\n\nBody text here.", None),
        (
            "The harbour council voted on Tuesday to spend four million pounds on a new sea wall, after two winters of storms flooded the fish market and the old quay.\n\nBody text here.",
            None,
        ),
    ],
)
def test_text_split_title(text: str, title: str | None) -> None:
    found, body = split_title(normalize(text))
    assert found == title
    if title is None:
        assert body == normalize(text)
    else:
        assert not body.startswith(title)


@pytest.mark.parametrize(
    "line", ["Share this article", "Sign up for our newsletter", "Advertisement"]
)
def test_text_boilerplate_never_a_title(line: str) -> None:
    article = ingest.from_text(
        f"{line}\n\nThe council voted 7 to 2 on Tuesday to approve the budget."
    )
    assert article.title is None
    assert article.text == "The council voted 7 to 2 on Tuesday to approve the budget."
    assert [r.text for r in article.removed] == [line]


def test_text_explicit_title_not_detected_again() -> None:
    article = ingest.from_text("Bridge Reopens\n\nThe bridge reopened.", title="Given Title")
    assert article.title == "Given Title"
    assert article.text == "Bridge Reopens\n\nThe bridge reopened."


def test_text_no_title_detection() -> None:
    article = ingest.from_text("Bridge Reopens\n\nThe bridge reopened.", detect_title=False)
    assert article.title is None
    assert article.text.startswith("Bridge Reopens")


@pytest.mark.parametrize(
    "line", ["Harbour Bridge Reopens", "Why the U.S. Left", "Bridge: What Next?"]
)
def test_text_looks_like_title(line: str) -> None:
    assert looks_like_title(line)
