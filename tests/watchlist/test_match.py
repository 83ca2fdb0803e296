"""Name matching: transliteration, order, initials, look-alike letters, and names that must not match."""

from __future__ import annotations

import pytest

from tidings.watchlist.match import compare
from tidings.watchlist.names import ORG, PERSON, is_acronym, prepare


@pytest.mark.parametrize(
    "query,listed",
    [
        ("Gulmurod Khalimov", "KHALIMOV, Gulmurod"),
        ("Gulmurod Halimov", "KHALIMOV, Gulmurod"),
        ("Gulmurod Xalimov", "KHALIMOV, Gulmurod"),
        ("Gulmurod Khlmv", "KHALIMOV, Gulmurod"),  # vowels dropped
        ("Гулмурод Халимов", "KHALIMOV, Gulmurod"),  # Cyrillic script
        ("Colonel Gulmurod Khalimov", "KHALIMOV, Gulmurod"),
        ("Mr. Khalimov’s Gulmurod", "KHALIMOV, Gulmurod"),
        ("G. Khalimov", "KHALIMOV, Gulmurod"),
        ("KНALIMOV Gulmurod", "KHALIMOV, Gulmurod"),  # Cyrillic Н inside a Latin word
        ("Kha\u200blimov Gulmurod", "KHALIMOV, Gulmurod"),  # zero-width space
        ("Gulmurod Khalimov", "GULMUROD KHALIMOV"),
        ("Mohammed Yousef Karimov", "KARIMOV, Muhammad Yusuf"),
        ("Ayman al Zawahiri", "AL-ZAWAHIRI, Ayman"),
        ("Ayman Zawahiri", "AL-ZAWAHIRI, Ayman"),
        ("Sheikh Ayman al-Zawahiri Jr.", "AL-ZAWAHIRI, Ayman"),
        ("Gulmurod Khailmov", "KHALIMOV, Gulmurod"),  # letters swapped
        ("Hatirn Barakat", "BARAKAT, Hatim"),  # OCR rn/m
    ],
)
def test_match_same_person(query: str, listed: str) -> None:
    m = compare(prepare(query, PERSON), prepare(listed, PERSON))
    assert m.score >= 0.85, m.explain()


@pytest.mark.parametrize(
    "query,listed",
    [
        ("Mahmoud Barakat", "BARAKAT, Hamzi Muhammad"),  # one root, different names
        ("Alexander Knyazev", "KALASHOV, Zakhary Knyazevich"),
        ("John Khalimov", "KHALIMOV, Gulmurod"),  # a different first name
        ("Gulmurod Karimov", "KHALIMOV, Gulmurod"),
        ("Khalimov", "KHALIMOV, Gulmurod"),  # a bare surname
    ],
)
def test_match_different_person(query: str, listed: str) -> None:
    m = compare(prepare(query, PERSON), prepare(listed, PERSON))
    assert m.score < 0.85, m.explain()


@pytest.mark.parametrize(
    "query,listed,hit",
    [
        ("Islamic State", "ISLAMIC STATE", True),
        ("the Islamic State", "ISLAMIC STATE", True),
        ("Islamic State", "ISLAMIC STATE BANGLADESH", False),
        ("Islamic State", "ISLAMIC STATE OF IRAQ AND THE LEVANT", False),
        ("Minsk OMON", "MINSK OMON", True),
        ("Acme Trading Limited", "ACME TRADING LTD", True),
    ],
)
def test_match_organisations(query: str, listed: str, hit: bool) -> None:
    m = compare(prepare(query, ORG), prepare(listed, ORG))
    assert (m.score >= 0.85) is hit, m.explain()


def test_match_explains_alignment() -> None:
    m = compare(prepare("Gulmurod Halimov", PERSON), prepare("KHALIMOV, Gulmurod", PERSON))
    assert "halimov ~ khalimov (transliteration)" in m.explain()
    assert "gulmurod ~ gulmurod (exact)" in m.explain()


@pytest.mark.parametrize(
    "text,expected",
    [("ISIS", True), ("OMON", True), ("N.A.T.O.", True), ("Reuters", False), ("I", False)],
)
def test_names_is_acronym(text: str, expected: bool) -> None:
    assert is_acronym(text) is expected


def test_match_empty_names_score_zero() -> None:
    assert compare(prepare("", PERSON), prepare("KHALIMOV", PERSON)).score == 0.0
