"""Rhetoric: propaganda-technique spans (SemEval-2020 Task 11's 14 techniques) and whose voice each is in.

``extract_rhetoric`` runs the shipped tagger (``tidings/models/rhetoric*``: a MiniLM encoder
fine-tuned on the PTC train split, int8 ONNX, run by onnxruntime; no torch) over the article
text, adds the high-precision patterns of ``rules`` (vocative insults such as "you dogs" are
name calling), labels each span with a technique, and says whose voice it is in:

- ``voice="speaker"`` with the quote's speaker when at least half of the span lies inside a
  direct or partial quote (words in quotation marks are the speaker's words; a quote whose
  speaker is unknown gives ``speaker=None``);
- ``voice="outlet"`` otherwise. Indirect quotes (reported speech) count as the outlet's
  voice: their wording is the outlet's paraphrase, not the speaker's.

Every span above the decoder's floor is kept with its ``score``, the calibrated probability
that its words are propaganda (P(a character is in a gold span), fitted on held-out PTC train
articles; a rule span scores 1), and ``confident``: whether the score reaches the model's
confident threshold (chosen for precision on held-out train). Reports show the confident
ones.

``summarize_rhetoric`` counts the confident spans' techniques by voice so an outlet's own
rhetoric can be compared across outlets.

Technique names are the PTC labels in snake_case (``TECHNIQUES`` maps them):

====================================== ====================================
PTC label                              Tidings technique
====================================== ====================================
Appeal_to_Authority                    appeal_to_authority
Appeal_to_fear-prejudice               appeal_to_fear
Bandwagon,Reductio_ad_hitlerum         bandwagon_reductio_ad_hitlerum
Black-and-White_Fallacy                black_and_white_fallacy
Causal_Oversimplification              causal_oversimplification
Doubt                                  doubt
Exaggeration,Minimisation              exaggeration_minimisation
Flag-Waving                            flag_waving
Loaded_Language                        loaded_language
Name_Calling,Labeling                  name_calling
Repetition                             repetition
Slogans                                slogans
Thought-terminating_Cliches            thought_terminating_cliches
Whataboutism,Straw_Men,Red_Herring     whataboutism_straw_men_red_herring
====================================== ====================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from tidings.exc import ModelError
from tidings.extract.index import EntityIndex
from tidings.extract.rhetoric.rules import apply_rules
from tidings.extract.rhetoric.tagger import Tagger, load_tagger
from tidings.model import Article, Provenance, Quote, RhetoricSpan, fact_id

NAME = "rhetoric"
# 1.1: span n-grams in the technique head; spans lose edge function words
# 1.2: calibrated span scores and ``confident``; lone names dropped; windows batched
VERSION = "1.2"

TECHNIQUES: dict[str, str] = {
    "Appeal_to_Authority": "appeal_to_authority",
    "Appeal_to_fear-prejudice": "appeal_to_fear",
    "Bandwagon,Reductio_ad_hitlerum": "bandwagon_reductio_ad_hitlerum",
    "Black-and-White_Fallacy": "black_and_white_fallacy",
    "Causal_Oversimplification": "causal_oversimplification",
    "Doubt": "doubt",
    "Exaggeration,Minimisation": "exaggeration_minimisation",
    "Flag-Waving": "flag_waving",
    "Loaded_Language": "loaded_language",
    "Name_Calling,Labeling": "name_calling",
    "Repetition": "repetition",
    "Slogans": "slogans",
    "Thought-terminating_Cliches": "thought_terminating_cliches",
    "Whataboutism,Straw_Men,Red_Herring": "whataboutism_straw_men_red_herring",
}

MODEL_DIR = Path(str(resources.files("tidings").joinpath("models")))
MODEL_FILES = ("rhetoric.onnx", "rhetoric-tc.npz", "rhetoric-tokenizer.json", "rhetoric.json")
QUOTED_KINDS = frozenset({"direct", "partial"})

#: a tagged span: ``(start, end, score, PTC label, technique probability)``
TaggedSpan = tuple[int, int, float, str, float]


def get_tagger(model_dir: str | Path | None = None) -> Tagger:
    """The process-wide tagger (ONNX session on one thread), loaded on first use.

    Raises ``ModelError`` when a model file is missing or can't be loaded.
    """
    folder = Path(model_dir) if model_dir is not None else MODEL_DIR
    missing = [f for f in MODEL_FILES if not (folder / f).is_file()]
    if missing:
        raise ModelError(
            f"rhetoric model file(s) missing in {folder}: {', '.join(missing)} "
            "(reinstall tidings, or run scripts/train_rhetoric.py)"
        )
    try:
        return load_tagger(str(folder))
    except Exception as exc:  # onnxruntime / numpy / tokenizers raise their own types
        raise ModelError(f"rhetoric model in {folder} can't be loaded: {exc}") from exc


def tag_texts(
    texts: Sequence[str], *, model_dir: str | Path | None = None
) -> list[list[TaggedSpan]]:
    """Tagger and rule spans ``(start, end, score, label, technique probability)`` of each text,
    the texts encoded in shared batches (``Tagger.tag_many``); empty text gives none."""
    tagger = get_tagger(model_dir)
    live = [k for k, t in enumerate(texts) if t.strip()]
    out: list[list[TaggedSpan]] = [[] for _ in texts]
    for k, found in zip(live, tagger.tag_many([texts[k] for k in live]), strict=True):
        out[k] = apply_rules(texts[k], found)
    return out


def extract_rhetoric(
    doc: Doc,
    quotes: Sequence[Quote],
    index: EntityIndex,
    article: Article,
    *,
    model_dir: str | Path | None = None,
    tagged: Sequence[TaggedSpan] | None = None,
) -> list[RhetoricSpan]:
    """Propaganda-technique spans of ``article.text``, in text order, each with its voice.

    ``doc`` is accepted for the extractor signature but not needed: the tagger reads the
    text with its own word pieces. ``tagged`` is this text's entry of ``tag_texts`` when the
    caller batched several articles; without it the text is tagged here. Empty text gives
    no spans.
    """
    del doc
    text = article.text
    if not text.strip():
        return []
    found = tag_texts([text], model_dir=model_dir)[0] if tagged is None else tagged
    confident = get_tagger(model_dir).confident
    spoken = [q for q in quotes if q.kind in QUOTED_KINDS and q.end > q.start]
    prov = Provenance(article_id=article.id, extractor=NAME, version=VERSION)
    out: list[RhetoricSpan] = []
    for start, end, span_p, label, _ in found:
        technique = TECHNIQUES.get(label, label.lower())
        quote = _quote_of(start, end, spoken)
        speaker = None
        if quote is not None and quote.speaker is not None:
            speaker = index.ref(index.get(quote.speaker.entity_id), quote.speaker.name)
        out.append(
            RhetoricSpan(
                id=fact_id("r", article.id, start, end, technique),
                text=text[start:end],
                start=start,
                end=end,
                technique=technique,
                score=round(span_p, 4),
                voice="speaker" if quote is not None else "outlet",
                speaker=speaker,
                provenance=prov,
                confident=span_p >= confident,
            )
        )
    return out


def _quote_of(start: int, end: int, quotes: Sequence[Quote]) -> Quote | None:
    """The quote holding at least half of ``[start, end)`` (the one holding most), or None."""
    best: tuple[int, Quote] | None = None
    for q in quotes:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap * 2 >= end - start and overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, q)
    return best[1] if best else None


def voice_of(span: RhetoricSpan) -> str:
    """The summary key of a span's voice: ``outlet``, the speaker's name, or ``unknown speaker``."""
    if span.voice == "outlet":
        return "outlet"
    return span.speaker.name if span.speaker is not None else "unknown speaker"


def summarize_rhetoric(spans: Sequence[RhetoricSpan]) -> dict[str, dict[str, int]]:
    """Technique counts of the confident spans by voice: ``{"outlet": {"loaded_language": 3},
    "<speaker>": {...}}``.

    Voices and techniques are sorted by name; no confident spans give ``{}``.
    """
    counts: dict[str, Counter[str]] = {}
    for s in spans:
        if not s.confident:
            continue
        counts.setdefault(voice_of(s), Counter())[s.technique] += 1
    return {v: dict(sorted(c.items())) for v, c in sorted(counts.items())}


__all__ = [
    "MODEL_DIR",
    "NAME",
    "TECHNIQUES",
    "VERSION",
    "TaggedSpan",
    "extract_rhetoric",
    "get_tagger",
    "summarize_rhetoric",
    "tag_texts",
    "voice_of",
]
