"""Text that is not quite Unicode, or odd in every other way, never makes ``tidings.analyze``
raise anything but ``InputError``: lone surrogates are repaired (U+FFFD), pairs joined, and
every fact of what is analysed still indexes the cleaned text. Hypothesis drives the odd text;
the example counts are small, for a 2-core CI."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tidings
from tidings import ingest
from tidings.exc import InputError
from tidings.ingest.normalize import normalize, repair_surrogates
from tidings.model import Analysis


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("a\ud800 b", "a\ufffd b"),  # a lone high half
        ("caf\udce9", "caf\ufffd"),  # a file name's undecodable byte (surrogateescape)
        ("x\ud83d\ude00y", "x\U0001f600y"),  # a UTF-16 pair: the emoji it stands for
        ("plain text", "plain text"),
    ],
)
def test_repair_surrogates(text: str, repaired: str) -> None:
    assert repair_surrogates(text) == repaired
    assert normalize(text).encode("utf-8")


def test_from_text_repairs_every_field() -> None:
    a = ingest.from_text(
        "Bridge \ud800 reopens on Monday after repairs, the council said.",
        title="Bridge\udc80",
        outlet="Daily\ud801",
        source="in\udcff.txt",
        url="https://news.example/\ud800",
    )
    fields = [a.text, a.title or "", a.outlet or "", a.source or "", a.url or ""]
    assert all("\ufffd" in f for f in fields)
    json.dumps([*fields, a.id], ensure_ascii=False).encode("utf-8")


def _check(a: Analysis) -> None:
    json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8")  # storable, printable
    for e in a.entities:
        for m in e.mentions:
            assert a.text[m.start : m.end] == m.text
    for q in a.quotes:
        assert a.text[q.start : q.end] == q.text
    for c in a.claims:
        assert a.text[c.start : c.end] == c.figure


@pytest.mark.slow
def test_analyze_lone_surrogate() -> None:
    a = tidings.analyze("a\ud800 b")
    assert a.text == "a\ufffd b"
    _check(a)


ODD = st.characters(categories=["Cs", "L", "N", "P", "Zs", "Zl", "Zp", "Cc", "Cf", "S", "M"])
WORDS = st.sampled_from(
    ['"', "said", "Mayor", "Ana", "Costa", "\n\n", " ", "3", "million", ".", "\ud800", "\u200d"]
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(ODD, max_size=200), st.lists(WORDS, max_size=60).map(" ".join)))
def test_analyze_fuzz_odd_text(text: str) -> None:
    try:
        a = tidings.analyze(text)
    except InputError:
        return
    _check(a)
