"""Language: detected with py3langid; an article in a language without a spaCy model gets a
notice and no English stages (articles written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from tidings import ingest
from tidings.ingest.language import detect
from tidings.model import Analysis

FRENCH = (
    "La mairie rouvre le port\n\n"
    "Le maire de la ville a annoncé mardi la réouverture du port après deux ans de travaux. "
    "Les pêcheurs ont salué une décision attendue depuis longtemps, selon le journal local.\n"
)
RUSSIAN = (
    "Порт снова открыт\n\n"
    "Мэр города объявил во вторник, что порт снова открыт после двух лет ремонта. "
    "Рыбаки приветствовали это решение, которого они давно ждали.\n"
)
ARABIC = (
    "إعادة فتح الميناء\n\n"
    "أعلن رئيس البلدية يوم الثلاثاء إعادة فتح الميناء بعد عامين من أعمال الصيانة. "
    "ورحب الصيادون بالقرار الذي طال انتظاره، بحسب الصحيفة المحلية.\n"
)
CASES = [(FRENCH, "fr"), (RUSSIAN, "ru"), (ARABIC, "ar")]


@pytest.mark.parametrize(("text", "language"), CASES)
def test_language_detected(text: str, language: str) -> None:
    art = ingest.from_text(text)
    assert art.language == language
    assert art.title and art.text == text.split("\n\n", 1)[1].strip()
    assert art.removed == []  # nothing of a body in another language is taken for boilerplate


def test_language_english_and_short_text() -> None:
    assert detect("The mayor reopened the harbour on Tuesday after two years of repairs.") == "en"
    assert detect("OK 42") == "en"  # too short to tell: the default


@pytest.mark.slow
@pytest.mark.parametrize(("text", "language"), CASES)
def test_language_other_gets_notice_and_no_english_stages(
    nlp: Any, text: str, language: str
) -> None:
    from tidings.pipeline import Options, Pipeline

    analysis = next(Pipeline(nlp, Options(watchlist=False)).analyze([ingest.from_text(text)]))
    assert analysis.language == language
    assert len(analysis.notices) == 1 and "\n" not in analysis.notices[0]
    assert repr(language) in analysis.notices[0]
    assert not (analysis.entities or analysis.quotes or analysis.claims or analysis.events)
    assert "spacy_model" not in analysis.pipeline
    again = Analysis.from_dict(analysis.to_dict())
    assert again.notices == analysis.notices and again.language == language
