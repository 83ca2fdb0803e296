"""Long texts: paragraph-aligned pieces that join back exactly, one Doc per text whatever its
length, and facts whose offsets index the whole cleaned text (not the piece they came from)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tidings import annotate, ingest
from tidings.annotate import split_text
from tidings.cli import app
from tidings.model import Analysis
from tidings.pipeline import Options, Pipeline

TOWNS = ["Aldgate", "Brixham", "Carrow", "Dunmore"]
NAMES = ["Amara Okafor", "Tomas Lindqvist", "Helena Costa", "Jonas Brandt"]


def long_text(paragraphs: int) -> str:
    """A made-up report: quotes, figures and names in every paragraph, no two paragraphs alike
    (cleaning takes an opening paragraph repeated further down for a teaser)."""
    out = []
    for i in range(paragraphs):
        town, name = TOWNS[i % 4], NAMES[(i // 4) % 4]
        out.append(
            f'"We will open {i + 2} clinics in {town}," said {name} on Monday. '
            f"The council approved {i + 5} million dollars for roads."
        )
    return "\n\n".join(out)


@pytest.mark.parametrize(
    ("text", "size", "pieces"),
    [
        ("aaa bbb\n\nccc ddd\n\neee", 10, ["aaa bbb\n\n", "ccc ddd\n\n", "eee"]),
        ("aaa\nbbb ccc\nddd", 8, ["aaa\n", "bbb ccc\n", "ddd"]),  # no blank line: a line break
        ("aaa bbb ccc", 5, ["aaa ", "bbb ", "ccc"]),  # no line break: a space
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # nothing to cut at: cut where it is
        ("short", 10, ["short"]),
    ],
)
def test_split_text_pieces(text: str, size: int, pieces: list[str]) -> None:
    assert split_text(text, size) == pieces


def test_split_text_joins_back_and_fits() -> None:
    text = long_text(300)
    pieces = split_text(text, 5_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 5_000 for p in pieces) and len(pieces) >= 7
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # every cut is a paragraph break


@pytest.mark.slow
def test_annotate_long_text_is_one_doc(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annotate, "CHUNK_CHARS", 3_000)
    short, long = "The mayor of Carrow resigned on Friday.", long_text(120)
    docs = list(annotate.annotate([short, long, short], nlp=nlp, batch_size=4))
    assert [d.text for d in docs] == [short, long, short]
    doc = docs[1]
    assert doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")
    # every paragraph still starts a sentence, at the cuts too
    starts = {s.start_char for s in doc.sents}
    assert all(m in starts for m in (i + 2 for i in range(len(long)) if long[i : i + 2] == "\n\n"))


def _facts_index_text(a: Analysis) -> None:
    text = a.text
    for e in a.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for q in a.quotes:
        assert text[q.start : q.end] == q.text
    for c in a.claims:
        assert text[c.start : c.end] == c.figure


@pytest.mark.slow
def test_pipeline_long_article_offsets_index_whole_text(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = ingest.from_text(long_text(80), title="Clinics")
    pipe = Pipeline(nlp=nlp, options=Options(watchlist=False, rhetoric=False))
    whole = next(pipe.analyze([article]))
    monkeypatch.setattr(annotate, "CHUNK_CHARS", 2_000)
    pieces = next(pipe.analyze([article]))
    _facts_index_text(pieces)
    assert len(pieces.quotes) == len(whole.quotes) == 80
    assert [(q.start, q.end, q.speaker) for q in pieces.quotes] == [
        (q.start, q.end, q.speaker) for q in whole.quotes
    ]
    assert [(c.start, c.value) for c in pieces.claims] == [(c.start, c.value) for c in whole.claims]
    assert max(q.start for q in pieces.quotes) > len(article.text) - 200  # the last piece too


@pytest.mark.slow
def test_cli_analyze_text_over_a_million_characters_with_other_files(tmp_path: Path) -> None:
    """Over spaCy's max_length (1,000,000): analysed in one batch with the files around it."""
    (tmp_path / "a.txt").write_text("Clinics\n\n" + long_text(3), encoding="utf-8")
    big = long_text(11_200)
    assert len(big) > 1_300_000
    (tmp_path / "b.txt").write_text("Clinics everywhere\n\n" + big, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Roads\n\n" + long_text(2), encoding="utf-8")
    r = CliRunner().invoke(
        app, ["analyze", str(tmp_path), "--format", "jsonl", "--no-watchlist", "--no-rhetoric"]
    )
    assert r.exit_code == 0, r.output
    docs = [Analysis.from_dict(json.loads(line)) for line in r.stdout.splitlines()]
    assert [len(d.text) for d in docs] == [len(long_text(3)), len(big), len(long_text(2))]
    _facts_index_text(docs[1])
    assert len(docs[1].quotes) == 11_200
