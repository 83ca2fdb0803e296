"""Rhetoric extractor: windows and span decoding, voice attribution, summary, the seed acceptance."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy

from tidings.exc import ModelError
from tidings.extract.index import EntityIndex
from tidings.extract.rhetoric import (
    MODEL_DIR,
    TECHNIQUES,
    _quote_of,
    extract_rhetoric,
    get_tagger,
    summarize_rhetoric,
    tag_texts,
)
from tidings.extract.rhetoric.rules import NAME_CALLING, apply_rules, vocative_insults
from tidings.extract.rhetoric.tagger import (
    SPAN_FEATURES,
    Calibrator,
    decode_spans,
    has_content,
    is_lone_name,
    load_tokenizer,
    piece_range,
    pieces,
    sentence_starts,
    span_features,
    starts_sentence,
    trim,
    trim_edge_words,
    whole_words,
)
from tidings.model import Article, Provenance, Quote, Ref, RhetoricSpan, content_id
from tidings.quality.ptc import TECHNIQUES as PTC_LABELS

PROV = Provenance(article_id="x", extractor="test", version="0")

# A made-up article: the outlet's own loaded words and a quoted speaker's insults.
TEXT = (
    "The corrupt regime once again betrayed its own people this week.\n\n"
    "“These traitors and thieves will pay for what they did to our glorious nation,” "
    "said Boris Volkov, the opposition leader.\n\n"
    "Officials denied the allegation."
)


@pytest.fixture(scope="module")
def tok() -> Any:
    return load_tokenizer(MODEL_DIR / "rhetoric-tokenizer.json")


def _quote(start: int, end: int, kind: str = "direct", name: str | None = "Boris Volkov") -> Quote:
    return Quote(
        id="q",
        text="",
        start=start,
        end=end,
        kind=kind,
        speaker=Ref(entity_id=None, name=name) if name else None,
        via=None,
        cue=None,
        provenance=PROV,
    )


def _span(technique: str, voice: str, speaker: str | None = None) -> RhetoricSpan:
    return RhetoricSpan(
        id="r",
        text="",
        start=0,
        end=1,
        technique=technique,
        score=1.0,
        voice=voice,
        speaker=Ref(entity_id=None, name=speaker) if speaker else None,
        provenance=PROV,
    )


# --- the tagger's plumbing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("One. Two! Three?", [0, 5, 10]),
        ("Line one\nLine two", [0, 9]),
        ("“Go.” Then stop.", [0, 6]),
        ("No end", [0]),
    ],
)
def test_rhetoric_sentence_starts(text: str, starts: list[int]) -> None:
    assert sentence_starts(text) == starts


@pytest.mark.parametrize("max_pieces", [8, 16, 254])
def test_rhetoric_windows_cover_every_piece_once(tok: Any, max_pieces: int) -> None:
    text = " ".join(["This is a fairly ordinary sentence of news text."] * 12)
    p = pieces(text, tok, max_pieces=max_pieces)
    assert p.windows[0][0] == 0 and p.windows[-1][1] == len(p.ids)
    for (_, b), (c, _) in pairwise(p.windows):
        assert b == c
    assert all(0 < b - a <= max_pieces for a, b in p.windows)
    sentence_pieces = set(np.searchsorted(p.starts, sentence_starts(text)).tolist())
    # every window but the last ends at a sentence start when a sentence fits in a window
    if max_pieces >= 16:
        assert all(b in sentence_pieces for _, b in p.windows[:-1])


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_rhetoric_pieces_of_empty_text(tok: Any, text: str) -> None:
    p = pieces(text, tok)
    assert len(p.ids) == 0 and p.windows == []


@pytest.mark.parametrize(
    ("span", "trimmed"),
    [((0, 9), (0, 7)), ((2, 9), (4, 7)), ((7, 9), (9, 9))],
)
def test_rhetoric_trim_boundary_chars(span: tuple[int, int], trimmed: tuple[int, int]) -> None:
    assert trim("ab, cde. ", *span) == trimmed


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("handed over this weapon to", "handed over this weapon"),  # a trailing "to" goes
        ("the traitors will", "traitors"),  # a leading article and trailing auxiliary go
        ("Rigged!", "Rigged!"),  # nothing to drop: punctuation stays
        ("“the slaves of infidels”", "“the slaves of infidels”"),  # quotes stay balanced
        ("the, of the enemy of", "enemy"),  # several go, with the punctuation between them
        ("“the slaves” of", "“the slaves”"),  # a closing quotation mark stays
        ("to", "to"),  # one word is never emptied
        ("of the", "of"),  # at least one word is kept
    ],
)
def test_rhetoric_trim_edge_words(text: str, kept: str) -> None:
    s, e = trim_edge_words(text, 0, len(text))
    assert text[s:e] == kept


@pytest.mark.parametrize(
    ("text", "span", "widened"),
    [
        ("I’ve seen it", (2, 4), "I’ve"),
        ("a top-shelf win", (2, 5), "top-shelf"),
        ("pigs, dogs", (0, 2), "pigs"),
        ("“you dogs”", (1, 4), "you"),
        ("rock 'n' roll", (6, 7), "n"),
    ],
)
def test_rhetoric_whole_words(text: str, span: tuple[int, int], widened: str) -> None:
    s, e = whole_words(text, *span)
    assert text[s:e] == widened


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("the", False),
        ("We", False),
        ("I’ve", False),
        ("'", False),
        ("you dogs", True),
        ("pigs", True),
    ],
)
def test_rhetoric_has_content(fragment: str, expected: bool) -> None:
    assert has_content(fragment) is expected


def test_rhetoric_decode_spans_whole_words(tok: Any) -> None:
    text = "They are unbelievable scoundrels, frankly."
    p = pieces(text, tok)
    probs = np.tile(np.asarray([[0.9, 0.05, 0.05]], np.float32), (len(p.ids), 1))
    rng = piece_range(p, text.index("unbelievable"), text.index("unbelievable") + 4)
    assert rng is not None
    i, _ = rng
    probs[i] = [0.1, 0.8, 0.1]  # only the first piece of "unbelievable" ...
    rng2 = piece_range(p, text.index("scoundrels"), text.index(","))
    assert rng2 is not None
    probs[rng2[0] : rng2[1]] = [0.1, 0.1, 0.8]  # ... and "scoundrels"
    spans = decode_spans(text, p, probs)
    assert [text[s:e] for s, e, _ in spans] == ["unbelievable scoundrels"]


def test_rhetoric_decode_spans_splits_at_a_new_beginning(tok: Any) -> None:
    text = "lazy crooks greedy liars"
    p = pieces(text, tok)
    # B on the first piece of words 0 and 2, I on every other piece
    begins = np.isin(p.words, [0, 2]) & np.r_[True, p.words[1:] != p.words[:-1]]
    probs = np.where(begins[:, None], [0.0, 0.9, 0.1], [0.0, 0.1, 0.9]).astype(np.float32)
    spans = decode_spans(text, p, probs)
    assert [text[s:e] for s, e, _ in spans] == ["lazy crooks", "greedy liars"]


@pytest.mark.parametrize(("seed", "kept"), [(0.0, ["weak", "strong"]), (0.6, ["strong"])])
def test_rhetoric_decode_spans_keeps_spans_with_a_confident_core(
    tok: Any, seed: float, kept: list[str]
) -> None:
    text = "weak words strong words"
    p = pieces(text, tok)
    probs = np.tile(np.asarray([[0.9, 0.05, 0.05]], np.float32), (len(p.ids), 1))
    probs[p.words == 0] = [0.5, 0.4, 0.1]  # P(in) 0.5
    probs[p.words == 2] = [0.2, 0.7, 0.1]  # P(in) 0.8
    spans = decode_spans(text, p, probs, threshold=0.3, seed=seed)
    assert [text[s:e] for s, e, _ in spans] == kept


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Listen, you dogs, the president", ["you dogs"]),
        ("Listen, you American pigs, I have been", ["you American pigs"]),
        ("you filthy lying traitors!", ["you filthy lying traitors"]),
        ("You Rats.", ["You Rats"]),
        ("you know the pigs are fed", []),
        ("Thank you, dogs and cats", []),
        ("If you dog-sit for them", []),
        ("you doggedly refused", []),
        ("your dogs bark", []),
    ],
)
def test_rhetoric_rules_vocative_insults(text: str, found: list[str]) -> None:
    assert [text[s:e] for s, e in vocative_insults(text)] == found


def test_rhetoric_rules_replace_overlapping_model_spans() -> None:
    text = "Go away, you American pigs, now."
    model = [(0, 7, 0.4, "Slogans", 0.6), (13, 26, 0.3, "Flag-Waving", 0.5)]
    out = apply_rules(text, model)
    assert [(text[s:e], lab) for s, e, _, lab, _ in out] == [
        ("Go away", "Slogans"),
        ("you American pigs", NAME_CALLING),
    ]
    assert [sc for *_, sc, _, _ in out] == [0.4, 1.0]  # the rule span is sure of itself


# --- second pass: lone names and calibrated scores ------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The protest was organised by Greenpeace activists.", "Greenpeace", True),
        ("They wave flags for Britain every day.", "Britain", True),
        ("Traitors. That is what they called them.", "Traitors", False),  # opens a sentence
        ("He said: “Cowards!”", "Cowards", False),  # opens a quoted sentence
        ("The regime is brutal and corrupt.", "brutal", False),  # not capitalised
        ("The regime is Brutal Corruption itself.", "Brutal Corruption", False),  # two words
    ],
)
def test_rhetoric_is_lone_name(text: str, word: str, expected: bool) -> None:
    at = text.index(word)
    assert is_lone_name(text, at, at + len(word)) is expected


def test_rhetoric_starts_sentence() -> None:
    text = "First one. (Second one.) third"
    assert starts_sentence(text, 0)
    assert starts_sentence(text, text.index("Second"))
    assert not starts_sentence(text, text.index("one"))
    assert not starts_sentence(text, text.index("third"))


def test_rhetoric_span_features(tok: Any) -> None:
    text = "They attacked the Grand Hotel at dawn."
    p = pieces(text, tok)
    probs = np.tile(np.asarray([[0.2, 0.3, 0.5]], np.float32), (len(p.ids), 1))
    at = text.index("Grand Hotel")
    f = dict(zip(SPAN_FEATURES, span_features(text, p, probs, at, at + 11), strict=True))
    assert f["mean_p_in"] == pytest.approx(0.8) and f["max_p_in"] == pytest.approx(0.8)
    assert f["log_words"] == pytest.approx(np.log(2)) and f["one_word"] == 0.0
    assert f["capitalised_share"] == 1.0 and f["capitalised_mid_sentence"] == 1.0


def test_rhetoric_calibrator_of_the_shipped_model() -> None:
    cal = get_tagger().calibrator
    assert cal is not None and 0.0 < cal.confident < 1.0
    lo, hi = np.zeros(len(SPAN_FEATURES), np.float32), np.zeros(len(SPAN_FEATURES), np.float32)
    lo[:3], hi[:3] = 0.3, 0.9  # same span, more confident pieces
    scores = cal(np.stack([lo, hi]))
    assert 0.0 < scores[0] < scores[1] < 1.0


def test_rhetoric_calibrator_rejects_other_features() -> None:
    meta = {"features": ["mean_p_in"], "weights": [1.0], "bias": 0.0, "confident": 0.5}
    with pytest.raises(ValueError, match="SPAN_FEATURES"):
        Calibrator.from_meta(meta)
    assert Calibrator.from_meta(None) is None


def test_rhetoric_tag_texts_batches_like_one_at_a_time() -> None:
    other = "Officials met on Tuesday. The glorious leader crushed the cowardly traitors again."
    batched = tag_texts([TEXT, "", other])
    assert batched[1] == []
    # a text's spans and scores do not depend on the texts tagged with it
    assert batched[0] == tag_texts([TEXT])[0] and batched[2] == tag_texts([other])[0]


# --- voice and summary ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "quotes", "expected"),
    [
        ((10, 20), [(0, 30)], 0),  # inside
        ((25, 35), [(0, 30)], 0),  # half inside
        ((27, 37), [(0, 30)], None),  # mostly outside
        ((40, 50), [(0, 30)], None),  # outside
        ((25, 45), [(0, 30), (32, 60)], 1),  # the quote holding most of it
    ],
)
def test_rhetoric_quote_of_span(
    span: tuple[int, int], quotes: list[tuple[int, int]], expected: int | None
) -> None:
    qs = [_quote(s, e) for s, e in quotes]
    got = _quote_of(*span, qs)
    assert (qs.index(got) if got is not None else None) == expected


@pytest.mark.parametrize(
    ("spans", "summary"),
    [
        ([], {}),
        (
            [
                _span("loaded_language", "outlet"),
                _span("loaded_language", "outlet"),
                _span("name_calling", "speaker", "Gulmurod Khalimov"),
                _span("doubt", "outlet"),
                _span("name_calling", "speaker", None),
            ],
            {
                "Gulmurod Khalimov": {"name_calling": 1},
                "outlet": {"doubt": 1, "loaded_language": 2},
                "unknown speaker": {"name_calling": 1},
            },
        ),
    ],
)
def test_rhetoric_summarize_by_voice(
    spans: list[RhetoricSpan], summary: dict[str, dict[str, int]]
) -> None:
    assert summarize_rhetoric(spans) == summary


def test_rhetoric_summary_counts_only_confident_spans() -> None:
    unsure = _span("doubt", "outlet")
    unsure.confident = False
    assert summarize_rhetoric([_span("doubt", "outlet"), unsure]) == {"outlet": {"doubt": 1}}
    assert summarize_rhetoric([unsure]) == {}


def test_rhetoric_technique_map_covers_every_ptc_label() -> None:
    assert set(TECHNIQUES) == set(PTC_LABELS)
    assert len(set(TECHNIQUES.values())) == len(TECHNIQUES)
    assert all(v.isidentifier() and v.islower() for v in TECHNIQUES.values())
    assert TECHNIQUES["Name_Calling,Labeling"] == "name_calling"
    assert TECHNIQUES["Appeal_to_fear-prejudice"] == "appeal_to_fear"


def test_rhetoric_model_labels_are_ptc_labels() -> None:
    assert set(get_tagger().labels) == set(PTC_LABELS)


# --- the extractor -------------------------------------------------------------------------


def _article(text: str) -> Article:
    return Article(id=content_id(text), text=text)


def test_rhetoric_missing_model_is_a_model_error(tmp_path: Path) -> None:
    art = _article(TEXT)
    with pytest.raises(ModelError, match=r"rhetoric\.onnx"):
        extract_rhetoric(spacy.blank("en")(TEXT), [], EntityIndex([]), art, model_dir=tmp_path)


@pytest.mark.parametrize("text", ["", " \n\n "])
def test_rhetoric_empty_text_has_no_spans(text: str) -> None:
    assert extract_rhetoric(spacy.blank("en")(text), [], EntityIndex([]), _article(text)) == []


def test_rhetoric_spans_carry_offsets_voice_and_provenance() -> None:
    art = _article(TEXT)
    q0 = TEXT.index("“") + 1
    quote = _quote(q0, TEXT.index("”"))
    indirect = _quote(
        TEXT.index("the allegation"), len(TEXT) - 1, kind="indirect", name="Officials"
    )
    spans = extract_rhetoric(spacy.blank("en")(TEXT), [quote, indirect], EntityIndex([]), art)
    assert spans, "the tagger found nothing in an obviously loaded text"
    for s in spans:
        assert TEXT[s.start : s.end] == s.text
        assert s.technique in TECHNIQUES.values()
        assert 0.0 <= s.score <= 1.0
        assert s.confident == (s.score >= get_tagger().confident)
        assert s.provenance.article_id == art.id and s.provenance.extractor == "rhetoric"
        inside = 2 * (min(s.end, quote.end) - max(s.start, quote.start)) >= s.end - s.start
        assert (s.voice, s.speaker.name if s.speaker else None) == (
            ("speaker", "Boris Volkov") if inside else ("outlet", None)
        )
    again = extract_rhetoric(spacy.blank("en")(TEXT), [quote], EntityIndex([]), art)
    assert [s.id for s in again] == [s.id for s in spans]  # ids are deterministic


# --- the seed article (issue 5 acceptance) -------------------------------------------------


@pytest.fixture(scope="module")
def seed_rhetoric(seed_path: Path, seed_gold: dict[str, Any]) -> list[RhetoricSpan]:
    """Rhetoric of the seed text, with quotes built by hand from the gold quote spans."""
    text = seed_path.read_text("utf-8")
    quotes = []
    for g in seed_gold["quotes"]:
        start = text.find(g["text"])
        if start < 0:
            continue
        q = _quote(start, start + len(g["text"]), kind=g["kind"], name=g["speaker"])
        quotes.append(q)
    assert any(q.speaker and q.speaker.name == "Gulmurod Khalimov" for q in quotes)
    return extract_rhetoric(spacy.blank("en")(text), quotes, EntityIndex([]), _article(text))


@pytest.mark.parametrize("words", ["you dogs", "American pigs"])
def test_rhetoric_seed_name_calling_in_khalimovs_voice(
    seed_rhetoric: list[RhetoricSpan], seed_path: Path, words: str
) -> None:
    text = seed_path.read_text("utf-8")
    at = text.index(words)
    hits = [s for s in seed_rhetoric if s.start < at + len(words) and s.end > at]
    assert hits, f"no span over {words!r}"
    assert any(s.technique == "name_calling" for s in hits), [(s.text, s.technique) for s in hits]
    for s in hits:
        assert s.voice == "speaker"
        assert s.speaker is not None and s.speaker.name == "Gulmurod Khalimov"
    assert any(s.technique == "name_calling" and s.confident for s in hits)


def test_rhetoric_seed_loaded_language_in_outlets_voice(
    seed_rhetoric: list[RhetoricSpan],
) -> None:
    outlet = [s for s in seed_rhetoric if s.voice == "outlet"]
    assert any(s.technique == "loaded_language" for s in outlet), [
        (s.text, s.technique) for s in outlet
    ]
    summary = summarize_rhetoric(seed_rhetoric)
    assert summary["outlet"].get("loaded_language", 0) >= 1
    assert summary["Gulmurod Khalimov"].get("name_calling", 0) >= 1


def test_rhetoric_pipeline_tags_beside_spacy_as_extract_does(nlp: Any) -> None:
    from tidings.pipeline import Options, Pipeline

    arts = [_article(TEXT), _article("The glorious leader crushed the cowardly traitors again.")]
    analyses = list(Pipeline(nlp=nlp, options=Options(watchlist=False)).analyze(arts))
    assert analyses[0].rhetoric
    for art, an in zip(arts, analyses, strict=True):
        direct = extract_rhetoric(nlp(art.text), an.quotes, EntityIndex(an.entities), art)
        assert an.rhetoric == direct
        assert an.rhetoric_summary == summarize_rhetoric(direct)


def test_rhetoric_report_shows_only_confident_spans() -> None:
    from io import StringIO

    from rich.console import Console

    from tidings.model import Analysis
    from tidings.report import print_report

    sure = _span("name_calling", "outlet")
    sure.text = "these crooks"
    unsure = _span("slogans", "outlet")
    unsure.text, unsure.confident = "Make it so", False
    bare = {"text": "", "title": None, "outlet": None, "published": None, "source": None}
    analysis = Analysis(id="a", **bare, rhetoric=[sure, unsure])
    analysis.rhetoric_summary = summarize_rhetoric(analysis.rhetoric)
    out = StringIO()
    print_report(analysis, Console(file=out, width=200))
    assert "these crooks" in out.getvalue() and "Make it so" not in out.getvalue()
    assert "slogans" not in out.getvalue()
    out = StringIO()
    print_report(Analysis(id="b", **bare, rhetoric=[unsure]), Console(file=out, width=200))
    assert "Rhetoric" not in out.getvalue()
