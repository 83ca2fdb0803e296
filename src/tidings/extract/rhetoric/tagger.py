"""The propaganda tagger: word pieces, windows, ONNX encoder runs, span decoding and technique scoring.

This module imports only numpy and ``tokenizers`` at load time (onnxruntime when a model is
run), so ``scripts/train_rhetoric.py`` loads it by path to cut windows and compute span
features exactly as inference does.

The model is one fine-tuned MiniLM encoder with two heads:

- ``rhetoric.onnx`` (int8): word-piece ids -> per-piece BIO logits (span identification, SI)
  and the last hidden states;
- ``rhetoric-tc.npz``: a logistic regression over a span's pooled hidden states plus a few
  surface features (repetition in the article, length, question mark, capitals) and the
  TF-IDF of the span's word and character n-grams (``SpanNgrams``) -> one of the 14
  technique labels (technique classification, TC).

An article is tokenised once; its pieces are cut into windows of at most ``MAX_PIECES``
that end at sentence boundaries where they can (a sentence longer than a window is split),
so each piece is encoded exactly once and spans may cross windows. ``Tagger.encode_many``
runs a text's windows in batches of ``BATCH_WINDOWS``, longest first, each batch padded only
to its longest window. Batches never mix texts: the int8 encoder quantises its activations
per batch, so a window's output would depend on its neighbours (on 24 PTC dev articles,
batching across articles saved 6 %, within the shared machine's noise).

Decoded spans are then filtered (``is_lone_name``) and scored by a calibrator
(``span_features`` -> P(a character of the span is gold), a logistic regression fitted on
held-out train articles by ``scripts/calibrate_rhetoric.py``); spans at or above its
``confident`` threshold are the ones a reader is shown by default.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

MAX_PIECES = 254  # word pieces per window, [CLS] and [SEP] excluded (model length 256)
N_EXTRA = 4  # surface features appended to the pooled span vector
BATCH_WINDOWS = (
    8  # windows per encoder run (25 PTC dev articles: 12.1 s one run per article, 9.1 s)
)
BOUNDARY_CHARS = " \n\t.,:;"  # a PTC span never starts or ends with one of these (corpus v2 rule)

# Sentence ends: a newline, or ., ! or ? (maybe followed by a closing quote or bracket) and space.
_SENT_END = re.compile(r"\n+|(?<=[.!?])[\"'”’)\]]*\s+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_JOINERS = "'’-"
# Function words that never make a propaganda span on their own.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "than",
        "then",
        "so",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "not",
        "no",
        "nor",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "ve",
        "ll",
        "re",
        "s",
        "t",
        "d",
        "m",
        "o",
        "y",
    ]
)


@dataclass(slots=True)
class Pieces:
    """The word pieces of one text: ids, character offsets, word index per piece, windows."""

    ids: np.ndarray  # int64 [n]
    starts: np.ndarray  # int64 [n], char offset in the text
    ends: np.ndarray  # int64 [n], exclusive
    words: np.ndarray  # int64 [n], index of the pre-tokenizer word the piece belongs to
    windows: list[tuple[int, int]]  # [a, b) piece ranges, contiguous, covering 0..n


def load_tokenizer(path: str | Path) -> Tokenizer:
    """The word-piece tokenizer from a ``tokenizer.json``, with truncation and padding off."""
    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a new sentence (or line) starts, 0 first."""
    return [0, *(m.end() for m in _SENT_END.finditer(text))]


def pieces(text: str, tok: Tokenizer, max_pieces: int = MAX_PIECES) -> Pieces:
    """Tokenise ``text`` and pack its sentences into windows of at most ``max_pieces`` pieces.

    A window ends at the last sentence start that keeps it within ``max_pieces``; a sentence
    longer than that is cut at ``max_pieces``. Empty or whitespace-only text gives no pieces.
    """
    enc = tok.encode(text, add_special_tokens=False)
    n = len(enc.ids)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(n, 2)
    words = np.asarray([-1 if w is None else w for w in enc.word_ids], dtype=np.int64)
    starts, ends = offs[:, 0].copy(), offs[:, 1].copy()
    # piece indices where a sentence starts
    sent_chars = np.asarray(sentence_starts(text), dtype=np.int64)
    breaks = sorted(set(np.searchsorted(starts, sent_chars).tolist()) | {n})
    windows: list[tuple[int, int]] = []
    a = 0
    while a < n:
        limit = a + max_pieces
        if limit >= n:
            windows.append((a, n))
            break
        # the last sentence break in (a, limit]
        i = int(np.searchsorted(breaks, limit, side="right")) - 1
        b = breaks[i] if i >= 0 and breaks[i] > a else limit
        windows.append((a, b))
        a = b
    return Pieces(ids=ids, starts=starts, ends=ends, words=words, windows=windows)


def piece_range(p: Pieces, start: int, end: int) -> tuple[int, int] | None:
    """The pieces ``[i, j)`` that overlap the characters ``[start, end)``; None when none do."""
    i = int(np.searchsorted(p.ends, start, side="right"))
    j = int(np.searchsorted(p.starts, end, side="left"))
    return (i, j) if i < j else None


def window_of(p: Pieces, piece: int) -> int:
    """Index of the window holding ``piece``."""
    lo = [a for a, _ in p.windows]
    return int(np.searchsorted(lo, piece, side="right")) - 1


def extra_features(text: str, start: int, end: int, n_pieces: int) -> np.ndarray:
    """Surface features of a span: repetition in the article, length, question mark, capitals.

    Repetition is the number of other case-insensitive occurrences of the span's text in
    the article (PTC's ``Repetition`` label marks exactly such re-uses).
    """
    frag = text[start:end].lower().strip()
    others = max(text.lower().count(frag) - 1, 0) if frag else 0
    letters = _LETTER.findall(text[start:end])
    caps = sum(1 for c in letters if c.isupper()) / len(letters) if letters else 0.0
    return np.asarray(
        [np.log1p(others), np.log1p(n_pieces) / 3.0, float("?" in frag), caps],
        dtype=np.float32,
    )


def span_vector(
    hidden: np.ndarray, cls: np.ndarray, i: int, j: int, extra: np.ndarray
) -> np.ndarray:
    """The TC input for pieces ``[i, j)``: mean, first, last and max of the piece states,
    the [CLS] state, then the surface features.

    ``hidden`` is the article's piece states [n, H] (stitched from the windows) and ``cls``
    the [CLS] state of the window where the span starts.
    """
    h = hidden[i:j]
    parts = [h.mean(axis=0), h[0], h[-1], cls, h.max(axis=0), extra]
    return np.concatenate(parts).astype(np.float32)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with a space or ``.,:;``."""
    while start < end and text[start] in BOUNDARY_CHARS:
        start += 1
    while end > start and text[end - 1] in BOUNDARY_CHARS:
        end -= 1
    return start, end


# Articles, conjunctions, prepositions and auxiliaries a propaganda span seldom starts or ends
# with ("this weapon to" -> "this weapon"); on held-out PTC train articles dropping them from
# decoded spans' edges raised SI F1 from 0.3885 to 0.3914.
_EDGE_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the and or but of to in on at by for with from as that which who "
        "will would is are was were be",
    )
)
_EDGE_TOKEN = re.compile(r"[\w’'-]+")


def trim_edge_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop ``_EDGE_WORDS`` from both ends of ``[start, end)``, keeping at least one word.

    Only words right at an edge go: a span opening with a quotation mark keeps it and the
    word after it, so quotation marks stay balanced.
    """
    words = [(m.start() + start, m.end() + start) for m in _EDGE_TOKEN.finditer(text[start:end])]
    a, b = 0, len(words)
    while b - a > 1 and words[b - 1][1] == end and _is_edge_word(text, words[b - 1]):
        end = trim(text, start, words[b - 1][0])[1]
        b -= 1
    while b - a > 1 and words[a][0] == start and _is_edge_word(text, words[a]):
        start = trim(text, words[a][1], end)[0]
        a += 1
    return start, end


def _is_edge_word(text: str, word: tuple[int, int]) -> bool:
    return text[word[0] : word[1]].lower() in _EDGE_WORDS


def decode_spans(
    text: str, p: Pieces, probs: np.ndarray, threshold: float = 0.5, seed: float = 0.0
) -> list[tuple[int, int, float]]:
    """Character spans from per-piece BIO probabilities [n, 3] (O, B, I).

    A piece is inside a span when P(B) + P(I) > ``threshold``; a run of such pieces is one
    span, split where a later piece is more likely B than I, and kept only when one of its
    words reaches P(in) >= ``seed`` (hysteresis: a confident core, extended through
    less confident neighbours). Spans are widened to whole
    words (merged when that makes them overlap), trimmed of boundary punctuation and of
    leading or trailing articles, prepositions and auxiliaries (``trim_edge_words``), and
    dropped when they hold only function words. Each span's score is its pieces' mean P(in).
    """
    if len(p.ids) == 0:
        return []
    inside = probs[:, 1] + probs[:, 2]
    # a word is inside when its first piece is
    first_of_word = np.ones(len(p.ids), dtype=bool)
    first_of_word[1:] = p.words[1:] != p.words[:-1]
    word_inside = inside.copy()
    for k in range(1, len(p.ids)):
        if not first_of_word[k]:
            word_inside[k] = word_inside[k - 1]
    on = word_inside > threshold
    spans: list[tuple[int, int, float]] = []
    k = 0
    n = len(p.ids)
    while k < n:
        if not on[k]:
            k += 1
            continue
        a = k
        k += 1
        while k < n and on[k] and not (first_of_word[k] and probs[k, 1] > probs[k, 2]):
            k += 1
        s, e = trim_edge_words(
            text, *trim(text, *whole_words(text, int(p.starts[a]), int(p.ends[k - 1])))
        )
        if e <= s or not has_content(text[s:e]) or word_inside[a:k].max() < seed:
            continue
        score = float(inside[a:k].mean())
        if spans and s < spans[-1][1]:  # widening made it overlap the previous span: merge
            ps, pe, psc = spans[-1]
            spans[-1] = (ps, max(pe, e), (psc + score) / 2)
        else:
            spans.append((s, e, score))
    return spans


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words, apostrophes and hyphens inside words included.

    The word-piece pre-tokenizer splits "I’ve" and "top-shelf" at the punctuation; a span
    never starts or ends inside such a word.
    """

    def joined(i: int) -> bool:  # is text[i] part of the word around it?
        c = text[i]
        if c.isalnum():
            return True
        return (
            c in _JOINERS
            and 0 < i < len(text) - 1
            and text[i - 1].isalnum()
            and text[i + 1].isalnum()
        )

    while start > 0 and joined(start - 1):
        start -= 1
    while end < len(text) and joined(end):
        end += 1
    return start, end


def has_content(fragment: str) -> bool:
    """Whether a fragment has a word that can carry a technique (not only stopwords or marks)."""
    return any(w.lower() not in _STOPWORDS for w in _WORD.findall(fragment))


# --- second pass: span filter and calibrated span scores ---

_SPAN_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# what may stand between a sentence end and the next sentence's first word
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:\n])[\"'“‘”’(\s]*$")


def starts_sentence(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence or line (only quotes, brackets and spaces before it)."""
    return bool(_SENTENCE_OPENING.search(text[max(0, start - 6) : start]))


def is_lone_name(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is one capitalised word inside a sentence: a name, not rhetoric.

    Evidence: on the held-out PTC train articles such spans ("Americans", "Borough",
    "Directors", "Jihad" of the outlet "Jihad Watch", "America" as flag-waving) are 0.15
    gold against 0.33 for all decoded spans; a capitalised word that opens a sentence is kept.
    """
    words = _SPAN_WORD.findall(text[start:end])
    return len(words) == 1 and words[0][:1].isupper() and not starts_sentence(text, start)


#: what the calibrator reads of a span, in this order (``span_features``)
SPAN_FEATURES = (
    "mean_p_in",
    "max_p_in",
    "min_p_in",
    "log_words",
    "one_word",
    "capitalised_share",
    "capitalised_mid_sentence",
)


def span_features(text: str, p: Pieces, probs: np.ndarray, start: int, end: int) -> np.ndarray:
    """``SPAN_FEATURES`` of ``[start, end)``: its pieces' P(in) (mean, max, min), its length
    in words, and how much of it is capitalised (all of it, not opening a sentence: a name).
    """
    rng = piece_range(p, start, end)
    inside = probs[rng[0] : rng[1], 1] + probs[rng[0] : rng[1], 2] if rng else np.zeros(1)
    words = _SPAN_WORD.findall(text[start:end]) or [""]
    caps = sum(w[:1].isupper() for w in words) / len(words)
    return np.asarray(
        [
            inside.mean(),
            inside.max(),
            inside.min(),
            np.log(len(words)),
            float(len(words) == 1),
            caps,
            float(caps == 1.0 and not starts_sentence(text, start)),
        ],
        dtype=np.float32,
    )


@dataclass(slots=True, frozen=True)
class Calibrator:
    """P(a character of a span is gold) from ``span_features``: a logistic regression.

    ``confident`` is the threshold at or above which a span is shown by default; both are
    fitted on held-out train articles (``scripts/calibrate_rhetoric.py``).
    """

    weights: np.ndarray  # float32 [len(SPAN_FEATURES)]
    bias: float
    confident: float

    @classmethod
    def from_meta(cls, meta: dict[str, object] | None) -> Calibrator | None:
        """The calibrator stored under ``rhetoric.json``'s ``calibration``; None when absent."""
        if not meta:
            return None
        if list(meta["features"]) != list(SPAN_FEATURES):  # type: ignore[call-overload]
            raise ValueError("rhetoric.json: calibration features differ from SPAN_FEATURES")
        w = np.asarray(meta["weights"], dtype=np.float32)
        return cls(w, float(meta["bias"]), float(meta["confident"]))  # type: ignore[arg-type]

    def __call__(self, features: np.ndarray) -> np.ndarray:
        """Calibrated scores [n] for span features [n, len(SPAN_FEATURES)]."""
        out: np.ndarray = 1.0 / (1.0 + np.exp(-(features @ self.weights + self.bias)))
        return out


# --- span n-grams for the technique head ---
#
# The encoder states tell the head what a span means in context; its words tell it which
# technique's vocabulary it uses ("traitor" is name calling, "our great nation" flag-waving,
# "so-called" doubt). The head also sees the span's word 1-2-grams and its within-word
# character 2-5-grams, weighted as scikit-learn's ``TfidfVectorizer`` weights them
# (lowercased, sublinear term frequency, smoothed IDF, L2-normalised per kind). The
# vocabulary and IDF are fitted by ``scripts/train_rhetoric.py`` on the train spans and
# shipped in ``rhetoric-tc.npz``; here they are only applied, with numpy, so running the
# model needs no scikit-learn (``tests/extract/test_rhetoric_ngrams.py`` checks the two agree).

# scikit-learn's default token pattern and its whitespace rule for ``char_wb``
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)


def word_ngrams(text: str, ngram_range: tuple[int, int] = WORD_NGRAMS) -> list[str]:
    """Lowercased word n-grams of ``text`` (tokens of two or more word characters)."""
    tokens = _TOKEN.findall(text.lower())
    lo, hi = ngram_range
    out: list[str] = []
    for n in range(lo, min(hi, len(tokens)) + 1):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def char_ngrams(text: str, ngram_range: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    """Lowercased character n-grams inside words, each word padded with one space."""
    lo, hi = ngram_range
    out: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(lo, hi + 1):
            if len(w) <= n:  # a word no longer than n counts once, whole
                out.append(w)
                break
            out += [w[i : i + n] for i in range(len(w) - n + 1)]
    return out


class SpanNgrams:
    """A fitted TF-IDF map from span text to sparse feature rows."""

    def __init__(self, vocab: Sequence[str], idf: np.ndarray) -> None:
        self.index = {g: i for i, g in enumerate(vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)
        if len(self.index) != len(self.idf):
            raise ValueError("n-gram vocabulary and IDF differ in length")

    def rows(self, texts: Iterable[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each text, the indices and TF-IDF weights of its known n-grams.

        Word and character n-grams are normalised separately, as two vectorizers would.
        """
        out = []
        for text in texts:
            idx: list[int] = []
            val: list[float] = []
            for part in (
                ["w:" + g for g in word_ngrams(text)],
                ["c:" + g for g in char_ngrams(text)],
            ):
                counts = Counter(g for g in part if g in self.index)
                if not counts:
                    continue
                ii = np.fromiter((self.index[g] for g in counts), np.int64, len(counts))
                tf = 1.0 + np.log(np.fromiter(counts.values(), np.float32, len(counts)))
                v = tf * self.idf[ii]
                v /= float(np.sqrt((v * v).sum()))
                idx += ii.tolist()
                val += v.tolist()
            out.append((np.asarray(idx, np.int64), np.asarray(val, np.float32)))
        return out

    def logits(self, texts: Iterable[str], weights: np.ndarray) -> np.ndarray:
        """``tfidf(texts) @ weights`` without building the dense matrix."""
        rows = self.rows(texts)
        out = np.zeros((len(rows), weights.shape[1]), np.float32)
        for r, (ii, vv) in enumerate(rows):
            if len(ii):
                out[r] = vv @ weights[ii]
        return out


class Tagger:
    """An ONNX encoder session, its tokenizer and the TC head: SI spans and TC labels for texts."""

    def __init__(self, model_dir: str | Path, threads: int = 1) -> None:
        import onnxruntime as ort

        model_dir = Path(model_dir)
        meta = json.loads((model_dir / "rhetoric.json").read_text("utf-8"))
        self.labels: list[str] = list(meta["labels"])
        self.threshold: float = float(meta.get("threshold", 0.5))
        self.seed: float = float(meta.get("seed_threshold", 0.0))
        # span calibration; without it the raw mean P(in) is the score, 0.5 confident
        self.calibrator = Calibrator.from_meta(meta.get("calibration"))
        self.confident = self.calibrator.confident if self.calibrator else 0.5
        self.tok = load_tokenizer(model_dir / "rhetoric-tokenizer.json")
        cls_id, sep_id = self.tok.token_to_id("[CLS]"), self.tok.token_to_id("[SEP]")
        assert cls_id is not None and sep_id is not None
        self.cls_id, self.sep_id = cls_id, sep_id
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        # measured on 25 PTC dev articles (shared 2-core machine, noisy): basic / extended /
        # all graph optimisations within noise of each other (10.6-11.5 s); switching the CPU
        # memory arena off costs 40 % (15.9 s against 11.3 s). All on, arena on.
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.enable_cpu_mem_arena = True
        self.session = ort.InferenceSession(
            str(model_dir / "rhetoric.onnx"), opts, providers=["CPUExecutionProvider"]
        )
        self.hidden_size = int(self.session.get_outputs()[1].shape[-1])
        # the TC head: logistic regression (w [features, labels], b [labels]); absent while
        # the training script has not fitted it yet
        self.head: dict[str, np.ndarray] | None = None
        # and its span n-grams (TF-IDF vocabulary, IDF and weights [n-grams, labels]), when
        # the head was fitted with them
        self.ngrams: SpanNgrams | None = None
        if (model_dir / "rhetoric-tc.npz").is_file():
            head = np.load(model_dir / "rhetoric-tc.npz")
            self.head = {
                k: head[k].astype(np.float32) for k in head.files if k in ("w", "b", "lex_w")
            }
            if "lex_vocab" in head.files:
                self.ngrams = SpanNgrams(head["lex_vocab"].tolist(), head["lex_idf"])

    def encode(self, text: str) -> tuple[Pieces, np.ndarray, np.ndarray, np.ndarray]:
        """Pieces, BIO probabilities [n, 3], hidden states [n, H] and per-window [CLS] states."""
        return self.encode_many([text])[0]

    def encode_many(
        self, texts: Sequence[str]
    ) -> list[tuple[Pieces, np.ndarray, np.ndarray, np.ndarray]]:
        """``encode`` for many texts: each text's windows longest first, ``BATCH_WINDOWS`` to
        an encoder run, each run padded to its longest window (a text's output does not
        depend on the other texts)."""
        ps = [pieces(t, self.tok) for t in texts]
        h = self.hidden_size
        probs = [np.empty((len(p.ids), 3), np.float32) for p in ps]
        states = [np.empty((len(p.ids), h), np.float32) for p in ps]
        cls = [np.empty((len(p.windows), h), np.float32) for p in ps]
        batches = []
        for t, p in enumerate(ps):
            jobs = sorted(((b - a, t, k) for k, (a, b) in enumerate(p.windows)), reverse=True)
            batches += [jobs[b0 : b0 + BATCH_WINDOWS] for b0 in range(0, len(jobs), BATCH_WINDOWS)]
        for batch in batches:
            ids = np.zeros((len(batch), batch[0][0] + 2), np.int64)
            mask = np.zeros_like(ids)
            for r, (m, t, k) in enumerate(batch):
                a, b = ps[t].windows[k]
                ids[r, 0], ids[r, 1 : m + 1], ids[r, m + 1] = (
                    self.cls_id,
                    ps[t].ids[a:b],
                    self.sep_id,
                )
                mask[r, : m + 2] = 1
            logits, hidden = self.session.run(
                ["si_logits", "hidden"], {"input_ids": ids, "attention_mask": mask}
            )
            probs_w = _softmax(logits)
            for r, (m, t, k) in enumerate(batch):
                a, b = ps[t].windows[k]
                probs[t][a:b] = probs_w[r, 1 : m + 1]
                states[t][a:b] = hidden[r, 1 : m + 1]
                cls[t][k] = hidden[r, 0]
        return list(zip(ps, probs, states, cls, strict=True))

    def classify(
        self,
        text: str,
        p: Pieces,
        states: np.ndarray,
        cls: np.ndarray,
        spans: Sequence[tuple[int, int]],
    ) -> np.ndarray:
        """Technique probabilities [len(spans), len(labels)]; a span with no pieces gets uniform."""
        out = np.full((len(spans), len(self.labels)), 1.0 / len(self.labels), np.float32)
        rows, vecs = [], []
        for r, (s, e) in enumerate(spans):
            rng = piece_range(p, s, e)
            if rng is None:
                continue
            i, j = rng
            extra = extra_features(text, s, e, j - i)
            vecs.append(span_vector(states, cls[window_of(p, i)], i, j, extra))
            rows.append(r)
        if vecs:
            if self.head is None:
                raise FileNotFoundError("rhetoric-tc.npz: the technique head is missing")
            logits = np.stack(vecs) @ self.head["w"] + self.head["b"]
            if self.ngrams is not None:
                texts = [text[spans[r][0] : spans[r][1]] for r in rows]
                logits += self.ngrams.logits(texts, self.head["lex_w"])
            out[rows] = _softmax(logits)
        return out

    def tag(self, text: str) -> list[tuple[int, int, float, str, float]]:
        """SI then TC: ``(start, end, span score, technique label, technique probability)``."""
        return self.tag_many([text])[0]

    def candidates(self, text: str, p: Pieces, probs: np.ndarray) -> list[tuple[int, int]]:
        """The decoded spans of one encoded text, less lone names (``is_lone_name``)."""
        return [
            (s, e)
            for s, e, _ in decode_spans(text, p, probs, self.threshold, self.seed)
            if not is_lone_name(text, s, e)
        ]

    def tag_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, float, str, float]]]:
        """``tag`` for many texts, encoded in shared batches."""
        return [
            self.tag_encoded(t, *enc) for t, enc in zip(texts, self.encode_many(texts), strict=True)
        ]

    def tag_encoded(
        self, text: str, p: Pieces, probs: np.ndarray, states: np.ndarray, cls: np.ndarray
    ) -> list[tuple[int, int, float, str, float]]:
        """``tag`` from one ``encode_many`` entry.

        The span score is the calibrated P(gold) of ``candidates`` (their pieces' mean P(in)
        when the model has no calibrator).
        """
        spans = self.candidates(text, p, probs)
        if not spans:
            return []
        feats = np.stack([span_features(text, p, probs, s, e) for s, e in spans])
        scores = self.calibrator(feats) if self.calibrator is not None else feats[:, 0]
        tc = self.classify(text, p, states, cls, spans)
        best = tc.argmax(axis=1)
        return [
            (s, e, float(scores[r]), self.labels[int(b)], float(tc[r, b]))
            for r, ((s, e), b) in enumerate(zip(spans, best, strict=True))
        ]


def _softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    ez = np.exp(z)
    out: np.ndarray = (ez / ez.sum(axis=-1, keepdims=True)).astype(np.float32)
    return out


@lru_cache(maxsize=4)
def load_tagger(model_dir: str, threads: int = 1) -> Tagger:
    """One ``Tagger`` per process and model folder (the ONNX session is costly to build)."""
    return Tagger(model_dir, threads=threads)
