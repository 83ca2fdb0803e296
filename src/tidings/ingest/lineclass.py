"""A learned line classifier: is a line of a page article body or boilerplate (and of which kind)?

Each non-blank line gets features computed from the text alone, as jusText and trafilatura
judge paragraphs: length, stopword density (jusText's stoplists), punctuation, digits,
capitalisation, position in the page, repetition in the page, similarity to the title, verbs,
name density, link-like tokens, whether a reviewed rule of ``boilerplate.json`` matches, the
same figures for the neighbouring lines, and a small word vocabulary (words seen on many
training pages, no phrases or lines). A logistic regression over them, trained by
``scripts/train_boilerplate.py`` on the article-extraction benchmark pages (full visible text
and trafilatura's output, labelled from the ground-truth body) and the news-dev gold, ships as
``tidings/models/boilerplate.json`` and runs with numpy.

The model says body or boilerplate; the kind of a boilerplate line (byline, timestamp,
share, ...) is the first ``kinds`` pattern of ``boilerplate.json`` it matches, else
``navigation``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tidings.ingest.clean import Rules

MODEL = "boilerplate.json"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TOKEN = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_LINKLIKE = re.compile(
    r"https?://|www\.|\.(?:com|org|net|co\.uk|html?|php|jpe?g|png|webp)\b|@\w|#\w|[|»›«‹•·→]"
)
_DATE = re.compile(
    r"\b(?:\d{1,2}[:.]\d{2}\b|\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
    r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.IGNORECASE,
)
# Finite verbs and auxiliaries that prose carries and menus, credits and captions rarely do.
_VERBS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "according",
        "announced",
        "reported",
    ]
)
_SENTENCE_END = frozenset('.!?"”’')
BULLETS = "-*•·–—>"

#: names of the per-line figures, in column order (the vocabulary and neighbours follow)
LINE_FEATURES = (
    "log_chars",
    "log_words",
    "stop_density",
    "ends_sentence",
    "ends_colon",
    "punct_ratio",
    "digit_ratio",
    "upper_ratio",
    "capitalised_ratio",
    "name_density",
    "verb_ratio",
    "avg_word_len",
    "link_like",
    "has_date",
    "bullet",
    "short",
    "rule_hit",
    "repeated",
    "title_sim",
    "position",
    "log_from_start",
    "log_from_end",
)
#: per-line figures repeated for the line before and after
NEIGHBOUR_FEATURES = ("log_words", "stop_density", "ends_sentence", "link_like", "rule_hit")


@lru_cache(maxsize=8)
def stopwords(language: str = "en") -> frozenset[str]:
    """jusText's stoplist for ``language`` (ISO 639-1), English when it has none."""
    import justext

    names = {
        "en": "English",
        "fr": "French",
        "de": "German",
        "es": "Spanish",
        "it": "Italian",
        "pt": "Portuguese",
        "nl": "Dutch",
        "ru": "Russian",
        "uk": "Ukrainian",
        "pl": "Polish",
        "sv": "Swedish",
        "tr": "Turkish",
        "ar": "Arabic",
        "fa": "Persian",
        "hi": "Hindi",
    }
    try:
        return frozenset(justext.get_stoplist(names.get(language, "English")))
    except ValueError:
        return frozenset(justext.get_stoplist("English"))


def _line_figures(
    line: str, stop: frozenset[str], rules: Rules | None, title_words: set[str]
) -> dict[str, float]:
    words = _WORD.findall(line)
    lower = [w.lower() for w in words]
    n = max(len(words), 1)
    letters = [c for c in line if c.isalpha()]
    caps = [w for w in words if w[0].isupper()]
    # capitalised words after the first of the line: names, headline case or menus
    names = [w for w in words[1:] if w[0].isupper() and w.lower() not in stop]
    punct = sum(1 for c in line if not c.isalnum() and not c.isspace())
    rule_hit = 0.0
    if rules is not None and (rules.reason(line) or rules.reason(line, kind="block_start")):
        rule_hit = 1.0
    ws = set(lower)
    return {
        "log_chars": math.log1p(len(line)),
        "log_words": math.log1p(len(words)),
        "stop_density": sum(1 for w in lower if w in stop) / n,
        "ends_sentence": float(line[-1] in _SENTENCE_END),
        "ends_colon": float(line[-1] == ":"),
        "punct_ratio": punct / max(len(line), 1),
        "digit_ratio": len(_DIGIT.findall(line)) / max(len(line), 1),
        "upper_ratio": sum(1 for c in letters if c.isupper()) / max(len(letters), 1),
        "capitalised_ratio": len(caps) / n,
        "name_density": len(names) / n,
        "verb_ratio": sum(1 for w in lower if w in _VERBS or w.endswith("ed")) / n,
        "avg_word_len": sum(map(len, words)) / n / 10,
        "link_like": min(len(_LINKLIKE.findall(line)), 5) / 5,
        "has_date": float(_DATE.search(line) is not None),
        "bullet": float(line[0] in BULLETS),
        "short": float(len(words) <= 3),
        "rule_hit": rule_hit,
        "title_sim": len(ws & title_words) / len(ws | title_words) if ws and title_words else 0.0,
    }


@dataclass(frozen=True, slots=True)
class LineModel:
    """A logistic regression over the line features: standardisation, weights, threshold."""

    vocabulary: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    max_words: int

    @property
    def feature_names(self) -> list[str]:
        return feature_names(self.vocabulary)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """P(boilerplate) of each row of the feature matrix ``x``."""
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "about": __doc__.splitlines()[0] if __doc__ else "",
            "features": self.feature_names,
            "vocabulary": list(self.vocabulary),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "weights": self.weights.round(6).tolist(),
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "max_words": self.max_words,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineModel:
        vocabulary = tuple(data["vocabulary"])
        model = cls(
            vocabulary=vocabulary,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            max_words=int(data["max_words"]),
        )
        if data["features"] != model.feature_names or len(model.weights) != len(data["features"]):
            raise ValueError("boilerplate model features do not match this version of Tidings")
        return model


def feature_names(vocabulary: tuple[str, ...]) -> list[str]:
    """Column names: line figures, neighbour figures (``prev_``/``next_``), ``w=<word>``."""
    return [
        *LINE_FEATURES,
        *(f"{side}_{n}" for side in ("prev", "next") for n in NEIGHBOUR_FEATURES),
        *(f"w={w}" for w in vocabulary),
    ]


def features(
    lines: list[str],
    *,
    title: str | None = None,
    rules: Rules | None = None,
    vocabulary: tuple[str, ...] = (),
    language: str = "en",
) -> np.ndarray:
    """The feature matrix of a page's non-blank ``lines`` (stripped, in page order)."""
    stop = stopwords(language)
    title_words = {w.lower() for w in _WORD.findall(title or "")}
    counts = Counter(lines)
    n = len(lines)
    rows = []
    for i, line in enumerate(lines):
        f = _line_figures(line, stop, rules, title_words)
        f["repeated"] = float(counts[line] > 1)
        f["position"] = i / max(n - 1, 1)
        f["log_from_start"] = math.log1p(i)
        f["log_from_end"] = math.log1p(n - 1 - i)
        rows.append(f)
    index = {w: k for k, w in enumerate(vocabulary)}
    x = np.zeros((n, len(feature_names(vocabulary))), dtype=np.float64)
    base = len(LINE_FEATURES)
    nb = len(NEIGHBOUR_FEATURES)
    for i, f in enumerate(rows):
        x[i, :base] = [f[name] for name in LINE_FEATURES]
        for side, j in enumerate((i - 1, i + 1)):
            if 0 <= j < n:
                x[i, base + side * nb : base + (side + 1) * nb] = [
                    rows[j][name] for name in NEIGHBOUR_FEATURES
                ]
        for w in {w.lower() for w in _WORD.findall(lines[i])}:
            k = index.get(w)
            if k is not None:
                x[i, base + 2 * nb + k] = 1.0
    return x


def load_model(path: str | Path | None = None) -> LineModel:
    """The line model from ``path`` (default: the packaged ``tidings/models/boilerplate.json``)."""
    if path is None:
        return _default_model()
    return LineModel.from_json(json.loads(Path(path).read_text("utf-8")))


@lru_cache(maxsize=1)
def _default_model() -> LineModel:
    text = resources.files("tidings").joinpath("models", MODEL).read_text("utf-8")
    return LineModel.from_json(json.loads(text))


def predict(
    lines: list[str],
    *,
    title: str | None = None,
    rules: Rules | None = None,
    model: LineModel | None = None,
    language: str = "en",
) -> list[bool]:
    """Whether each non-blank line is boilerplate by the model (a long line never is)."""
    if not lines:
        return []
    model = model or _default_model()
    x = features(lines, title=title, rules=rules, vocabulary=model.vocabulary, language=language)
    p = model.probabilities(x)
    stop = LINE_FEATURES.index("stop_density")
    return [
        bool(p[i] >= model.threshold)
        and len(line.split()) <= model.max_words
        and not _prose(line, x[i, stop])
        for i, line in enumerate(lines)
    ]


# A line of this many words that ends like a sentence and reads as prose (jusText's stopword
# density) is never removed by the model: held-out benchmark pages show that the body
# sentences it wrongly flags are short paragraphs of this kind ("He declined to comment.");
# the boilerplate it misses that way (a teaser, a dek) is left to the reviewed rules.
PROSE_MIN_WORDS = 6
PROSE_MIN_STOP_DENSITY = 0.3


def _prose(line: str, stop_density: float) -> bool:
    return (
        len(line.split()) >= PROSE_MIN_WORDS
        and line[-1] in _SENTENCE_END
        and stop_density >= PROSE_MIN_STOP_DENSITY
    )
