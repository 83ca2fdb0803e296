"""The technique head's span n-grams: the numpy TF-IDF must weight spans as scikit-learn does.

The training script fits ``TfidfVectorizer``s; inference applies their vocabulary and IDF
with ``tagger.SpanNgrams``. If the two analysed or weighted a span differently, the shipped
head would see other features than it was fitted on.
"""

from __future__ import annotations

import numpy as np
import pytest

from tidings.extract.rhetoric import MODEL_DIR
from tidings.extract.rhetoric.tagger import (
    CHAR_NGRAMS,
    WORD_NGRAMS,
    SpanNgrams,
    Tagger,
    char_ngrams,
    word_ngrams,
)

SPANS = [
    "traitors",
    "our great nation",
    "so-called “experts”",
    "a  b  cd   efg",
    "I",
    "Make America Great Again!",
    "Don’t   let them\nfool you",
    "Résumé naïve café 2024 stats",
    "",
    "   ",
    "x" * 7,
    "the enemy of the people, the enemy of the people",
]


@pytest.fixture(scope="module")
def sklearn_text() -> object:
    return pytest.importorskip("sklearn.feature_extraction.text")


def test_word_ngrams_match_sklearn(sklearn_text: object) -> None:
    vec = sklearn_text.TfidfVectorizer(ngram_range=WORD_NGRAMS, analyzer="word")  # type: ignore[attr-defined]
    analyze = vec.build_analyzer()
    for text in SPANS:
        assert word_ngrams(text) == analyze(text), text


def test_char_ngrams_match_sklearn(sklearn_text: object) -> None:
    vec = sklearn_text.TfidfVectorizer(ngram_range=CHAR_NGRAMS, analyzer="char_wb")  # type: ignore[attr-defined]
    analyze = vec.build_analyzer()
    for text in SPANS:
        assert char_ngrams(text) == analyze(text), text


def test_tfidf_rows_match_sklearn(sklearn_text: object) -> None:
    corpus = SPANS * 2 + ["our nation", "enemy", "so-called news", "great again"]
    kw = {"min_df": 2, "sublinear_tf": True}
    words = sklearn_text.TfidfVectorizer(ngram_range=WORD_NGRAMS, analyzer="word", **kw).fit(corpus)  # type: ignore[attr-defined]
    chars = sklearn_text.TfidfVectorizer(ngram_range=CHAR_NGRAMS, analyzer="char_wb", **kw).fit(
        corpus
    )  # type: ignore[attr-defined]
    vocab = ["w:" + g for g in words.get_feature_names_out()] + [
        "c:" + g for g in chars.get_feature_names_out()
    ]
    ngrams = SpanNgrams(vocab, np.concatenate([words.idf_, chars.idf_]))
    expected = np.hstack([words.transform(SPANS).toarray(), chars.transform(SPANS).toarray()])
    got = np.zeros_like(expected)
    for r, (ii, vv) in enumerate(ngrams.rows(SPANS)):
        got[r, ii] = vv
    np.testing.assert_allclose(got, expected, atol=1e-6)
    # and the logits shortcut is the dense product
    weights = np.random.default_rng(0).normal(size=(len(vocab), 3)).astype(np.float32)
    np.testing.assert_allclose(
        ngrams.logits(SPANS, weights), expected.astype(np.float32) @ weights, atol=1e-4
    )


def test_vocabulary_and_idf_must_agree() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        SpanNgrams(["w:a", "w:b"], np.ones(3, np.float32))


def test_shipped_head_uses_span_ngrams() -> None:
    tagger = Tagger(MODEL_DIR)
    assert tagger.head is not None and tagger.ngrams is not None
    assert tagger.head["lex_w"].shape == (len(tagger.ngrams.index), len(tagger.labels))
    # the vocabulary holds both kinds, and a span made only of unknown n-grams scores zero
    kinds = {g[:2] for g in tagger.ngrams.index}
    assert kinds == {"w:", "c:"}
    zero = tagger.ngrams.logits(["ǂǂǂ"], tagger.head["lex_w"])
    assert not zero.any()
