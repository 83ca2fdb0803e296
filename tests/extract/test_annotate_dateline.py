"""Sentence boundaries the spaCy pipeline adds: a wire dateline is a sentence of its own."""

from __future__ import annotations

from typing import Any

import pytest

from tidings.annotate import DATELINE


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("LIMA, June 8 - Peru severed relations with Honduras.", "LIMA, June 8 -"),
        (
            "MAINZ, Germany, March 14 - Prosecutors raided the offices.",
            "MAINZ, Germany, March 14 -",
        ),
        ("LONDON (Reuters) - Britain said on Monday it would act.", "LONDON (Reuters) -"),
        ("KYIV, Ukraine (AP) — Russian forces attacked the city.", "KYIV, Ukraine (AP) —"),
        ("NEW YORK, Jan 5 (Reuters) -- Stocks fell on Friday.", "NEW YORK, Jan 5 (Reuters) --"),
    ],
)
def test_dateline_is_its_own_sentence(nlp: Any, text: str, dateline: str) -> None:
    sents = [s.text for s in nlp(text).sents]
    assert sents[0] == dateline
    # and the rest stays one sentence, its first word not cut off alone
    assert sents[1] == text[len(dateline) + 1 :]


def test_dateline_in_a_later_paragraph(nlp: Any) -> None:
    text = "Headline here\n\nOSLO, May 2 - Norway expelled two diplomats on Tuesday."
    sents = [s.text for s in nlp(text).sents]
    assert "OSLO, May 2 -" in sents


@pytest.mark.parametrize(
    "text",
    [
        "U.S. President Joe Biden said - nothing.",
        "The EU - a bloc of 27 - agreed.",
        "NATO said it would act.",
        "Police in Lima - the capital - said so.",
    ],
)
def test_no_dateline(nlp: Any, text: str) -> None:
    assert DATELINE.match(text) is None
    assert len(list(nlp(text).sents)) == 1
